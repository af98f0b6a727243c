"""The raw-file loader (python_jobs/loader): formats, validation, atomicity, history, injection."""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import gzip
import json
from collections.abc import Iterable, Sequence
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from python_jobs.loader import command
from python_jobs.loader.load import LoadReport, load_directory, load_file
from python_jobs.raw_schema import RAW_TABLES, raw_table

D = dt.date
T = dt.datetime

# Typed rows, in contract column order: what must come back out of the warehouse.
SCHEDULE = [
    ("0022400561", 2024, D(2025, 1, 15), T(2025, 1, 16, 0, 30), 3, "PHI", "LAL", 110, 99, True, False,
     "Philadelphia", False, "nbac", T(2025, 1, 16, 8, 0)),
    ("0022400562", 2024, D(2025, 1, 15), T(2025, 1, 16, 3, 0), 1, "GSW", "BKN", None, None, True, False,
     "San Francisco", None, "nbac", T(2025, 1, 15, 12, 0, 0, 250000)),
]
REGISTRY = [
    ("lebronjames_001", "lebronjames", "LeBron James", "LAL", "2024-25", "F", D(1984, 12, 30), T(2024, 10, 1, 6)),
    ("nikolajokic_001", "nikolajokic", "Nikola Jokić", "DEN", "2024-25", "C", None, T(2024, 10, 1, 6)),
]
ROWS = {"nbac_schedule": SCHEDULE, "nba_players_registry": REGISTRY}


# --- helpers ---------------------------------------------------------------------------------------


def columns_of(table: str) -> list[str]:
    return raw_table(table).column_names


def as_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, T):
        return value.isoformat(sep=" ")
    return str(value)


def text_rows(table: str, rows: Iterable[Sequence[object]] | None = None) -> list[dict[str, str]]:
    cols = columns_of(table)
    return [dict(zip(cols, map(as_text, row), strict=True)) for row in (ROWS[table] if rows is None else rows)]


def write_csv(path: Path, rows: list[dict[str, str]], columns: Sequence[str] | None = None) -> Path:
    cols = list(columns) if columns is not None else list(rows[0])
    opener = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "wt", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=cols, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


def write_ndjson(path: Path, table: str) -> Path:
    # Native JSON types (numbers, booleans, null) rather than strings, as a real export would have.
    cols = columns_of(table)
    with path.open("w", encoding="utf-8") as handle:
        for row in ROWS[table]:
            handle.write(json.dumps(dict(zip(cols, row, strict=True)), default=str) + "\n")
    return path


_ARROW = {"STRING": pa.string(), "INT64": pa.int64(), "FLOAT64": pa.float64(), "BOOL": pa.bool_(),
          "DATE": pa.date32(), "TIMESTAMP": pa.timestamp("us")}


def write_parquet(path: Path, table: str) -> Path:
    spec = raw_table(table)
    data = {c.name: pa.array([row[i] for row in ROWS[table]], type=_ARROW[c.type]) for i, c in enumerate(spec.columns)}
    pq.write_table(pa.table(data), path)
    return path


def fetch(db: Path, table: str, order: str = "1") -> list[tuple[object, ...]]:
    spec = raw_table(table)
    with duckdb.connect(str(db)) as con:
        return con.execute(f"select {', '.join(spec.column_names)} from {spec.qualified_name} order by {order}").fetchall()


def count(db: Path, table: str) -> int:
    with duckdb.connect(str(db)) as con:
        return con.execute(f"select count(*) from {raw_table(table).qualified_name}").fetchone()[0]  # type: ignore[index]


def history(db: Path) -> list[tuple[object, ...]]:
    with duckdb.connect(str(db)) as con:
        return con.execute(
            "select file_name, table_name, status, rows_loaded, forced, mode, error_message "
            "from nba_orchestration.raw_load_history order by loaded_at, file_name"
        ).fetchall()


def load(db: Path, directory: Path, **kwargs: object) -> LoadReport:
    with duckdb.connect(str(db)) as con:
        return load_directory(con, directory, **kwargs)  # type: ignore[arg-type]


def reason(report: LoadReport, file_name: str) -> str:
    [result] = [r for r in report.results if r.file_name == file_name]
    assert result.status == "refused", result
    return result.reason or ""


def cli(db: Path, directory: Path, *extra: str) -> int:
    parser = argparse.ArgumentParser()
    command.add_arguments(parser)
    return command.run(parser.parse_args([str(directory), "--db", str(db), *extra]))


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "test.duckdb"


@pytest.fixture
def data(tmp_path: Path) -> Path:
    folder = tmp_path / "raw"
    folder.mkdir()
    return folder


# --- formats ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("table", ["nbac_schedule", "nba_players_registry"])
@pytest.mark.parametrize("fmt", ["csv", "csv.gz", "parquet", "ndjson"])
def test_round_trip_every_format(db: Path, data: Path, table: str, fmt: str) -> None:
    path = data / f"{table}.{fmt}"
    if fmt.startswith("csv"):
        write_csv(path, text_rows(table))
    elif fmt == "parquet":
        write_parquet(path, table)
    else:
        write_ndjson(path, table)

    report = load(db, data)

    assert [(r.status, r.rows) for r in report.results] == [("loaded", 2)]
    assert fetch(db, table) == sorted(ROWS[table])


def test_columns_get_contract_types(db: Path, data: Path) -> None:
    write_csv(data / "nbac_schedule.csv", text_rows("nbac_schedule"))
    load(db, data)
    with duckdb.connect(str(db)) as con:
        types = dict(con.execute(
            "select column_name, data_type from information_schema.columns "
            "where table_schema = 'nba_raw' and table_name = 'nbac_schedule'"
        ).fetchall())
    assert types["season_year"] == "BIGINT" and types["game_date"] == "DATE"
    assert types["processed_at"] == "TIMESTAMP" and types["is_playoffs"] == "BOOLEAN"


def test_value_spellings(db: Path, data: Path) -> None:
    rows = text_rows("nbac_schedule")
    spellings = [("TRUE", "F", "Yes"), ("1", "no", "0"), ("t", "False", "NO")]
    zones = ["2025-01-15T19:30:00-05:00", "2025-01-16T00:30:00Z", " 2025-01-16 00:30:00 "]
    out = []
    for i, ((reg, po, neutral), ts) in enumerate(zip(spellings, zones, strict=True)):
        out.append({**rows[0], "game_id": f"g{i}", "is_regular_season": reg, "is_playoffs": po,
                    "neutral_site_flag": neutral, "game_date_est": ts, "home_team_score": "110.0",
                    "arena_city": "", "season_year": " 2024 "})
    write_csv(data / "nbac_schedule.csv", out)

    report = load(db, data)

    assert report.exit_code == 0, report.results
    got = fetch(db, "nbac_schedule")
    assert [(r[9], r[10], r[12]) for r in got] == [(True, False, True), (True, False, False), (True, False, False)]
    assert {r[3] for r in got} == {T(2025, 1, 16, 0, 30)}  # offsets honoured, no zone = UTC
    assert {r[7] for r in got} == {110} and {r[1] for r in got} == {2024}
    assert {r[11] for r in got} == {None}  # empty string is NULL


def test_several_files_per_table_and_other_files_skipped(db: Path, data: Path) -> None:
    rows = text_rows("nbac_schedule")
    write_csv(data / "nbac_schedule.2024-10.csv", rows[:1])
    write_csv(data / "nbac_schedule.2024-11.csv.gz", rows[1:])
    (data / "README.md").write_text("notes")
    (data / ".DS_Store").write_text("junk")

    report = load(db, data)

    assert [r.rows for r in report.results] == [1, 1]
    assert [p.name for p in report.skipped] == ["README.md"]
    assert report.exit_code == 0
    assert count(db, "nbac_schedule") == 2


def test_extra_columns_ignored_and_order_free(db: Path, data: Path) -> None:
    rows = [{"zzz_extra": "whatever", **r, "another": "x"} for r in text_rows("nba_players_registry")]
    rows = [{("Player_Name" if k == "player_name" else k): v for k, v in r.items()} for r in rows]
    cols = ["zzz_extra", *reversed(columns_of("nba_players_registry")), "another"]
    cols = ["Player_Name" if c == "player_name" else c for c in cols]  # header case does not matter
    write_csv(data / "nba_players_registry.csv", rows, cols)

    assert load(db, data).exit_code == 0
    assert fetch(db, "nba_players_registry") == sorted(REGISTRY)


# --- refusals ---------------------------------------------------------------------------------------


def test_unknown_table_refused_listing_known_tables(db: Path, data: Path) -> None:
    write_csv(data / "nbac_scheduel.csv", text_rows("nbac_schedule"))
    write_csv(data / "nba_players_registry.csv", text_rows("nba_players_registry"))

    report = load(db, data)

    why = reason(report, "nbac_scheduel.csv")
    assert "nbac_scheduel" in why
    assert all(t.name in why for t in RAW_TABLES)
    assert count(db, "nba_players_registry") == 2
    assert report.exit_code == 2


def test_missing_required_columns_named(db: Path, data: Path) -> None:
    cols = [c for c in columns_of("nbac_schedule") if c not in ("game_date", "processed_at")]
    write_csv(data / "nbac_schedule.csv", text_rows("nbac_schedule"), cols)

    why = reason(load(db, data), "nbac_schedule.csv")

    assert "missing required column(s): game_date, processed_at" in why
    assert count(db, "nbac_schedule") == 0


def test_missing_column_in_parquet_and_ndjson(db: Path, data: Path) -> None:
    pq.write_table(pa.table({"game_id": ["x"]}), data / "nbac_schedule.parquet")
    (data / "nba_players_registry.ndjson").write_text('{"player_lookup": "a"}\n')

    report = load(db, data)

    assert "season_year" in reason(report, "nbac_schedule.parquet")
    assert "universal_player_id" in reason(report, "nba_players_registry.ndjson")


@pytest.mark.parametrize(
    ("column", "bad", "type_"),
    [("game_date", "2025-13-45", "DATE"), ("home_team_score", "12.5", "INT64"),
     ("home_team_score", "abc", "INT64"), ("is_playoffs", "maybe", "BOOL"),
     ("processed_at", "yesterday", "TIMESTAMP")],
)
def test_bad_value_named_with_column_line_and_value(db: Path, data: Path, column: str, bad: str, type_: str) -> None:
    rows = text_rows("nbac_schedule") * 3
    rows[3] = {**rows[3], column: bad}  # data row 4 = line 5
    write_csv(data / "nbac_schedule.csv", rows)

    why = reason(load(db, data), "nbac_schedule.csv")

    assert f"column {column} ({type_}): 1 bad value" in why
    assert f"line 5: {bad!r}" in why
    assert count(db, "nbac_schedule") == 0


def test_bad_values_counted_first_few_shown_and_lines_follow_multiline_fields(db: Path, data: Path) -> None:
    rows = text_rows("nbac_schedule") * 10
    rows[0] = {**rows[0], "arena_city": "two\nlines"}  # a quoted field spanning lines shifts later lines
    for i in range(2, 20):
        rows[i] = {**rows[i], "season_year": f"bad{i}"}
    rows[5] = {**rows[5], "game_date": "nope"}
    write_csv(data / "nbac_schedule.csv", rows)

    why = reason(load(db, data), "nbac_schedule.csv")

    assert "column season_year (INT64): 18 bad values" in why
    assert "line 5: 'bad2', line 6: 'bad3'" in why  # row index 2 -> line 3 + 1 for the embedded newline
    assert "bad7" not in why  # only the first five
    assert "column game_date (DATE): 1 bad value, e.g. line 8: 'nope'" in why


def test_ndjson_and_parquet_locations(db: Path, data: Path) -> None:
    lines = [json.dumps({**r, "season_year": "x" if i == 1 else r["season_year"]})
             for i, r in enumerate(text_rows("nbac_schedule"))]
    (data / "nbac_schedule.ndjson").write_text(lines[0] + "\n\n" + lines[1] + "\n")  # blank line 2
    strings = {**text_rows("nba_players_registry")[0], "birth_date": "x"}  # a string column in a DATE slot
    pq.write_table(pa.table({c: [v] for c, v in strings.items()}), data / "nba_players_registry.parquet")

    report = load(db, data)

    assert "line 3: 'x'" in reason(report, "nbac_schedule.ndjson")
    assert "column birth_date (DATE): 1 bad value, e.g. row 1: 'x'" in reason(report, "nba_players_registry.parquet")


def test_ndjson_line_that_is_not_an_object(db: Path, data: Path) -> None:
    (data / "nba_players_registry.ndjson").write_text('{"a": 1}\n[1, 2]\n')
    assert "line 2: a JSON array" in reason(load(db, data), "nba_players_registry.ndjson")


def test_atomic_per_file_with_cli_exit_code(db: Path, data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base = text_rows("nbac_schedule")[0]
    rows = [{**base, "game_id": f"g{i}"} for i in range(1000)]
    rows[498] = {**rows[498], "game_date": "2025-02-30"}  # line 500 (header is line 1)
    write_csv(data / "nbac_schedule.csv", rows)
    write_csv(data / "nba_players_registry.csv", text_rows("nba_players_registry"))

    code = cli(db, data)

    out = capsys.readouterr().out
    assert code == 2
    assert count(db, "nbac_schedule") == 0
    assert count(db, "nba_players_registry") == 2
    assert "line 500: '2025-02-30'" in out and "refused" in out and "loaded" in out
    assert [(h[0], h[2]) for h in history(db)] == [("nba_players_registry.csv", "loaded"), ("nbac_schedule.csv", "refused")]


def test_cli_exit_codes_ok_and_nothing_to_load(db: Path, data: Path) -> None:
    assert cli(db, data) == 1  # empty folder
    assert cli(db, data / "missing") == 1
    write_csv(data / "nba_players_registry.csv", text_rows("nba_players_registry"))
    assert cli(db, data) == 0


@pytest.mark.parametrize(
    ("name", "make"),
    [
        ("nbac_schedule.csv", lambda text: text[: text.rindex(",") - 3]),  # cut mid-line: too few fields
        ("nbac_schedule.csv", lambda text: text + '"0022400999,2024'),  # cut inside a quoted field
        ("nbac_schedule.ndjson", None),
        ("nbac_schedule.csv.gz", None),
        ("nbac_schedule.csv.gz", "garbage"),
        ("nbac_schedule.parquet", None),
    ],
)
def test_truncated_files_refused_nothing_loaded(db: Path, data: Path, name: str, make: object) -> None:
    rows = [{**text_rows("nbac_schedule")[0], "game_id": f"g{i}"} for i in range(2000)]
    path = data / name
    if name.endswith(".csv"):
        text = write_csv(data / "tmp.txt", rows).read_text()
        path.write_text(make(text))  # type: ignore[operator]
    elif name.endswith(".ndjson"):
        text = "".join(json.dumps(r) + "\n" for r in rows)
        path.write_text(text[:-20])
    elif name.endswith(".parquet"):
        pq.write_table(pa.table({c: [r[c] for r in rows] for c in rows[0]}), data / "tmp.parquet")
        blob = (data / "tmp.parquet").read_bytes()
        path.write_bytes(blob[: len(blob) - 100])
    elif make == "garbage":
        path.write_bytes(b"\x1f\x8b not really gzip")
    else:
        blob = gzip.compress(write_csv(data / "tmp.txt", rows).read_bytes())
        path.write_bytes(blob[: len(blob) // 2])

    report = load(db, data)

    why = reason(report, name)
    assert any(word in why for word in ("gzip", "truncated", "parquet", "Parquet")), why
    assert count(db, "nbac_schedule") == 0


# --- history, append, replace ------------------------------------------------------------------------


def test_append_twice_refused_then_forced(db: Path, data: Path) -> None:
    write_csv(data / "nbac_schedule.csv", text_rows("nbac_schedule"))

    assert load(db, data).exit_code == 0
    second = load(db, data)
    assert second.exit_code == 2
    why = reason(second, "nbac_schedule.csv")
    assert "already loaded into nba_raw.nbac_schedule at" in why and "use --force" in why
    assert count(db, "nbac_schedule") == 2
    assert load(db, data, force=True).exit_code == 0
    assert count(db, "nbac_schedule") == 4

    assert [(h[2], h[3], h[4]) for h in history(db)] == [("loaded", 2, False), ("refused", 0, False), ("loaded", 2, True)]
    with duckdb.connect(str(db)) as con:
        shas = con.execute("select distinct file_sha256, file_bytes from nba_orchestration.raw_load_history").fetchall()
    assert len(shas) == 1 and shas[0][1] == (data / "nbac_schedule.csv").stat().st_size


def test_same_content_under_two_names_is_a_duplicate(db: Path, data: Path) -> None:
    write_csv(data / "nbac_schedule.a.csv", text_rows("nbac_schedule"))
    write_csv(data / "nbac_schedule.b.csv", text_rows("nbac_schedule"))
    report = load(db, data)
    assert "already loaded" in reason(report, "nbac_schedule.b.csv")
    assert count(db, "nbac_schedule") == 2


def test_replace_mode_replaces(db: Path, data: Path, tmp_path: Path) -> None:
    write_csv(data / "nbac_schedule.csv", text_rows("nbac_schedule"))
    load(db, data)
    newer = tmp_path / "newer"
    newer.mkdir()
    write_csv(newer / "nbac_schedule.1.csv", text_rows("nbac_schedule", SCHEDULE[:1]))
    write_csv(newer / "nbac_schedule.2.csv", [{**text_rows("nbac_schedule")[1], "game_id": "NEW"}])

    report = load(db, newer, mode="replace")

    assert report.exit_code == 0
    assert [r[0] for r in fetch(db, "nbac_schedule")] == ["0022400561", "NEW"]
    # Replacing is idempotent, so loading the same files again in replace mode is not a duplicate.
    assert load(db, newer, mode="replace").exit_code == 0
    assert count(db, "nbac_schedule") == 2
    # The originally appended file's rows are gone, so appending it again is allowed.
    assert load(db, data).exit_code == 0
    assert count(db, "nbac_schedule") == 4


def test_replace_with_a_bad_file_leaves_the_table_untouched(db: Path, data: Path, tmp_path: Path) -> None:
    write_csv(data / "nbac_schedule.csv", text_rows("nbac_schedule"))
    load(db, data)
    newer = tmp_path / "newer"
    newer.mkdir()
    write_csv(newer / "nbac_schedule.good.csv", text_rows("nbac_schedule"))
    write_csv(newer / "nbac_schedule.bad.csv", [{**text_rows("nbac_schedule")[0], "game_status": "final"}])
    write_csv(newer / "nba_players_registry.csv", text_rows("nba_players_registry"))

    report = load(db, newer, mode="replace")

    assert "game_status" in reason(report, "nbac_schedule.bad.csv")
    assert "abandoned because nbac_schedule.bad.csv was refused" in reason(report, "nbac_schedule.good.csv")
    assert fetch(db, "nbac_schedule") == sorted(SCHEDULE)
    assert count(db, "nba_players_registry") == 2


def test_load_file_api(db: Path, data: Path) -> None:
    path = write_csv(data / "export.csv", text_rows("nba_players_registry"))
    with duckdb.connect(str(db)) as con:
        result = load_file(con, path, table_name="nba_players_registry")
        again = load_file(con, path, mode="replace", table_name="nba_players_registry")
    assert (result.status, result.rows, again.rows) == ("loaded", 2, 2)
    assert count(db, "nba_players_registry") == 2


def test_callers_connection_settings_untouched(db: Path, data: Path) -> None:
    write_csv(data / "nbac_schedule.csv", text_rows("nbac_schedule"))
    with duckdb.connect(str(db)) as con:
        con.execute("set TimeZone = 'America/New_York'")
        load_directory(con, data)
        assert con.execute("select current_setting('TimeZone')").fetchone() == ("America/New_York",)
    assert fetch(db, "nbac_schedule")[0][3] == T(2025, 1, 16, 0, 30)  # still read as UTC


# --- injection ---------------------------------------------------------------------------------------


HOSTILE = "x'); drop table nba_raw.nbac_schedule; --"


def _tables(db: Path) -> list[tuple[str, str]]:
    with duckdb.connect(str(db)) as con:
        return con.execute("select schema_name, table_name from duckdb_tables() order by all").fetchall()


def test_hostile_cell_values_stored_verbatim(db: Path, data: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    other.mkdir()
    write_csv(other / "nba_players_registry.csv", text_rows("nba_players_registry"))
    load(db, other)
    before = _tables(db)
    evil = ['"; drop table x; --', HOSTILE, "Robert'); DROP TABLE students;--", "{game_id}", "?", "$1"]
    rows = [{**text_rows("nbac_schedule")[0], "game_id": f"g{i}", "arena_city": v, "data_source": v}
            for i, v in enumerate(evil)]
    write_csv(data / "nbac_schedule.csv", rows)

    report = load(db, data)

    assert report.exit_code == 0
    assert sorted(r[11] for r in fetch(db, "nbac_schedule")) == sorted(evil)
    assert _tables(db) == before
    assert count(db, "nba_players_registry") == 2


def test_hostile_file_and_header_names(db: Path, data: Path) -> None:
    rows = text_rows("nbac_schedule")
    hostile = data / f"nbac_schedule.{HOSTILE}.csv"
    write_csv(hostile, [{**rows[0], 'x"); drop table nba_raw.nbac_schedule; --': "1"}],
              [*columns_of("nbac_schedule"), 'x"); drop table nba_raw.nbac_schedule; --'])
    # Glob characters: DuckDB would expand 'nbac_schedule.a*.csv' to both files, '[b]' to 'b'.
    write_csv(data / "nbac_schedule.a*.csv", [{**rows[0], "game_id": "star"}])
    write_csv(data / "nbac_schedule.ab.csv", [{**rows[0], "game_id": "ab"}])
    write_csv(data / "nbac_schedule.[b].csv", [{**rows[0], "game_id": "bracket"}])
    write_csv(data / "nbac_schedule.b.csv", [{**rows[0], "game_id": "b"}])
    write_csv(data / f"{HOSTILE}.csv", rows)

    report = load(db, data)

    assert "unknown raw table \"x'); drop table nba_raw\"" in reason(report, f"{HOSTILE}.csv")
    assert sorted(r[0] for r in fetch(db, "nbac_schedule")) == ["0022400561", "ab", "b", "bracket", "star"]
    assert {r.file_name for r in report.results if r.loaded} == {
        hostile.name, "nbac_schedule.a*.csv", "nbac_schedule.ab.csv", "nbac_schedule.[b].csv", "nbac_schedule.b.csv"}
    assert hostile.name in {h[0] for h in history(db)}
    assert ("nba_raw", "nbac_schedule") in _tables(db)
