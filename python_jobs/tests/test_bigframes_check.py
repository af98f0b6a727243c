"""The bigframes check's comparison and dbt harness (the check itself runs in .venv-bigframes, in
the emulator stage); here: it must report differences, and only real ones."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from python_jobs.checks.bigframes_check import DbtObj, compare_frames

KEY = ["game_date", "player_lookup"]


def frame(**overrides: object) -> pd.DataFrame:
    data = {
        "game_date": [dt.date(2025, 11, 1), dt.date(2025, 11, 2)],
        "player_lookup": ["alpha", "beta"],
        "pace_score": [1.25, np.nan],
        "factors_available": [3, 2],
        "calculation_version": ["v2", "v2"],
    }
    data.update(overrides)  # type: ignore[arg-type]
    return pd.DataFrame(data)


def test_same_numbers_in_other_representations_pass() -> None:
    other = frame(
        game_date=pd.to_datetime(["2025-11-01", "2025-11-02"]),  # timestamps vs dates
        pace_score=pd.array([1.25, None], dtype="Float64"),  # <NA> vs NaN
        factors_available=pd.array([3, 2], dtype="Int64"),
    ).iloc[::-1]  # row order does not matter
    assert compare_frames(frame(), other, KEY) == []


def test_a_different_number_is_reported_with_key_and_column() -> None:
    problems = compare_frames(frame(), frame(pace_score=[1.251, np.nan]), KEY)
    assert problems == ["{'game_date': datetime.date(2025, 11, 1), 'player_lookup': 'alpha'} pace_score: DuckDB 1.25, bigframes 1.251"]


def test_null_against_a_value_is_a_difference() -> None:
    assert len(compare_frames(frame(), frame(pace_score=[1.25, 0.0]), KEY)) == 1


def test_missing_rows_and_columns_are_reported() -> None:
    problems = compare_frames(frame(), frame().iloc[:1], KEY)
    assert problems[0] == "row counts differ: expected 2, got 1"
    assert "rows missing from the bigframes result" in problems[1]
    assert compare_frames(frame(), frame().drop(columns="pace_score"), KEY) == [
        "columns differ: missing ['pace_score'], unexpected []"
    ]


def test_harness_refs_only_what_it_provides() -> None:
    dbt = DbtObj(lambda relation: relation, {"inputs": "ds.inputs"}, {"lookback_days": "3"}, "ds.out")
    assert dbt.ref("inputs") == "ds.inputs"
    assert dbt.config.get("meta") == {"lookback_days": "3"} and dbt.is_incremental is False
    dbt.config(materialized="table")  # the model's own dbt.config(...) call is accepted
    with pytest.raises(KeyError, match="does not provide"):
        dbt.ref("other")
