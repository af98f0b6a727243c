"""`nba-props docs`: generate the dbt lineage site as one self-contained HTML file."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from python_jobs import dbt
from python_jobs.paths import PROJECT_DIR

HELP = "Generate the dbt docs / lineage site (target/static_index.html, viewable offline)."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", help="DuckDB warehouse file (default: $NBA_PROPS_DB or warehouse/nba_props.duckdb)")


def generate(db: str | None = None) -> Path:
    res = dbt.invoke(["--quiet", "docs", "generate", "--static"], db=db)
    if not res.success:
        raise RuntimeError(f"dbt docs generate failed: {res.exception or 'see logs/dbt.log'}")
    target = Path(os.environ.get("DBT_TARGET_PATH", "target"))
    return (target if target.is_absolute() else PROJECT_DIR / target) / "static_index.html"


def run(args: argparse.Namespace) -> int:
    try:
        path = generate(args.db)
    except RuntimeError as exc:
        print(exc, file=sys.stderr)
        return 1
    print(f"docs site: {path}")
    return 0
