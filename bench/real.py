"""`make bench-real DATA=path [START=D1] [END=D2] [OUT_DB=file]`: the whole pipeline on real raw
files, measured, and its accuracy against the two naive baselines on the same rows.

Steps (each timed): a fresh warehouse (a temporary directory, or OUT_DB), `nba-props load DATA`,
`nba-props build`, `nba-props backtest --start START --end END` (train weekly, predict each date,
grade). Then, read from the warehouse:
- per system: MAE of predicted_points against actual points, beside the closing line's MAE and the
  last-10 average's MAE on the same rows (played: minutes > 0; with a closing line; with a prediction
  from that system; with at least one earlier played game), and the same on the rows every system
  predicted; then the measures against the market (MAE minus the closing line with a date-blocked
  bootstrap interval, Brier vs the no-vig price, ROI at the recorded prices, CLV) and a verdict;
- coverage per system: played player-games with a line that got a prediction, and feature-store rows
  with a line that got one;
- rows set aside: nba_monitoring.data_quality_set_aside by model and reason, prediction_skips by
  system and reason, and the failing rows the warn
  tests keep in nba_test_failures (one view per test), per test;
- wall time per step.
If DATA holds answer_key.csv.gz (the real-data folder does), its line MAE and last-10 MAE on its rows
in the window are reported too, with how many of its rows the pipeline graded.

Printed as tables and written to bench/results/real_<timestamp>.json. Exit code 1 if a step fails.
`--db FILE --skip-load-build` reuses a built warehouse; `--skip-backtest` only reports.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import duckdb

PROJECT_DIR = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT_DIR))

from python_jobs.report import format_table  # noqa: E402

RESULTS_DIR = PROJECT_DIR / "bench" / "results"
ANSWER_KEY = "answer_key.csv.gz"
DEFAULT_START = dt.date(2024, 10, 29)
DEFAULT_END = dt.date(2024, 12, 6)


class BenchError(RuntimeError):
    """A step of the bench failed; the message says which and why."""


# ---------------------------------------------------------------- reporting (pure: a connection in, rows out)

@dataclass(frozen=True)
class MaeRow:
    system_id: str
    rows: int
    mae: float | None
    line_mae: float | None
    last10_mae: float | None


@dataclass(frozen=True)
class Coverage:
    system_id: str
    line_games: int  # played player-games with a line
    predicted: int
    fs_line_rows: int  # feature-store rows with a line
    fs_predicted: int

    @property
    def pct(self) -> float | None:
        return 100.0 * self.predicted / self.line_games if self.line_games else None

    @property
    def fs_pct(self) -> float | None:
        return 100.0 * self.fs_predicted / self.fs_line_rows if self.fs_line_rows else None


@dataclass(frozen=True)
class SetAside:
    source: str  # data_quality_set_aside, nba_test_failures or prediction_skips
    table_name: str
    reason: str
    rows: int


# Played player-games with the mean points of the player's previous up to 10 played games (any
# season, strictly earlier rows). The feature store's points_avg_last_10 is not this: it is rounded,
# NULL below a minimum number of games, and may come from the upcoming-context fallback.
_PLAYED_SQL = """
    played as (
        select
            game_id, game_date, player_lookup, points, points_line,
            avg(points) over last10 as last10_points
        from nba_analytics.player_game_summary
        where minutes_played > 0 and points is not null
        window last10 as (partition by player_lookup order by game_date, game_id
                          rows between 10 preceding and 1 preceding)
    )
"""

# One row per (system, played player-game) with a prediction and a closing line in [start, end]: the
# line's MAE is the closing line's (the hardest benchmark), whether or not a line was up at prediction time.
_ROWS_SQL = f"""
    with {_PLAYED_SQL},
    predicted as (
        select
            accuracy.system_id, played.game_id, played.game_date, played.player_lookup,
            cast(played.points as double) as actual_points,
            accuracy.predicted_points,
            accuracy.closing_points_line as line,
            played.last10_points
        from nba_predictions.prediction_accuracy as accuracy
        inner join played
            on accuracy.game_id = played.game_id and accuracy.player_lookup = played.player_lookup
        where accuracy.game_date between $start and $end
            and accuracy.closing_points_line is not null
            and accuracy.predicted_points is not null
    ),
    compared as (
        select * from predicted where last10_points is not null
    ),
    common as (
        select * from compared
        qualify count(*) over (partition by game_id, player_lookup)
            = (select count(distinct system_id) from compared)
    )
"""


def _mae(con: duckdb.DuckDBPyConnection, relation: str, start: dt.date, end: dt.date) -> list[MaeRow]:
    rows = con.execute(
        f"""{_ROWS_SQL}
        select system_id, count(*),
               avg(abs(predicted_points - actual_points)),
               avg(abs(line - actual_points)),
               avg(abs(last10_points - actual_points))
        from {relation} group by system_id order by 3, 1
        """,
        {"start": start, "end": end},
    ).fetchall()
    return [MaeRow(*r) for r in rows]


def mae_by_system(con: duckdb.DuckDBPyConnection, start: dt.date, end: dt.date) -> list[MaeRow]:
    """Each system's MAE, the line's and the last-10 average's, on that system's rows."""
    return _mae(con, "compared", start, end)


def mae_common_rows(con: duckdb.DuckDBPyConnection, start: dt.date, end: dt.date) -> list[MaeRow]:
    """The same figures on the player-games every system predicted."""
    return _mae(con, "common", start, end)


def rows_without_history(con: duckdb.DuckDBPyConnection, start: dt.date, end: dt.date) -> int:
    """Predicted player-games (any system) left out of the comparison: no earlier played game."""
    (n,) = con.execute(
        f"""{_ROWS_SQL}
        select count(distinct (game_id, player_lookup)) from predicted where last10_points is null
        """,
        {"start": start, "end": end},
    ).fetchone()
    return int(n)


def coverage(con: duckdb.DuckDBPyConnection, start: dt.date, end: dt.date) -> list[Coverage]:
    """Per system: played player-games with a line that got a graded prediction, and feature-store
    rows with a line that did."""
    rows = con.execute(
        """
        with systems as (
            select distinct system_id from nba_predictions.prediction_accuracy
            where game_date between $start and $end
        ),
        predicted as (
            select distinct system_id, game_id, player_lookup from nba_predictions.prediction_accuracy
            where game_date between $start and $end
        ),
        line_games as (
            select distinct game_id, player_lookup from nba_analytics.player_game_summary
            where game_date between $start and $end and minutes_played > 0 and points_line is not null
        ),
        fs_line_rows as (
            select distinct game_id, player_lookup from nba_predictions.ml_feature_store
            where game_date between $start and $end and vegas_points_line is not null
        ),
        by_games as (
            select systems.system_id, count(*) as n, count(predicted.system_id) as hit
            from systems cross join line_games
            left join predicted
                on predicted.system_id = systems.system_id and predicted.game_id = line_games.game_id
                and predicted.player_lookup = line_games.player_lookup
            group by systems.system_id
        ),
        by_features as (
            select systems.system_id, count(*) as n, count(predicted.system_id) as hit
            from systems cross join fs_line_rows
            left join predicted
                on predicted.system_id = systems.system_id and predicted.game_id = fs_line_rows.game_id
                and predicted.player_lookup = fs_line_rows.player_lookup
            group by systems.system_id
        )
        select systems.system_id, coalesce(by_games.n, 0), coalesce(by_games.hit, 0),
               coalesce(by_features.n, 0), coalesce(by_features.hit, 0)
        from systems
        left join by_games using (system_id)
        left join by_features using (system_id)
        order by systems.system_id
        """,
        {"start": start, "end": end},
    ).fetchall()
    return [Coverage(*r) for r in rows]


def staging_rejects(con: duckdb.DuckDBPyConnection) -> list[SetAside]:
    """What the pipeline could not use, by model, category and reason (nba_monitoring.data_quality_set_aside:
    raw rows staging set aside, values nulled on kept rows, team-games kept without stats)."""
    rows = con.execute(
        """
        select model_name, category || ': ' || reason, sum(rows_set_aside)
        from nba_monitoring.data_quality_set_aside
        group by all order by 3 desc, 1, 2
        """
    ).fetchall()
    return [SetAside("data_quality_set_aside", t, reason, int(n)) for t, reason, n in rows]


def prediction_skips(con: duckdb.DuckDBPyConnection, start: dt.date, end: dt.date) -> list[SetAside]:
    """Feature-store rows with a line that a system did not predict, by system and reason."""
    rows = con.execute(
        """
        select system_id, skip_reason, count(*)
        from nba_predictions.prediction_skips
        where has_line and game_date between ? and ?
        group by all order by 3 desc, 1, 2
        """,
        [start, end],
    ).fetchall()
    return [SetAside("prediction_skips", t, reason, int(n)) for t, reason, n in rows]


@dataclass(frozen=True)
class StoredTest:
    relation: str  # view name in nba_test_failures
    schema: str
    table_name: str  # the model(s) the test reads


def can_warn(config: dict[str, Any]) -> bool:
    """A test that can end as a warning: severity warn, or a warn_if threshold below its error_if
    (accepted_range warns on one row out of range, errors only past a share of a date's rows).
    Error-only tests that fail stop the build, so in a built warehouse only these keep rows."""
    if str(config.get("severity", "")).lower() == "warn":
        return True
    return str(config.get("warn_if", "!= 0")).replace(" ", "") != str(config.get("error_if", "!= 0")).replace(" ", "")


def warn_tests(manifest_path: Path) -> list[StoredTest] | None:
    """Tests that can warn and store their failing rows, from dbt's manifest (None without one)."""
    if not manifest_path.is_file():
        return None
    manifest = json.loads(manifest_path.read_text())
    out = []
    for node in manifest.get("nodes", {}).values():
        config = node.get("config") or {}
        if node.get("resource_type") != "test" or not config.get("store_failures") or not can_warn(config):
            continue
        parents = node.get("attached_node") or ",".join(
            n for n in (node.get("depends_on") or {}).get("nodes", []) if n.startswith(("model.", "seed.")))
        table = ",".join(p.split(".")[-1] for p in parents.split(",") if p)
        out.append(StoredTest(node.get("alias") or node["name"], node["schema"], table or "-"))
    return sorted(out, key=lambda t: t.relation)


def quarantined_rows(con: duckdb.DuckDBPyConnection, tests: list[StoredTest] | None) -> list[SetAside]:
    """Failing rows each warn test keeps (views in nba_test_failures); without a manifest, every
    stored test's view is counted. Only tests with failing rows are returned."""
    existing = {(s, n) for s, n in con.execute(
        "select table_schema, table_name from information_schema.tables where table_schema like '%test_failures%'"
    ).fetchall()}
    if tests is None:
        tests = [StoredTest(n, s, "-") for s, n in sorted(existing)]
    out = []
    for test in tests:
        if (test.schema, test.relation) not in existing:
            continue
        (n,) = con.execute(f'select count(*) from "{test.schema}"."{test.relation}"').fetchone()
        if n:
            out.append(SetAside("nba_test_failures", test.table_name, test.relation, int(n)))
    return sorted(out, key=lambda r: (-r.rows, r.table_name, r.reason))


@dataclass(frozen=True)
class AnswerKeyCheck:
    rows: int  # answer-key rows in the window where the player played
    line_mae: float | None  # median line across books
    last10_rows: int
    last10_mae: float | None
    graded_any: int  # of `rows`, graded by at least one system
    graded_with_line: int  # of those, graded with a line on the prediction
    graded_by_system: dict[str, int]
    last10_agreement_rows: int  # rows where both last-10 figures exist
    last10_mean_abs_diff: float | None  # the bench's last-10 against the key's naive_last10


def answer_key_check(con: duckdb.DuckDBPyConnection, path: Path, start: dt.date, end: dt.date) -> AnswerKeyCheck:
    """The answer key's own baselines on its rows in [start, end], and how many the pipeline graded."""
    key_sql = f"""
        key as (
            select game_date, player_lookup, cast(actual_points as double) as actual_points,
                   median_line, naive_last10
            from read_csv('{str(path).replace("'", "''")}')
            where game_date between $start and $end and actual_points is not null
        )
    """
    params = {"start": start, "end": end}
    rows, line_mae, last10_rows, last10_mae = con.execute(
        f"""with {key_sql}
        select count(*), avg(abs(actual_points - median_line)),
               count(naive_last10), avg(abs(actual_points - naive_last10))
        from key""", params).fetchone()
    graded = dict(con.execute(
        f"""with {key_sql}
        select accuracy.system_id, count(distinct (key.game_date, key.player_lookup))
        from key inner join nba_predictions.prediction_accuracy as accuracy
            on key.game_date = accuracy.game_date and key.player_lookup = accuracy.player_lookup
        where not accuracy.is_voided
        group by 1 order by 1""", params).fetchall())
    graded_any, graded_with_line = con.execute(
        f"""with {key_sql},
        graded as (
            select game_date, player_lookup, bool_or(closing_points_line is not null) as with_line
            from nba_predictions.prediction_accuracy where not is_voided group by all
        )
        select count(graded.game_date), count(*) filter (where graded.with_line)
        from key left join graded
            on key.game_date = graded.game_date and key.player_lookup = graded.player_lookup""",
        params).fetchone()
    agree_n, agree_diff = con.execute(
        f"""with {key_sql}, {_PLAYED_SQL}
        select count(*), avg(abs(played.last10_points - key.naive_last10))
        from key inner join played
            on key.game_date = played.game_date and key.player_lookup = played.player_lookup
        where played.last10_points is not null and key.naive_last10 is not null""", params).fetchone()
    return AnswerKeyCheck(int(rows), line_mae, int(last10_rows), last10_mae, int(graded_any), int(graded_with_line),
                          {k: int(v) for k, v in graded.items()}, int(agree_n), agree_diff)


# ---------------------------------------------------------------- the measured steps

@dataclass
class Timings:
    steps: dict[str, float] = field(default_factory=dict)

    @contextmanager
    def step(self, name: str) -> Iterator[None]:
        print(f"\n== {name}", flush=True)
        started = time.monotonic()
        try:
            yield
        finally:
            self.steps[name] = round(time.monotonic() - started, 2)
            print(f"== {name}: {self.steps[name]:.1f} s", flush=True)


def load(db: Path, data: Path) -> dict[str, Any]:
    """`nba-props load DATA` (append into the fresh warehouse); files it refuses are listed, not fatal."""
    from python_jobs.loader.command import _progress, format_summary
    from python_jobs.loader.load import load_directory
    from python_jobs.warehouse import connect

    con = connect(db)
    try:
        report = load_directory(con, data, mode="append", progress=_progress)
    finally:
        con.close()
    print(format_summary(report))
    if report.rows_loaded == 0:
        raise BenchError(f"load: no rows loaded from {data}")
    return {"rows_loaded": report.rows_loaded,
            "files_loaded": [r.file_name for r in report.results if r.loaded],
            "files_refused": {r.file_name: r.reason for r in report.refused},
            "files_skipped": [p.name for p in report.skipped]}


def build(db: Path) -> str:
    """`nba-props build`: dbt build of everything (seeds, models, tests)."""
    from python_jobs.commands.build import build as dbt_build

    outcome = dbt_build(db=str(db))
    print(f"dbt build: {outcome.describe()}", flush=True)
    if not outcome.success:
        detail = outcome.error or "\n  ".join(outcome.failures)
        raise BenchError(f"build failed: {detail}")
    return outcome.describe()


def backtest(db: Path, start: dt.date, end: dt.date, timings: Timings,
             prediction_vars: dict[str, object] | None = None) -> dict[str, Any]:
    """`nba-props backtest --start --end` (run_backtest with the CLI's defaults, at the given prediction
    time), with train and predict timed on their own; the rest is the range build (Phase 3/4, backfill
    mode) and grading."""
    from python_jobs.evaluation.backtest import BacktestError, run_backtest
    from python_jobs.predictions.job import predict_for_date
    from python_jobs.predictions.train import train_until

    spent = {"train": 0.0, "predict": 0.0}

    def timed(name: str, fn: Callable) -> Callable:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            started = time.monotonic()
            try:
                return fn(*args, **kwargs)
            finally:
                spent[name] += time.monotonic() - started
        return wrapper

    name = f"backtest {start}..{end}"
    try:
        with timings.step(name):
            result = run_backtest(str(db), start, end, train=timed("train", train_until),
                                  predict=timed("predict", predict_for_date), prediction_vars=prediction_vars)
    except BacktestError as exc:
        raise BenchError(f"backtest failed: {exc}") from exc
    total = timings.steps[name]
    timings.steps["  of which train"] = round(spent["train"], 2)
    timings.steps["  of which predict"] = round(spent["predict"], 2)
    timings.steps["  of which range build + grading (dbt)"] = round(total - spent["train"] - spent["predict"], 2)
    return {"dates": len(result.dates), "trainings": len(result.trained),
            "training_skipped": [(str(d), r) for d, r in result.training_skipped],
            "rows_written": result.rows_written, "rows_unchanged": result.rows_unchanged,
            "grading": result.grading.describe() if result.grading else None}


# ---------------------------------------------------------------- printing

def _f(v: float | None, digits: int = 3) -> str:
    return "-" if v is None else f"{v:.{digits}f}"


def mae_table(rows: list[MaeRow]) -> str:
    return format_table(
        ["system", "rows", "MAE", "line MAE", "last-10 MAE", "vs line", "vs last-10"],
        [[r.system_id, r.rows, _f(r.mae), _f(r.line_mae), _f(r.last10_mae),
          _f(None if r.mae is None or r.line_mae is None else r.mae - r.line_mae),
          _f(None if r.mae is None or r.last10_mae is None else r.mae - r.last10_mae)] for r in rows])


def coverage_table(rows: list[Coverage]) -> str:
    return format_table(
        ["system", "played w/ line", "predicted", "%", "features w/ line", "predicted", "%"],
        [[c.system_id, c.line_games, c.predicted, _f(c.pct, 1), c.fs_line_rows, c.fs_predicted, _f(c.fs_pct, 1)]
         for c in rows])


def set_aside_table(rows: list[SetAside], limit: int = 80) -> str:
    def short(s: str) -> str:
        return s if len(s) <= limit else s[: limit - 1] + "…"
    return format_table(["source", "table", "reason / test", "rows"],
                        [[r.source, r.table_name, short(r.reason), r.rows] for r in rows])


def timings_table(timings: Timings) -> str:
    top = sum(v for k, v in timings.steps.items() if not k.startswith(" "))
    return format_table(["step", "seconds", "minutes"],
                        [[k, f"{v:.1f}", f"{v / 60:.2f}"] for k, v in timings.steps.items()]
                        + [["total", f"{top:.1f}", f"{top / 60:.2f}"]])


def answer_key_lines(check: AnswerKeyCheck, start: dt.date, end: dt.date) -> list[str]:
    pct = 100.0 * check.graded_any / check.rows if check.rows else 0.0
    lines = [
        f"answer key {start}..{end}: {check.rows:,} rows where the player played; "
        f"median-line MAE {_f(check.line_mae)}; last-10 MAE {_f(check.last10_mae)} ({check.last10_rows:,} rows)",
        f"  graded by the pipeline (any system, not voided): {check.graded_any:,} of {check.rows:,} ({pct:.1f}%), "
        f"{check.graded_with_line:,} of them with the line on the prediction",
    ]
    if check.graded_by_system:
        lines.append("  per system: " + ", ".join(f"{k} {v:,}" for k, v in check.graded_by_system.items()))
    lines.append(f"  last-10 cross-check: bench vs key naive_last10 on {check.last10_agreement_rows:,} rows, "
                 f"mean |difference| {_f(check.last10_mean_abs_diff)}")
    return lines


# ---------------------------------------------------------------- main

def report(db: Path, data: Path | None, start: dt.date, end: dt.date, manifest: Path) -> dict[str, Any]:
    from python_jobs.evaluation import metrics
    from python_jobs.warehouse import connect

    # not read_only: dbt (in-process) may still hold a read-write connection to the same file
    con = connect(db)
    try:
        out: dict[str, Any] = {
            "mae_by_system": [asdict(r) for r in mae_by_system(con, start, end)],
            "mae_common_rows": [asdict(r) for r in mae_common_rows(con, start, end)],
            "rows_without_history": rows_without_history(con, start, end),
            "coverage": [{**asdict(c), "pct": c.pct, "fs_pct": c.fs_pct} for c in coverage(con, start, end)],
            "set_aside": [asdict(r) for r in staging_rejects(con) + quarantined_rows(con, warn_tests(manifest))],
            "prediction_skips": [asdict(r) for r in prediction_skips(con, start, end)],
            "market": metrics.market_measures(con, start, end),
            "verdict": metrics.market_verdict(metrics.market_summaries(con, start, end)),
        }
        key = data / ANSWER_KEY if data else None
        out["answer_key"] = asdict(answer_key_check(con, key, start, end)) if key and key.is_file() else None
    finally:
        con.close()
    return out


def print_report(rep: dict[str, Any], start: dt.date, end: dt.date) -> None:
    by_system = [MaeRow(**r) for r in rep["mae_by_system"]]
    common = [MaeRow(**r) for r in rep["mae_common_rows"]]
    print(f"\nMAE {start}..{end}, per system on its own rows (played, with a closing line, "
          "an earlier played game):")
    print(mae_table(by_system) if by_system else "  no graded predictions with a closing line in the window")
    print(f"  ({rep['rows_without_history']:,} predicted player-games left out: no earlier played game)")
    print("\nMAE on the rows every system predicted:")
    print(mae_table(common) if common else "  none")
    print("\ncoverage (graded predictions):")
    print(coverage_table([Coverage(**{k: v for k, v in c.items() if k not in ("pct", "fs_pct")})
                          for c in rep["coverage"]]))
    print("\nrows set aside:")
    rows = [SetAside(**r) for r in rep["set_aside"]]
    print(set_aside_table(rows) if rows else "  none")
    print("\nfeature-store rows with a line not predicted, by system and reason:")
    skipped = [SetAside(**r) for r in rep.get("prediction_skips", [])]
    print(set_aside_table(skipped) if skipped else "  none")
    if rep.get("verdict"):
        print("\nagainst the market (95% CI: bootstrap over game dates):")
        for m in rep.get("market", []):
            def g(v: float | None, d: int = 3) -> str:
                return "-" if v is None else f"{v:.{d}f}"

            def ci(v: list[float] | None) -> str:
                return "-" if not v else f"[{v[0]:.3f}, {v[1]:.3f}]"
            print(f"  {m['system_id']:<14} MAE - closing line {g(m['mae_minus_closing'])} {ci(m['mae_minus_closing_ci'])}"
                  f" on {m['closing_rows']:,} rows; Brier {g(m['brier'])} vs market {g(m['market_brier'])};"
                  f" ROI {g(m['roi'])} {ci(m['roi_ci'])} on {m['picks']:,} picks")
        for line in rep["verdict"]:
            print(f"  {line}")
    if rep["answer_key"]:
        print()
        print("\n".join(answer_key_lines(AnswerKeyCheck(**rep["answer_key"]), start, end)))


def ablation(db: Path, start: dt.date, end: dt.date) -> dict[str, Any]:
    from python_jobs.evaluation import ablation as abl
    from python_jobs.warehouse import connect

    con = connect(db)
    try:
        result = abl.run(con, start, end)
    finally:
        con.close()
    return {"rows": [asdict(r) for r in result.rows],
            "error_correlation_with_line": result.error_correlation_with_line,
            "fair_line_mae": result.fair_line_mae}


def print_ablation(abl: dict[str, Any]) -> None:
    rows = abl["rows"]
    full = next((r for r in rows if r["removed"] == "(all features)"), None)
    print("\ngbm ablation (walk-forward; closing line's MAE on the same rows; + = worse without the group):")
    print(format_table(
        ["removed", "features", "rows", "MAE", "vs all", "model alone", "line MAE", "market weights"],
        [[r["removed"], r["features"], r["rows"], _f(r["mae"]),
          _f(None if full is None else r["mae"] - full["mae"]), _f(r["model_alone_mae"]), _f(r["line_mae"]),
          " ".join(f"{w:.1f}" for w in r["market_weights"])] for r in rows]))
    print(f"  correlation of the model's own errors with the closing line's: {_f(abl['error_correlation_with_line'])};"
          f" market fair line alone: MAE {_f(abl['fair_line_mae'])}")


@contextmanager
def workspace(out_db: Path | None) -> Iterator[Path]:
    """The warehouse file: OUT_DB (which must not exist yet), or one in a temporary directory."""
    if out_db is not None:
        out_db = out_db.resolve()
        if out_db.exists():
            raise BenchError(f"OUT_DB {out_db} already exists: the bench needs a fresh warehouse")
        models = out_db.parent / "models"
        if models.is_dir() and any(models.iterdir()):
            raise BenchError(f"{models} holds model files; the backtest would reuse them: pick an empty folder")
        out_db.parent.mkdir(parents=True, exist_ok=True)
        yield out_db
        return
    with tempfile.TemporaryDirectory(prefix="nba_props_bench_real_") as tmp:
        yield Path(tmp) / "warehouse" / "nba_props.duckdb"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data", type=Path, help="folder of raw files (as for nba-props load)")
    parser.add_argument("--start", type=dt.date.fromisoformat, default=DEFAULT_START,
                        help=f"first backtest date (default {DEFAULT_START})")
    parser.add_argument("--end", type=dt.date.fromisoformat, default=DEFAULT_END,
                        help=f"last backtest date (default {DEFAULT_END})")
    parser.add_argument("--out-db", type=Path, help="warehouse file to create and keep (default: a temporary one)")
    parser.add_argument("--db", type=Path, help="an existing warehouse (with --skip-load-build)")
    parser.add_argument("--skip-load-build", action="store_true", help="reuse --db: no load, no build")
    parser.add_argument("--skip-backtest", action="store_true", help="with --skip-load-build: report only")
    parser.add_argument("--skip-ablation", action="store_true",
                        help="leave out the gbm feature-group ablation (about 10 minutes on the real window)")
    parser.add_argument("--results-dir", type=Path, default=RESULTS_DIR, help="where the JSON goes")
    when = parser.add_mutually_exclusive_group()
    when.add_argument("--prediction-time", metavar="HH:MM",
                      help="US Eastern time each date is predicted at (default: schedule.toml's same-day job)")
    when.add_argument("--minutes-before-first-tip", type=int, metavar="N",
                      help="predict each date N minutes before its first tip-off instead")
    args = parser.parse_args(argv)
    if not args.data.is_dir():
        parser.error(f"DATA {args.data} is not a directory")
    if args.end < args.start:
        parser.error(f"--end {args.end} is before --start {args.start}")
    if args.skip_load_build != (args.db is not None):
        parser.error("--skip-load-build and --db go together")
    if args.skip_backtest and not args.skip_load_build:
        parser.error("--skip-backtest needs --skip-load-build --db")
    if args.out_db and args.db:
        parser.error("--out-db makes a fresh warehouse; --db reuses one: pick one")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    started = time.monotonic()
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    timings = Timings()
    result: dict[str, Any] = {
        "measured_at": stamp, "status": "running",
        "machine": {"node": platform.node(), "cores": os.cpu_count(), "python": platform.python_version()},
        "data": str(args.data.resolve()), "window": {"start": str(args.start), "end": str(args.end)},
    }
    print(f"nba-props real-data bench on {platform.node()} ({os.cpu_count()} cores): {args.data}, "
          f"backtest {args.start}..{args.end}", flush=True)
    try:
        with workspace(None if args.skip_load_build else args.out_db) as fresh:
            db = args.db.resolve() if args.skip_load_build else fresh
            result["warehouse"] = str(db)
            # dbt's target/ and logs/ next to the warehouse unless the caller chose them
            os.environ.setdefault("DBT_TARGET_PATH", str(db.parent / "target"))
            os.environ.setdefault("DBT_LOG_PATH", str(db.parent / "logs"))
            manifest = Path(os.environ["DBT_TARGET_PATH"]) / "manifest.json"
            print(f"warehouse {db}; dbt artifacts {os.environ['DBT_TARGET_PATH']}", flush=True)
            if not args.skip_load_build:
                with timings.step(f"load {args.data}"):
                    result["load"] = load(db, args.data)
                with timings.step("build (dbt build: seeds, models, tests)"):
                    result["build"] = build(db)
            if not args.skip_backtest:
                from python_jobs.orchestration.prediction_time import prediction_vars
                when = prediction_vars(args.prediction_time, args.minutes_before_first_tip)
                result["prediction_time"] = when
                result["backtest"] = backtest(db, args.start, args.end, timings, when)
            with timings.step("report"):
                result["report"] = report(db, args.data, args.start, args.end, manifest)
            if not args.skip_ablation:
                with timings.step("gbm ablation (walk-forward, one feature group removed at a time)"):
                    result["ablation"] = ablation(db, args.start, args.end)
        result["status"] = "ok"
    except BenchError as exc:
        result["status"] = "failed"
        result["error"] = str(exc)
        print(f"\nbench-real FAILED: {exc}", file=sys.stderr, flush=True)
    except Exception as exc:  # a bug here or below: keep what was measured, then show the traceback
        result["status"] = "failed"
        result["error"] = f"{type(exc).__name__}: {exc}"
        raise
    finally:
        result["timings_seconds"] = timings.steps
        result["total_seconds"] = round(time.monotonic() - started, 2)
        args.results_dir.mkdir(parents=True, exist_ok=True)
        out = args.results_dir / f"real_{stamp}.json"
        out.write_text(json.dumps(result, indent=2, default=str))

    if result["status"] == "ok":
        print_report(result["report"], args.start, args.end)
        if result.get("ablation"):
            print_ablation(result["ablation"])
    print("\nwall time:")
    print(timings_table(timings))
    print(f"results: {out}")
    return 0 if result["status"] == "ok" else 1


if __name__ == "__main__":
    sys.exit(main())
