"""The cost guard (python_jobs/checks/cost_guard.py) must fail on reads that would scan all partitions.

`make cost-guard` runs it on the real project (compiled offline); these tests prove it can fail.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from python_jobs.checks.cost_guard import check_compiled, partitioned_relations, unbounded_reads

RAW = "`proj`.`nba_raw`.`nbac_gamebook_player_stats`"
PGS = "`proj`.`nba_analytics`.`player_game_summary`"
PARTITIONED = {"proj.nba_raw.nbac_gamebook_player_stats": "game_date", "proj.nba_analytics.player_game_summary": "game_date"}


def reads(sql: str) -> list[str]:
    return [f"{r.table}:{r.column}" for r in unbounded_reads("m", sql, PARTITIONED)]


@pytest.mark.parametrize(
    "where",
    [
        "game_date >= date '2025-01-12'",
        "game_date between date '2025-01-01' and date '2025-01-31' and points > 10",
        "(game_date in (date '2025-01-14', date '2025-01-15') or game_date is null)",
        "date '2025-01-12' <= game_date",
        "game_date >= date_sub(date '2025-01-12', interval 3 day)",
    ],
)
def test_constant_bounds_pass(where: str) -> None:
    assert reads(f"with b as (select * from {RAW} where {where}) select * from b") == []


@pytest.mark.parametrize(
    "where",
    [
        None,  # the deliberately unbounded daily read
        "points > 10",  # another column
        "coalesce(game_date, date '1900-01-01') in (date '2025-01-14')",  # an expression of the column
        "game_date >= (select max(game_date) from `proj`.`x`.`y`)",  # not a constant
        "game_date >= date '2025-01-12' or points > 10",  # one OR branch unbounded
        "other.game_date >= date '2025-01-12'",  # another table's column
    ],
)
def test_unbounded_reads_fail_naming_table_and_column(where: str | None) -> None:
    clause = f" where {where}" if where else ""
    assert reads(f"select * from {RAW}{clause}") == ["proj.nba_raw.nbac_gamebook_player_stats:game_date"]


def test_joins_need_qualified_bounds_and_every_read_counts() -> None:
    sql = f"""
        with recent as (select * from {PGS} where game_date >= date '2025-01-12'),
        everything as (select * from {PGS})
        select * from {RAW} as g join recent on g.player_lookup = recent.player_lookup
        where g.game_date >= date '2025-01-12'
        union all
        select * from {RAW} as g2 join everything using (player_lookup)
        where game_date >= date '2025-01-12'
    """
    # unqualified game_date with two sources is ambiguous: not counted as a bound on g2
    assert sorted(reads(sql)) == [
        "proj.nba_analytics.player_game_summary:game_date",
        "proj.nba_raw.nbac_gamebook_player_stats:game_date",
    ]


def test_unpartitioned_tables_are_ignored() -> None:
    assert reads("select * from `proj`.`nba_reference`.`nba_teams`") == []


def _manifest(tmp_path: Path, model_sql: str) -> Path:
    """A minimal compiled project: one raw source, one incremental model, its compiled SQL."""
    manifest = {
        "sources": {
            "source.nba_props.nba_raw.nbac_gamebook_player_stats": {
                "name": "nbac_gamebook_player_stats", "relation_name": RAW,
            }
        },
        "nodes": {
            "model.nba_props.daily": {
                "name": "daily", "resource_type": "model", "language": "sql", "package_name": "nba_props",
                "original_file_path": "models/daily.sql", "relation_name": "`proj`.`nba_analytics`.`daily`",
                "config": {"materialized": "incremental", "partition_by": {"field": "game_date"}},
            }
        },
    }
    (tmp_path / "manifest.json").write_text(json.dumps(manifest))
    compiled = tmp_path / "compiled" / "nba_props" / "models" / "daily.sql"
    compiled.parent.mkdir(parents=True)
    compiled.write_text(model_sql)
    return tmp_path


def test_check_compiled_fails_on_a_deliberately_unbounded_model(tmp_path: Path) -> None:
    target = _manifest(tmp_path, f"select * from {RAW}")
    checked, problems = check_compiled(target)
    assert checked == 1
    assert [str(p) for p in problems] == [
        "daily: reads proj.nba_raw.nbac_gamebook_player_stats without a constant filter on its partition column game_date"
    ]


def test_check_compiled_passes_a_bounded_model_and_sees_its_own_partitions(tmp_path: Path) -> None:
    target = _manifest(tmp_path, f"select * from {RAW} where game_date >= date '2025-01-12'")
    assert check_compiled(target) == (1, [])
    manifest = json.loads((target / "manifest.json").read_text())
    assert partitioned_relations(manifest) == {
        "proj.nba_raw.nbac_gamebook_player_stats": "game_date",
        "proj.nba_analytics.daily": "game_date",
    }
