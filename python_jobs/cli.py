"""The `nba-props` command line: one verb per job module.

Each verb lives in its own module exposing ``HELP``, ``add_arguments(parser)`` and ``run(args) -> int``;
modules are imported only when their verb runs (plus once for --help), so the CLI starts fast.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

# verb -> module implementing it
VERBS: dict[str, str] = {
    "simulate": "python_jobs.simulator.command",
    "load": "python_jobs.loader.command",
    "build": "python_jobs.commands.build",
    "docs": "python_jobs.commands.docs",
    "demo": "python_jobs.commands.demo",
    "train": "python_jobs.predictions.train_command",
    "predict": "python_jobs.predictions.predict_command",
    "backtest": "python_jobs.evaluation.backtest_command",
    "report": "python_jobs.evaluation.report_command",
    "dashboard": "python_jobs.monitoring.dashboard_command",
    "run": "python_jobs.orchestration.commands.run",
    "backfill": "python_jobs.orchestration.commands.backfill",
    "status": "python_jobs.orchestration.commands.status",
    "retry": "python_jobs.orchestration.commands.retry",
    "scheduler": "python_jobs.orchestration.commands.scheduler",
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="nba-props",
        description="NBA player points props on dbt: simulate or load raw data, build the phases, report.",
    )
    parser.add_argument("--version", action="version", version="%(prog)s 0.1.0")
    sub = parser.add_subparsers(dest="verb", metavar="VERB", required=True)
    for verb, module_name in VERBS.items():
        module = importlib.import_module(module_name)
        p = sub.add_parser(verb, help=module.HELP, description=module.HELP)
        module.add_arguments(p)
        p.set_defaults(_module=module)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args._module.run(args) or 0)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
