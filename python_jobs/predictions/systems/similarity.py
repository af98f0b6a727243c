"""similarity: a similarity-weighted mean of the player's own past games in similar situations.

The situations of past games come from the player's feature-store rows (the point-in-time view of
each past game), the points from player_game_summary; only played games dated before the row's
game_date and at most HISTORY_DAYS before it count.

Score of a past game (max 100, production's weights):
    opponent tier: elite / average / weak from opponent_def_rating minus that date's slate mean
        (< -2.5 elite, > 2.5 weak; production used fixed 110 / 115 cut-offs) -> same 40, adjacent 20
    rest: days_rest bucket 0, 1, 2, 3+ -> same 30, adjacent 15
    venue: same 15
    form: points_avg_last_5 - points_avg_season >= 3 hot, <= -3 cold -> same 15, else 5
Keep games scoring >= 70, the 20 best (ties: most recent), need >= 5; baseline = sum(points * score) /
sum(score). Adjustments as production (0.015 * fatigue, 0.4 * mismatch, 0.8 * pace, 0.8 * usage spike)
but on the difference between today's value and the similar games' mean, because the similar games
already carry their own conditions; production's venue term is dropped (venue is matched).

Confidence: 35 + sample (>= 15 games +20, >= 10 +12, else +5) + similarity (mean score >= 90 +15,
>= 80 +10, else +5) + consistency (coefficient of variation of the similar games' points < 0.25 +25,
< 0.35 +15, < 0.5 +8). Thresholds (production): PASS below confidence 65; OVER / UNDER need
|edge| >= 2.0 and p_over >= 0.55 (<= 0.45).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from python_jobs.predictions.features import FEATURE_STORE, PLAYER_GAMES
from python_jobs.predictions.systems.base import PredictionContext, PredictionSystem, Thresholds

HISTORY_DAYS = 365
MIN_SCORE, TOP_N, MIN_GAMES = 70.0, 20, 5
TIER_BAND = 2.5
FORM_BAND = 3.0
ADJUSTMENTS = {  # feature: points per unit of difference from the similar games' mean
    "fatigue_score": 0.015, "shot_zone_mismatch_score": 0.4, "pace_score": 0.8, "usage_spike_score": 0.8,
}
SITUATION = ["opponent_def_rating", "days_rest", "home_away", "points_avg_last_5", "points_avg_season",
             *ADJUSTMENTS]


def _situation(frame: pd.DataFrame, slate_mean: pd.Series) -> pd.DataFrame:
    rating = frame["opponent_def_rating"].astype(float) - slate_mean
    form = frame["points_avg_last_5"].astype(float) - frame["points_avg_season"].astype(float)
    return pd.DataFrame({
        "tier": np.select([rating < -TIER_BAND, rating > TIER_BAND, rating.notna()], [0, 2, 1], -9),
        "rest": np.where(frame["days_rest"].notna(), np.minimum(frame["days_rest"].fillna(0), 3), -9),
        "venue": frame["home_away"].fillna(-9).astype(float),
        "form": np.select([form >= FORM_BAND, form <= -FORM_BAND, form.notna()], [1, -1, 0], -9),
        **{c: frame[c].astype(float) for c in ADJUSTMENTS},
    }, index=frame.index)


def _history(context: PredictionContext, frame: pd.DataFrame) -> pd.DataFrame:
    dates = pd.to_datetime(frame["game_date"]).dt.date
    players = pd.DataFrame({"player_lookup": frame["player_lookup"].unique()})
    context.con.register("similarity_players", players)
    try:
        columns = ", ".join(f'f."{c}"' for c in SITUATION)
        return context.con.execute(
            f"""
            with slate as (
                select game_date, avg(opponent_def_rating) as slate_rating
                from {FEATURE_STORE}
                where game_date >= ?::date - to_days(?) and game_date < ?
                group by game_date
            )
            select f.player_lookup, f.game_date, slate.slate_rating, {columns}, pgs.points::double as points
            from {FEATURE_STORE} as f
            inner join similarity_players as p on f.player_lookup = p.player_lookup
            inner join {PLAYER_GAMES} as pgs on f.game_id = pgs.game_id and f.player_lookup = pgs.player_lookup
            inner join slate on f.game_date = slate.game_date
            where f.game_date >= ?::date - to_days(?) and f.game_date < ?
                and not coalesce(pgs.is_dnp, false) and pgs.minutes_played > 0 and pgs.points is not null
            """,
            [min(dates), HISTORY_DAYS, max(dates), min(dates), HISTORY_DAYS, max(dates)],
        ).df()
    finally:
        context.con.unregister("similarity_players")


def _adjacent(a: pd.Series, b: pd.Series, same: float, adjacent: float) -> np.ndarray:
    known = (a != -9) & (b != -9)
    diff = (a - b).abs()
    return np.where(known & (diff == 0), same, np.where(known & (diff == 1), adjacent, 0.0))


class Similarity(PredictionSystem):
    system_id = "similarity"
    model_version = "similarity_balanced_v2"
    thresholds = Thresholds(min_edge=2.0, min_p=0.55, min_confidence=65.0)

    def point_predict(self, frame: pd.DataFrame, context: PredictionContext) -> pd.DataFrame:
        out = pd.DataFrame({"predicted_points": np.nan, "confidence_score": np.nan,
                            "skip_reason": f"no played game in the {HISTORY_DAYS} days before the date"},
                           index=frame.index)
        if frame.empty:
            return out
        hist = _history(context, frame)
        if hist.empty:
            return out
        target = _situation(frame, frame.groupby("game_date")["opponent_def_rating"].transform("mean"))
        target["row"] = frame.index
        target["player_lookup"] = frame["player_lookup"].to_numpy()
        target["target_date"] = pd.to_datetime(frame["game_date"]).to_numpy()
        past = _situation(hist, hist["slate_rating"])
        past["player_lookup"] = hist["player_lookup"].to_numpy()
        past["past_date"] = pd.to_datetime(hist["game_date"]).to_numpy()
        past["points"] = hist["points"].to_numpy()
        pairs = target.merge(past, on="player_lookup", suffixes=("", "_past"))
        # point in time: only games before the row's own date, within the history horizon
        pairs = pairs[(pairs["past_date"] < pairs["target_date"])
                      & (pairs["past_date"] >= pairs["target_date"] - pd.Timedelta(days=HISTORY_DAYS))]
        out.loc[pairs["row"].unique(), "skip_reason"] = f"no similar past game (score >= {MIN_SCORE:.0f})"
        score = (_adjacent(pairs["tier"], pairs["tier_past"], 40, 20)
                 + _adjacent(pairs["rest"], pairs["rest_past"], 30, 15)
                 + np.where((pairs["venue"] == pairs["venue_past"]) & (pairs["venue"] != -9), 15, 0)
                 + np.where((pairs["form"] == pairs["form_past"]) & (pairs["form"] != -9), 15, 5))
        pairs = pairs.assign(score=score)
        pairs = pairs[pairs["score"] >= MIN_SCORE].sort_values(["row", "score", "past_date"],
                                                               ascending=[True, False, False])
        pairs = pairs.groupby("row").head(TOP_N)
        pairs["weighted"] = pairs["points"] * pairs["score"]
        agg = pairs.groupby("row").agg(
            n=("points", "size"), weighted=("weighted", "sum"), score_sum=("score", "sum"),
            mean_score=("score", "mean"), mean_points=("points", "mean"), std_points=("points", "std"),
            **{f"{c}_mean": (f"{c}_past", "mean") for c in ADJUSTMENTS},
        )
        out.loc[agg.index, "skip_reason"] = (
            "only " + agg["n"].astype(str) + f" similar past games (score >= {MIN_SCORE:.0f}; needs {MIN_GAMES})")
        agg = agg[agg["n"] >= MIN_GAMES]
        baseline = agg["weighted"] / agg["score_sum"]
        today = target.set_index("row").loc[agg.index]
        adjust = sum(coef * (today[c] - agg[f"{c}_mean"]).fillna(0.0) for c, coef in ADJUSTMENTS.items())
        cv = agg["std_points"] / agg["mean_points"].where(agg["mean_points"] > 0)
        confidence = (35.0
                      + np.select([agg["n"] >= 15, agg["n"] >= 10], [20.0, 12.0], 5.0)
                      + np.select([agg["mean_score"] >= 90, agg["mean_score"] >= 80], [15.0, 10.0], 5.0)
                      + np.select([cv < 0.25, cv < 0.35, cv < 0.5], [25.0, 15.0, 8.0], 0.0))
        out.loc[agg.index, "predicted_points"] = baseline + adjust
        out.loc[agg.index, "confidence_score"] = confidence
        out.loc[agg.index, "skip_reason"] = None
        return out
