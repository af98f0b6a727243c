"""`nba-props build`: dbt build (seeds, models, tests) against the warehouse, with a summary."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time

from python_jobs import dbt
from python_jobs.dbt_results import DbtOutcome, summarise

HELP = "Run dbt build (seeds, models and their tests) on the warehouse and summarise the result."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--select", "-s", nargs="+", help="dbt selection (default: everything)")
    parser.add_argument("--exclude", nargs="+", help="dbt exclusion")
    parser.add_argument("--full-refresh", action="store_true", help="rebuild incremental models from scratch")
    parser.add_argument("--start", type=dt.date.fromisoformat,
                        help="backfill: first game date to recompute in incremental models (ISO date)")
    parser.add_argument("--end", type=dt.date.fromisoformat,
                        help="backfill: last game date to recompute (default: everything from --start)")
    parser.add_argument("--verbose", "-v", action="store_true", help="show dbt's full log")
    parser.add_argument("--db", help="DuckDB warehouse file (default: $NBA_PROPS_DB or warehouse/nba_props.duckdb)")


def build(select: list[str] | None = None, exclude: list[str] | None = None, full_refresh: bool = False,
          db: str | None = None, verbose: bool = False, start: dt.date | None = None,
          end: dt.date | None = None, dbt_vars: dict[str, object] | None = None) -> DbtOutcome:
    """dbt build; unless verbose, dbt's own log is replaced by one line per finished node.

    start/end make it a backfill: incremental models recompute exactly those game dates. dbt_vars are
    passed on (e.g. the prediction time of a backtest).
    """
    args = ["build"] if verbose else ["--quiet", "build"]
    all_vars = dict(dbt_vars or {})
    if start or end:
        if not start:
            raise ValueError("--end needs --start")
        all_vars.update({"backfill_start": start.isoformat(), "backfill_end": end.isoformat() if end else None})
    if all_vars:
        args += ["--vars", json.dumps(all_vars)]
    if select:
        # cautious: a test is built only when all its parents are selected (dbt's default, eager,
        # pulls in tests of unselected models, e.g. the staging accounting test of a Phase 4 build)
        args += ["--select", *select, "--indirect-selection", "cautious"]
    if exclude:
        args += ["--exclude", *exclude]
    if full_refresh:
        args.append("--full-refresh")
    callbacks = [] if verbose else [dbt.NodeProgress()]
    return summarise(dbt.invoke(args, db=db, callbacks=callbacks))


def run(args: argparse.Namespace) -> int:
    started = time.monotonic()
    if args.end and not args.start:
        print("--end needs --start", file=sys.stderr)
        return 2
    if args.start and args.end and args.end < args.start:
        print(f"--end {args.end} is before --start {args.start}", file=sys.stderr)
        return 2
    outcome = build(args.select, args.exclude, args.full_refresh, args.db, args.verbose, args.start, args.end)
    print(f"dbt build: {outcome.describe()} ({time.monotonic() - started:.1f} s)")
    if not outcome.success:
        print(f"dbt build FAILED: {outcome.error or f'{len(outcome.failures)} node(s) failed'}", file=sys.stderr)
        for line in outcome.failures:
            print(f"  {line}", file=sys.stderr)
        return 1
    return 0
