"""Turn a dbtRunnerResult into counts a person can read."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field


@dataclass
class DbtOutcome:
    success: bool
    # (resource_type, status) -> count, e.g. ("model", "success"): 12, ("test", "pass"): 80
    counts: Counter = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)
    error: str | None = None

    @property
    def nodes(self) -> int:
        return sum(self.counts.values())

    def count(self, resource_type: str, *statuses: str) -> int:
        return sum(n for (rtype, status), n in self.counts.items() if rtype == resource_type and status in statuses)

    def describe(self) -> str:
        parts = []
        for rtype in ("seed", "model", "test", "unit_test", "snapshot"):
            by_status = {s: n for (t, s), n in sorted(self.counts.items()) if t == rtype}
            if by_status:
                parts.append(f"{rtype}s: " + ", ".join(f"{n} {s}" for s, n in by_status.items()))
        return "; ".join(parts) if parts else "no nodes ran"


def summarise(res) -> DbtOutcome:
    """Summarise a dbtRunnerResult; an invocation error or zero nodes run is not a success."""
    if res.exception is not None:
        return DbtOutcome(success=False, error=f"{type(res.exception).__name__}: {res.exception}")
    outcome = DbtOutcome(success=bool(res.success))
    results = getattr(res.result, "results", None) or []
    for r in results:
        rtype = str(r.node.resource_type).split(".")[-1].lower()
        status = str(getattr(r.status, "value", r.status)).lower()
        outcome.counts[(rtype, status)] += 1
        if status in {"error", "fail"}:
            outcome.failures.append(f"{r.node.unique_id}: {status}: {(r.message or '').strip()[:300]}")
    if not results:
        # A selector that matched nothing did nothing: never report that as success.
        outcome.success = False
        outcome.error = "dbt ran no nodes (the selection matched nothing)"
    return outcome
