"""nba_predictions.prediction_skips: every feature-store row a system did not predict, with why.

Coverage is only honest when its gaps are explained: a row is either in the landing table or here,
per system, for every run. A rerun of a date replaces that date's rows for the systems it ran, so
the table always describes the latest run (idempotent).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import duckdb
import pandas as pd

SKIPS = "nba_predictions.prediction_skips"

# (column, DuckDB type): declared as a dbt source too (models/phase5_predictions/_phase5_predictions__sources.yml)
COLUMNS: tuple[tuple[str, str], ...] = (
    ("run_id", "varchar"), ("system_id", "varchar"), ("game_date", "date"), ("game_id", "varchar"),
    ("player_lookup", "varchar"), ("has_line", "boolean"), ("skip_reason", "varchar"), ("created_at", "timestamp"),
)
NAMES = tuple(name for name, _ in COLUMNS)
DDL = f"create table if not exists {SKIPS} (\n    " + ",\n    ".join(f"{n} {t}" for n, t in COLUMNS) + "\n)"


def ensure(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("create schema if not exists nba_predictions")
    con.execute(DDL)


def rows_for(frame: pd.DataFrame, reasons: pd.Series, system_id: str, run_id: str,
             created_at: dt.datetime) -> pd.DataFrame:
    """Skip rows for the feature-store rows of ``frame`` whose reason is set (index-aligned)."""
    reasons = reasons.reindex(frame.index)
    skipped = reasons.notna()
    f = frame[skipped]
    return pd.DataFrame({
        "run_id": run_id, "system_id": system_id, "game_date": f["game_date"], "game_id": f["game_id"],
        "player_lookup": f["player_lookup"], "has_line": f["vegas_points_line"].notna(),
        "skip_reason": reasons[skipped].astype(str), "created_at": created_at,
    }, index=f.index, columns=list(NAMES))


def replace(con: duckdb.DuckDBPyConnection, game_date: dt.date, system_ids: Sequence[str],
            rows: pd.DataFrame) -> int:
    """The date's skips for these systems become ``rows`` (one delete, one insert)."""
    ensure(con)
    systems = list(system_ids)
    if systems:
        con.execute(f"delete from {SKIPS} where game_date = ? and list_contains(?, system_id)", [game_date, systems])
    if rows.empty:
        return 0
    frame = rows.loc[:, list(NAMES)]
    con.register("skip_rows", frame)
    try:
        casts = ", ".join(f"cast({n} as {t}) as {n}" for n, t in COLUMNS)
        con.execute(f"insert into {SKIPS} ({', '.join(NAMES)}) select {casts} from skip_rows")
    finally:
        con.unregister("skip_rows")
    return len(frame)
