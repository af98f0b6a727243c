"""Resumable backfills: every date of a range through the phases, in backfill mode.

A date is done when the latest attempt of every requested phase for it is 'complete'
(nba_orchestration.phase_execution_log); done dates are skipped, so after a crash or Ctrl-C the
same command finishes the range without redoing finished dates. A date interrupted midway resumes
at its first phase not complete (the later phase's upstream check reads the earlier completion);
every phase rebuilds exactly its date and phase_completion is replaced per (date, phase), so
nothing is duplicated even when a phase is redone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from python_jobs.orchestration.completion import latest_phase_status
from python_jobs.orchestration.connection import warehouse
from python_jobs.orchestration.runner import Runner, RunRequest


@dataclass
class BackfillReport:
    done_before: list[dt.date] = field(default_factory=list)
    completed: list[dt.date] = field(default_factory=list)
    failed: list[dt.date] = field(default_factory=list)

    @property
    def succeeded(self) -> bool:
        return not self.failed


def date_range(start: dt.date, end: dt.date) -> list[dt.date]:
    if end < start:
        raise ValueError(f"--end {end} is before --start {start}")
    return [start + dt.timedelta(days=i) for i in range((end - start).days + 1)]


def remaining_phases(runner: Runner, game_date: dt.date, phases: tuple[str, ...]) -> tuple[str, ...]:
    """The phases still to run for the date: from the first one whose latest attempt is not complete."""
    with warehouse(runner.db) as con:
        status = latest_phase_status(con, game_date)
    for i, phase in enumerate(phases):
        if status.get(phase) != "complete":
            return phases[i:]
    return ()


def backfill(runner: Runner, start: dt.date, end: dt.date, phases: tuple[str, ...], *, force: bool = False,
             stop_on_failure: bool = False, progress: Callable[[dt.date, str], None] | None = None,
             correlation_id: str | None = None) -> BackfillReport:
    report = BackfillReport()
    for day in date_range(start, end):
        todo = phases if force else remaining_phases(runner, day, phases)
        if not todo:
            report.done_before.append(day)
            if progress:
                progress(day, "already done")
            continue
        result = runner.run(RunRequest(date=day, mode="backfill", phases=todo, trigger_source="backfill",
                                       correlation_id=correlation_id))
        (report.completed if result.succeeded else report.failed).append(day)
        if progress:
            progress(day, "complete" if result.succeeded else "FAILED")
        if not result.succeeded and stop_on_failure:
            break
    return report
