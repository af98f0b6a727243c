"""Unit tests of the pure rules of the dbt Python model player_composite_factors."""

import importlib.util
import math
from pathlib import Path

import pandas as pd
import pytest

MODEL_PATH = Path(__file__).resolve().parents[2] / "models" / "phase4_precompute" / "player_composite_factors.py"


def _load_model():
    spec = importlib.util.spec_from_file_location("player_composite_factors", MODEL_PATH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


factors = _load_model()

# a rested, average player with every input present and nothing unusual
BASE = {
    "game_date": pd.Timestamp("2025-11-10"),
    "player_lookup": "alpha",
    "game_id": "20251110_AAA_BBB",
    "team_abbr": "AAA",
    "opponent_team_abbr": "BBB",
    "days_rest": 1.0,
    "back_to_back": False,
    "games_in_last_7_days": 2.0,
    "minutes_in_last_7_days": 60.0,
    "avg_minutes_per_game_last_7": 30.0,
    "back_to_backs_last_14_days": 0.0,
    "primary_scoring_zone": "paint",
    "paint_rate_last_10": 0.5,
    "mid_range_rate_last_10": 0.2,
    "three_pt_rate_last_10": 0.3,
    "opp_paint_defense_vs_league_avg": 0.0,
    "opp_mid_range_defense_vs_league_avg": 0.0,
    "opp_three_pt_defense_vs_league_avg": 0.0,
    "team_pace_last_10": 100.0,
    "opponent_pace_last_10": 100.0,
    "league_avg_pace": 100.0,
    "usage_rate_last_10": 20.0,
    "minutes_avg_last_10": 30.0,
    "star_teammates_out": 0,
    "injury_report_available": True,
    "teammates_out": 0,
    "teammates_out_usage_weighted": 0.0,
    "team_available_minutes": 240.0,
    "early_season_flag": False,
    "latest_input_game_date": pd.Timestamp("2025-11-08"),
}


def run(*overrides):
    rows = [{**BASE, "player_lookup": f"p{i}", **o} for i, o in enumerate(overrides)]
    return factors.compute_composite_factors(pd.DataFrame(rows))


def test_output_columns_and_version():
    out = run({})
    assert list(out.columns) == factors.OUTPUT_COLUMNS
    assert (out["calculation_version"] == factors.CALCULATION_VERSION).all()
    assert factors.CALCULATION_VERSION


def test_fatigue_lowers_prediction_only_when_tired():
    fresh, rested, tired = run(
        {},
        {"days_rest": 3.0},
        {
            "back_to_back": True,
            "days_rest": 0.0,
            "games_in_last_7_days": 4.0,
            "minutes_in_last_7_days": 150.0,
            "avg_minutes_per_game_last_7": 37.5,
            "back_to_backs_last_14_days": 2.0,
        },
    ).to_dict("records")
    assert fresh["fatigue_score"] == 100 and fresh["fatigue_adjustment"] == 0
    # +5 rest bonus is clamped at 100: being fresh never raises nor lowers the prediction
    assert rested["fatigue_score"] == 100 and rested["fatigue_adjustment"] == 0
    # 100 - 15 - 10 - 8 - 12 = 55 -> (55 - 100) / 20 = -2.25 (the production sign bug: fixed)
    assert tired["fatigue_score"] == 55
    assert tired["fatigue_adjustment"] == pytest.approx(-2.25)
    assert tired["fatigue_adjustment"] < fresh["fatigue_adjustment"]


def test_fatigue_clamped_at_zero_and_minutes_penalty():
    (row,) = run(
        {
            "back_to_back": True,
            "games_in_last_7_days": 5.0,
            "minutes_in_last_7_days": 250.0,
            "avg_minutes_per_game_last_7": 50.0,
            "back_to_backs_last_14_days": 3.0,
        }
    ).to_dict("records")
    # 100 - 15 - 10 - 10 - 8 - 12 = 45
    assert row["fatigue_score"] == 45
    (one_b2b,) = run({"back_to_backs_last_14_days": 1.0}).to_dict("records")
    assert one_b2b["fatigue_score"] == 95


def test_specialist_mismatch_uses_zone_and_share():
    paint, low_share, amplified = run(
        {"opp_paint_defense_vs_league_avg": 4.0},
        {"paint_rate_last_10": 0.25, "opp_paint_defense_vs_league_avg": 4.0},
        {"primary_scoring_zone": "three", "three_pt_rate_last_10": 0.6, "opp_three_pt_defense_vs_league_avg": -6.0},
    ).to_dict("records")
    assert paint["shot_zone_mismatch_score"] == pytest.approx(4.0)  # share 0.5 -> weight 1
    assert low_share["shot_zone_mismatch_score"] == pytest.approx(2.0)  # 4 * 0.25 / 0.5
    assert amplified["shot_zone_mismatch_score"] == pytest.approx(-7.2)  # -6 beyond 5: * 1.2


def test_balanced_mismatch_is_rate_weighted_mix_of_three_zones():
    (row,) = run(
        {
            "primary_scoring_zone": "balanced",
            "paint_rate_last_10": 0.4,
            "mid_range_rate_last_10": 0.2,
            "three_pt_rate_last_10": 0.4,
            "opp_paint_defense_vs_league_avg": 2.0,
            "opp_mid_range_defense_vs_league_avg": -1.0,
            "opp_three_pt_defense_vs_league_avg": 3.0,
        }
    ).to_dict("records")
    # 0.4 * 2 + 0.2 * -1 + 0.4 * 3 = 1.8, not the paint value (2.0 * 0.8)
    assert row["shot_zone_mismatch_score"] == pytest.approx(1.8)
    assert row["shot_zone_adjustment"] == pytest.approx(1.8)


def test_mismatch_clamped():
    (row,) = run({"opp_paint_defense_vs_league_avg": 20.0}).to_dict("records")
    assert row["shot_zone_mismatch_score"] == 10


def test_pace_is_expected_game_pace_minus_league_average():
    (row,) = run({"team_pace_last_10": 104.0, "opponent_pace_last_10": 100.0, "league_avg_pace": 99.0}).to_dict(
        "records"
    )
    assert row["expected_game_pace"] == pytest.approx(102.0)
    assert row["pace_score"] == pytest.approx(1.5)  # (102 - 99) / 2
    (fast,) = run({"team_pace_last_10": 120.0, "opponent_pace_last_10": 110.0}).to_dict("records")
    assert fast["pace_score"] == 3


def test_projected_usage_redistributes_out_teammates_by_minutes():
    (row,) = run(
        {
            "usage_rate_last_10": 24.0,
            "minutes_avg_last_10": 30.0,
            "teammates_out": 1,
            "teammates_out_usage_weighted": 20.0,  # 30 usage * 32 min / 48
            "team_available_minutes": 50.0,
            "star_teammates_out": 1,
        }
    ).to_dict("records")
    # 24 + 20 * 30 / 50 = 36 -> spike 0.3 * 12 = 3.6 -> clamp 3 -> one star out * 1.15 = 3.45
    assert row["projected_usage_rate"] == pytest.approx(36.0)
    assert row["usage_spike_score"] == pytest.approx(3.45)
    assert row["usage_spike_adjustment"] == pytest.approx(3.45)


def test_projected_usage_equals_recent_when_nobody_out():
    (row,) = run({}).to_dict("records")
    assert row["projected_usage_rate"] == pytest.approx(20.0)
    assert row["usage_spike_score"] == 0


def test_null_inputs_give_null_factors_not_defaults():
    out = run(
        {"games_in_last_7_days": None},
        {"primary_scoring_zone": None},
        {"opp_paint_defense_vs_league_avg": None},
        {"league_avg_pace": None},
        {"usage_rate_last_10": None},
        {"injury_report_available": False},
        {
            "games_in_last_7_days": None,
            "primary_scoring_zone": None,
            "league_avg_pace": None,
            "usage_rate_last_10": None,
        },
    ).to_dict("records")
    no_fatigue, no_zone, no_defence, no_league, no_usage, no_report, nothing = out
    assert math.isnan(no_fatigue["fatigue_score"]) and math.isnan(no_fatigue["fatigue_adjustment"])
    assert math.isnan(no_zone["shot_zone_mismatch_score"])
    assert math.isnan(no_defence["shot_zone_mismatch_score"])
    assert math.isnan(no_league["pace_score"])
    assert math.isnan(no_usage["projected_usage_rate"]) and math.isnan(no_usage["usage_spike_score"])
    assert math.isnan(no_report["projected_usage_rate"]) and math.isnan(no_report["usage_spike_score"])
    assert no_fatigue["factors_available"] == 3
    assert nothing["factors_available"] == 0 and math.isnan(nothing["total_composite_adjustment"])


def test_total_is_sum_of_available_adjustments():
    (row,) = run(
        {
            "back_to_back": True,
            "days_rest": 0.0,
            "opp_paint_defense_vs_league_avg": 4.0,
            "team_pace_last_10": 104.0,
            "league_avg_pace": None,
        }
    ).to_dict("records")
    # fatigue 85 -> -0.75; mismatch 4.0; pace NULL; usage 0
    assert row["factors_available"] == 3
    assert row["total_composite_adjustment"] == pytest.approx(-0.75 + 4.0 + 0.0)
