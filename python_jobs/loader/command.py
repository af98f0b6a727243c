"""`nba-props load DIR [--mode append|replace] [--force] [--db PATH | --target bigquery [--project P]]`."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

# Only light imports at module level: cli.py imports every verb module to build --help.
from python_jobs.loader.discover import NAMING_RULE
from python_jobs.raw_schema import RAW_TABLES

if TYPE_CHECKING:
    from python_jobs.loader.load import FileResult, LoadReport

MODES = ("append", "replace")  # load.MODES, repeated here to keep DuckDB out of --help

HELP = (
    "Load raw files from DIR into the raw tables (nba_raw / nba_reference). "
    f"Files are named {NAMING_RULE}; the table is the part before the first dot. "
    "Extra columns are ignored; a file missing a contract column, or with a value that does not parse "
    "(dates, timestamps, numbers, booleans true/false/1/0/t/f/yes/no), is refused and none of its rows "
    "load; other files still load. Empty strings are NULL; timestamps without a zone are UTC. "
    "A file whose content was already loaded into the same table (since that table was last replaced) "
    "is refused in append mode unless --force. Every attempt is recorded in "
    "nba_orchestration.raw_load_history. Exit code 0 if every file loaded, 2 if any was refused, "
    "1 if DIR has no loadable file."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("directory", metavar="DIR", type=Path, help="folder holding the raw files (not recursive)")
    parser.add_argument(
        "--mode",
        choices=MODES,
        default="append",
        help="append: add the rows (default); replace: each table's rows become exactly its files' rows",
    )
    parser.add_argument("--force", action="store_true", help="load files even if their content was loaded before")
    parser.add_argument("--db", default=None, help="DuckDB warehouse file (default: $NBA_PROPS_DB or warehouse/)")
    parser.add_argument(
        "--target",
        choices=("duckdb", "bigquery"),
        default="duckdb",
        help="duckdb: the local warehouse file (default); bigquery: load jobs into the raw datasets of a "
        "BigQuery project (same checks, one load job per file; replace: one per table)",
    )
    parser.add_argument("--project", default=None, help="BigQuery project (default: $NBA_PROPS_GCP_PROJECT)")
    parser.add_argument(
        "--api-endpoint",
        default=None,
        help="BigQuery API endpoint of a local emulator (default: $BIGQUERY_EMULATOR_HOST); anonymous credentials",
    )


def _progress(result: FileResult) -> None:
    if result.loaded:
        print(f"  loaded   {result.file_name} -> {result.table_name}: {result.rows:,} rows ({result.seconds:.1f}s)")
    else:
        print(f"  REFUSED  {result.file_name} -> {result.table_name}: {result.reason}")


def format_summary(report: LoadReport) -> str:
    header = ("file", "table", "rows", "status", "reason")
    rows = [
        (r.file_name, r.table_name, f"{r.rows:,}", r.status, _short(r.reason or "")) for r in report.results
    ]
    widths = [max(len(str(x)) for x in col) for col in zip(header, *rows, strict=True)]
    widths[-1] = 0  # the reason column is last and left ragged
    lines = ["  ".join(str(x).ljust(w) for x, w in zip(line, widths, strict=True)).rstrip() for line in [header, *rows]]
    for path in report.skipped:
        lines.append(f"skipped {path.name}: not {NAMING_RULE.split(';')[0]}")
    loaded = len(report.results) - len(report.refused)
    lines.append(
        f"{loaded} file(s) loaded ({report.rows_loaded:,} rows), {len(report.refused)} refused; load id {report.load_id}"
    )
    return "\n".join(lines)


def _short(reason: str, limit: int = 160) -> str:
    return reason if len(reason) <= limit else reason[: limit - 1] + "…"


def run(args: argparse.Namespace) -> int:
    from python_jobs.loader.load import load_directory
    from python_jobs.warehouse import connect

    directory: Path = args.directory
    if not directory.is_dir():
        print(f"nba-props load: {directory} is not a directory", file=sys.stderr)
        return 1
    started = time.perf_counter()
    if getattr(args, "target", "duckdb") == "bigquery":
        from python_jobs.loader.bigquery import BigQueryTarget, load_directory_bigquery

        try:
            target = BigQueryTarget.from_env(args.project, args.api_endpoint)
        except ValueError as exc:
            print(f"nba-props load: {exc}", file=sys.stderr)
            return 1
        where = f"BigQuery project {target.project}" + (f" at {target.api_endpoint}" if target.emulator else "")
        print(f"loading {directory} into {where} ({args.mode}{', forced' if args.force else ''})")
        report = load_directory_bigquery(target, directory, mode=args.mode, force=args.force, progress=_progress)
    else:
        print(f"loading {directory} ({args.mode}{', forced' if args.force else ''})")
        con = connect(args.db)
        try:
            report = load_directory(con, directory, mode=args.mode, force=args.force, progress=_progress)
        finally:
            con.close()
    if not report.results:
        known = ", ".join(t.name for t in RAW_TABLES)
        print(f"nba-props load: no loadable files in {directory}; expected {NAMING_RULE} (tables: {known})", file=sys.stderr)
        return 1
    print(format_summary(report))
    print(f"done in {time.perf_counter() - started:.1f}s")
    return report.exit_code
