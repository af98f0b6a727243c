"""End to end: a simulated league run day by day through Phases 3 and 4 with `nba-props run`, then the
same days again: no table of nba_analytics / nba_precompute / nba_predictions changes, and the
orchestration tables hold exactly the expected rows."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import duckdb
import pytest

from python_jobs import cli

# Noon-ish UTC on the 20th leaves the 19th's team box and player box disagreeing for one game
# (assert_team_points_match_player_points fails, skipping Phase 3); late evening ET is consistent.
AS_OF = "2025-11-20T23:00:00"
DAYS = ("2025-11-18", "2025-11-19")
SCHEMAS = ("nba_analytics", "nba_precompute", "nba_predictions")


def _hashes(db: Path) -> dict[str, str]:
    con = duckdb.connect(str(db))
    try:
        tables = con.execute(
            "select table_schema, table_name from information_schema.tables where table_type = 'BASE TABLE' "
            f"and table_schema in ({', '.join('?' for _ in SCHEMAS)}) order by 1, 2", list(SCHEMAS)).fetchall()
        out = {}
        for schema, table in tables:
            rows = con.execute(f'select * from "{schema}"."{table}" order by all').fetchall()
            out[f"{schema}.{table}"] = hashlib.sha256(repr(rows).encode()).hexdigest() + f":{len(rows)}"
        return out
    finally:
        con.close()


def _run(db: Path, day: str) -> int:
    return cli.main(["run", "--date", day, "--as-of", AS_OF, "--phases", "3,4", "--db", str(db)])


@pytest.fixture(scope="module")
def league(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("orch_e2e")
    db = root / "w.duckdb"
    os.environ["DBT_TARGET_PATH"] = str(root / "target")  # restored by the teardown below
    assert cli.main(["simulate", "--seasons", "1", "--seed", "7", "--as-of", AS_OF, "--db", str(db)]) == 0
    yield db
    os.environ.pop("DBT_TARGET_PATH", None)


def test_days_run_then_rerun_change_nothing(league: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = league
    for day in DAYS:
        assert _run(db, day) == 0, f"run {day} failed; see nba_orchestration.phase_execution_log"
    first = _hashes(db)
    assert any(k.endswith("player_game_summary") for k in first) and any(k.endswith("ml_feature_store") for k in first)
    for day in DAYS:
        assert _run(db, day) == 0
    assert _hashes(db) == first

    con = duckdb.connect(str(db))
    try:
        log = con.execute("select game_date::varchar, phase, status, count(*) from nba_orchestration.phase_execution_log "
                          "group by all order by all").fetchall()
        assert log == [(d, p, "complete", 2) for d in DAYS for p in ("3", "4")]
        # current state: one row per (date, phase, model), never duplicated by the rerun
        dupes = con.execute("select count(*) from (select game_date, phase, model from nba_orchestration.phase_completion "
                            "group by all having count(*) > 1)").fetchone()[0]
        assert dupes == 0
        pc = con.execute("select game_date::varchar, phase, model, status, is_critical, rows_affected "
                         "from nba_orchestration.phase_completion where model in "
                         "('player_game_summary', 'upcoming_player_game_context', 'ml_feature_store') order by all"
                         ).fetchall()
        assert [r[:5] for r in pc] == [
            (d, p, m, "success", True) for d in DAYS
            for p, m in (("3", "player_game_summary"), ("3", "upcoming_player_game_context"), ("4", "ml_feature_store"))]
        assert all(r[5] > 0 for r in pc), pc
        # phase_completion is the current state: the rerun of each date replaced its rows
        latest = con.execute("select count(distinct run_id) from nba_orchestration.phase_completion").fetchone()[0]
        assert latest == len(DAYS)
        events = dict(con.execute("select event_type, count(*) from nba_orchestration.pipeline_event_log group by 1"
                                  ).fetchall())
        assert events["date_resolved"] == events["run_complete"] == 4
        assert events["phase_start"] == events["phase_complete"] == 8
        assert events.get("error", 0) == 0
        assert con.execute("select count(*) from nba_orchestration.pipeline_event_log where game_date is null"
                           ).fetchone()[0] == 0
        # every dbt invocation's nodes are stored (4 runs x 2 phases)
        assert con.execute("select count(distinct invocation_id) from nba_orchestration.dbt_run_results").fetchone()[0] == 8
        assert con.execute("select count(*) from nba_orchestration.failed_processor_queue").fetchone()[0] == 0
    finally:
        con.close()
