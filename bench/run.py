"""`make bench`: measured side by side in one run on this machine, printed as a table and saved as
JSON under bench/results/.

Each measured step runs as its own process, so its wall time and peak memory (max RSS) are its own:
- simulate + full build (seeds, staging, Phase 3, Phase 4, predictions, grading) of 1, 3 and 5
  seasons, seconds per season and peak memory;
- one daily incremental run (the next day's data arriving) on top of the smallest and the largest
  league, and their ratio (target <= 1.3: the daily cost must not grow with history);
- backfill throughput in game days per minute, two ways: one dbt build over a 30-day range, and the
  orchestrated per-date backfill (`nba-props backfill`, every phase behind its gate);
- training time and prediction time per game date;
- the event-log buffer: events per second with 8 threads and writes per 1,000 events (target <= 20);
- accuracy from a walk-forward backtest on the simulated season (after a 30-day warm-up): MAE per
  system, the oracle's and the line's.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT_DIR))
BIN = Path(sys.executable).parent
RESULTS_DIR = PROJECT_DIR / "bench" / "results"

# Mid-season of 2025-26: the last season of every league simulated here.
AS_OF = dt.datetime(2026, 2, 10, 21, 0)
SEED = "42"


@dataclass
class Step:
    name: str
    seconds: float
    peak_rss_mb: float


def timed(name: str, cmd: list[str], env: dict[str, str]) -> Step:
    with tempfile.TemporaryFile(mode="w+") as log:
        started = time.monotonic()
        proc = subprocess.Popen(cmd, cwd=PROJECT_DIR, env=env, stdout=log, stderr=subprocess.STDOUT)
        # wait4 (not Popen.wait) so the child's own peak RSS comes back with its exit status.
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.monotonic() - started
        if os.waitstatus_to_exitcode(status) != 0:
            log.seek(0)
            raise RuntimeError(f"{name} failed ({' '.join(cmd)}):\n{log.read()[-4000:]}")
    peak = usage.ru_maxrss / 1024
    print(f"  {name:<58} {seconds:8.1f} s  {peak:8.0f} MB", flush=True)
    return Step(name, round(seconds, 2), round(peak, 1))


def league_env(workdir: Path, seasons: int) -> dict[str, str]:
    return {
        **os.environ,
        "NBA_PROPS_DB": str(workdir / f"league_{seasons}.duckdb"),
        "DBT_PROFILES_DIR": str(PROJECT_DIR),
        "DBT_TARGET_PATH": str(workdir / f"target_{seasons}"),
        "DBT_LOG_PATH": str(workdir / f"logs_{seasons}"),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }


NBA = str(BIN / "nba-props")
DBT = str(BIN / "dbt")
# Phases 3 to grading (monitoring reads the job layer's tables; it is views and costs nothing)
BUILD = [DBT, "run", "--quiet", "--exclude", "tag:monitoring"]


def league(seasons: int, workdir: Path, daily: bool) -> dict[str, Step]:
    env = league_env(workdir, seasons)
    steps = {
        "simulate": timed(f"simulate {seasons} season(s)", [NBA, "simulate", "--seasons", str(seasons), "--seed", SEED,
                                                             "--as-of", AS_OF.isoformat()], env),
        "seed": timed(f"dbt seed, {seasons} season(s)", [DBT, "seed", "--quiet"], env),
        "full_build": timed(f"full build phases 3-grading, {seasons} season(s)", BUILD, env),
    }
    if daily:
        next_day = (AS_OF + dt.timedelta(days=1)).isoformat()
        timed(f"simulate the next day, {seasons} season(s)",
              [NBA, "simulate", "--seasons", str(seasons), "--seed", SEED, "--as-of", next_day], env)
        steps["daily"] = timed(f"daily incremental run, {seasons} season(s)", BUILD, env)
    return steps


def jobs(workdir: Path, seasons: int) -> tuple[dict[str, Step], dict[str, float]]:
    """Backfill, training and prediction on the small league (built by league())."""
    env = league_env(workdir, seasons)
    day = AS_OF.date()
    steps: dict[str, Step] = {}
    figures: dict[str, float] = {}
    range_days = 30
    start = day - dt.timedelta(days=range_days)
    steps["range_backfill"] = timed(f"range backfill, one dbt build of {range_days} days",
                                    [*BUILD, "--vars", json.dumps({"backfill_start": start.isoformat(),
                                                                   "backfill_end": (day - dt.timedelta(days=1)).isoformat()})],
                                    env)
    figures["range_backfill_days_per_minute"] = range_days / (steps["range_backfill"].seconds / 60)
    orchestrated_days = 3
    o_start = day - dt.timedelta(days=orchestrated_days)
    steps["orchestrated_backfill"] = timed(
        f"orchestrated backfill, {orchestrated_days} days, phases 3,4 with gates",
        [NBA, "backfill", "--start", o_start.isoformat(), "--end", (day - dt.timedelta(days=1)).isoformat(),
         "--phases", "3,4"], env)
    figures["orchestrated_backfill_days_per_minute"] = orchestrated_days / (steps["orchestrated_backfill"].seconds / 60)

    steps["train"] = timed("train gbm (all history before the date)", [NBA, "train", "--until", day.isoformat()], env)
    predict_days = [day - dt.timedelta(days=k) for k in (3, 2, 1)]
    predict_steps = [timed(f"predict {d}", [NBA, "predict", "--date", d.isoformat()], env) for d in predict_days]
    figures["predict_seconds_per_date"] = sum(s.seconds for s in predict_steps) / len(predict_steps)
    steps["predict_last"] = predict_steps[-1]
    return steps, figures


def event_buffer(workdir: Path, threads: int = 8, per_thread: int = 5000) -> dict[str, float]:
    """Events per second through the batched buffer into DuckDB, and writes per 1,000 events."""
    from python_jobs.orchestration.event_log import DuckDBEventSink, PipelineEventBuffer
    from python_jobs.orchestration.tables import ensure_tables
    from python_jobs.warehouse import connect

    db = workdir / "events.duckdb"
    con = connect(db)
    ensure_tables(con)
    con.close()
    sink = DuckDBEventSink(db)
    buffer = PipelineEventBuffer(sink, batch_size=50, timeout_s=10)

    def worker(n: int) -> None:
        for i in range(per_thread):
            buffer.log("processor_complete", phase="3", processor_name=f"model_{n}", records_processed=i)

    started = time.monotonic()
    pool = [threading.Thread(target=worker, args=(n,)) for n in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    buffer.close()
    seconds = time.monotonic() - started
    metrics = buffer.metrics()
    sink.close()
    con = connect(db)
    (stored,) = con.execute("select count(*) from nba_orchestration.pipeline_event_log").fetchone()
    con.close()
    total = threads * per_thread
    if stored != total:
        raise RuntimeError(f"event buffer stored {stored} of {total} events")
    print(f"  {'event buffer, 8 threads x 5,000 events':<58} {seconds:8.1f} s", flush=True)
    return {"events": total, "seconds": round(seconds, 2), "events_per_second": round(total / seconds),
            "writes": metrics.batch_flushes, "writes_per_1000_events": round(1000 * metrics.batch_flushes / total, 2)}


def backtest(workdir: Path, seasons: int) -> tuple[Step, list[dict]]:
    from python_jobs import warehouse
    from python_jobs.evaluation import metrics

    env = league_env(workdir, seasons)
    con = warehouse.connect(env["NBA_PROPS_DB"])
    (first,) = con.execute("select min(game_date) from nba_analytics.player_game_summary "
                           "where season_year = (select max(season_year) from nba_analytics.player_game_summary)"
                           ).fetchone()
    con.close()
    start = first + dt.timedelta(days=30)
    end = AS_OF.date() - dt.timedelta(days=4)  # before the dates the prediction timing step wrote
    step = timed(f"backtest {start}..{end} (train weekly, predict, grade)",
                 [NBA, "backtest", "--start", start.isoformat(), "--end", end.isoformat(), "--no-build"], env)
    con = warehouse.connect(env["NBA_PROPS_DB"])
    try:
        rows = [asdict(s) for s in metrics.system_summaries(con, start, end)]
        market = {m["system_id"]: m for m in metrics.market_measures(con, start, end)}
        verdict = metrics.market_verdict(metrics.market_summaries(con, start, end))
    finally:
        con.close()
    for row in rows:
        row["window"] = f"{start}..{end}"
        row["market"] = market.get(row["system_id"])
        row["verdict"] = verdict
    return step, rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seasons", type=int, nargs="+", default=[1, 3, 5], help="league sizes (default 1 3 5)")
    parser.add_argument("--no-backtest", action="store_true", help="skip the accuracy backtest")
    args = parser.parse_args(argv)
    sizes = sorted(set(args.seasons))
    small, large = sizes[0], sizes[-1]
    started = time.monotonic()
    print(f"nba-props benchmark on {platform.node()} ({os.cpu_count()} cores), Python {platform.python_version()}, "
          f"as of {AS_OF:%Y-%m-%d %H:%M}")
    with tempfile.TemporaryDirectory(prefix="nba_props_bench_") as tmp:
        work = Path(tmp)
        leagues = {n: league(n, work, daily=n in (small, large)) for n in sizes}
        job_steps, job_figures = jobs(work, small)
        buffer = event_buffer(work)
        accuracy: list[dict] = []
        backtest_step = None
        if not args.no_backtest:
            backtest_step, accuracy = backtest(work, small)

    ratio = leagues[large]["daily"].seconds / leagues[small]["daily"].seconds
    print()
    header = "".join(f"{f'{n} season(s)':>14}" for n in sizes)
    print(f"{'measure':<46}{header}")
    for key, label in (("simulate", "simulate (s)"), ("full_build", "full build, phases 3-grading (s)")):
        print(f"{label:<46}" + "".join(f"{leagues[n][key].seconds:>14.1f}" for n in sizes))
    print(f"{'full build per season (s)':<46}" + "".join(f"{leagues[n]['full_build'].seconds / n:>14.1f}" for n in sizes))
    print(f"{'peak memory, full build (MB)':<46}" + "".join(f"{leagues[n]['full_build'].peak_rss_mb:>14.0f}"
                                                             for n in sizes))
    print(f"{'daily incremental run (s)':<46}" + "".join(
        f"{leagues[n]['daily'].seconds:>14.1f}" if "daily" in leagues[n] else f"{'-':>14}" for n in sizes))
    print(f"daily run ratio {large}/{small} seasons: {ratio:.2f} (target <= 1.3)")
    print(f"backfill: {job_figures['range_backfill_days_per_minute']:.1f} game days/min as one dbt build of 30 days; "
          f"{job_figures['orchestrated_backfill_days_per_minute']:.2f} game days/min orchestrated per date "
          "(production: about 0.33, 33 hours for four seasons)")
    print(f"training (gbm, {small} season(s) of history): {job_steps['train'].seconds:.1f} s; prediction: "
          f"{job_figures['predict_seconds_per_date']:.1f} s per game date (5 systems, process start included)")
    print(f"event buffer: {buffer['events_per_second']:,} events/s with 8 threads, "
          f"{buffer['writes_per_1000_events']} writes per 1,000 events (target <= 20)")
    if accuracy:
        print(f"backtest accuracy {accuracy[0]['window']} ({backtest_step.seconds:.0f} s):")
        print(f"  {'system':<16}{'graded':>8}{'MAE':>8}{'oracle':>8}{'last-10':>9}{'MAE@line':>10}{'line':>8}")
        for row in accuracy:
            def f(v: float | None) -> str:
                return f"{v:.3f}" if v is not None else "-"
            print(f"  {row['system_id']:<16}{row['graded']:>8}{f(row['mae']):>8}{f(row['oracle_mae']):>8}"
                  f"{f(row['last10_mae']):>9}{f(row['mae_on_line_rows']):>10}{f(row['line_mae']):>8}")
        print(f"  {'system':<16}{'MAE-close':>10}{'95% CI':>18}{'Brier':>8}{'mkt':>8}{'ROI':>8}{'95% CI':>18}"
              f"{'CLV':>7}{'picks':>7}")
        for row in accuracy:
            m = row["market"] or {}

            def g(v: float | None, d: int = 3) -> str:
                return f"{v:.{d}f}" if v is not None else "-"

            def ci(v: list[float] | None, d: int = 3) -> str:
                return f"[{v[0]:.{d}f}, {v[1]:.{d}f}]" if v else "-"
            print(f"  {row['system_id']:<16}{g(m.get('mae_minus_closing')):>10}{ci(m.get('mae_minus_closing_ci')):>18}"
                  f"{g(m.get('brier')):>8}{g(m.get('market_brier')):>8}{g(m.get('roi')):>8}"
                  f"{ci(m.get('roi_ci')):>18}{g(m.get('mean_clv'), 2):>7}{m.get('picks', 0):>7}")
        for line in accuracy[0]["verdict"]:
            print(f"  {line}")
    total = time.monotonic() - started
    print(f"total bench time: {total / 60:.1f} min")

    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    out = RESULTS_DIR / f"bench_{stamp}.json"
    out.write_text(json.dumps({
        "measured_at": stamp,
        "machine": {"node": platform.node(), "cores": os.cpu_count(), "python": platform.python_version()},
        "as_of": AS_OF.isoformat(),
        "leagues": {str(n): {k: asdict(v) for k, v in steps.items()} for n, steps in leagues.items()},
        "daily_ratio": round(ratio, 3),
        "jobs": {k: asdict(v) for k, v in job_steps.items()},
        "job_figures": {k: round(v, 3) for k, v in job_figures.items()},
        "event_buffer": buffer,
        "backtest": {"step": asdict(backtest_step) if backtest_step else None, "systems": accuracy},
        "total_minutes": round(total / 60, 2),
    }, indent=2, default=str))
    print(f"results: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
