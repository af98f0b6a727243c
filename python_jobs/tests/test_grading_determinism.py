"""system_daily_performance is the same, byte for byte, whatever order its rows are read in: a rerun
of a date (issue: the demo's rerun changed its content hash) must not change the aggregates."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from python_jobs.dbt import invoke

MODEL = "nba_predictions.system_daily_performance"


def _accuracy_rows(n: int = 4000, seed: int = 5) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    predicted = np.round(rng.uniform(2, 35, n), 1)  # the job rounds to 0.1
    actual = rng.integers(0, 45, n).astype(float)
    line = np.round(rng.uniform(3, 33, n) * 2) / 2
    correct = rng.random(n) < 0.5
    return pd.DataFrame({
        "game_date": [dt.date(2025, 11, 1) + dt.timedelta(days=int(d)) for d in rng.integers(0, 20, n)],
        "system_id": rng.choice(["gbm", "moving_average"], n),
        "is_voided": False,
        "recommendation": rng.choice(["OVER", "UNDER", "PASS"], n),
        "prediction_correct": correct,
        "actual_vs_line": np.where(correct, "OVER", "UNDER"),
        "absolute_error": np.abs(predicted - actual),
        "signed_error": predicted - actual,
        "within_3_points": np.abs(predicted - actual) <= 3,
        "within_5_points": np.abs(predicted - actual) <= 5,
        "line_absolute_error": np.abs(actual - line),
        "predicted_margin": predicted - line,
        "confidence_score": np.round(rng.uniform(20, 95, n), 1),
    })


def _build(db: Path, rows: pd.DataFrame, target: Path) -> str:
    # through a file: dbt (in this process) also holds duckdb, and pandas registration then fails
    source = db.with_suffix(".parquet")
    rows.to_parquet(source, index=False)
    con = duckdb.connect(str(db))
    try:
        con.execute("create schema if not exists nba_predictions")
        con.execute("create or replace table nba_predictions.prediction_accuracy as "
                    "select * from read_parquet(?)", [str(source)])
    finally:
        con.close()
    res = invoke(["run", "--select", "system_daily_performance", "--quiet"], db=db, target_path=target)
    assert res.success, f"dbt run failed: {res.exception or res.result}"
    con = duckdb.connect(str(db))
    try:
        out = con.execute(f"select * from {MODEL} order by game_date, system_id").fetchall()
    finally:
        con.close()
    assert len(out) == 40
    return hashlib.sha256(repr(out).encode()).hexdigest()


def test_same_rows_in_another_order_give_identical_aggregates(tmp_path: Path) -> None:
    rows = _accuracy_rows()
    forward = _build(tmp_path / "forward.duckdb", rows, tmp_path / "target")
    backward = _build(tmp_path / "backward.duckdb", rows.iloc[::-1].reset_index(drop=True), tmp_path / "target")
    shuffled = _build(tmp_path / "shuffled.duckdb", rows.sample(frac=1.0, random_state=2).reset_index(drop=True),
                      tmp_path / "target")
    assert forward == backward == shuffled
