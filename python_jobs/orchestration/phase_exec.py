"""How each kind of phase runs for one date: dbt phases and the prediction phase.

Executors return what happened (per-model outcomes, dbt node results); the runner decides the gate
and records everything. Tests replace executors with fakes.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from python_jobs import dbt
from python_jobs.orchestration.completion import ModelOutcome, PhaseConfig
from python_jobs.orchestration.dbt_results_store import NodeResult, invocation_id, node_results
from python_jobs.orchestration.manifest import ModelInfo, ProjectModels

PHASE_PROCESSOR = "__phase__"  # retry-queue name for a failure of the phase as a whole
_BUILT_RESOURCES = {"model", "seed", "snapshot"}
_FAILED_TEST = {"fail", "error"}


@dataclass(frozen=True)
class PhaseContext:
    game_date: dt.date
    mode: str
    run_id: str
    correlation_id: str
    db: str | os.PathLike[str] | None
    target_path: str | os.PathLike[str] | None
    config: PhaseConfig
    models: Callable[[], ProjectModels]  # lazy: parsed once per run, only if a dbt phase needs it


@dataclass
class DbtInvocation:
    invocation_id: str
    command: list[str]
    results: list[NodeResult]
    error: str | None  # the invocation itself failed (bad args, profile, parse error)


@dataclass
class PhaseRun:
    expected: list[str]  # models the gate looks at
    outcomes: list[ModelOutcome] = field(default_factory=list)
    invocations: list[DbtInvocation] = field(default_factory=list)
    error: str | None = None  # why the phase could not run at all
    error_type: str | None = None


def window_vars(game_date: dt.date) -> str:
    """The incremental window that makes every incremental model recompute exactly this date."""
    return json.dumps({"backfill_start": game_date.isoformat(), "backfill_end": game_date.isoformat()})


def invoke_build(ctx: PhaseContext, select: tuple[str, ...]) -> DbtInvocation:
    # cautious: a test is selected only when all its parents are, so a phase never runs tests on
    # models it did not build (eager selection pulled in staging tests on unbuilt relations).
    args = ["--quiet", "build", "--indirect-selection", "cautious", "--select", *select,
            "--vars", window_vars(ctx.game_date)]
    res = dbt.invoke(args, db=ctx.db, target_path=ctx.target_path)
    error = None if res.exception is None else f"{type(res.exception).__name__}: {res.exception}"
    return DbtInvocation(invocation_id(res), args, node_results(res), error)


def outcomes_from(results: list[NodeResult], expected: dict[str, ModelInfo]) -> list[ModelOutcome]:
    """One outcome per built node; an error-severity test failure marks the model it tests as failed."""
    built: dict[str, ModelOutcome] = {}
    for r in results:
        if r.resource_type in _BUILT_RESOURCES:
            built[r.unique_id] = ModelOutcome(r.name, r.status, r.unique_id, r.rows_affected, r.execution_time,
                                              _short(r.message) if r.status != "success" else None)
    for r in results:
        if r.resource_type not in ("test", "unit_test") or r.status not in _FAILED_TEST:
            continue
        targets = [r.attached_node] if r.attached_node else [d for d in r.depends_on if d in built]
        for uid in targets:
            current = built.get(uid)
            if current is None or current.status not in ("success", "test_failed"):
                continue
            note = f"{r.name}: {r.status}: {_short(r.message)}"
            message = note if current.status == "success" else f"{current.message}; {note}"
            built[uid] = ModelOutcome(current.model, "test_failed", uid, current.rows_affected,
                                      current.duration_seconds, message[:4000])
    outcomes = list(built.values())
    ran = {o.model for o in outcomes}
    for name, info in sorted(expected.items()):
        if name not in ran:
            outcomes.append(ModelOutcome(name, "not_run", info.unique_id, message="dbt did not run this model"))
    return outcomes


def _short(message: str | None) -> str:
    return re.sub(r"\s+", " ", message or "").strip()[:1000]


def run_dbt_phase(ctx: PhaseContext) -> PhaseRun:
    cfg = ctx.config
    expected = ctx.models().tagged(cfg.gate_tag)
    if not expected:
        return PhaseRun([], error=f"phase {cfg.name} has no models yet: no model tagged '{cfg.gate_tag}' in the dbt "
                                  f"manifest (selector {' '.join(cfg.select)} matches nothing)", error_type="permanent")
    inv = invoke_build(ctx, cfg.select)
    run = PhaseRun(sorted(expected), outcomes_from(inv.results, expected), [inv])
    if inv.error:
        run.error, run.error_type = f"dbt build could not run: {inv.error}", "permanent"
    elif not inv.results:
        run.error, run.error_type = "dbt ran no nodes (the selection matched nothing)", "permanent"
    return run


def run_prediction_phase(ctx: PhaseContext) -> PhaseRun:
    """The prediction job for the date, then the phase's dbt models (player_prop_predictions)."""
    cfg = ctx.config
    dbt_models = ctx.models().tagged(cfg.gate_tag)
    expected = sorted({"predictions", *dbt_models})
    try:
        from python_jobs.predictions.job import predict_for_date
    except ImportError as exc:
        message = f"prediction job not installed: python_jobs.predictions.job.predict_for_date is unavailable ({exc})"
        return PhaseRun(expected, [ModelOutcome("predictions", "error", message=message)],
                        error=message, error_type="permanent")
    started = dt.datetime.now()
    try:
        summary = predict_for_date(ctx.db, ctx.game_date, systems=None, run_id=ctx.run_id)
    except Exception as exc:  # recorded, queued for retry, and the phase fails its gate
        message = f"{type(exc).__name__}: {exc}"
        return PhaseRun(expected, [ModelOutcome("predictions", "error", message=message[:4000])], error=message)
    elapsed = (dt.datetime.now() - started).total_seconds()
    note = (f"{summary.rows_written} rows written, {summary.rows_unchanged} unchanged, {summary.players} players, "
            f"{summary.actionable} actionable")
    predictions = ModelOutcome("predictions", "success", None, summary.rows_written, elapsed, note)
    if not dbt_models:
        return PhaseRun(expected, [predictions])
    inv = invoke_build(ctx, cfg.select)
    run = PhaseRun(expected, [predictions, *outcomes_from(inv.results, dbt_models)], [inv])
    if inv.error:
        run.error, run.error_type = f"dbt build could not run: {inv.error}", "permanent"
    return run


EXECUTORS: dict[str, Callable[[PhaseContext], PhaseRun]] = {
    "dbt": run_dbt_phase,
    "predictions": run_prediction_phase,
}
