"""League simulator invariants: box scores add up, the schedule is a real schedule, nothing leaks
past as_of or out of the truth table, runs are deterministic, as_of is only a view of one world,
and every dirt item is really in raw."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from python_jobs.names import player_lookup
from python_jobs.raw_schema import RAW_TABLES
from python_jobs.simulator.core import simulate
from python_jobs.simulator.dirt import KEY_COLS, MISSING_KINDS, canonical_team

START = dt.date(2024, 10, 22)
SMALL_AS_OF = "2024-11-15T03:00:00"  # ~3.5 weeks in, late evening ET: some of that night's games unfinished
EARLY_AS_OF = "2024-11-05T03:00:00"  # the same evening hour ten days earlier
FULL_AS_OF = "2025-07-01"


def _run(path: Path, seed: int, as_of: str) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(str(path))
    simulate(con, 1, seed, START, as_of, log=lambda _: None)
    return con


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Iterator[duckdb.DuckDBPyConnection]:
    con = _run(tmp_path_factory.mktemp("sim") / "small.duckdb", 7, SMALL_AS_OF)
    yield con
    con.close()


def _latest_gamebook(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return con.sql("""
        select * from nba_raw.nbac_gamebook_player_stats
        qualify row_number() over (partition by game_id, nba_player_id order by processed_at desc) = 1
    """).df()


def _active(df: pd.DataFrame) -> pd.DataFrame:
    return df[df["player_status"].str.lower() == "active"]


def _table_hashes(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    names = [t.qualified_name for t in RAW_TABLES] + ["nba_sim.player_game_truth", "nba_sim.dirt_log"]
    return {n: con.sql(f"select count(*), sum(hash(*columns(*))::hugeint) from {n}").fetchone() for n in names}


# --- box scores -------------------------------------------------------------------------------------------

def test_points_formula_on_every_active_row(small: duckdb.DuckDBPyConnection) -> None:
    gb = _active(_latest_gamebook(small))
    assert len(gb) > 1000
    pts = 2 * (gb.field_goals_made - gb.three_pointers_made) + 3 * gb.three_pointers_made + gb.free_throws_made
    assert (pts == gb.points).all()
    assert (gb.total_rebounds == gb.offensive_rebounds + gb.defensive_rebounds).all()
    assert (gb.field_goals_made <= gb.field_goals_attempted).all()


def test_fallback_box_adds_up_except_logged_corruption(small: duckdb.DuckDBPyConnection) -> None:
    bad = small.sql("""
        select game_id, nba_player_id from nba_raw.nbac_player_boxscores
        where points <> 2 * (field_goals_made - three_pointers_made) + 3 * three_pointers_made + free_throws_made
    """).df()
    logged = small.sql("""
        select json_extract_string(row_key, '$.game_id') game_id,
               cast(json_extract_string(row_key, '$.nba_player_id') as bigint) nba_player_id
        from nba_sim.dirt_log where dirt_kind = 'corrupt_fallback'
    """).df()
    assert set(map(tuple, bad.values)) <= set(map(tuple, logged.values))


def _player_source(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Latest gamebook rows, and the same-night box for games that have no gamebook."""
    gb = _active(_latest_gamebook(con))
    box = con.sql("select * from nba_raw.nbac_player_boxscores").df()
    box = box[~box.game_id.isin(gb.game_id)]
    cols = ["game_id", "team_abbr", "minutes", "points", "field_goals_made", "total_rebounds", "assists",
            "plus_minus"]
    out = pd.concat([gb[cols], box[cols]], ignore_index=True)
    out["team"] = out.team_abbr.map(canonical_team)
    out["seconds"] = out.minutes.map(lambda m: int(m.split(":")[0]) * 60 + int(m.split(":")[1]))
    return out


def test_team_rows_are_sums_of_players_and_minutes_are_240_plus_overtime(small: duckdb.DuckDBPyConnection) -> None:
    players = _player_source(small).groupby(["game_id", "team"]).sum(numeric_only=True).reset_index()
    team = small.sql("select * from nba_raw.nbac_team_boxscore").df()
    team["team"] = team.team_abbr.map(canonical_team)
    assert (team.groupby("game_id").size() == 2).all()
    m = team.merge(players, on=["game_id", "team"], suffixes=("", "_p"))
    assert len(m) == len(team)
    for t_col, p_col in (("points", "points_p"), ("fg_made", "field_goals_made"),
                         ("total_rebounds", "total_rebounds_p"), ("assists", "assists_p")):
        assert (m[t_col] == m[p_col]).all(), t_col
    team_minutes = m.minutes.str.split(":").str[0].astype(int)
    assert team_minutes.isin([240, 265, 290, 315]).all()
    assert ((m.seconds // 60) == team_minutes).all() and (m.seconds % 60 == 0).all()


def test_plus_minus_sums_to_zero_and_matches_margin(small: duckdb.DuckDBPyConnection) -> None:
    players = _player_source(small)
    assert (players.groupby("game_id").plus_minus.sum() == 0).all()
    team = small.sql("select game_id, is_home, points, plus_minus from nba_raw.nbac_team_boxscore").df()
    home, away = team[team.is_home].set_index("game_id"), team[~team.is_home].set_index("game_id")
    margin = home.points - away.loc[home.index].points
    assert (home.plus_minus == margin).all() and (margin != 0).all()
    by_team = players.groupby(["game_id", "team"]).plus_minus.sum()
    assert (by_team.abs() % 5 == 0).all()


# --- as_of and leakage --------------------------------------------------------------------------------------

def test_nothing_after_as_of(small: duckdb.DuckDBPyConnection) -> None:
    as_of = pd.Timestamp(SMALL_AS_OF)
    for t in RAW_TABLES:
        latest = small.sql(f"select max(processed_at) from {t.qualified_name}").fetchone()[0]
        assert latest is not None and pd.Timestamp(latest) <= as_of, t.name
    snaps = small.sql("select max(snapshot_timestamp) from nba_raw.odds_api_player_points_props").fetchone()[0]
    assert pd.Timestamp(snaps) <= as_of


def test_unfinished_games_have_no_box_and_status_one(small: duckdb.DuckDBPyConnection) -> None:
    sched = small.sql("""
        select * from nba_raw.nbac_schedule
        qualify row_number() over (partition by game_id order by game_status desc, processed_at desc) = 1
    """).df()
    sched["std_id"] = (pd.to_datetime(sched.game_date).dt.strftime("%Y%m%d") + "_"
                       + sched.away_team_tricode.map(canonical_team) + "_" + sched.home_team_tricode.map(canonical_team))
    final = set(sched.loc[sched.game_status == 3, "std_id"])
    boxed = set(small.sql("select distinct game_id from nba_raw.nbac_team_boxscore").df().game_id)
    assert boxed == final and 100 < len(final) < 1230
    later = sched[sched.game_status == 1]
    assert later.home_team_score.isna().all() and len(later) > 1000
    assert (pd.to_datetime(later.game_date_est) > pd.Timestamp(SMALL_AS_OF) - pd.Timedelta(hours=3)).all()


def test_raw_tables_have_exactly_the_contract_columns(small: duckdb.DuckDBPyConnection) -> None:
    for t in RAW_TABLES:
        cols = [r[0] for r in small.execute(
            "select column_name from information_schema.columns where table_schema = ? and table_name = ? "
            "order by ordinal_position", [t.schema, t.name]).fetchall()]
        assert cols == t.column_names, t.name


def test_truth_only_for_final_games(small: duckdb.DuckDBPyConnection) -> None:
    truth = small.sql("select * from nba_sim.player_game_truth").df()
    boxed = set(small.sql("select distinct game_id from nba_raw.nbac_team_boxscore").df().game_id)
    assert set(truth.game_id) == boxed
    assert truth.loc[~truth.played, "actual_points"].isna().all()
    assert truth.loc[~truth.played, "line_error"].isna().all()


# --- injuries -----------------------------------------------------------------------------------------------

def _latest_report_status(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    rep = con.sql("select * from nba_raw.nbac_injury_report").df()
    last, _, first = rep.player_name_original.str.partition(", ").T.values
    rep["lookup"] = [player_lookup(f"{f} {lst}") for f, lst in zip(first, last)]
    rep["status"] = rep.injury_status.str.lower()
    rep = rep.sort_values(["report_date", "report_hour", "processed_at"])
    return rep.groupby(["game_id", "lookup"]).tail(1)[["game_id", "lookup", "status"]]


def _played(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    gb = _latest_gamebook(con)
    gb["lookup"] = gb.player_name.map(player_lookup)
    gb["played"] = gb.player_status.str.lower() == "active"
    return gb[["game_id", "lookup", "played"]]


def test_ruled_out_players_never_play(small: duckdb.DuckDBPyConnection) -> None:
    m = _latest_report_status(small).merge(_played(small), on=["game_id", "lookup"])
    assert len(m) > 50
    assert not m.loc[m.status == "out", "played"].any()


# --- determinism ------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def again(tmp_path_factory: pytest.TempPathFactory) -> Iterator[duckdb.DuckDBPyConnection]:
    con = _run(tmp_path_factory.mktemp("sim") / "again.duckdb", 7, SMALL_AS_OF)
    yield con
    con.close()


def test_same_seed_same_tables_other_seed_differs(small: duckdb.DuckDBPyConnection,
                                                  again: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    other = _run(tmp_path / "other.duckdb", 8, SMALL_AS_OF)
    assert _table_hashes(again) == _table_hashes(small)
    assert _table_hashes(other)["nba_raw.nbac_gamebook_player_stats"] != \
        _table_hashes(small)["nba_raw.nbac_gamebook_player_stats"]
    other.close()


def test_rerun_replaces_rather_than_appends(small: duckdb.DuckDBPyConnection,
                                            again: duckdb.DuckDBPyConnection) -> None:
    simulate(again, 1, 7, START, SMALL_AS_OF, log=lambda _: None)  # a second run into the same warehouse
    assert _table_hashes(again) == _table_hashes(small)


# --- as_of is a view of one world -------------------------------------------------------------------------

@pytest.fixture(scope="module")
def early_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sim") / "early.duckdb"
    _run(path, 7, EARLY_AS_OF).close()
    return path


@pytest.fixture
def with_early(small: duckdb.DuckDBPyConnection, early_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """The SMALL_AS_OF warehouse with the EARLY_AS_OF one (same seed) attached as `early`."""
    small.execute(f"attach '{early_path}' as early (read_only)")
    yield small
    small.execute("detach early")


def _count(con: duckdb.DuckDBPyConnection, query: str) -> int:
    return con.sql(f"select count(*) from ({query})").fetchone()[0]


EARLY_CUT = f"timestamp '{pd.Timestamp(EARLY_AS_OF)}'"


def test_earlier_as_of_sees_exactly_the_later_rows_processed_by_then(with_early: duckdb.DuckDBPyConnection) -> None:
    con = with_early
    for t in RAW_TABLES:
        early = f"select * from early.{t.qualified_name}"
        later = f"select * from {t.qualified_name} where processed_at <= {EARLY_CUT}"
        assert _count(con, early) > 0, t.name
        assert (_count(con, f"{early} except all {later}"), _count(con, f"{later} except all {early}")) == (0, 0), \
            t.name
    grown = _count(con, "select * from nba_raw.nbac_gamebook_player_stats")
    assert grown > 1.5 * _count(con, "select * from early.nba_raw.nbac_gamebook_player_stats")


def _keys_present(con: duckdb.DuckDBPyConnection, log: pd.DataFrame, catalog: str) -> pd.Series:
    """For each dirt item (of a kind whose rows are present): is there a row with its key in the raw
    tables of `catalog`?"""
    schema = {t.name: t.qualified_name for t in RAW_TABLES}
    found = pd.Series(False, index=log.index)
    for (table, _), grp in log.groupby(["table_name", "dirt_kind"]):
        keys = pd.DataFrame([json.loads(k) for k in grp.row_key], index=grp.index)
        cond = " and ".join(f"cast(t.{c} as varchar) = k.{c}" for c in keys.columns)
        keys["item"] = grp.index
        con.register("_keys", keys)
        hit = con.sql(f"select k.item from _keys k where exists "
                      f"(select 1 from {catalog}.{schema[table]} t where {cond})").df()
        con.unregister("_keys")
        found[hit["item"].to_numpy()] = True
    return found


def test_truth_and_dirt_log_follow_the_same_view(with_early: duckdb.DuckDBPyConnection) -> None:
    con = with_early
    final_then = f"select game_id from nba_raw.nbac_team_boxscore where processed_at <= {EARLY_CUT}"
    early = "select * from early.nba_sim.player_game_truth"
    later = f"select * from nba_sim.player_game_truth where game_id in ({final_then})"
    assert _count(con, early) > 1000
    assert (_count(con, f"{early} except all {later}"), _count(con, f"{later} except all {early}")) == (0, 0)

    early_log = con.sql("select * from early.nba_sim.dirt_log").df()
    later_log = con.sql("select * from nba_sim.dirt_log").df()
    assert _count(con, "select * from early.nba_sim.dirt_log except all select * from nba_sim.dirt_log") == 0
    # An item about a row is visible exactly when its row is: the later log's items whose rows the
    # earlier view has are precisely the earlier log's items.
    early_rows = early_log[~early_log.dirt_kind.isin(MISSING_KINDS)]
    later_rows = later_log[~later_log.dirt_kind.isin(MISSING_KINDS)]
    seen = later_rows[_keys_present(con, later_rows, "early")]
    assert len(early_rows) > 100 and len(later_rows) > len(early_rows)
    assert Counter(map(tuple, seen.values.tolist())) == Counter(map(tuple, early_rows.values.tolist()))


# --- dirt ---------------------------------------------------------------------------------------------------

def test_every_dirt_item_is_in_raw(small: duckdb.DuckDBPyConnection) -> None:
    log = small.sql("select * from nba_sim.dirt_log").df()
    assert len(log) > 100
    kinds = set(log.dirt_kind)
    for kind in ("name_variant", "lookup_wrong", "lookup_null", "duplicate_snapshot", "late_correction",
                 "corrupt_superseded", "team_code_variant", "status_case", "dnp_minutes", "in_game_snapshot",
                 "bdb_digit_prefix", "team_fa", "other_market", "corrupt_fallback"):
        assert kind in kinds, kind
    schema = {t.name: t.qualified_name for t in RAW_TABLES}
    present = log[~log.dirt_kind.isin(MISSING_KINDS)]
    for (table, kind), grp in present.groupby(["table_name", "dirt_kind"]):
        keys = pd.DataFrame([json.loads(k) for k in grp.row_key])
        cols = list(keys.columns)
        assert set(cols) <= set(KEY_COLS[table]) | {"game_id", "minutes_before_tipoff"}
        cond = " and ".join(f"cast(t.{c} as varchar) = k.{c}" for c in cols)
        small.register("_keys", keys)
        missing = small.sql(f"select count(*) from _keys k where not exists "
                            f"(select 1 from {schema[table]} t where {cond})").fetchone()[0]
        small.unregister("_keys")
        assert missing == 0, (table, kind)


def test_missing_items_are_really_missing(small: duckdb.DuckDBPyConnection) -> None:
    log = small.sql("select * from nba_sim.dirt_log").df()
    for kind, table in (("missing_pbp_date", "bigdataball_play_by_play"),
                        ("missing_gamebook_date", "nbac_gamebook_player_stats")):
        for key in log.loc[log.dirt_kind == kind, "row_key"].map(json.loads):
            n = small.execute(f"select count(*) from nba_raw.{table} where game_date = ?", [key["game_date"]])
            assert n.fetchone()[0] == 0
            box = small.execute("select count(*) from nba_raw.nbac_player_boxscores where game_date = ?",
                                [key["game_date"]])
            assert box.fetchone()[0] > 0
    for key in log.loc[log.dirt_kind == "registry_gap", "row_key"].map(json.loads):
        n = small.execute("select count(*) from nba_reference.nba_players_registry where player_lookup = ? "
                          "and season = ?", [key["player_lookup"], key["season"]]).fetchone()[0]
        assert n == 0


def test_corrections_supersede_corrupt_rows(small: duckdb.DuckDBPyConnection) -> None:
    gb = _active(_latest_gamebook(small))
    assert (gb.total_rebounds >= 0).all() and (gb.points < 100).all()
    versions = small.sql("""select count(*) from nba_raw.nbac_gamebook_player_stats
                            group by game_id, nba_player_id having count(*) > 1""").df()
    assert len(versions) > 0


def test_pbp_shots_match_the_box(small: duckdb.DuckDBPyConnection) -> None:
    shots = small.sql("""
        select game_id, regexp_replace(player_1_lookup, '^[0-9]+', '') lookup, count(*) fga,
               count(*) filter (where shot_type = '3PT') fg3a,
               count(*) filter (where shot_distance >= 23.75 and shot_type = '2PT') long_twos
        from nba_raw.bigdataball_play_by_play where event_type in ('shot', 'miss') group by all
    """).df()
    assert (shots.long_twos == 0).all()
    gb = _active(_latest_gamebook(small))
    gb["lookup"] = gb.player_name.map(player_lookup)
    m = shots.merge(gb, on=["game_id", "lookup"])
    assert len(m) > 0.9 * len(shots)
    assert (m.fga == m.field_goals_attempted).all() and (m.fg3a == m.three_pointers_attempted).all()


# --- one full season ----------------------------------------------------------------------------------------

def test_full_season(tmp_path: Path) -> None:
    con = _run(tmp_path / "full.duckdb", 42, FULL_AS_OF)
    sched = con.sql("""
        select * from nba_raw.nbac_schedule
        qualify row_number() over (partition by game_id order by game_status desc, processed_at desc) = 1
    """).df()
    assert len(sched) == 1230 and (sched.game_status == 3).all()
    home = sched.home_team_tricode.map(canonical_team)
    away = sched.away_team_tricode.map(canonical_team)
    games = pd.concat([pd.DataFrame({"team": home, "d": sched.game_date}),
                       pd.DataFrame({"team": away, "d": sched.game_date})])
    assert (games.groupby("team").size() == 82).all() and (home.value_counts() == 41).all()
    assert not games.duplicated().any()
    games = games.sort_values(["team", "d"])
    b2b = (pd.to_datetime(games.d).groupby(games.team).diff().dt.days == 1).groupby(games.team).sum()
    assert b2b.between(6, 22).all() and 9 <= b2b.mean() <= 17
    per_night = sched.groupby("game_date").size()
    assert per_night.max() <= 15
    span = (pd.to_datetime(sched.game_date).max() - pd.to_datetime(sched.game_date).min()).days
    assert 160 <= span <= 180
    ot = con.sql("select avg((minutes <> '240:00')::int) from nba_raw.nbac_team_boxscore").fetchone()[0]
    assert 0.03 < ot < 0.10

    truth = con.sql("select * from nba_sim.player_game_truth where played and line is not null").df()
    line_mae = (truth.line - truth.actual_points).abs().mean()
    assert 4.5 <= line_mae <= 5.5
    assert (truth.expected_points - truth.actual_points).abs().mean() < line_mae
    t = con.sql("select * from nba_sim.player_game_truth where played order by game_date").df()
    t["l10"] = t.groupby("player_lookup").actual_points.transform(lambda s: s.shift(1).rolling(10).mean())
    both = t.dropna(subset=["l10", "line"])
    assert (both.l10 - both.actual_points).abs().mean() > (both.line - both.actual_points).abs().mean()

    m = _latest_report_status(con).merge(_played(con), on=["game_id", "lookup"])
    assert not m.loc[m.status == "out", "played"].any()
    q = m.loc[m.status == "questionable", "played"]
    assert len(q) > 100 and 0.35 < q.mean() < 0.65
    con.close()
