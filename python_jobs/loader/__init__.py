"""Raw-file loader: CSV / CSV.gz / Parquet / NDJSON files named after a raw table -> the raw schemas.

Public entry points: ``load_directory`` and ``load_file`` (load.py); the CLI verb is command.py.
They are resolved lazily so that importing the verb module for ``nba-props --help`` stays light.
"""

from __future__ import annotations

from typing import Any

__all__ = ["FileResult", "LoadReport", "load_directory", "load_file"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from python_jobs.loader import load

        return getattr(load, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
