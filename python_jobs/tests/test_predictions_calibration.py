"""p_over from the residual distribution: exact on known distributions, calibrated on held-out draws."""

from __future__ import annotations

import math

import numpy as np
import pytest

from python_jobs.predictions.calibration import (
    MIN_ROWS,
    ResidualCalibration,
    calibration_error,
    mix,
    reliability,
)


def _normal_sf(x: np.ndarray, sd: float) -> np.ndarray:
    return np.array([0.5 * math.erfc(v / (sd * math.sqrt(2))) for v in x])


def test_p_over_matches_the_residual_distribution() -> None:
    rng = np.random.default_rng(0)
    pred = rng.uniform(8, 16, 20_000)  # one band: 6 <= pred < 12 and 12 <= pred < 18
    actual = pred + rng.normal(0.0, 5.0, pred.size)
    cal = ResidualCalibration.fit(pred, actual)
    lines = np.array([10.5, 12.5, 14.5, 20.5])
    preds = np.full(4, 13.0)
    expected = _normal_sf(lines - preds, 5.0)  # P(residual > line - predicted)
    assert np.allclose(cal.p_over(preds, lines), expected, atol=0.02)
    # higher line -> lower p_over; prediction above the line -> p_over above one half
    assert np.all(np.diff(cal.p_over(preds, lines)) < 0)
    assert cal.p_over(np.array([15.0]), np.array([12.5]))[0] > 0.6


def test_bands_keep_their_own_spread() -> None:
    rng = np.random.default_rng(1)
    low = rng.uniform(2, 5, 5_000)
    high = rng.uniform(25, 35, 5_000)
    pred = np.concatenate([low, high])
    actual = np.concatenate([low + rng.normal(0, 1.5, low.size), high + rng.normal(0, 8.0, high.size)])
    cal = ResidualCalibration.fit(pred, actual)
    # the same 3-point edge is near-certain for a 4-point scorer and a coin flip-ish for a 30-point one
    p_low = cal.p_over(np.array([4.0]), np.array([1.0]))[0]
    p_high = cal.p_over(np.array([30.0]), np.array([27.0]))[0]
    assert p_low > 0.95
    assert 0.58 < p_high < 0.72


def test_missing_line_gives_no_probability_and_clipping() -> None:
    rng = np.random.default_rng(2)
    pred = rng.uniform(5, 30, 2_000)
    cal = ResidualCalibration.fit(pred, pred + rng.normal(0, 4, pred.size))
    out = cal.p_over(np.array([20.0, 20.0, 20.0]), np.array([np.nan, 60.5, -10.0]))
    assert np.isnan(out[0])
    assert out[1] == pytest.approx(0.01) and out[2] == pytest.approx(0.99)


def test_json_round_trip_and_too_few_rows() -> None:
    rng = np.random.default_rng(3)
    pred = rng.uniform(5, 30, 1_000)
    cal = ResidualCalibration.fit(pred, pred + rng.normal(0.5, 4, pred.size))
    again = ResidualCalibration.from_json(cal.to_json())
    assert again == cal
    assert cal.bias == pytest.approx(0.5, abs=0.4)
    with pytest.raises(ValueError, match="at least"):
        ResidualCalibration.fit(pred[: MIN_ROWS - 1], pred[: MIN_ROWS - 1])


def test_mix_averages_quantiles() -> None:
    rng = np.random.default_rng(4)
    pred = rng.uniform(10, 14, 5_000)
    narrow = ResidualCalibration.fit(pred, pred + rng.normal(0, 2, pred.size))
    wide = ResidualCalibration.fit(pred, pred + rng.normal(0, 6, pred.size))
    mixed = mix([narrow, wide], [1.0, 1.0])
    assert narrow.std < mixed.std < wide.std
    p = [c.p_over(np.array([12.0]), np.array([15.5]))[0] for c in (narrow, mixed, wide)]
    assert p[0] < p[1] < p[2]


def test_calibrated_on_held_out_draws_and_a_miscalibrated_one_fails() -> None:
    rng = np.random.default_rng(5)
    level = rng.uniform(4, 30, 12_000)
    noise_sd = 2 + 0.2 * level
    pred_fit, pred_test = level[:6_000], level[6_000:]
    cal = ResidualCalibration.fit(pred_fit, pred_fit + rng.normal(0, noise_sd[:6_000]))
    actual = np.round(pred_test + rng.normal(0, noise_sd[6_000:]))
    lines = np.floor(pred_test + rng.normal(0, 2.0, pred_test.size)) + 0.5  # half-point lines: no pushes
    over = (actual > lines).astype(float)
    p = cal.p_over(pred_test, lines)
    assert calibration_error(p, over) < 0.03
    table = reliability(p, over)
    table = table[table["n"] >= 300]  # bins with enough rows to judge one by one
    assert len(table) >= 4
    assert (table["mean_p"] - table["over_rate"]).abs().max() < 0.06
    # the check can fail: residuals with a third of the spread are overconfident
    narrow = ResidualCalibration.fit(pred_fit, pred_fit + rng.normal(0, noise_sd[:6_000] / 3))
    assert calibration_error(narrow.p_over(pred_test, lines), over) > 0.08


def test_platt_step_corrects_a_system_that_ignores_the_line() -> None:
    rng = np.random.default_rng(6)
    n = 8_000
    truth = rng.uniform(5, 30, n)
    line = np.floor(truth + rng.normal(0, 1.0, n)) + 0.5  # the book knows the truth well
    pred = truth + rng.normal(0, 3.0, n)  # the system does not, and never sees the line
    actual = np.round(truth + rng.normal(0, 5.0, n))
    half = n // 2
    raw = ResidualCalibration.fit(pred[:half], actual[:half])
    cal = ResidualCalibration.fit(pred[:half], actual[:half], line[:half])
    assert (cal.platt_a, cal.platt_b) != (0.0, 1.0) and 0 < cal.platt_b < 1  # shrinks towards 0.5
    went_over = (actual[half:] > line[half:]).astype(float)
    assert calibration_error(raw.p_over(pred[half:], line[half:]), went_over) > 0.08
    assert calibration_error(cal.p_over(pred[half:], line[half:]), went_over) < 0.03
    assert ResidualCalibration.from_json(cal.to_json()) == cal
