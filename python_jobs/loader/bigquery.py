"""`nba-props load DIR --target bigquery`: the raw files into BigQuery with load jobs.

Same rules as the DuckDB loader (load.py), because the same code checks the files: each file is
staged and validated in a private in-memory DuckDB (read.stage_file, validate.check_values), so a
refused file is refused for the same reason, with the same message, on both targets. A file that
passes is written as a typed CSV (the contract's columns in order, UTC timestamps, NULL = empty) and
sent in ONE load job with an explicit schema from python_jobs/raw_schema.py:

- append: one load job per file (WRITE_APPEND); a load job is atomic, so a file lands whole or not.
- replace: all of a table's files checked first, then ONE load job for the table (WRITE_TRUNCATE),
  so the table becomes exactly those files' rows, or stays untouched (as in the DuckDB loader).

Tables are created on first use with production's layout (python_jobs/bigquery_layout.py: day
partitions, clustering, require_partition_filter on the large tables). Every attempt is recorded in
nba_orchestration.raw_load_history (one small load job per file; no DML, no values in SQL text),
which also drives the "already loaded" refusal.

Emulator mode (an api_endpoint is set, e.g. the CI's crucible on 127.0.0.1): anonymous credentials,
and the two things crucible 0.1.0a2 rejects are left out: OPTIONS(require_partition_filter) in the
DDL, and partitioning fields on load jobs (production sends them so WRITE_TRUNCATE keeps the layout).
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import shutil
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

from python_jobs.bigquery_layout import raw_layout
from python_jobs.loader.discover import SourceFile, discover
from python_jobs.loader.errors import LoadError, describe_duckdb_error
from python_jobs.loader.fingerprint import fingerprint
from python_jobs.loader.history import HISTORY_SCHEMA, HistoryRow, utc_now
from python_jobs.loader.load import LOADED, MODES, REFUSED, FileResult, LoadReport, Mode, Progress
from python_jobs.loader.read import stage_file
from python_jobs.loader.sql import ident
from python_jobs.loader.validate import cast_expression, check_values
from python_jobs.raw_schema import RAW_SCHEMAS, RAW_TABLES, RawTable, raw_table

if TYPE_CHECKING:
    from google.cloud import bigquery

HISTORY_TABLE_NAME = "raw_load_history"
# Same columns as the DuckDB history table (history._COLUMNS), in BigQuery types.
HISTORY_SCHEMA_FIELDS: tuple[tuple[str, str], ...] = (
    ("load_id", "STRING"),
    ("file_name", "STRING"),
    ("file_path", "STRING"),
    ("table_name", "STRING"),
    ("file_sha256", "STRING"),
    ("file_bytes", "INT64"),
    ("mode", "STRING"),
    ("rows_loaded", "INT64"),
    ("status", "STRING"),
    ("error_message", "STRING"),
    ("forced", "BOOL"),
    ("loaded_at", "TIMESTAMP"),
)
_CSV_TIMESTAMP = "%Y-%m-%d %H:%M:%S.%f"


@dataclass(frozen=True)
class BigQueryTarget:
    """Where to load: a project (and location), on Google or on a local emulator endpoint."""

    project: str
    location: str = "US"
    api_endpoint: str | None = None  # set = emulator mode (anonymous credentials)

    @property
    def emulator(self) -> bool:
        return self.api_endpoint is not None

    @classmethod
    def from_env(cls, project: str | None = None, api_endpoint: str | None = None) -> BigQueryTarget:
        """Project from --project or NBA_PROPS_GCP_PROJECT; endpoint from --api-endpoint or
        BIGQUERY_EMULATOR_HOST (the variable google-cloud-bigquery itself honours); location from
        NBA_PROPS_BQ_LOCATION. Same variables as the dbt profiles."""
        endpoint = api_endpoint or os.environ.get("BIGQUERY_EMULATOR_HOST") or None
        project = project or os.environ.get("NBA_PROPS_GCP_PROJECT") or ("local" if endpoint else None)
        if not project:
            raise ValueError("no BigQuery project: pass --project or set NBA_PROPS_GCP_PROJECT")
        return cls(project, os.environ.get("NBA_PROPS_BQ_LOCATION", "US"), endpoint)

    def client(self) -> bigquery.Client:
        from google.cloud import bigquery

        if self.api_endpoint is None:
            # Application Default Credentials, as the dbt profile's `method: oauth`.
            return bigquery.Client(project=self.project, location=self.location)
        from google.api_core.client_options import ClientOptions
        from google.auth.credentials import AnonymousCredentials

        return bigquery.Client(
            project=self.project,
            location=self.location,
            credentials=AnonymousCredentials(),
            client_options=ClientOptions(api_endpoint=self.api_endpoint),
        )

    def table_id(self, dataset: str, table: str) -> str:
        return f"{self.project}.{dataset}.{table}"


# --- DDL -------------------------------------------------------------------------------------------


def _bq_ident(*parts: str) -> str:
    # Names come from the contract or the target (never from a file); backticks still guard them.
    return "`" + ".".join(p.replace("`", "") for p in parts) + "`"


def create_table_ddl(target: BigQueryTarget, table: RawTable) -> str:
    """`create table if not exists` with the contract's columns and production's layout."""
    layout = raw_layout(table)
    columns = ",\n    ".join(f"{_bq_ident(c.name)} {c.type}" for c in table.columns)
    ddl = f"create table if not exists {_bq_ident(target.project, table.schema, table.name)} (\n    {columns}\n)"
    if layout.partition_column:
        ddl += f"\npartition by {_bq_ident(layout.partition_column)}"
    if layout.cluster_by:
        ddl += "\ncluster by " + ", ".join(_bq_ident(c) for c in layout.cluster_by)
    if layout.require_partition_filter and not target.emulator:
        ddl += "\noptions (require_partition_filter = true)"
    return ddl


def _history_ddl(target: BigQueryTarget) -> str:
    columns = ",\n    ".join(f"{_bq_ident(name)} {type_}" for name, type_ in HISTORY_SCHEMA_FIELDS)
    return f"create table if not exists {_bq_ident(target.project, HISTORY_SCHEMA, HISTORY_TABLE_NAME)} (\n    {columns}\n)"


def ensure_tables(client: bigquery.Client, target: BigQueryTarget) -> None:
    """Datasets nba_raw / nba_reference / nba_orchestration and every raw table, if missing."""
    for dataset in (*RAW_SCHEMAS, HISTORY_SCHEMA):
        client.create_dataset(f"{target.project}.{dataset}", exists_ok=True)
    for table in RAW_TABLES:
        client.query(create_table_ddl(target, table)).result()
    client.query(_history_ddl(target)).result()


# --- one file -> one typed CSV ----------------------------------------------------------------------


@dataclass(frozen=True)
class PreparedFile:
    """A validated file, written as a CSV of the contract's columns ready for a load job."""

    csv_path: Path
    rows: int
    has_newlines: bool  # some STRING value holds a line break: the load job must allow quoted newlines


def _bq_text(column: str, type_: str) -> str:
    """The typed value as BigQuery CSV text; NULL stays NULL (written as an empty field)."""
    expr = cast_expression(column, type_)
    if type_ == "TIMESTAMP":
        return f"strftime({expr}, '{_CSV_TIMESTAMP}')"
    if type_ == "BOOL":
        return f"(case when {expr} then 'true' when not {expr} then 'false' end)"
    return f"cast({expr} as varchar)"


def prepare_file(source: SourceFile, table: RawTable, workdir: Path) -> PreparedFile:
    """Stage and validate ``source`` exactly as the DuckDB loader does; raise LoadError if refused."""
    con = duckdb.connect()
    try:
        con.execute("set TimeZone = 'UTC'")
        staged = stage_file(con, source, table, slot=0)
        check_values(con, source, table, staged)
        # Every contract column, in contract order (the load job's schema); absent optional ones NULL.
        select = ", ".join(
            (_bq_text(c.name, c.type) if c.name in staged.columns else "cast(null as varchar)") + f" as {ident(c.name)}"
            for c in table.columns
        )
        strings = [c for c in staged.columns if table.column(c).type == "STRING"]
        has_newlines = False
        if strings and staged.rows:
            probe = " or ".join(f"regexp_matches(coalesce({ident(c)}, ''), '[\\r\\n]')" for c in strings)
            row = con.execute(f"select coalesce(bool_or({probe}), false) from {staged.stage}").fetchone()
            has_newlines = bool(row and row[0])
        csv_path = workdir / f"{uuid.uuid4().hex}.csv"
        cursor = con.execute(f"select {select} from {staged.stage} order by rowid")
        with csv_path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle, lineterminator="\n")  # None -> empty field = NULL
            writer.writerow(table.column_names)
            while batch := cursor.fetchmany(10_000):
                writer.writerows(batch)
        return PreparedFile(csv_path, staged.rows, has_newlines)
    except duckdb.Error as exc:
        raise LoadError(f"cannot prepare the file for BigQuery: {describe_duckdb_error(exc)}") from exc
    finally:
        con.close()


def _concatenate(files: list[PreparedFile], workdir: Path) -> PreparedFile:
    """One CSV (one header) holding every file's rows, for a replace's single load job."""
    if len(files) == 1:
        return files[0]
    out = workdir / f"{uuid.uuid4().hex}.csv"
    with out.open("wb") as sink:
        for i, f in enumerate(files):
            with f.csv_path.open("rb") as part:
                header = part.readline()
                if i == 0:
                    sink.write(header)
                shutil.copyfileobj(part, sink)
    return PreparedFile(out, sum(f.rows for f in files), any(f.has_newlines for f in files))


# --- load jobs ----------------------------------------------------------------------------------------


def _schema(fields: list[tuple[str, str]]) -> list[bigquery.SchemaField]:
    from google.cloud import bigquery

    return [bigquery.SchemaField(name, type_, mode="NULLABLE") for name, type_ in fields]


def _load_csv(
    client: bigquery.Client,
    target: BigQueryTarget,
    table_id: str,
    fields: list[tuple[str, str]],
    prepared: PreparedFile,
    truncate: bool,
    table: RawTable | None = None,
) -> int:
    """One load job; returns the rows BigQuery wrote. Raises LoadError with BigQuery's messages."""
    from google.api_core import exceptions
    from google.cloud import bigquery

    config = bigquery.LoadJobConfig(
        schema=_schema(fields),
        source_format=bigquery.SourceFormat.CSV,
        skip_leading_rows=1,
        write_disposition="WRITE_TRUNCATE" if truncate else "WRITE_APPEND",
    )
    if prepared.has_newlines:
        # Only when needed: BigQuery cannot split such a CSV for parallel reading.
        config.allow_quoted_newlines = True
    if table is not None and not target.emulator:
        layout = raw_layout(table)
        if layout.partition_column:
            config.time_partitioning = bigquery.TimePartitioning(field=layout.partition_column)
        if layout.cluster_by:
            config.clustering_fields = list(layout.cluster_by)
    try:
        with prepared.csv_path.open("rb") as handle:
            job = client.load_table_from_file(handle, table_id, job_config=config, rewind=True)
        job.result()
    except exceptions.GoogleAPICallError as exc:
        details = "; ".join(e.get("message", "") for e in (getattr(exc, "errors", None) or [])) or str(exc)
        raise LoadError(f"BigQuery load job into {table_id} failed: {details}") from exc
    return int(job.output_rows or 0)


# --- history -----------------------------------------------------------------------------------------


@dataclass
class _History:
    """The loaded history of this project, read once per run and kept current as files load."""

    loads: list[tuple[str, str | None, str, str, dt.datetime]] = field(default_factory=list)
    # (table_name, sha256, mode, load_id, loaded_at) of successful loads

    @classmethod
    def read(cls, client: bigquery.Client, target: BigQueryTarget) -> _History:
        # No value of the run in this SQL: the filtering happens in Python (the table is small:
        # one row per file attempt). The emulator has no query parameters.
        rows = client.query(
            "select table_name, file_sha256, mode, load_id, loaded_at from "
            f"{_bq_ident(target.project, HISTORY_SCHEMA, HISTORY_TABLE_NAME)} where status = 'loaded'"
        ).result()
        return cls([(r[0], r[1], r[2], r[3], r[4].replace(tzinfo=None)) for r in rows])

    def previous(self, table_name: str, sha256: str) -> tuple[str, dt.datetime] | None:
        """The latest load of this content into the table since its last replace (as load.py)."""
        replaced = [at for t, _, mode, _, at in self.loads if t == table_name and mode == "replace"]
        since = max(replaced, default=dt.datetime.min)
        hits = [(at, lid) for t, sha, _, lid, at in self.loads if t == table_name and sha == sha256 and at >= since]
        if not hits:
            return None
        at, load_id = max(hits)
        return load_id, at

    def add(self, row: HistoryRow) -> None:
        if row.status == LOADED:
            self.loads.append((row.table_name, row.file_sha256, row.mode, row.load_id, row.loaded_at))


def _record(
    client: bigquery.Client, target: BigQueryTarget, rows: list[HistoryRow], workdir: Path
) -> None:
    """Append history rows with one small load job (never DML with values in the SQL)."""
    if not rows:
        return
    path = workdir / f"history_{uuid.uuid4().hex}.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow([name for name, _ in HISTORY_SCHEMA_FIELDS])
        for row in rows:
            writer.writerow([_csv_value(v) for v in row.values()])
    has_newlines = any("\n" in (r.error_message or "") or "\r" in (r.error_message or "") for r in rows)
    _load_csv(
        client,
        target,
        target.table_id(HISTORY_SCHEMA, HISTORY_TABLE_NAME),
        list(HISTORY_SCHEMA_FIELDS),
        PreparedFile(path, len(rows), has_newlines),
        truncate=False,
    )


def _csv_value(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.strftime(_CSV_TIMESTAMP)
    return str(value)


# --- the run -------------------------------------------------------------------------------------------


@dataclass
class _Attempt:
    source: SourceFile
    started: float = field(default_factory=time.perf_counter)
    table: RawTable | None = None
    sha256: str | None = None
    size: int | None = None
    prepared: PreparedFile | None = None
    rows: int = 0
    error: str | None = None


@dataclass
class _Run:
    client: bigquery.Client
    target: BigQueryTarget
    load_id: str
    mode: Mode
    force: bool
    progress: Progress | None
    workdir: Path
    history: _History

    def prepare(self, source: SourceFile) -> _Attempt:
        attempt = _Attempt(source)
        try:
            try:
                attempt.table = raw_table(source.table_name)
            except KeyError as exc:
                raise LoadError(f"file name does not name a raw table: {exc.args[0]}") from None
            checksum = fingerprint(source.path, check_gzip=source.format.value == "csv.gz")
            if checksum.gzip_error:
                raise LoadError(checksum.gzip_error)
            attempt.sha256, attempt.size = checksum.sha256, checksum.size
            if self.mode == "append" and not self.force:
                previous = self.history.previous(attempt.table.name, checksum.sha256)
                if previous is not None:
                    raise LoadError(
                        f"already loaded into {attempt.table.qualified_name} at {previous[1]:%Y-%m-%d %H:%M:%S} UTC "
                        f"(load {previous[0]}) — use --force to load it again"
                    )
            attempt.prepared = prepare_file(source, attempt.table, self.workdir)
        except LoadError as exc:
            attempt.error = str(exc)
        except OSError as exc:
            attempt.error = f"cannot read file: {exc}"
        return attempt

    def append(self, source: SourceFile) -> FileResult:
        attempt = self.prepare(source)
        if attempt.error is None:
            self._load([attempt], truncate=False)
        return self._finish([attempt])[0]

    def replace(self, sources: list[SourceFile]) -> list[FileResult]:
        attempts = [self.prepare(source) for source in sources]
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
            self._load(attempts, truncate=True)
        return self._finish(attempts)

    def _load(self, attempts: list[_Attempt], truncate: bool) -> None:
        table = attempts[0].table
        assert table is not None
        prepared = _concatenate([a.prepared for a in attempts if a.prepared is not None], self.workdir)
        try:
            written = _load_csv(
                self.client, self.target, self.target.table_id(table.schema, table.name),
                [(c.name, c.type) for c in table.columns], prepared, truncate, table,
            )
        except LoadError as exc:
            for a in attempts:
                a.error = f"nothing loaded: {exc}"
            return
        if written != prepared.rows:
            raise RuntimeError(f"{table.qualified_name}: BigQuery wrote {written} rows, {prepared.rows} were sent")
        for a in attempts:
            a.rows = a.prepared.rows if a.prepared else 0

    def _finish(self, attempts: list[_Attempt]) -> list[FileResult]:
        at = utc_now()
        rows = [self._history(a, at) for a in attempts]
        _record(self.client, self.target, rows, self.workdir)
        for row in rows:
            self.history.add(row)
        results = [
            FileResult(
                file_name=a.source.file_name,
                file_path=str(a.source.path),
                table_name=a.table.qualified_name if a.table else a.source.table_name,
                rows=a.rows if a.error is None else 0,
                status=LOADED if a.error is None else REFUSED,
                reason=a.error,
                seconds=time.perf_counter() - a.started,
            )
            for a in attempts
        ]
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
            file_sha256=a.sha256,
            file_bytes=a.size,
            mode=self.mode,
            rows_loaded=a.rows if a.error is None else 0,
            status=LOADED if a.error is None else REFUSED,
            error_message=a.error,
            forced=self.force,
            loaded_at=at,
        )


@contextmanager
def _workdir() -> Iterator[Path]:
    path = Path(tempfile.mkdtemp(prefix="nba_props_bq_load_"))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def load_directory_bigquery(
    target: BigQueryTarget,
    directory: str | os.PathLike[str],
    mode: str = "append",
    force: bool = False,
    progress: Progress | None = None,
    client: bigquery.Client | None = None,
) -> LoadReport:
    """Load every loadable file of ``directory`` into BigQuery (see the module docstring)."""
    if mode not in MODES:
        raise ValueError(f"mode must be one of {', '.join(MODES)}, not {mode!r}")
    path = Path(directory)
    if not path.is_dir():
        raise NotADirectoryError(f"not a directory: {path}")
    report = LoadReport(load_id=str(uuid.uuid4()), mode=mode)  # type: ignore[arg-type]
    sources, report.skipped = discover(path)
    if not sources:
        return report
    client = client or target.client()
    ensure_tables(client, target)
    with _workdir() as workdir:
        run = _Run(client, target, report.load_id, report.mode, force, progress, workdir, _History.read(client, target))
        if report.mode == "append":
            report.results = [run.append(source) for source in sources]
        else:
            groups: dict[str, list[SourceFile]] = {}
            for source in sources:
                groups.setdefault(source.table_name, []).append(source)
            for group in groups.values():
                report.results.extend(run.replace(group))
    return report
