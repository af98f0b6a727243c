"""BigDataBall-style play-by-play consistent with the box score: one event per field-goal attempt
(zone -> distance), per free throw and per rebound; assists and blocks as player_2 roles.

Event order inside a game is random (only the shot zones and counts are meant to be used).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from python_jobs.simulator import rng as rngs

PREFIX_FROM_SEASON = 2024  # BigDataBall prefixes the NBA person id from Oct 2024
MISSING_DATE_SHARE = 0.05


def _explode(rows: pd.DataFrame, count_col: str) -> pd.DataFrame:
    """One row per unit of `count_col`, with `k` = 0..count-1 inside each source row."""
    counts = rows[count_col].to_numpy().astype(int)
    out = rows.loc[rows.index.repeat(counts)].reset_index(drop=True)
    starts = np.repeat(np.cumsum(counts) - counts, counts)
    out["k"] = np.arange(len(out)) - starts
    return out


def _shots(act: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    parts = []
    for zone, pts in (("paint", 2), ("mid", 2), ("three", 3)):
        s = _explode(act, f"{zone}_a")
        s["shot_made"] = s["k"] < s[f"{zone}_m"]
        n = len(s)
        if zone == "paint":
            s["shot_distance"] = np.round(rng.uniform(0, 8, n), 1)
            s["event_subtype"] = rng.choice(["layup shot", "driving layup shot", "dunk shot", "hook shot"], n)
        elif zone == "mid":
            s["shot_distance"] = np.round(rng.uniform(8.5, 23.5, n), 1)
            s["event_subtype"] = rng.choice(["jump shot", "pullup jump shot", "step back jump shot"], n)
        else:
            corner = rng.random(n) < 0.2  # corner threes are 22 ft: only the subtype marks them
            s["shot_distance"] = np.where(corner, 22.0, np.round(rng.uniform(23.75, 28.0, n), 1))
            s["event_subtype"] = "3pt jump shot"
        s["shot_type"] = "3PT" if zone == "three" else "2PT"
        s["event_type"] = np.where(s["shot_made"], "shot", "miss")
        s["points_scored"] = np.where(s["shot_made"], pts, 0)
        parts.append(s)
    return pd.concat(parts, ignore_index=True)


def _free_throws(act: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    f = _explode(act, "fta")
    # Which attempts went in: rank random keys within the player-game, the first `ftm` are makes.
    f["r"] = rng.random(len(f))
    f["shot_made"] = f.groupby(["game_row", "player"])["r"].rank(method="first") <= f["ftm"]
    pairs = f["fta"] // 2 * 2
    single = f["k"] >= pairs
    f["event_subtype"] = np.where(single, "free throw 1/1",
                                  np.where(f["k"] % 2 == 0, "free throw 1/2", "free throw 2/2"))
    f["event_type"], f["shot_type"] = "free throw", "FT"
    f["shot_distance"] = 15.0
    f["points_scored"] = f["shot_made"].astype(int)
    return f


def _rebounds(act: pd.DataFrame) -> pd.DataFrame:
    parts = []
    for col, sub in (("oreb", "rebound offensive"), ("dreb", "rebound defensive")):
        r = _explode(act, col)
        r["event_type"], r["event_subtype"] = "rebound", sub
        parts.append(r)
    out = pd.concat(parts, ignore_index=True)
    out["shot_made"], out["shot_type"], out["shot_distance"], out["points_scored"] = None, None, np.nan, None
    return out


def _attach_role(shots: pd.DataFrame, act: pd.DataFrame, mask: pd.Series, stat: str, role: str,
                 team_col: str, rng: np.random.Generator) -> None:
    """Give `stat` (assists / blocks) to random eligible shots of the right team, no self-credit."""
    target = shots[mask].copy()
    target["r"] = rng.random(len(target))
    target["slot"] = target.groupby(["game_row", team_col])["r"].rank(method="first").astype(int)
    givers = _explode(act, stat)[["game_row", "team", "player_lookup_raw"]]
    givers["r"] = rng.random(len(givers))
    givers["slot"] = givers.groupby(["game_row", "team"])["r"].rank(method="first").astype(int)
    givers = givers.rename(columns={"team": team_col, "player_lookup_raw": "giver"})
    m = target.reset_index().merge(givers.drop(columns="r"), on=["game_row", team_col, "slot"]).set_index("index")
    m = m[m["giver"] != m["player_lookup_raw"]]
    shots.loc[m.index, "player_2_lookup"] = m["giver"]
    shots.loc[m.index, "player_2_role"] = role


def pbp_rows(pg: pd.DataFrame, games: pd.DataFrame, seed: int, season: int) -> tuple[pd.DataFrame, list]:
    """Events for every final game except those on ~5% of dates (returned as the missing dates)."""
    rng = rngs.stream(seed, rngs.PBP, season)
    dates = np.array(sorted(set(games["game_date"])), dtype=object)
    missing = set(dates[rng.random(len(dates)) < MISSING_DATE_SHARE])
    act = pg[(pg["status"] == 0) & ~pg["game_date"].isin(missing)].copy()
    act["player_lookup_raw"] = act["player_lookup"]
    if season >= PREFIX_FROM_SEASON:
        act["player_lookup_raw"] = act["nba_player_id"].astype(str) + act["player_lookup"]
    act["opp"] = np.where(act["is_home"], games["away"].to_numpy()[act["game_row"]],
                          games["home"].to_numpy()[act["game_row"]])
    shots = _shots(act, rng)
    shots["player_2_lookup"], shots["player_2_role"] = None, None
    _attach_role(shots, act, shots["shot_made"] & (shots["shot_type"] != "FT"), "ast", "assist", "team", rng)
    _attach_role(shots, act, ~shots["shot_made"] & (shots["shot_type"] == "2PT"), "blk", "block", "opp", rng)
    ev = pd.concat([shots, _free_throws(act, rng), _rebounds(act)], ignore_index=True)
    return _finish(ev, games, rng), sorted(missing)


def _finish(ev: pd.DataFrame, games: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    ev["r"] = rng.random(len(ev))
    ev = ev.sort_values(["game_row", "r"], kind="stable").reset_index(drop=True)
    ev["event_sequence"] = ev.groupby("game_row").cumcount() + 1
    size = ev.groupby("game_row")["r"].transform("size")
    n_ot = games["n_ot"].to_numpy()[ev["game_row"]]
    clock = (ev["event_sequence"] - 0.5) / size * (48 + 5 * n_ot)  # game minute of the event
    period = np.where(clock < 48, np.floor(clock / 12) + 1, 5 + np.floor((clock - 48) / 5))
    return pd.DataFrame({
        "game_id": ev["game_id"], "game_date": ev["game_date"],
        "event_id": ev["game_id"] + "_" + ev["event_sequence"].astype(str), "event_sequence": ev["event_sequence"],
        "period": period.astype(int), "event_type": ev["event_type"], "event_subtype": ev["event_subtype"],
        "player_1_lookup": ev["player_lookup_raw"], "player_1_team_abbr": ev["team_abbr"],
        "player_2_lookup": ev["player_2_lookup"], "player_2_role": ev["player_2_role"],
        "shot_made": ev["shot_made"].astype("boolean"), "shot_type": ev["shot_type"],
        "shot_distance": ev["shot_distance"].astype(float), "points_scored": ev["points_scored"].astype("Int64"),
        "processed_at": games["pbp_at"].to_numpy()[ev["game_row"]],
    })
