"""`nba-props backtest`: walk-forward train / predict / grade over a date range, then a summary."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time

from python_jobs import report, warehouse
from python_jobs.evaluation import metrics
from python_jobs.evaluation.backtest import BacktestError, run_backtest

HELP = "Walk-forward backtest: for each game date train (when due) before it, predict it, then grade."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--start", type=dt.date.fromisoformat, required=True, help="first game date (ISO)")
    parser.add_argument("--end", type=dt.date.fromisoformat, required=True, help="last game date (ISO)")
    parser.add_argument("--retrain-every", type=int, default=7, metavar="DAYS",
                        help="retrain the trained systems every DAYS days (default 7)")
    parser.add_argument("--train-window", type=int, default=None, metavar="DAYS",
                        help="train on the last DAYS days before each date (default: all history)")
    parser.add_argument("--systems", help="comma-separated systems (default: all enabled)")
    parser.add_argument("--no-build", action="store_true",
                        help="skip building Phase 3/4 for the range (the warehouse is already built)")
    parser.add_argument("--db", help="DuckDB warehouse file (default: $NBA_PROPS_DB or warehouse/nba_props.duckdb)")


def print_summary(db: str | None, start: dt.date, end: dt.date) -> None:
    con = warehouse.connect(db)
    try:
        rows = metrics.system_summaries(con, start, end)
    finally:
        con.close()

    def pct(v: float | None) -> str:
        return "-" if v is None else f"{100 * v:.1f}%"

    def mae(v: float | None) -> str:
        return "-" if v is None else f"{v:.3f}"

    table = [[s.system_id, s.graded, mae(s.mae), mae(s.last10_mae), mae(s.oracle_mae), mae(s.line_mae),
              mae(s.mae_on_line_rows),
              pct(s.hit_rate), s.edge3_decided, pct(s.edge3_hit_rate),
              "-" if s.edge3_ci is None else f"{100 * s.edge3_ci[0]:.0f}-{100 * s.edge3_ci[1]:.0f}%"]
             for s in rows]
    print(report.format_table(
        ["system", "graded", "MAE", "last10 MAE", "oracle MAE", "line MAE", "MAE line rows", "hit rate",
         "edge>=3 n", "edge>=3 hit", "95% CI"], table))


def run(args: argparse.Namespace) -> int:
    started = time.monotonic()
    systems = [s.strip() for s in args.systems.split(",")] if args.systems else None
    try:
        result = run_backtest(args.db, args.start, args.end, retrain_every_days=args.retrain_every,
                              train_window_days=args.train_window, build_phases=not args.no_build,
                              systems=systems)
    except BacktestError as exc:
        print(f"backtest FAILED: {exc}", file=sys.stderr)
        return 1
    print(f"backtest: {len(result.dates)} game dates, {len(result.trained)} trainings, "
          f"{result.rows_written} predictions written ({result.rows_unchanged} unchanged) "
          f"in {time.monotonic() - started:.0f} s")
    for day, reason in result.training_skipped[:3]:
        print(f"  training skipped on {day}: {reason}")
    print_summary(args.db, args.start, args.end)
    return 0
