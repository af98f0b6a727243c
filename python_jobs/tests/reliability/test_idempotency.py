"""Idempotency: the same date run twice through `nba-props run --phases 3,4` gives identical tables.

(A month built day by day against a full refresh is python_jobs/tests/test_incremental_equals_full_refresh.py.)
"""

from __future__ import annotations

from pathlib import Path

import pytest

from python_jobs.tests.reliability.conftest import ReferenceRun, run_args
from python_jobs.tests.reliability.support import (
    copy_db, database_snapshot, explain, hash_differences, nba_props, table_hashes,
)

pytestmark = pytest.mark.reliability


@pytest.fixture(scope="module")
def ran_twice(reference_run: ReferenceRun, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The reference warehouse (one run done) after the same run once more."""
    work = tmp_path_factory.mktemp("twice")
    db = copy_db(reference_run.db, work / "twice.duckdb")
    proc = nba_props(run_args(db), work)
    assert proc.returncode == 0, explain(proc)
    return db


def test_same_date_run_twice_gives_identical_tables(reference_run: ReferenceRun, ran_twice: Path) -> None:
    again = table_hashes(ran_twice)
    for table in ("nba_staging.base_nba_raw__nbac_gamebook_player_stats", "nba_analytics.player_game_summary",
                  "nba_precompute.player_daily_cache", "nba_predictions.ml_feature_store"):
        assert again.get(table, (0, 0))[0] > 0, f"{table} is missing or empty: nothing was compared"
    assert not hash_differences(reference_run.hashes, again), (
        f"tables changed on the second run: {hash_differences(reference_run.hashes, again)}")


def test_rerun_leaves_no_tables_behind(reference_run: ReferenceRun, ran_twice: Path) -> None:
    """Outside the run logs (nba_orchestration), a rerun adds no table anywhere in the warehouse:
    a leftover per run would grow the file with every daily run."""
    def outside_logs(db: Path) -> dict[str, int]:
        return {t: n for t, n in database_snapshot(db).items() if not t.startswith("nba_orchestration.")}

    before, after = outside_logs(reference_run.db), outside_logs(ran_twice)
    assert sorted(set(after) - set(before)) == [], "tables left behind by the second run"
    assert sorted(set(before) - set(after)) == [], "tables lost by the second run"
