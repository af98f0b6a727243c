"""The reporting of `make bench-real` (bench/real.py) on a tiny hand-computed warehouse: MAE of each
system beside the line and the last-10 average on the same rows, the all-systems rows, coverage, rows
set aside and the answer-key cross-check."""

from __future__ import annotations

import datetime as dt
import gzip
import importlib.util
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import duckdb
import pytest

from python_jobs.paths import PROJECT_DIR

START, END = dt.date(2024, 1, 3), dt.date(2024, 1, 4)


def _load_bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_real", PROJECT_DIR / "bench" / "real.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the file runs
    spec.loader.exec_module(module)
    return module


bench = _load_bench()

# player a plays every day; b misses 01-02 (0 minutes); c's first game is 01-03 (no history);
# d has a line on 01-04 but does not play.
PLAYER_GAMES = [
    # game_id, game_date, player, points, minutes, line
    ("g1", "2024-01-01", "a", 10, 30.0, None),
    ("g2", "2024-01-02", "a", 20, 30.0, None),
    ("g3", "2024-01-03", "a", 30, 30.0, 25.5),
    ("g4", "2024-01-04", "a", 12, 30.0, 20.5),
    ("g1", "2024-01-01", "b", 8, 20.0, None),
    ("g2", "2024-01-02", "b", 0, 0.0, None),
    ("g3", "2024-01-03", "b", 14, 25.0, 10.5),
    ("g3", "2024-01-03", "c", 5, 10.0, 6.5),
    ("g4", "2024-01-04", "d", 0, 0.0, 8.5),
]
PREDICTIONS = [
    # system, game_id, game_date, player, predicted, line, voided
    ("s1", "g2", "2024-01-02", "a", 18.0, None, False),  # before the window
    ("s1", "g3", "2024-01-03", "a", 28.0, 25.5, False),
    ("s1", "g4", "2024-01-04", "a", 15.0, 20.5, False),
    ("s1", "g3", "2024-01-03", "b", 12.0, 10.5, False),
    ("s1", "g3", "2024-01-03", "c", 6.0, 6.5, False),
    ("s1", "g4", "2024-01-04", "d", 7.0, 8.5, True),
    ("s2", "g3", "2024-01-03", "a", 22.0, 25.5, False),
    ("s2", "g3", "2024-01-03", "b", 9.0, 10.5, False),
]
FEATURE_ROWS = [
    # game_id, game_date, player, vegas line
    ("g3", "2024-01-03", "a", 25.5), ("g4", "2024-01-04", "a", 20.5), ("g3", "2024-01-03", "b", 10.5),
    ("g3", "2024-01-03", "c", 6.5), ("g4", "2024-01-04", "d", 8.5), ("g4", "2024-01-04", "e", None),
]


@pytest.fixture
def con() -> Iterator[duckdb.DuckDBPyConnection]:
    c = duckdb.connect()
    for schema in ("nba_analytics", "nba_predictions", "nba_staging", "nba_test_failures"):
        c.execute(f"create schema {schema}")
    c.execute("""create table nba_analytics.player_game_summary (game_id varchar, game_date date,
                 player_lookup varchar, points bigint, minutes_played double, points_line double)""")
    c.executemany("insert into nba_analytics.player_game_summary values (?, ?, ?, ?, ?, ?)", PLAYER_GAMES)
    c.execute("""create table nba_predictions.prediction_accuracy (system_id varchar, game_id varchar,
                 game_date date, player_lookup varchar, predicted_points double, closing_points_line double,
                 is_voided boolean)""")
    c.executemany("insert into nba_predictions.prediction_accuracy values (?, ?, ?, ?, ?, ?, ?)", PREDICTIONS)
    c.execute("""create table nba_predictions.ml_feature_store (game_id varchar, game_date date,
                 player_lookup varchar, vegas_points_line double)""")
    c.executemany("insert into nba_predictions.ml_feature_store values (?, ?, ?, ?)", FEATURE_ROWS)
    c.execute("create schema if not exists nba_monitoring")
    c.execute("""create table nba_monitoring.data_quality_set_aside (game_date date, model_name varchar,
                 category varchar, reason varchar, rows_set_aside bigint)""")
    c.execute("""insert into nba_monitoring.data_quality_set_aside values
                 ('2024-11-01', 'props', 'invalid', 'bad price', 1), ('2024-11-02', 'props', 'invalid', 'bad price', 1),
                 ('2024-11-01', 'schedule', 'out_of_scope', 'no game', 1)""")
    c.execute("""create table nba_predictions.prediction_skips (system_id varchar, game_date date,
                 has_line boolean, skip_reason varchar)""")
    c.execute("""insert into nba_predictions.prediction_skips values
                 ('similarity', '2024-11-01', true, 'too few'), ('similarity', '2024-11-02', true, 'too few'),
                 ('gbm', '2024-11-01', false, 'no model'), ('gbm', '2030-01-01', true, 'no model')""")
    c.execute("create view nba_test_failures.warn_test as select 1 as x union all select 2")
    c.execute("create view nba_test_failures.clean_test as select 1 as x where false")
    c.execute("create view nba_test_failures.error_test as select 1 as x")
    yield c
    c.close()


def _by_system(rows: list) -> dict[str, object]:
    return {r.system_id: r for r in rows}


def test_mae_per_system_on_its_own_rows(con: duckdb.DuckDBPyConnection) -> None:
    rows = _by_system(bench.mae_by_system(con, START, END))
    assert set(rows) == {"s1", "s2"}
    # s1: a@g3, a@g4, b@g3 (c has no earlier game, d did not play, a@g2 is before the window)
    s1 = rows["s1"]
    assert s1.rows == 3
    assert s1.mae == pytest.approx((2 + 3 + 2) / 3)
    assert s1.line_mae == pytest.approx((4.5 + 8.5 + 3.5) / 3)
    # last 10 before the date: a@g3 15, a@g4 20, b@g3 8 (b's 0-minute game is not a played game)
    assert s1.last10_mae == pytest.approx((15 + 8 + 6) / 3)
    s2 = rows["s2"]
    assert (s2.rows, s2.mae, s2.line_mae, s2.last10_mae) == (2, pytest.approx(6.5), pytest.approx(4.0),
                                                            pytest.approx(10.5))
    assert bench.rows_without_history(con, START, END) == 1


def test_mae_on_rows_every_system_predicted(con: duckdb.DuckDBPyConnection) -> None:
    rows = _by_system(bench.mae_common_rows(con, START, END))
    assert {k: r.rows for k, r in rows.items()} == {"s1": 2, "s2": 2}
    assert rows["s1"].mae == pytest.approx(2.0)
    assert rows["s2"].mae == pytest.approx(6.5)
    for r in rows.values():  # the baselines are the same rows for every system
        assert r.line_mae == pytest.approx(4.0)
        assert r.last10_mae == pytest.approx(10.5)


def test_coverage_against_played_games_and_feature_rows(con: duckdb.DuckDBPyConnection) -> None:
    rows = _by_system(bench.coverage(con, START, END))
    s1, s2 = rows["s1"], rows["s2"]
    # played with a line: a@g3, a@g4, b@g3, c@g3 (d has a line but did not play)
    assert (s1.line_games, s1.predicted, s1.pct) == (4, 4, pytest.approx(100.0))
    assert (s2.line_games, s2.predicted, s2.pct) == (4, 2, pytest.approx(50.0))
    # feature rows with a line: five (e has none); d's voided prediction still covers its row
    assert (s1.fs_line_rows, s1.fs_predicted) == (5, 5)
    assert (s2.fs_line_rows, s2.fs_predicted, s2.fs_pct) == (5, 2, pytest.approx(40.0))


def test_rows_set_aside(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    rejects = bench.staging_rejects(con)
    assert [(r.table_name, r.reason, r.rows) for r in rejects] == [
        ("props", "invalid: bad price", 2), ("schedule", "out_of_scope: no game", 1)]
    # only rows with a line, in the window
    skipped = bench.prediction_skips(con, dt.date(2024, 11, 1), dt.date(2024, 11, 30))
    assert [(r.table_name, r.reason, r.rows) for r in skipped] == [("similarity", "too few", 2)]

    def node(name: str, **config: object) -> dict:
        return {"resource_type": "test", "name": name, "alias": name, "schema": "nba_test_failures",
                "attached_node": "model.p.some_model", "config": {"store_failures": True, **config}}

    manifest = tmp_path / "manifest.json"
    manifest.write_text(json.dumps({"nodes": {
        "t1": node("warn_test", severity="warn"),
        "t2": node("clean_test", severity="error", warn_if=">0", error_if=">1"),
        "t3": node("error_test", severity="error", warn_if="!= 0", error_if="!= 0"),
    }}))
    tests = bench.warn_tests(manifest)
    assert [t.relation for t in tests] == ["clean_test", "warn_test"]
    kept = bench.quarantined_rows(con, tests)
    assert [(r.table_name, r.reason, r.rows) for r in kept] == [("some_model", "warn_test", 2)]
    # without a manifest every stored view is counted
    assert {r.reason: r.rows for r in bench.quarantined_rows(con, None)} == {"warn_test": 2, "error_test": 1}
    assert bench.warn_tests(tmp_path / "missing.json") is None


def test_answer_key_cross_check(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    key = tmp_path / "answer_key.csv.gz"
    with gzip.open(key, "wt") as f:
        f.write("game_date,game_id,player_lookup,actual_points,median_line,n_books,naive_last10\n"
                "2024-01-03,x,a,30,25.0,2,15.0\n"
                "2024-01-03,x,b,14,10.5,2,8.0\n"
                "2024-01-04,x,d,,8.5,1,\n"  # did not play: not a row
                "2024-01-05,x,a,10,10.0,1,10.0\n")  # outside the window
    check = bench.answer_key_check(con, key, START, END)
    assert check.rows == 2
    assert check.line_mae == pytest.approx((5 + 3.5) / 2)
    assert check.last10_mae == pytest.approx((15 + 6) / 2)
    assert (check.graded_any, check.graded_with_line) == (2, 2)
    assert check.graded_by_system == {"s1": 2, "s2": 2}
    assert check.last10_agreement_rows == 2
    assert check.last10_mean_abs_diff == pytest.approx(0.0)
