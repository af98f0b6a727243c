"""Short-lived warehouse connections for the job layer.

dbt (dbt-duckdb) opens the same DuckDB file in this process while a phase runs; the job layer opens a
connection only for each write or read and closes it at once, and serialises its own writes with one
process-wide lock so the event-log flush thread and the runner never write concurrently.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import duckdb

from python_jobs.orchestration.tables import ensure_tables
from python_jobs.warehouse import connect

WRITE_LOCK = threading.RLock()


@contextmanager
def warehouse(db: str | os.PathLike[str] | None, *, transaction: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection with the orchestration tables present; with transaction=True, one atomic unit."""
    with WRITE_LOCK:
        con = connect(db)
        try:
            ensure_tables(con)  # cheap (IF NOT EXISTS), and survives a warehouse file being replaced
            if not transaction:
                yield con
                return
            con.execute("begin transaction")
            try:
                yield con
            except BaseException:
                con.execute("rollback")
                raise
            con.execute("commit")
        finally:
            con.close()
