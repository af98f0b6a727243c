"""Training and predicting on a small synthetic warehouse: leakage, model choice, idempotent reruns,
the NO_LINE / ruled-out / not-ready rows, calibration of p_over, and ensemble weights from history."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from python_jobs.predictions import features as fs
from python_jobs.predictions.calibration import calibration_error
from python_jobs.predictions.job import predict_for_date
from python_jobs.predictions.train import train_until
from python_jobs.tests.predictions_fixtures import START, write_league

D = START + dt.timedelta(days=50)
LANDING = "nba_predictions.prediction_landing"
REGISTRY = "nba_predictions.model_registry"


@pytest.fixture(scope="module")
def league(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("predictions_league") / "league.duckdb"
    write_league(db, players=60, days=75)
    return db


@pytest.fixture
def db(league: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "wh.duckdb"
    shutil.copy(league, copy)
    return copy


def _sql(db: Path, sql: str, params: list | None = None) -> list[tuple]:
    con = duckdb.connect(str(db))
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def test_training_never_sees_the_target_date(db: Path, tmp_path: Path) -> None:
    row = train_until(db, D, system="gbm")
    assert row.training_end < D and row.holdout_end < D
    played_before = _sql(db, f"select count(*) from {fs.PLAYER_GAMES} where game_date < ?", [D])[0][0]
    assert row.n_train_rows == played_before
    assert Path(row.file_path).exists() and Path(row.file_path).parent == db.parent / "models"
    assert json.loads(json.dumps(row.features)) == list(fs.feature_list_from_csv().names)
    # the same data again: the same model, no second registry row
    assert train_until(db, D, system="gbm").model_id == row.model_id
    assert _sql(db, f"select count(*) from {REGISTRY}")[0][0] == 1
    # wreck every game on or after D (features and results): the model trained until D is unchanged
    wrecked = tmp_path / "wrecked" / "wh.duckdb"
    wrecked.parent.mkdir()
    shutil.copy(db, wrecked)
    _sql(wrecked, f"update {fs.PLAYER_GAMES} set points = 99 where game_date >= ?", [D])
    _sql(wrecked, f"update {fs.FEATURE_STORE} set points_avg_last_5 = 99, vegas_points_line = 0.5 "
                  "where game_date >= ?", [D])
    again = train_until(wrecked, D, system="gbm")
    assert (again.file_sha256, again.expected_mae) == (row.file_sha256, row.expected_mae)
    # ... while one more day of data changes it
    assert train_until(db, D + dt.timedelta(days=1), system="gbm").file_sha256 != row.file_sha256


def test_predict_uses_the_newest_model_trained_before_the_date(db: Path) -> None:
    later = train_until(db, D + dt.timedelta(days=7), system="gbm")  # saw D: must never be used for D
    summary = predict_for_date(db, D, systems=["gbm"])
    assert summary.rows_written == 0 and summary.by_system["gbm"].skipped == summary.players
    assert "no gbm model trained before" in summary.by_system["gbm"].note
    older = train_until(db, D - dt.timedelta(days=7), system="gbm")
    right = train_until(db, D, system="gbm")
    assert older.training_end < right.training_end < D <= later.training_end
    summary = predict_for_date(db, D, systems=["gbm"])
    assert summary.by_system["gbm"].model_id == right.model_id
    used = _sql(db, f"select distinct model_id from {LANDING} where system_id = 'gbm'")
    assert used == [(right.model_id,)]
    # and the date after D may use the model trained until D + 1 only, not the one until D + 7
    nxt = predict_for_date(db, D + dt.timedelta(days=1), systems=["gbm"])
    assert nxt.by_system["gbm"].model_id == right.model_id


def test_rerun_writes_nothing_and_a_changed_line_writes_one_row_per_system(db: Path) -> None:
    _sql(db, f"update {fs.FEATURE_STORE} set injury_status = 'out' where game_date = ? and player_lookup = 'player01'",
         [D])
    _sql(db, f"update {fs.FEATURE_STORE} set is_quality_ready = false, feature_quality_tier = 'poor' "
             "where game_date = ? and player_lookup = 'player02'", [D])
    train_until(db, D, system="gbm")
    systems = ["gbm", "moving_average"]
    first = predict_for_date(db, D, systems=systems, run_id="run1")
    assert first.players == 60 and first.rows_written == 120 and first.rows_unchanged == 0
    second = predict_for_date(db, D, systems=systems, run_id="run2")
    assert (second.rows_written, second.rows_unchanged) == (0, 120)
    assert _sql(db, f"select count(*) from {LANDING} where run_id = 'run2'")[0][0] == 0
    # a player with a line gets a new line: exactly one new row per system, for him only
    lined = _sql(db, f"select player_lookup, vegas_points_line from {fs.FEATURE_STORE} where game_date = ? "
                     "and vegas_points_line is not null and player_lookup > 'player02' order by 1 limit 1", [D])[0]
    _sql(db, f"update {fs.FEATURE_STORE} set vegas_points_line = vegas_points_line + 3 "
             "where game_date = ? and player_lookup = ?", [D, lined[0]])
    third = predict_for_date(db, D, systems=systems, run_id="run3")
    assert (third.rows_written, third.rows_unchanged) == (2, 118)
    new = _sql(db, f"select player_lookup, system_id, current_points_line from {LANDING} where run_id = 'run3' order by 2")
    assert new == [(lined[0], "gbm", lined[1] + 3), (lined[0], "moving_average", lined[1] + 3)]
    assert _sql(db, f"select count(distinct prediction_id) from {LANDING}")[0][0] == 122

    rows = pd.DataFrame(_sql(db, f"select player_lookup, recommendation, p_over, line_source, line_source_api, "
                                 f"current_points_line, line_margin, is_actionable, filter_reason, "
                                 f"injury_status_at_prediction from {LANDING} where run_id = 'run1'"),
                        columns=["player", "rec", "p_over", "source", "api", "line", "margin", "actionable",
                                 "reason", "injury"])
    no_line = rows[rows["line"].isna()]
    assert len(no_line) > 0
    assert (no_line["rec"] == "NO_LINE").all() and no_line["p_over"].isna().all()
    assert (no_line["source"] == "NO_PROP_LINE").all() and no_line["api"].isna().all() and no_line["margin"].isna().all()
    assert not no_line["actionable"].any()
    lined_rows = rows[rows["line"].notna()]
    assert (lined_rows["source"] == "ACTUAL_PROP").all() and (lined_rows["api"] == "ODDS_API").all()
    assert lined_rows["p_over"].between(0, 1).all()
    out = rows[rows["player"] == "player01"]
    assert not out["actionable"].any() and (out["reason"] == "ruled_out").all() and (out["injury"] == "out").all()
    not_ready = rows[rows["player"] == "player02"]
    assert not not_ready["actionable"].any() and (not_ready["reason"] == "not_quality_ready").all()
    assert set(rows.loc[rows["actionable"], "rec"]) <= {"OVER", "UNDER"}
    assert rows.loc[rows["actionable"], "reason"].isna().all()


def test_similarity_reads_only_games_before_the_date(db: Path) -> None:
    before = predict_for_date(db, D, systems=["similarity"], run_id="before")
    assert before.rows_written > 0
    _sql(db, f"update {fs.PLAYER_GAMES} set points = 99 where game_date >= ?", [D])
    after = predict_for_date(db, D, systems=["similarity"], run_id="after")
    assert (after.rows_written, after.rows_unchanged) == (0, before.rows_written)


@pytest.fixture(scope="module")
def predicted(league: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two held-out weeks predicted walk-forward with one model trained until D."""
    db = tmp_path_factory.mktemp("predictions_walk") / "wh.duckdb"
    shutil.copy(league, db)
    train_until(db, D, system="gbm")
    for k in range(14):
        predict_for_date(db, D + dt.timedelta(days=k), systems=["moving_average", "zone_matchup", "gbm"])
    return db


def _graded(db: Path) -> pd.DataFrame:
    con = duckdb.connect(str(db))
    try:
        return con.execute(
            f"""select l.system_id, l.game_date, l.game_id, l.player_lookup, l.predicted_points, l.p_over,
                       l.current_points_line, g.points::double as actual, f.points_avg_last_10
                from {LANDING} as l
                inner join {fs.PLAYER_GAMES} as g using (game_id, player_lookup)
                inner join {fs.FEATURE_STORE} as f using (game_id, player_lookup)"""
        ).df()
    finally:
        con.close()


def test_p_over_is_calibrated_on_held_out_days_and_gbm_beats_last_10(predicted: Path) -> None:
    graded = _graded(predicted)
    for system_id in ("gbm", "moving_average", "zone_matchup"):
        rows = graded[(graded["system_id"] == system_id) & graded["p_over"].notna()]
        assert len(rows) > 400
        went_over = (rows["actual"] > rows["current_points_line"]).astype(float)
        assert calibration_error(rows["p_over"], went_over) < 0.07, system_id
        # p_over separates: the over rate where p_over >= 0.6 is well above the rate where it is <= 0.4
        assert went_over[rows["p_over"] >= 0.6].mean() > went_over[rows["p_over"] <= 0.4].mean() + 0.15
    gbm = graded[(graded["system_id"] == "gbm") & graded["points_avg_last_10"].notna()]
    gbm_mae = (gbm["predicted_points"] - gbm["actual"]).abs().mean()
    last10_mae = (gbm["points_avg_last_10"] - gbm["actual"]).abs().mean()
    assert gbm_mae < last10_mae


def test_ensemble_weights_come_from_graded_history(predicted: Path) -> None:
    day = D + dt.timedelta(days=14)
    row = train_until(predicted, day, system="ensemble")
    graded = _graded(predicted)
    wide = graded.pivot_table(index=["game_id", "player_lookup", "actual"], columns="system_id",
                              values="predicted_points").dropna().reset_index()
    mae = {s: (wide[s] - wide["actual"]).abs().mean() for s in ("gbm", "moving_average", "zone_matchup")}
    weights = row.params["weights"]
    # weights on the 0.1 grid summing to 1, similarity (no graded history) left out, and the blend
    # at least as accurate on that history as its best member alone
    assert sum(weights.values()) == pytest.approx(1.0) and weights["similarity"] == 0.0
    assert all(abs(10 * w - round(10 * w)) < 1e-9 for w in weights.values())
    blend = sum(weights[s] * wide[s] for s in mae)
    assert (blend - wide["actual"]).abs().mean() <= min(mae.values()) + 1e-9
    assert row.training_end < day and row.expected_mae is not None and row.calibration is not None
    summary = predict_for_date(predicted, day, systems=["ensemble"])
    assert summary.by_system["ensemble"].model_id == row.model_id
    assert summary.rows_written == summary.players
    # only ensemble rows were written: members ran but were not requested
    assert _sql(predicted, f"select distinct system_id from {LANDING} where game_date = ?", [day]) == [("ensemble",)]


def test_every_row_is_predicted_or_skipped_with_a_reason(db: Path) -> None:
    SKIPS = "nba_predictions.prediction_skips"
    # no gbm model yet: every row skipped, with the note as its reason
    summary = predict_for_date(db, D, systems=["gbm", "moving_average"], run_id="r1")
    assert _sql(db, f"select count(*), min(skip_reason) from {SKIPS} where system_id = 'gbm'") == [
        (summary.players, f"no gbm model trained before {D}: run `nba-props train --until {D}`")]
    # a player without any points average: moving_average cannot predict him, and says why
    _sql(db, f"update {fs.FEATURE_STORE} set points_avg_last_5 = null, points_avg_last_10 = null, "
             "points_avg_season = null where game_date = ? and player_lookup = 'player03'", [D])
    train_until(db, D, system="gbm")
    summary = predict_for_date(db, D, systems=["gbm", "moving_average"], run_id="r2")
    got = _sql(db, f"select system_id, player_lookup, skip_reason, run_id from {SKIPS} where game_date = ?", [D])
    assert got == [("moving_average", "player03",
                    "no points average before the date (last 5, last 10 or season average is NULL)", "r2")]
    assert summary.by_system["moving_average"].skipped == 1 and summary.by_system["gbm"].skipped == 0
    # per system, predicted rows (written or unchanged) plus skips account for every feature-store row
    ma = summary.by_system["moving_average"]
    assert ma.written + ma.unchanged + ma.skipped == summary.players
