"""Session fixtures: one simulated league, and one uninterrupted orchestrated run on it (the reference)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from python_jobs.simulator.core import simulate
from python_jobs.tests.reliability.support import AS_OF, RUN_DATE, SEED, copy_db, explain, nba_props, table_hashes


@pytest.fixture(scope="session")
def league(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A closed warehouse file holding only raw tables: one simulated season seen from AS_OF (~10 s)."""
    db = tmp_path_factory.mktemp("league") / "league.duckdb"
    con = duckdb.connect(str(db))
    try:
        simulate(con, seasons=1, seed=SEED, as_of=AS_OF, log=lambda _: None)
        con.execute("checkpoint")
    finally:
        con.close()
    return db


@dataclass(frozen=True)
class ReferenceRun:
    db: Path  # the warehouse after one uninterrupted `nba-props run`; do not modify, copy it
    hashes: dict[str, tuple[int, int]]


def run_args(db: Path) -> list[str]:
    """The orchestrated run every idempotency / crash test repeats."""
    return ["run", "--date", RUN_DATE, "--phases", "3,4", "--as-of", AS_OF, "--db", str(db)]


@pytest.fixture(scope="session")
def reference_run(league: Path, tmp_path_factory: pytest.TempPathFactory) -> ReferenceRun:
    work = tmp_path_factory.mktemp("reference")
    db = copy_db(league, work / "reference.duckdb")
    proc = nba_props(run_args(db), work)
    assert proc.returncode == 0, explain(proc)
    assert "phase 3" in proc.stdout and "phase 4" in proc.stdout and "FAILED" not in proc.stdout, explain(proc)
    return ReferenceRun(db, table_hashes(db))
