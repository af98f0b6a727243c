"""Hand-written dirty raw rows for the staging tests (python_jobs/tests/test_staging.py).

Every row carries a case name (``CASES``) so a test can find it again; the comment on each row
says what staging must do with it: used, fixed (used after a clean-up) or set aside (with the
category it must land in).
"""

from __future__ import annotations

from datetime import date, datetime

from python_jobs.raw_schema import raw_table

D = date(2025, 1, 15)
GAME = "20250115_LAL_PHI"
NEXT_MORNING = datetime(2025, 1, 16, 8, 0)


def ts(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2025, 1, day, hour, minute)


def _box(points, fgm, fga, tpm, tpa, ftm, fta, oreb=1, dreb=4, ast=3, stl=1, blk=0, tov=2, pf=2, pm=5):
    return dict(
        points=points, field_goals_made=fgm, field_goals_attempted=fga, three_pointers_made=tpm,
        three_pointers_attempted=tpa, free_throws_made=ftm, free_throws_attempted=fta,
        offensive_rebounds=oreb, defensive_rebounds=dreb, total_rebounds=oreb + dreb, assists=ast,
        steals=stl, blocks=blk, turnovers=tov, personal_fouls=pf, plus_minus=pm,
    )


NO_STATS = {k: None for k in _box(0, 0, 0, 0, 0, 0, 0)}
LAL_PHI = dict(game_id=GAME, game_date=D, season_year=2024, home_team_abbr="PHI", away_team_abbr="LAL")

SCHEDULE = [
    # superseded: scheduled version, replaced by the final one
    dict(game_id="0022400561", season_year=2024, game_date=D, game_date_est=ts(16, 0), game_status=1,
         home_team_tricode="PHI", away_team_tricode="LAL", data_source="cdn_static", processed_at=ts(14, 9)),
    # duplicate: same content as the kept final row, landed earlier
    dict(game_id="0022400561", season_year=2024, game_date=D, game_date_est=ts(16, 0), game_status=3,
         home_team_tricode="phi", away_team_tricode="LAL", home_team_score=105, away_team_score=110,
         data_source="api_stats", processed_at=ts(16, 6)),
    # used (fixed: lower-case tricode upper-cased); standard_game_id 20250115_LAL_PHI
    dict(game_id="0022400561", season_year=2024, game_date=D, game_date_est=ts(16, 0), game_status=3,
         home_team_tricode=" PHI ", away_team_tricode="LAL", home_team_score=105, away_team_score=110,
         data_source="api_stats", processed_at=ts(16, 7)),
    # used (fixed: BRK -> BKN, PHO -> PHX); standard_game_id 20250115_BKN_PHX
    dict(game_id="0022400562", season_year=2024, game_date=D, game_date_est=ts(16, 2), game_status=3,
         home_team_tricode="PHO", away_team_tricode="BRK", home_team_score=120, away_team_score=99,
         data_source="api_stats", processed_at=ts(16, 7)),
    # used: status 3 beats a NEWER status-2 row (production's v_nbac_schedule_latest rule) ...
    dict(game_id="0022400564", season_year=2024, game_date=D, game_date_est=ts(16, 1), game_status=3,
         home_team_tricode="BOS", away_team_tricode="NYK", home_team_score=101, away_team_score=100,
         data_source="api_stats", processed_at=ts(16, 5)),
    # ... superseded
    dict(game_id="0022400564", season_year=2024, game_date=D, game_date_est=ts(16, 1), game_status=2,
         home_team_tricode="BOS", away_team_tricode="NYK", home_team_score=50, away_team_score=48,
         data_source="cdn_static", processed_at=ts(16, 9)),
    # invalid: unknown team code
    dict(game_id="0022400563", season_year=2024, game_date=D, game_date_est=ts(16, 1), game_status=1,
         home_team_tricode="XYZ", away_team_tricode="LAL", data_source="api_stats", processed_at=ts(14, 9)),
    # invalid: NULL key
    dict(game_id=None, season_year=2024, game_date=D, game_status=1, home_team_tricode="BOS",
         away_team_tricode="MIA", data_source="api_stats", processed_at=ts(14, 9)),
]

GAMEBOOK = [
    # superseded by the 12:00 correction
    dict(**LAL_PHI, team_abbr="LAL", player_name="LeBron James Jr.", player_lookup="lebron", player_status="ACTIVE",
         is_starter=True, minutes="35:30", **_box(30, 11, 20, 3, 7, 5, 6), processed_at=ts(16, 8)),
    # duplicate of the kept correction (landed a bit earlier)
    dict(**LAL_PHI, team_abbr="LAL", player_name="LeBron James Jr.", player_lookup="lebron", player_status="Active",
         is_starter=True, minutes="35:30", **_box(31, 11, 20, 3, 7, 6, 7), processed_at=ts(16, 12)),
    # used: the late correction (newest processed_at); player_lookup recomputed -> lebronjamesjr
    dict(**LAL_PHI, team_abbr="LAL", player_name="LeBron James Jr.", player_lookup="lebron", player_status="active",
         is_starter=True, minutes="35:30", **_box(31, 11, 20, 3, 7, 6, 7), processed_at=ts(16, 12, 30)),
    # used: accents, mixed-case DNP status, 'DNP' minutes -> minutes_played NULL, lowercase team
    dict(**LAL_PHI, team_abbr="phi", player_name="Dāvis Bertāns", player_lookup=None, player_status="DNP",
         dnp_reason="Coach's Decision", minutes="DNP", **NO_STATS, processed_at=NEXT_MORNING),
    # used: inactive, '' minutes
    dict(**LAL_PHI, team_abbr="PHI", player_name="Kelly Oubre Jr.", player_lookup="kellyoubrejr",
         player_status="Inactive", dnp_reason="Injury - Ankle", minutes="", **NO_STATS, processed_at=NEXT_MORNING),
    # invalid: negative points
    dict(**LAL_PHI, team_abbr="PHI", player_name="Joel Embiid", player_lookup="joelembiid", player_status="active",
         minutes="30:00", **_box(-3, 0, 5, 0, 1, 0, 0), processed_at=NEXT_MORNING),
    # invalid: absurd points
    dict(**LAL_PHI, team_abbr="PHI", player_name="Tyrese Maxey", player_lookup="tyresemaxey", player_status="active",
         minutes="38:00", **_box(120, 50, 60, 10, 20, 10, 12), processed_at=NEXT_MORNING),
    # invalid: points do not add up (2*(7-2)+3*2+2 = 18, not 20)
    dict(**LAL_PHI, team_abbr="PHI", player_name="Paul George", player_lookup="paulgeorge", player_status="active",
         minutes="33:00", **_box(20, 7, 15, 2, 5, 2, 2), processed_at=NEXT_MORNING),
    # invalid: unknown team code
    dict(**LAL_PHI, team_abbr="XYZ", player_name="Caleb Martin", player_lookup="calebmartin", player_status="active",
         minutes="20:00", **_box(8, 3, 6, 1, 3, 1, 2), processed_at=NEXT_MORNING),
    # invalid: unparseable minutes on an active row
    dict(**LAL_PHI, team_abbr="PHI", player_name="Jared McCain", player_lookup="jaredmccain", player_status="active",
         minutes="abc", **_box(10, 4, 9, 1, 4, 1, 2), processed_at=NEXT_MORNING),
    # invalid: NULL key (no name, no lookup)
    dict(**LAL_PHI, team_abbr="LAL", player_name=None, player_lookup=None, player_status="active",
         minutes="10:00", **_box(2, 1, 2, 0, 0, 0, 0), processed_at=NEXT_MORNING),
    # invalid: made > attempted
    dict(**LAL_PHI, team_abbr="LAL", player_name="Austin Reaves", player_lookup="austinreaves", player_status="active",
         minutes="34:00", **_box(22, 10, 8, 0, 2, 2, 2), processed_at=NEXT_MORNING),
    # invalid: minutes > 70
    dict(**LAL_PHI, team_abbr="LAL", player_name="Anthony Davis", player_lookup="anthonydavis", player_status="active",
         minutes="75:00", **_box(2, 1, 2, 0, 0, 0, 0), processed_at=NEXT_MORNING),
    # invalid: a game in the future with stats
    dict(game_id="20991231_LAL_PHI", game_date=date(2099, 12, 31), season_year=2099, home_team_abbr="PHI",
         away_team_abbr="LAL", team_abbr="LAL", player_name="Max Christie", player_lookup="maxchristie",
         player_status="active", minutes="12:00", **_box(4, 2, 3, 0, 1, 0, 0), processed_at=NEXT_MORNING),
    # used: Turkish letters + alias home team (BRK -> BKN); Şengün is in no registry row
    dict(game_id="20250115_HOU_BKN", game_date=D, season_year=2024, home_team_abbr="BRK", away_team_abbr="HOU",
         team_abbr="HOU", player_name="Alperen Şengün", player_lookup="alperensengun", player_status="active",
         minutes="32:15", **_box(20, 8, 15, 1, 2, 3, 4), processed_at=NEXT_MORNING),
]

PLAYER_BOX = [
    # used: ISO duration minutes
    dict(game_id=GAME, game_date=D, season_year=2024, game_status="Final", nba_player_id=2544,
         player_full_name="LeBron James Jr.", player_lookup="lebronjames", team_abbr="LAL", starter=True,
         minutes="PT35M30.00S", **_box(31, 11, 20, 3, 7, 6, 7), processed_at=ts(16, 4)),
    # used + duplicate: the same row landed twice
    dict(game_id=GAME, game_date=D, season_year=2024, game_status="FINAL", nba_player_id=1630178,
         player_full_name="Tyrese Maxey", player_lookup="tyresemaxey", team_abbr="PHI", starter=True,
         minutes="34:00", **_box(25, 9, 18, 3, 8, 4, 4), processed_at=ts(16, 4)),
    dict(game_id=GAME, game_date=D, season_year=2024, game_status="FINAL", nba_player_id=1630178,
         player_full_name="Tyrese Maxey", player_lookup="tyresemaxey", team_abbr="PHI", starter=True,
         minutes="34:00", **_box(25, 9, 18, 3, 8, 4, 4), processed_at=ts(16, 4)),
    # used: 'DNP' minutes is not an error (minutes_played NULL)
    dict(game_id=GAME, game_date=D, season_year=2024, game_status="Final", nba_player_id=203954,
         player_full_name="Joel Embiid", player_lookup="joelembiid", team_abbr="PHI", starter=False,
         minutes="DNP", **NO_STATS, processed_at=ts(16, 4)),
    # invalid: unparseable minutes
    dict(game_id=GAME, game_date=D, season_year=2024, game_status="Final", nba_player_id=1,
         player_full_name="Paul George", player_lookup="paulgeorge", team_abbr="PHI", starter=True,
         minutes="xx:yy", **_box(10, 4, 9, 1, 4, 1, 2), processed_at=ts(16, 4)),
]

TEAM_BOX = [
    dict(game_id=GAME, nba_game_id="0022400561", game_date=D, season_year=2024, team_abbr="LAL", is_home=False,
         minutes="240:00", fg_made=40, fg_attempted=85, three_pt_made=12, three_pt_attempted=35, ft_made=18,
         ft_attempted=22, offensive_rebounds=10, defensive_rebounds=34, total_rebounds=44, assists=25, steals=8,
         blocks=5, turnovers=12, personal_fouls=18, points=110, plus_minus=5, processed_at=ts(16, 8)),
    # superseded by the correction below
    dict(game_id=GAME, nba_game_id="0022400561", game_date=D, season_year=2024, team_abbr="phi", is_home=True,
         minutes="265:00", fg_made=38, fg_attempted=80, three_pt_made=10, three_pt_attempted=30, ft_made=19,
         ft_attempted=25, offensive_rebounds=9, defensive_rebounds=30, total_rebounds=39, assists=22, steals=6,
         blocks=4, turnovers=14, personal_fouls=20, points=105, plus_minus=-5, processed_at=ts(16, 8)),
    # used: the late correction
    dict(game_id=GAME, nba_game_id="0022400561", game_date=D, season_year=2024, team_abbr="PHI", is_home=True,
         minutes="265:00", fg_made=38, fg_attempted=80, three_pt_made=10, three_pt_attempted=30, ft_made=21,
         ft_attempted=25, offensive_rebounds=9, defensive_rebounds=30, total_rebounds=39, assists=22, steals=6,
         blocks=4, turnovers=14, personal_fouls=20, points=107, plus_minus=-3, processed_at=ts(16, 11)),
    # invalid: '' team minutes (GS -> GSW is fixed)
    dict(game_id="20250115_GSW_SAS", nba_game_id="0022400565", game_date=D, season_year=2024, team_abbr="GS",
         is_home=False, minutes="", fg_made=40, fg_attempted=85, three_pt_made=12, three_pt_attempted=35, ft_made=18,
         ft_attempted=22, points=110, processed_at=ts(16, 8)),
    # invalid: points do not add up (SA -> SAS is fixed)
    dict(game_id="20250115_GSW_SAS", nba_game_id="0022400565", game_date=D, season_year=2024, team_abbr="SA",
         is_home=True, minutes="240:00", fg_made=40, fg_attempted=85, three_pt_made=12, three_pt_attempted=35,
         ft_made=18, ft_attempted=22, points=99, processed_at=ts(16, 8)),
]

_PROP = dict(game_id=GAME, odds_api_event_id="abc123", game_date=D, game_start_time=ts(16, 0),
             home_team_abbr="PHI", away_team_abbr="LAL", over_price_american=-110, under_price_american=-110)
ODDS_PROPS = [
    # used, pre-game
    dict(**_PROP, snapshot_timestamp=ts(15, 23), minutes_before_tipoff=60, bookmaker="draftkings",
         player_name="LeBron James Jr.", player_lookup="lebronjamesjr", points_line=24.5, processed_at=ts(15, 23, 5)),
    # duplicate: the same snapshot appended twice
    dict(**_PROP, snapshot_timestamp=ts(15, 23), minutes_before_tipoff=60, bookmaker="draftkings",
         player_name="LeBron James Jr.", player_lookup="lebronjamesjr", points_line=24.5, processed_at=ts(15, 23, 5)),
    # used but is_pre_game = false: in-game snapshot
    dict(**_PROP, snapshot_timestamp=ts(16, 0, 30), minutes_before_tipoff=-30, bookmaker="draftkings",
         player_name="LeBron James Jr.", player_lookup="lebronjamesjr", points_line=20.5, processed_at=ts(16, 0, 35)),
    # invalid: line outside 0.5-80 (FanDuel -> fanduel is fixed)
    dict(**_PROP, snapshot_timestamp=ts(15, 23), minutes_before_tipoff=60, bookmaker="FanDuel",
         player_name="LeBron James Jr.", player_lookup="lebronjamesjr", points_line=100.0, processed_at=ts(15, 23, 5)),
    # superseded by the correction below ...
    dict(**_PROP, snapshot_timestamp=ts(15, 22), minutes_before_tipoff=120, bookmaker="betmgm",
         player_name="Tyrese Maxey", player_lookup="tyresemaxey", points_line=25.5, processed_at=ts(15, 22, 5)),
    # ... used: newer processed_at for the same snapshot wins
    dict(**_PROP, snapshot_timestamp=ts(15, 22), minutes_before_tipoff=120, bookmaker="betmgm",
         player_name="Tyrese Maxey", player_lookup="tyresemaxey", points_line=26.5, processed_at=ts(15, 22, 50)),
    # used (fixed): no name, messy raw lookup -> player_lookup 'joelembiid'
    dict(**_PROP, snapshot_timestamp=ts(15, 22), minutes_before_tipoff=120, bookmaker="betmgm",
         player_name=None, player_lookup=" Joel-Embiid ", points_line=30.5, processed_at=ts(15, 22, 5)),
    # used, price set to NULL: not an American price (the line itself is fine)
    dict(**{**_PROP, "over_price_american": 50}, snapshot_timestamp=ts(15, 22), minutes_before_tipoff=120,
         bookmaker="betmgm", player_name="Paul George", player_lookup="paulgeorge", points_line=15.5,
         processed_at=ts(15, 22, 5)),
]

_BP = dict(game_date=D, offer_id="o1", player_name="LeBron James Jr.", player_lookup="lebronjames", player_team="LAL",
           points_line=24.5, odds_american=-115, opening_line=23.5, is_active=True, is_best_line=False,
           bookmaker_last_update=ts(15, 20), created_at=ts(15, 21))
BETTINGPROS = [
    dict(**{**_BP, "market_type": "points", "bet_side": "over", "bookmaker": "DraftKings"}, processed_at=ts(15, 21, 5)),
    # duplicate of the row above, landed again later
    dict(**{**_BP, "market_type": "points", "bet_side": "over", "bookmaker": "DraftKings"}, processed_at=ts(15, 22)),
    # used: consensus book, upper-case side
    dict(**{**_BP, "market_type": "Points", "bet_side": "UNDER", "bookmaker": "BettingPros Consensus"},
         processed_at=ts(15, 21, 5)),
    # out of scope: not the points market
    dict(**{**_BP, "market_type": "rebounds", "bet_side": "over", "bookmaker": "DraftKings", "offer_id": "o2"},
         processed_at=ts(15, 21, 5)),
    # used: free agent team 'FA' is kept
    dict(**{**_BP, "market_type": "points", "bet_side": "over", "bookmaker": "FanDuel", "offer_id": "o3",
            "player_name": "Ben Simmons", "player_team": "FA"}, processed_at=ts(15, 21, 5)),
    # invalid: unknown team
    dict(**{**_BP, "market_type": "points", "bet_side": "over", "bookmaker": "FanDuel", "offer_id": "o4",
            "player_name": "Someone Else", "player_team": "ZZZ"}, processed_at=ts(15, 21, 5)),
    # used, price and opening line set to NULL: odds 0 and an opening line of -50
    dict(**{**_BP, "market_type": "points", "bet_side": "over", "bookmaker": "DraftKings", "offer_id": "o5",
            "odds_american": 0, "opening_line": -50.0}, processed_at=ts(15, 21, 5)),
]

_GL = dict(snapshot_timestamp=ts(15, 22), game_id="evt1", commence_time=ts(16, 0), game_date=D,
           home_team_abbr="PHI", away_team_abbr="LAL", bookmaker_key="draftkings", outcome_price=1.91,
           processed_at=ts(15, 22, 5))
GAME_LINES = [
    dict(**_GL, market_key="spreads", outcome_name="Los Angeles Lakers", outcome_point=-3.5),  # used, away
    dict(**_GL, market_key="spreads", outcome_name="PHI", outcome_point=3.5),  # used, home
    dict(**_GL, market_key="Totals", outcome_name="Over", outcome_point=225.5),  # used, over
    dict(**_GL, market_key="h2h", outcome_name="PHI", outcome_point=None),  # out of scope
    dict(**_GL, market_key="spreads", outcome_name="Boston Celtics", outcome_point=1.5),  # invalid
    dict(**_GL, market_key="totals", outcome_name="Under", outcome_point=500.0),  # invalid
]

_IR = dict(report_date=D, report_hour=17, game_date=D, game_id=GAME, reason="Injury/Illness - Left Knee",
           reason_category="Injury")
INJURY = [
    # superseded by the re-issued report below
    dict(**_IR, team="LAL", player_name_original="James Jr., LeBron", player_lookup=None,
         injury_status="Questionable", processed_at=ts(15, 17, 5)),
    # used: mixed-case status -> 'out'; 'Last, First' name -> lebronjamesjr
    dict(**_IR, team="LAL", player_name_original="James Jr., LeBron", player_lookup=None,
         injury_status="OUT", processed_at=ts(15, 17, 40)),
    # invalid: unknown status
    dict(**_IR, team="PHI", player_name_original="Embiid, Joel", player_lookup="joelembiid",
         injury_status="maybe", processed_at=ts(15, 17, 5)),
    # used: NY -> NYK
    dict(**{**_IR, "game_id": "20250115_NYK_BOS"}, team="NY", player_name_original="Brunson, Jalen",
         player_lookup="jalenbrunson", injury_status="Available", processed_at=ts(15, 17, 5)),
]

_EV = dict(game_id=GAME, game_date=D, period=1, event_type="Shot", event_subtype="jump shot",
           player_1_team_abbr="LAL", shot_made=True, shot_distance=15.0, points_scored=2, processed_at=ts(16, 10))
PBP = [
    # used: BigDataBall digit prefix stripped
    dict(**_EV, event_id=f"{GAME}_1", event_sequence=1, player_1_lookup="2544lebronjames", shot_type="2pt"),
    # duplicate
    dict(**_EV, event_id=f"{GAME}_1", event_sequence=1, player_1_lookup="2544lebronjames", shot_type="2pt"),
    # invalid: NULL event id
    dict(**_EV, event_id=None, event_sequence=2, player_1_lookup="1630552jalenjohnson", shot_type="2PT"),
    # used: assist with prefixed secondary player
    dict(**{**_EV, "event_subtype": "3pt jump shot", "points_scored": 3, "shot_distance": 25.0,
            "player_1_team_abbr": "PHI"},
         event_id=f"{GAME}_3", event_sequence=3, player_1_lookup="1630178tyresemaxey", shot_type="3PT",
         player_2_lookup="203954joelembiid", player_2_role="Assist"),
]

REGISTRY = [
    # superseded by the correction below
    dict(universal_player_id="lebronjamesjr_001", player_lookup="lebronjames", player_name="LeBron James Jr.",
         team_abbr="LAL", season="2024-25", position="F", processed_at=ts(10, 5)),
    # used
    dict(universal_player_id="lebronjamesjr_001", player_lookup="lebronjames", player_name="LeBron James Jr.",
         team_abbr="LAL", season="2024-25", position="F-G", processed_at=ts(12, 5)),
    # used: BRK -> BKN
    dict(universal_player_id="camthomas_001", player_lookup="camthomas", player_name="Cam Thomas",
         team_abbr="BRK", season="2024-25", position="G", processed_at=ts(10, 5)),
    # invalid: season not 'YYYY-YY'
    dict(universal_player_id="tyresemaxey_001", player_lookup="tyresemaxey", player_name="Tyrese Maxey",
         team_abbr="PHI", season="2024", position="G", processed_at=ts(10, 5)),
]

ROWS: dict[str, list[dict]] = {
    "nbac_schedule": SCHEDULE,
    "nbac_gamebook_player_stats": GAMEBOOK,
    "nbac_player_boxscores": PLAYER_BOX,
    "nbac_team_boxscore": TEAM_BOX,
    "odds_api_player_points_props": ODDS_PROPS,
    "bettingpros_player_points_props": BETTINGPROS,
    "odds_api_game_lines": GAME_LINES,
    "nbac_injury_report": INJURY,
    "bigdataball_play_by_play": PBP,
    "nba_players_registry": REGISTRY,
}


def insert_rows(con, table_name: str, rows: list[dict]) -> None:
    """Insert dict rows into a raw table; missing columns are NULL, unknown keys are an error."""
    table = raw_table(table_name)
    cols = table.column_names
    for row in rows:
        unknown = set(row) - set(cols)
        if unknown:
            raise KeyError(f"{table_name}: unknown columns {sorted(unknown)}")
        placeholders = ", ".join("?" for _ in cols)
        con.execute(
            f"insert into {table.qualified_name} ({', '.join(cols)}) values ({placeholders})",
            [row.get(c) for c in cols],
        )


def load_dirty_raw(con) -> None:
    """Fill every raw table with the dirty fixture rows (tables must exist)."""
    for table_name, rows in ROWS.items():
        insert_rows(con, table_name, rows)
