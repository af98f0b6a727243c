"""`nba-props dashboard`: write the health dashboard as one self-contained HTML file."""

from __future__ import annotations

import argparse
from pathlib import Path

from python_jobs import warehouse
from python_jobs.monitoring import dashboard
from python_jobs.paths import warehouse_path

HELP = "Write the pipeline health dashboard (health, coverage, latency, errors, quota, accuracy) as HTML."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", type=Path, help="output file (default: next to the warehouse, dashboard.html)")
    parser.add_argument("--db", help="DuckDB warehouse file (default: $NBA_PROPS_DB or warehouse/nba_props.duckdb)")


def run(args: argparse.Namespace) -> int:
    out = args.out or warehouse_path(args.db).parent / "dashboard.html"
    con = warehouse.connect(args.db)
    try:
        path = dashboard.write(con, out)
    finally:
        con.close()
    print(f"dashboard written: {path}")
    return 0
