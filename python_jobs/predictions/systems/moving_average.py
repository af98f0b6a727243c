"""moving_average: the production formula, weighted recent form plus adjustments, fatigue sign fixed.

    base = 0.5 * L5 + 0.3 * L10 + 0.2 * season
    + fatigue: -2.5 when fatigue_score < 30, -1.0 when < 50. fatigue_score 100 = fresh, so a LOW
      score is a tired player. (Production applied -2.5 above 70 and -1.0 above 50, i.e. it penalised
      fresh players; these are the same thresholds mirrored onto the fresh scale: 100 - 70, 100 - 50.)
    + 0.3 * shot_zone_mismatch_score  - 1.5 on a back-to-back  + 0.3 * pace_score
    + 0.5 at home / -0.5 away  + 0.4 * usage_spike_score
Missing adjustment inputs count 0; a row without L5, L10 or season average gets no prediction.

Confidence (production 0-1 scale times 100): 50; -15 if points_std_last_10 > 6, -8 if > 4;
+10 if 3+ games in the last 7 days, +5 if 2, else -10; clamped to [20, 80].

Thresholds: production passes when |edge| <= 2 or confidence <= 45; here OVER / UNDER need
|edge| >= 2.0, p_over >= 0.55 (<= 0.45) and confidence >= 45.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from python_jobs.predictions.systems.base import PredictionContext, PredictionSystem, Thresholds

TIRED_SCORE, VERY_TIRED_SCORE = 50.0, 30.0
TIRED_ADJ, VERY_TIRED_ADJ = -1.0, -2.5


def fatigue_adjustment(fatigue_score: pd.Series, tired: float = TIRED_ADJ, very_tired: float = VERY_TIRED_ADJ
                       ) -> pd.Series:
    """Points adjustment for fatigue, negative for tired players (low score); 0 when unknown or fresh."""
    s = fatigue_score.astype(float)
    return pd.Series(np.select([s < VERY_TIRED_SCORE, s < TIRED_SCORE], [very_tired, tired], 0.0),
                     index=fatigue_score.index)


def form_confidence(frame: pd.DataFrame) -> pd.Series:
    """The production rule-system confidence on the 0-100 scale."""
    std = frame["points_std_last_10"].astype(float)
    games7 = frame["games_in_last_7_days"].astype(float)
    conf = 50.0 - np.select([std > 6, std > 4], [15.0, 8.0], 0.0)
    conf = conf + np.select([games7 >= 3, games7 >= 2], [10.0, 5.0], -10.0)
    return pd.Series(np.clip(conf, 20.0, 80.0), index=frame.index)


class MovingAverage(PredictionSystem):
    system_id = "moving_average"
    model_version = "moving_average_v2"
    thresholds = Thresholds(min_edge=2.0, min_p=0.55, min_confidence=45.0)
    skip_reason = "no points average before the date (last 5, last 10 or season average is NULL)"

    def point_predict(self, frame: pd.DataFrame, context: PredictionContext) -> pd.DataFrame:
        f = frame.astype({c: float for c in (
            "points_avg_last_5", "points_avg_last_10", "points_avg_season", "shot_zone_mismatch_score",
            "back_to_back", "pace_score", "home_away", "usage_spike_score")})
        base = 0.5 * f["points_avg_last_5"] + 0.3 * f["points_avg_last_10"] + 0.2 * f["points_avg_season"]
        adjustments = (
            fatigue_adjustment(frame["fatigue_score"])
            + 0.3 * f["shot_zone_mismatch_score"].fillna(0.0)
            - 1.5 * (f["back_to_back"].fillna(0.0) == 1)
            + 0.3 * f["pace_score"].fillna(0.0)
            + np.select([f["home_away"] == 1, f["home_away"] == 0], [0.5, -0.5], 0.0)
            + 0.4 * f["usage_spike_score"].fillna(0.0)
        )
        return pd.DataFrame({"predicted_points": base + adjustments, "confidence_score": form_confidence(frame)},
                            index=frame.index)
