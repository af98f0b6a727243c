"""Phase completion: one row per model in nba_orchestration.phase_completion, and the gate.

The configuration (which models each phase builds and which are critical) is phases.toml beside this
module; its header documents the rule.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from python_jobs.orchestration.tables import PHASE_COMPLETION, PHASE_EXECUTION_LOG, insert_sql

CONFIG_PATH = Path(__file__).with_name("phases.toml")
PHASE_ORDER = ("3", "4", "5", "grading", "monitoring")
SUCCESS = "success"


@dataclass(frozen=True)
class PhaseConfig:
    name: str
    description: str
    select: tuple[str, ...]
    gate_tag: str
    critical: tuple[str, ...]
    critical_by_mode: dict[str, tuple[str, ...]] = field(default_factory=dict)
    kind: str = "dbt"

    def critical_for(self, mode: str) -> tuple[str, ...]:
        return self.critical_by_mode.get(mode, self.critical)


@dataclass(frozen=True)
class PhasesConfig:
    phases: dict[str, PhaseConfig]
    optional_success_threshold: float

    def __getitem__(self, name: str) -> PhaseConfig:
        try:
            return self.phases[name]
        except KeyError:
            raise KeyError(f"unknown phase {name!r}; phases are {', '.join(self.phases)}") from None


def load_config(path: Path = CONFIG_PATH) -> PhasesConfig:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    phases = {}
    for name, raw in data["phase"].items():
        phases[name] = PhaseConfig(
            name=name,
            description=raw.get("description", ""),
            select=tuple(raw.get("select", ())),
            gate_tag=raw["gate_tag"],
            critical=tuple(raw.get("critical", ())),
            critical_by_mode={k: tuple(v) for k, v in raw.get("critical_by_mode", {}).items()},
            kind=raw.get("kind", "dbt"),
        )
    unknown = set(phases) - set(PHASE_ORDER)
    if unknown:
        raise ValueError(f"{path}: unknown phases {sorted(unknown)}; expected {PHASE_ORDER}")
    threshold = float(data.get("optional_success_threshold", 0.6))
    if not 0 <= threshold <= 1:
        raise ValueError(f"{path}: optional_success_threshold {threshold} is not between 0 and 1")
    return PhasesConfig(phases, threshold)


@dataclass(frozen=True)
class ModelOutcome:
    """One model's outcome in a phase run (also the python prediction step, as model 'predictions')."""

    model: str
    status: str  # success | error | skipped | test_failed | not_run
    unique_id: str | None = None
    rows_affected: int | None = None
    duration_seconds: float | None = None
    message: str | None = None

    @property
    def succeeded(self) -> bool:
        return self.status == SUCCESS


@dataclass(frozen=True)
class GateDecision:
    passed: bool
    reason: str
    models_total: int
    models_succeeded: int
    critical_failed: tuple[str, ...]
    optional_success_pct: float | None


def evaluate_gate(expected: Iterable[str], outcomes: Sequence[ModelOutcome], critical: Iterable[str],
                  threshold: float, phase: str) -> GateDecision:
    """All critical models succeeded and at least `threshold` of the optional ones did.

    `expected` is every model the phase should build (from the manifest); one with no outcome counts
    as not run. No expected model at all is a failure: a selector that matched nothing did nothing.
    """
    expected = sorted(set(expected))
    if not expected:
        return GateDecision(False, f"phase {phase} has no models yet (nothing matches its selector)", 0, 0, (), None)
    by_model = {o.model: o for o in outcomes}
    ok = {m for m in expected if m in by_model and by_model[m].succeeded}
    critical = sorted(set(critical))
    missing_critical = [m for m in critical if m not in expected]
    failed_critical = tuple(m for m in critical if m not in ok)
    optional = [m for m in expected if m not in critical]
    pct = (sum(m in ok for m in optional) / len(optional)) if optional else None
    if missing_critical:
        reason = (f"critical model(s) {', '.join(missing_critical)} of phase {phase} are not in the project "
                  "(check phases.toml)")
        return GateDecision(False, reason, len(expected), len(ok), failed_critical, pct)
    if failed_critical:
        detail = ", ".join(f"{m} ({by_model[m].status if m in by_model else 'not run'})" for m in failed_critical)
        return GateDecision(False, f"critical model(s) failed: {detail}", len(expected), len(ok), failed_critical, pct)
    if pct is not None and pct < threshold:
        failed = [m for m in optional if m not in ok]
        return GateDecision(False, f"only {pct:.0%} of optional models succeeded (< {threshold:.0%}); failed: "
                                   f"{', '.join(failed)}", len(expected), len(ok), (), pct)
    note = "" if len(ok) == len(expected) else f" (degraded: {len(expected) - len(ok)} optional model(s) failed)"
    return GateDecision(True, f"all critical models succeeded{note}", len(expected), len(ok), (), pct)


def write_completion(con: duckdb.DuckDBPyConnection, *, game_date: dt.date, phase: str,
                     outcomes: Sequence[ModelOutcome], critical: Iterable[str], mode: str, run_id: str,
                     correlation_id: str, now: dt.datetime) -> None:
    """Replace the phase's rows for the date (call inside a transaction): the latest run is the state."""
    critical = set(critical)
    con.execute(f"delete from {PHASE_COMPLETION.qualified} where game_date = ? and phase = ?", [game_date, phase])
    rows = []
    for o in outcomes:
        values = {
            "game_date": game_date, "phase": phase, "model": o.model, "unique_id": o.unique_id, "status": o.status,
            "is_critical": o.model in critical, "rows_affected": o.rows_affected,
            "duration_seconds": o.duration_seconds, "message": o.message, "mode": mode, "run_id": run_id,
            "correlation_id": correlation_id, "completed_at": now,
        }
        rows.append([values[c] for c in PHASE_COMPLETION.column_names])
    if rows:
        con.executemany(insert_sql(PHASE_COMPLETION), rows)


@dataclass(frozen=True)
class PhaseExecution:
    run_id: str
    correlation_id: str
    game_date: dt.date
    requested_date: str
    date_resolved_at: dt.datetime
    phase: str
    mode: str
    trigger_source: str
    status: str  # complete | failed | blocked
    reason: str
    models_total: int
    models_succeeded: int
    critical_failed: str
    optional_success_pct: float | None
    started_at: dt.datetime
    finished_at: dt.datetime
    duration_seconds: float


def log_execution(con: duckdb.DuckDBPyConnection, execution: PhaseExecution) -> None:
    con.execute(insert_sql(PHASE_EXECUTION_LOG), [getattr(execution, c) for c in PHASE_EXECUTION_LOG.column_names])


def latest_phase_status(con: duckdb.DuckDBPyConnection, game_date: dt.date) -> dict[str, str]:
    """phase -> status of its most recent attempt for the date."""
    rows = con.execute(
        f"""select phase, status from (
                select phase, status,
                       row_number() over (partition by phase order by finished_at desc, started_at desc) as rn
                from {PHASE_EXECUTION_LOG.qualified} where game_date = ?
            ) where rn = 1""",
        [game_date],
    ).fetchall()
    return dict(rows)
