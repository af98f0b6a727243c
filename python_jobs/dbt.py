"""Run dbt in-process against this project, with the committed profile."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from python_jobs.paths import PROJECT_DIR, warehouse_path


def dbt_env(db: str | os.PathLike[str] | None = None) -> None:
    """Point dbt at this project's profile and the chosen warehouse (absolute path)."""
    os.environ.setdefault("DBT_PROFILES_DIR", str(PROJECT_DIR))
    os.environ["NBA_PROPS_DB"] = str(warehouse_path(db))


@contextmanager
def _artifacts_in(target_path: str | os.PathLike[str] | None) -> Iterator[None]:
    """Keep dbt's target/ and logs/ under target_path, so parallel runs (tests, jobs) never collide."""
    if target_path is None:
        yield
        return
    keys = ("DBT_TARGET_PATH", "DBT_LOG_PATH")
    saved = {k: os.environ.get(k) for k in keys}
    os.environ["DBT_TARGET_PATH"] = str(Path(target_path))
    os.environ["DBT_LOG_PATH"] = str(Path(target_path) / "logs")
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


class NodeProgress:
    """A dbt event callback printing one compact line per finished node (used with --quiet)."""

    def __init__(self, out=None) -> None:
        self.done = 0
        self.out = out

    def __call__(self, event) -> None:
        if event.info.name != "NodeFinished":
            return
        node = event.data.node_info
        result = event.data.run_result
        self.done += 1
        status = (result.status or node.node_status or "?").upper()
        print(f"  [{self.done:>4}] {status:<7} {node.resource_type:<9} {node.node_name} "
              f"({result.execution_time:.1f} s)", file=self.out or sys.stdout, flush=True)


def invoke(args: Sequence[str], db: str | os.PathLike[str] | None = None,
           target_path: str | os.PathLike[str] | None = None, callbacks: Sequence = ()):
    """Invoke dbt with ``args`` from the project directory; returns the dbtRunnerResult."""
    from dbt.cli.main import dbtRunner

    dbt_env(db)
    cwd = Path.cwd()
    os.chdir(PROJECT_DIR)
    try:
        with _artifacts_in(target_path):
            return dbtRunner(callbacks=list(callbacks)).invoke(["--no-use-colors", *args, "--project-dir", str(PROJECT_DIR)])
    finally:
        os.chdir(cwd)
