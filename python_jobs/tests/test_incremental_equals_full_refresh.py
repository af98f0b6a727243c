"""Incremental equals full refresh, for every staging, Phase 3 and Phase 4 table.

Sixteen simulated days arrive one by one (the simulator seen from noon Eastern of each day, so late
box scores, next-morning gamebooks and corrections land as they would), with one incremental
`dbt run` per day. A full refresh on the final day's data must give the same tables, row for row.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import duckdb
import pytest

from python_jobs.dbt import invoke
from python_jobs.simulator.core import simulate

SEED = 11
FIRST_DAY = dt.date(2025, 10, 28)  # a week into the 2025-26 season
DAYS = 16  # > the 3-day lookback, with late gamebooks and corrections landing; ~30 s per day


def _simulate(db: Path, day: dt.date) -> None:
    con = duckdb.connect(str(db))
    try:
        simulate(con, seasons=1, seed=SEED, as_of=day.isoformat())
    finally:
        con.close()


def _dbt(args: list[str], db: Path, target: Path) -> None:
    res = invoke([*args, "--quiet"], db=db, target_path=target)
    assert res.success, f"dbt {' '.join(args)} failed: {res.exception or res.result}"
    assert res.result and len(res.result.results) > 0, f"dbt {' '.join(args)} selected nothing"


JOB_TABLES = {"nba_predictions.prediction_landing", "nba_predictions.prediction_skips", "nba_predictions.model_registry"}


def _built_tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Every table staging, Phase 3 and Phase 4 materialise (views are derived from them); the
    prediction job's own tables (landing, registry) are not dbt's and are left out."""
    rows = con.execute(
        "select table_schema || '.' || table_name from information_schema.tables "
        "where table_schema in ('nba_staging', 'nba_analytics', 'nba_precompute', 'nba_predictions') "
        "and table_type = 'BASE TABLE' "
        "and table_catalog = current_database() order by 1"
    ).fetchall()
    return [r[0] for r in rows if r[0] not in JOB_TABLES]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    tmp = tmp_path_factory.mktemp("phase3_incremental")
    daily_db, full_db, target = tmp / "daily.duckdb", tmp / "full.duckdb", tmp / "target"

    _simulate(daily_db, FIRST_DAY)
    _dbt(["seed"], daily_db, target)
    _dbt(["run", "--select", "+tag:phase4"], daily_db, target)
    for offset in range(1, DAYS):
        _simulate(daily_db, FIRST_DAY + dt.timedelta(days=offset))
        _dbt(["run", "--select", "+tag:phase4"], daily_db, target)

    last_day = FIRST_DAY + dt.timedelta(days=DAYS - 1)
    _simulate(full_db, last_day)
    _dbt(["seed"], full_db, target)
    _dbt(["run", "--select", "+tag:phase4", "--full-refresh"], full_db, target)
    return daily_db, full_db


def _rows(con: duckdb.DuckDBPyConnection, table: str) -> Counter:
    # Identifiers come from the catalog, not from input.
    return Counter(con.execute(f"select * from {table}").fetchall())


def test_daily_incremental_equals_full_refresh(built: tuple[Path, Path]) -> None:
    daily_db, full_db = built
    # dbt ran in this process and keeps both files open: plain connections share those instances.
    daily, full = duckdb.connect(str(daily_db)), duckdb.connect(str(full_db))
    tables = _built_tables(daily)
    assert tables == _built_tables(full)
    assert {f"nba_analytics.{t}" for t in ("player_game_summary", "team_offense_game_summary",
            "team_defense_game_summary", "upcoming_player_game_context", "upcoming_team_game_context")} <= set(tables)
    assert "nba_staging.base_nba_raw__nbac_gamebook_player_stats" in tables
    assert {"nba_precompute.player_daily_cache", "nba_precompute.player_composite_factors",
            "nba_precompute.team_defense_zone_analysis", "nba_precompute.player_shot_zone_analysis",
            "nba_predictions.ml_feature_store"} <= set(tables)
    differences = {}
    for table in tables:
        a, b = _rows(daily, table), _rows(full, table)
        assert sum(a.values()) > 0, f"{table} is empty"
        if a != b:
            only_daily, only_full = a - b, b - a
            differences[table] = {
                "rows": sum(a.values()),
                "only_daily": sum(only_daily.values()),
                "only_full": sum(only_full.values()),
                "example_daily": next(iter(only_daily), None),
                "example_full": next(iter(only_full), None),
            }
    assert not differences, f"incremental vs full refresh differ: {differences}"
