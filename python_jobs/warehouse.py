"""Connections to the embedded DuckDB warehouse."""

from __future__ import annotations

import os
from pathlib import Path

import duckdb

from python_jobs.paths import warehouse_path


def connect(db: str | os.PathLike[str] | None = None, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open the warehouse, creating its folder on first use."""
    path: Path = warehouse_path(db)
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    return duckdb.connect(str(path), read_only=read_only)
