"""`nba-props run`: one game date through the phases (3 → 4 → 5 → grading → monitoring), each behind its gate."""

from __future__ import annotations

import argparse
import sys

HELP = ("Run one game date through the phases, each only if the one before passed its gate; records "
        "phase_completion, the event log, dbt run results and the retry queue in nba_orchestration.")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--date", default=None,
                        help="ISO date or TODAY / YESTERDAY / TOMORROW (US Eastern); default: the mode's date "
                             "(overnight YESTERDAY, same-day TODAY, tomorrow TOMORROW)")
    parser.add_argument("--mode", choices=["overnight", "same-day", "tomorrow", "backfill"],
                        help="default: from the date (past = overnight, today = same-day, tomorrow = tomorrow)")
    parser.add_argument("--phases", help="comma-separated subset of 3,4,5,grading,monitoring (default: the mode's phases)")
    parser.add_argument("--as-of", dest="as_of",
                        help="the moment the run happens (ISO datetime, UTC unless an offset is given; a bare "
                             "date = noon US Eastern); default now. Pairs with `simulate --as-of`.")
    parser.add_argument("--max-age-days", type=int, default=None,
                        help="refuse non-backfill runs for dates older than this (default $NBA_PROPS_MAX_AGE_DAYS or 7)")
    parser.add_argument("--ignore-upstream", action="store_true",
                        help="run a phase even if its upstream phase has not completed for the date")
    parser.add_argument("--trigger-source", default="manual", choices=["manual", "scheduled", "retry"],
                        help="recorded in the event log (the scheduler passes 'scheduled')")
    parser.add_argument("--correlation-id", help="propagate an id from the caller (default: the run id)")
    parser.add_argument("--db", help="DuckDB warehouse file (default: $NBA_PROPS_DB or warehouse/nba_props.duckdb)")


_MODE_DATES = {"overnight": "YESTERDAY", "same-day": "TODAY", "tomorrow": "TOMORROW"}


def run(args: argparse.Namespace) -> int:
    from python_jobs.orchestration.dates import StaleWorkError, parse_moment
    from python_jobs.orchestration.runner import Runner, RunRequest, parse_phases

    date = args.date or _MODE_DATES.get(args.mode or "")
    if date is None:
        print("--date is required (or a --mode with a default date)", file=sys.stderr)
        return 2
    try:
        request = RunRequest(date=date, mode=args.mode, phases=parse_phases(args.phases), now=parse_moment(args.as_of),
                             trigger_source=args.trigger_source, correlation_id=args.correlation_id,
                             max_age_days=args.max_age_days, ignore_upstream=args.ignore_upstream)
    except ValueError as exc:
        print(f"run: {exc}", file=sys.stderr)
        return 2
    runner = Runner(args.db)
    try:
        report = runner.run(request)
    except StaleWorkError as exc:
        print(f"run: {exc}", file=sys.stderr)
        return 3
    except ValueError as exc:
        print(f"run: {exc}", file=sys.stderr)
        return 2
    finally:
        runner.close()
    print(f"run {report.run_id}: {'OK' if report.succeeded else 'FAILED'} for {report.resolved.game_date}")
    return 0 if report.succeeded else 1
