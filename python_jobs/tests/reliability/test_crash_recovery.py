"""Crash recovery: `nba-props run` killed (SIGKILL) in the middle of Phase 4, then rerun, ends in
exactly the state of an uninterrupted run on the same raw data (content hash per table)."""

from __future__ import annotations

import signal
import threading
import time
from pathlib import Path

import duckdb
import pytest

from python_jobs.tests.reliability.conftest import ReferenceRun, run_args
from python_jobs.tests.reliability.support import (
    RUN_DATE, copy_db, explain, hash_differences, nba_props, nba_props_popen, table_hashes,
)

pytestmark = pytest.mark.reliability

PHASE3_DONE = "phase 3"  # the runner prints '  phase 3  COMPLETE ...' when Phase 3 is recorded
# dbt's file log (written even under --quiet) announces each finished model; a Phase 4 table written
# means Phase 4 is under way and has already changed the warehouse.
PHASE4_WROTE = "nba_precompute."
TIMEOUT = 420


def _wait_for_phase4_write(proc, log: Path, lines: list[str]) -> None:
    deadline = time.monotonic() + TIMEOUT
    log_offset = None
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError("the run ended before Phase 4 could be interrupted:\n" + "".join(lines))
        if log_offset is None and any(line.strip().startswith(PHASE3_DONE) for line in lines):
            log_offset = log.stat().st_size if log.exists() else 0  # only Phase 4's part of the log counts
        if log_offset is not None and log.exists():
            with log.open(encoding="utf-8", errors="replace") as handle:
                handle.seek(log_offset)
                if any(PHASE4_WROTE in line and " OK created " in line for line in handle):
                    return
        time.sleep(0.1)
    raise AssertionError(f"Phase 4 did not start writing within {TIMEOUT} s:\n" + "".join(lines))


def test_run_killed_in_phase4_then_rerun_equals_uninterrupted(league: Path, reference_run: ReferenceRun,
                                                               tmp_path: Path) -> None:
    db = copy_db(league, tmp_path / "crash.duckdb")
    proc = nba_props_popen(run_args(db), tmp_path)
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(iter(proc.stdout.readline, "")), daemon=True)
    reader.start()
    try:
        _wait_for_phase4_write(proc, tmp_path / "logs" / "dbt.log", lines)
        proc.send_signal(signal.SIGKILL)
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=60)
        reader.join(timeout=10)
    assert proc.returncode == -signal.SIGKILL
    assert not any(line.strip().startswith("phase 4") for line in lines), "killed too late: Phase 4 had finished"

    con = duckdb.connect(str(db))  # the killed process no longer holds the lock; opening replays the WAL
    try:
        phases = con.execute("select phase, status from nba_orchestration.phase_execution_log where game_date = ?",
                             [RUN_DATE]).fetchall()
    finally:
        con.close()
    assert phases == [("3", "complete")], f"before the rerun only Phase 3 is recorded: {phases}"
    assert hash_differences(reference_run.hashes, table_hashes(db)), "the kill came after Phase 4 was complete"

    rerun = nba_props(run_args(db), tmp_path)
    assert rerun.returncode == 0, explain(rerun)
    differences = hash_differences(reference_run.hashes, table_hashes(db))
    assert not differences, f"rerun after a kill differs from an uninterrupted run: {differences}"
