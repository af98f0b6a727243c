"""`nba-props demo`: the whole pipeline on a simulated league, on this machine, with no account.

Simulate a season up to a moment, build every phase, backtest the prediction systems walk-forward
over the last weeks (train before each date, predict it, grade it), predict the next slate, then
write the accuracy report, the health dashboard and the lineage site, and print a summary.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import sys
import time

from python_jobs import warehouse
from python_jobs.commands import build as build_cmd
from python_jobs.commands import docs as docs_cmd
from python_jobs.dbt_results import DbtOutcome
from python_jobs.paths import warehouse_path
from python_jobs.report import format_table

HELP = ("Simulate a league, build every phase, backtest and predict, then write the report, the dashboard "
        "and the lineage site.")

# The demo's league is seen from this moment unless --as-of says otherwise: mid-season, so the
# backtest has two months of history to learn from, and 4 PM US Eastern, when the day's lines
# are posted and the pre-game run happens.
DEFAULT_AS_OF = "2026-01-05T21:00:00"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--seasons", type=int, default=1, help="seasons to simulate (default 1)")
    parser.add_argument("--seed", type=int, default=42, help="simulator seed (default 42)")
    parser.add_argument("--as-of", default=DEFAULT_AS_OF,
                        help=f"moment the league is seen from (default {DEFAULT_AS_OF})")
    parser.add_argument("--backtest-days", type=int, default=14,
                        help="game days to backtest before the as-of date (default 14)")
    parser.add_argument("--db", help="DuckDB warehouse file (default: $NBA_PROPS_DB or warehouse/nba_props.duckdb)")


def _fail(what: str, outcome: DbtOutcome) -> int:
    print(f"{what} FAILED: {outcome.error or ''}", file=sys.stderr)
    for line in outcome.failures:
        print(f"  {line}", file=sys.stderr)
    return 1


def _slates(db: str | None, as_of: dt.date, backtest_days: int) -> tuple[list[dt.date], dt.date | None]:
    """The last backtest_days final game dates before as_of, and the next slate (first non-final date)."""
    con = warehouse.connect(db)
    try:
        finals = [r[0] for r in con.execute(
            "select distinct game_date from nba_analytics.upcoming_player_game_context "
            "where is_game_final and game_date < ? order by game_date desc limit ?",
            [as_of, backtest_days]).fetchall()]
        (upcoming,) = con.execute(
            "select min(game_date) from nba_analytics.upcoming_player_game_context where not is_game_final"
        ).fetchone()
    finally:
        con.close()
    return sorted(finals), upcoming


def run(args: argparse.Namespace) -> int:
    from python_jobs.cli import main as cli_main
    from python_jobs.evaluation import backtest, report
    from python_jobs.evaluation.backtest_command import print_summary
    from python_jobs.monitoring import dashboard
    from python_jobs.orchestration.runner import Runner, RunRequest

    started = time.monotonic()
    db = args.db
    out_dir = warehouse_path(db).parent
    as_of = dt.datetime.fromisoformat(args.as_of).date()

    print(f"[1/6] simulating {args.seasons} season(s), seed {args.seed}, as of {args.as_of}", flush=True)
    sim_args = ["simulate", "--seasons", str(args.seasons), "--seed", str(args.seed), "--as-of", args.as_of]
    if db:
        sim_args += ["--db", db]
    if cli_main(sim_args) != 0:
        return 1

    print("[2/6] dbt build: seeds, staging, Phase 3, Phase 4 and their tests", flush=True)
    outcome = build_cmd.build(db=db)
    if not outcome.success:
        return _fail("dbt build", outcome)

    finals, upcoming = _slates(db, as_of, args.backtest_days)
    if not finals:
        print("no final games before the as-of date: nothing to backtest", file=sys.stderr)
        return 1
    print(f"[3/6] walk-forward backtest {finals[0]}..{finals[-1]} ({len(finals)} game days)", flush=True)
    try:
        result = backtest.run_backtest(db, finals[0], finals[-1], build_phases=False)
    except backtest.BacktestError as exc:
        print(f"backtest FAILED: {exc}", file=sys.stderr)
        return 1

    predicted = None
    if upcoming is not None:
        print(f"[4/6] the same-day pre-game run for {upcoming} (nba-props run: Phase 3, 4, predictions, "
              "recorded in nba_orchestration)", flush=True)
        runner = Runner(db)
        try:
            run_report = runner.run(RunRequest(date=upcoming, mode="same-day", phases=("3", "4", "5"),
                                               now=dt.datetime.fromisoformat(args.as_of)))
        finally:
            runner.close()
        predicted = run_report.succeeded
        if not predicted:
            failed = "; ".join(f"phase {r.phase}: {r.status} ({r.reason})" for r in run_report.results
                               if r.status != "complete")
            print(f"pre-game run FAILED: {failed}", file=sys.stderr)
            return 1
    else:
        print("[4/6] no upcoming slate in the simulated window", flush=True)

    print("[5/6] dbt build: predictions, grading, monitoring", flush=True)
    outcome = build_cmd.build(select=["tag:phase5", "tag:grading", "tag:monitoring"], db=db)
    if not outcome.success:
        return _fail("dbt build (phase 5, grading, monitoring)", outcome)

    print("[6/6] writing the report, the dashboard and the lineage site", flush=True)
    con = warehouse.connect(db)
    try:
        report_path = report.write(con, out_dir / "report.html")
        dashboard_path = dashboard.write(con, out_dir / "dashboard.html")
        slate = con.execute(
            "select system_id, count(*), count(*) filter (where is_actionable), "
            "count(*) filter (where recommendation = 'NO_LINE') "
            "from nba_predictions.player_prop_predictions where is_active and game_date = ? "
            "group by system_id order by system_id", [upcoming]).fetchall() if upcoming else []
    finally:
        con.close()
    try:
        site = docs_cmd.generate(db)
    except RuntimeError as exc:
        print(exc, file=sys.stderr)
        return 1
    docs_path = out_dir / "docs.html"
    shutil.copyfile(site, docs_path)

    print()
    print(f"Backtest {finals[0]}..{finals[-1]}: {result.rows_written} predictions, "
          f"{len(result.trained)} trainings; graded accuracy:")
    print_summary(db, finals[0], finals[-1])
    if upcoming is not None and predicted:
        print()
        print(f"Predictions for {upcoming} (active, per system):")
        print(format_table(["system", "predictions", "actionable", "no line"], slate))
    print()
    print(f"warehouse:   {warehouse_path(db)}")
    print(f"report:      {report_path}")
    print(f"dashboard:   {dashboard_path}")
    print(f"docs site:   {docs_path}")
    print(f"total time:  {time.monotonic() - started:.1f} s")
    return 0
