"""Type checks on a staged (all-VARCHAR) file, and the typed SELECT that inserts it.

Each contract type has one SQL expression turning the staged text into the target type, NULL when the
text does not parse. A value is bad when the text is non-empty but the expression gives NULL; the same
expressions are used for the insert, so what was validated is exactly what gets loaded.
"""

from __future__ import annotations

import duckdb

from python_jobs.loader.discover import SourceFile
from python_jobs.loader.errors import LoadError
from python_jobs.loader.read import StagedFile, record_locations
from python_jobs.loader.sql import ident
from python_jobs.raw_schema import RawTable

SHOWN_BAD_VALUES = 5

_TRUE = "('true', 't', '1', 'yes')"
_FALSE = "('false', 'f', '0', 'no')"


def _text(column: str, type_: str) -> str:
    # Empty strings are NULL; typed columns also ignore surrounding blanks ('' and ' ' both mean missing).
    if type_ == "STRING":
        return f"nullif({ident(column)}, '')"
    return f"nullif(trim({ident(column)}), '')"


def cast_expression(column: str, type_: str) -> str:
    """SQL turning staged text into the contract type; NULL for empty or unparseable text."""
    v = _text(column, type_)
    if type_ == "STRING":
        return v
    if type_ == "INT64":
        # try_cast('12.5' as bigint) rounds to 13, so only accept text whose numeric value is integral;
        # the double check also rejects hex ('0x10'), which DuckDB's bigint cast would accept.
        d = f"try_cast({v} as double)"
        return f"(case when {d} = trunc({d}) then try_cast({v} as bigint) end)"
    if type_ == "FLOAT64":
        return f"try_cast({v} as double)"
    if type_ == "BOOL":
        # Explicit list: DuckDB's own cast would also take 'y'/'n', the contract's list is narrower.
        return f"(case when lower({v}) in {_TRUE} then true when lower({v}) in {_FALSE} then false end)"
    if type_ == "DATE":
        return f"try_cast({v} as date)"
    if type_ == "TIMESTAMP":
        # Via TIMESTAMPTZ so an explicit offset ('...+02:00', 'Z') is honoured; the loader's session
        # runs in UTC, so text without a zone is read as UTC, and the result is the UTC wall clock.
        return f"timezone('UTC', try_cast({v} as timestamptz))"
    raise ValueError(f"no loader cast for contract type {type_}")


def _is_bad(column: str, type_: str) -> str:
    return f"({_text(column, type_)} is not null and {cast_expression(column, type_)} is null)"


def check_values(cur: duckdb.DuckDBPyConnection, source: SourceFile, table: RawTable, staged: StagedFile) -> None:
    """Raise LoadError naming every column with unparseable values (count, first few with line)."""
    typed = [table.column(c) for c in staged.columns if table.column(c).type != "STRING"]
    if not typed or staged.rows == 0:
        return
    counts = cur.execute(
        "select " + ", ".join(f"count(*) filter (where {_is_bad(c.name, c.type)})" for c in typed)
        + f" from {staged.stage}"
    ).fetchone()
    assert counts is not None
    problems = [
        _describe_bad_column(cur, source, staged, col.name, col.type, int(n))
        for col, n in zip(typed, counts, strict=True)
        if n
    ]
    if problems:
        raise LoadError("unparseable values: " + " | ".join(problems))


def _describe_bad_column(
    cur: duckdb.DuckDBPyConnection, source: SourceFile, staged: StagedFile, column: str, type_: str, count: int
) -> str:
    rows = cur.execute(
        f"select rowid, {ident(column)} from {staged.stage} where {_is_bad(column, type_)} "
        f"order by rowid limit {SHOWN_BAD_VALUES}"
    ).fetchall()
    where = record_locations(source, [r[0] for r in rows])
    shown = ", ".join(f"{where[rowid]}: {value!r}" for rowid, value in rows)
    noun = "value" if count == 1 else "values"
    return f"column {column} ({type_}): {count} bad {noun}, e.g. {shown}"


def typed_select(table: RawTable, staged: StagedFile) -> tuple[str, str]:
    """(insert column list, select list) for inserting the staged file into ``table``."""
    names = ", ".join(ident(c) for c in staged.columns)
    exprs = ", ".join(cast_expression(c, table.column(c).type) for c in staged.columns)
    return names, exprs
