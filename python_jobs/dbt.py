"""Run dbt in-process against this project, with the committed profile."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from python_jobs.paths import PROJECT_DIR, warehouse_path


def dbt_env(db: str | os.PathLike[str] | None = None) -> None:
    """Point dbt at this project's profile and the chosen warehouse (absolute path)."""
    os.environ.setdefault("DBT_PROFILES_DIR", str(PROJECT_DIR))
    os.environ["NBA_PROPS_DB"] = str(warehouse_path(db))


def invoke(args: Sequence[str], db: str | os.PathLike[str] | None = None):
    """Invoke dbt with ``args`` from the project directory; returns the dbtRunnerResult."""
    from dbt.cli.main import dbtRunner

    dbt_env(db)
    cwd = Path.cwd()
    os.chdir(PROJECT_DIR)
    try:
        return dbtRunner().invoke(["--no-use-colors", *args, "--project-dir", str(PROJECT_DIR)])
    finally:
        os.chdir(cwd)
