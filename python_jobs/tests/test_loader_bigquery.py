"""`nba-props load --target bigquery` (python_jobs/loader/bigquery.py) against the local emulator.

The emulator tests start their own crucible (from .venv-crucible) on a free 127.0.0.1 port. They
skip when that venv is absent (a fresh clone before `make emulator`), unless
NBA_PROPS_REQUIRE_EMULATOR=1 (set by the emulator stage), which turns the skip into a failure. The
DDL / CSV-preparation tests need no emulator and always run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import os
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from python_jobs.bigquery_layout import RAW_LAYOUTS
from python_jobs.checks import crucible
from python_jobs.loader import command
from python_jobs.loader.bigquery import BigQueryTarget, create_table_ddl, load_directory_bigquery, prepare_file
from python_jobs.loader.discover import parse_file_name
from python_jobs.loader.errors import LoadError
from python_jobs.loader.load import load_directory
from python_jobs.raw_schema import RAW_TABLES, raw_table
from python_jobs.tests.test_loader import ROWS, SCHEDULE, text_rows, write_csv, write_parquet

_projects = itertools.count()


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if not crucible.available():
        if os.environ.get("NBA_PROPS_REQUIRE_EMULATOR") == "1":
            pytest.fail(f"NBA_PROPS_REQUIRE_EMULATOR=1 but {crucible.CRUCIBLE_BIN} is missing (make emulator-venvs)")
        pytest.skip(f"BigQuery emulator not installed ({crucible.CRUCIBLE_BIN} missing): `make emulator` runs these")
    log = tmp_path_factory.mktemp("crucible") / "crucible.log"
    with crucible.running_crucible(crucible.free_port(), log) as url:
        yield url


@pytest.fixture
def target(endpoint: str) -> BigQueryTarget:
    # a project of its own per test: the emulator keeps one catalog per project, so tests never meet
    return BigQueryTarget(project=f"loadtest{next(_projects)}", api_endpoint=endpoint)


@pytest.fixture
def data(tmp_path: Path) -> Path:
    folder = tmp_path / "raw"
    folder.mkdir()
    return folder


def rows_of(target: BigQueryTarget, table: str) -> list[tuple[object, ...]]:
    spec = raw_table(table)
    client = target.client()
    result = client.query(
        f"select {', '.join(spec.column_names)} from `{target.project}.{spec.schema}.{spec.name}` order by 1, 2"
    ).result()
    return [tuple(v.replace(tzinfo=None) if isinstance(v, dt.datetime) else v for v in row) for row in result]


def history(target: BigQueryTarget) -> list[tuple[object, ...]]:
    client = target.client()
    return [
        tuple(r)
        for r in client.query(
            "select file_name, table_name, status, rows_loaded, mode, forced "
            f"from `{target.project}.nba_orchestration.raw_load_history` order by loaded_at, file_name"
        ).result()
    ]


# --- no emulator needed -------------------------------------------------------------------------------


def test_ddl_has_production_layout_and_partition_filter() -> None:
    prod = create_table_ddl(BigQueryTarget("p"), raw_table("nbac_gamebook_player_stats"))
    assert "create table if not exists `p.nba_raw.nbac_gamebook_player_stats`" in prod
    assert "partition by `game_date`" in prod
    assert "cluster by `player_lookup`, `team_abbr`, `game_date`" in prod
    assert "options (require_partition_filter = true)" in prod
    injury = create_table_ddl(BigQueryTarget("p"), raw_table("nbac_injury_report"))
    assert "partition by `report_date`" in injury
    registry = create_table_ddl(BigQueryTarget("p"), raw_table("nba_players_registry"))
    assert "partition by" not in registry and "require_partition_filter" not in registry
    # the emulator rejects the option; everything else is the same DDL
    emulated = create_table_ddl(BigQueryTarget("p", api_endpoint="http://127.0.0.1:1"), raw_table("nbac_gamebook_player_stats"))
    assert emulated == prod.replace("\noptions (require_partition_filter = true)", "")


def test_every_raw_table_has_a_layout() -> None:
    assert set(RAW_LAYOUTS) == {t.name for t in RAW_TABLES}


def test_prepared_csv_is_typed_and_flags_line_breaks(data: Path, tmp_path: Path) -> None:
    rows = text_rows("nbac_schedule")
    rows[0]["arena_city"] = "Phila\ndelphia"
    source = parse_file_name(write_csv(data / "nbac_schedule.csv", rows))
    assert source is not None
    prepared = prepare_file(source, raw_table("nbac_schedule"), tmp_path)
    assert prepared.rows == 2 and prepared.has_newlines
    text = prepared.csv_path.read_text()
    assert text.splitlines()[0] == ",".join(raw_table("nbac_schedule").column_names)
    assert "2025-01-16 00:30:00.000000" in text and ",true," in text
    rows[0]["arena_city"] = "Philadelphia"
    write_csv(data / "nbac_schedule.csv", rows)
    assert not prepare_file(source, raw_table("nbac_schedule"), tmp_path).has_newlines


def test_prepare_refuses_like_the_duckdb_loader(data: Path, tmp_path: Path) -> None:
    rows = text_rows("nbac_schedule")
    rows[1]["home_team_score"] = "12.5"
    path = write_csv(data / "nbac_schedule.csv", rows)
    source = parse_file_name(path)
    assert source is not None
    with pytest.raises(LoadError) as refused:
        prepare_file(source, raw_table("nbac_schedule"), tmp_path)
    with duckdb.connect(str(tmp_path / "x.duckdb")) as con:
        report = load_directory(con, data)
    assert str(refused.value) == report.results[0].reason


# --- against the emulator --------------------------------------------------------------------------------


def test_round_trip_csv_and_parquet_with_layout_and_history(target: BigQueryTarget, data: Path) -> None:
    write_csv(data / "nbac_schedule.csv", text_rows("nbac_schedule"))
    write_parquet(data / "nba_players_registry.parquet", "nba_players_registry")
    report = load_directory_bigquery(target, data)
    assert [r.status for r in report.results] == ["loaded", "loaded"]
    assert rows_of(target, "nbac_schedule") == sorted(SCHEDULE)
    assert rows_of(target, "nba_players_registry") == sorted(ROWS["nba_players_registry"])
    table = target.client().get_table(f"{target.project}.nba_raw.nbac_schedule")
    assert table.time_partitioning.field == "game_date"
    assert table.clustering_fields == list(RAW_LAYOUTS["nbac_schedule"].cluster_by)
    assert history(target) == [
        ("nba_players_registry.parquet", "nba_players_registry", "loaded", 2, "append", False),
        ("nbac_schedule.csv", "nbac_schedule", "loaded", 2, "append", False),
    ]


def test_bad_file_refused_nothing_loaded_good_files_load_cli_exit_2(
    target: BigQueryTarget, data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = text_rows("nbac_schedule")
    rows[1]["game_date"] = "2025-02-30"
    write_csv(data / "nbac_schedule.csv", rows)
    write_csv(data / "nba_players_registry.csv", text_rows("nba_players_registry"))
    parser = argparse.ArgumentParser()
    command.add_arguments(parser)
    args = parser.parse_args([str(data), "--target", "bigquery", "--project", target.project,
                              "--api-endpoint", target.api_endpoint or ""])
    assert command.run(args) == 2
    out = capsys.readouterr().out
    assert "REFUSED  nbac_schedule.csv" in out and "column game_date (DATE): 1 bad value" in out
    assert rows_of(target, "nbac_schedule") == []
    assert len(rows_of(target, "nba_players_registry")) == 2
    assert [h[2] for h in history(target)] == ["loaded", "refused"]


def test_append_twice_refused_then_forced(target: BigQueryTarget, data: Path) -> None:
    write_csv(data / "nbac_schedule.csv", text_rows("nbac_schedule"))
    assert load_directory_bigquery(target, data).exit_code == 0
    again = load_directory_bigquery(target, data)
    assert again.exit_code == 2 and "already loaded into nba_raw.nbac_schedule" in (again.results[0].reason or "")
    assert len(rows_of(target, "nbac_schedule")) == 2
    assert load_directory_bigquery(target, data, force=True).exit_code == 0
    assert len(rows_of(target, "nbac_schedule")) == 4


def test_replace_is_one_job_per_table_and_all_or_nothing(target: BigQueryTarget, data: Path, tmp_path: Path) -> None:
    write_csv(data / "nbac_schedule.csv", text_rows("nbac_schedule"))
    load_directory_bigquery(target, data)
    load_directory_bigquery(target, data, force=True)
    assert len(rows_of(target, "nbac_schedule")) == 4
    second = tmp_path / "second"
    second.mkdir()
    write_csv(second / "nbac_schedule.a.csv", text_rows("nbac_schedule", SCHEDULE[:1]))
    write_csv(second / "nbac_schedule.b.csv", text_rows("nbac_schedule", SCHEDULE[1:]))
    report = load_directory_bigquery(target, second, mode="replace")
    assert report.exit_code == 0 and report.rows_loaded == 2
    assert rows_of(target, "nbac_schedule") == sorted(SCHEDULE)
    # a bad file among a table's files: nothing replaced
    bad = text_rows("nbac_schedule", SCHEDULE[1:])
    bad[0]["season_year"] = "twenty"
    write_csv(second / "nbac_schedule.b.csv", bad)
    report = load_directory_bigquery(target, second, mode="replace")
    assert report.exit_code == 2
    assert "replacing the table was abandoned" in (report.results[0].reason or "")
    assert rows_of(target, "nbac_schedule") == sorted(SCHEDULE)
