"""A late correction in Phase 3 flows into every later Phase 4 row that depends on it, and into
nothing before it.

On a simulated three weeks: build through Phase 4, then correct one player_game_summary row in place
(a player's points in one game, +10), rerun Phase 4 as a backfill from that game's date, and check
that points_avg_last_10 of the same player five games later moved up, that no feature-store row
dated on or before the corrected game changed, and that the result equals a Phase 4 full refresh.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import duckdb
import pytest

from python_jobs.dbt import invoke
from python_jobs.simulator.core import simulate

SEED = 7
AS_OF = "2025-11-12T12:00:00"
FEATURES = "nba_predictions.ml_feature_store"


def _dbt(args: list[str], db: Path, target: Path) -> None:
    res = invoke([*args, "--quiet"], db=db, target_path=target)
    assert res.success, f"dbt {' '.join(args)} failed: {res.exception or res.result}"
    assert res.result and len(res.result.results) > 0, f"dbt {' '.join(args)} selected nothing"


def _rows(con: duckdb.DuckDBPyConnection, where: str = "true") -> Counter:
    return Counter(con.execute(f"select * from {FEATURES} where {where}").fetchall())


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    tmp = tmp_path_factory.mktemp("feature_store_cascade")
    db, target = tmp / "wh.duckdb", tmp / "target"
    con = duckdb.connect(str(db))
    try:
        simulate(con, seasons=1, seed=SEED, as_of=AS_OF)
    finally:
        con.close()
    _dbt(["seed"], db, target)
    _dbt(["run", "--select", "+tag:phase4"], db, target)
    return db, target


def test_phase3_correction_cascades_to_later_features(warehouse: tuple[Path, Path]) -> None:
    db, target = warehouse
    con = duckdb.connect(str(db))
    # a player's played game G followed by at least five more played games, whose fifth-later
    # game has a feature row with recent form from the daily cache
    pick = con.execute(
        f"""
        with played as (
            select
                player_lookup,
                game_id,
                game_date,
                row_number() over (partition by player_lookup order by game_date, game_id) as n
            from nba_analytics.player_game_summary
            where not coalesce(is_dnp, false) and minutes_played > 0 and points is not null
        )
        select corrected.player_lookup, corrected.game_id, corrected.game_date, later.game_date
        from played as corrected
        inner join played as later
            on corrected.player_lookup = later.player_lookup and later.n = corrected.n + 5
        inner join {FEATURES} as features
            on features.player_lookup = later.player_lookup and features.game_date = later.game_date
        where features.recent_form_source = 'player_daily_cache' and corrected.n >= 2
        order by corrected.game_date, corrected.player_lookup
        limit 1
        """
    ).fetchone()
    assert pick, "no player with a game five played games after another"
    player, game_id, corrected_date, later_date = pick

    def later_avg() -> float:
        return con.execute(
            f"select points_avg_last_10 from {FEATURES} where player_lookup = ? and game_date = ?",
            [player, later_date],
        ).fetchone()[0]

    before_avg = later_avg()
    before_rows = _rows(con, f"game_date <= date '{corrected_date}'")
    assert sum(before_rows.values()) > 0

    con.execute(
        "update nba_analytics.player_game_summary set points = points + 10 "
        "where player_lookup = ? and game_id = ?",
        [player, game_id],
    )
    con.close()
    _dbt(["run", "--select", "tag:phase4", "--vars", f"{{backfill_start: '{corrected_date}'}}"], db, target)

    con = duckdb.connect(str(db))
    after_avg = later_avg()
    assert after_avg > before_avg, (player, corrected_date, later_date, before_avg, after_avg)
    assert _rows(con, f"game_date <= date '{corrected_date}'") == before_rows
    cascaded = _rows(con)
    con.close()

    # the backfilled table equals a Phase 4 full refresh over the corrected Phase 3
    _dbt(["run", "--select", "tag:phase4", "--full-refresh"], db, target)
    con = duckdb.connect(str(db))
    try:
        assert _rows(con) == cascaded
    finally:
        con.close()
