"""`nba-props demo`: simulate a season, build every phase, generate the docs, print a summary."""

from __future__ import annotations

import argparse
import sys
import time

from python_jobs import warehouse
from python_jobs.commands import build as build_cmd
from python_jobs.commands import docs as docs_cmd
from python_jobs.paths import warehouse_path
from python_jobs.report import format_table, table_rows

HELP = "Simulate a league, run dbt build for everything, generate the lineage site and summarise."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--seasons", type=int, default=1, help="seasons to simulate (default 1)")
    parser.add_argument("--seed", type=int, default=42, help="simulator seed (default 42)")
    parser.add_argument("--as-of", help="moment the data is seen from (default: now)")
    parser.add_argument("--db", help="DuckDB warehouse file (default: $NBA_PROPS_DB or warehouse/nba_props.duckdb)")


def run(args: argparse.Namespace) -> int:
    from python_jobs.cli import main as cli_main

    started = time.monotonic()
    sim_args = ["simulate", "--seasons", str(args.seasons), "--seed", str(args.seed)]
    if args.as_of:
        sim_args += ["--as-of", args.as_of]
    if args.db:
        sim_args += ["--db", args.db]
    print(f"[1/3] simulating {args.seasons} season(s), seed {args.seed}", flush=True)
    if cli_main(sim_args) != 0:
        return 1

    print("[2/3] dbt build (seeds, staging, phases, tests)", flush=True)
    outcome = build_cmd.build(db=args.db)
    if not outcome.success:
        print(f"dbt build FAILED: {outcome.error or ''}", file=sys.stderr)
        for line in outcome.failures:
            print(f"  {line}", file=sys.stderr)
        return 1

    print("[3/3] generating the lineage site", flush=True)
    try:
        docs_path = docs_cmd.generate(args.db)
    except RuntimeError as exc:
        print(exc, file=sys.stderr)
        return 1

    con = warehouse.connect(args.db)
    try:
        rows = table_rows(con)
    finally:
        con.close()
    print()
    print(format_table(["schema", "relation", "kind", "rows"], rows))
    print()
    print(f"dbt build:   {outcome.describe()}")
    print(f"tests:       {outcome.count('test', 'pass')} passed, {outcome.count('test', 'warn')} warned, "
          f"{outcome.count('unit_test', 'pass')} unit tests passed")
    print(f"warehouse:   {warehouse_path(args.db)}")
    print(f"docs site:   {docs_path}")
    print(f"total time:  {time.monotonic() - started:.1f} s")
    return 0
