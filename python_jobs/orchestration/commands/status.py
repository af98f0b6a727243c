"""`nba-props status`: phase completion, rows per phase, predictions and coverage for a date."""

from __future__ import annotations

import argparse
import sys

HELP = ("Print, for one game date, the latest attempt of each phase, models that did not succeed, rows per "
        "phase table, predictions count and coverage, and open retry-queue entries.")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--date", default="YESTERDAY", help="ISO date or TODAY / YESTERDAY / TOMORROW (default YESTERDAY)")
    parser.add_argument("--as-of", dest="as_of", help="resolve TODAY etc. as of this moment (default now)")
    parser.add_argument("--replay-spill", metavar="FILE",
                        help="first write a pipeline_event_log spill file (left when the warehouse was unavailable "
                             "at shutdown) into the table")
    parser.add_argument("--db", help="DuckDB warehouse file (default: $NBA_PROPS_DB or warehouse/nba_props.duckdb)")


def run(args: argparse.Namespace) -> int:
    from python_jobs.orchestration.connection import warehouse
    from python_jobs.orchestration.dates import parse_moment, resolve
    from python_jobs.orchestration.event_log import DuckDBEventSink, replay_spill
    from python_jobs.orchestration.status import date_status, format_status

    try:
        resolved = resolve(args.date, parse_moment(args.as_of))
    except ValueError as exc:
        print(f"status: {exc}", file=sys.stderr)
        return 2
    if args.replay_spill:
        n = replay_spill(args.replay_spill, DuckDBEventSink(args.db))
        print(f"replayed {n} events from {args.replay_spill}")
    with warehouse(args.db) as con:
        print(format_status(date_status(con, resolved.game_date)))
    return 0
