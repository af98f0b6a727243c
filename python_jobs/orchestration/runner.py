"""Run one game date through the phases: 3 → 4 → 5 → grading → monitoring, each behind a gate.

Modes (production's mode-aware orchestration, original-system.md §6.2 and §6.6):

| mode      | default date | default phases               | stale-work refusal | critical Phase 3 models |
|-----------|--------------|------------------------------|--------------------|-------------------------|
| overnight | YESTERDAY    | 3, 4, grading, monitoring    | yes                | player_game_summary, upcoming_player_game_context |
| same-day  | TODAY        | 3, 4, 5                      | yes                | upcoming_player_game_context |
| tomorrow  | TOMORROW     | 3, 4, 5                      | yes                | upcoming_player_game_context |
| backfill  | (given)      | 3, 4, 5, grading             | no (any age)       | as overnight |

Without --mode, the mode follows the date: before today (US Eastern) overnight, today same-day,
tomorrow tomorrow. Every dbt phase builds exactly the date (incremental window vars), which is what
makes reruns idempotent; point-in-time correctness is the models' own (every Phase 4 row only reads
inputs before its date), so a backfill computes what a daily run would have.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import duckdb

from python_jobs.orchestration import dates, retry_queue
from python_jobs.orchestration.clock import new_id, utc_now
from python_jobs.orchestration.completion import (
    PHASE_ORDER, GateDecision, ModelOutcome, PhaseExecution, PhasesConfig, evaluate_gate, latest_phase_status, load_config,
    log_execution, write_completion,
)
from python_jobs.orchestration.connection import warehouse
from python_jobs.orchestration.dbt_results_store import store as store_dbt_results
from python_jobs.orchestration.event_log import DuckDBEventSink, PipelineEventBuffer
from python_jobs.orchestration.manifest import ProjectModels
from python_jobs.orchestration.manifest import load as load_models
from python_jobs.orchestration.phase_exec import EXECUTORS, PHASE_PROCESSOR, PhaseContext, PhaseRun

DEFAULT_PHASES: dict[str, tuple[str, ...]] = {
    "overnight": ("3", "4", "grading", "monitoring"),
    "same-day": ("3", "4", "5"),
    "tomorrow": ("3", "4", "5"),
    "backfill": ("3", "4", "5", "grading"),
}
# The date column of a phase table, by convention (Phase 4 tables name it after their grain).
DATE_COLUMNS = ("game_date", "analysis_date", "cache_date")
# The phase whose completion for the same date a phase needs, when it is not part of the same run.
UPSTREAM: dict[str, str | None] = {"3": None, "4": "3", "5": "4", "grading": "3", "monitoring": None}


def parse_phases(text: str | Sequence[str] | None) -> tuple[str, ...] | None:
    """'3,4,grading' -> ('3', '4', 'grading') in canonical order; unknown names are an error."""
    if text is None:
        return None
    items = [p.strip().lower() for p in (text.split(",") if isinstance(text, str) else text) if p.strip()]
    unknown = [p for p in items if p not in PHASE_ORDER]
    if unknown:
        raise ValueError(f"unknown phase(s) {', '.join(unknown)}; phases are {', '.join(PHASE_ORDER)}")
    if not items:
        raise ValueError("--phases is empty")
    return tuple(p for p in PHASE_ORDER if p in items)


@dataclass(frozen=True)
class RunRequest:
    date: str | dt.date
    mode: str | None = None
    phases: tuple[str, ...] | None = None
    now: dt.datetime | None = None  # the moment the run happens (naive UTC); default: now
    trigger_source: str = "manual"
    correlation_id: str | None = None
    max_age_days: int | None = None
    ignore_upstream: bool = False


@dataclass(frozen=True)
class PhaseReport:
    phase: str
    status: str  # complete | failed | blocked
    reason: str
    gate: GateDecision | None
    duration_seconds: float


@dataclass
class RunReport:
    run_id: str
    correlation_id: str
    resolved: dates.ResolvedDate
    mode: str
    phases: tuple[str, ...]
    results: list[PhaseReport] = field(default_factory=list)

    @property
    def succeeded(self) -> bool:
        return bool(self.results) and all(r.status == "complete" for r in self.results)


class Runner:
    def __init__(self, db: str | os.PathLike[str] | None = None, *, target_path: str | os.PathLike[str] | None = None,
                 events: PipelineEventBuffer | None = None, config: PhasesConfig | None = None,
                 executors: dict[str, Callable[[PhaseContext], PhaseRun]] | None = None,
                 models: Callable[[], ProjectModels] | None = None, out=None) -> None:
        self.db = db
        self.target_path = target_path
        self.config = config or load_config()
        self.executors = {**EXECUTORS, **(executors or {})}
        self._own_events = events is None
        self.events = events or PipelineEventBuffer(DuckDBEventSink(db), close_at_exit=True)
        self._models_loader = models
        self._models: ProjectModels | None = None
        self.out = out or sys.stdout

    def close(self) -> None:
        if self._own_events:
            self.events.close()

    def models(self) -> ProjectModels:
        if self._models is None:
            self._models = self._models_loader() if self._models_loader else load_models(self.db, self.target_path)
        return self._models

    def _say(self, text: str) -> None:
        print(text, file=self.out, flush=True)

    def prepare(self, request: RunRequest) -> tuple[dates.ResolvedDate, str, tuple[str, ...]]:
        """Resolve the date and mode, refuse stale work; raises ValueError / StaleWorkError."""
        now = request.now or utc_now()
        resolved = dates.resolve(request.date, now)
        mode = request.mode or dates.infer_mode(resolved)
        if mode not in dates.MODES:
            raise ValueError(f"unknown mode {mode!r}; modes are {', '.join(dates.MODES)}")
        dates.check_not_stale(resolved, mode, request.max_age_days)
        return resolved, mode, request.phases or DEFAULT_PHASES[mode]

    def run(self, request: RunRequest) -> RunReport:
        resolved, mode, phases = self.prepare(request)
        run_id = new_id()
        correlation_id = request.correlation_id or run_id
        trigger = "backfill" if mode == "backfill" else request.trigger_source
        report = RunReport(run_id, correlation_id, resolved, mode, phases)
        common = {"game_date": resolved.game_date, "run_id": run_id, "correlation_id": correlation_id,
                  "trigger_source": trigger}
        self.events.log("date_resolved", **common, metadata={
            "requested": resolved.requested, "resolved": resolved.game_date.isoformat(),
            "today_eastern": resolved.today_eastern.isoformat(), "resolved_at": resolved.resolved_at.isoformat(),
            "time_zone": "America/New_York", "mode": mode, "phases": list(phases)})
        self._say(f"run {run_id[:8]}: {resolved.game_date} (requested {resolved.requested}, mode {mode}), "
                  f"phases {', '.join(phases)}")
        previous_passed: bool | None = None
        for phase in phases:
            started = utc_now()
            clock = time.monotonic()
            blocked = self._blocked_reason(phase, phases, previous_passed, resolved.game_date, request)
            if blocked:
                result = PhaseReport(phase, "blocked", blocked, None, 0.0)
                self._record_blocked(phase, blocked, report, trigger, started)
            else:
                result = self._run_phase(phase, report, trigger, started, clock)
            report.results.append(result)
            previous_passed = result.status == "complete"
            self._say(f"  phase {phase:<10} {result.status.upper():<8} {result.reason} ({result.duration_seconds:.1f} s)")
        self.events.log("run_complete", **common, metadata={"succeeded": report.succeeded,
                                                            "phases": {r.phase: r.status for r in report.results}})
        self.events.flush()
        return report

    def _blocked_reason(self, phase: str, phases: tuple[str, ...], previous_passed: bool | None,
                        game_date: dt.date, request: RunRequest) -> str | None:
        if previous_passed is False:
            return "an earlier phase of this run did not pass its gate"
        upstream = UPSTREAM[phase]
        if previous_passed is None and upstream and upstream not in phases and not request.ignore_upstream:
            with warehouse(self.db) as con:
                status = latest_phase_status(con, game_date).get(upstream)
            if status != "complete":
                return (f"phase {upstream} has not completed for {game_date} (latest: {status or 'never run'}); "
                        f"run it first or pass --ignore-upstream")
        return None

    def _record_blocked(self, phase: str, reason: str, report: RunReport, trigger: str, started: dt.datetime) -> None:
        r = report.resolved
        with warehouse(self.db, transaction=True) as con:
            log_execution(con, PhaseExecution(
                report.run_id, report.correlation_id, r.game_date, r.requested, r.resolved_at, phase, report.mode,
                trigger, "blocked", reason, 0, 0, "", None, started, utc_now(), 0.0))

    def _run_phase(self, phase: str, report: RunReport, trigger: str, started: dt.datetime,
                   clock: float) -> PhaseReport:
        cfg = self.config[phase]
        r = report.resolved
        common = {"phase": phase, "game_date": r.game_date, "run_id": report.run_id,
                  "correlation_id": report.correlation_id, "trigger_source": trigger}
        start_event = self.events.log("phase_start", **common, metadata={"mode": report.mode, "select": list(cfg.select)})
        ctx = PhaseContext(r.game_date, report.mode, report.run_id, report.correlation_id, self.db, self.target_path,
                           cfg, self.models)
        try:
            run = self.executors[cfg.kind](ctx)
        except Exception as exc:  # an executor bug or an infrastructure failure: record it, do not crash the run
            run = PhaseRun([], error=f"{type(exc).__name__}: {exc}")
        critical = cfg.critical_for(report.mode)
        gate = evaluate_gate(run.expected, run.outcomes, critical, self.config.optional_success_threshold, phase)
        if run.error and gate.passed:
            gate = GateDecision(False, run.error, gate.models_total, gate.models_succeeded, gate.critical_failed,
                                gate.optional_success_pct)
        status = "complete" if gate.passed else "failed"
        reason = gate.reason if not run.error or gate.reason == run.error else f"{run.error}; {gate.reason}"
        finished = utc_now()
        duration = time.monotonic() - clock
        now = finished
        expected = set(run.expected)
        with warehouse(self.db) as con:  # outside the transaction: a failed probe would abort it
            outcomes = [self._with_rows(con, o, r.game_date) for o in run.outcomes]
        with warehouse(self.db, transaction=True) as con:
            for inv in run.invocations:
                store_dbt_results(con, results=inv.results, invocation=inv.invocation_id, command=inv.command,
                                  run_id=report.run_id, correlation_id=report.correlation_id, game_date=r.game_date,
                                  phase=phase, now=now, invocation_error=inv.error)
            write_completion(con, game_date=r.game_date, phase=phase, outcomes=outcomes, critical=critical,
                             mode=report.mode, run_id=report.run_id, correlation_id=report.correlation_id, now=now)
            log_execution(con, PhaseExecution(
                report.run_id, report.correlation_id, r.game_date, r.requested, r.resolved_at, phase, report.mode,
                trigger, status, reason, gate.models_total, gate.models_succeeded, ",".join(gate.critical_failed),
                gate.optional_success_pct, started, finished, duration))
            queued = self._update_retry_queue(con, phase, run, outcomes, expected, report, status, reason, now)
        for o in outcomes:
            if o.model in expected or not o.succeeded:
                failed = not o.succeeded
                self.events.log("error" if failed else "processor_complete", **common, processor_name=o.model,
                                parent_event_id=start_event.event_id, duration_seconds=o.duration_seconds,
                                records_processed=o.rows_affected, error_message=o.message if failed else None,
                                error_type=queued.get(o.model) if failed else None,
                                metadata={"status": o.status, "unique_id": o.unique_id})
        self.events.log("phase_complete" if gate.passed else "error", **common, parent_event_id=start_event.event_id,
                        duration_seconds=duration, records_processed=sum(o.rows_affected or 0 for o in outcomes),
                        error_message=None if gate.passed else reason,
                        error_type=None if gate.passed else queued.get(PHASE_PROCESSOR, "transient"),
                        metadata={"status": status, "models_total": gate.models_total,
                                  "models_succeeded": gate.models_succeeded,
                                  "optional_success_pct": gate.optional_success_pct})
        return PhaseReport(phase, status, reason, gate, duration)

    def _with_rows(self, con, outcome: ModelOutcome, game_date: dt.date) -> ModelOutcome:
        """Rows the model holds for the date (DuckDB reports no rows_affected), for tables with a game_date."""
        if outcome.rows_affected is not None or not outcome.succeeded or not outcome.unique_id:
            return outcome
        info = self._models.by_unique_id(outcome.unique_id) if self._models is not None else None
        if info is None or info.materialized in (None, "view", "ephemeral") or not info.relation_name:
            return outcome
        count = None
        for column in DATE_COLUMNS:
            try:
                # relation_name and column are identifiers from the manifest / this module; the date is a parameter
                (count,) = con.execute(f"select count(*) from {info.relation_name} where {column} = ?",
                                       [game_date]).fetchone()
                break
            except duckdb.Error:  # no such column: try the next name
                continue
        if count is None:  # a table without a date (a dimension): rows per date do not apply
            return outcome
        return ModelOutcome(outcome.model, outcome.status, outcome.unique_id, int(count), outcome.duration_seconds,
                             outcome.message)

    def _update_retry_queue(self, con, phase: str, run: PhaseRun, outcomes, expected: set[str], report: RunReport,
                            status: str, reason: str, now: dt.datetime) -> dict[str, str]:
        """Queue root failures (errors, failed tests, a phase that could not run); resolve what succeeded."""
        queued: dict[str, str] = {}
        r = report.resolved
        common = {"phase": phase, "game_date": r.game_date, "now": now, "mode": report.mode,
                  "run_id": report.run_id, "correlation_id": report.correlation_id}
        for o in outcomes:
            if o.succeeded and (o.model in expected):
                retry_queue.resolve_active(con, phase=phase, processor_name=o.model, game_date=r.game_date, now=now,
                                           notes=f"succeeded in run {report.run_id}")
            elif o.status in ("error", "test_failed"):
                entry = retry_queue.record_failure(con, processor_name=o.model, error_message=o.message or o.status,
                                                   error_type="permanent" if o.model == "predictions"
                                                   and run.error_type == "permanent" else None, **common)
                queued[o.model] = entry.error_type
        if status == "complete":
            retry_queue.resolve_active(con, phase=phase, processor_name=PHASE_PROCESSOR, game_date=r.game_date,
                                       now=now, notes=f"phase complete in run {report.run_id}")
        elif not queued:
            entry = retry_queue.record_failure(con, processor_name=PHASE_PROCESSOR, error_message=reason,
                                               error_type=run.error_type, **common)
            queued[PHASE_PROCESSOR] = entry.error_type
        return queued
