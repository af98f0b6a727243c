"""`nba-props report`: the backtest's accuracy as one self-contained HTML file with plots."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from python_jobs import warehouse
from python_jobs.evaluation import report
from python_jobs.paths import warehouse_path

HELP = ("Write the accuracy report as HTML: MAE vs the line and the last-10 average, the market measures "
        "(MAE vs closing line, Brier vs no-vig price, ROI at recorded prices, CLV), calibration, hit rate by edge.")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", type=Path, help="output file (default: next to the warehouse, report.html)")
    parser.add_argument("--start", type=dt.date.fromisoformat, help="first game date (default: first graded)")
    parser.add_argument("--end", type=dt.date.fromisoformat, help="last game date (default: last graded)")
    parser.add_argument("--db", help="DuckDB warehouse file (default: $NBA_PROPS_DB or warehouse/nba_props.duckdb)")


def run(args: argparse.Namespace) -> int:
    out = args.out or warehouse_path(args.db).parent / "report.html"
    con = warehouse.connect(args.db)
    try:
        path = report.write(con, out, args.start, args.end)
    except RuntimeError as exc:
        print(f"report: {exc}", file=sys.stderr)
        return 1
    finally:
        con.close()
    print(f"report written: {path}")
    return 0
