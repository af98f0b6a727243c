"""The raw-table contract (../shared/spec/raw-tables.md) as data.

Everything that produces or reads raw data (simulator, file loader, dbt sources, tests) takes the
table names, schemas, columns and types from here, so there is exactly one copy of the contract.
"""

from __future__ import annotations

from dataclasses import dataclass

# Contract types are BigQuery's; DUCKDB_TYPES gives the natural local equivalent.
DUCKDB_TYPES: dict[str, str] = {
    "STRING": "VARCHAR",
    "INT64": "BIGINT",
    "FLOAT64": "DOUBLE",
    "BOOL": "BOOLEAN",
    "DATE": "DATE",
    "TIMESTAMP": "TIMESTAMP",
}


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # BigQuery type name, a key of DUCKDB_TYPES
    required: bool = True  # a file that lacks a required column is refused by the loader

    @property
    def duckdb_type(self) -> str:
        return DUCKDB_TYPES[self.type]


@dataclass(frozen=True)
class RawTable:
    schema: str
    name: str
    columns: tuple[Column, ...]
    description: str

    @property
    def qualified_name(self) -> str:
        return f"{self.schema}.{self.name}"

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def column(self, name: str) -> Column:
        for col in self.columns:
            if col.name == name:
                return col
        raise KeyError(f"{self.qualified_name} has no column {name!r}")

    def create_sql(self) -> str:
        cols = ",\n    ".join(f"{c.name} {c.duckdb_type}" for c in self.columns)
        return f"create table if not exists {self.schema}.{self.name} (\n    {cols}\n)"


def _cols(spec: str, required: bool = True) -> tuple[Column, ...]:
    """Parse 'name TYPE, name TYPE' into columns."""
    out = []
    for part in spec.split(","):
        name, typ = part.split()
        out.append(Column(name, typ, required))
    return tuple(out)


_BOX_STATS = (
    "points INT64, field_goals_made INT64, field_goals_attempted INT64, three_pointers_made INT64, "
    "three_pointers_attempted INT64, free_throws_made INT64, free_throws_attempted INT64, "
    "offensive_rebounds INT64, defensive_rebounds INT64, total_rebounds INT64, assists INT64, "
    "steals INT64, blocks INT64, turnovers INT64, personal_fouls INT64, plus_minus INT64"
)

RAW_TABLES: tuple[RawTable, ...] = (
    RawTable(
        "nba_raw",
        "nbac_schedule",
        _cols(
            "game_id STRING, season_year INT64, game_date DATE, game_date_est TIMESTAMP, "
            "game_status INT64, home_team_tricode STRING, away_team_tricode STRING, "
            "home_team_score INT64, away_team_score INT64, is_regular_season BOOL, is_playoffs BOOL, "
            "arena_city STRING, neutral_site_flag BOOL, data_source STRING, processed_at TIMESTAMP"
        ),
        "NBA.com schedule: one row per game per data_source; latest processed_at wins.",
    ),
    RawTable(
        "nba_raw",
        "nbac_gamebook_player_stats",
        _cols(
            "game_id STRING, game_date DATE, season_year INT64, team_abbr STRING, "
            "home_team_abbr STRING, away_team_abbr STRING, player_name STRING, player_lookup STRING, "
            "nba_player_id INT64, player_status STRING, dnp_reason STRING, is_starter BOOL, "
            f"minutes STRING, {_BOX_STATS}, processed_at TIMESTAMP"
        ),
        "NBA.com gamebook: primary player box score, one row per (game_id, player), DNP and inactive included.",
    ),
    RawTable(
        "nba_raw",
        "nbac_player_boxscores",
        _cols(
            "game_id STRING, game_date DATE, season_year INT64, game_status STRING, "
            "nba_player_id INT64, player_full_name STRING, player_lookup STRING, team_abbr STRING, "
            f"starter BOOL, minutes STRING, {_BOX_STATS}, processed_at TIMESTAMP"
        ),
        "NBA.com live box score: same-night fallback player box, only players who appeared.",
    ),
    RawTable(
        "nba_raw",
        "nbac_team_boxscore",
        _cols(
            "game_id STRING, nba_game_id STRING, game_date DATE, season_year INT64, team_abbr STRING, "
            "is_home BOOL, minutes STRING, fg_made INT64, fg_attempted INT64, three_pt_made INT64, "
            "three_pt_attempted INT64, ft_made INT64, ft_attempted INT64, offensive_rebounds INT64, "
            "defensive_rebounds INT64, total_rebounds INT64, assists INT64, steals INT64, blocks INT64, "
            "turnovers INT64, personal_fouls INT64, points INT64, plus_minus INT64, processed_at TIMESTAMP"
        ),
        "NBA.com team box score: one row per (game_id, team_abbr), two per game.",
    ),
    RawTable(
        "nba_raw",
        "odds_api_player_points_props",
        _cols(
            "game_id STRING, odds_api_event_id STRING, game_date DATE, game_start_time TIMESTAMP, "
            "home_team_abbr STRING, away_team_abbr STRING, snapshot_timestamp TIMESTAMP, "
            "minutes_before_tipoff INT64, bookmaker STRING, player_name STRING, player_lookup STRING, "
            "points_line FLOAT64, over_price_american INT64, under_price_american INT64, "
            "processed_at TIMESTAMP"
        ),
        "The Odds API player points props: primary prop lines, every snapshot appended.",
    ),
    RawTable(
        "nba_raw",
        "bettingpros_player_points_props",
        _cols(
            "game_date DATE, market_type STRING, offer_id STRING, bet_side STRING, player_name STRING, "
            "player_lookup STRING, player_team STRING, bookmaker STRING, points_line FLOAT64, "
            "odds_american INT64, opening_line FLOAT64, is_active BOOL, is_best_line BOOL, "
            "bookmaker_last_update TIMESTAMP, created_at TIMESTAMP, processed_at TIMESTAMP"
        ),
        "BettingPros props: fallback prop lines, one row per (offer, side, book, snapshot).",
    ),
    RawTable(
        "nba_raw",
        "odds_api_game_lines",
        _cols(
            "snapshot_timestamp TIMESTAMP, game_id STRING, commence_time TIMESTAMP, game_date DATE, "
            "home_team_abbr STRING, away_team_abbr STRING, bookmaker_key STRING, market_key STRING, "
            "outcome_name STRING, outcome_price FLOAT64, outcome_point FLOAT64, processed_at TIMESTAMP"
        ),
        "The Odds API game lines: spreads and totals, one row per (snapshot, event, book, market, outcome).",
    ),
    RawTable(
        "nba_raw",
        "nbac_injury_report",
        _cols(
            "report_date DATE, report_hour INT64, game_date DATE, game_id STRING, team STRING, "
            "player_name_original STRING, player_lookup STRING, injury_status STRING, reason STRING, "
            "reason_category STRING, processed_at TIMESTAMP"
        ),
        "NBA.com injury report: every hourly report appended.",
    ),
    RawTable(
        "nba_raw",
        "bigdataball_play_by_play",
        _cols(
            "game_id STRING, game_date DATE, event_id STRING, event_sequence INT64, period INT64, "
            "event_type STRING, event_subtype STRING, player_1_lookup STRING, player_1_team_abbr STRING, "
            "player_2_lookup STRING, player_2_role STRING, shot_made BOOL, shot_type STRING, "
            "shot_distance FLOAT64, points_scored INT64, processed_at TIMESTAMP"
        ),
        "BigDataBall play-by-play: one row per event; optional, may be missing for whole dates.",
    ),
    RawTable(
        "nba_reference",
        "nba_players_registry",
        _cols(
            "universal_player_id STRING, player_lookup STRING, player_name STRING, team_abbr STRING, "
            "season STRING, position STRING, birth_date DATE, processed_at TIMESTAMP"
        ),
        "Player registry: one row per (player_lookup, team_abbr, season) with the universal player id.",
    ),
)

RAW_TABLES_BY_NAME: dict[str, RawTable] = {t.name: t for t in RAW_TABLES}
RAW_SCHEMAS: tuple[str, ...] = tuple(sorted({t.schema for t in RAW_TABLES}))


def raw_table(name: str) -> RawTable:
    try:
        return RAW_TABLES_BY_NAME[name]
    except KeyError:
        known = ", ".join(sorted(RAW_TABLES_BY_NAME))
        raise KeyError(f"unknown raw table {name!r}; known tables: {known}") from None


def create_raw_tables(con) -> None:  # con: duckdb.DuckDBPyConnection
    """Create every raw schema and table (empty) if missing."""
    for schema in RAW_SCHEMAS:
        con.execute(f"create schema if not exists {schema}")
    for table in RAW_TABLES:
        con.execute(table.create_sql())
