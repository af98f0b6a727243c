"""nba_orchestration.pipeline_event_log through a thread-safe batched buffer.

Production wrote one row per event and hit BigQuery's partition-modification quota; its fix, kept
here, buffers events and writes them in batches: a flush when PIPELINE_LOG_BATCH_SIZE events are
waiting (default 50), when PIPELINE_LOG_BATCH_TIMEOUT seconds passed since the last flush (default
10; a background thread checks every second) and at exit. Each flush is exactly one write to the
sink (one transaction on DuckDB, one insert on BigQuery). A failed flush puts its events back at the
front of the buffer and is retried; close() retries and, as a last resort, spills what is left to a
JSON-lines file, so no event is lost at shutdown.
"""

from __future__ import annotations

import atexit
import datetime as dt
import json
import os
import sys
import threading
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from python_jobs.orchestration.clock import new_id, utc_now
from python_jobs.orchestration.tables import PIPELINE_EVENT_LOG

EVENT_TYPES = frozenset({
    "phase_start", "phase_complete", "processor_start", "processor_complete", "error", "retry",
    "recovery", "backfill_start", "backfill_complete", "run_start", "run_complete", "date_resolved",
})
TRIGGER_SOURCES = frozenset({"scheduled", "manual", "retry", "backfill"})
ERROR_TYPES = frozenset({"transient", "permanent"})


@dataclass(frozen=True)
class PipelineEvent:
    event_type: str
    phase: str | None = None
    processor_name: str | None = None
    game_date: dt.date | None = None
    run_id: str | None = None
    correlation_id: str | None = None
    trigger_source: str | None = None
    parent_event_id: str | None = None
    duration_seconds: float | None = None
    records_processed: int | None = None
    error_type: str | None = None
    error_message: str | None = None
    stack_trace: str | None = None
    resolution_action: str | None = None
    resolution_by: str | None = None
    metadata: dict[str, Any] | None = None
    event_id: str = field(default_factory=new_id)
    timestamp: dt.datetime = field(default_factory=utc_now)

    def __post_init__(self) -> None:
        # Validate here, at the caller, so a bad event fails loudly where it was made and never
        # poisons a batch (a sentinel like 'TODAY' would fail the whole DATE-column insert).
        if self.event_type not in EVENT_TYPES:
            raise ValueError(f"pipeline_event_log.event_type: unknown {self.event_type!r}")
        if self.game_date is not None and (not isinstance(self.game_date, dt.date)
                                           or isinstance(self.game_date, dt.datetime)):
            raise ValueError(f"pipeline_event_log.game_date must be a resolved datetime.date, got "
                             f"{self.game_date!r} (resolve TODAY/YESTERDAY/TOMORROW first)")
        if self.trigger_source is not None and self.trigger_source not in TRIGGER_SOURCES:
            raise ValueError(f"pipeline_event_log.trigger_source: unknown {self.trigger_source!r}")
        if self.error_type is not None and self.error_type not in ERROR_TYPES:
            raise ValueError(f"pipeline_event_log.error_type: unknown {self.error_type!r}")

    def row(self) -> list[object]:
        values = {name: getattr(self, name) for name in PIPELINE_EVENT_LOG.column_names}
        values["metadata"] = None if self.metadata is None else json.dumps(self.metadata, sort_keys=True, default=str)
        return [values[name] for name in PIPELINE_EVENT_LOG.column_names]


class EventSink(Protocol):
    """Writes one batch of events in one write; raises if nothing was written (all or nothing)."""

    def write(self, events: Sequence[PipelineEvent]) -> None: ...


class DuckDBEventSink:
    """One transaction per batch into nba_orchestration.pipeline_event_log."""

    def __init__(self, db: str | os.PathLike[str] | None) -> None:
        self.db = db
        # Held open while the sink lives: DuckDB then shares one database instance in this process,
        # so each flush's own short connection opens in microseconds instead of ~15 ms.
        self._anchor = None

    def close(self) -> None:
        if self._anchor is not None:
            self._anchor.close()
            self._anchor = None

    def write(self, events: Sequence[PipelineEvent]) -> None:
        from python_jobs.orchestration.connection import warehouse

        # One multi-row INSERT with every value a parameter: one statement, one transaction
        # (DuckDB's executemany runs one statement per row, ~50x slower).
        cols = PIPELINE_EVENT_LOG.column_names
        row_marks = "(" + ", ".join("?" for _ in cols) + ")"
        sql = (f"insert into {PIPELINE_EVENT_LOG.qualified} ({', '.join(cols)}) values "
               + ", ".join(row_marks for _ in events))
        params = [value for e in events for value in e.row()]
        if self._anchor is None:
            from python_jobs.warehouse import connect

            self._anchor = connect(self.db)
        with warehouse(self.db, transaction=True) as con:
            con.execute(sql, params)


class BigQueryEventSink:
    """Streaming insert of one batch (pipeline_event_log is append-only, so streaming is safe)."""

    def __init__(self, client: Any, table_id: str) -> None:
        self.client = client
        self.table_id = table_id

    def write(self, events: Sequence[PipelineEvent]) -> None:
        rows = []
        for e in events:
            row = dict(zip(PIPELINE_EVENT_LOG.column_names, e.row(), strict=True))
            row["timestamp"] = e.timestamp.isoformat()
            row["game_date"] = e.game_date.isoformat() if e.game_date else None
            rows.append(row)
        errors = self.client.insert_rows_json(self.table_id, rows, row_ids=[e.event_id for e in events])
        if errors:
            raise RuntimeError(f"BigQuery insert into {self.table_id} failed: {errors[:3]}")


@dataclass(frozen=True)
class BufferMetrics:
    events_buffered: int  # events accepted since the buffer started
    events_written: int
    batch_flushes: int  # successful flushes (= writes that stored rows)
    failed_flushes: int
    flush_latency: float  # mean seconds per successful flush
    avg_batch_size: float
    current_buffer_size: int


def _env_number(name: str, default: float) -> float:
    raw = os.environ.get(name)
    if raw in (None, ""):
        return default
    try:
        value = float(raw)
    except ValueError as exc:
        raise ValueError(f"{name}={raw!r} is not a number") from exc
    if value <= 0:
        raise ValueError(f"{name}={raw!r} must be positive")
    return value


class PipelineEventBuffer:
    def __init__(self, sink: EventSink, batch_size: int | None = None, timeout_s: float | None = None,
                 *, check_interval_s: float = 1.0, background: bool = True, close_at_exit: bool = True,
                 spill_path: str | os.PathLike[str] | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.sink = sink
        self.batch_size = int(batch_size or _env_number("PIPELINE_LOG_BATCH_SIZE", 50))
        self.timeout_s = float(timeout_s or _env_number("PIPELINE_LOG_BATCH_TIMEOUT", 10))
        self.spill_path = Path(spill_path) if spill_path else None
        self._clock = clock
        self._lock = threading.Lock()  # guards the buffer and counters
        self._flush_lock = threading.Lock()  # one flush at a time: batches are written in order
        self._events: list[PipelineEvent] = []
        self._last_flush = clock()
        self._retry_at = 0.0  # after a failure, size-triggered flushes wait for this moment
        self._consecutive_failures = 0
        self._events_buffered = 0
        self._events_written = 0
        self._flushes = 0
        self._failed = 0
        self._latency_total = 0.0
        self._closed = False
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        if background:
            self._thread = threading.Thread(target=self._tick_loop, args=(check_interval_s,),
                                            name="pipeline-event-flush", daemon=True)
            self._thread.start()
        if close_at_exit:
            atexit.register(self.close)

    # -- producers ---------------------------------------------------------------------------------
    def add(self, event: PipelineEvent) -> None:
        with self._lock:
            if self._closed:
                raise RuntimeError("pipeline event buffer is closed")
            self._events.append(event)
            self._events_buffered += 1
            due = len(self._events) >= self.batch_size and self._clock() >= self._retry_at
        if due:
            self.flush(min_size=self.batch_size)

    def log(self, event_type: str, **fields: Any) -> PipelineEvent:
        event = PipelineEvent(event_type, **fields)
        self.add(event)
        return event

    # -- flushing ----------------------------------------------------------------------------------
    def flush(self, min_size: int = 0) -> bool:
        """Write everything buffered in one write. True if the buffer was written (or empty).

        min_size: a size-triggered flush re-checks under the flush lock, so threads that queued behind
        a flush do not each write the few events added meanwhile (that would defeat batching).
        """
        with self._flush_lock:
            with self._lock:
                if min_size and len(self._events) < min_size:
                    return True
                batch, self._events = self._events, []
            if not batch:
                with self._lock:
                    self._last_flush = self._clock()
                return True
            started = time.perf_counter()
            try:
                self.sink.write(batch)
            except Exception as exc:  # the sink failed: keep the events, in order, ahead of newer ones
                with self._lock:
                    self._events[:0] = batch
                    self._failed += 1
                    self._consecutive_failures += 1
                    self._retry_at = self._clock() + min(2 ** self._consecutive_failures, 30)
                    self._last_flush = self._clock()
                print(f"pipeline_event_log: flush of {len(batch)} events failed, kept for retry: "
                      f"{type(exc).__name__}: {exc}", file=sys.stderr)
                return False
            elapsed = time.perf_counter() - started
            with self._lock:
                self._flushes += 1
                self._events_written += len(batch)
                self._latency_total += elapsed
                self._consecutive_failures = 0
                self._retry_at = 0.0
                self._last_flush = self._clock()
            return True

    def _tick(self) -> None:
        """One background check: flush on timeout, or retry a failed flush when its backoff ended."""
        with self._lock:
            now = self._clock()
            waiting = bool(self._events)
            due = waiting and now >= self._retry_at and (
                now - self._last_flush >= self.timeout_s or len(self._events) >= self.batch_size)
        if due:
            self.flush()

    def _tick_loop(self, interval: float) -> None:
        while not self._stop.wait(interval):
            self._tick()

    def close(self, attempts: int = 3, backoff_s: float = 0.2) -> int:
        """Stop the thread and write what is left; returns the number of events spilled to a file."""
        with self._lock:
            if self._closed:
                return 0
            self._closed = True
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
        try:
            for attempt in range(attempts):
                if self.flush():
                    return 0
                time.sleep(backoff_s * (2 ** attempt))
            return self._spill()
        finally:
            closer = getattr(self.sink, "close", None)
            if callable(closer):
                closer()

    def _spill(self) -> int:
        with self._lock:
            batch, self._events = self._events, []
        if not batch:
            return 0
        path = self.spill_path or Path(os.environ.get("PIPELINE_LOG_SPILL_DIR", ".")) / "pipeline_event_log.spill.jsonl"
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as fh:
            for e in batch:
                row = dict(zip(PIPELINE_EVENT_LOG.column_names, e.row(), strict=True))
                fh.write(json.dumps(row, default=str, ensure_ascii=False) + "\n")
        print(f"pipeline_event_log: sink unavailable at shutdown; {len(batch)} events written to {path} "
              f"(replay with `nba-props status --replay-spill {path}`)", file=sys.stderr)
        return len(batch)

    # -- introspection -----------------------------------------------------------------------------
    def metrics(self) -> BufferMetrics:
        with self._lock:
            return BufferMetrics(
                events_buffered=self._events_buffered,
                events_written=self._events_written,
                batch_flushes=self._flushes,
                failed_flushes=self._failed,
                flush_latency=self._latency_total / self._flushes if self._flushes else 0.0,
                avg_batch_size=self._events_written / self._flushes if self._flushes else 0.0,
                current_buffer_size=len(self._events),
            )

    def __enter__(self) -> PipelineEventBuffer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def replay_spill(path: str | os.PathLike[str], sink: EventSink) -> int:
    """Write a spill file's events through a sink in one write, then remove the file."""
    p = Path(path)
    events = []
    for line in p.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        row["game_date"] = dt.date.fromisoformat(row["game_date"]) if row["game_date"] else None
        row["timestamp"] = dt.datetime.fromisoformat(row["timestamp"])
        row["metadata"] = json.loads(row["metadata"]) if row["metadata"] else None
        events.append(PipelineEvent(**row))
    if events:
        sink.write(events)
    p.unlink()
    return len(events)


def format_exception(exc: BaseException) -> str:
    return "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
