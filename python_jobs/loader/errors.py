"""The one exception type the loader turns into a refused file."""

from __future__ import annotations

import duckdb


class LoadError(Exception):
    """A file cannot be loaded; the message is shown to the user as the refusal reason."""


def describe_duckdb_error(exc: duckdb.Error) -> str:
    """DuckDB's reader errors end in a long 'Possible fixes' / option dump; keep the informative head."""
    text = str(exc)
    for marker in ("\nPossible fixes", "\n\n  file =", "\nThe search space used was"):
        text = text.split(marker, 1)[0]
    lines = [line.strip() for line in text.strip().splitlines()]
    # Drop advice aimed at DuckDB users and the echo of our own SQL ('LINE 1: ...' and its caret line).
    lines = [
        line for line in lines
        if line and not line.startswith(("Possible Solution", "LINE ")) and set(line) != {"^"}
    ]
    message = "; ".join(lines)
    if any(hint in message for hint in _TRUNCATION_SIGNS):
        message += " (is the file truncated, or not in the format its name says?)"
    return message


# Reader errors that a cut-off file produces: a short last row, an open quote, an unfinished JSON object.
_TRUNCATION_SIGNS = ("Expected Number of Columns", "unterminated quote", "unexpected end of data", "No magic bytes")
