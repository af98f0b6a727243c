"""Re-run what the retry queue says is due (production's auto-retry-processor, every 15 minutes).

Due transient entries are claimed (status 'retrying', retry_count + 1), grouped by (date, phase, mode)
and their phase is run again for the date, followed by the rest of the mode's phases. The run itself
settles the entries: a model that now succeeds resolves its entry; one that fails again goes back to
'pending' with a longer delay, or to 'failed_permanent' once max_retries retries were spent.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from python_jobs.orchestration import retry_queue
from python_jobs.orchestration.clock import utc_now
from python_jobs.orchestration.completion import PHASE_ORDER
from python_jobs.orchestration.connection import warehouse
from python_jobs.orchestration.dates import StaleWorkError
from python_jobs.orchestration.runner import DEFAULT_PHASES, Runner, RunRequest


@dataclass(frozen=True)
class RetryOutcome:
    game_date: dt.date
    phase: str
    mode: str
    entries: int
    succeeded: bool
    message: str


def retry_due(runner: Runner, now: dt.datetime | None = None) -> list[RetryOutcome]:
    now = now or utc_now()
    with warehouse(runner.db, transaction=True) as con:
        claimed = retry_queue.claim_due(con, now)
    groups: dict[tuple[dt.date, str, str], list[retry_queue.QueueEntry]] = {}
    for e in claimed:
        groups.setdefault((e.game_date, e.phase, e.mode or "overnight"), []).append(e)
    outcomes = []
    for (game_date, phase, mode), entries in sorted(groups.items(), key=lambda kv: (kv[0][0], PHASE_ORDER.index(kv[0][1]))):
        later = tuple(p for p in DEFAULT_PHASES.get(mode, ()) if PHASE_ORDER.index(p) > PHASE_ORDER.index(phase))
        phases = (phase, *later)
        try:
            report = runner.run(RunRequest(date=game_date, mode=mode, phases=phases, now=now, trigger_source="retry",
                                           correlation_id=entries[0].correlation_id))
        except StaleWorkError as exc:
            # Too old to retry automatically: hand it to a human instead of looping.
            with warehouse(runner.db, transaction=True) as con:
                for e in entries:
                    retry_queue.record_failure(con, phase=e.phase, processor_name=e.processor_name,
                                               game_date=e.game_date, error_message=str(exc), now=now,
                                               error_type="permanent", mode=mode)
            outcomes.append(RetryOutcome(game_date, phase, mode, len(entries), False, str(exc)))
            continue
        first = report.results[0] if report.results else None
        outcomes.append(RetryOutcome(game_date, phase, mode, len(entries), report.succeeded,
                                     first.reason if first else "nothing ran"))
    return outcomes
