"""The walk-forward backtest: build the phases for the range, then for each game date train (when
due) on data strictly before it, predict it, and finally grade everything.

Building the range once, in backfill mode, is equivalent to building it day by day: every Phase 3
and Phase 4 row for date D reads only games before D and only lines and injury reports published
before D's prediction time (int_games.prediction_at; tested by the point-in-time tests), and an
incremental day-by-day build equals a full refresh (python_jobs/tests/test_incremental_equals_full_refresh.py).
So the loop itself only trains and predicts, which is what must be walk-forward.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass, field

from python_jobs import warehouse
from python_jobs.commands import build as build_cmd
from python_jobs.dbt_results import DbtOutcome
from python_jobs.orchestration.prediction_time import prediction_vars as default_prediction_vars
from python_jobs.progress import ProgressBar


@dataclass
class BacktestResult:
    dates: list[dt.date] = field(default_factory=list)
    trained: list[dt.date] = field(default_factory=list)
    training_skipped: list[tuple[dt.date, str]] = field(default_factory=list)
    rows_written: int = 0
    rows_unchanged: int = 0
    grading: DbtOutcome | None = None


class BacktestError(RuntimeError):
    pass


def game_dates(db: str | os.PathLike[str] | None, start: dt.date, end: dt.date) -> list[dt.date]:
    """Dates in [start, end] with feature-store rows (days without games are skipped)."""
    con = warehouse.connect(db)
    try:
        rows = con.execute(
            "select distinct game_date from nba_predictions.ml_feature_store "
            "where game_date between ? and ? order by game_date",
            [start, end],
        ).fetchall()
    finally:
        con.close()
    return [r[0] for r in rows]


def _require(outcome: DbtOutcome, what: str) -> None:
    if not outcome.success:
        detail = outcome.error or "; ".join(outcome.failures[:5])
        raise BacktestError(f"{what} failed: {detail}")


def run_backtest(db: str | os.PathLike[str] | None, start: dt.date, end: dt.date, *,
                 retrain_every_days: int = 7, train_window_days: int | None = None,
                 build_phases: bool = True, systems: list[str] | None = None,
                 train: Callable | None = None, predict: Callable | None = None,
                 progress: bool = True, grade: bool = True,
                 prediction_vars: dict[str, object] | None = None) -> BacktestResult:
    """Train / predict / grade [start, end] walk-forward on whatever raw data the warehouse holds.

    prediction_vars fix each date's prediction time (python_jobs.orchestration.prediction_time): the
    features see only line snapshots and injury reports published before it, as a live run would.
    With a prediction time other than the project's default (the one `nba-props build` uses), Phase 3
    and 4 are rebuilt over all history (full refresh), not only [start, end]: the models train on
    the rows before each date, and those must be seen as of the same prediction time, or training
    would learn from lines the predictions could not see (or miss lines they could).
    """
    if end < start:
        raise BacktestError(f"--end {end} is before --start {start}")
    if train is None or predict is None:
        from python_jobs.predictions.job import predict_for_date
        from python_jobs.predictions.train import train_until
        train = train or train_until
        predict = predict or predict_for_date

    result = BacktestResult()
    if build_phases:
        as_of = ", ".join(f"{k}={v}" for k, v in (prediction_vars or {}).items() if v is not None) or "project default"
        if prediction_vars and prediction_vars != default_prediction_vars():
            print(f"building Phase 3 and Phase 4 over all history (full refresh; prediction time: {as_of})",
                  flush=True)
            outcome = build_cmd.build(select=["+tag:phase4"], db=db, full_refresh=True, dbt_vars=prediction_vars)
        else:
            print(f"building Phase 3 and Phase 4 for {start}..{end} (backfill mode; prediction time: {as_of})",
                  flush=True)
            outcome = build_cmd.build(select=["+tag:phase4"], db=db, start=start, end=end, dbt_vars=prediction_vars)
        _require(outcome, "Phase 3/4 build")

    result.dates = game_dates(db, start, end)
    if not result.dates:
        raise BacktestError(f"no feature-store rows between {start} and {end}: is there raw data for those dates?")

    last_trained: dt.date | None = None
    with ProgressBar(len(result.dates), "backtest") if progress else _Silent() as bar:
        for day in result.dates:
            if last_trained is None or (day - last_trained).days >= retrain_every_days:
                try:
                    train(db, day, window_days=train_window_days)
                    result.trained.append(day)
                    last_trained = day
                except ValueError as exc:  # not enough history yet: the gbm sits this date out
                    result.training_skipped.append((day, str(exc)))
            summary = predict(db, day, systems=systems, run_id=f"backtest-{day.isoformat()}")
            result.rows_written += summary.rows_written
            result.rows_unchanged += summary.rows_unchanged
            bar.step(f"{day}: {summary.rows_written} new, {summary.rows_unchanged} unchanged")

    if grade:
        print("grading (dbt: player_prop_predictions, prediction_accuracy, system_daily_performance)", flush=True)
        result.grading = build_cmd.build(select=["tag:phase5", "tag:grading"], db=db, start=start, end=end,
                                         dbt_vars=prediction_vars)
        _require(result.grading, "grading build")
    return result


class _Silent:
    def __enter__(self) -> _Silent:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def step(self, message: str = "") -> None:
        return None
