"""Which files in a directory are loadable, and into which table.

Naming rule: ``<table>[.<anything>].<ext>`` with ext one of csv, csv.gz, parquet, ndjson (case-insensitive);
the table is the part of the name before the first dot. Hidden files are ignored; anything else is skipped.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from pathlib import Path


class FileFormat(enum.Enum):
    CSV = "csv"
    CSV_GZ = "csv.gz"
    PARQUET = "parquet"
    NDJSON = "ndjson"

    @property
    def suffix(self) -> str:
        return "." + self.value


# Longest suffix first so 'x.csv.gz' is never mistaken for something ending in '.gz' alone.
_SUFFIXES: tuple[FileFormat, ...] = (FileFormat.CSV_GZ, FileFormat.CSV, FileFormat.PARQUET, FileFormat.NDJSON)

NAMING_RULE = (
    "<table>.csv, <table>.csv.gz, <table>.parquet or <table>.ndjson; several files per table may be "
    "named <table>.<anything>.<ext> (e.g. nbac_schedule.2024-10.csv)"
)


@dataclass(frozen=True)
class SourceFile:
    path: Path  # absolute
    table_name: str  # as parsed from the name; may not be a known table
    format: FileFormat

    @property
    def file_name(self) -> str:
        return self.path.name


def parse_file_name(path: Path) -> SourceFile | None:
    """The table and format a file name announces, or None if it is not a loadable file name."""
    name = path.name
    lowered = name.lower()
    for fmt in _SUFFIXES:
        if lowered.endswith(fmt.suffix):
            table_name = name[: -len(fmt.suffix)].split(".", 1)[0]
            if not table_name:
                return None
            return SourceFile(path.resolve(), table_name, fmt)
    return None


def discover(directory: Path) -> tuple[list[SourceFile], list[Path]]:
    """Loadable files (sorted by name) and the non-hidden files skipped because of their extension."""
    sources: list[SourceFile] = []
    skipped: list[Path] = []
    for path in sorted(directory.iterdir(), key=lambda p: p.name):
        if path.name.startswith(".") or not path.is_file():
            continue
        source = parse_file_name(path)
        if source is None:
            skipped.append(path)
        else:
            sources.append(source)
    return sources, skipped
