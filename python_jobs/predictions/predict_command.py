"""`nba-props predict`: run the prediction systems for one game date into the landing table."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time

HELP = ("Predict every player of a game date with each enabled system and append the changed rows to "
        "nba_predictions.prediction_landing (reruns with the same output write nothing).")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--date", type=dt.date.fromisoformat, required=True, help="game date to predict (ISO date)")
    parser.add_argument("--systems", help="comma-separated systems (default: all): "
                        "moving_average,zone_matchup,similarity,gbm,ensemble")
    parser.add_argument("--run-id", help="run identifier stored on every row (default: a new UUID)")
    parser.add_argument("--db", help="DuckDB warehouse file (default: $NBA_PROPS_DB or warehouse/nba_props.duckdb)")


def run(args: argparse.Namespace) -> int:
    from python_jobs.predictions.job import parse_systems, predict_for_date

    started = time.monotonic()
    try:
        summary = predict_for_date(args.db, args.date, systems=parse_systems(args.systems), run_id=args.run_id)
    except (ValueError, LookupError, FileNotFoundError) as exc:
        print(f"predict failed: {exc}", file=sys.stderr)
        return 1
    print(summary.describe())
    print(f"done in {time.monotonic() - started:.1f} s")
    return 0
