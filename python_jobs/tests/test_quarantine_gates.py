"""The range gate (tests/generic/accepted_range.sql): one odd row warns, a date with more than
max_share_pct percent of its rows out of range (and at least min_failing_rows of them) errors.

A throwaway dbt project holding a copy of the generic test file runs it on a seed, so the thresholds (warn_if / error_if / fail_calc) are exercised as dbt applies them.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from python_jobs.paths import PROJECT_DIR

DATE_ROWS = 200  # rows per date: 1 % is 2 rows


def _seed(path: Path, bad_per_date: dict[str, int]) -> None:
    lines = ["game_date,pace"]
    for date in ("2025-11-01", "2025-11-02"):
        bad = bad_per_date.get(date, 0)
        lines += [f"{date},{500 if i < bad else 100}" for i in range(DATE_ROWS)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _project(tmp: Path, tests_yml: str) -> None:
    (tmp / "seeds").mkdir()
    (tmp / "macros").mkdir()
    shutil.copy(PROJECT_DIR / "tests" / "generic" / "accepted_range.sql", tmp / "macros")
    (tmp / "dbt_project.yml").write_text(
        "name: gate_probe\nversion: '1.0'\nconfig-version: 2\nprofile: gate_probe\n"
        "seed-paths: [seeds]\nmacro-paths: [macros]\nmodel-paths: []\ntest-paths: []\n", encoding="utf-8")
    (tmp / "profiles.yml").write_text(
        "gate_probe:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n"
        f"      path: '{tmp / 'probe.duckdb'}'\n      threads: 1\n", encoding="utf-8")
    (tmp / "seeds" / "schema.yml").write_text(tests_yml, encoding="utf-8")


def _build(tmp: Path) -> dict[str, str]:
    env = {**os.environ, "DBT_PROFILES_DIR": str(tmp), "DBT_TARGET_PATH": str(tmp / "target"),
           "DBT_LOG_PATH": str(tmp / "logs"), "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
    done = subprocess.run([str(Path(sys.executable).parent / "dbt"), "build"], cwd=tmp, env=env,
                          capture_output=True, text=True)
    if not (tmp / "target" / "run_results.json").exists():
        raise AssertionError(done.stdout + done.stderr)
    results = json.loads((tmp / "target" / "run_results.json").read_text())["results"]
    return {r["unique_id"].split(".")[2]: r["status"] for r in results if r["unique_id"].startswith("test.")}


YML = """version: 2
seeds:
  - name: {name}
    columns:
      - name: pace
        data_tests:
          - accepted_range:
              name: gate_{name}
              arguments: {{min_value: 60, max_value: 140{extra}}}
"""


@pytest.mark.parametrize(
    ("bad_per_date", "extra", "status"),
    [
        ({}, "", "pass"),
        # one odd row in 200 (0.5 %): quarantined and counted, the build goes on
        ({"2025-11-01": 1}, "", "warn"),
        # 2 rows (1 %) on one date: at the threshold, still a warning
        ({"2025-11-01": 2}, "", "warn"),
        # 3 rows (1.5 %) on one date: the date is unhealthy, the gate fails
        ({"2025-11-01": 3}, "", "fail"),
        # spread over two dates, no date above 1 %: a warning
        ({"2025-11-01": 2, "2025-11-02": 2}, "", "warn"),
        # a strict contract check: any row out of range is an error
        ({"2025-11-02": 1}, ", max_share_pct: 0, min_failing_rows: 1", "fail"),
        # a looser gate: 5 % of a date may be odd (10 of 200 warn, 12 fail)
        ({"2025-11-01": 10}, ", max_share_pct: 5", "warn"),
        ({"2025-11-01": 12}, ", max_share_pct: 5", "fail"),
        # min_failing_rows: a date needs that many odd rows before its share can fail it
        ({"2025-11-01": 3}, ", min_failing_rows: 4", "warn"),
    ],
)
def test_range_gate_warns_for_a_row_and_fails_for_a_date(tmp_path, bad_per_date, extra, status):
    name = "probe"
    _project(tmp_path, YML.format(name=name, extra=extra))
    _seed(tmp_path / "seeds" / f"{name}.csv", bad_per_date)
    got = _build(tmp_path)
    assert got == {f"gate_{name}": status}, got
