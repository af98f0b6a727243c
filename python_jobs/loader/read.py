"""Read one file into a temporary staging table: the contract's columns, all as text, in file order.

Everything is staged as VARCHAR so validate.py can find each unparseable value and where it is; the
staging table's rowid is the record's position in the file (DuckDB keeps insertion order), which
``record_locations`` turns back into a line number for error messages.
"""

from __future__ import annotations

import csv
import gzip
import io
import os
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import duckdb

from python_jobs.loader.discover import FileFormat, SourceFile
from python_jobs.loader.errors import LoadError, describe_duckdb_error
from python_jobs.loader.sql import ident
from python_jobs.raw_schema import RawTable

# DuckDB expands these in file paths even when bound as parameters ('b[x].csv' reads 'bx.csv').
_GLOB_CHARS = frozenset("*?[]{}")
_CSV_OPTIONS = (
    "header = true, delim = ',', quote = '\"', escape = '\"', auto_detect = false, "
    "strict_mode = true, null_padding = false"
)


@dataclass(frozen=True)
class StagedFile:
    stage: str  # temp table name (generated, safe)
    columns: tuple[str, ...]  # contract columns present in the file, staged as VARCHAR
    rows: int


@contextmanager
def glob_safe_path(path: Path, suffix: str) -> Iterator[str]:
    """A path DuckDB will read literally: the file itself, or a link to it under a plain name."""
    text = str(path)
    if not _GLOB_CHARS.intersection(text):
        yield text
        return
    tmp = tempfile.mkdtemp(prefix="nba_props_load_")
    alias = os.path.join(tmp, "source" + suffix)
    try:
        try:
            os.symlink(text, alias)
        except OSError:  # e.g. Windows without symlink rights
            shutil.copyfile(text, alias)
        yield alias
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _open_text(source: SourceFile) -> IO[str]:
    # utf-8-sig: drop a BOM so the first header name still matches (DuckDB skips it too).
    if source.format is FileFormat.CSV_GZ:
        return io.TextIOWrapper(gzip.open(source.path, "rb"), encoding="utf-8-sig", newline="")
    return source.path.open("r", encoding="utf-8-sig", newline="")


def read_csv_header(source: SourceFile) -> list[str]:
    try:
        with _open_text(source) as handle:
            header = next(csv.reader(handle), None)
    except (OSError, EOFError, UnicodeDecodeError, csv.Error) as exc:
        raise LoadError(f"cannot read the header line: {exc}") from exc
    if not header:
        raise LoadError("empty file: no header line")
    return header


def _match_columns(table: RawTable, names: Sequence[str]) -> dict[str, int]:
    """Contract column -> position in the file; names match case-insensitively, ignoring spaces."""
    wanted = set(table.column_names)
    found: dict[str, int] = {}
    for position, raw in enumerate(names):
        name = raw.strip().lower()
        if name not in wanted:
            continue  # extra columns are allowed and ignored
        if name in found:
            raise LoadError(f"column {name} appears more than once in the header")
        found[name] = position
    missing = [c.name for c in table.columns if c.required and c.name not in found]
    if missing:
        raise LoadError(f"missing required column(s): {', '.join(missing)}")
    return found


def _stage_name(slot: int) -> str:
    return f"_nba_props_load_stage_{slot}"


def _stage_csv(cur: duckdb.DuckDBPyConnection, source: SourceFile, table: RawTable, stage: str) -> tuple[str, ...]:
    header = read_csv_header(source)
    found = _match_columns(table, header)
    # Positional names for DuckDB so no header text from the file is ever used as an identifier.
    positional = {f"c{i}": "VARCHAR" for i in range(len(header))}
    columns = tuple(c for c in table.column_names if c in found)
    select = ", ".join(f"c{found[c]} as {ident(c)}" for c in columns)
    compression = "gzip" if source.format is FileFormat.CSV_GZ else "none"
    with glob_safe_path(source.path, source.format.suffix) as path:
        cur.execute(
            f"create or replace temp table {stage} as select {select} "
            f"from read_csv(?, columns = ?, compression = '{compression}', {_CSV_OPTIONS})",
            [path, positional],
        )
    return columns


def _stage_parquet(cur: duckdb.DuckDBPyConnection, source: SourceFile, table: RawTable, stage: str) -> tuple[str, ...]:
    with glob_safe_path(source.path, source.format.suffix) as path:
        names = [row[0] for row in cur.execute("describe select * from read_parquet(?)", [path]).fetchall()]
        found = _match_columns(table, names)
        columns = tuple(c for c in table.column_names if c in found)
        # DuckDB binds identifiers case-insensitively, so the contract name selects 'GAME_ID' too.
        select = ", ".join(f"cast({ident(c)} as varchar) as {ident(c)}" for c in columns)
        cur.execute(f"create or replace temp table {stage} as select {select} from read_parquet(?)", [path])
    return columns


def _stage_ndjson(cur: duckdb.DuckDBPyConnection, source: SourceFile, table: RawTable, stage: str) -> tuple[str, ...]:
    def path_of(column: str) -> str:
        return "'$." + ident(column) + "'"  # contract names are plain identifiers: no quote to escape

    raw = f"{stage}_json"
    with glob_safe_path(source.path, source.format.suffix) as path:
        cur.execute(f"create or replace temp table {raw} as select json from read_ndjson_objects(?)", [path])
    try:
        _check_ndjson_objects(cur, source, raw)
        present = cur.execute(
            "select " + ", ".join(f"coalesce(bool_or(json_exists(json, {path_of(c)})), false)" for c in table.column_names)
            + f" from {raw}"
        ).fetchone()
        assert present is not None
        found = {c: i for i, (c, here) in enumerate(zip(table.column_names, present, strict=True)) if here}
        _match_columns(table, list(found))  # raises on missing required columns
        columns = tuple(c for c in table.column_names if c in found)
        select = ", ".join(f"json_extract_string(json, {path_of(c)}) as {ident(c)}" for c in columns)
        cur.execute(f"create or replace temp table {stage} as select {select} from {raw}")
    finally:
        cur.execute(f"drop table if exists {raw}")
    return columns


def _check_ndjson_objects(cur: duckdb.DuckDBPyConnection, source: SourceFile, raw: str) -> None:
    bad = cur.execute(
        f"select rowid, json_type(json) from {raw} where json_type(json) <> 'OBJECT' order by rowid limit 5"
    ).fetchall()
    if bad:
        where = record_locations(source, [row[0] for row in bad])
        listed = "; ".join(f"{where[rowid]}: a JSON {kind.lower()}" for rowid, kind in bad)
        raise LoadError(f"every line must be a JSON object; found {listed}")


_STAGERS = {
    FileFormat.CSV: _stage_csv,
    FileFormat.CSV_GZ: _stage_csv,
    FileFormat.PARQUET: _stage_parquet,
    FileFormat.NDJSON: _stage_ndjson,
}


def stage_file(cur: duckdb.DuckDBPyConnection, source: SourceFile, table: RawTable, slot: int) -> StagedFile:
    """Stage ``source`` as temp table number ``slot``; raises LoadError if it cannot be read."""
    stage = _stage_name(slot)
    try:
        columns = _STAGERS[source.format](cur, source, table, stage)
        count = cur.execute(f"select count(*) from {stage}").fetchone()
    except duckdb.Error as exc:
        drop_stage(cur, slot)
        raise LoadError(f"cannot read file: {describe_duckdb_error(exc)}") from exc
    except LoadError:
        drop_stage(cur, slot)
        raise
    assert count is not None
    return StagedFile(stage, columns, int(count[0]))


def drop_stage(cur: duckdb.DuckDBPyConnection, slot: int) -> None:
    cur.execute(f"drop table if exists {_stage_name(slot)}")


def record_locations(source: SourceFile, record_indexes: Sequence[int]) -> dict[int, str]:
    """'line N' (or 'row N' for Parquet) for 0-based record indexes, as a person would find them.

    Only runs on the error path, for a handful of records, so a Python scan of the file is fine; it is
    needed because quoted CSV fields may span lines and DuckDB skips blank lines.
    """
    wanted = set(record_indexes)
    if source.format is FileFormat.PARQUET or not wanted:
        return {i: f"row {i + 1}" for i in wanted}
    last = max(wanted)
    lines: dict[int, str] = {}
    try:
        with _open_text(source) as handle:
            is_csv = source.format is not FileFormat.NDJSON
            starts = _csv_record_lines(handle) if is_csv else _ndjson_record_lines(handle)
            for index, line in enumerate(starts):
                if index in wanted:
                    lines[index] = f"line {line}"
                if index >= last:
                    break
    except (OSError, EOFError, UnicodeDecodeError, csv.Error):
        pass  # e.g. a field over Python's csv size limit: fall back to record numbers below
    return {i: lines.get(i, f"record {i + 1}") for i in wanted}


def _csv_record_lines(handle: IO[str]) -> Iterator[int]:
    """Starting line (header = line 1) of each data record."""
    reader = csv.reader(handle)
    next(reader, None)
    previous = reader.line_num
    for record in reader:
        start = previous + 1
        previous = reader.line_num
        if record:  # blank lines are not records
            yield start


def _ndjson_record_lines(handle: IO[str]) -> Iterator[int]:
    for number, line in enumerate(handle, start=1):
        if line.strip():
            yield number
