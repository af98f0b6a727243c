"""failed_processor_queue rules: one active entry per key, transient vs permanent, backoff, stuck reset."""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest

from python_jobs.orchestration import retry_queue as rq
from python_jobs.orchestration.tables import ensure_tables

T0 = dt.datetime(2025, 11, 20, 12, 0)
D = dt.date(2025, 11, 19)
KEY = {"phase": "3", "processor_name": "player_game_summary", "game_date": D}
DELAY = dt.timedelta(minutes=15)


@pytest.fixture
def con():
    c = duckdb.connect()
    ensure_tables(c)
    return c


def _fail(con, now, message="IO Error: Could not set lock on file", **kw):
    return rq.record_failure(con, **KEY, error_message=message, now=now, delay=DELAY, mode="overnight", **kw)


def test_one_active_entry_per_key(con) -> None:
    first = _fail(con, T0)
    again = _fail(con, T0 + dt.timedelta(minutes=1), message="timeout")
    other = rq.record_failure(con, phase="4", processor_name="player_game_summary", game_date=D,
                              error_message="timeout", now=T0, delay=DELAY)
    assert again.id == first.id and again.error_message == "timeout" and other.id != first.id
    assert con.execute("select count(*) from nba_orchestration.failed_processor_queue").fetchone()[0] == 2
    rq.mark_succeeded(con, first.id, T0)
    assert _fail(con, T0).id != first.id  # resolved entries are history; a new failure is a new entry


def test_classification() -> None:
    assert rq.classify("Binder Error: Referenced column x not found") == "permanent"
    assert rq.classify("prediction job not installed") == "permanent"
    assert rq.classify("Got 3 results, configured to fail if != 0") == "transient"
    assert rq.classify("Read timed out") == "transient"


def test_backoff_and_give_up_after_max_retries(con) -> None:
    entry = _fail(con, T0)
    assert entry.status == "pending" and entry.next_retry_at == T0 + DELAY and entry.retry_count == 0
    assert rq.claim_due(con, T0 + dt.timedelta(minutes=14)) == []  # not due yet
    now = T0
    for attempt in range(1, 4):
        now = con.execute("select next_retry_at from nba_orchestration.failed_processor_queue").fetchone()[0]
        (claimed,) = rq.claim_due(con, now)
        assert claimed.status == "retrying" and claimed.retry_count == attempt
        entry = _fail(con, now)
        if attempt < 3:
            assert entry.status == "pending" and entry.next_retry_at == now + DELAY * 2 ** attempt
    assert entry.status == "failed_permanent" and entry.retry_count == 3
    assert rq.claim_due(con, now + dt.timedelta(days=1)) == []


def test_permanent_errors_are_never_retried_automatically(con) -> None:
    entry = _fail(con, T0, message="Binder Error: column x not found")
    assert entry.status == "failed_permanent" and entry.next_retry_at is None
    assert rq.claim_due(con, T0 + dt.timedelta(days=30)) == []


def test_stuck_in_retrying_goes_back_to_pending_after_two_hours(con) -> None:
    _fail(con, T0)
    (claimed,) = rq.claim_due(con, T0 + DELAY)
    assert rq.claim_due(con, T0 + DELAY + dt.timedelta(hours=1)) == []  # still retrying
    assert rq.reset_stuck(con, T0 + DELAY + dt.timedelta(hours=1, minutes=59)) == 0
    (again,) = rq.claim_due(con, T0 + DELAY + dt.timedelta(hours=2, minutes=1))
    assert again.id == claimed.id and again.retry_count == 2


def test_resolve_active_marks_succeeded(con) -> None:
    entry = _fail(con, T0)
    assert rq.resolve_active(con, **KEY, now=T0, notes="ok") == 1
    assert rq.get(con, entry.id).status == "succeeded" and rq.active_entries(con) == []


def test_hostile_messages_round_trip_and_are_capped(con) -> None:
    text = "it's \"x\" \\ \n ünïcödé 🏀 '); drop table t; --"
    entry = rq.record_failure(con, **KEY, error_message=text, now=T0, delay=DELAY)
    assert rq.get(con, entry.id).error_message == text
    long = rq.record_failure(con, phase="4", processor_name="m", game_date=D, error_message="x" * 5000, now=T0)
    assert len(long.error_message) == 4000


def test_sentinel_date_rejected(con) -> None:
    with pytest.raises(ValueError, match="game_date"):
        rq.record_failure(con, phase="3", processor_name="m", game_date="TODAY", error_message="x", now=T0)


def test_eight_threads_recording_failures_keep_one_active_entry_per_key(tmp_path) -> None:
    """The runner and the retry job may record failures at the same time: through the job layer's
    connection (one process-wide write lock, one transaction each) no key ever gets two active rows
    and no failure is lost."""
    import threading

    from python_jobs.orchestration.connection import warehouse

    db = tmp_path / "queue.duckdb"
    keys = [("3", "player_game_summary"), ("3", "upcoming_player_game_context"), ("4", "ml_feature_store"),
            ("grading", "prediction_accuracy")]
    per_thread = 25
    errors: list[BaseException] = []

    def worker(n: int) -> None:
        try:
            for i in range(per_thread):
                phase, model = keys[(n + i) % len(keys)]
                with warehouse(db, transaction=True) as c:
                    rq.record_failure(c, phase=phase, processor_name=model, game_date=D,
                                      error_message=f"thread {n} failure {i}: IO Error: lock", now=T0, delay=DELAY)
        except BaseException as exc:  # surfaced below: a thread's exception must fail the test
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with warehouse(db) as c:
        rows = c.execute("select phase, processor_name, count(*) from nba_orchestration.failed_processor_queue "
                         "where status in ('pending', 'retrying') group by all order by all").fetchall()
        (total,) = c.execute("select count(*) from nba_orchestration.failed_processor_queue").fetchone()
    assert sorted((p, m) for p, m, _ in rows) == sorted(keys)
    assert all(n == 1 for _, _, n in rows)
    assert total == len(keys)  # every later failure updated its key's entry, none inserted a second
