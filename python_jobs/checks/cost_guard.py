"""Cost guard: every incremental model's daily run must read partitioned tables by partition.

BigQuery bills the bytes of the partitions a query reads, and prunes partitions only on a constant
filter on the partition column. So in the incremental branch of every incremental model, each read
of a partitioned table (the raw sources, per python_jobs/bigquery_layout.py, and every model with a
`partition_by`, including the model itself) must sit in a SELECT whose WHERE bounds that table's
partition column by constants: `col >= date '...'`, `col between ... and ...`, `col in (date ...)`,
`col = ...`, or an OR whose branches all do (`col is null` counts: the NULL partition). A bound on
another column, on an expression of the column, or against a subquery does not count.

The SQL checked is the offline BigQuery compile of the incremental branch (bigquery_compile.py's
machinery, DBT_OFFLINE_COMPILE=1, no connection). Reads through views are checked where the view
reads (a view's own SQL is not an incremental model's, so it is not checked here).

    python -m python_jobs.checks.cost_guard        (make cost-guard, part of make test)
"""

from __future__ import annotations

import json
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import sqlglot
from sqlglot import exp
from sqlglot.optimizer.scope import traverse_scope

from python_jobs.bigquery_layout import RAW_LAYOUTS
from python_jobs.checks.bigquery_compile import compile_branch


@dataclass(frozen=True)
class UnboundedRead:
    model: str
    table: str
    column: str

    def __str__(self) -> str:
        return f"{self.model}: reads {self.table} without a constant filter on its partition column {self.column}"


def _name(table: exp.Table) -> str:
    return ".".join(part for part in (table.catalog, table.db, table.name) if part).lower()


def _relation_key(relation_name: str) -> str:
    return relation_name.replace("`", "").replace('"', "").lower()


def _is_constant(node: exp.Expression) -> bool:
    """No column, no subquery: a literal, a typed literal, or arithmetic/functions of those."""
    return not any(isinstance(n, exp.Column | exp.Select | exp.Subquery) for n in node.walk())


def _is_partition_column(node: exp.Expression, alias: str, column: str, sole_source: bool) -> bool:
    if not isinstance(node, exp.Column) or node.name.lower() != column.lower():
        return False
    qualifier = node.table.lower()
    return qualifier == alias.lower() or (qualifier == "" and sole_source)


def _bounds(cond: exp.Expression, alias: str, column: str, sole_source: bool) -> bool:
    """True if this predicate alone restricts the partition column to constants."""
    def is_col(node: exp.Expression) -> bool:
        return _is_partition_column(node, alias, column, sole_source)

    cond = cond.unnest() if isinstance(cond, exp.Paren) else cond
    if isinstance(cond, exp.And):
        return _bounds(cond.left, alias, column, sole_source) or _bounds(cond.right, alias, column, sole_source)
    if isinstance(cond, exp.Or):
        return _bounds(cond.left, alias, column, sole_source) and _bounds(cond.right, alias, column, sole_source)
    if isinstance(cond, exp.GTE | exp.GT | exp.LTE | exp.LT | exp.EQ):
        return (is_col(cond.left) and _is_constant(cond.right)) or (is_col(cond.right) and _is_constant(cond.left))
    if isinstance(cond, exp.Between):
        return is_col(cond.this) and _is_constant(cond.args["low"]) and _is_constant(cond.args["high"])
    if isinstance(cond, exp.In):
        return is_col(cond.this) and not cond.args.get("query") and all(_is_constant(e) for e in cond.expressions)
    if isinstance(cond, exp.Is):
        return is_col(cond.this) and isinstance(cond.expression, exp.Null)
    return False


def unbounded_reads(model: str, sql: str, partitioned: dict[str, str]) -> list[UnboundedRead]:
    """Reads of partitioned tables (name -> partition column) not bounded by a constant filter."""
    found: list[UnboundedRead] = []
    for statement in sqlglot.parse(sql, read="bigquery"):
        if statement is None:
            continue
        for scope in traverse_scope(statement):
            select = scope.expression
            if not isinstance(select, exp.Select):
                continue
            # selected_sources: what this SELECT's FROM/JOINs read (scope.sources also lists CTEs in view)
            selected = scope.selected_sources
            where = select.args.get("where")
            for alias, (_node, table) in selected.items():
                if not isinstance(table, exp.Table):
                    continue
                column = partitioned.get(_name(table))
                if column is None:
                    continue
                sole = len(selected) == 1
                if where is None or not _bounds(where.this, alias, column, sole):
                    found.append(UnboundedRead(model, _name(table), column))
    return found


def partitioned_relations(manifest: dict) -> dict[str, str]:
    """Every partitioned relation of the project as compiled: raw sources and partitioned models."""
    out: dict[str, str] = {}
    for source in manifest["sources"].values():
        layout = RAW_LAYOUTS.get(source["name"])
        if layout is not None and layout.partition_column and source["relation_name"]:
            out[_relation_key(source["relation_name"])] = layout.partition_column
    for node in manifest["nodes"].values():
        partition_by = node.get("config", {}).get("partition_by")
        if node["resource_type"] == "model" and isinstance(partition_by, dict) and node.get("relation_name"):
            out[_relation_key(node["relation_name"])] = partition_by["field"]
    return out


def check_compiled(target_path: Path) -> tuple[int, list[UnboundedRead]]:
    """(incremental SQL models checked, unbounded reads) for a compiled incremental branch."""
    manifest = json.loads((target_path / "manifest.json").read_text())
    partitioned = partitioned_relations(manifest)
    checked = 0
    problems: list[UnboundedRead] = []
    for node in manifest["nodes"].values():
        config = node.get("config", {})
        if node["resource_type"] != "model" or config.get("materialized") != "incremental":
            continue
        if node.get("language") != "sql":
            continue  # Python models read through dbt.ref(); their window is applied in the model
        compiled = target_path / "compiled" / node["package_name"] / node["original_file_path"]
        if not compiled.is_file():
            raise FileNotFoundError(f"no compiled SQL for {node['name']} at {compiled}")
        checked += 1
        problems += unbounded_reads(node["name"], compiled.read_text(), partitioned)
    return checked, problems


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="cost_guard_") as tmp:
        target_path = Path(tmp) / "incremental"
        compile_branch(True, target_path)
        checked, problems = check_compiled(target_path)
    if checked == 0:
        print("cost guard FAILED: no incremental SQL model found in the compiled project")
        return 1
    if problems:
        print("cost guard FAILED: a daily run would scan all partitions of:", *map(str, problems), sep="\n  ")
        return 1
    print(f"cost guard: {checked} incremental models read every partitioned table through a constant partition filter")
    return 0


if __name__ == "__main__":
    sys.exit(main())
