"""Each system's formula and thresholds, the shared recommendation rule, and ensemble weights from history."""

from __future__ import annotations

import datetime as dt
import importlib

import duckdb
import numpy as np
import pandas as pd
import pytest

from python_jobs.predictions.features import feature_list_from_csv
from python_jobs.predictions.systems import SYSTEMS
from python_jobs.predictions.systems.base import PredictionContext, recommend
from python_jobs.predictions.systems.ensemble import MIN_GRADED, combine, weights_from_history
from python_jobs.predictions.systems.moving_average import MovingAverage
from python_jobs.predictions.systems.zone_matchup import ZoneMatchup

FEATURES = feature_list_from_csv()


def _rows(n: int = 1, **values) -> pd.DataFrame:
    base = {name: np.nan for name in FEATURES.names}
    base.update({"game_date": dt.date(2025, 12, 1), "player_lookup": "p", "injury_status": None,
                 "is_quality_ready": True, "vegas_points_line": 20.5})
    base.update(values)
    return pd.DataFrame([base] * n)


def _decide(system_id: str, edge: float, p: float, conf: float, **row) -> tuple[str, object]:
    frame = _rows(**row)
    line = frame["vegas_points_line"].astype(float)
    out = pd.DataFrame({"predicted_points": line + edge, "p_over": [p], "confidence_score": [conf]})
    rec = recommend(frame, out, SYSTEMS[system_id].thresholds)
    return rec["recommendation"].iloc[0], rec["filter_reason"].iloc[0]


@pytest.mark.parametrize("system_id", sorted(SYSTEMS))
def test_each_systems_thresholds(system_id: str) -> None:
    t = SYSTEMS[system_id].thresholds
    ok_conf = t.min_confidence
    assert _decide(system_id, t.min_edge, t.min_p, ok_conf) == ("OVER", None)
    assert _decide(system_id, -t.min_edge, 1 - t.min_p, ok_conf) == ("UNDER", None)
    assert _decide(system_id, t.min_edge - 0.1, 0.9, ok_conf) == ("PASS", "small_edge")
    assert _decide(system_id, -(t.min_edge - 0.1), 0.1, ok_conf) == ("PASS", "small_edge")
    assert _decide(system_id, t.min_edge + 3, t.min_p - 0.01, ok_conf) == ("PASS", "small_edge")
    assert _decide(system_id, -(t.min_edge + 3), 1 - t.min_p + 0.01, ok_conf) == ("PASS", "small_edge")
    assert _decide(system_id, t.min_edge + 3, 0.95, ok_conf - 0.1) == ("PASS", "low_confidence")
    # the documented thresholds are the ones in force
    doc = importlib.import_module(SYSTEMS[system_id].__module__).__doc__
    assert f"|edge| >= {t.min_edge}" in doc and f"p_over >= {t.min_p}" in doc


@pytest.mark.parametrize(("row", "expected"), [
    ({"vegas_points_line": np.nan}, ("NO_LINE", "no_line")),
    ({"injury_status": "out"}, ("PASS", "ruled_out")),
    ({"injury_status": "doubtful"}, ("PASS", "ruled_out")),
    ({"injury_status": "out", "vegas_points_line": np.nan}, ("NO_LINE", "ruled_out")),
    ({"is_quality_ready": False}, ("PASS", "not_quality_ready")),
    ({"injury_status": "questionable"}, ("OVER", None)),
    ({"injury_status": "probable"}, ("OVER", None)),
])
def test_gates_before_thresholds(row: dict, expected: tuple[str, object]) -> None:
    assert _decide("gbm", 5.0, 0.8, 90.0, **row) == expected


def test_no_calibration_is_a_pass() -> None:
    assert _decide("gbm", 5.0, np.nan, 90.0) == ("PASS", "no_calibration")


def _ctx() -> PredictionContext:
    return PredictionContext(con=duckdb.connect(), features=FEATURES)


def test_moving_average_formula_and_fixed_fatigue_sign() -> None:
    common = {"points_avg_last_5": 20.0, "points_avg_last_10": 18.0, "points_avg_season": 16.0,
              "home_away": 1.0, "back_to_back": 0.0, "points_std_last_10": 5.0, "games_in_last_7_days": 3.0}
    frame = pd.concat([_rows(**common, fatigue_score=f) for f in (100.0, 60.0, 45.0, 20.0)], ignore_index=True)
    out = MovingAverage().predict(frame, _ctx())
    base = 0.5 * 20 + 0.3 * 18 + 0.2 * 16 + 0.5  # 18.6 + home
    # 100 = fresh: no penalty; tired players (low score) are predicted LOWER
    assert out["predicted_points"].tolist() == pytest.approx([base, base, base - 1.0, base - 2.5])
    assert out["confidence_score"].tolist() == pytest.approx([52.0] * 4)  # 50 - 8 (std > 4) + 10 (3 games)
    extra = _rows(**{**common, "fatigue_score": 100.0, "back_to_back": 1.0, "home_away": 0.0,
                     "shot_zone_mismatch_score": 2.0, "pace_score": 1.0, "usage_spike_score": 1.0})
    value = MovingAverage().predict(extra, _ctx())["predicted_points"].iloc[0]
    assert value == pytest.approx(18.6 - 1.5 - 0.5 + 0.6 + 0.3 + 0.4)
    assert np.isnan(MovingAverage().predict(_rows(points_avg_last_5=10.0), _ctx())["predicted_points"].iloc[0])


def test_predictions_are_clamped() -> None:
    frame = _rows(points_avg_last_5=90.0, points_avg_last_10=90.0, points_avg_season=90.0, home_away=1.0)
    assert MovingAverage().predict(frame, _ctx())["predicted_points"].iloc[0] == 60.0


def test_zone_matchup_uses_zone_defence_then_falls_back_to_rating() -> None:
    zones = {"pct_paint": 1.0, "pct_mid_range": 0.0, "pct_three": 0.0, "pct_free_throw": 0.0,
             "opponent_paint_defense_vs_league": 5.6, "opponent_mid_range_defense_vs_league": -3.0,
             "opponent_three_pt_defense_vs_league": -3.0}
    common = {"points_avg_season": 20.0, "home_away": np.nan, "fatigue_score": 90.0}
    with_zones = _rows(**common, **zones, opponent_def_rating=112.0)
    out = ZoneMatchup().predict(with_zones, _ctx())["predicted_points"].iloc[0]
    assert out == pytest.approx(20.0 + 20.0 * 5.6 / (100 * 0.56))  # a 10 % weaker paint defence: +10 %
    no_zones = pd.concat([_rows(**common, opponent_def_rating=r) for r in (110.0, 114.0)], ignore_index=True)
    out = ZoneMatchup().predict(no_zones, _ctx())["predicted_points"]
    assert out.tolist() == pytest.approx([20.0 * (110 / 112), 20.0 * (114 / 112)])
    tired = ZoneMatchup().predict(_rows(**{**common, "fatigue_score": 20.0}), _ctx())["predicted_points"].iloc[0]
    assert tired == pytest.approx(18.5)


def test_ensemble_combines_present_members() -> None:
    index = pd.RangeIndex(2)
    members = {
        "moving_average": pd.DataFrame({"predicted_points": [10.0, 10.0], "confidence_score": [50.0, 50.0]}),
        "gbm": pd.DataFrame({"predicted_points": [20.0, np.nan], "confidence_score": [70.0, np.nan]}),
    }
    out = combine(members, {"moving_average": 0.75, "gbm": 0.25}, index)
    assert out["predicted_points"].tolist() == pytest.approx([12.5, 10.0])
    assert out["confidence_score"].tolist() == pytest.approx([55.0, 50.0])


def _graded_history(con: duckdb.DuckDBPyConnection, day: dt.date, errors: dict[str, float], games: int,
                    line: float | None = None, prefix: str = "g") -> None:
    from python_jobs.predictions import landing

    landing.ensure(con)
    con.execute("create schema if not exists nba_analytics")
    con.execute("create table if not exists nba_analytics.player_game_summary (player_lookup varchar, game_id varchar, "
                "game_date date, points bigint, minutes_played double, is_dnp boolean)")
    rows, actual = [], []
    for g in range(games):
        game_id, player = f"{prefix}{day:%Y%m%d}_{g}", f"{prefix}p{g}"
        actual.append({"player_lookup": player, "game_id": game_id, "game_date": day, "points": 20,
                       "minutes_played": 30.0, "is_dnp": False})
        for system_id, err in errors.items():
            sign = 1 if g % 2 else -1
            rows.append({name: None for name in landing.NAMES} | {
                "prediction_id": f"{system_id}{g}{day}", "system_id": system_id, "game_id": game_id,
                "player_lookup": player, "game_date": day, "predicted_points": 20 + sign * err,
                "current_points_line": line, "created_at": dt.datetime(2025, 1, 1)})
    landing.append(con, pd.DataFrame(rows))
    con.register("actual_rows", pd.DataFrame(actual))
    con.execute("insert into nba_analytics.player_game_summary select * from actual_rows")
    con.unregister("actual_rows")


def test_ensemble_weights_are_the_lowest_mae_blend_of_history_before_the_date() -> None:
    con = duckdb.connect()
    day = dt.date(2025, 12, 10)
    empty = weights_from_history(con, day)
    assert set(empty.weights.values()) == {0.25} and empty.reason.startswith("equal weights")
    _graded_history(con, day - dt.timedelta(days=1), {"moving_average": 2.0, "gbm": 4.0, "similarity": 3.0},
                    MIN_GRADED)
    _graded_history(con, day - dt.timedelta(days=2), {"zone_matchup": 1.0}, MIN_GRADED - 1)  # too few: no weight
    # games on and after the date never count, however they went
    _graded_history(con, day, {"moving_average": 30.0, "gbm": 0.0}, MIN_GRADED)
    history = weights_from_history(con, day)
    assert history.member_mae == pytest.approx({"moving_average": 2.0, "gbm": 4.0, "similarity": 3.0})
    # the members err the same way on every game: any blend is worse than the best member alone
    assert history.weights == pytest.approx({"moving_average": 1.0, "gbm": 0.0, "similarity": 0.0,
                                             "zone_matchup": 0.0})
    assert "lowest-MAE weights" in history.reason and "MAE 2.000" in history.reason
    # only one member with enough history: equal weights, reason recorded
    con2 = duckdb.connect()
    _graded_history(con2, day - dt.timedelta(days=1), {"gbm": 4.0}, MIN_GRADED)
    single = weights_from_history(con2, day)
    assert set(single.weights.values()) == {0.25} and "gbm=200" in single.reason


def test_ensemble_blend_beats_its_best_member_when_errors_offset() -> None:
    from python_jobs.predictions.systems.ensemble import lowest_mae_weights, simplex_grid

    assert len(simplex_grid(4)) == 286 and np.allclose(simplex_grid(3).sum(axis=1), 1.0)
    rng = np.random.default_rng(3)
    actual = rng.normal(20, 5, 400)
    noise = rng.normal(0, 1, 400)
    # a is off by +2 + noise, b by -2 + noise: their mean is off by the noise only
    preds = np.column_stack([actual + 2 + noise, actual - 2 + noise, actual + rng.normal(0, 6, 400)])
    weights, mae = lowest_mae_weights(preds, actual)
    assert weights == pytest.approx((0.5, 0.5, 0.0))
    best_member = min(np.abs(preds[:, k] - actual).mean() for k in range(3))
    assert mae < best_member - 1.0


def test_ensemble_weights_are_fitted_apart_on_games_with_and_without_a_line() -> None:
    from python_jobs.predictions.systems.ensemble import Ensemble

    con = duckdb.connect()
    day = dt.date(2025, 12, 10)
    _graded_history(con, day - dt.timedelta(days=1), {"moving_average": 3.0, "gbm": 1.0}, MIN_GRADED, line=19.5)
    _graded_history(con, day - dt.timedelta(days=2), {"moving_average": 2.0, "gbm": 4.0}, MIN_GRADED, prefix="n")
    history = weights_from_history(con, day)
    assert history.by_line["with_line"] == pytest.approx({"gbm": 1.0, "moving_average": 0.0, "similarity": 0.0,
                                                          "zone_matchup": 0.0})
    assert history.by_line["without_line"]["moving_average"] == pytest.approx(1.0)
    assert "with_line: 200 games" in history.reason
    # predicting: each row takes its stratum's weights
    frame = pd.DataFrame({"vegas_points_line": [20.5, np.nan]})
    members = {m: pd.DataFrame({"predicted_points": [p, p], "confidence_score": [60.0, 60.0]})
               for m, p in (("gbm", 22.0), ("moving_average", 18.0))}
    out = Ensemble().point_predict(frame, PredictionContext(con=con, features=None, members=members, params={
        "weights": history.weights, "weights_by_line": history.by_line}))
    assert out["predicted_points"].tolist() == pytest.approx([22.0, 18.0])
