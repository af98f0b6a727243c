"""The completion gate, date resolution in US Eastern, stale-work refusal, and the runner and backfill
with fake phase executors (no dbt), including a resumed backfill."""

from __future__ import annotations

import datetime as dt
import io
import sys

import duckdb
import pytest

from python_jobs.orchestration import dates
from python_jobs.orchestration.backfill import backfill
from python_jobs.orchestration.completion import ModelOutcome, evaluate_gate, load_config
from python_jobs.orchestration.event_log import DuckDBEventSink, PipelineEventBuffer
from python_jobs.orchestration.manifest import ModelInfo, ProjectModels
from python_jobs.orchestration.phase_exec import PhaseContext, PhaseRun, run_prediction_phase
from python_jobs.orchestration.runner import Runner, RunRequest, parse_phases


def _ok(*names: str) -> list[ModelOutcome]:
    return [ModelOutcome(n, "success") for n in names]


# -- gate ----------------------------------------------------------------------------------------
def test_gate_all_critical_and_sixty_percent_optional() -> None:
    expected = ["c1", "c2", "o1", "o2", "o3", "o4", "o5"]
    outcomes = _ok("c1", "c2", "o1", "o2", "o3") + [ModelOutcome("o4", "error"), ModelOutcome("o5", "skipped")]
    gate = evaluate_gate(expected, outcomes, ["c1", "c2"], 0.6, "3")
    assert gate.passed and gate.optional_success_pct == pytest.approx(0.6) and "degraded" in gate.reason
    worse = outcomes[:-3] + [ModelOutcome("o3", "test_failed"), ModelOutcome("o4", "error"), ModelOutcome("o5", "skipped")]
    gate = evaluate_gate(expected, worse, ["c1", "c2"], 0.6, "3")
    assert not gate.passed and "40%" in gate.reason


def test_gate_critical_failure_or_missing_model_fails() -> None:
    gate = evaluate_gate(["c1", "o1"], [ModelOutcome("c1", "skipped"), *_ok("o1")], ["c1"], 0.6, "3")
    assert not gate.passed and gate.critical_failed == ("c1",)
    gate = evaluate_gate(["c1", "o1"], _ok("o1"), ["c1"], 0.6, "3")  # critical model never ran
    assert not gate.passed and "not run" in gate.reason
    gate = evaluate_gate(["o1"], _ok("o1"), ["renamed"], 0.6, "3")
    assert not gate.passed and "not in the project" in gate.reason


def test_empty_selector_is_a_failure() -> None:
    gate = evaluate_gate([], [], [], 0.6, "grading")
    assert not gate.passed and "no models yet" in gate.reason


def test_config_critical_models_by_mode() -> None:
    cfg = load_config()
    assert cfg.optional_success_threshold == 0.6
    assert set(cfg["3"].critical_for("overnight")) == {"player_game_summary", "upcoming_player_game_context"}
    assert cfg["3"].critical_for("same-day") == ("upcoming_player_game_context",)
    with pytest.raises(KeyError, match="unknown phase"):
        cfg["6"]


# -- dates ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(("now_utc", "token", "expected"), [
    ("2025-11-20T03:30:00", "TODAY", "2025-11-19"),  # 22:30 ET on the 19th
    ("2025-11-20T04:59:59", "TODAY", "2025-11-19"),  # 23:59:59 EST
    ("2025-11-20T05:00:00", "TODAY", "2025-11-20"),  # midnight EST
    ("2025-11-20T00:30:00", "yesterday", "2025-11-18"),
    ("2025-07-01T03:59:00", "TODAY", "2025-06-30"),  # EDT: UTC-4
    ("2025-07-01T04:00:00", "TOMORROW", "2025-07-02"),
    ("2025-11-20T12:00:00", "2025-11-01", "2025-11-01"),
])
def test_dates_resolve_in_us_eastern(now_utc: str, token: str, expected: str) -> None:
    r = dates.resolve(token, dt.datetime.fromisoformat(now_utc))
    assert r.game_date == dt.date.fromisoformat(expected) and r.requested == token


def test_bad_date_and_mode_inference() -> None:
    with pytest.raises(ValueError, match="ISO date"):
        dates.resolve("NEXT WEEK", dt.datetime(2025, 1, 1))
    now = dt.datetime(2025, 11, 20, 17)
    assert [dates.infer_mode(dates.resolve(t, now)) for t in ("YESTERDAY", "TODAY", "TOMORROW")] == [
        "overnight", "same-day", "tomorrow"]
    with pytest.raises(ValueError, match="ahead of time"):
        dates.infer_mode(dates.resolve("2025-11-25", now))


def test_stale_work_is_refused_unless_backfill() -> None:
    now = dt.datetime(2025, 11, 20, 17)
    old = dates.resolve("2025-10-30", now)
    with pytest.raises(dates.StaleWorkError, match="refusing stale work.*21 days"):
        dates.check_not_stale(old, "overnight", max_age=7)
    dates.check_not_stale(old, "backfill", max_age=7)
    dates.check_not_stale(dates.resolve("2025-11-13", now), "overnight", max_age=7)


def test_parse_phases() -> None:
    assert parse_phases("grading, 3") == ("3", "grading")
    with pytest.raises(ValueError, match="unknown phase"):
        parse_phases("3,6")


# -- runner with fake executors ----------------------------------------------------------------
MODELS = ProjectModels({f"model.p.{n}": ModelInfo(n, f"model.p.{n}", None, frozenset({tag}))
                        for n, tag in (("player_game_summary", "phase3"), ("upcoming_player_game_context", "phase3"),
                                       ("team_offense_game_summary", "phase3"), ("ml_feature_store", "phase4"))})


class FakePhases:
    """Stands in for dbt: every phase-tagged model succeeds, unless told to fail or interrupt."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, dt.date]] = []
        self.fail: set[tuple[str, dt.date]] = set()
        self.interrupt: set[tuple[str, dt.date]] = set()

    def __call__(self, ctx: PhaseContext) -> PhaseRun:
        key = (ctx.config.name, ctx.game_date)
        self.calls.append(key)
        if key in self.interrupt:
            raise KeyboardInterrupt
        expected = sorted(ctx.models().tagged(ctx.config.gate_tag))
        status = "error" if key in self.fail else "success"
        return PhaseRun(expected, [ModelOutcome(m, status, f"model.p.{m}", message="Binder Error: boom"
                                                if status == "error" else None) for m in expected])


def _runner(db, fake: FakePhases) -> Runner:
    events = PipelineEventBuffer(DuckDBEventSink(db), background=False, close_at_exit=False)
    return Runner(db, events=events, executors={"dbt": fake}, models=lambda: MODELS, out=io.StringIO())


def _rows(db, sql: str, params=()):
    con = duckdb.connect(str(db))
    try:
        return con.execute(sql, list(params)).fetchall()
    finally:
        con.close()


def test_runner_gates_records_and_queues(tmp_path) -> None:
    db, fake = tmp_path / "w.duckdb", FakePhases()
    d = dt.date(2025, 11, 19)
    fake.fail.add(("3", d))
    runner = _runner(db, fake)
    report = runner.run(RunRequest("YESTERDAY", now=dt.datetime(2025, 11, 20, 17), phases=("3", "4", "grading")))
    runner.close()
    assert report.resolved.game_date == d and report.mode == "overnight"
    assert [(r.phase, r.status) for r in report.results] == [("3", "failed"), ("4", "blocked"), ("grading", "blocked")]
    assert fake.calls == [("3", d)]
    assert _rows(db, "select requested_date, phase, status from nba_orchestration.phase_execution_log order by phase"
                 ) == [("YESTERDAY", "3", "failed"), ("YESTERDAY", "4", "blocked"), ("YESTERDAY", "grading", "blocked")]
    queued = _rows(db, "select processor_name, status, error_type from nba_orchestration.failed_processor_queue "
                       "order by 1")
    assert queued == [(m, "failed_permanent", "permanent") for m in
                      ("player_game_summary", "team_offense_game_summary", "upcoming_player_game_context")]
    assert _rows(db, "select count(*) from nba_orchestration.pipeline_event_log where event_type = 'error'")[0][0] == 4


def test_phase_without_models_fails_and_blocks_the_rest(tmp_path) -> None:
    db = tmp_path / "w.duckdb"
    events = PipelineEventBuffer(DuckDBEventSink(db), background=False, close_at_exit=False)
    runner = Runner(db, events=events, models=lambda: MODELS, out=io.StringIO())  # real dbt executor, no grading models
    report = runner.run(RunRequest("2025-11-19", mode="backfill", phases=("grading", "monitoring"),
                                    ignore_upstream=True))
    runner.close()
    assert report.results[0].status == "failed" and "no models yet" in report.results[0].reason
    assert report.results[1].status == "blocked"


def test_prediction_phase_reports_a_missing_job(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "python_jobs.predictions.job", None)  # import fails
    ctx = PhaseContext(dt.date(2025, 11, 19), "same-day", "r", "c", None, None, load_config()["5"], lambda: MODELS)
    run = run_prediction_phase(ctx)
    assert run.error.startswith("prediction job not installed") and run.error_type == "permanent"
    assert not evaluate_gate(run.expected, run.outcomes, ["predictions"], 0.6, "5").passed


def test_upstream_phase_must_have_completed(tmp_path) -> None:
    db, fake = tmp_path / "w.duckdb", FakePhases()
    runner = _runner(db, fake)
    report = runner.run(RunRequest("2025-11-19", mode="backfill", phases=("4",)))
    assert report.results[0].status == "blocked" and "phase 3 has not completed" in report.results[0].reason
    runner.run(RunRequest("2025-11-19", mode="backfill", phases=("3",)))
    assert runner.run(RunRequest("2025-11-19", mode="backfill", phases=("4",))).succeeded
    runner.close()


def test_stale_run_is_refused_before_anything_runs(tmp_path) -> None:
    db, fake = tmp_path / "w.duckdb", FakePhases()
    runner = _runner(db, fake)
    with pytest.raises(dates.StaleWorkError):
        runner.run(RunRequest("2025-10-01", mode="overnight", now=dt.datetime(2025, 11, 20, 17), max_age_days=7))
    runner.close()
    assert fake.calls == []


def test_backfill_resumes_after_interrupt_without_redoing_or_duplicating(tmp_path) -> None:
    db, fake = tmp_path / "w.duckdb", FakePhases()
    start, end = dt.date(2025, 11, 10), dt.date(2025, 11, 13)
    fake.interrupt.add(("4", dt.date(2025, 11, 11)))  # Ctrl-C in the middle of the second date
    runner = _runner(db, fake)
    with pytest.raises(KeyboardInterrupt):
        backfill(runner, start, end, ("3", "4"))
    runner.close()
    assert fake.calls == [("3", start), ("4", start), ("3", dt.date(2025, 11, 11)), ("4", dt.date(2025, 11, 11))]
    fake.interrupt.clear()
    fake.calls.clear()
    runner = _runner(db, fake)
    report = backfill(runner, start, end, ("3", "4"))
    runner.close()
    assert report.done_before == [start] and len(report.completed) == 3 and report.succeeded
    # the first date is not redone; the interrupted one resumes at phase 4
    assert fake.calls == [("4", dt.date(2025, 11, 11))] + [(p, start + dt.timedelta(days=i))
                                                          for i in (2, 3) for p in ("3", "4")]
    dupes = _rows(db, "select count(*) from (select game_date, phase, model from nba_orchestration.phase_completion "
                      "group by all having count(*) > 1)")[0][0]
    assert dupes == 0
    done = _rows(db, "select game_date, count(*) from nba_orchestration.phase_completion where status = 'success' "
                     "group by 1 order by 1")
    assert done == [(start + dt.timedelta(days=i), 4) for i in range(4)]
    complete = _rows(db, "select game_date, phase, count(*) from nba_orchestration.phase_execution_log "
                         "where status = 'complete' group by all order by all")
    assert complete == [(start + dt.timedelta(days=i), p, 1) for i in range(4) for p in ("3", "4")]
    # a third run finds nothing to do
    fake.calls.clear()
    runner = _runner(db, fake)
    assert len(backfill(runner, start, end, ("3", "4")).done_before) == 4 and fake.calls == []
    runner.close()
