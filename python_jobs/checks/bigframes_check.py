"""The dbt Python model player_composite_factors under bigframes, compared with its DuckDB result.

On BigQuery the model runs with submission_method='bigframes': dbt-bigquery wraps the model file in
a notebook that builds `dbt = dbtObj(bpd.read_gbq)` (so `dbt.ref()` returns a
bigframes.dataframe.DataFrame), calls `model(dbt, session)` and writes the returned bigframes
DataFrame with `to_gbq`. This check rebuilds that wrapper around bigframes' local polars engine
(`bigframes.testing.polars_session.TestSession`, no Google account), feeds `ref()` the same input
rows the DuckDB build used (int_composite_factor_inputs read from the DuckDB file), runs the
model file unchanged, and asserts the result equals the DuckDB-built table, column by column:

- the full build (not incremental, no backfill vars), and
- a backfill window (config.meta backfill_start/backfill_end), which exercises the model's
  bigframes filter path.

Runs in its own virtualenv (.venv-bigframes, pins in .ci/bigframes.lock), by the emulator stage:

    .venv-bigframes/bin/python -m python_jobs.checks.bigframes_check --db build/emulator/world_b.duckdb

Only pandas, numpy and duckdb are imported at module level (main venv too: the comparison is unit
tested there); bigframes is imported when the check runs.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import math
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pandas as pd

PROJECT_DIR = Path(__file__).resolve().parents[2]
MODEL_PATH = PROJECT_DIR / "models" / "phase4_precompute" / "player_composite_factors.py"
INPUT_RELATION = "nba_precompute.int_composite_factor_inputs"
OUTPUT_RELATION = "nba_precompute.player_composite_factors"
KEY = ["game_date", "player_lookup"]
TOLERANCE = 1e-9


def load_model(path: Path = MODEL_PATH) -> ModuleType:
    spec = importlib.util.spec_from_file_location("player_composite_factors", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# --- the dbt-bigquery bigframes wrapper, rebuilt ---------------------------------------------------


class _Config:
    """dbt's `dbt.config`: callable (the model's dbt.config(...)) and `.get(key)` (rendered config)."""

    def __init__(self, values: dict[str, Any]) -> None:
        self._values = values

    def __call__(self, **kwargs: Any) -> None:
        # At run time dbt only checks the call; the values were read when the project was parsed.
        pass

    def get(self, key: str, default: Any = None) -> Any:
        return self._values.get(key, default)


class DbtObj:
    """What the generated bigframes notebook passes as `dbt` (dbt-bigquery's dbtObj(bpd.read_gbq))."""

    def __init__(self, load_df: Callable[[str], Any], refs: dict[str, str], meta: dict[str, Any], this: str) -> None:
        self._load_df = load_df
        self._refs = refs
        self.config = _Config({"meta": meta})
        self.is_incremental = False  # materialized as a table on BigQuery (see the model's YAML)
        self.this = this

    def ref(self, *args: str, **kwargs: Any) -> Any:
        name = args[-1]
        if name not in self._refs:
            raise KeyError(f"the model refs {name!r}, which the harness does not provide")
        return self._load_df(self._refs[name])

    def source(self, *args: str) -> Any:
        raise KeyError(f"the model reads source {args!r}, which the harness does not provide")


# --- data ------------------------------------------------------------------------------------------


def _as_dates(frame: pd.DataFrame) -> pd.DataFrame:
    """DATE columns as Arrow dates, which is what bigframes reads from a BigQuery DATE column."""
    import pyarrow as pa

    out = frame.copy()
    for column in out.columns:
        if column.endswith("_date") and not column.endswith("_dates"):
            out[column] = pd.to_datetime(out[column]).dt.date.astype(pd.ArrowDtype(pa.date32()))
    return out


def read_duckdb(db: Path, relation: str) -> pd.DataFrame:
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(f"select * from {relation}").df()  # relation: a constant of this module
    finally:
        con.close()


def run_model_on_bigframes(inputs: pd.DataFrame, meta: dict[str, Any]) -> pd.DataFrame:
    """model(dbt, session) on a polars TestSession; returns the result as pandas."""
    from bigframes.testing.polars_session import TestSession

    session = TestSession()
    frame = session.read_pandas(_as_dates(inputs))
    model = load_model()
    dbt = DbtObj(lambda _relation: frame, {"int_composite_factor_inputs": INPUT_RELATION}, meta, OUTPUT_RELATION)
    result = model.model(dbt, session)
    kind = type(result).__module__ + "." + type(result).__name__
    if not kind.startswith("bigframes."):
        raise AssertionError(f"the model returned {kind}; the bigframes wrapper needs a bigframes DataFrame (to_gbq)")
    return result.to_pandas()


# --- comparison ------------------------------------------------------------------------------------


def _normal(value: Any) -> Any:
    """One representation per value: None for every missing marker, dates as date, numbers as float."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, pd.Timestamp | dt.datetime):
        return value.date() if isinstance(value, pd.Timestamp) or value.time() == dt.time() else value
    if hasattr(value, "item") and not isinstance(value, str):  # numpy scalars
        return _normal(value.item())
    if isinstance(value, bool | str | dt.date):
        return value
    if isinstance(value, int | float):
        return float(value)
    return value


def compare_frames(expected: pd.DataFrame, actual: pd.DataFrame, key: list[str], limit: int = 10) -> list[str]:
    """Differences between two results (same rows by key, same columns, numbers within TOLERANCE)."""
    problems: list[str] = []
    missing = [c for c in expected.columns if c not in actual.columns]
    extra = [c for c in actual.columns if c not in expected.columns]
    if missing or extra:
        problems.append(f"columns differ: missing {missing}, unexpected {extra}")
        return problems
    if len(expected) != len(actual):
        problems.append(f"row counts differ: expected {len(expected)}, got {len(actual)}")
    exp = {tuple(_normal(v) for v in row[key]): row for _, row in expected.iterrows()}
    act = {tuple(_normal(v) for v in row[key]): row for _, row in actual.iterrows()}
    only_exp = sorted(set(exp) - set(act), key=str)[:limit]
    only_act = sorted(set(act) - set(exp), key=str)[:limit]
    if only_exp:
        problems.append(f"rows missing from the bigframes result: {only_exp}")
    if only_act:
        problems.append(f"rows only in the bigframes result: {only_act}")
    for k in sorted(set(exp) & set(act), key=str):
        for column in expected.columns:
            a, b = _normal(exp[k][column]), _normal(act[k][column])
            same = (a is None and b is None) or (
                isinstance(a, float) and isinstance(b, float) and abs(a - b) <= TOLERANCE
            ) or a == b
            if not same:
                problems.append(f"{dict(zip(key, k, strict=True))} {column}: DuckDB {a!r}, bigframes {b!r}")
                if len(problems) >= limit:
                    return problems
    return problems


def check(db: Path) -> list[str]:
    inputs = read_duckdb(db, INPUT_RELATION)
    built = read_duckdb(db, OUTPUT_RELATION)
    if built.empty:
        return [f"{OUTPUT_RELATION} is empty in {db}: nothing to compare"]
    failures: list[str] = []

    # 1. the full build: every input row
    meta = {"adapter_type": "bigquery", "backfill_start": "date:", "backfill_end": "date:", "lookback_days": "3"}
    got = run_model_on_bigframes(inputs, meta)
    failures += [f"[full] {p}" for p in compare_frames(built, got, KEY)]

    # 2. a backfill window in the middle of the data: the model's own bigframes filter
    dates = sorted(pd.to_datetime(built["game_date"]).dt.date.unique())
    start, end = dates[len(dates) // 3], dates[(2 * len(dates)) // 3]
    meta = {**meta, "backfill_start": f"date:{start}", "backfill_end": f"date:{end}"}
    window = built[(pd.to_datetime(built["game_date"]).dt.date >= start) & (pd.to_datetime(built["game_date"]).dt.date <= end)]
    got = run_model_on_bigframes(inputs, meta)
    failures += [f"[backfill {start}..{end}] {p}" for p in compare_frames(window, got, KEY)]
    print(f"bigframes check: {len(built)} rows (full) and {len(window)} rows ({start}..{end}) compared")
    return failures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, required=True, help="DuckDB file with the project built (phase 4)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    failures = check(args.db)
    if failures:
        print("bigframes check FAILED (player_composite_factors on bigframes differs from DuckDB):", *failures, sep="\n  ")
        return 1
    print(f"bigframes check: same numbers as DuckDB ({time.perf_counter() - started:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
