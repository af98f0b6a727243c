"""The documentation gate catches what it promises to catch."""

from __future__ import annotations

import pytest

from python_jobs.checks.docs_coverage import problems

pytestmark = pytest.mark.smoke


def _manifest(model_description: str = "A model.", column_description: str = "A column.") -> dict:
    return {
        "metadata": {"project_name": "nba_props"},
        "nodes": {
            "model.nba_props.player_game_summary": {
                "resource_type": "model", "description": model_description,
                "fqn": ["nba_props", "phase3_analytics", "player_game_summary"],
                "columns": {"points": {"description": column_description}},
            },
            "model.nba_props.int_games": {
                "resource_type": "model", "description": "Games.",
                "fqn": ["nba_props", "phase3_analytics", "intermediate", "int_games"], "columns": {},
            },
        },
        "sources": {"source.nba_props.nba_raw.t": {"description": "Raw."}},
        "exposures": {"exposure.nba_props.job": {"description": "Job."}},
        "docs": {"doc.nba_props.__overview__": {"name": "__overview__", "package_name": "nba_props"}},
    }


def _catalog(*columns: str) -> dict:
    return {"nodes": {
        "model.nba_props.player_game_summary": {"columns": {c: {} for c in columns}},
        "model.nba_props.int_games": {"columns": {"undocumented": {}}},
    }}


def test_a_fully_documented_project_passes() -> None:
    assert problems(_manifest(), _catalog("points")) == []


def test_missing_model_description_and_undocumented_public_column_fail() -> None:
    found = problems(_manifest(model_description=" "), _catalog("points", "minutes_played"))
    assert "model.nba_props.player_game_summary: no description" in found
    assert "model.nba_props.player_game_summary: column minutes_played is not described" in found
    # intermediate models are not public: their columns need no description
    assert not any("int_games" in p for p in found)


def test_empty_column_description_and_missing_overview_fail() -> None:
    manifest = _manifest(column_description="")
    manifest["docs"] = {}
    found = problems(manifest, _catalog("points"))
    assert "model.nba_props.player_game_summary: column points is not described" in found
    assert "no __overview__ doc block in the project" in found
