"""`make bench`: measured side by side in one run on this machine, printed as a table and saved as
JSON under bench/results/.

Each step runs as its own process so its wall time and peak memory (max RSS) are its own.
Phases 3 and 4: simulate + full build for 1 and 3 seasons, then one daily incremental run on top of
each (the next day's data arriving), and the ratio of the daily runs (target <= 1.3: the daily cost
must not grow with history).
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
import time
from dataclasses import asdict, dataclass
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
RESULTS_DIR = PROJECT_DIR / "bench" / "results"

# Mid-season of 2025-26: the last season of every league simulated here.
AS_OF = dt.date(2026, 2, 10)


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
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            log.seek(0)
            raise RuntimeError(f"{name} failed ({' '.join(cmd)}):\n{log.read()[-4000:]}")
    peak = usage.ru_maxrss / 1024
    print(f"  {name:<45} {seconds:8.1f} s  {peak:8.0f} MB", flush=True)
    return Step(name, round(seconds, 2), round(peak, 1))


def phases(seasons: int, workdir: Path) -> dict[str, Step]:
    db = workdir / f"phase3_{seasons}.duckdb"
    env = {
        **os.environ,
        "NBA_PROPS_DB": str(db),
        "DBT_PROFILES_DIR": str(PROJECT_DIR),
        "DBT_TARGET_PATH": str(workdir / f"target_{seasons}"),
        "DBT_LOG_PATH": str(workdir / f"logs_{seasons}"),
    }
    nba = str(BIN / "nba-props")
    dbt = str(BIN / "dbt")
    day = AS_OF.isoformat()
    next_day = (AS_OF + dt.timedelta(days=1)).isoformat()
    steps = {
        "simulate": timed(f"simulate {seasons} season(s)", [nba, "simulate", "--seasons", str(seasons), "--seed", "42",
                                                              "--as-of", day], env),
        "seed": timed("dbt seed", [dbt, "seed", "--quiet"], env),
        "full_build": timed(f"phase 3 full build, {seasons} season(s)",
                            [dbt, "run", "--select", "+tag:phase3", "--quiet"], env),
        "phase4_full_build": timed(f"phase 4 full build, {seasons} season(s)",
                                   [dbt, "run", "--select", "tag:phase4", "--quiet"], env),
    }
    timed(f"simulate next day, {seasons} season(s)",
          [nba, "simulate", "--seasons", str(seasons), "--seed", "42", "--as-of", next_day], env)
    # The daily run is staging + Phase 3: the staging base tables rebuild only changed partitions.
    steps["daily"] = timed(f"phase 3 daily incremental, {seasons} season(s)",
                           [dbt, "run", "--select", "+tag:phase3", "--quiet"], env)
    steps["phase4_daily"] = timed(f"phase 4 daily incremental, {seasons} season(s)",
                                  [dbt, "run", "--select", "tag:phase4", "--quiet"], env)
    return steps


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seasons", type=int, nargs=2, default=[1, 3], metavar=("SMALL", "LARGE"))
    args = parser.parse_args(argv)
    small, large = args.seasons
    print(f"nba-props benchmark on {platform.node()} ({os.cpu_count()} cores), Python {platform.python_version()}")
    with tempfile.TemporaryDirectory(prefix="nba_props_bench_") as tmp:
        results = {n: phases(n, Path(tmp)) for n in (small, large)}

    ratio = results[large]["daily"].seconds / results[small]["daily"].seconds
    ratio4 = results[large]["phase4_daily"].seconds / results[small]["phase4_daily"].seconds
    print()
    print(f"{'measure':<48}{small:>6} season(s){large:>10} season(s)")
    for key, label in (("simulate", "simulate (s)"), ("full_build", "staging + phase 3 full build (s)"),
                       ("daily", "staging + phase 3 daily incremental run (s)"),
                       ("phase4_full_build", "phase 4 full build (s)"),
                       ("phase4_daily", "phase 4 daily incremental run (s)")):
        print(f"{label:<48}{results[small][key].seconds:>15.1f}{results[large][key].seconds:>20.1f}")
    print(f"{'phase 3 full build per season (s)':<48}{results[small]['full_build'].seconds / small:>15.1f}"
          f"{results[large]['full_build'].seconds / large:>20.1f}")
    print(f"{'peak memory, full build (MB)':<48}{results[small]['full_build'].peak_rss_mb:>15.0f}"
          f"{results[large]['full_build'].peak_rss_mb:>20.0f}")
    print(f"phase 3 daily run ratio {large}/{small} seasons: {ratio:.2f} (target <= 1.3)")
    print(f"phase 4 daily run ratio {large}/{small} seasons: {ratio4:.2f} (target: does not grow with history)")

    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    out = RESULTS_DIR / f"bench_{stamp}.json"
    out.write_text(json.dumps({
        "measured_at": stamp,
        "machine": {"cores": os.cpu_count(), "python": platform.python_version()},
        "as_of": AS_OF.isoformat(),
        "steps": {str(n): {k: asdict(v) for k, v in steps.items()} for n, steps in results.items()},
        "phase3_daily_ratio": round(ratio, 3),
        "phase4_daily_ratio": round(ratio4, 3),
    }, indent=2))
    print(f"results: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
