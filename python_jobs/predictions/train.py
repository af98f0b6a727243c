"""Training (gbm) and calibration (every other system) on data strictly before a date.

gbm: fitted on the feature-store rows of played games before ``until`` (all of them, or the last
``window_days``). The expected MAE and the residual calibration come from a model fitted without the
last HOLDOUT_DAYS days and scored on them; the saved model is then REFIT on every row before
``until`` with the same settings (so the holdout figures are slightly pessimistic for it).

Rule systems (moving_average, zone_matchup, similarity) fit nothing: their calibration is their
residual distribution over the CALIBRATION_DAYS before ``until``.

ensemble: weights and calibration from the graded history of the other systems (systems/ensemble.py).

Every result is a registry row; retraining on the same data gives the same model_id and writes
nothing new.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from python_jobs.paths import warehouse_path
from python_jobs.predictions import features as fs
from python_jobs.predictions import registry
from python_jobs.predictions.calibration import MIN_ROWS, ResidualCalibration, mix
from python_jobs.predictions.registry import RegistryRow
from python_jobs.predictions.systems import SYSTEMS, get
from python_jobs.predictions.systems import ensemble as ens
from python_jobs.predictions.systems import gbm
from python_jobs.predictions.systems.base import MAX_POINTS, MIN_POINTS, PredictionContext
from python_jobs.warehouse import connect

HOLDOUT_DAYS = 14
CALIBRATION_DAYS = 60
MIN_TRAIN_ROWS = 500


def models_dir(db: str | os.PathLike[str] | None) -> Path:
    """warehouse/models/ next to the DuckDB file."""
    return warehouse_path(db).parent / "models"


def train_until(db: str | os.PathLike[str] | None, until: dt.date, *, system: str = "gbm",
                window_days: int | None = None) -> RegistryRow:
    """Train or calibrate ``system`` on data strictly before ``until`` and register it."""
    con = connect(db)
    try:
        return train_with(con, models_dir(db), until, system=system, window_days=window_days)
    finally:
        con.close()


def train_with(con: duckdb.DuckDBPyConnection, directory: Path, until: dt.date, *, system: str = "gbm",
               window_days: int | None = None) -> RegistryRow:
    if system not in SYSTEMS:
        raise ValueError(f"unknown system {system!r}; systems: {', '.join(SYSTEMS)}")
    if window_days is not None and window_days <= HOLDOUT_DAYS and system == "gbm":
        raise ValueError(f"--window-days must be more than the {HOLDOUT_DAYS}-day holdout")
    features = fs.feature_list(con)
    if system == "gbm":
        row = _train_gbm(con, directory, until, features, window_days)
    elif system == "ensemble":
        row = _calibrate_ensemble(con, until, features)
    else:
        row = _calibrate_rule(con, until, features, system, window_days or CALIBRATION_DAYS)
    registry.insert(con, row)
    return registry.get(con, row.model_id)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def _dates(rows: pd.DataFrame) -> pd.Series:
    return pd.to_datetime(rows["game_date"]).dt.date


def _check_version(rows: pd.DataFrame, features: fs.FeatureList) -> None:
    versions = set(rows["feature_version"].dropna().unique())
    if versions - {features.version}:
        raise ValueError(f"{fs.FEATURE_STORE} rows have feature_version {sorted(versions)}, "
                         f"the feature catalog is {features.version}")


def _mae(pred: pd.Series | np.ndarray, actual: pd.Series, mask: pd.Series | None = None) -> float | None:
    err = (pd.Series(np.asarray(pred, dtype=float), index=actual.index) - actual.astype(float)).abs()
    if mask is not None:
        err = err[mask.to_numpy()]
    err = err.dropna()
    return round(float(err.mean()), 4) if len(err) else None


def _train_gbm(con, directory: Path, until: dt.date, features: fs.FeatureList,
               window_days: int | None) -> RegistryRow:
    start = until - dt.timedelta(days=window_days) if window_days else None
    rows = fs.rows_with_actuals(con, start, until, features)
    if rows.empty:
        raise ValueError(f"no played games with feature-store rows before {until}: nothing to train on")
    _check_version(rows, features)
    dates = _dates(rows)
    holdout_start = until - dt.timedelta(days=HOLDOUT_DAYS)
    fit_part, hold = rows[dates < holdout_start], rows[dates >= holdout_start]
    if len(fit_part) < MIN_TRAIN_ROWS or len(hold) < MIN_ROWS:
        raise ValueError(f"too little data before {until} to train gbm: {len(fit_part)} rows before the holdout "
                         f"(need {MIN_TRAIN_ROWS}), {len(hold)} in the {HOLDOUT_DAYS}-day holdout (need {MIN_ROWS})")
    target = rows["actual_points"]
    first = gbm.fit(fit_part, features.names, target[fit_part.index])
    model_hold = first.predict(gbm.matrix(hold, features.names))
    weight, weight_grid, anchor_rows = gbm.choose_market_weight(model_hold, hold, hold["actual_points"])
    hold_pred = np.clip(gbm.anchored(model_hold, hold, weight), MIN_POINTS, MAX_POINTS)
    calibration = ResidualCalibration.fit(hold_pred, hold["actual_points"], hold["vegas_points_line"])
    has_line = hold["vegas_points_line"].notna()
    has_l10 = hold["points_avg_last_10"].notna()
    baselines = {
        "holdout_mae_last_10": _mae(hold["points_avg_last_10"], hold["actual_points"], has_l10),
        "holdout_mae_gbm_where_last_10": _mae(hold_pred, hold["actual_points"], has_l10),
        "holdout_mae_line": _mae(hold["vegas_points_line"], hold["actual_points"], has_line),
        "holdout_mae_gbm_where_line": _mae(hold_pred, hold["actual_points"], has_line),
        "holdout_rows_with_line": int(has_line.sum()),
        "holdout_mae_model_alone_where_line": _mae(np.clip(model_hold, MIN_POINTS, MAX_POINTS),
                                                    hold["actual_points"], has_line),
    }
    anchor = {"market_weight": weight, "market_weight_holdout_mae": weight_grid,
              "market_weight_holdout_rows": anchor_rows}
    final = gbm.fit(rows, features.names, target)  # refit on everything before `until`
    directory.mkdir(parents=True, exist_ok=True)
    staging = directory / f".gbm_{until:%Y%m%d}_{os.getpid()}.tmp"
    final.save_model(str(staging))
    sha = gbm.sha256_of(staging)
    training_end = max(dates)
    model_id = f"gbm_{training_end:%Y%m%d}_{sha[:12]}"
    path = directory / f"{model_id}.txt"
    staging.replace(path)
    return RegistryRow(
        model_id=model_id, system_id="gbm", model_version=gbm.GradientBoosted.model_version, trained_at=_now(),
        training_start=min(dates), training_end=training_end, holdout_start=min(_dates(hold)),
        holdout_end=max(_dates(hold)), feature_version=features.version, features=list(features.names),
        file_path=str(path), file_sha256=sha, expected_mae=round(calibration.mae, 4),
        residual_std=calibration.std, residual_bias=calibration.bias, residual_quantiles=calibration.to_json(),
        n_train_rows=len(rows), n_holdout_rows=len(hold),
        params={"lightgbm": gbm.PARAMS, "num_rounds": gbm.NUM_ROUNDS, "refit_on_holdout": True,
                "until": until.isoformat(), "window_days": window_days, **anchor, **baselines},
    )


def _content_id(system_id: str, training_end: dt.date, payload: dict) -> str:
    digest = hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()
    return f"{system_id}_{training_end:%Y%m%d}_{digest[:12]}"


def _calibrate_rule(con, until: dt.date, features: fs.FeatureList, system_id: str, days: int) -> RegistryRow:
    system = get(system_id)
    rows = fs.rows_with_actuals(con, until - dt.timedelta(days=days), until, features)
    if rows.empty:
        raise ValueError(f"no played games in the {days} days before {until} to calibrate {system_id}")
    _check_version(rows, features)
    out = system.predict(rows, PredictionContext(con=con, features=features))
    scored = out["predicted_points"].notna()
    if scored.sum() < MIN_ROWS:
        raise ValueError(f"{system_id} predicted only {int(scored.sum())} played games in the {days} days before "
                         f"{until}; calibration needs {MIN_ROWS}")
    calibration = ResidualCalibration.fit(out.loc[scored, "predicted_points"], rows.loc[scored, "actual_points"],
                                          rows.loc[scored, "vegas_points_line"])
    dates = _dates(rows[scored])
    params = {"calibration_days": days, "until": until.isoformat(),
              "thresholds": system.thresholds.__dict__}
    payload = {"version": system.model_version, "calibration": calibration.to_json(), **params}
    return RegistryRow(
        model_id=_content_id(system_id, max(dates), payload), system_id=system_id,
        model_version=system.model_version, trained_at=_now(), training_start=min(dates), training_end=max(dates),
        holdout_start=min(dates), holdout_end=max(dates), feature_version=features.version,
        features=list(features.names), file_path=None, file_sha256=None, expected_mae=round(calibration.mae, 4),
        residual_std=calibration.std, residual_bias=calibration.bias, residual_quantiles=calibration.to_json(),
        n_train_rows=0, n_holdout_rows=int(scored.sum()), params=params,
    )


def _calibrate_ensemble(con, until: dt.date, features: fs.FeatureList) -> RegistryRow:
    history = ens.weights_from_history(con, until)
    members_used: dict[str, str] = {}
    calibration: ResidualCalibration | None = None
    expected_mae = None
    if not history.graded.empty:
        wide = history.graded
        combined = ens.blended(wide, history)
        if len(wide) >= MIN_ROWS:
            calibration = ResidualCalibration.fit(combined.clip(MIN_POINTS, MAX_POINTS), wide["actual_points"],
                                                  wide["current_points_line"])
            expected_mae = round(calibration.mae, 4)
        dates = pd.to_datetime(wide["game_date"]).dt.date
        start, end = min(dates), max(dates)
    else:
        start, end = None, until - dt.timedelta(days=1)
    if calibration is None:
        # no residual history of the ensemble itself: mix the members' calibrations
        found = {m: registry.latest_before(con, m, until, features.version) for m in ens.MEMBERS}
        usable = {m: r for m, r in found.items() if r is not None and r.calibration is not None}
        if usable:
            calibration = mix([r.calibration for r in usable.values()],
                              [history.weights.get(m, 0.0) or 1e-9 for m in usable])
            members_used = {m: r.model_id for m, r in usable.items()}
    params = {"weights": history.weights, "weights_by_line": history.by_line, "weight_reason": history.reason, "member_mae": history.member_mae,
              "member_rows": history.member_rows, "window_days": ens.WINDOW_DAYS, "until": until.isoformat(),
              "calibration_from": "ensemble residuals on graded history" if expected_mae is not None
              else ("mix of member calibrations " + json.dumps(members_used) if members_used else "none"),
              "thresholds": ens.Ensemble.thresholds.__dict__}
    payload = {"version": ens.Ensemble.model_version, **params,
               "calibration": calibration.to_json() if calibration else None}
    n = len(history.graded)
    return RegistryRow(
        model_id=_content_id("ensemble", end, payload), system_id="ensemble",
        model_version=ens.Ensemble.model_version, trained_at=_now(), training_start=start, training_end=end,
        holdout_start=start, holdout_end=end if start else None, feature_version=features.version,
        features=list(features.names), file_path=None, file_sha256=None, expected_mae=expected_mae,
        residual_std=calibration.std if calibration else None, residual_bias=calibration.bias if calibration else None,
        residual_quantiles=calibration.to_json() if calibration else None, n_train_rows=0, n_holdout_rows=n,
        params=params,
    )
