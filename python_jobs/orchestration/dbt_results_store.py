"""Every dbt invocation's run results, stored in nba_orchestration.dbt_run_results.

Monitoring models read them (which node failed, how long it took, how many test failures), so the
job layer keeps them as data instead of leaving them in target/run_results.json.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass

import duckdb

from python_jobs.orchestration.clock import new_id, to_naive_utc
from python_jobs.orchestration.tables import DBT_RUN_RESULTS, insert_sql


@dataclass(frozen=True)
class NodeResult:
    unique_id: str
    name: str
    resource_type: str
    status: str
    execution_time: float | None
    rows_affected: int | None
    failures: int | None
    message: str | None
    started_at: dt.datetime | None
    completed_at: dt.datetime | None
    attached_node: str | None
    depends_on: tuple[str, ...]


def _status(value: object) -> str:
    return str(getattr(value, "value", value)).lower()


def _rows(adapter_response: object) -> int | None:
    if isinstance(adapter_response, dict):
        value = adapter_response.get("rows_affected")
        return int(value) if value is not None else None
    return None


def _timing(result) -> tuple[dt.datetime | None, dt.datetime | None]:
    starts = [t.started_at for t in (result.timing or []) if t.started_at]
    ends = [t.completed_at for t in (result.timing or []) if t.completed_at]
    return (to_naive_utc(min(starts)) if starts else None, to_naive_utc(max(ends)) if ends else None)


def node_results(res) -> list[NodeResult]:
    """The per-node results of a dbtRunnerResult (empty when the invocation itself failed)."""
    out = []
    for r in getattr(res.result, "results", None) or []:
        node = r.node
        started, completed = _timing(r)
        depends = tuple(getattr(getattr(node, "depends_on", None), "nodes", None) or ())
        out.append(NodeResult(
            unique_id=node.unique_id,
            name=node.name,
            resource_type=_status(node.resource_type),
            status=_status(r.status),
            execution_time=r.execution_time,
            rows_affected=_rows(r.adapter_response),
            failures=r.failures,
            message=(r.message or None),
            started_at=started,
            completed_at=completed,
            attached_node=getattr(node, "attached_node", None),
            depends_on=depends,
        ))
    return out


def invocation_id(res) -> str:
    """dbt's own invocation id when it has one (it is in every log line), else a fresh id."""
    meta = getattr(getattr(res, "result", None), "metadata", None)
    return getattr(meta, "invocation_id", None) or new_id()


def store(con: duckdb.DuckDBPyConnection, *, results: Sequence[NodeResult], invocation: str, command: Sequence[str],
          run_id: str, correlation_id: str, game_date: dt.date | None, phase: str | None, now: dt.datetime,
          invocation_error: str | None = None) -> int:
    """Append one row per node; an invocation that ran no node still leaves one row saying why."""
    rows = []
    for r in results:
        values = {
            "invocation_id": invocation, "run_id": run_id, "correlation_id": correlation_id, "game_date": game_date,
            "phase": phase, "command": json.dumps(list(command)), "unique_id": r.unique_id,
            "resource_type": r.resource_type, "status": r.status, "execution_time": r.execution_time,
            "rows_affected": r.rows_affected, "failures": r.failures, "message": r.message,
            "started_at": r.started_at, "completed_at": r.completed_at, "recorded_at": now,
        }
        rows.append([values[c] for c in DBT_RUN_RESULTS.column_names])
    if not rows:
        values = dict.fromkeys(DBT_RUN_RESULTS.column_names)
        values.update({
            "invocation_id": invocation, "run_id": run_id, "correlation_id": correlation_id, "game_date": game_date,
            "phase": phase, "command": json.dumps(list(command)), "resource_type": "invocation",
            "status": "error" if invocation_error else "no_nodes",
            "message": invocation_error or "dbt ran no nodes (the selection matched nothing)", "recorded_at": now,
        })
        rows.append([values[c] for c in DBT_RUN_RESULTS.column_names])
    con.executemany(insert_sql(DBT_RUN_RESULTS), rows)
    return len(rows)
