"""nba_predictions.model_registry: one row per trained (gbm) or calibrated (rule systems, ensemble)
model, with its training window, features, file checksum, expected MAE and residual calibration.

The row a prediction for date D uses is the newest one whose training_end is before D (and whose
feature_version is the feature store's), so no model ever saw its target date.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass, field
from typing import Any

import duckdb
import pandas as pd

from python_jobs.predictions.calibration import ResidualCalibration

REGISTRY = "nba_predictions.model_registry"

DDL = f"""
create table if not exists {REGISTRY} (
    model_id varchar not null,
    system_id varchar not null,
    model_version varchar not null,
    trained_at timestamp not null,
    training_start date,
    training_end date not null,
    holdout_start date,
    holdout_end date,
    feature_version varchar not null,
    features varchar not null,
    file_path varchar,
    file_sha256 varchar,
    expected_mae double,
    residual_std double,
    residual_bias double,
    residual_quantiles varchar,
    n_train_rows bigint not null,
    n_holdout_rows bigint not null,
    params varchar not null
)
"""


@dataclass
class RegistryRow:
    """One registered model. training_end is the last game date of the data it was fitted or
    calibrated on (always before the date it was trained for); residual_quantiles holds the
    calibration (ResidualCalibration JSON), NULL when there were too few residuals."""

    model_id: str
    system_id: str
    model_version: str
    trained_at: dt.datetime
    training_start: dt.date | None
    training_end: dt.date
    holdout_start: dt.date | None
    holdout_end: dt.date | None
    feature_version: str
    features: list[str]
    file_path: str | None
    file_sha256: str | None
    expected_mae: float | None
    residual_std: float | None
    residual_bias: float | None
    residual_quantiles: str | None
    n_train_rows: int
    n_holdout_rows: int
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def calibration(self) -> ResidualCalibration | None:
        return ResidualCalibration.from_json(self.residual_quantiles) if self.residual_quantiles else None


COLUMNS = tuple(RegistryRow.__dataclass_fields__)


def ensure(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("create schema if not exists nba_predictions")
    con.execute(DDL)


def insert(con: duckdb.DuckDBPyConnection, row: RegistryRow) -> bool:
    """Insert unless a row with the same model_id exists (same system, window and content): retraining on
    the same data is a no-op. Returns whether a row was written."""
    ensure(con)
    exists = con.execute(f"select count(*) from {REGISTRY} where model_id = ?", [row.model_id]).fetchone()
    if exists and exists[0]:
        return False
    values = asdict(row)
    values["features"] = json.dumps(values["features"])
    values["params"] = json.dumps(values["params"], sort_keys=True)
    frame = pd.DataFrame([values], columns=list(COLUMNS))
    con.register("registry_row", frame)
    try:
        con.execute(f"insert into {REGISTRY} ({', '.join(COLUMNS)}) select {', '.join(COLUMNS)} from registry_row")
    finally:
        con.unregister("registry_row")
    return True


def _row(values: tuple) -> RegistryRow:
    data = dict(zip(COLUMNS, values))
    data["features"] = json.loads(data["features"])
    data["params"] = json.loads(data["params"])
    return RegistryRow(**data)


def get(con: duckdb.DuckDBPyConnection, model_id: str) -> RegistryRow:
    ensure(con)
    found = con.execute(f"select {', '.join(COLUMNS)} from {REGISTRY} where model_id = ?", [model_id]).fetchone()
    if not found:
        raise LookupError(f"model {model_id} is not in {REGISTRY}")
    return _row(found)


def latest_before(con: duckdb.DuckDBPyConnection, system_id: str, day: dt.date,
                  feature_version: str) -> RegistryRow | None:
    """The newest model of the system trained on data strictly before ``day`` (training_end < day)."""
    ensure(con)
    found = con.execute(
        f"""
        select {', '.join(COLUMNS)} from {REGISTRY}
        where system_id = ? and training_end < ? and feature_version = ?
        order by training_end desc, trained_at desc, model_id desc
        limit 1
        """,
        [system_id, day, feature_version],
    ).fetchone()
    return _row(found) if found else None
