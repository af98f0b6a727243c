"""Small, dependency-free text reports for the terminal."""

from __future__ import annotations

from collections.abc import Sequence

import duckdb

# Schemas that hold project data (production dataset names), in pipeline order.
PROJECT_SCHEMAS = (
    "nba_raw",
    "nba_reference",
    "nba_staging",
    "nba_analytics",
    "nba_precompute",
    "nba_predictions",
    "nba_orchestration",
    "nba_monitoring",
    "nba_sim",
)


def table_rows(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str, str, int]]:
    """(schema, relation, kind, rows) for every table and view in the project schemas."""
    rels = con.execute(
        """
        select table_schema, table_name, table_type
        from information_schema.tables
        where table_schema in (select unnest(?))
        order by table_schema, table_name
        """,
        [list(PROJECT_SCHEMAS)],
    ).fetchall()
    out = []
    for schema, name, kind in rels:
        # Identifiers cannot be parameters; these come from the catalog, quoted.
        (rows,) = con.execute(f'select count(*) from "{schema}"."{name}"').fetchone()
        out.append((schema, name, "view" if kind == "VIEW" else "table", int(rows)))
    order = {s: i for i, s in enumerate(PROJECT_SCHEMAS)}
    return sorted(out, key=lambda r: (order.get(r[0], 99), r[1]))


def format_table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    cells = [[str(h) for h in headers]] + [[_fmt(v) for v in row] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    lines = []
    for n, row in enumerate(cells):
        lines.append("  ".join(c.rjust(w) if _numeric(c) and n else c.ljust(w) for c, w in zip(row, widths)).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _fmt(v: object) -> str:
    if isinstance(v, float):
        return f"{v:,.1f}"
    if isinstance(v, int) and not isinstance(v, bool):
        return f"{v:,}"
    return str(v)


def _numeric(s: str) -> bool:
    return s.replace(",", "").replace(".", "", 1).lstrip("-").isdigit()
