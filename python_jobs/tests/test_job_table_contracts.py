"""The tables the job layer writes are declared twice: as DDL in Python and as dbt sources (whose
on-run-start hook creates them when missing). The two must agree column for column."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from python_jobs.orchestration import tables as orchestration_tables
from python_jobs.paths import PROJECT_DIR
from python_jobs.predictions import landing, skips

pytestmark = pytest.mark.smoke

# DuckDB / logical type -> the contract's BigQuery type
TO_BIGQUERY = {
    "varchar": "string", "string": "string", "bigint": "int64", "int": "int64", "double": "float64",
    "float": "float64", "boolean": "bool", "bool": "bool", "date": "date", "timestamp": "timestamp", "json": "json",
}


def _job_sources() -> dict[str, list[tuple[str, str]]]:
    out = {}
    for path in (PROJECT_DIR / "models").rglob("*.yml"):
        for source in (yaml.safe_load(Path(path).read_text()) or {}).get("sources", []):
            if (source.get("meta") or {}).get("written_by") != "python_jobs":
                continue
            for table in source["tables"]:
                out[f"{source['schema']}.{table['name']}"] = [
                    (c["name"], c["data_type"].lower()) for c in table.get("columns", [])]
    return out


def test_prediction_skips_matches_its_source() -> None:
    declared = _job_sources()[skips.SKIPS]
    assert declared == [(name, TO_BIGQUERY[kind]) for name, kind in skips.COLUMNS]


def test_prediction_landing_matches_its_source() -> None:
    declared = _job_sources()[landing.LANDING]
    assert declared == [(name, TO_BIGQUERY[kind]) for name, kind in landing.COLUMNS]


@pytest.mark.parametrize("table", orchestration_tables.ALL_TABLES, ids=lambda t: t.name)
def test_orchestration_tables_match_their_sources(table: orchestration_tables.Table) -> None:
    declared = _job_sources()[table.qualified]
    assert declared == [(name, TO_BIGQUERY[kind]) for name, kind in table.columns]


def test_every_job_source_has_a_python_writer() -> None:
    written = {landing.LANDING, skips.SKIPS, *(t.qualified for t in orchestration_tables.ALL_TABLES)}
    assert set(_job_sources()) <= written
