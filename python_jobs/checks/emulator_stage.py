"""CI stage 2: the SQL models and their tests on a local BigQuery emulator, plus the bigframes check.

    make emulator        (creates .venv-crucible and .venv-bigframes from .ci/*.lock first)

Steps (each timed; any failure fails the stage):
  1. World A: simulate the seed-7 league seen from AS_OF_A into a DuckDB file and build it (DuckDB).
  2. Start crucible (127.0.0.1:19150, in memory); `nba-props load --target bigquery` the raw tables
     of world A into it (load jobs through the real loader).
  3. Python models cannot run on the emulator (dbt-bigquery submits them to Dataproc / Colab): their
     DuckDB-built tables are loaded into the emulator under the model's relation, so every SQL model
     downstream of them still runs. Python models are found in the manifest (language == python).
  4. `dbt seed` and `dbt build --target bigquery_emulator --exclude <python models>`: every SQL
     model, data test and unit test, in every folder (new models are picked up automatically).
  5. Row counts of every model built on the emulator equal the DuckDB build of the same raw data.
  6. World B (AS_OF_B, later): the raw rows that arrived after AS_OF_A are appended with the loader,
     the Python models' tables refreshed, and `dbt build` runs again: the incremental branch (merge on
     this target) on the emulator. Row counts again equal DuckDB's build of world B.
  7. The loader's emulator tests (python_jobs/tests/test_loader_bigquery.py), required to run.
  8. The bigframes check (python_jobs/checks/bigframes_check.py) in .venv-bigframes on world B.

The fixture is seen from late October rather than mid-November because crucible 0.1.0a2 inserts
loaded rows one by one (~400 rows/s): the two-week window keeps the stage within minutes.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow.parquet as pq

from python_jobs.checks.crucible import DEFAULT_PORT, running_crucible
from python_jobs.paths import PROJECT_DIR
from python_jobs.raw_schema import RAW_TABLES

SEED = 7
AS_OF_A = "2025-10-27T12:00:00"
AS_OF_B = "2025-10-29T12:00:00"
TARGET = "bigquery_emulator"
PROJECT = "local"
WORK = PROJECT_DIR / "build" / "emulator"
BIN = Path(sys.executable).parent
BIGFRAMES_PYTHON = PROJECT_DIR / ".venv-bigframes" / "bin" / "python"
# DuckDB -> BigQuery types, for loading the Python models' tables
_BQ_TYPES = {
    "VARCHAR": "STRING", "BIGINT": "INT64", "INTEGER": "INT64", "DOUBLE": "FLOAT64", "FLOAT": "FLOAT64",
    "BOOLEAN": "BOOL", "DATE": "DATE", "TIMESTAMP": "TIMESTAMP", "HUGEINT": "INT64",
}


@dataclass(frozen=True)
class Model:
    name: str
    schema: str
    alias: str
    language: str
    materialized: str
    strategy: str | None
    unique_key: object
    depends_on: tuple[str, ...]
    unique_id: str


# --- helpers ----------------------------------------------------------------------------------------


@contextmanager
def step(title: str) -> Iterator[None]:
    print(f"==> {title}", flush=True)
    started = time.perf_counter()
    yield
    print(f"    done in {time.perf_counter() - started:.1f} s", flush=True)


def run(cmd: Sequence[str], env: dict[str, str], log: Path) -> None:
    """Run a command, its output into log; on failure show the log's tail and stop the stage."""
    with log.open("a") as sink:
        sink.write(f"\n$ {' '.join(cmd)}\n")
        sink.flush()
        proc = subprocess.run(cmd, cwd=PROJECT_DIR, env=env, stdout=sink, stderr=subprocess.STDOUT)
    if proc.returncode != 0:
        tail = log.read_text().splitlines()[-60:]
        raise RuntimeError(f"{' '.join(cmd[:3])} ... failed (exit {proc.returncode}); end of {log}:\n" + "\n".join(tail))


def summary_line(log: Path) -> str:
    lines = [line for line in log.read_text().splitlines() if "Done. PASS=" in line]
    return lines[-1].split("Done. ", 1)[1] if lines else "(no dbt summary)"


def duckdb_env(db: Path, name: str) -> dict[str, str]:
    return {
        **os.environ, "NBA_PROPS_DB": str(db), "NBA_PROPS_TARGET": "duckdb", "DBT_PROFILES_DIR": str(PROJECT_DIR),
        "DBT_TARGET_PATH": str(WORK / f"target_{name}"), "DBT_LOG_PATH": str(WORK / f"target_{name}" / "logs"),
    }


def emulator_env(endpoint: str) -> dict[str, str]:
    return {
        **os.environ, "BIGQUERY_EMULATOR_HOST": endpoint, "DBT_PROFILES_DIR": str(PROJECT_DIR),
        "DBT_TARGET_PATH": str(WORK / "target_bq"), "DBT_LOG_PATH": str(WORK / "target_bq" / "logs"),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }


def build_world(db: Path, as_of: str, name: str, log: Path) -> None:
    env = duckdb_env(db, name)
    # no --start-date: derived from --as-of, the same opening night for A and B (one season)
    run([str(BIN / "nba-props"), "simulate", "--seasons", "1", "--seed", str(SEED), "--as-of", as_of,
         "--db", str(db)], env, log)
    run([str(BIN / "nba-props"), "build"], env, log)


def export_raw(db: Path, out_dir: Path, after: str | None = None) -> int:
    """Each raw table to <table>.parquet (only rows processed after `after`, if given); returns rows."""
    out_dir.mkdir(parents=True, exist_ok=True)
    total = 0
    con = duckdb.connect(str(db), read_only=True)
    try:
        for table in RAW_TABLES:
            if after is None:
                result = con.execute(f"select * from {table.qualified_name}")
            else:
                result = con.execute(
                    f"select * from {table.qualified_name} where processed_at > cast(? as timestamp)", [after]
                )
            data = result.to_arrow_table()
            if data.num_rows:
                pq.write_table(data, out_dir / f"{table.name}.parquet")
                total += data.num_rows
    finally:
        con.close()
    return total


def check_same_world(db_a: Path, db_b: Path, as_of_a: str) -> None:
    """World B seen at A's as-of must be world A row for row: then B's later rows are exactly the delta."""
    con = duckdb.connect(str(db_b), read_only=True)
    try:
        # ATTACH takes no parameters; the path is the stage's own (build/emulator/a/world.duckdb)
        con.execute("attach '" + str(db_a).replace("'", "''") + "' as world_a (read_only)")
        for table in RAW_TABLES:
            name = f"{table.schema}.{table.name}"
            differ = con.execute(
                f"select count(*) from ((select * from world_a.{name} except all "
                f"select * from world.{name} where processed_at <= cast(? as timestamp)) union all "
                f"(select * from world.{name} where processed_at <= cast(? as timestamp) "
                f"except all select * from world_a.{name}))",
                [as_of_a, as_of_a],
            ).fetchone()[0]
            if differ:
                raise RuntimeError(f"{name}: {differ} rows differ between world A and world B seen at {as_of_a}")
    finally:
        con.close()


def manifest_models(env: dict[str, str], log: Path) -> list[Model]:
    run([str(BIN / "dbt"), "parse", "--target", TARGET, "--quiet"], env, log)
    manifest = json.loads((Path(env["DBT_TARGET_PATH"]) / "manifest.json").read_text())
    return [
        Model(n["name"], n["schema"], n["alias"] or n["name"], n["language"], n["config"]["materialized"],
              n["config"].get("incremental_strategy"), n["config"].get("unique_key"),
              tuple(n["depends_on"]["nodes"]), n["unique_id"])
        for n in manifest["nodes"].values()
        if n["resource_type"] == "model" and n["package_name"] == "nba_props" and n["config"].get("enabled", True)
        and n["config"]["materialized"] != "ephemeral"
    ]


def check_emulator_strategies(models: list[Model]) -> None:
    """Fail fast (before minutes of loading) if an incremental SQL model would not merge on a row key
    on this target: crucible cannot run insert_overwrite (no DECLARE), and a merge on a date alone
    matches many rows. Fix: the config lines of macros/incremental/incremental_unique_key.sql."""
    bad = [
        f"{m.name} (strategy {m.strategy!r}, unique_key {m.unique_key!r})"
        for m in models
        if m.language == "sql" and m.materialized == "incremental"
        and (m.strategy != "merge" or not m.unique_key or (isinstance(m.unique_key, str) and m.unique_key.endswith("date")))
    ]
    if bad:
        raise RuntimeError(
            f"incremental models that cannot run on the {TARGET} target: " + "; ".join(bad)
            + ". Use incremental_strategy 'merge' on this target and unique_key=incremental_unique_key(<date>, [<row key>])"
        )


def bq_client(endpoint: str):
    from google.api_core.client_options import ClientOptions
    from google.auth.credentials import AnonymousCredentials
    from google.cloud import bigquery

    return bigquery.Client(project=PROJECT, credentials=AnonymousCredentials(),
                           client_options=ClientOptions(api_endpoint=endpoint))


def load_duckdb_table(client, db: Path, model: Model, workdir: Path) -> int:
    """A DuckDB-built table into the emulator under the same dataset/table (one truncating load job)."""
    from google.cloud import bigquery

    con = duckdb.connect(str(db), read_only=True)
    try:
        columns = con.execute(
            "select column_name, data_type from information_schema.columns "
            "where table_schema = ? and table_name = ? order by ordinal_position",
            [model.schema, model.alias],
        ).fetchall()
        if not columns:
            raise RuntimeError(f"{model.schema}.{model.alias} is not in {db}: was the DuckDB build complete?")
        fields = [(name, _BQ_TYPES[type_]) for name, type_ in columns]
        path = workdir / f"{model.alias}.csv"
        cursor = con.execute(f'select * from "{model.schema}"."{model.alias}"')  # names from the manifest
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow([name for name, _ in fields])
            while batch := cursor.fetchmany(10_000):
                writer.writerows([_csv(v) for v in row] for row in batch)
    finally:
        con.close()
    client.create_dataset(f"{PROJECT}.{model.schema}", exists_ok=True)
    config = bigquery.LoadJobConfig(
        schema=[bigquery.SchemaField(n, t) for n, t in fields], source_format="CSV", skip_leading_rows=1,
        write_disposition="WRITE_TRUNCATE",
    )
    with path.open("rb") as handle:
        job = client.load_table_from_file(handle, f"{PROJECT}.{model.schema}.{model.alias}", job_config=config)
    job.result()
    return int(job.output_rows or 0)


def _csv(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def merged_models(models: list[Model]) -> set[str]:
    """Incremental models and everything downstream of them: after an incremental run on the
    emulator (merge) they may keep rows that production's replace-by-date would delete."""
    merged = {m.unique_id for m in models if m.materialized == "incremental"}
    changed = True
    while changed:
        changed = False
        for m in models:
            if m.unique_id not in merged and merged.intersection(m.depends_on):
                merged.add(m.unique_id)
                changed = True
    return merged


def compare_counts(client, db: Path, models: list[Model], may_keep_more: set[str] = frozenset()) -> list[str]:
    """Models whose row count on the emulator differs from the DuckDB build. Models in may_keep_more
    may have more rows on the emulator (merge keeps rows a replace deletes); the excess is printed."""
    problems = []
    con = duckdb.connect(str(db), read_only=True)
    try:
        for m in sorted(models, key=lambda m: (m.schema, m.alias)):
            # identifiers come from the manifest, never from data
            bq = list(client.query(f"select count(*) from `{PROJECT}.{m.schema}.{m.alias}`").result())[0][0]
            local = con.execute(f'select count(*) from "{m.schema}"."{m.alias}"').fetchone()[0]
            if bq > local and m.unique_id in may_keep_more:
                print(f"    {m.schema}.{m.alias}: {bq - local} more rows on the emulator than DuckDB "
                      f"({bq} vs {local}): kept by merge, deleted by a replace of their dates", flush=True)
            elif bq != local:
                problems.append(f"{m.schema}.{m.alias}: emulator {bq} rows, DuckDB {local}")
    finally:
        con.close()
    return problems


# --- the stage ------------------------------------------------------------------------------------


def main() -> int:
    started = time.perf_counter()
    shutil.rmtree(WORK, ignore_errors=True)
    WORK.mkdir(parents=True)
    log = WORK / "stage.log"
    # The DuckDB views name their catalog after the file, so both worlds are files named world.duckdb.
    db_a, db_b = WORK / "a" / "world.duckdb", WORK / "b" / "world.duckdb"
    db_a.parent.mkdir()
    db_b.parent.mkdir()
    print(f"emulator stage: logs in {WORK.relative_to(PROJECT_DIR)}/", flush=True)

    with step(f"world A on DuckDB (seed {SEED}, as of {AS_OF_A})"):
        build_world(db_a, AS_OF_A, "duckdb_a", log)
    with running_crucible(DEFAULT_PORT, WORK / "crucible.log") as endpoint:
        env = emulator_env(endpoint)
        client = bq_client(endpoint)
        models = manifest_models(env, log)
        check_emulator_strategies(models)
        python_models = [m for m in models if m.language == "python"]
        sql_models = [m for m in models if m.language != "python"]
        exclude = [m.name for m in python_models]
        print(f"    crucible at {endpoint}; {len(sql_models)} SQL models, Python models stood in for: "
              f"{', '.join(exclude) or 'none'}", flush=True)

        with step("load world A's raw tables with `nba-props load --target bigquery`"):
            rows = export_raw(db_a, WORK / "raw_a")
            run([str(BIN / "nba-props"), "load", str(WORK / "raw_a"), "--target", "bigquery"], env, log)
            print(f"    {rows:,} rows", flush=True)
        with step("Python models' DuckDB tables -> emulator"):
            for m in python_models:
                print(f"    {m.schema}.{m.alias}: {load_duckdb_table(client, db_a, m, WORK):,} rows", flush=True)
        with step("dbt seed + dbt build on the emulator (full)"):
            run([str(BIN / "dbt"), "seed", "--target", TARGET], env, log)
            build = [str(BIN / "dbt"), "build", "--target", TARGET, *(["--exclude", *exclude] if exclude else [])]
            run(build, env, log)
            print(f"    {summary_line(log)}", flush=True)
        with step("row counts: emulator vs DuckDB (world A)"):
            problems = compare_counts(client, db_a, sql_models)
            if problems:
                raise RuntimeError("emulator and DuckDB disagree:\n  " + "\n  ".join(problems))
            print(f"    {len(sql_models)} models agree", flush=True)

        with step(f"world B on DuckDB (as of {AS_OF_B}, incremental build)"):
            shutil.copyfile(db_a, db_b)
            build_world(db_b, AS_OF_B, "duckdb_b", log)
        with step("append the raw rows that arrived after A, refresh the Python models' tables"):
            check_same_world(db_a, db_b, AS_OF_A.replace("T", " "))
            rows = export_raw(db_b, WORK / "raw_b", after=AS_OF_A.replace("T", " "))
            run([str(BIN / "nba-props"), "load", str(WORK / "raw_b"), "--target", "bigquery"], env, log)
            for m in python_models:
                load_duckdb_table(client, db_b, m, WORK)
            print(f"    {rows:,} new raw rows", flush=True)
        with step("dbt build on the emulator again (incremental: merge; unit tests ran in the first build)"):
            run([str(BIN / "dbt"), "build", "--target", TARGET, "--exclude", *exclude, "resource_type:unit_test"], env, log)
            print(f"    {summary_line(log)}", flush=True)
        with step("row counts: emulator vs DuckDB (world B)"):
            problems = compare_counts(client, db_b, sql_models, merged_models(models))
            if problems:
                raise RuntimeError("emulator and DuckDB disagree after the incremental run:\n  " + "\n  ".join(problems))
            print(f"    {len(sql_models)} models agree (beyond the merge-kept rows listed, if any)", flush=True)

    with step("loader tests against a fresh emulator"):
        run([str(BIN / "python"), "-m", "pytest", "-q", "-p", "no:cacheprovider", "python_jobs/tests/test_loader_bigquery.py"],
            {**os.environ, "NBA_PROPS_REQUIRE_EMULATOR": "1"}, log)
    with step("bigframes check (player_composite_factors on bigframes' polars TestSession vs DuckDB)"):
        if not BIGFRAMES_PYTHON.is_file():
            raise RuntimeError(f"{BIGFRAMES_PYTHON} not found: create .venv-bigframes first (make emulator-venvs)")
        run([str(BIGFRAMES_PYTHON), "-m", "python_jobs.checks.bigframes_check", "--db", str(db_b)],
            {**os.environ, "PYTHONPATH": str(PROJECT_DIR)}, log)
        print("    " + [line for line in log.read_text().splitlines() if line.startswith("bigframes check")][-1])
    print(f"emulator stage passed in {time.perf_counter() - started:.0f} s", flush=True)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except RuntimeError as exc:
        print(f"emulator stage FAILED: {exc}", file=sys.stderr)
        sys.exit(1)
