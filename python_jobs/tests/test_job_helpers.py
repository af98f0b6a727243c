"""The small helpers every command relies on: warehouse paths, dbt result summaries, reports."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import duckdb
import pytest

from python_jobs.dbt_results import summarise
from python_jobs.paths import PROJECT_DIR, warehouse_path
from python_jobs.raw_schema import RAW_TABLES, create_raw_tables, raw_table
from python_jobs.report import format_table, table_rows


def _result(unique_id: str, resource_type: str, status: str, message: str = "") -> SimpleNamespace:
    node = SimpleNamespace(unique_id=unique_id, resource_type=resource_type)
    return SimpleNamespace(node=node, status=status, message=message)


def _res(results, success=True, exception=None) -> SimpleNamespace:
    return SimpleNamespace(success=success, exception=exception, result=SimpleNamespace(results=results))


def test_warehouse_path_default_env_and_explicit(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("NBA_PROPS_DB", raising=False)
    assert warehouse_path() == PROJECT_DIR / "warehouse" / "nba_props.duckdb"
    monkeypatch.setenv("NBA_PROPS_DB", str(tmp_path / "a.duckdb"))
    assert warehouse_path() == tmp_path / "a.duckdb"
    assert warehouse_path("rel/b.duckdb") == PROJECT_DIR / "rel" / "b.duckdb"


def test_summarise_counts_by_type_and_status() -> None:
    out = summarise(_res([
        _result("model.a", "model", "success"),
        _result("test.b", "test", "pass"),
        _result("test.c", "test", "fail", "Got 2 results"),
    ], success=False))
    assert not out.success
    assert out.count("model", "success") == 1
    assert out.count("test", "pass", "fail") == 2
    assert out.failures == ["test.c: fail: Got 2 results"]
    assert "models: 1 success" in out.describe()


def test_summarise_treats_an_empty_selection_as_failure() -> None:
    # dbt itself reports success for a selector that matched nothing (production's silent no-op).
    out = summarise(_res([], success=True))
    assert not out.success
    assert "matched nothing" in out.error


def test_summarise_reports_invocation_errors() -> None:
    out = summarise(_res(None, success=False, exception=ValueError("No such option")))
    assert not out.success and "No such option" in out.error


def test_raw_contract_tables_and_lookup() -> None:
    assert len(RAW_TABLES) == 10
    assert raw_table("nbac_schedule").schema == "nba_raw"
    assert raw_table("nba_players_registry").schema == "nba_reference"
    with pytest.raises(KeyError, match="known tables"):
        raw_table("nope")


def test_create_raw_tables_is_idempotent_and_reports_rows(tmp_path: Path) -> None:
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    create_raw_tables(con)
    create_raw_tables(con)
    con.execute("insert into nba_raw.nbac_schedule (game_id) values (?)", ["0022500001"])
    rows = {(s, t): n for s, t, _, n in table_rows(con)}
    assert rows[("nba_raw", "nbac_schedule")] == 1
    assert rows[("nba_reference", "nba_players_registry")] == 0
    assert len(rows) == 10


def test_format_table_aligns_numbers() -> None:
    text = format_table(["t", "rows"], [("a", 5), ("bb", 12345)])
    lines = text.splitlines()
    assert lines[0].startswith("t ")
    assert lines[-1].endswith("12,345")
    assert lines[2].endswith("     5")


def test_node_progress_prints_one_line_per_finished_node() -> None:
    import io

    from python_jobs.dbt import NodeProgress

    def event(name: str, status: str = "success") -> SimpleNamespace:
        node = SimpleNamespace(node_name="player_game_summary", resource_type="model", node_status=status)
        result = SimpleNamespace(status=status, execution_time=1.25)
        return SimpleNamespace(info=SimpleNamespace(name=name), data=SimpleNamespace(node_info=node, run_result=result))

    out = io.StringIO()
    progress = NodeProgress(out)
    progress(event("NodeStart"))
    progress(event("NodeFinished"))
    progress(event("NodeFinished", "error"))
    lines = out.getvalue().splitlines()
    assert len(lines) == 2
    assert "SUCCESS" in lines[0] and "player_game_summary" in lines[0] and "1.2 s" in lines[0]
    assert "[   2] ERROR" in lines[1]
