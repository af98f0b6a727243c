"""gbm: a LightGBM regressor on the feature store's catalog features.

Why LightGBM: a small wheel, fast on two cores, and native missing-value handling, so the Vegas
features stay NULL (NaN) for players without a line instead of being imputed. The model predicts
points (L1 objective: the median, which minimises MAE; on a simulated season it beat L2 and
Huber on a held-out fortnight) from all catalog features, the line included when there is one; it is
fitted by `nba-props train` on games strictly before the target date (see train.py) and loaded
from the model file its registry row names, after checking the file's SHA-256.

Anchored on the market (v2): where the feature store has a market fair line (the median line across
books moved by their no-vig price skew, known at prediction time), the prediction is
``fair + w * (model - fair)``. The weight w is chosen in training on the holdout, as the value of
MARKET_WEIGHTS with the lowest MAE there, so the model only moves off the market by as much as it has
earned out of sample; w = 0 is the market itself. Rows without a line get the model alone. p_over is anchored the same way on the no-vig probability
of the line's own prices. On the real
2024-25 games the model's errors correlate at 0.98 with the line's, which caps what it can add.

Confidence (production's CatBoost rule): 75 + feature quality (>= 90 +10, >= 80 +7, >= 70 +5, else
+2) + consistency (points_std_last_10 < 4 +10, < 6 +7, < 8 +5, else +2), clamped to 0-100.
Thresholds (production CatBoost: edge 1.0, confidence 60): OVER / UNDER need |edge| >= 1.0,
p_over >= 0.55 (<= 0.45) and confidence >= 60.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pandas as pd

from python_jobs.predictions.systems.base import PredictionContext, PredictionSystem, Thresholds

# Fixed hyper-parameters (chosen on a simulated season: L1 with 200 rounds had the lowest holdout MAE);
# deterministic so that the same training rows give the same model file and checksum.
PARAMS: dict[str, object] = {
    "objective": "regression_l1",
    "learning_rate": 0.03,
    "num_leaves": 15,
    "min_data_in_leaf": 40,
    "feature_fraction": 0.8,
    "bagging_fraction": 0.8,
    "bagging_freq": 1,
    "lambda_l2": 1.0,
    "num_threads": 2,
    "seed": 17,
    "deterministic": True,
    "force_row_wise": True,
    "verbosity": -1,
}
NUM_ROUNDS = 200
# the market anchor's blend weights tried on the holdout, and the holdout rows with a fair line it needs
ANCHOR_FEATURE = "market_fair_line"
MARKET_WEIGHTS = tuple(round(0.1 * k, 1) for k in range(11))
MIN_ANCHOR_ROWS = 200

_BOOSTERS: dict[str, object] = {}  # sha256 -> lightgbm.Booster: repeated predicts load a file once


def matrix(frame: pd.DataFrame, names: tuple[str, ...] | list[str]) -> np.ndarray:
    """The model's input: the named feature columns as floats, NULL as NaN."""
    missing = [n for n in names if n not in frame.columns]
    if missing:
        raise KeyError(f"feature columns missing from the feature-store rows: {missing}")
    return frame.loc[:, list(names)].astype(float).to_numpy()


def fit(frame: pd.DataFrame, names: tuple[str, ...], target: pd.Series, rounds: int = NUM_ROUNDS):
    import lightgbm

    data = lightgbm.Dataset(matrix(frame, names), label=target.astype(float).to_numpy(),
                            feature_name=list(names), free_raw_data=True)
    return lightgbm.train(PARAMS, data, num_boost_round=rounds)


def anchored(model_points: np.ndarray, frame: pd.DataFrame, weight: float) -> np.ndarray:
    """fair + weight * (model - fair) where the row has a market fair line; the model elsewhere."""
    model_points = np.asarray(model_points, dtype=float)
    if ANCHOR_FEATURE not in frame.columns:
        return model_points
    fair = frame[ANCHOR_FEATURE].astype(float).to_numpy()
    return np.where(np.isnan(fair), model_points, fair + weight * (model_points - fair))


def choose_market_weight(model_points: np.ndarray, frame: pd.DataFrame,
                         actual: pd.Series) -> tuple[float, dict[str, float], int]:
    """The blend weight with the lowest MAE on the rows with a fair line (ties: the smaller weight,
    the one nearer the market), the MAE of every weight tried, and the rows used. Too few rows: 1.0
    (the model alone, as before the anchor) and no grid."""
    if ANCHOR_FEATURE not in frame.columns:
        return 1.0, {}, 0
    has = frame[ANCHOR_FEATURE].notna().to_numpy()
    if has.sum() < MIN_ANCHOR_ROWS:
        return 1.0, {}, int(has.sum())
    y = actual.astype(float).to_numpy()[has]
    grid = {f"{w:.1f}": round(float(np.mean(np.abs(anchored(model_points, frame, w)[has] - y))), 4)
            for w in MARKET_WEIGHTS}
    best = min(MARKET_WEIGHTS, key=lambda w: (grid[f"{w:.1f}"], w))
    return float(best), grid, int(has.sum())


def no_vig_p_over(over_american: pd.Series, under_american: pd.Series) -> np.ndarray:
    """P(over) the two prices imply once the vig is removed; NaN without both prices."""
    def implied(a: pd.Series) -> np.ndarray:
        x = a.astype(float).to_numpy()
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(x < 0, -x / (100.0 - x), np.where(x > 0, 100.0 / (100.0 + x), np.nan))
    over, under = implied(over_american), implied(under_american)
    with np.errstate(invalid="ignore", divide="ignore"):
        return over / (over + under)


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def load(path: str | Path, expected_sha256: str):
    """The booster in the model file, refusing a file whose checksum is not the registered one."""
    import lightgbm

    if expected_sha256 in _BOOSTERS:
        return _BOOSTERS[expected_sha256]
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"model file {path} named in nba_predictions.model_registry is missing")
    actual = sha256_of(path)
    if actual != expected_sha256:
        raise ValueError(f"model file {path} has SHA-256 {actual}, the registry says {expected_sha256}")
    booster = lightgbm.Booster(model_file=str(path))
    _BOOSTERS[expected_sha256] = booster
    return booster


def gbm_confidence(frame: pd.DataFrame) -> pd.Series:
    quality = frame["feature_quality_score"].astype(float)
    std = frame["points_std_last_10"].astype(float)
    conf = (75.0 + np.select([quality >= 90, quality >= 80, quality >= 70], [10.0, 7.0, 5.0], 2.0)
            + np.select([std < 4, std < 6, std < 8], [10.0, 7.0, 5.0], 2.0))
    return pd.Series(np.clip(conf, 0.0, 100.0), index=frame.index)


class GradientBoosted(PredictionSystem):
    system_id = "gbm"
    model_version = "lightgbm_v2_market_anchor"
    thresholds = Thresholds(min_edge=1.0, min_p=0.55, min_confidence=60.0)
    skip_reason = "the model returned no prediction for the row"
    trainable = True

    def predict(self, frame: pd.DataFrame, context: PredictionContext) -> pd.DataFrame:
        """As every system, then p_over anchored like the points: where the line at prediction time
        has both prices, p_market + w * (p_calibrated - p_market), p_market its no-vig P(over)."""
        out = super().predict(frame, context)
        if "vegas_over_price_american" not in frame or "vegas_under_price_american" not in frame:
            return out
        weight = float(context.params.get("market_weight", 1.0))
        market = pd.Series(no_vig_p_over(frame["vegas_over_price_american"], frame["vegas_under_price_american"]),
                           index=frame.index)
        own = out["p_over"].astype(float)
        out["p_over"] = own.where(market.isna() | own.isna(), market + weight * (own - market))
        return out

    def point_predict(self, frame: pd.DataFrame, context: PredictionContext) -> pd.DataFrame:
        if not context.model_path or "file_sha256" not in context.params:
            raise LookupError("gbm needs a trained model: run `nba-props train --until DATE` first")
        booster = load(context.model_path, context.params["file_sha256"])
        names = context.params["features"]
        predicted = booster.predict(matrix(frame, names)) if len(frame) else np.array([])
        # a model registered before the anchor has no weight: it predicts alone, as it was validated
        predicted = anchored(predicted, frame, float(context.params.get("market_weight", 1.0)))
        return pd.DataFrame({"predicted_points": predicted, "confidence_score": gbm_confidence(frame)},
                            index=frame.index)
