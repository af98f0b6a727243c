"""How each raw table is laid out on BigQuery: partition column, clustering, partition-filter rule.

Production's layout (../shared/reference/original-system.md, "Phase 2 raw tables"), kept in one
place: the BigQuery loader creates the tables with it, and the cost guard
(python_jobs/checks/cost_guard.py) reads it to know which raw tables are partitioned and on what.

`require_partition_filter` is set on the large tables (every snapshot appended, or one row per
event / player-game): BigQuery then refuses any query on them that has no filter on the partition
column, so an unbounded scan fails instead of billing the whole history.
"""

from __future__ import annotations

from dataclasses import dataclass

from python_jobs.raw_schema import RAW_TABLES, RawTable


@dataclass(frozen=True)
class BigQueryLayout:
    partition_column: str | None  # a DATE column, day partitions; None = not partitioned
    cluster_by: tuple[str, ...]
    require_partition_filter: bool = False


RAW_LAYOUTS: dict[str, BigQueryLayout] = {
    "nbac_schedule": BigQueryLayout(
        "game_date", ("game_date", "data_source", "home_team_tricode", "away_team_tricode"), True
    ),
    "nbac_gamebook_player_stats": BigQueryLayout("game_date", ("player_lookup", "team_abbr", "game_date"), True),
    "nbac_player_boxscores": BigQueryLayout("game_date", ("player_lookup", "team_abbr", "game_date"), True),
    "nbac_team_boxscore": BigQueryLayout("game_date", ("game_id", "team_abbr", "season_year", "is_home")),
    "odds_api_player_points_props": BigQueryLayout(
        "game_date", ("player_lookup", "game_id", "bookmaker", "snapshot_timestamp"), True
    ),
    "bettingpros_player_points_props": BigQueryLayout(
        "game_date", ("player_lookup", "bookmaker", "market_type", "bet_side"), True
    ),
    "odds_api_game_lines": BigQueryLayout(
        "game_date", ("game_id", "bookmaker_key", "market_key", "snapshot_timestamp"), True
    ),
    "nbac_injury_report": BigQueryLayout("report_date", ("player_lookup", "game_id", "injury_status"), True),
    "bigdataball_play_by_play": BigQueryLayout("game_date", ("game_id", "player_1_lookup", "event_type"), True),
    "nba_players_registry": BigQueryLayout(None, ("universal_player_id", "player_lookup", "season", "team_abbr")),
}


def raw_layout(table: RawTable) -> BigQueryLayout:
    try:
        return RAW_LAYOUTS[table.name]
    except KeyError:
        raise KeyError(f"no BigQuery layout for raw table {table.qualified_name}; add it to RAW_LAYOUTS") from None


def _check_layouts() -> None:
    """Every raw table has a layout naming its own columns (fails at import, so tests catch drift)."""
    names = {t.name for t in RAW_TABLES}
    if names != set(RAW_LAYOUTS):
        raise RuntimeError(f"RAW_LAYOUTS and RAW_TABLES differ: {sorted(names ^ set(RAW_LAYOUTS))}")
    for table in RAW_TABLES:
        layout = RAW_LAYOUTS[table.name]
        for column in (layout.partition_column, *layout.cluster_by):
            if column is not None:
                table.column(column)  # raises KeyError naming the table and column
        if layout.partition_column and table.column(layout.partition_column).type != "DATE":
            raise RuntimeError(f"{table.qualified_name}: partition column {layout.partition_column} is not a DATE")
        if len(layout.cluster_by) > 4:
            raise RuntimeError(f"{table.qualified_name}: BigQuery clusters on at most 4 columns")


_check_layouts()
