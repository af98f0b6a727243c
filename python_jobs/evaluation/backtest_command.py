"""`nba-props backtest`: walk-forward train / predict / grade over a date range, then a summary."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time

from python_jobs import report, warehouse
from python_jobs.evaluation import metrics
from python_jobs.evaluation.backtest import BacktestError, run_backtest
from python_jobs.orchestration.prediction_time import prediction_vars

HELP = "Walk-forward backtest: for each game date train (when due) before it, predict it, then grade."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--start", type=dt.date.fromisoformat, required=True, help="first game date (ISO)")
    parser.add_argument("--end", type=dt.date.fromisoformat, required=True, help="last game date (ISO)")
    parser.add_argument("--retrain-every", type=int, default=7, metavar="DAYS",
                        help="retrain the trained systems every DAYS days (default 7)")
    parser.add_argument("--train-window", type=int, default=None, metavar="DAYS",
                        help="train on the last DAYS days before each date (default: all history)")
    parser.add_argument("--systems", help="comma-separated systems (default: all enabled)")
    when = parser.add_mutually_exclusive_group()
    when.add_argument("--prediction-time", metavar="HH:MM",
                      help="predict each date as of this US Eastern time: lines and injury reports published "
                           "later are not used (default: the same-day predictions job's time in schedule.toml)")
    when.add_argument("--minutes-before-first-tip", type=int, metavar="N",
                      help="predict each date as of N minutes before its first tip-off instead")
    parser.add_argument("--no-build", action="store_true",
                        help="skip building Phase 3/4 for the range (the warehouse is already built)")
    parser.add_argument("--db", help="DuckDB warehouse file (default: $NBA_PROPS_DB or warehouse/nba_props.duckdb)")


def _fixed(v: float | None, digits: int) -> str:
    return "-" if v is None else f"{v:+.{digits}f}"


def _with_ci(v: float | None, ci: tuple[float, float] | None, digits: int, scale: float = 1.0) -> str:
    """'+0.120 [-0.050, +0.290]'; '-' without a value, no brackets without an interval."""
    if v is None:
        return "-"
    text = f"{scale * v:+.{digits}f}"
    return text if ci is None else f"{text} [{scale * ci[0]:+.{digits}f}, {scale * ci[1]:+.{digits}f}]"


def _pair(model: float | None, market: float | None) -> str:
    return "-" if model is None or market is None else f"{model:.4f} / {market:.4f}"


def _market_table(market: list[metrics.MarketSummary]) -> str:
    rows = [[m.system_id, _with_ci(m.mae_minus_closing, m.mae_minus_closing_ci, 3),
             _pair(m.brier, m.market_brier), _pair(m.log_loss, m.market_log_loss),
             _with_ci(m.roi, m.roi_ci, 1, scale=100.0), _fixed(m.mean_clv, 2),
             "-" if m.clv_positive_share is None else f"{100 * m.clv_positive_share:.0f}%",
             "-" if m.clv_zero_share is None else f"{100 * m.clv_zero_share:.0f}%", m.picks]
            for m in market]
    return report.format_table(
        ["system", "MAE-closing [95% CI]", "Brier model/mkt", "logloss model/mkt", "ROI% [95% CI]", "mean CLV",
         "CLV>0", "CLV=0", "picks"], rows)


def print_summary(db: str | None, start: dt.date, end: dt.date) -> None:
    con = warehouse.connect(db)
    try:
        rows = metrics.system_summaries(con, start, end)
        market = metrics.market_summaries(con, start, end)
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
    if not market:
        return  # a warehouse graded before the market columns existed
    print()
    print("against the market (system - market on the same rows; 95% CI: bootstrap over game dates)")
    print(_market_table(market))
    verdict = metrics.market_verdict(market)
    print("verdict: " + "\n  ".join(verdict))


def run(args: argparse.Namespace) -> int:
    started = time.monotonic()
    systems = [s.strip() for s in args.systems.split(",")] if args.systems else None
    try:
        when = prediction_vars(args.prediction_time, args.minutes_before_first_tip)
    except ValueError as exc:
        print(f"backtest: {exc}", file=sys.stderr)
        return 2
    try:
        result = run_backtest(args.db, args.start, args.end, retrain_every_days=args.retrain_every,
                              train_window_days=args.train_window, build_phases=not args.no_build,
                              systems=systems, prediction_vars=when)
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
