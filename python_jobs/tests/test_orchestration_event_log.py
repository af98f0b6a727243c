"""pipeline_event_log buffer: batching, concurrency, failure recovery, shutdown, safe values."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Sequence

import duckdb
import pytest

from python_jobs.orchestration.event_log import DuckDBEventSink, PipelineEvent, PipelineEventBuffer, replay_spill

NASTY = [
    "it's a \"quoted\" value",
    "back\\slash \\n not a newline",
    "line one\nline two\r\nline three\ttab",
    "unicode: Luka Dončić — 東京 🏀",
    "'; drop table nba_orchestration.pipeline_event_log; --",
    "Robert'); DELETE FROM phase_completion WHERE ('1'='1",
]


class CountingSink:
    def __init__(self, fail_first: int = 0) -> None:
        self.writes: list[list[PipelineEvent]] = []
        self.fail_first = fail_first
        self.calls = 0
        self.lock = threading.Lock()

    def write(self, events: Sequence[PipelineEvent]) -> None:
        with self.lock:
            self.calls += 1
            if self.calls <= self.fail_first:
                raise ConnectionError("warehouse unavailable")
            self.writes.append(list(events))

    @property
    def stored(self) -> list[PipelineEvent]:
        return [e for batch in self.writes for e in batch]


class FakeClock:
    def __init__(self) -> None:
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


def _event(i: int = 0, **kw) -> PipelineEvent:
    return PipelineEvent("processor_complete", phase="3", processor_name=f"m{i}", records_processed=i, **kw)


def test_eight_threads_each_event_stored_exactly_once_in_few_writes(tmp_path) -> None:
    db = tmp_path / "w.duckdb"
    sink = DuckDBEventSink(db)
    buf = PipelineEventBuffer(sink, batch_size=50, timeout_s=10, close_at_exit=False)
    writes = []
    original = sink.write
    sink.write = lambda events: (writes.append(len(events)), original(events))[1]

    def produce(t: int) -> None:
        for i in range(5000):
            buf.add(PipelineEvent("processor_complete", phase="3", processor_name=f"t{t}", records_processed=i,
                                  game_date=dt.date(2025, 11, 19)))

    threads = [threading.Thread(target=produce, args=(t,)) for t in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    buf.close()
    con = duckdb.connect(str(db))
    total, distinct_ids, distinct_pairs = con.execute(
        "select count(*), count(distinct event_id), count(distinct processor_name || ':' || records_processed) "
        "from nba_orchestration.pipeline_event_log").fetchone()
    assert (total, distinct_ids, distinct_pairs) == (40_000, 40_000, 40_000)
    m = buf.metrics()
    assert m.events_buffered == m.events_written == 40_000 and m.current_buffer_size == 0
    assert sum(writes) == 40_000 and m.batch_flushes == len(writes)
    assert len(writes) / 40 <= 20, f"{len(writes)} writes for 40,000 events"
    assert m.avg_batch_size >= 50 and m.flush_latency > 0


def test_flush_at_batch_size_only() -> None:
    sink = CountingSink()
    buf = PipelineEventBuffer(sink, batch_size=5, timeout_s=10, background=False, close_at_exit=False)
    for i in range(4):
        buf.add(_event(i))
    assert sink.writes == [] and buf.metrics().current_buffer_size == 4
    buf.add(_event(4))
    assert [len(b) for b in sink.writes] == [5]
    assert buf.metrics().batch_flushes == 1 and buf.metrics().current_buffer_size == 0


def test_flush_on_timeout() -> None:
    sink, clock = CountingSink(), FakeClock()
    buf = PipelineEventBuffer(sink, batch_size=50, timeout_s=10, background=False, close_at_exit=False, clock=clock)
    buf.add(_event())
    clock.t += 9
    buf._tick()
    assert sink.writes == []
    clock.t += 1.5
    buf._tick()
    assert [len(b) for b in sink.writes] == [1]


def test_background_thread_flushes_on_timeout() -> None:
    sink = CountingSink()
    buf = PipelineEventBuffer(sink, batch_size=50, timeout_s=0.2, check_interval_s=0.05, close_at_exit=False)
    buf.add(_event())
    deadline = threading.Event()
    for _ in range(40):
        if sink.writes:
            break
        deadline.wait(0.05)
    assert [len(b) for b in sink.writes] == [1]
    buf.close()


def test_env_configures_batch_size_and_timeout(monkeypatch) -> None:
    monkeypatch.setenv("PIPELINE_LOG_BATCH_SIZE", "7")
    monkeypatch.setenv("PIPELINE_LOG_BATCH_TIMEOUT", "3.5")
    buf = PipelineEventBuffer(CountingSink(), background=False, close_at_exit=False)
    assert (buf.batch_size, buf.timeout_s) == (7, 3.5)


def test_failed_flush_keeps_events_and_recovery_loses_nothing() -> None:
    sink, clock = CountingSink(fail_first=2), FakeClock()
    buf = PipelineEventBuffer(sink, batch_size=10, timeout_s=10, background=False, close_at_exit=False, clock=clock)
    for i in range(10):
        buf.add(_event(i))  # flush 1 fails
    assert buf.metrics().failed_flushes == 1 and buf.metrics().current_buffer_size == 10
    for i in range(10, 15):
        buf.add(_event(i))  # backing off: no flush attempt while the retry delay runs
    assert sink.calls == 1
    clock.t += 60
    buf._tick()  # flush 2 fails
    assert buf.metrics().failed_flushes == 2 and buf.metrics().current_buffer_size == 15
    clock.t += 60
    buf._tick()  # recovers
    assert [e.records_processed for e in sink.stored] == list(range(15))  # all, once, in order
    m = buf.metrics()
    assert (m.batch_flushes, m.failed_flushes, m.current_buffer_size, m.events_written) == (1, 2, 0, 15)


def test_close_flushes_what_is_left() -> None:
    sink = CountingSink()
    buf = PipelineEventBuffer(sink, batch_size=50, timeout_s=10, close_at_exit=False)
    for i in range(7):
        buf.add(_event(i))
    assert buf.close() == 0
    assert len(sink.stored) == 7
    with pytest.raises(RuntimeError, match="closed"):
        buf.add(_event())


def test_close_retries_then_spills_and_replay_restores(tmp_path) -> None:
    sink = CountingSink(fail_first=100)
    spill = tmp_path / "spill.jsonl"
    buf = PipelineEventBuffer(sink, batch_size=50, timeout_s=10, background=False, close_at_exit=False,
                              spill_path=spill)
    events = [_event(i, error_message=NASTY[i % len(NASTY)], game_date=dt.date(2025, 1, 2), metadata={"k": i})
              for i in range(4)]
    for e in events:
        buf.add(e)
    assert buf.close(backoff_s=0) == 4 and sink.calls == 3
    db = tmp_path / "w.duckdb"
    assert replay_spill(spill, DuckDBEventSink(db)) == 4 and not spill.exists()
    rows = duckdb.connect(str(db)).execute(
        "select event_id, error_message, game_date from nba_orchestration.pipeline_event_log").fetchall()
    assert sorted(rows) == sorted((e.event_id, e.error_message, e.game_date) for e in events)


@pytest.mark.parametrize("bad", ["TODAY", "2025-01-02", dt.datetime(2025, 1, 2, 3)])
def test_sentinel_or_string_dates_never_reach_the_date_column(bad) -> None:
    with pytest.raises(ValueError, match="game_date"):
        PipelineEvent("error", game_date=bad)


def test_unknown_event_type_rejected() -> None:
    with pytest.raises(ValueError, match="event_type"):
        PipelineEvent("exploded")


def test_hostile_strings_round_trip_unchanged(tmp_path) -> None:
    db = tmp_path / "w.duckdb"
    buf = PipelineEventBuffer(DuckDBEventSink(db), batch_size=50, background=False, close_at_exit=False)
    for i, text in enumerate(NASTY):
        buf.add(PipelineEvent("error", phase="3", processor_name=text, error_message=text, stack_trace=text * 2,
                              error_type="transient", game_date=dt.date(2025, 11, 19), records_processed=i,
                              metadata={"message": text}))
    buf.close()
    con = duckdb.connect(str(db))
    rows = con.execute("select records_processed, processor_name, error_message, stack_trace, "
                       "json_extract_string(metadata, '$.message') from nba_orchestration.pipeline_event_log "
                       "order by records_processed").fetchall()
    assert rows == [(i, t, t, t * 2, t) for i, t in enumerate(NASTY)]
