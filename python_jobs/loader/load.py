"""Load files into the raw tables: one transaction per file (append) or per table (replace).

Every file is read into a staging table and fully validated *before* its transaction starts, so a
refused file never leaves rows behind, and good files in the same directory still load.
"""

from __future__ import annotations

import datetime as dt
import os
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import duckdb

from python_jobs.loader.discover import FileFormat, SourceFile, discover, parse_file_name
from python_jobs.loader.errors import LoadError, describe_duckdb_error
from python_jobs.loader.fingerprint import Fingerprint, fingerprint
from python_jobs.loader.history import HistoryRow, ensure_history_table, previous_load, record, utc_now
from python_jobs.loader.read import StagedFile, drop_stage, stage_file
from python_jobs.loader.sql import qualified
from python_jobs.loader.validate import check_values, typed_select
from python_jobs.raw_schema import RawTable, create_raw_tables, raw_table

Mode = Literal["append", "replace"]
MODES: tuple[Mode, ...] = ("append", "replace")
LOADED = "loaded"
REFUSED = "refused"


@dataclass(frozen=True)
class FileResult:
    file_name: str
    file_path: str
    table_name: str
    rows: int
    status: str  # LOADED | REFUSED
    reason: str | None
    seconds: float

    @property
    def loaded(self) -> bool:
        return self.status == LOADED


@dataclass
class LoadReport:
    load_id: str
    mode: Mode
    results: list[FileResult] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)  # names that are not <table>.<ext>

    @property
    def refused(self) -> list[FileResult]:
        return [r for r in self.results if not r.loaded]

    @property
    def rows_loaded(self) -> int:
        return sum(r.rows for r in self.results if r.loaded)

    @property
    def exit_code(self) -> int:
        return 2 if self.refused else 0


Progress = Callable[[FileResult], None]


@dataclass
class _Attempt:
    """One file on its way in: filled step by step until it is staged or has an error."""

    source: SourceFile
    slot: int
    started: float = field(default_factory=time.perf_counter)
    table: RawTable | None = None
    checksum: Fingerprint | None = None
    staged: StagedFile | None = None
    rows: int = 0
    error: str | None = None


@dataclass
class _Run:
    cur: duckdb.DuckDBPyConnection
    load_id: str
    mode: Mode
    force: bool
    progress: Progress | None

    # --- preparation: everything that can refuse a file, outside any transaction ---

    def prepare(self, source: SourceFile, slot: int) -> _Attempt:
        attempt = _Attempt(source, slot)
        try:
            attempt.table = _known_table(source)
            attempt.checksum = _checked_fingerprint(source)
            if self.mode == "append" and not self.force:
                self._refuse_duplicate(attempt.table, attempt.checksum)
            attempt.staged = stage_file(self.cur, source, attempt.table, slot)
            check_values(self.cur, source, attempt.table, attempt.staged)
        except LoadError as exc:
            attempt.error = str(exc)
        except OSError as exc:
            attempt.error = f"cannot read file: {exc}"
        return attempt

    def _refuse_duplicate(self, table: RawTable, checksum: Fingerprint) -> None:
        previous = previous_load(self.cur, table.name, checksum.sha256)
        if previous is not None:
            raise LoadError(
                f"already loaded into {table.qualified_name} at {previous.loaded_at:%Y-%m-%d %H:%M:%S} UTC "
                f"(load {previous.load_id}) — use --force to load it again"
            )

    # --- loading ---

    def append(self, source: SourceFile) -> FileResult:
        attempt = self.prepare(source, slot=0)
        try:
            if attempt.error is None:
                self._commit([attempt], replace=False)
            return self._finish([attempt])[0]
        finally:
            drop_stage(self.cur, 0)

    def replace(self, sources: list[SourceFile]) -> list[FileResult]:
        """All files of one table in one transaction: the table ends up as exactly their rows, or untouched."""
        attempts = [self.prepare(source, slot) for slot, source in enumerate(sources)]
        try:
            refused = [a.source.file_name for a in attempts if a.error is not None]
            if refused:
                for a in attempts:
                    if a.error is None:
                        a.error = (
                            f"not loaded: replacing the table was abandoned because {', '.join(refused)} "
                            f"{'was' if len(refused) == 1 else 'were'} refused (replace loads all of a table's "
                            "files or none)"
                        )
            else:
                self._commit(attempts, replace=True)
            return self._finish(attempts)
        finally:
            for a in attempts:
                drop_stage(self.cur, a.slot)

    def _commit(self, attempts: list[_Attempt], replace: bool) -> None:
        """Insert staged attempts (and their history rows) in one transaction; on failure, none of them."""
        table = attempts[0].table
        assert table is not None
        loaded_at = utc_now()
        self.cur.begin()
        try:
            if replace:
                self.cur.execute(f"delete from {qualified(table)}")
            for a in attempts:
                a.rows = _insert(self.cur, table, a)
            record(self.cur, [self._history(a, loaded_at) for a in attempts])
            self.cur.commit()
        except duckdb.Error as exc:
            self.cur.rollback()
            for a in attempts:
                a.rows = 0
                a.error = f"insert failed, nothing loaded: {describe_duckdb_error(exc)}"
        except BaseException:  # e.g. Ctrl-C mid-insert: undo, then let it propagate
            self.cur.rollback()
            raise

    def _finish(self, attempts: list[_Attempt]) -> list[FileResult]:
        refused = [self._history(a, utc_now()) for a in attempts if a.error is not None]
        record(self.cur, refused)  # autocommit: the refusal is kept even though the load was not
        results = [self._result(a) for a in attempts]
        if self.progress is not None:
            for result in results:
                self.progress(result)
        return results

    def _history(self, a: _Attempt, at: dt.datetime) -> HistoryRow:
        return HistoryRow(
            load_id=self.load_id,
            file_name=a.source.file_name,
            file_path=str(a.source.path),
            table_name=a.source.table_name,
            file_sha256=a.checksum.sha256 if a.checksum else None,
            file_bytes=a.checksum.size if a.checksum else None,
            mode=self.mode,
            rows_loaded=a.rows if a.error is None else 0,
            status=LOADED if a.error is None else REFUSED,
            error_message=a.error,
            forced=self.force,
            loaded_at=at,
        )

    @staticmethod
    def _result(a: _Attempt) -> FileResult:
        return FileResult(
            file_name=a.source.file_name,
            file_path=str(a.source.path),
            table_name=a.table.qualified_name if a.table else a.source.table_name,
            rows=a.rows if a.error is None else 0,
            status=LOADED if a.error is None else REFUSED,
            reason=a.error,
            seconds=time.perf_counter() - a.started,
        )


def _known_table(source: SourceFile) -> RawTable:
    try:
        return raw_table(source.table_name)
    except KeyError as exc:
        raise LoadError(f"file name does not name a raw table: {exc.args[0]}") from None


def _checked_fingerprint(source: SourceFile) -> Fingerprint:
    checksum = fingerprint(source.path, check_gzip=source.format is FileFormat.CSV_GZ)
    if checksum.gzip_error:
        raise LoadError(checksum.gzip_error)
    return checksum


def _insert(cur: duckdb.DuckDBPyConnection, table: RawTable, a: _Attempt) -> int:
    assert a.staged is not None
    names, exprs = typed_select(table, a.staged)
    row = cur.execute(f"insert into {qualified(table)} ({names}) select {exprs} from {a.staged.stage}").fetchone()
    return int(row[0]) if row else 0


@contextmanager
def _session(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """A private cursor in UTC: settings and temp tables stay off the caller's connection."""
    cur = con.cursor()
    try:
        cur.execute("set TimeZone = 'UTC'")
        create_raw_tables(cur)
        ensure_history_table(cur)
        yield cur
    finally:
        cur.close()


def _check_mode(mode: str) -> Mode:
    if mode not in MODES:
        raise ValueError(f"mode must be one of {', '.join(MODES)}, not {mode!r}")
    return mode  # type: ignore[return-value]


def load_directory(
    con: duckdb.DuckDBPyConnection,
    directory: str | os.PathLike[str],
    mode: str = "append",
    force: bool = False,
    progress: Progress | None = None,
) -> LoadReport:
    """Load every loadable file in ``directory`` (not recursive); see discover.NAMING_RULE."""
    report = LoadReport(load_id=str(uuid.uuid4()), mode=_check_mode(mode))
    path = Path(directory)
    if not path.is_dir():
        raise NotADirectoryError(f"not a directory: {path}")
    sources, report.skipped = discover(path)
    with _session(con) as cur:
        run = _Run(cur, report.load_id, report.mode, force, progress)
        if report.mode == "append":
            report.results = [run.append(source) for source in sources]
        else:
            for group in _by_table(sources):
                report.results.extend(run.replace(group))
    return report


def _by_table(sources: list[SourceFile]) -> list[list[SourceFile]]:
    groups: dict[str, list[SourceFile]] = {}
    for source in sources:
        groups.setdefault(source.table_name, []).append(source)
    return list(groups.values())


def load_file(
    con: duckdb.DuckDBPyConnection,
    path: str | os.PathLike[str],
    mode: str = "append",
    force: bool = False,
    table_name: str | None = None,
) -> FileResult:
    """Load one file; the table comes from its name unless ``table_name`` is given.

    In replace mode the table's rows become exactly this file's rows.
    """
    source = parse_file_name(Path(path))
    if source is None:
        raise ValueError(f"{path}: not a .csv, .csv.gz, .parquet or .ndjson file")
    if table_name is not None:
        source = SourceFile(source.path, table_name, source.format)
    checked_mode = _check_mode(mode)
    with _session(con) as cur:
        run = _Run(cur, str(uuid.uuid4()), checked_mode, force, None)
        return run.append(source) if checked_mode == "append" else run.replace([source])[0]
