"""`nba-props simulate`: fill the raw tables with a deterministic simulated league."""

from __future__ import annotations

import argparse
import datetime as dt
import sys

HELP = ("Simulate N NBA seasons into the raw tables (deterministic per seed and start date; --as-of only "
        "chooses which rows are visible); replaces their contents.")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--seasons", type=int, default=1, help="number of seasons (default 1)")
    parser.add_argument("--seed", type=int, default=42, help="random seed (default 42)")
    parser.add_argument("--start-date", type=dt.date.fromisoformat, default=None,
                        help="opening night of the first season (default: derived from --as-of)")
    parser.add_argument("--as-of", default=None,
                        help="moment the data is seen from: ISO datetime (UTC unless offset given) or date "
                             "(= noon US Eastern); default now")
    parser.add_argument("--db", help="DuckDB warehouse file (default: $NBA_PROPS_DB or warehouse/nba_props.duckdb)")


def run(args: argparse.Namespace) -> int:
    from python_jobs.simulator.core import format_summary, simulate
    from python_jobs.warehouse import connect

    if args.seasons < 1:
        print("--seasons must be at least 1", file=sys.stderr)
        return 2
    con = connect(args.db)
    try:
        summary = simulate(con, args.seasons, args.seed, args.start_date, args.as_of)
    except ValueError as exc:
        print(f"simulate: {exc}", file=sys.stderr)
        return 2
    finally:
        con.close()
    print(format_summary(summary))
    return 0
