"""Where the project and its warehouse live."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[1]
DEFAULT_DB = "warehouse/nba_props.duckdb"


def warehouse_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The DuckDB warehouse: an explicit path, else $NBA_PROPS_DB, else warehouse/nba_props.duckdb.

    Relative paths are taken from the project directory, which is where dbt runs too.
    """
    raw = explicit if explicit is not None else os.environ.get("NBA_PROPS_DB", DEFAULT_DB)
    path = Path(raw)
    return path if path.is_absolute() else PROJECT_DIR / path
