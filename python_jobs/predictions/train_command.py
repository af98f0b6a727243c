"""`nba-props train`: fit (gbm) or calibrate a prediction system on data strictly before a date."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time

HELP = ("Train the gradient-boosted model (or calibrate another system) on games strictly before --until, "
        "save it under warehouse/models/ and record it in nba_predictions.model_registry.")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--until", type=dt.date.fromisoformat, required=True,
                        help="first date the model must not see (ISO date); it trains on earlier games only")
    parser.add_argument("--system", default="gbm",
                        help="system to train (gbm) or calibrate (moving_average, zone_matchup, similarity, "
                        "ensemble); default gbm")
    parser.add_argument("--window-days", type=int,
                        help="gbm: train on the last N days before --until only (default: all history); "
                        "moving_average, zone_matchup, similarity: calibration window (default 60 days)")
    parser.add_argument("--db", help="DuckDB warehouse file (default: $NBA_PROPS_DB or warehouse/nba_props.duckdb)")


def run(args: argparse.Namespace) -> int:
    from python_jobs.predictions.train import train_until

    started = time.monotonic()
    try:
        row = train_until(args.db, args.until, system=args.system, window_days=args.window_days)
    except (ValueError, LookupError) as exc:
        print(f"train failed: {exc}", file=sys.stderr)
        return 1
    mae = f"{row.expected_mae:.3f}" if row.expected_mae is not None else "n/a"
    print(f"{row.model_id}: {row.system_id} on {row.training_start} .. {row.training_end} "
          f"({row.n_train_rows} training rows), expected MAE {mae} on {row.holdout_start} .. {row.holdout_end} "
          f"({row.n_holdout_rows} rows){f', file {row.file_path}' if row.file_path else ''} "
          f"({time.monotonic() - started:.1f} s)")
    return 0
