"""The bad-input corpus: kinds of corrupt raw data, written as real files (or as raw-row deletions for
the kinds whose point is that data is absent), each tagged so its rows can be found after the build.

Row-level kinds add gamebook rows for made-up players of one real, clean game (``Base.game_id``);
every such row carries a unique ``nba_player_id`` (``tag(kind)``), the tag the checks look for in
the raw table and in staging's base table. Used rows score 0 points so team/player point totals of
the real game still agree (that dbt test is in the build).
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from python_jobs.raw_schema import raw_table
from python_jobs.simulator.dirt import TEAM_VARIANTS

GAMEBOOK = "nbac_gamebook_player_stats"
INJURY = "nbac_injury_report"
PROPS = "odds_api_player_points_props"
REGISTRY = "nba_players_registry"
PBP = "bigdataball_play_by_play"

# Dates of the simulated league (see support.AS_OF) the corpus uses; all final and clean in the simulator.
GAME_DATE = dt.date(2025, 10, 24)  # the game the made-up players play in
MISSING_GAMEBOOK_DATE = dt.date(2025, 10, 28)  # every gamebook row of this date is removed
MISSING_PBP_DATE = dt.date(2025, 10, 27)  # every play-by-play row of this date is removed
FUTURE_DATE = dt.date(2025, 12, 25)

_TAG_BASE = 990_000_000


@dataclass(frozen=True)
class Kind:
    name: str
    summary: str
    # Row kinds: how many tagged rows reach staging's base table, per row_status.
    statuses: dict[str, int] = field(default_factory=dict)
    reason: str | None = None  # a fragment every set-aside tagged row's reason must contain
    # File kinds: files refused by the loader, and a fragment each refusal reason must contain.
    refused_files: tuple[str, ...] = ()
    refusal: tuple[str, ...] = ()


def tag(kind: str) -> int:
    """The nba_player_id that marks every gamebook row of a kind."""
    return _TAG_BASE + [k.name for k in KINDS].index(kind)


KINDS: tuple[Kind, ...] = (
    Kind("duplicate_snapshot", "the same gamebook row delivered twice", {"used": 1, "duplicate": 1},
         reason="exact duplicate of the kept row"),
    Kind("late_correction", "a gamebook row corrected two hours later", {"superseded": 1, "used": 1},
         reason="superseded by a later correction"),
    Kind("unknown_team", "team_abbr 'XYZ'", {"invalid": 1}, reason='team_abbr "XYZ" is not a known team code'),
    Kind("dnp_and_empty_minutes", "minutes 'DNP' on a DNP row and '' on an inactive row", {"used": 2}),
    Kind("negative_stats", "steals = -1", {"invalid": 1}, reason="steals = -1 is below 0"),
    Kind("absurd_stats", "points = 250", {"invalid": 1}, reason="points = 250 is above 100 (absurd)"),
    Kind("points_do_not_add_up", "points 20 from 5 two-pointers", {"invalid": 1}, reason="does not add up"),
    Kind("future_date", "a box score for a game two months ahead", {"invalid": 1}, reason="is in the future"),
    Kind("missing_registry_entry", "a player the registry does not know", {"used": 1}),
    Kind("mixed_case_status", "player_status 'AcTiVe', injury_status 'qUeStIoNaBlE'", {"used": 1}),
    Kind("accents_and_suffixes", "'Zoë Réliabilité Jr.' vs 'Zoe Reliabilite, Jr' and a wrong player_lookup",
         {"used": 1}),
    Kind("team_code_variant", "team code as a variant / lower case", {"used": 1}),
    Kind("null_key", "no player name and no player_lookup", {"invalid": 1}, reason="player_lookup is NULL"),
    Kind("in_game_line", "a prop line snapshot taken after tip-off"),
    Kind("missing_gamebook_date", f"no gamebook rows for {MISSING_GAMEBOOK_DATE}"),
    Kind("missing_pbp_date", f"no play-by-play rows for {MISSING_PBP_DATE}"),
    Kind("wrong_types", "points 'twelve' and a date '2025-13-45' in a file",
         refused_files=(f"{GAMEBOOK}.wrong_types.csv",),
         refusal=("column points (INT64)", "line 3: 'twelve'", "column game_date (DATE)", "line 4: '2025-13-45'")),
    Kind("truncated_csv", "a CSV cut off inside a quoted field", refused_files=(f"{GAMEBOOK}.truncated_csv.csv",),
         refusal=("Line: 3", "unterminated quote", "is the file truncated")),
    Kind("truncated_gzip", "a .csv.gz cut in half", refused_files=(f"{GAMEBOOK}.truncated_gzip.csv.gz",),
         refusal=("gzip",)),
    Kind("missing_column", "a file without the points column", refused_files=(f"{GAMEBOOK}.missing_column.csv",),
         refusal=("missing required column(s): points",)),
    Kind("unknown_table", "a file named after no raw table", refused_files=("nbac_gamebok_player_stats.csv",),
         refusal=("does not name a raw table", "nbac_gamebok_player_stats")),
    Kind("file_loaded_twice", "the same injury report file twice", refused_files=(f"{INJURY}.twice_b.csv",),
         refusal=("already loaded into nba_raw.nbac_injury_report",)),
)
KINDS_BY_NAME = {k.name: k for k in KINDS}

# Names of made-up players, by kind (the checks find their Phase 3 rows by the recomputed lookup).
ACCENTED_NAME = "Zoë Réliabilité Jr."
ACCENTED_LOOKUP = "zoereliabilitejr"
ACCENTED_UPID = f"{ACCENTED_LOOKUP}_002"  # registry id, not the default '_001': proves the join
UNREGISTERED_LOOKUP = "relunregistered"
CORRECTION_LOOKUP = "relcorrection"
IN_GAME_LINE = 77.5  # no pre-game line is ever this high


@dataclass(frozen=True)
class Base:
    """Facts of the clean simulated league the corpus is written against."""

    game_id: str
    home: str
    away: str
    season_year: int
    gamebook_processed_at: dt.datetime
    future_game_id: str
    props_row: dict[str, object]  # a real pre-game prop snapshot of a player of game_id


def read_base(con: duckdb.DuckDBPyConnection) -> Base:
    game_id, home, away, season, processed = con.execute(
        f"select game_id, home_team_abbr, away_team_abbr, season_year, max(processed_at) from nba_raw.{GAMEBOOK} "
        "where game_date = ? group by all order by game_id limit 1", [GAME_DATE]).fetchone()
    (future,) = con.execute("select min(game_id) from nba_raw.nbac_schedule where game_date = ?",
                            [FUTURE_DATE]).fetchone()
    table = raw_table(PROPS)
    cur = con.execute(
        f"select {', '.join(table.column_names)} from nba_raw.{PROPS} where game_id = ? and minutes_before_tipoff > 0 "
        "and player_lookup is not null order by snapshot_timestamp desc, player_lookup limit 1", [game_id])
    props = dict(zip(table.column_names, cur.fetchone(), strict=True))
    return Base(game_id, home.upper(), away.upper(), int(season), processed, future, props)


def _gamebook(base: Base, kind: str, name: str | None, **overrides: object) -> dict[str, object]:
    """A valid active gamebook row (2 minutes, no counting stats) for a made-up player of base.game_id."""
    row: dict[str, object] = dict(
        game_id=base.game_id, game_date=GAME_DATE, season_year=base.season_year, team_abbr=base.home,
        home_team_abbr=base.home, away_team_abbr=base.away, player_name=name, player_lookup=None,
        nba_player_id=tag(kind), player_status="active", dnp_reason=None, is_starter=False, minutes="2:00",
        points=0, field_goals_made=0, field_goals_attempted=0, three_pointers_made=0, three_pointers_attempted=0,
        free_throws_made=0, free_throws_attempted=0, offensive_rebounds=0, defensive_rebounds=0, total_rebounds=0,
        assists=0, steals=0, blocks=0, turnovers=0, personal_fouls=0, plus_minus=0,
        processed_at=base.gamebook_processed_at + dt.timedelta(minutes=5),
    )
    row.update(overrides)
    return row


_NO_STATS = {c: None for c in (
    "points", "field_goals_made", "field_goals_attempted", "three_pointers_made", "three_pointers_attempted",
    "free_throws_made", "free_throws_attempted", "offensive_rebounds", "defensive_rebounds", "total_rebounds",
    "assists", "steals", "blocks", "turnovers", "personal_fouls", "plus_minus")}


def gamebook_rows(base: Base) -> dict[str, list[dict[str, object]]]:
    """The gamebook rows of every row-level kind, by kind."""
    later = base.gamebook_processed_at + dt.timedelta(hours=2)
    variant = TEAM_VARIANTS.get(base.home, base.home.lower())
    return {
        "duplicate_snapshot": [_gamebook(base, "duplicate_snapshot", "Rel Duplicate")] * 2,
        "late_correction": [
            _gamebook(base, "late_correction", "Rel Correction", assists=1),
            _gamebook(base, "late_correction", "Rel Correction", assists=3, processed_at=later),
        ],
        "unknown_team": [_gamebook(base, "unknown_team", "Rel Unknown Team", team_abbr="XYZ")],
        "dnp_and_empty_minutes": [
            _gamebook(base, "dnp_and_empty_minutes", "Rel Dnp Minutes", player_status="DNP",
                      dnp_reason="Coach's Decision", minutes="DNP", **_NO_STATS),
            _gamebook(base, "dnp_and_empty_minutes", "Rel Empty Minutes", player_status="inactive",
                      dnp_reason="Injury/Illness", minutes="", **_NO_STATS),
        ],
        "negative_stats": [_gamebook(base, "negative_stats", "Rel Negative", steals=-1)],
        "absurd_stats": [_gamebook(base, "absurd_stats", "Rel Absurd", points=250, field_goals_made=100,
                                   field_goals_attempted=100, free_throws_made=50, free_throws_attempted=50)],
        "points_do_not_add_up": [_gamebook(base, "points_do_not_add_up", "Rel Bad Sum", points=20,
                                           field_goals_made=5, field_goals_attempted=10)],
        "future_date": [_gamebook(base, "future_date", "Rel Future", game_id=base.future_game_id,
                                  game_date=FUTURE_DATE)],
        "missing_registry_entry": [_gamebook(base, "missing_registry_entry", "Rel Unregistered")],
        "mixed_case_status": [_gamebook(base, "mixed_case_status", "Rel Mixed Case", player_status="AcTiVe")],
        "accents_and_suffixes": [_gamebook(base, "accents_and_suffixes", ACCENTED_NAME, player_lookup="zoe")],
        "team_code_variant": [_gamebook(base, "team_code_variant", "Rel Team Variant", team_abbr=variant)],
        "null_key": [_gamebook(base, "null_key", "", player_lookup="")],
    }


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    return str(value)


def write_csv(path: Path, table: str, rows: list[dict[str, object]], columns: list[str] | None = None) -> Path:
    columns = columns or raw_table(table).column_names
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        for row in rows:
            writer.writerow([_text(row.get(c)) for c in columns])
    return path


def write_corpus(directory: Path, base: Base) -> dict[str, int]:
    """Write every file of the corpus into directory; returns the rows each loadable file holds."""
    directory.mkdir(parents=True, exist_ok=True)
    expected_rows: dict[str, int] = {}
    for kind, rows in gamebook_rows(base).items():
        name = f"{GAMEBOOK}.{kind}.csv"
        write_csv(directory / name, GAMEBOOK, rows)
        expected_rows[name] = len(rows)

    # mixed-case injury status and the accented player's registry entry ride along with their kinds
    injury = [dict(report_date=GAME_DATE, report_hour=17, game_date=GAME_DATE, game_id=base.game_id,
                   team=base.home, player_name_original="Case, Rel Mixed", player_lookup=None,
                   injury_status="qUeStIoNaBlE", reason="Injury/Illness - Left Ankle; Sprain",
                   reason_category="injury", processed_at=dt.datetime.combine(GAME_DATE, dt.time(21, 5)))]
    expected_rows[f"{INJURY}.mixed_case_status.csv"] = len(injury)
    write_csv(directory / f"{INJURY}.mixed_case_status.csv", INJURY, injury)
    registry = [dict(universal_player_id=ACCENTED_UPID, player_lookup=None, player_name="Zoe Reliabilite, Jr",
                     team_abbr=base.home, season=f"{base.season_year}-{(base.season_year + 1) % 100:02d}",
                     position="G", birth_date=None, processed_at=base.gamebook_processed_at)]
    write_csv(directory / f"{REGISTRY}.accents_and_suffixes.csv", REGISTRY, registry)
    expected_rows[f"{REGISTRY}.accents_and_suffixes.csv"] = 1

    # in_game_line: the same player and book, 30 minutes after tip-off, at an impossible line
    props = dict(base.props_row)
    tip = props["game_start_time"]
    assert isinstance(tip, dt.datetime)
    props.update(snapshot_timestamp=tip + dt.timedelta(minutes=30), minutes_before_tipoff=-30,
                 points_line=IN_GAME_LINE, processed_at=tip + dt.timedelta(minutes=31))
    write_csv(directory / f"{PROPS}.in_game_line.csv", PROPS, [props])
    expected_rows[f"{PROPS}.in_game_line.csv"] = 1

    # file_loaded_twice: identical content under two names; the second is refused as already loaded
    twice = [dict(injury[0], player_name_original="Twice, Rel", injury_status="out")]
    write_csv(directory / f"{INJURY}.twice_a.csv", INJURY, twice)
    shutil.copyfile(directory / f"{INJURY}.twice_a.csv", directory / f"{INJURY}.twice_b.csv")
    expected_rows[f"{INJURY}.twice_a.csv"] = 1

    _write_refused_files(directory, base)
    return expected_rows


def _write_refused_files(directory: Path, base: Base) -> None:
    """The file-level kinds: every one of these must be refused whole, with a reason naming the fault."""
    good = [_gamebook(base, "wrong_types", f"Rel Wrong Types {i}") for i in range(3)]
    bad = [dict(good[0]), dict(good[1], points="twelve"), dict(good[2], game_date="2025-13-45")]
    write_csv(directory / f"{GAMEBOOK}.wrong_types.csv", GAMEBOOK, bad)  # header = line 1: bad rows on lines 3, 4

    rows = [_gamebook(base, "truncated_csv", f"Rel Truncated {i}", dnp_reason="said \"no\"") for i in range(3)]
    full = directory / "truncated.tmp"
    write_csv(full, GAMEBOOK, rows)
    text = full.read_text(encoding="utf-8")
    cut = text.index('"said ""no""', text.index("Rel Truncated 1")) + 5  # inside the quoted field
    (directory / f"{GAMEBOOK}.truncated_csv.csv").write_text(text[:cut], encoding="utf-8")

    rows = [_gamebook(base, "truncated_gzip", f"Rel Gzip {i}") for i in range(40)]
    write_csv(full, GAMEBOOK, rows)
    packed = gzip.compress(full.read_bytes())
    (directory / f"{GAMEBOOK}.truncated_gzip.csv.gz").write_bytes(packed[: len(packed) // 2])
    full.unlink()

    columns = [c for c in raw_table(GAMEBOOK).column_names if c != "points"]
    write_csv(directory / f"{GAMEBOOK}.missing_column.csv", GAMEBOOK,
              [_gamebook(base, "missing_column", "Rel Missing Column")], columns)
    write_csv(directory / "nbac_gamebok_player_stats.csv", GAMEBOOK, [_gamebook(base, "unknown_table", "Rel Typo")])


def remove_dates(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """The 'missing' kinds: delete a whole date of the gamebook and of the play-by-play (rows removed)."""
    removed = {}
    for table, day in ((GAMEBOOK, MISSING_GAMEBOOK_DATE), (PBP, MISSING_PBP_DATE)):
        (n,) = con.execute(f"select count(*) from nba_raw.{table} where game_date = ?", [day]).fetchone()
        assert n > 0, f"the simulated league has no {table} rows on {day} to remove"
        con.execute(f"delete from nba_raw.{table} where game_date = ?", [day])
        removed[table] = int(n)
    return removed
