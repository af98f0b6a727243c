"""gbm's market anchor: fair + w * (model - fair), with w chosen on the holdout."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from python_jobs.predictions.systems import gbm


def _rows(n: int, seed: int = 5) -> tuple[pd.DataFrame, np.ndarray]:
    rng = np.random.default_rng(seed)
    truth = rng.uniform(5, 30, n)
    actual = truth + rng.laplace(0, 4, n)
    frame = pd.DataFrame({gbm.ANCHOR_FEATURE: np.round(truth + rng.normal(0, 0.5, n), 1)})
    return frame, actual


def test_anchored_moves_off_the_fair_line_by_the_weight_and_keeps_rows_without_one() -> None:
    frame = pd.DataFrame({gbm.ANCHOR_FEATURE: [20.0, np.nan, 10.0]})
    model = np.array([24.0, 15.0, 8.0])
    assert gbm.anchored(model, frame, 0.0).tolist() == [20.0, 15.0, 10.0]
    assert gbm.anchored(model, frame, 0.25).tolist() == pytest.approx([21.0, 15.0, 9.5])
    assert gbm.anchored(model, frame, 1.0).tolist() == [24.0, 15.0, 8.0]
    # a feature store without the market features (v1): the model alone
    assert gbm.anchored(model, pd.DataFrame({"x": [1, 2, 3]}), 0.0).tolist() == [24.0, 15.0, 8.0]


def test_weight_stays_near_the_market_when_the_model_only_adds_noise() -> None:
    frame, actual = _rows(2000)
    rng = np.random.default_rng(1)
    noisy_model = frame[gbm.ANCHOR_FEATURE].to_numpy() + rng.normal(0, 3, len(frame))
    weight, grid, rows = gbm.choose_market_weight(noisy_model, frame, pd.Series(actual))
    assert rows == 2000 and set(grid) == {f"{w:.1f}" for w in gbm.MARKET_WEIGHTS}
    assert weight <= 0.2
    assert grid[f"{weight:.1f}"] == min(grid.values()) <= grid["1.0"]


def test_weight_follows_the_model_when_it_knows_more_than_the_market() -> None:
    rng = np.random.default_rng(2)
    truth = rng.uniform(5, 30, 2000)
    actual = truth + rng.laplace(0, 2, 2000)
    stale_market = pd.DataFrame({gbm.ANCHOR_FEATURE: truth + rng.normal(0, 4, 2000)})
    weight, _, _ = gbm.choose_market_weight(truth, stale_market, pd.Series(actual))
    assert weight >= 0.8


def test_too_few_rows_with_a_fair_line_keep_the_model_alone() -> None:
    frame, actual = _rows(gbm.MIN_ANCHOR_ROWS - 1)
    weight, grid, rows = gbm.choose_market_weight(frame[gbm.ANCHOR_FEATURE].to_numpy(), frame, pd.Series(actual))
    assert (weight, grid, rows) == (1.0, {}, gbm.MIN_ANCHOR_ROWS - 1)


def test_no_vig_probability_of_two_prices() -> None:
    p = gbm.no_vig_p_over(pd.Series([-110.0, -120.0, np.nan, 0.0]), pd.Series([-110.0, 100.0, -110.0, -110.0]))
    assert p[0] == pytest.approx(0.5) and p[1] == pytest.approx((120 / 220) / (120 / 220 + 0.5))
    assert np.isnan(p[2]) and np.isnan(p[3])


def test_gbm_p_over_moves_off_the_market_probability_by_the_weight() -> None:
    from python_jobs.predictions.calibration import ResidualCalibration
    from python_jobs.predictions.systems.base import PredictionContext

    class Fixed(gbm.GradientBoosted):
        def point_predict(self, frame: pd.DataFrame, context: PredictionContext) -> pd.DataFrame:
            return pd.DataFrame({"predicted_points": [24.0, 24.0, 24.0], "confidence_score": 80.0}, index=frame.index)

    rng = np.random.default_rng(4)
    pred = rng.uniform(5, 30, 500)
    calibration = ResidualCalibration.fit(pd.Series(pred), pd.Series(pred + rng.normal(0, 5, 500)), pd.Series(pred))
    frame = pd.DataFrame({"vegas_points_line": [20.5, 20.5, 20.5],
                          "vegas_over_price_american": [-120.0, np.nan, -110.0],
                          "vegas_under_price_american": [100.0, -110.0, -110.0]})
    own = Fixed().predict(frame, PredictionContext(con=None, features=None, calibration=calibration,
                                                   params={"market_weight": 1.0}))["p_over"]
    half = Fixed().predict(frame, PredictionContext(con=None, features=None, calibration=calibration,
                                                    params={"market_weight": 0.5}))["p_over"]
    market = gbm.no_vig_p_over(frame["vegas_over_price_american"], frame["vegas_under_price_american"])
    assert own[0] > 0.6  # 3.5 points over the line
    assert half[0] == pytest.approx(market[0] + 0.5 * (own[0] - market[0]))
    assert half[1] == own[1]  # no over price: the calibrated probability
    assert half[2] == pytest.approx(0.5 + 0.5 * (own[2] - 0.5))
