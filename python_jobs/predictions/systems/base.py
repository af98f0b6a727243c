"""The one interface every prediction system implements, and the shared recommendation rule.

A system turns feature-store rows into a point prediction and a 0-100 confidence per row
(``point_predict``); ``predict`` clamps the prediction to [0, 60] and adds the calibrated
``p_over`` from the system's residual distribution. ``recommend`` then applies the system's
thresholds, identically for every system.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import Any, ClassVar

import duckdb
import numpy as np
import pandas as pd

from python_jobs.predictions.calibration import ResidualCalibration
from python_jobs.predictions.features import FeatureList

MIN_POINTS, MAX_POINTS = 0.0, 60.0
# a player with this pre-game status is ruled out: no actionable pick (production's player loader
# drops OUT and DOUBTFUL too; doubtful players rarely play and the line is usually pulled)
RULED_OUT_STATUSES = frozenset({"out", "doubtful"})


@dataclass(frozen=True)
class Thresholds:
    """When a prediction becomes a pick. OVER needs edge >= min_edge and p_over >= min_p; UNDER needs
    edge <= -min_edge and p_over <= 1 - min_p; a confidence below min_confidence is a PASS."""

    min_edge: float
    min_p: float
    min_confidence: float


@dataclass
class PredictionContext:
    """What a system may read besides the rows: the warehouse (only data before each row's date), the
    feature list, its registry entry (model file, calibration, parameters) and, for the ensemble, the
    other systems' outputs of the same run."""

    con: duckdb.DuckDBPyConnection
    features: FeatureList
    calibration: ResidualCalibration | None = None
    model_id: str | None = None
    model_path: str | None = None
    params: dict[str, Any] = field(default_factory=dict)
    members: dict[str, pd.DataFrame] = field(default_factory=dict)


class PredictionSystem(ABC):
    system_id: ClassVar[str]
    model_version: ClassVar[str]
    thresholds: ClassVar[Thresholds]
    # gbm: fitted by `nba-props train`; the others only calibrate (their residuals before the date)
    trainable: ClassVar[bool] = False
    # recorded in prediction_skips for a row the system leaves unpredicted, unless point_predict
    # gives that row its own skip_reason
    skip_reason: ClassVar[str] = "the system returned no prediction for the row"

    @abstractmethod
    def point_predict(self, frame: pd.DataFrame, context: PredictionContext) -> pd.DataFrame:
        """Columns predicted_points (NaN: the system cannot predict this row) and confidence_score
        (0-100), indexed like ``frame``, and optionally skip_reason (why a NaN row was not predicted).
        ``frame`` may span several dates (calibration windows): every row may use only data from
        before its own game_date."""

    def predict(self, frame: pd.DataFrame, context: PredictionContext) -> pd.DataFrame:
        out = self.point_predict(frame, context)
        missing = out["predicted_points"].isna()
        given = out["skip_reason"] if "skip_reason" in out else pd.Series(None, index=out.index, dtype=object)
        out["skip_reason"] = given.where(given.notna(), self.skip_reason).where(missing)
        out["predicted_points"] = out["predicted_points"].clip(MIN_POINTS, MAX_POINTS)
        out["confidence_score"] = out["confidence_score"].clip(0.0, 100.0)
        if context.calibration is None:
            out["p_over"] = np.nan
        else:
            out["p_over"] = context.calibration.p_over(out["predicted_points"], frame["vegas_points_line"])
        return out


def recommend(frame: pd.DataFrame, out: pd.DataFrame, thresholds: Thresholds) -> pd.DataFrame:
    """recommendation, is_actionable and filter_reason per row.

    The recommendation is NO_LINE without a line, else OVER / UNDER when the thresholds are met and
    nothing filters the row, else PASS. filter_reason is the first that applies of: ruled_out,
    not_quality_ready, no_line, no_calibration (p_over unknown), low_confidence, small_edge.
    """
    line = frame["vegas_points_line"].astype(float)
    edge = out["predicted_points"] - line
    p = out["p_over"].astype(float)
    status = frame["injury_status"].astype("string").str.lower()
    ruled_out = status.isin(RULED_OUT_STATUSES).fillna(False).astype(bool)
    ready = frame["is_quality_ready"].fillna(False).astype(bool)
    over = (edge >= thresholds.min_edge) & (p >= thresholds.min_p)
    under = (edge <= -thresholds.min_edge) & (p <= 1.0 - thresholds.min_p)
    conditions = [
        ruled_out, ~ready, line.isna(), p.isna(),
        out["confidence_score"] < thresholds.min_confidence, ~(over | under),
    ]
    reasons = ["ruled_out", "not_quality_ready", "no_line", "no_calibration", "low_confidence", "small_edge"]
    reason = pd.Series(np.select(conditions, reasons, default=""), index=frame.index)
    actionable = reason == ""
    recommendation = np.where(line.isna(), "NO_LINE",
                              np.where(actionable & over, "OVER", np.where(actionable & under, "UNDER", "PASS")))
    return pd.DataFrame({
        "recommendation": recommendation,
        "is_actionable": actionable.to_numpy(),
        "filter_reason": np.where(actionable.to_numpy(), None, reason.to_numpy(dtype=object)),
    }, index=frame.index)


def first_present(*series: pd.Series) -> pd.Series:
    """Row-wise first non-null of the series (a fallback chain)."""
    out = series[0].astype(float).copy()
    for s in series[1:]:
        out = out.fillna(s.astype(float))
    return out

