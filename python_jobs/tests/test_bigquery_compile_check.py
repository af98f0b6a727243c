"""The offline BigQuery check must flag SQL that BigQuery cannot parse."""

from __future__ import annotations

from pathlib import Path

from python_jobs.checks.bigquery_compile import parse_compiled


def _write(root: Path, name: str, sql: str) -> None:
    path = root / "compiled" / "nba_props" / "models" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(sql)


def test_valid_bigquery_sql_passes(tmp_path: Path) -> None:
    _write(tmp_path, "ok.sql", "select game_date, count(*) as n from `p.nba_raw.t` where game_date >= date '2025-01-01' group by 1")
    assert parse_compiled(tmp_path) == (1, [])


def test_unparseable_sql_is_reported_with_its_file(tmp_path: Path) -> None:
    _write(tmp_path, "ok.sql", "select 1 as a")
    _write(tmp_path, "bad.sql", "select a from where a = 1")
    n, errors = parse_compiled(tmp_path)
    assert n == 2
    assert len(errors) == 1 and "bad.sql" in errors[0]
