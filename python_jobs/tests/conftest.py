"""Test order for the two-worker run (make pytest / make reliability: pytest-xdist, one file per worker).

xdist hands out test files in collection order, one at a time to whichever worker is free. The few
files that build a whole simulated league take most of the wall time, so they go first, on different
workers, and the many short files fill in behind them; otherwise two of them can end up one after
the other on one worker while the other idles (measured: 29 of 36 minutes on one worker).
Longest first, from `pytest --durations` on this machine.
"""

from __future__ import annotations

import os

import pytest

# Two workers build warehouses side by side, each with DuckDB's default memory cap of 80 % of RAM:
# together they ran the machine out of memory. Every dbt run of the tests (in-process or through the
# CLI, which inherits the environment) uses the capped target of profiles.yml instead.
os.environ.setdefault("NBA_PROPS_TARGET", "duckdb_capped")

HEAVY_FIRST = (
    "test_orchestration_e2e.py",
    "test_incremental_equals_full_refresh.py",
    "test_predictions_simulated.py",
    "test_real_data_sample.py",
    "test_feature_store_cascade.py",
    "test_ablation.py",
    "test_grading_determinism.py",
    # reliability: the shared league and reference run come with whichever file starts first
    "test_crash_recovery.py",
    "test_idempotency.py",
    "test_injection.py",
)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    rank = {name: i for i, name in enumerate(HEAVY_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.name, len(HEAVY_FIRST)))  # stable: the rest keep their order
