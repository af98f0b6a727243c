"""Reading the feature store, the actuals and the feature list.

The feature names come from the feature catalog (the dbt seed table ``nba_reference.feature_catalog``,
else the seed CSV it is loaded from), never from a second hard-coded list.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass

import duckdb
import pandas as pd

from python_jobs.paths import PROJECT_DIR

FEATURE_STORE = "nba_predictions.ml_feature_store"
PLAYER_GAMES = "nba_analytics.player_game_summary"
CATALOG_TABLE = "nba_reference.feature_catalog"
CATALOG_CSV = PROJECT_DIR / "seeds" / "feature_catalog.csv"

# identity and row-context columns of the feature store read next to the features
CONTEXT_COLUMNS = (
    "game_date", "player_lookup", "universal_player_id", "game_id", "team_abbr", "opponent_team_abbr",
    "vegas_line_source", "injury_status", "feature_quality_score", "feature_quality_tier",
    "is_quality_ready", "feature_version",
    "vegas_line_bookmaker", "vegas_line_snapshot_at", "vegas_over_price_american", "vegas_under_price_american",
)


@dataclass(frozen=True)
class FeatureList:
    version: str
    names: tuple[str, ...]


def table_exists(con: duckdb.DuckDBPyConnection, qualified: str) -> bool:
    schema, name = qualified.split(".")
    row = con.execute(
        "select count(*) from information_schema.tables where table_schema = ? and table_name = ?",
        [schema, name],
    ).fetchone()
    return bool(row and row[0])


def feature_list(con: duckdb.DuckDBPyConnection) -> FeatureList:
    """The catalog's features in index order, from the seed table if loaded, else the seed CSV."""
    if not table_exists(con, CATALOG_TABLE):
        return feature_list_from_csv()
    rows = con.execute(f"select feature_name, feature_version from {CATALOG_TABLE} order by feature_index").fetchall()
    return _from_rows(rows, CATALOG_TABLE)


def feature_list_from_csv() -> FeatureList:
    """The catalog from the seed CSV (before dbt has loaded the seed)."""
    with CATALOG_CSV.open(newline="") as handle:
        ordered = sorted(csv.DictReader(handle), key=lambda r: int(r["feature_index"]))
    return _from_rows([(r["feature_name"], r["feature_version"]) for r in ordered], str(CATALOG_CSV))


def _from_rows(rows: list[tuple[str, str]], source: str) -> FeatureList:
    if not rows:
        raise ValueError(f"feature catalog {source} is empty")
    versions = {version for _, version in rows}
    if len(versions) != 1:
        raise ValueError(f"feature catalog {source} mixes feature versions {sorted(versions)}")
    return FeatureList(version=versions.pop(), names=tuple(name for name, _ in rows))


def _require(con: duckdb.DuckDBPyConnection, table: str) -> None:
    if not table_exists(con, table):
        raise LookupError(f"table {table} does not exist: build the warehouse first (nba-props build)")


def _select_list(features: FeatureList) -> str:
    # identifiers from the catalog, quoted; values are always bound as parameters
    return ", ".join(f'f."{c}"' for c in (*CONTEXT_COLUMNS, *features.names))


def rows_for_date(con: duckdb.DuckDBPyConnection, game_date: dt.date, features: FeatureList) -> pd.DataFrame:
    """The feature-store rows of one game date, one per player."""
    _require(con, FEATURE_STORE)
    return con.execute(
        f"select {_select_list(features)} from {FEATURE_STORE} as f where f.game_date = ? "
        "order by f.game_id, f.player_lookup",
        [game_date],
    ).df()


def rows_with_actuals(con: duckdb.DuckDBPyConnection, start: dt.date | None, until: dt.date,
                      features: FeatureList) -> pd.DataFrame:
    """Feature-store rows of played games with start <= game_date < until (strictly before until), with
    the actual points and minutes. DNP rows and rows without points are left out: they have no target."""
    _require(con, FEATURE_STORE)
    _require(con, PLAYER_GAMES)
    return con.execute(
        f"""
        select {_select_list(features)}, pgs.points::double as actual_points, pgs.minutes_played
        from {FEATURE_STORE} as f
        inner join {PLAYER_GAMES} as pgs
            on f.game_id = pgs.game_id and f.player_lookup = pgs.player_lookup
        where f.game_date < ?
            and (?::date is null or f.game_date >= ?::date)
            and not coalesce(pgs.is_dnp, false)
            and pgs.points is not null
        order by f.game_date, f.game_id, f.player_lookup
        """,
        [until, start, start],
    ).df()

