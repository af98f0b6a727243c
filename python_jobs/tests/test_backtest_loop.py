"""The backtest loop is walk-forward: it trains before predicting, on the schedule asked for, and only
dates with feature rows are predicted."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from python_jobs.evaluation.backtest import BacktestError, run_backtest


@dataclass
class Summary:
    rows_written: int
    rows_unchanged: int = 0


@pytest.fixture()
def warehouse(tmp_path: Path) -> Path:
    db = tmp_path / "w.duckdb"
    con = duckdb.connect(str(db))
    con.execute("create schema nba_predictions")
    con.execute("create table nba_predictions.ml_feature_store (game_date date, player_lookup varchar)")
    # games on the 1st, 2nd, 3rd, 9th and 10th; the 4th-8th have none
    for day in (1, 2, 3, 9, 10):
        con.execute("insert into nba_predictions.ml_feature_store values (?, 'p')", [dt.date(2025, 12, day)])
    con.close()
    return db


def test_trains_before_predicting_on_its_schedule_and_skips_days_without_games(warehouse: Path) -> None:
    calls: list[tuple[str, dt.date]] = []

    def train(db, until, window_days=None):
        if until == dt.date(2025, 12, 1):
            raise ValueError("not enough history before 2025-12-01")
        calls.append(("train", until))

    def predict(db, day, systems=None, run_id=None):
        assert run_id == f"backtest-{day.isoformat()}"
        calls.append(("predict", day))
        return Summary(rows_written=10)

    result = run_backtest(warehouse, dt.date(2025, 12, 1), dt.date(2025, 12, 10), retrain_every_days=7,
                          build_phases=False, train=train, predict=predict, progress=False, grade=False)

    assert result.dates == [dt.date(2025, 12, d) for d in (1, 2, 3, 9, 10)]
    # the first training fails (no history): retried on the next date, then weekly
    assert result.training_skipped == [(dt.date(2025, 12, 1), "not enough history before 2025-12-01")]
    assert result.trained == [dt.date(2025, 12, 2), dt.date(2025, 12, 9)]
    assert calls == [("predict", dt.date(2025, 12, 1)), ("train", dt.date(2025, 12, 2)),
                     ("predict", dt.date(2025, 12, 2)), ("predict", dt.date(2025, 12, 3)),
                     ("train", dt.date(2025, 12, 9)), ("predict", dt.date(2025, 12, 9)),
                     ("predict", dt.date(2025, 12, 10))]
    assert result.rows_written == 50


def test_a_range_without_feature_rows_is_an_error(warehouse: Path) -> None:
    with pytest.raises(BacktestError, match="no feature-store rows between 2026-01-01 and 2026-01-31"):
        run_backtest(warehouse, dt.date(2026, 1, 1), dt.date(2026, 1, 31), build_phases=False,
                     train=lambda *a, **k: None, predict=lambda *a, **k: Summary(0), progress=False, grade=False)
    with pytest.raises(BacktestError, match="before --start"):
        run_backtest(warehouse, dt.date(2026, 1, 31), dt.date(2026, 1, 1), build_phases=False,
                     train=lambda *a, **k: None, predict=lambda *a, **k: Summary(0), progress=False, grade=False)
