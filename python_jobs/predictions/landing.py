"""nba_predictions.prediction_landing: the append-only table the prediction job writes.

dbt's player_prop_predictions reads exactly these columns and keeps the newest row per
(game_id, player_lookup, system_id) active. A row is only appended when its deterministic
prediction_id differs from the newest row of its key, so a rerun with the same output writes nothing
and a changed output (new line, new model, new recommendation) appends one row.
"""

from __future__ import annotations

import datetime as dt
import hashlib

import duckdb
import numpy as np
import pandas as pd

LANDING = "nba_predictions.prediction_landing"

# (column, DuckDB type): the contract with models/phase5_predictions
COLUMNS: tuple[tuple[str, str], ...] = (
    ("prediction_id", "varchar"), ("run_id", "varchar"), ("system_id", "varchar"), ("model_id", "varchar"),
    ("model_version", "varchar"), ("player_lookup", "varchar"), ("universal_player_id", "varchar"),
    ("game_id", "varchar"), ("game_date", "date"), ("team_abbr", "varchar"), ("opponent_team_abbr", "varchar"),
    ("predicted_points", "double"), ("p_over", "double"), ("confidence_score", "double"),
    ("recommendation", "varchar"), ("current_points_line", "double"), ("line_source", "varchar"),
    ("line_source_api", "varchar"), ("line_margin", "double"), ("edge_threshold", "double"),
    ("feature_version", "varchar"), ("feature_quality_score", "double"), ("feature_quality_tier", "varchar"),
    ("is_actionable", "boolean"), ("filter_reason", "varchar"), ("injury_status_at_prediction", "varchar"),
    ("created_at", "timestamp"),
    # the line at prediction time, as the feature store saw it (appended later: older warehouses get
    # these columns added by ensure())
    ("line_bookmaker", "varchar"), ("line_snapshot_at", "timestamp"), ("line_over_price_american", "double"),
    ("line_under_price_american", "double"),
)
NAMES = tuple(name for name, _ in COLUMNS)

DDL = f"create table if not exists {LANDING} (\n    " + ",\n    ".join(f"{n} {t}" for n, t in COLUMNS) + "\n)"


def ensure(con: duckdb.DuckDBPyConnection) -> None:
    """Create the table, or add the contract columns an older warehouse's table lacks (at the end)."""
    con.execute("create schema if not exists nba_predictions")
    con.execute(DDL)
    schema, table = LANDING.split(".")
    present = {r[0] for r in con.execute(
        "select column_name from information_schema.columns where table_schema = ? and table_name = ?",
        [schema, table]).fetchall()}
    for name, sql_type in COLUMNS:
        if name not in present:
            con.execute(f"alter table {LANDING} add column {name} {sql_type}")


def _fmt(value: object, digits: int) -> str:
    return "" if value is None or (isinstance(value, float) and np.isnan(value)) else f"{float(value):.{digits}f}"


def prediction_id(system_id: str, model: str, game_id: str, player_lookup: str, predicted_points: float,
                  line: float | None, recommendation: str) -> str:
    """Deterministic id of a prediction's output: the same inputs and output give the same id."""
    key = "|".join([system_id, model, game_id, player_lookup, _fmt(predicted_points, 1), _fmt(line, 1),
                    recommendation])
    return hashlib.sha256(key.encode()).hexdigest()[:32]


def newest_ids(con: duckdb.DuckDBPyConnection, game_date: dt.date) -> pd.DataFrame:
    """prediction_id of the newest row per (game_id, player_lookup, system_id) of the date."""
    ensure(con)
    return con.execute(
        f"""
        select game_id, player_lookup, system_id, prediction_id as newest_id
        from {LANDING}
        where game_date = ?
        qualify row_number() over (
            partition by game_id, player_lookup, system_id order by created_at desc, prediction_id desc
        ) = 1
        """,
        [game_date],
    ).df()


def changed_rows(con: duckdb.DuckDBPyConnection, rows: pd.DataFrame, game_date: dt.date) -> pd.DataFrame:
    """The rows whose prediction_id is not the newest of their key (new keys included)."""
    if rows.empty:
        return rows
    current = newest_ids(con, game_date)
    merged = rows.merge(current, on=["game_id", "player_lookup", "system_id"], how="left")
    return rows[(merged["newest_id"] != merged["prediction_id"]).to_numpy()]


def append(con: duckdb.DuckDBPyConnection, rows: pd.DataFrame) -> int:
    """One insert of all rows (in contract column order); returns the number written."""
    ensure(con)
    if rows.empty:
        return 0
    frame = rows.loc[:, list(NAMES)]
    con.register("landing_rows", frame)
    try:
        casts = ", ".join(f"cast({n} as {t}) as {n}" for n, t in COLUMNS)
        con.execute(f"insert into {LANDING} ({', '.join(NAMES)}) select {casts} from landing_rows")
    finally:
        con.unregister("landing_rows")
    return len(frame)
