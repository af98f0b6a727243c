"""Realistic dirt in the raw feeds, every item logged to nba_sim.dirt_log so tests can prove that
staging catches it. Each row gets at most one dirt item, so a logged key always still matches the
row it describes.

Dirt is applied to the whole season's rows -- the world -- before any as_of cut, so which rows are
dirty never depends on as_of. Every log item carries `visible_at`, the processed_at of the row it
describes (for the 'missing' kinds, whose point is that the rows are absent: when the rows would
have arrived); the as_of view keeps an item exactly when its row is visible.
"""

from __future__ import annotations

import json
import unicodedata

import numpy as np
import pandas as pd

# Columns that identify a row in each table (row_key in dirt_log is a JSON object of these).
KEY_COLS: dict[str, tuple[str, ...]] = {
    "nbac_schedule": ("game_id", "data_source", "game_status"),
    "nbac_gamebook_player_stats": ("game_id", "nba_player_id", "processed_at"),
    "nbac_player_boxscores": ("game_id", "nba_player_id", "processed_at"),
    "nbac_team_boxscore": ("game_id", "team_abbr"),
    "odds_api_player_points_props": ("game_id", "bookmaker", "snapshot_timestamp", "player_name"),
    "bettingpros_player_points_props": ("offer_id", "bookmaker", "created_at", "bet_side", "market_type"),
    "odds_api_game_lines": ("game_id", "bookmaker_key", "snapshot_timestamp", "market_key", "outcome_name"),
    "nbac_injury_report": ("game_id", "report_date", "report_hour", "player_name_original"),
    "bigdataball_play_by_play": ("event_id",),
    "nba_players_registry": ("player_lookup", "season"),
}
# Kinds whose rows are absent on purpose (row_key names what is missing, not a raw row).
MISSING_KINDS = ("missing_gamebook_date", "missing_pbp_date", "registry_gap")
TEAM_VARIANTS = {"BKN": "BRK", "PHX": "PHO", "GSW": "GS", "NOP": "NO", "SAS": "SA", "NYK": "NY", "CHA": "CHO"}
CANONICAL_TEAM = {v: k for k, v in TEAM_VARIANTS.items()}


def canonical_team(code: str) -> str:
    """What a loader must do with a team code (tests use it to read dirty codes back)."""
    upper = code.upper()
    return CANONICAL_TEAM.get(upper, upper)


def ascii_fold(name: str) -> str:
    text = name.translate(str.maketrans({"ı": "i", "İ": "I"}))
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def name_variant(name: str, rng: np.random.Generator) -> str:
    """Another spelling with the same player_lookup: accents dropped, 'Jr.' as 'Jr' or ', Jr.'."""
    if name.endswith(" Jr."):
        return name[:-4] + (", Jr." if rng.random() < 0.5 else " Jr")
    if name.endswith(" Sr."):
        return name[:-4] + " Sr"
    folded = ascii_fold(name)
    return folded if folded != name else name.upper()


def _keys(df: pd.DataFrame, rows: np.ndarray, cols: tuple[str, ...]) -> list[str]:
    """JSON row keys ({column: str(value)}) of df's rows at positions `rows`."""
    values = [[str(v) for v in df[c].iloc[rows].tolist()] for c in cols]
    return [json.dumps(dict(zip(cols, vals)), sort_keys=True) for vals in zip(*values)]


class Dirtier:
    def __init__(self, tables: dict[str, pd.DataFrame], rng: np.random.Generator) -> None:
        self.tables = {k: v.reset_index(drop=True) for k, v in tables.items()}
        self.touched = {k: np.zeros(len(v), dtype=bool) for k, v in self.tables.items()}
        self.rng = rng
        self.log: list[tuple[str, str, str, str, pd.Timestamp]] = []

    def pick(self, table: str, rate: float, eligible: np.ndarray | None = None) -> np.ndarray:
        ok = ~self.touched[table] if eligible is None else (~self.touched[table] & eligible)
        chosen = np.flatnonzero(ok & (self.rng.random(len(ok)) < rate))
        self.touched[table][chosen] = True
        return chosen

    def record(self, table: str, kind: str, rows: np.ndarray, detail: str | list[str],
               cols: tuple[str, ...] | None = None, visible_at: pd.Series | None = None) -> None:
        """Log one item per row; it is visible when the row is (unless `visible_at` says otherwise)."""
        df = self.tables[table]
        rows = np.asarray(rows, dtype=np.int64)
        details = detail if isinstance(detail, list) else [detail] * len(rows)
        seen = df["processed_at"].iloc[rows] if visible_at is None else visible_at
        for key, d, at in zip(_keys(df, rows, cols or KEY_COLS[table]), details, seen.tolist()):
            self.log.append((table, kind, key, d, at))

    def append(self, table: str, extra: pd.DataFrame) -> np.ndarray:
        """Add rows (copies / corrections); returns their positions, marked as touched."""
        df = self.tables[table]
        start = len(df)
        self.tables[table] = pd.concat([df, extra], ignore_index=True)
        self.touched[table] = np.concatenate([self.touched[table], np.ones(len(extra), dtype=bool)])
        return np.arange(start, start + len(extra))

    def log_missing(self, table: str, kind: str, key: dict[str, str], detail: str,
                    visible_at: pd.Timestamp) -> None:
        self.log.append((table, kind, json.dumps(key, sort_keys=True), detail, visible_at))

    def frame(self) -> pd.DataFrame:
        log = pd.DataFrame(self.log, columns=["table_name", "dirt_kind", "row_key", "detail", "visible_at"])
        log["visible_at"] = pd.to_datetime(log["visible_at"])
        return log


PLAYER_NAME_COL = {
    "nbac_gamebook_player_stats": "player_name", "nbac_player_boxscores": "player_full_name",
    "odds_api_player_points_props": "player_name", "bettingpros_player_points_props": "player_name",
}
LOOKUP_TABLES = ("nbac_gamebook_player_stats", "nbac_player_boxscores", "odds_api_player_points_props",
                 "bettingpros_player_points_props", "nbac_injury_report")
TEAM_COLS = {
    "nbac_gamebook_player_stats": "team_abbr", "nbac_player_boxscores": "team_abbr",
    "nbac_team_boxscore": "team_abbr", "nbac_injury_report": "team",
    "bettingpros_player_points_props": "player_team", "odds_api_player_points_props": "home_team_abbr",
    "nbac_schedule": "home_team_tricode", "odds_api_game_lines": "away_team_abbr",
}
DUPLICATED = ("odds_api_player_points_props", "bettingpros_player_points_props", "nbac_injury_report",
              "odds_api_game_lines")


def _name_variants(d: Dirtier) -> None:
    for table, col in PLAYER_NAME_COL.items():
        names = d.tables[table][col].astype(str)
        fancy_names = [n for n in names.unique() if ascii_fold(n) != n or n.endswith((" Jr.", " Sr."))]
        fancy = names.isin(fancy_names).to_numpy()
        rows = d.pick(table, 0.06, fancy)
        d.tables[table].loc[rows, col] = [name_variant(n, d.rng) for n in names.iloc[rows]]
        d.record(table, "name_variant", rows, f"{col} spelled differently; player_lookup must be recomputed")


def _lookups(d: Dirtier) -> None:
    for table in LOOKUP_TABLES:
        df = d.tables[table]
        rows = d.pick(table, 0.006)
        wrong = d.rng.random(len(rows)) < 0.5
        bad = [lk[:-2] if lk.endswith(("jr", "sr")) else lk[::-1] for lk in df.loc[rows[wrong], "player_lookup"]]
        df.loc[rows[wrong], "player_lookup"] = bad
        df.loc[rows[~wrong], "player_lookup"] = None
        d.record(table, "lookup_wrong", rows[wrong], "player_lookup does not match player name")
        d.record(table, "lookup_null", rows[~wrong], "player_lookup is NULL")


def _team_codes(d: Dirtier) -> None:
    for table, col in TEAM_COLS.items():
        df = d.tables[table]
        has_variant = df[col].isin(list(TEAM_VARIANTS)).to_numpy()
        rows = d.pick(table, 0.03, has_variant)
        df.loc[rows, col] = df.loc[rows, col].map(TEAM_VARIANTS)
        d.record(table, "team_code_variant", rows, f"{col} uses a legacy/alternate tricode")
        rows = d.pick(table, 0.003)
        df.loc[rows, col] = df.loc[rows, col].str.lower()
        d.record(table, "team_code_variant", rows, f"{col} in lower case")


def _statuses(d: Dirtier) -> None:
    gb = d.tables["nbac_gamebook_player_stats"]
    rows = d.pick("nbac_gamebook_player_stats", 0.01)
    gb.loc[rows, "player_status"] = [("DNP" if s == "dnp" else s.capitalize() if d.rng.random() < 0.6 else s.upper())
                                     for s in gb.loc[rows, "player_status"]]
    d.record("nbac_gamebook_player_stats", "status_case", rows, "player_status not lower case")
    dnp = (gb["player_status"] == "dnp").to_numpy()
    rows = d.pick("nbac_gamebook_player_stats", 0.1, dnp)
    gb.loc[rows, "minutes"] = d.rng.choice(["", "DNP"], len(rows))
    d.record("nbac_gamebook_player_stats", "dnp_minutes", rows, "minutes '' or 'DNP' on a DNP row")
    ir = d.tables["nbac_injury_report"]
    rows = d.pick("nbac_injury_report", 0.015)
    ir.loc[rows, "injury_status"] = [s.capitalize() if d.rng.random() < 0.5 else s.upper()
                                     for s in ir.loc[rows, "injury_status"]]
    d.record("nbac_injury_report", "status_case", rows, "injury_status not lower case")


def _corrections(d: Dirtier) -> None:
    """Gamebook rows first sent wrong (plausible or absurd), re-sent correct later the same day."""
    table = "nbac_gamebook_player_stats"
    for kind, rate in (("late_correction", 0.004), ("corrupt_superseded", 0.0015)):
        gb = d.tables[table]
        fix_at = gb["processed_at"] + pd.Timedelta(hours=6)
        ok = (gb["player_status"] == "active").to_numpy()
        rows = d.pick(table, rate, ok)
        corrected = gb.loc[rows].copy()
        corrected["processed_at"] = fix_at[rows]
        if kind == "late_correction":  # a made two scored as a miss: consistent, but wrong
            gb.loc[rows, "field_goals_made"] = (gb.loc[rows, "field_goals_made"] - 1).clip(lower=0)
            gb.loc[rows, "points"] = gb.loc[rows, "points"] - 2 * (corrected["field_goals_made"] > 0)
            detail = "first version undercounts a made two; later processed_at has the correction"
        else:
            gb.loc[rows, "total_rebounds"] = -gb.loc[rows, "total_rebounds"] - 1
            gb.loc[rows, "points"] = gb.loc[rows, "points"] + 200
            detail = "first version has negative rebounds and absurd points; later processed_at is correct"
        d.record(table, kind, rows, detail)
        d.append(table, corrected)


def _corrupt_fallback(d: Dirtier, clean_games: set[str]) -> None:
    table = "nbac_player_boxscores"
    bx = d.tables[table]
    rows = d.pick(table, 0.002, bx["game_id"].isin(clean_games).to_numpy())
    bx.loc[rows, "points"] = bx.loc[rows, "points"] + d.rng.integers(3, 60, len(rows))
    bx.loc[rows, "steals"] = -1
    d.record(table, "corrupt_fallback", rows, "points do not add up and steals negative; gamebook is clean")


def _betting_extras(d: Dirtier) -> None:
    table = "bettingpros_player_points_props"
    bp = d.tables[table]
    rows = d.pick(table, 0.005)
    bp.loc[rows, "player_team"] = "FA"
    d.record(table, "team_fa", rows, "player_team 'FA': resolve the team through the schedule")
    rows = d.pick(table, 0.00005) if len(bp) > 20000 else d.pick(table, 0.0005)
    bp.loc[rows, "player_team"] = "XXX"
    d.record(table, "unknown_team", rows, "unknown team code")
    extra = bp.loc[d.rng.random(len(bp)) < 0.01].copy()
    extra["market_type"] = "rebounds"
    extra["points_line"] = np.round(extra["points_line"] * 0.45 * 2) / 2
    extra["opening_line"] = extra["points_line"]
    d.record(table, "other_market", d.append(table, extra), "rebounds market row in the points table")


def _in_game(d: Dirtier) -> None:
    table = "odds_api_player_points_props"
    props = d.tables[table]
    keys = ["game_id", "minutes_before_tipoff"]
    live = props[props["minutes_before_tipoff"] < 0]
    first_seen = live.groupby(keys)["processed_at"].transform("min")  # the snapshot is seen with its first row
    firsts = ~live.duplicated(keys)
    d.record(table, "in_game_snapshot", live.index[firsts].to_numpy(), "in-game snapshot: never a pre-game line",
             cols=tuple(keys), visible_at=first_seen[firsts])


def _duplicates(d: Dirtier) -> None:
    for table in DUPLICATED:
        rows = d.pick(table, 0.005)
        copies = d.append(table, d.tables[table].loc[rows].copy())
        d.record(table, "duplicate_snapshot", copies, "exact duplicate row")


def _registry_gaps(d: Dirtier) -> None:
    table = "nba_players_registry"
    reg = d.tables[table]
    drop = d.rng.random(len(reg)) < 0.01
    for lk, season, at in reg.loc[drop, ["player_lookup", "season", "processed_at"]].itertuples(index=False):
        d.log_missing(table, "registry_gap", {"player_lookup": lk, "season": season}, "player missing from registry",
                      at)
    keep = ~drop
    d.tables[table] = reg[keep].reset_index(drop=True)
    d.touched[table] = d.touched[table][keep]


def _missing_gamebook_dates(d: Dirtier) -> set[str]:
    table = "nbac_gamebook_player_stats"
    gb = d.tables[table]
    dates = np.array(sorted(set(gb["game_date"])), dtype=object)
    missing = set(dates[d.rng.random(len(dates)) < 0.015])
    arrives = gb.groupby("game_date")["processed_at"].min()  # when the date's first gamebook would have come
    for day in sorted(missing):
        d.log_missing(table, "missing_gamebook_date", {"game_date": str(day)}, "no gamebook: use the same-night box",
                      arrives[day])
    keep = ~gb["game_date"].isin(missing).to_numpy()
    d.tables[table] = gb[keep].reset_index(drop=True)
    d.touched[table] = d.touched[table][keep]
    return set(d.tables[table]["game_id"])


def apply_dirt(tables: dict[str, pd.DataFrame], rng: np.random.Generator, missing_pbp_dates: dict,
               prefix_games: dict[str, pd.Timestamp]) -> tuple[dict[str, pd.DataFrame], pd.DataFrame]:
    """Dirty the whole season's tables. `missing_pbp_dates` and `prefix_games` map each date / game to
    the moment its play-by-play would arrive (when the item becomes visible). The log's `visible_at`
    column says when each item can be seen."""
    d = Dirtier(tables, rng)
    clean_games = _missing_gamebook_dates(d)
    for day, at in sorted(missing_pbp_dates.items()):
        d.log_missing("bigdataball_play_by_play", "missing_pbp_date", {"game_date": str(day)}, "no play-by-play", at)
    for game, at in sorted(prefix_games.items()):
        d.log_missing("bigdataball_play_by_play", "bdb_digit_prefix", {"game_id": game},
                      "player_1_lookup carries the NBA person-id prefix", at)
    _registry_gaps(d)
    _corrections(d)
    _corrupt_fallback(d, clean_games)
    _in_game(d)
    _betting_extras(d)
    _name_variants(d)
    _lookups(d)
    _team_codes(d)
    _statuses(d)
    _duplicates(d)
    return d.tables, d.frame()
