"""DDL of the nba_orchestration tables the job layer writes (and dbt reads as sources).

Columns are declared once with a portable logical type, rendered for DuckDB here and for BigQuery
(``ddl(..., dialect="bigquery")``) so the same definitions create the production tables.
Every timestamp is naive UTC, the convention of the whole warehouse.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

SCHEMA = "nba_orchestration"

# logical type -> (duckdb, bigquery)
_TYPES: dict[str, tuple[str, str]] = {
    "string": ("VARCHAR", "STRING"),
    "int": ("BIGINT", "INT64"),
    "float": ("DOUBLE", "FLOAT64"),
    "bool": ("BOOLEAN", "BOOL"),
    "date": ("DATE", "DATE"),
    "timestamp": ("TIMESTAMP", "TIMESTAMP"),
    "json": ("JSON", "JSON"),
}


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[tuple[str, str], ...]  # (column, logical type)
    # BigQuery physical layout; ignored on DuckDB.
    partition_by: str | None = None
    cluster_by: tuple[str, ...] = ()

    @property
    def qualified(self) -> str:
        return f"{SCHEMA}.{self.name}"

    @property
    def column_names(self) -> list[str]:
        return [c for c, _ in self.columns]


PIPELINE_EVENT_LOG = Table(
    "pipeline_event_log",
    (
        ("event_id", "string"),
        ("timestamp", "timestamp"),
        ("event_type", "string"),  # phase_start, phase_complete, processor_complete, error, retry, ...
        ("phase", "string"),
        ("processor_name", "string"),
        ("game_date", "date"),  # a real date, never a sentinel like 'TODAY'
        ("run_id", "string"),
        ("correlation_id", "string"),
        ("trigger_source", "string"),  # scheduled, manual, retry, backfill
        ("parent_event_id", "string"),  # retry chains
        ("duration_seconds", "float"),
        ("records_processed", "int"),
        ("error_type", "string"),  # transient | permanent
        ("error_message", "string"),
        ("stack_trace", "string"),
        ("resolution_action", "string"),
        ("resolution_by", "string"),  # auto | manual
        ("metadata", "json"),
    ),
    partition_by="DATE(timestamp)",
    cluster_by=("event_type", "phase", "processor_name"),
)

FAILED_PROCESSOR_QUEUE = Table(
    "failed_processor_queue",
    (
        ("id", "string"),
        ("game_date", "date"),
        ("phase", "string"),
        ("processor_name", "string"),  # the dbt model (or 'predictions') that failed
        ("mode", "string"),  # the run mode to re-run it in
        ("error_message", "string"),  # at most 4000 characters
        ("error_type", "string"),  # transient | permanent
        ("retry_count", "int"),
        ("max_retries", "int"),
        ("first_failure_at", "timestamp"),
        ("last_retry_at", "timestamp"),
        ("next_retry_at", "timestamp"),
        ("status", "string"),  # pending | retrying | succeeded | failed_permanent
        ("resolution_notes", "string"),
        ("run_id", "string"),
        ("correlation_id", "string"),
        ("created_at", "timestamp"),
        ("updated_at", "timestamp"),
    ),
    partition_by="game_date",
    cluster_by=("status", "phase", "processor_name"),
)

PHASE_COMPLETION = Table(
    "phase_completion",
    (
        # Current state, like production's Firestore document per game date: one row per
        # (game_date, phase, model), replaced by every run of that phase for that date.
        ("game_date", "date"),
        ("phase", "string"),
        ("model", "string"),
        ("unique_id", "string"),
        ("status", "string"),  # success | error | skipped | test_failed
        ("is_critical", "bool"),
        ("rows_affected", "int"),
        ("duration_seconds", "float"),
        ("message", "string"),
        ("mode", "string"),
        ("run_id", "string"),
        ("correlation_id", "string"),
        ("completed_at", "timestamp"),
    ),
    partition_by="game_date",
    cluster_by=("phase", "model"),
)

PHASE_EXECUTION_LOG = Table(
    "phase_execution_log",
    (
        # History: one row per phase attempt; the latest row per (game_date, phase) is its state.
        ("run_id", "string"),
        ("correlation_id", "string"),
        ("game_date", "date"),
        ("requested_date", "string"),  # what the caller asked for: an ISO date or TODAY/YESTERDAY/TOMORROW
        ("date_resolved_at", "timestamp"),  # the moment the sentinel was resolved (US Eastern day)
        ("phase", "string"),
        ("mode", "string"),
        ("trigger_source", "string"),
        ("status", "string"),  # complete | failed | blocked
        ("reason", "string"),
        ("models_total", "int"),
        ("models_succeeded", "int"),
        ("critical_failed", "string"),  # comma-separated model names
        ("optional_success_pct", "float"),
        ("started_at", "timestamp"),
        ("finished_at", "timestamp"),
        ("duration_seconds", "float"),
    ),
    partition_by="game_date",
    cluster_by=("phase", "status"),
)

DBT_RUN_RESULTS = Table(
    "dbt_run_results",
    (
        ("invocation_id", "string"),
        ("run_id", "string"),
        ("correlation_id", "string"),
        ("game_date", "date"),
        ("phase", "string"),
        ("command", "string"),  # the dbt arguments, JSON
        ("unique_id", "string"),
        ("resource_type", "string"),
        ("status", "string"),
        ("execution_time", "float"),
        ("rows_affected", "int"),
        ("failures", "int"),
        ("message", "string"),
        ("started_at", "timestamp"),
        ("completed_at", "timestamp"),
        ("recorded_at", "timestamp"),
    ),
    partition_by="DATE(recorded_at)",
    cluster_by=("status", "resource_type"),
)

ALL_TABLES: tuple[Table, ...] = (
    PIPELINE_EVENT_LOG, FAILED_PROCESSOR_QUEUE, PHASE_COMPLETION, PHASE_EXECUTION_LOG, DBT_RUN_RESULTS,
)


def ddl(table: Table, dialect: str = "duckdb", dataset_prefix: str = "") -> str:
    """CREATE TABLE IF NOT EXISTS for one table, on DuckDB or BigQuery."""
    index = {"duckdb": 0, "bigquery": 1}[dialect]
    cols = ",\n    ".join(f"{name} {_TYPES[logical][index]}" for name, logical in table.columns)
    sql = f"create table if not exists {dataset_prefix}{table.qualified} (\n    {cols}\n)"
    if dialect == "bigquery":
        if table.partition_by:
            sql += f"\npartition by {table.partition_by}"
        if table.cluster_by:
            sql += "\ncluster by " + ", ".join(table.cluster_by)
    return sql


def ensure_tables(con: duckdb.DuckDBPyConnection) -> None:
    """Create the schema and every orchestration table that does not exist yet."""
    con.execute(f"create schema if not exists {SCHEMA}")
    for table in ALL_TABLES:
        con.execute(ddl(table))


def insert_sql(table: Table) -> str:
    """A parameterised INSERT of every column, in declaration order."""
    cols = ", ".join(table.column_names)
    marks = ", ".join("?" for _ in table.columns)
    return f"insert into {table.qualified} ({cols}) values ({marks})"
