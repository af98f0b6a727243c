"""Offline BigQuery check: compile every node for BigQuery in both incremental branches and parse
each compiled statement with sqlglot's BigQuery dialect. No network, no account.

    python -m python_jobs.checks.bigquery_compile
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import sqlglot
from sqlglot.errors import ParseError

from python_jobs.paths import PROJECT_DIR

TARGET = "bigquery_offline"


def compile_branch(is_incremental: bool, target_path: Path) -> None:
    env = {
        **os.environ,
        "DBT_OFFLINE_COMPILE": "1",
        "DBT_PROFILES_DIR": str(PROJECT_DIR),
        "DBT_TARGET_PATH": str(target_path),
        "DBT_LOG_PATH": str(target_path / "logs"),
    }
    vars_arg = "{offline_is_incremental: %s}" % ("true" if is_incremental else "false")
    cmd = [
        str(Path(sys.executable).with_name("dbt")), "compile", "--target", TARGET, "--no-populate-cache",
        "--exclude", "resource_type:unit_test", "--vars", vars_arg, "--quiet",
    ]
    # A hang here means something tried to reach BigQuery: fail instead of waiting.
    proc = subprocess.run(cmd, cwd=PROJECT_DIR, env=env, capture_output=True, text=True, timeout=600)
    if proc.returncode != 0:
        raise RuntimeError(f"dbt compile (is_incremental={is_incremental}) failed:\n{proc.stdout}\n{proc.stderr}")


def parse_compiled(target_path: Path) -> tuple[int, list[str]]:
    """Parse every compiled SQL file; returns (files parsed, errors)."""
    files = sorted((target_path / "compiled").rglob("*.sql"))
    errors = []
    for f in files:
        try:
            sqlglot.parse(f.read_text(), read="bigquery")
        except ParseError as exc:
            errors.append(f"{f.relative_to(target_path)}: {str(exc).splitlines()[0]}")
    return len(files), errors


def main() -> int:
    total = 0
    failures: list[str] = []
    with tempfile.TemporaryDirectory(prefix="bq_compile_") as tmp:
        for branch in (False, True):
            tp = Path(tmp) / ("incremental" if branch else "full")
            compile_branch(branch, tp)
            n, errs = parse_compiled(tp)
            if n == 0:
                failures.append(f"no compiled SQL for is_incremental={branch}")
            total += n
            failures += [f"[is_incremental={branch}] {e}" for e in errs]
    if failures:
        print("BigQuery offline compile check FAILED:", *failures, sep="\n  ")
        return 1
    print(f"BigQuery offline compile check: {total} compiled statements parse as BigQuery SQL (both branches)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
