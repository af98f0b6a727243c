"""zone_matchup: season scoring, adjusted for how the opponent defends the zones the player shoots from.

    base = points_avg_season (fallback points_avg_last_10)
    zone = base * (1 - pct_free_throw) * sum_z w_z * d_z / (100 * FG_z), clamped to +-3 points
        z in paint / mid-range / three; d_z = the opponent's FG% allowed in zone z minus the league
        average (percentage points, positive = weaker defence); FG_z the league FG% there;
        w_z = the zone's share of the player's field-goal points (FGA share * FG_z * shot value).
        Without shot zones (no play-by-play): base * (opponent_def_rating / the slate's mean
        opponent_def_rating - 1), clamped to +-3. Production instead scaled one constant
        (def rating - 110) by fixed zone multipliers for every zone.
    pace = base * ((team_pace + opponent_pace) / 2 / team_pace - 1)
    venue = +2 % of base at home, -2 % away
    fatigue = -1.5 when fatigue_score < 30, -0.8 when < 50 (production's values, sign fixed:
        100 = fresh, a low score is tired)

Confidence: as moving_average (production does the same). Thresholds: OVER / UNDER need |edge| >= 2.0,
p_over >= 0.55 (<= 0.45) and confidence >= 45 (production: edge 2.0, confidence 0.45).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from python_jobs.predictions.systems.base import PredictionContext, PredictionSystem, Thresholds, first_present
from python_jobs.predictions.systems.moving_average import fatigue_adjustment, form_confidence

# league field-goal percentage and shot value per zone (NBA 2024-25 ballpark)
ZONES: dict[str, tuple[str, str, float, float]] = {
    # zone: (player FGA share feature, opponent defence feature, league FG%, points per make)
    "paint": ("pct_paint", "opponent_paint_defense_vs_league", 0.56, 2.0),
    "mid_range": ("pct_mid_range", "opponent_mid_range_defense_vs_league", 0.42, 2.0),
    "three": ("pct_three", "opponent_three_pt_defense_vs_league", 0.36, 3.0),
}
MAX_MATCHUP_ADJ = 3.0
VENUE_SHARE = 0.02


def zone_adjustment(frame: pd.DataFrame, base: pd.Series) -> pd.Series:
    weights = {z: frame[share].astype(float) * fg * value for z, (share, _, fg, value) in ZONES.items()}
    total = sum(weights.values())
    effect = sum(weights[z] / total * frame[defence].astype(float) / (100.0 * fg)
                 for z, (_, defence, fg, _) in ZONES.items())
    ft_share = frame["pct_free_throw"].astype(float).fillna(0.0)
    by_zone = base * (1.0 - ft_share) * effect
    league_rating = frame.groupby("game_date")["opponent_def_rating"].transform("mean").astype(float)
    by_rating = base * (frame["opponent_def_rating"].astype(float) / league_rating - 1.0)
    return by_zone.fillna(by_rating).fillna(0.0).clip(-MAX_MATCHUP_ADJ, MAX_MATCHUP_ADJ)


class ZoneMatchup(PredictionSystem):
    system_id = "zone_matchup"
    model_version = "zone_matchup_v2"
    thresholds = Thresholds(min_edge=2.0, min_p=0.55, min_confidence=45.0)
    skip_reason = "no season or last-10 points average before the date, or no team pace"

    def point_predict(self, frame: pd.DataFrame, context: PredictionContext) -> pd.DataFrame:
        base = first_present(frame["points_avg_season"], frame["points_avg_last_10"])
        team_pace = frame["team_pace"].astype(float)
        game_pace = (team_pace + frame["opponent_pace"].astype(float)) / 2.0
        pace = (base * (game_pace / team_pace - 1.0)).fillna(0.0)
        home = frame["home_away"].astype(float)
        venue = base * np.select([home == 1, home == 0], [VENUE_SHARE, -VENUE_SHARE], 0.0)
        fatigue = fatigue_adjustment(frame["fatigue_score"], tired=-0.8, very_tired=-1.5)
        predicted = base + zone_adjustment(frame, base) + pace + venue + fatigue
        return pd.DataFrame({"predicted_points": predicted, "confidence_score": form_confidence(frame)},
                            index=frame.index)
