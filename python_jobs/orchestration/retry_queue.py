"""nba_orchestration.failed_processor_queue: failed models waiting to be re-run.

Rules kept from production (original-system.md §6.4), including the two pitfalls it documents:
- one *active* (pending / retrying) entry per (phase, processor_name, game_date): a repeat failure
  updates that entry instead of adding another;
- only transient errors are retried automatically; a permanent error (schema mismatch, code bug)
  goes straight to failed_permanent and waits for a human (retrying those is a poison pill);
- retry_count is incremented in exactly one place, claim_due(), when a retry starts;
- next_retry_at = now + delay * 2**retry_count (delay 15 min by default), so repeated failures back off;
- after max_retries (3) retries the entry becomes failed_permanent;
- an entry stuck in 'retrying' for more than 2 h (a crashed retry) goes back to 'pending'.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass

import duckdb

from python_jobs.orchestration.clock import new_id
from python_jobs.orchestration.tables import FAILED_PROCESSOR_QUEUE, insert_sql

TABLE = FAILED_PROCESSOR_QUEUE.qualified
ACTIVE = ("pending", "retrying")
MAX_MESSAGE = 4000
DEFAULT_MAX_RETRIES = 3
STUCK_AFTER = dt.timedelta(hours=2)


def retry_delay() -> dt.timedelta:
    """Base delay before a retry: NBA_PROPS_RETRY_DELAY_MINUTES (default 15)."""
    return dt.timedelta(minutes=float(os.environ.get("NBA_PROPS_RETRY_DELAY_MINUTES", "15")))


# Errors a later attempt can fix on its own. Everything matched by _PERMANENT needs a code or data
# change; anything unrecognised is treated as transient, bounded by max_retries.
_PERMANENT = re.compile(
    r"binder error|parser error|catalog error|compilation error|syntax error|schema mismatch|"
    r"does not exist|not installed|no models yet|matched nothing|contract|"
    r"dbtusageexception|dbtprojecterror|dbtprofileerror|importerror|typeerror|attributeerror",
    re.IGNORECASE,
)
_TRANSIENT = re.compile(
    r"timeout|timed out|rate limit|429|503|quota|could not set lock|conflicting lock|out of memory|"
    r"\boom\b|connection|temporarily|deadline|got \d+ results?",
    re.IGNORECASE,
)


def classify(message: str) -> str:
    """'transient' or 'permanent' for an error message (a failed data test is transient: late data fixes it)."""
    if _TRANSIENT.search(message or ""):
        return "transient"
    if _PERMANENT.search(message or ""):
        return "permanent"
    return "transient"


@dataclass(frozen=True)
class QueueEntry:
    id: str
    game_date: dt.date
    phase: str
    processor_name: str
    mode: str | None
    error_message: str | None
    error_type: str
    retry_count: int
    max_retries: int
    next_retry_at: dt.datetime | None
    status: str
    correlation_id: str | None


_SELECT = ("select id, game_date, phase, processor_name, mode, error_message, error_type, retry_count, "
           f"max_retries, next_retry_at, status, correlation_id from {TABLE}")


def _entry(row: tuple) -> QueueEntry:
    return QueueEntry(*row)


def record_failure(con: duckdb.DuckDBPyConnection, *, phase: str, processor_name: str, game_date: dt.date,
                   error_message: str, now: dt.datetime, error_type: str | None = None, mode: str | None = None,
                   run_id: str | None = None, correlation_id: str | None = None,
                   max_retries: int = DEFAULT_MAX_RETRIES, delay: dt.timedelta | None = None) -> QueueEntry:
    """Record a failure (call inside a transaction): update the active entry or insert a new one."""
    if not isinstance(game_date, dt.date) or isinstance(game_date, dt.datetime):
        raise ValueError(f"{TABLE}.game_date must be a resolved datetime.date, got {game_date!r}")
    error_type = error_type or classify(error_message)
    if error_type not in ("transient", "permanent"):
        raise ValueError(f"{TABLE}.error_type: unknown {error_type!r}")
    message = (error_message or "")[:MAX_MESSAGE]
    delay = delay if delay is not None else retry_delay()
    row = con.execute(
        f"{_SELECT} where phase = ? and processor_name = ? and game_date = ? and status in (?, ?)",
        [phase, processor_name, game_date, *ACTIVE],
    ).fetchone()
    if row is None:
        status = "failed_permanent" if error_type == "permanent" else "pending"
        entry_id = new_id()
        values = {
            "id": entry_id, "game_date": game_date, "phase": phase, "processor_name": processor_name, "mode": mode,
            "error_message": message, "error_type": error_type, "retry_count": 0, "max_retries": max_retries,
            "first_failure_at": now, "last_retry_at": None,
            "next_retry_at": None if status == "failed_permanent" else now + delay,
            "status": status, "resolution_notes": None, "run_id": run_id, "correlation_id": correlation_id,
            "created_at": now, "updated_at": now,
        }
        con.execute(insert_sql(FAILED_PROCESSOR_QUEUE), [values[c] for c in FAILED_PROCESSOR_QUEUE.column_names])
        return get(con, entry_id)
    current = _entry(row)
    exhausted = current.retry_count >= current.max_retries
    status = "failed_permanent" if error_type == "permanent" or exhausted else "pending"
    notes = None
    if exhausted and error_type != "permanent":
        notes = f"gave up after {current.retry_count} retries"
    next_at = None if status == "failed_permanent" else now + delay * (2 ** current.retry_count)
    con.execute(
        f"""update {TABLE} set error_message = ?, error_type = ?, status = ?, next_retry_at = ?,
            resolution_notes = coalesce(?, resolution_notes), run_id = ?, correlation_id = ?,
            mode = coalesce(?, mode), updated_at = ? where id = ?""",
        [message, error_type, status, next_at, notes, run_id, correlation_id, mode, now, current.id],
    )
    return get(con, current.id)


def get(con: duckdb.DuckDBPyConnection, entry_id: str) -> QueueEntry:
    row = con.execute(f"{_SELECT} where id = ?", [entry_id]).fetchone()
    if row is None:
        raise KeyError(f"{TABLE}: no entry with id {entry_id!r}")
    return _entry(row)


def reset_stuck(con: duckdb.DuckDBPyConnection, now: dt.datetime, stuck_after: dt.timedelta = STUCK_AFTER) -> int:
    """Entries left in 'retrying' longer than stuck_after (a retry that crashed) go back to 'pending'."""
    ids = [r[0] for r in con.execute(
        f"select id from {TABLE} where status = 'retrying' and last_retry_at < ?", [now - stuck_after]).fetchall()]
    for entry_id in ids:
        con.execute(
            f"""update {TABLE} set status = 'pending', next_retry_at = ?, updated_at = ?,
                resolution_notes = 'reset: stuck in retrying' where id = ?""",
            [now, now, entry_id],
        )
    return len(ids)


def claim_due(con: duckdb.DuckDBPyConnection, now: dt.datetime) -> list[QueueEntry]:
    """Reset stuck entries, then mark every due transient entry 'retrying' and return it."""
    reset_stuck(con, now)
    rows = con.execute(
        f"{_SELECT} where status = 'pending' and error_type = 'transient' and next_retry_at <= ? "
        "order by game_date, phase, processor_name",
        [now],
    ).fetchall()
    claimed = []
    for row in rows:
        entry = _entry(row)
        con.execute(
            f"""update {TABLE} set status = 'retrying', retry_count = retry_count + 1, last_retry_at = ?,
                updated_at = ? where id = ?""",
            [now, now, entry.id],
        )
        claimed.append(get(con, entry.id))
    return claimed


def mark_succeeded(con: duckdb.DuckDBPyConnection, entry_id: str, now: dt.datetime, notes: str | None = None) -> None:
    con.execute(
        f"""update {TABLE} set status = 'succeeded', next_retry_at = null, resolution_notes = ?, updated_at = ?
            where id = ?""",
        [notes, now, entry_id],
    )


def resolve_active(con: duckdb.DuckDBPyConnection, *, phase: str, processor_name: str, game_date: dt.date,
                   now: dt.datetime, notes: str) -> int:
    """A model that succeeded (in any run) resolves its active entry, if any."""
    ids = [r[0] for r in con.execute(
        f"select id from {TABLE} where phase = ? and processor_name = ? and game_date = ? and status in (?, ?)",
        [phase, processor_name, game_date, *ACTIVE]).fetchall()]
    for entry_id in ids:
        mark_succeeded(con, entry_id, now, notes)
    return len(ids)


def active_entries(con: duckdb.DuckDBPyConnection, game_date: dt.date | None = None) -> list[QueueEntry]:
    if game_date is None:
        rows = con.execute(f"{_SELECT} where status in (?, ?) order by game_date, phase", list(ACTIVE)).fetchall()
    else:
        rows = con.execute(f"{_SELECT} where status in (?, ?) and game_date = ? order by phase",
                           [*ACTIVE, game_date]).fetchall()
    return [_entry(r) for r in rows]
