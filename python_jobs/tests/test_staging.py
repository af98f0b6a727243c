"""Staging layer on dirty raw data: every bad-input case is used, fixed, or set aside and counted.

One module-scoped fixture creates the raw tables in a temporary DuckDB file, inserts the
hand-written rows of ``staging_fixtures``, and runs ``dbt build --select +tag:staging`` once (seeds,
staging models, their tests, the macro tests and the accounting tests); the tests then query the
result. A second, empty warehouse checks that the whole layer builds and tests green on nothing.
"""

from __future__ import annotations


import duckdb
import pytest

from python_jobs.dbt import invoke
from python_jobs.raw_schema import RAW_TABLES, create_raw_tables
from python_jobs.tests.staging_fixtures import ROWS, load_dirty_raw

STG = "nba_staging"


def _build(db_path, target_dir) -> None:
    # Staging and its own tests only: the later phases' tests expect consistent games, which this
    # deliberately dirty fixture is not.
    res = invoke(["build", "--select", "+tag:staging", "--indirect-selection", "cautious", "--no-partial-parse"],
                 db=db_path, target_path=target_dir / "target")
    assert res.exception is None, res.exception
    failed = [
        (r.node.unique_id, r.status, r.message)
        for r in res.result.results
        if str(r.status) not in ("success", "pass")
    ]
    assert res.success and not failed, failed
    assert len(res.result.results) > 100


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("staging")
    db_path = tmp / "raw.duckdb"
    with duckdb.connect(str(db_path)) as setup:
        create_raw_tables(setup)
        load_dirty_raw(setup)
    _build(db_path, tmp)
    with duckdb.connect(str(db_path)) as conn:
        yield conn


def rows(con, sql: str, params=()) -> list[tuple]:
    return con.execute(sql, list(params)).fetchall()


def one(con, sql: str, params=()):
    result = rows(con, sql, params)
    assert len(result) == 1, result
    return result[0]


def reject(con, table: str, key_like: str) -> list[tuple]:
    return rows(
        con,
        f"select reject_category, reject_reason from {STG}.stg_raw__rejects "
        "where table_name = ? and row_key like ? order by reject_category, reject_reason",
        (table, key_like),
    )


# --- accounting -------------------------------------------------------------------------------


def test_every_raw_row_is_accounted_for(con):
    acc = {r[0]: r[1:] for r in rows(con, f"""
        select table_name, rows_in, rows_used, rows_superseded, rows_duplicate, rows_invalid,
               rows_out_of_scope, rows_set_aside
        from {STG}.stg_raw__row_accounting""")}
    assert set(acc) == {t.name for t in RAW_TABLES}
    for table in RAW_TABLES:
        rows_in, used, sup, dup, inv, oos, aside = acc[table.name]
        assert rows_in == len(ROWS[table.name]), table.name
        assert rows_in == used + sup + dup + inv + oos == used + aside, table.name
        stg = f"stg_{table.schema}__{table.name}"
        assert one(con, f"select count(*) from {STG}.{stg}")[0] == used, stg
        assert one(con, f"select count(*) from {STG}.stg_raw__rejects where table_name = ?", (table.name,))[0] == aside


def test_expected_counts_per_table(con):
    got = {r[0]: r[1:] for r in rows(con, f"""
        select table_name, rows_used, rows_superseded, rows_duplicate, rows_invalid, rows_out_of_scope
        from {STG}.stg_raw__row_accounting""")}
    assert got["nbac_schedule"] == (3, 2, 1, 2, 0)
    assert got["nbac_gamebook_player_stats"] == (4, 1, 1, 9, 0)
    assert got["nbac_player_boxscores"] == (3, 0, 1, 1, 0)
    assert got["nbac_team_boxscore"] == (2, 1, 0, 2, 0)
    assert got["odds_api_player_points_props"] == (5, 1, 1, 1, 0)
    assert got["bettingpros_player_points_props"] == (4, 0, 1, 1, 1)
    assert got["odds_api_game_lines"] == (3, 0, 0, 2, 1)
    assert got["nbac_injury_report"] == (2, 1, 0, 1, 0)
    assert got["bigdataball_play_by_play"] == (2, 0, 1, 1, 0)
    assert got["nba_players_registry"] == (2, 1, 0, 1, 0)


def test_rejects_carry_reason_and_raw_json(con):
    bad = rows(con, f"""
        select * from {STG}.stg_raw__rejects
        where reject_reason is null or raw_row_json is null or row_key is null
           or reject_category not in ('invalid', 'superseded', 'duplicate', 'out_of_scope')""")
    assert bad == []
    raw = one(con, f"""select raw_row_json from {STG}.stg_raw__rejects
                       where table_name = 'nbac_gamebook_player_stats' and row_key like '%maxchristie%'""")[0]
    assert '"player_name":"Max Christie"' in raw


# --- corrections and duplicates ---------------------------------------------------------------


def test_late_correction_wins_and_duplicates_collapse(con):
    lebron = one(con, f"""
        select player_lookup, raw_player_lookup, points, free_throws_made, processed_at, player_status,
               minutes_played
        from {STG}.stg_nba_raw__nbac_gamebook_player_stats where player_name = 'LeBron James Jr.'""")
    assert lebron[:4] == ("lebronjamesjr", "lebron", 31, 6)
    assert str(lebron[4]) == "2025-01-16 12:30:00"
    assert lebron[5] == "active" and lebron[6] == pytest.approx(35.5)
    cats = [c for c, _ in reject(con, "nbac_gamebook_player_stats", "%lebronjamesjr")]
    assert cats == ["duplicate", "superseded"]
    team = one(con, f"select points, ft_made, minutes_played from {STG}.stg_nba_raw__nbac_team_boxscore "
                    "where team_abbr = 'PHI'")
    assert team == (107, 21, 265.0)


def test_schedule_prefers_final_status_and_builds_standard_id(con):
    got = dict(rows(con, f"select game_id, standard_game_id from {STG}.stg_nba_raw__nbac_schedule"))
    assert got == {
        "0022400561": "20250115_LAL_PHI",
        "0022400562": "20250115_BKN_PHX",  # BRK/PHO aliases
        "0022400564": "20250115_NYK_BOS",
    }
    status = one(con, f"select game_status, home_team_score from {STG}.stg_nba_raw__nbac_schedule "
                      "where game_id = '0022400564'")
    assert status == (3, 101)  # the final row beats a newer in-progress row
    assert [c for c, _ in reject(con, "nbac_schedule", "game_id=0022400564")] == ["superseded"]


def test_exact_duplicate_snapshots_collapse(con):
    assert one(con, f"""select count(*) from {STG}.stg_nba_raw__odds_api_player_points_props
                        where player_lookup = 'lebronjamesjr' and bookmaker = 'draftkings'
                          and snapshot_timestamp = '2025-01-15 23:00:00'""")[0] == 1
    assert [c for c, _ in reject(con, "odds_api_player_points_props", "%lebronjamesjr|bookmaker=draftkings%")] == [
        "duplicate"]
    maxey = one(con, f"select points_line from {STG}.stg_nba_raw__odds_api_player_points_props "
                     "where player_lookup = 'tyresemaxey'")
    assert maxey == (26.5,)  # newer processed_at for the same snapshot wins


# --- invalid rows -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("table", "key_like", "reason_part"),
    [
        ("nbac_gamebook_player_stats", "%joelembiid", "points = -3 is below 0"),
        ("nbac_gamebook_player_stats", "%tyresemaxey", "points = 120 is above 100"),
        ("nbac_gamebook_player_stats", "%paulgeorge", "points = 20 does not add up: 2*(FGM-3PM)+3*3PM+FTM = 18"),
        ("nbac_gamebook_player_stats", "%calebmartin", 'team_abbr "XYZ" is not a known team code'),
        ("nbac_gamebook_player_stats", "%jaredmccain", 'minutes "abc" cannot be parsed on an active row'),
        ("nbac_gamebook_player_stats", "%player_lookup=NULL", "player_lookup is NULL"),
        ("nbac_gamebook_player_stats", "%austinreaves", "field_goals_made = 10 exceeds field_goals_attempted = 8"),
        ("nbac_gamebook_player_stats", "%anthonydavis", "minutes_played = 75.0 is above 70"),
        ("nbac_gamebook_player_stats", "game_id=20991231_LAL_PHI%", "is in the future"),
        ("nbac_player_boxscores", "%paulgeorge", 'minutes "xx:yy" cannot be parsed'),
        ("nbac_team_boxscore", "%team_abbr=GSW", "minutes = NULL cannot be parsed as team minutes"),
        ("nbac_team_boxscore", "%team_abbr=SAS", "points = 99 does not add up"),
        ("nbac_schedule", "game_id=0022400563", 'home_team_tricode "XYZ" is not a known team code'),
        ("nbac_schedule", "game_id=NULL", "game_id is NULL"),
        ("odds_api_player_points_props", "%bookmaker=fanduel%", "points_line = 100.0 is above 80"),
        ("bettingpros_player_points_props", "offer_id=o4%", 'player_team "ZZZ" is not a known team code'),
        ("odds_api_game_lines", "%outcome_name=Boston Celtics", "is not over/under or one of the two teams"),
        ("odds_api_game_lines", "%outcome_name=Under", "total outcome_point = 500.0 is outside 150-300"),
        ("nbac_injury_report", "%joelembiid", 'injury_status "maybe" is not out'),
        ("bigdataball_play_by_play", "event_id=NULL", "event_id is NULL"),
        ("nba_players_registry", "%season=2024", 'season "2024" is not YYYY-YY'),
    ],
)
def test_invalid_rows_are_set_aside_with_a_reason(con, table, key_like, reason_part):
    got = reject(con, table, key_like)
    assert len(got) == 1, got
    category, reason = got[0]
    assert category == "invalid"
    assert reason_part in reason


def test_out_of_scope_markets(con):
    assert reject(con, "bettingpros_player_points_props", "offer_id=o2%") == [
        ("out_of_scope", 'market_type "rebounds" is not the points market')]
    assert reject(con, "odds_api_game_lines", "%market_key=h2h%") == [
        ("out_of_scope", 'market_key "h2h" is not spreads or totals')]


# --- fixed and flagged rows -------------------------------------------------------------------


def test_dnp_inactive_and_accents(con):
    got = {r[0]: r[1:] for r in rows(con, f"""
        select player_lookup, player_status, minutes, minutes_played, team_abbr, is_active
        from {STG}.stg_nba_raw__nbac_gamebook_player_stats""")}
    assert got["davisbertans"] == ("dnp", "DNP", None, "PHI", False)
    assert got["kellyoubrejr"] == ("inactive", None, None, "PHI", False)
    sengun = got["alperensengun"]
    assert sengun[1:4] == ("32:15", 32.25, "HOU")
    # missing registry entry: the box-score row is still used (phase 3 decides what to do)
    assert rows(con, f"select * from {STG}.stg_nba_reference__nba_players_registry "
                     "where player_lookup = 'alperensengun'") == []
    box = dict(rows(con, f"select player_lookup, minutes_played from {STG}.stg_nba_raw__nbac_player_boxscores"))
    assert box == {"lebronjamesjr": 35.5, "tyresemaxey": 34.0, "joelembiid": None}


def test_in_game_snapshot_kept_but_not_pre_game(con):
    got = rows(con, f"""select minutes_before_tipoff, is_pre_game, points_line
                        from {STG}.stg_nba_raw__odds_api_player_points_props
                        where player_lookup = 'lebronjamesjr' order by minutes_before_tipoff""")
    assert got == [(-30, False, 20.5), (60, True, 24.5)]
    # a wrong/missing name is fixed from the raw lookup
    assert one(con, f"select player_lookup, raw_player_lookup from {STG}.stg_nba_raw__odds_api_player_points_props "
                    "where points_line = 30.5") == ("joelembiid", "Joel-Embiid")


def test_bettingpros_normalisation(con):
    got = rows(con, f"""select offer_id, bet_side, bookmaker, bookmaker_key, player_team, market_type
                        from {STG}.stg_nba_raw__bettingpros_player_points_props order by offer_id, bet_side""")
    assert got == [
        ("o1", "over", "DraftKings", "draftkings", "LAL", "points"),
        ("o1", "under", "BettingPros Consensus", "bettingpros_consensus", "LAL", "points"),
        ("o3", "over", "FanDuel", "fanduel", "FA", "points"),
        ("o5", "over", "DraftKings", "draftkings", "LAL", "points"),
    ]


def test_broken_prices_and_opening_lines_are_nulled_not_rejected(con):
    """A price strictly between -100 and +100, or an opening line outside 0.5..80, is set to NULL
    with a reason; the row (and its line) is still used."""
    george = one(con, f"""select points_line, over_price_american, under_price_american, value_issue_reason
                          from {STG}.stg_nba_raw__odds_api_player_points_props where player_lookup = 'paulgeorge'""")
    assert george[:3] == (15.5, None, -110)
    assert george[3] == "over_price_american = 50 is not a valid American price (set to NULL)"
    bp = one(con, f"""select points_line, odds_american, opening_line, value_issue_reason
                      from {STG}.stg_nba_raw__bettingpros_player_points_props where offer_id = 'o5'""")
    assert bp[:3] == (24.5, None, None)
    assert bp[3] == ("odds_american = 0 is not a valid American price (set to NULL); "
                     "opening_line = -50.0 is outside 0.5..80 (set to NULL)")
    assert one(con, f"""select count(*) from {STG}.stg_nba_raw__bettingpros_player_points_props
                        where offer_id = 'o1' and value_issue_reason is not null""") == (0,)


def test_game_lines_sides(con):
    got = rows(con, f"""select outcome_name, market_key, outcome_side, outcome_team_abbr
                        from {STG}.stg_nba_raw__odds_api_game_lines order by outcome_name""")
    assert got == [
        ("Los Angeles Lakers", "spreads", "away", "LAL"),
        ("Over", "totals", "over", None),
        ("PHI", "spreads", "home", "PHI"),
    ]


def test_injury_report_names_statuses_and_teams(con):
    got = rows(con, f"""select player_lookup, player_name, injury_status, team_abbr
                        from {STG}.stg_nba_raw__nbac_injury_report order by player_lookup""")
    assert got == [
        ("jalenbrunson", "Jalen Brunson", "available", "NYK"),
        ("lebronjamesjr", "LeBron James Jr.", "out", "LAL"),  # the re-issued report wins
    ]


def test_bigdataball_prefix_stripped(con):
    got = rows(con, f"""select event_id, player_1_lookup, raw_player_1_lookup, player_2_lookup, shot_type,
                               player_2_role
                        from {STG}.stg_nba_raw__bigdataball_play_by_play order by event_sequence""")
    assert got == [
        ("20250115_LAL_PHI_1", "lebronjames", "2544lebronjames", None, "2PT", None),
        ("20250115_LAL_PHI_3", "tyresemaxey", "1630178tyresemaxey", "joelembiid", "3PT", "assist"),
    ]


def test_registry_latest_correction_and_alias(con):
    got = rows(con, f"""select player_lookup, raw_player_lookup, team_abbr, position
                        from {STG}.stg_nba_reference__nba_players_registry order by player_lookup""")
    assert got == [
        ("camthomas", "camthomas", "BKN", "G"),
        ("lebronjamesjr", "lebronjames", "LAL", "F-G"),
    ]


# --- empty raw layer --------------------------------------------------------------------------


def test_empty_raw_layer_builds_green(tmp_path):
    db_path = tmp_path / "empty.duckdb"
    with duckdb.connect(str(db_path)) as setup:
        create_raw_tables(setup)
    _build(db_path, tmp_path)
    with duckdb.connect(str(db_path)) as conn:
        acc = rows(conn, f"select table_name, rows_in, rows_used from {STG}.stg_raw__row_accounting")
    assert len(acc) == len(RAW_TABLES)
    assert all(r[1] == 0 and r[2] == 0 for r in acc)
