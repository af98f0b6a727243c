"""`nba-props backfill`: a date range through the phases in backfill mode, resumable."""

from __future__ import annotations

import argparse
import datetime as dt
import sys

HELP = ("Run every date from --start to --end through the phases in backfill mode (no stale-work refusal). "
        "Resumable: dates whose phases already completed are skipped, so after a crash or Ctrl-C the same "
        "command finishes the range without redoing or duplicating anything.")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--start", type=dt.date.fromisoformat, required=True, help="first game date (ISO)")
    parser.add_argument("--end", type=dt.date.fromisoformat, required=True, help="last game date (ISO), inclusive")
    parser.add_argument("--phases", default=None,
                        help="comma-separated subset of 3,4,5,grading,monitoring (default 3,4,5,grading)")
    parser.add_argument("--force", action="store_true", help="redo dates that already completed")
    parser.add_argument("--stop-on-failure", action="store_true", help="stop at the first date that fails")
    parser.add_argument("--db", help="DuckDB warehouse file (default: $NBA_PROPS_DB or warehouse/nba_props.duckdb)")


def run(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from python_jobs.orchestration.backfill import backfill, date_range
    from python_jobs.orchestration.runner import DEFAULT_PHASES, Runner, parse_phases

    try:
        phases = parse_phases(args.phases) or DEFAULT_PHASES["backfill"]
        days = date_range(args.start, args.end)
    except ValueError as exc:
        print(f"backfill: {exc}", file=sys.stderr)
        return 2
    bar = tqdm(total=len(days), unit="day", desc="backfill", file=sys.stderr)

    def progress(day: dt.date, outcome: str) -> None:
        bar.set_postfix_str(f"{day} {outcome}")
        bar.update(1)

    runner = Runner(args.db)
    try:
        report = backfill(runner, args.start, args.end, phases, force=args.force,
                          stop_on_failure=args.stop_on_failure, progress=progress)
    finally:
        bar.close()
        runner.close()  # flushes the event log, also on Ctrl-C
    print(f"backfill {args.start}..{args.end} phases {','.join(phases)}: {len(report.completed)} completed, "
          f"{len(report.done_before)} already done, {len(report.failed)} failed")
    for day in report.failed:
        print(f"  FAILED {day}: see `nba-props status --date {day}`", file=sys.stderr)
    return 0 if report.succeeded else 1
