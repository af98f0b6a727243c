"""nba_orchestration.raw_load_history: one row per file per load attempt, loaded or refused."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb

HISTORY_SCHEMA = "nba_orchestration"
HISTORY_TABLE = f"{HISTORY_SCHEMA}.raw_load_history"

_COLUMNS = (
    ("load_id", "VARCHAR"),  # one id per `load` run, shared by every file of the run
    ("file_name", "VARCHAR"),
    ("file_path", "VARCHAR"),
    ("table_name", "VARCHAR"),
    ("file_sha256", "VARCHAR"),
    ("file_bytes", "BIGINT"),
    ("mode", "VARCHAR"),
    ("rows_loaded", "BIGINT"),
    ("status", "VARCHAR"),  # 'loaded' | 'refused'
    ("error_message", "VARCHAR"),
    ("forced", "BOOLEAN"),
    ("loaded_at", "TIMESTAMP"),  # UTC
)


@dataclass(frozen=True)
class HistoryRow:
    load_id: str
    file_name: str
    file_path: str
    table_name: str
    file_sha256: str | None
    file_bytes: int | None
    mode: str
    rows_loaded: int
    status: str
    error_message: str | None
    forced: bool
    loaded_at: dt.datetime

    def values(self) -> list[object]:
        return [getattr(self, name) for name, _ in _COLUMNS]


@dataclass(frozen=True)
class PreviousLoad:
    load_id: str
    loaded_at: dt.datetime


def utc_now() -> dt.datetime:
    """Naive UTC, the convention of every TIMESTAMP in the warehouse."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def ensure_history_table(cur: duckdb.DuckDBPyConnection) -> None:
    cur.execute(f"create schema if not exists {HISTORY_SCHEMA}")
    columns = ", ".join(f"{name} {type_}" for name, type_ in _COLUMNS)
    cur.execute(f"create table if not exists {HISTORY_TABLE} ({columns})")


def record(cur: duckdb.DuckDBPyConnection, rows: list[HistoryRow]) -> None:
    if not rows:
        return
    placeholders = ", ".join("?" for _ in _COLUMNS)
    cur.executemany(f"insert into {HISTORY_TABLE} values ({placeholders})", [row.values() for row in rows])


def previous_load(cur: duckdb.DuckDBPyConnection, table_name: str, sha256: str) -> PreviousLoad | None:
    """The latest successful load of this exact content into the table since the table was last replaced.

    Loads from before a replace no longer have rows in the table, so loading that content again is not
    a duplicate.
    """
    row = cur.execute(
        f"""
        select load_id, loaded_at from {HISTORY_TABLE}
        where table_name = ? and file_sha256 = ? and status = 'loaded'
          and loaded_at >= coalesce(
              (select max(loaded_at) from {HISTORY_TABLE}
               where table_name = ? and status = 'loaded' and mode = 'replace'),
              '-infinity'::timestamp)
        order by loaded_at desc
        limit 1
        """,
        [table_name, sha256, table_name],
    ).fetchone()
    return None if row is None else PreviousLoad(str(row[0]), row[1])
