"""Write simulated tables to DuckDB: raw tables per the contract, plus schema nba_sim (truth, dirt log).

DataFrames go in with `insert ... by name select * from <registered frame>`: no row-by-row inserts
and no values in SQL text (table names come from the contract).
"""

from __future__ import annotations

import duckdb
import pandas as pd
import pyarrow as pa

from python_jobs.raw_schema import RAW_TABLES, RawTable, create_raw_tables

SIM_SCHEMA = "nba_sim"
SIM_TABLES: dict[str, str] = {
    "player_game_truth": (
        "game_id VARCHAR, game_date DATE, season_year BIGINT, player_lookup VARCHAR, player_name VARCHAR, "
        "nba_player_id BIGINT, team_abbr VARCHAR, is_home BOOLEAN, expected_points DOUBLE, "
        "expected_minutes DOUBLE, expected_points_morning DOUBLE, actual_points BIGINT, actual_minutes DOUBLE, "
        "played BOOLEAN, player_status VARCHAR, line DOUBLE, line_source VARCHAR, line_error DOUBLE"
    ),
    "dirt_log": "season_year BIGINT, table_name VARCHAR, dirt_kind VARCHAR, row_key VARCHAR, detail VARCHAR",
}


def reset(con: duckdb.DuckDBPyConnection) -> None:
    """Empty every raw table and recreate nba_sim: a simulation replaces whatever was there."""
    create_raw_tables(con)
    for table in RAW_TABLES:
        con.execute(f"delete from {table.qualified_name}")
    con.execute(f"create schema if not exists {SIM_SCHEMA}")
    for name, cols in SIM_TABLES.items():
        con.execute(f"drop table if exists {SIM_SCHEMA}.{name}")
        con.execute(f"create table {SIM_SCHEMA}.{name} ({cols})")


def _insert(con: duckdb.DuckDBPyConnection, qualified: str, df: pd.DataFrame) -> None:
    if df.empty:
        return
    con.register("_sim_frame", pa.Table.from_pandas(df, preserve_index=False))  # Arrow scans much faster
    try:
        con.execute(f"insert into {qualified} by name select * from _sim_frame")
    finally:
        con.unregister("_sim_frame")


def write_raw(con: duckdb.DuckDBPyConnection, table: RawTable, df: pd.DataFrame) -> None:
    _insert(con, table.qualified_name, df[table.column_names])


def write_sim(con: duckdb.DuckDBPyConnection, name: str, df: pd.DataFrame) -> None:
    _insert(con, f"{SIM_SCHEMA}.{name}", df)
