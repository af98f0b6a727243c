"""Helpers shared by the reliability tests: run the CLI, copy warehouses, hash and count tables."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import duckdb

from python_jobs.paths import PROJECT_DIR
from python_jobs.tests.test_incremental_equals_full_refresh import _built_tables

# The simulated league every reliability test starts from: one season seen from 8 pm Eastern of its
# tenth day: the previous night's gamebooks and their late corrections have landed, tonight's games
# are not final. (Seen earlier, a pending correction or a corrupt fallback box score makes the
# team-vs-player points test fail on the clean league, which is not what these tests are about.)
SEED = 7
AS_OF = "2025-10-31T00:00:00"
RUN_DATE = "2025-10-29"  # "yesterday" at AS_OF: the date the orchestrated runs build


def cli_env(workdir: Path) -> dict[str, str]:
    """Environment for one CLI subprocess: dbt artifacts under workdir, never the shared target/."""
    env = dict(os.environ)
    env["DBT_TARGET_PATH"] = str(workdir / "target")
    env["DBT_LOG_PATH"] = str(workdir / "logs")
    env["DBT_PROFILES_DIR"] = str(PROJECT_DIR)
    env["DBT_SEND_ANONYMOUS_USAGE_STATS"] = "false"
    env.pop("NBA_PROPS_DB", None)  # every call passes --db explicitly
    return env


def nba_props(args: Sequence[str], workdir: Path, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    """`nba-props ARGS` as a real process (the installed entry point's module form)."""
    workdir.mkdir(parents=True, exist_ok=True)
    return subprocess.run([sys.executable, "-m", "python_jobs", *args], cwd=PROJECT_DIR, env=cli_env(workdir),
                          capture_output=True, text=True, timeout=timeout, check=False)


def nba_props_popen(args: Sequence[str], workdir: Path) -> subprocess.Popen[str]:
    workdir.mkdir(parents=True, exist_ok=True)
    return subprocess.Popen([sys.executable, "-m", "python_jobs", *args], cwd=PROJECT_DIR, env=cli_env(workdir),
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def explain(proc: subprocess.CompletedProcess[str]) -> str:
    """The command and the tail of its output, for assertion messages."""
    args = proc.args if isinstance(proc.args, str) else " ".join(map(str, proc.args))
    return f"`{args}` exited {proc.returncode}\n--- stdout ---\n{proc.stdout[-4000:]}\n--- stderr ---\n{proc.stderr[-4000:]}"


def copy_db(source: Path, target: Path) -> Path:
    """A private copy of a closed warehouse file (DuckDB keeps everything in one file once checkpointed)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    wal = source.with_name(source.name + ".wal")
    if wal.exists():
        shutil.copyfile(wal, target.with_name(target.name + ".wal"))
    return target


def table_hashes(db: Path) -> dict[str, tuple[int, int]]:
    """(row count, order-independent content hash) of every table staging, Phase 3 and Phase 4 build.

    The hash is the sum of per-row hashes, so it ignores row order but counts duplicate rows.
    """
    con = duckdb.connect(str(db), read_only=True)
    try:
        out: dict[str, tuple[int, int]] = {}
        for table in _built_tables(con):
            # Identifiers come from the catalog, not from input.
            count, total = con.execute(f"select count(*), coalesce(sum(hash(t)::hugeint), 0) from {table} as t").fetchone()
            out[table] = (int(count), int(total))
        return out
    finally:
        con.close()


def hash_differences(a: dict[str, tuple[int, int]], b: dict[str, tuple[int, int]]) -> dict[str, object]:
    keys = sorted(set(a) | set(b))
    return {k: {"left": a.get(k), "right": b.get(k)} for k in keys if a.get(k) != b.get(k)}


def database_snapshot(db: Path) -> dict[str, int]:
    """Every table and view of the warehouse with its row count (views count as -1: not materialised)."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = con.execute(
            "select table_schema, table_name, table_type from information_schema.tables "
            "where table_catalog = current_database() order by 1, 2"
        ).fetchall()
        out: dict[str, int] = {}
        for schema, name, kind in rows:
            qualified = f'"{schema}"."{name}"'  # identifiers from the catalog
            out[f"{schema}.{name}"] = -1 if kind == "VIEW" else int(con.execute(f"select count(*) from {qualified}").fetchone()[0])
        return out
    finally:
        con.close()
