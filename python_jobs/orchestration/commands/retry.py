"""`nba-props retry`: re-run what the retry queue says is due."""

from __future__ import annotations

import argparse

HELP = ("Re-run the failed phases whose retry is due (transient errors only; permanent ones wait for a person). "
        "Entries stuck in 'retrying' for over 2 h go back to pending first. --list shows the open entries.")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--list", action="store_true", help="only list open entries (pending / retrying)")
    parser.add_argument("--as-of", dest="as_of", help="the moment the retry happens (default now)")
    parser.add_argument("--db", help="DuckDB warehouse file (default: $NBA_PROPS_DB or warehouse/nba_props.duckdb)")


def run(args: argparse.Namespace) -> int:
    from python_jobs.orchestration.connection import warehouse
    from python_jobs.orchestration.dates import parse_moment
    from python_jobs.orchestration.retry_queue import active_entries
    from python_jobs.orchestration.retrying import retry_due
    from python_jobs.orchestration.runner import Runner

    if args.list:
        with warehouse(args.db) as con:
            entries = active_entries(con)
        for e in entries:
            print(f"{e.game_date} phase {e.phase:<10} {e.processor_name:<40} {e.status:<9} {e.error_type:<9} "
                  f"retries {e.retry_count}/{e.max_retries} next {e.next_retry_at}  {(e.error_message or '')[:80]}")
        print(f"{len(entries)} open entries")
        return 0
    runner = Runner(args.db)
    try:
        outcomes = retry_due(runner, parse_moment(args.as_of))
    finally:
        runner.close()
    for o in outcomes:
        print(f"{o.game_date} phase {o.phase} ({o.mode}, {o.entries} entries): {'OK' if o.succeeded else 'FAILED'} "
              f"{o.message}")
    print(f"{len(outcomes)} retries run")
    return 0 if all(o.succeeded for o in outcomes) else 1
