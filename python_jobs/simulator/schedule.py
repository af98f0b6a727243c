"""A realistic 82-game regular season: NBA matchup formula, then a greedy day-by-day calendar.

Matchups (per team): 4 games vs each of 4 division rivals, 4 vs 6 and 3 vs 4 other conference teams,
2 vs each of the 15 teams of the other conference = 82, exactly 41 at home.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from python_jobs.simulator import rng as rngs
from python_jobs.simulator.timeutil import ET

SEASON_DAYS = 168  # opening night to the last scheduled day (real seasons: ~165-175)
_WEEKDAY_WEIGHT = np.array([1.0, 0.85, 1.25, 0.7, 1.15, 1.0, 0.9])  # Monday..Sunday
_B2B_PENALTY = 1.2
_REMATCH_PENALTY = 0.8


def _three_game_pairs(rng: np.random.Generator, divisions: list[list[int]]) -> list[tuple[int, int]]:
    """A 4-regular cross-division graph inside a conference, oriented so every team hosts 2 of its 4
    three-game series' extra games (Euler circuit orientation: in-degree = out-degree = 2)."""
    divs = [list(rng.permutation(d)) for d in divisions]
    edges: set[frozenset[int]] = set()
    for d in range(3):
        for i in range(5):
            a = divs[d][i]
            edges.add(frozenset((a, divs[(d + 1) % 3][i])))
            edges.add(frozenset((a, divs[(d + 1) % 3][(i + 1) % 5])))
    adj: dict[int, list[int]] = {}
    for e in edges:
        a, b = tuple(e)
        adj.setdefault(a, []).append(b)
        adj.setdefault(b, []).append(a)
    for v in adj:
        adj[v] = list(rng.permutation(adj[v]))
    # Hierholzer: walk the circuit, orienting each edge in the direction travelled.
    used: set[frozenset[int]] = set()
    oriented: list[tuple[int, int]] = []
    stack = [next(iter(sorted(adj)))]
    while stack:
        v = stack[-1]
        nxt = next((w for w in adj[v] if frozenset((v, w)) not in used), None)
        if nxt is None:
            stack.pop()
            continue
        used.add(frozenset((v, nxt)))
        oriented.append((int(v), int(nxt)))  # v hosts the extra game
        stack.append(nxt)
    return oriented


def matchups(rng: np.random.Generator, teams: pd.DataFrame) -> list[tuple[int, int]]:
    """All 1230 (home, away) games of a season."""
    conf = teams["conference"].to_numpy()
    div = teams["division"].to_numpy()
    n = len(teams)
    games: list[tuple[int, int]] = []
    three: set[frozenset[int]] = set()
    for c in sorted(set(conf)):
        divisions = [list(np.flatnonzero(div == d)) for d in sorted(set(div[conf == c]))]
        for home, away in _three_game_pairs(rng, divisions):
            games += [(home, away), (home, away), (away, home)]
            three.add(frozenset((home, away)))
    for a in range(n):
        for b in range(a + 1, n):
            if frozenset((a, b)) in three:
                continue
            count = 2 if conf[a] != conf[b] else 4
            games += [(a, b), (b, a)] * (count // 2)
    return games


def _no_game_days(start: dt.date) -> set[dt.date]:
    year = start.year
    nov1 = dt.date(year, 11, 1)
    thanksgiving = nov1 + dt.timedelta(days=(3 - nov1.weekday()) % 7 + 21)
    feb1 = dt.date(year + 1, 2, 1)
    all_star_sunday = feb1 + dt.timedelta(days=(6 - feb1.weekday()) % 7 + 14)
    brk = {all_star_sunday + dt.timedelta(days=k) for k in range(-3, 4)}
    return {thanksgiving, dt.date(year, 12, 24)} | brk


def assign_dates(rng: np.random.Generator, games: list[tuple[int, int]], n_teams: int,
                 start: dt.date) -> np.ndarray:
    """Greedy calendar: each night take the most urgent games (teams behind their pace first),
    penalising back-to-backs and quick rematches, never 3 games in 3 nights or 2 in one night."""
    home = np.array([g[0] for g in games])
    away = np.array([g[1] for g in games])
    left = np.ones(len(games), dtype=bool)
    day_of = np.full(len(games), -1)
    blocked = _no_game_days(start)
    days = [start + dt.timedelta(days=k) for k in range(SEASON_DAYS)]
    weights = np.array([0.0 if d in blocked else _WEEKDAY_WEIGHT[d.weekday()] for d in days])
    last_played = np.full(n_teams, -10)
    prev_played = np.full(n_teams, -10)
    pair_last: dict[tuple[int, int], int] = {}
    k = 0
    while left.any():
        if k >= len(days):  # overflow: extend the season a day at a time
            days.append(days[-1] + dt.timedelta(days=1))
            weights = np.append(weights, 1.0)
        if weights[k] > 0:
            _schedule_night(rng, k, home, away, left, day_of, weights, last_played, prev_played, pair_last)
        k += 1
    return np.array([days[d] for d in day_of])


def _schedule_night(rng: np.random.Generator, k: int, home: np.ndarray, away: np.ndarray, left: np.ndarray,
                    day_of: np.ndarray, weights: np.ndarray, last_played: np.ndarray, prev_played: np.ndarray,
                    pair_last: dict[tuple[int, int], int]) -> None:
    remaining_w = max(weights[k:].sum(), 1e-9)
    if k == 0:
        target = 2
    else:
        target = int(np.clip(round(left.sum() * weights[k] / remaining_w + rng.normal(0, 1.2)), 1, 15))
    cand = np.flatnonzero(left)
    left_per_team = np.bincount(np.concatenate([home[cand], away[cand]]), minlength=len(last_played))
    days_left = max((weights[k:] > 0).sum(), 1)
    urgency = left_per_team / days_left * 2.0
    b2b = (last_played == k - 1).astype(float)
    three_in_three = (last_played == k - 1) & (prev_played == k - 2)
    h, a = home[cand], away[cand]
    score = urgency[h] + urgency[a] - _B2B_PENALTY * (b2b[h] + b2b[a]) + rng.normal(0, 0.35, len(cand))
    rematch = np.array([k - pair_last.get((min(x, y), max(x, y)), -100) < 10 for x, y in zip(h, a)])
    score -= _REMATCH_PENALTY * rematch
    score[three_in_three[h] | three_in_three[a]] = -np.inf
    busy: set[int] = set()
    taken = 0
    for i in np.argsort(-score, kind="stable"):
        if taken >= target or not np.isfinite(score[i]):
            break
        g = cand[i]
        if home[g] in busy or away[g] in busy:
            continue
        busy.update((int(home[g]), int(away[g])))
        left[g] = False
        day_of[g] = k
        pair_last[(min(home[g], away[g]), max(home[g], away[g]))] = k
        taken += 1
    for t in busy:
        prev_played[t], last_played[t] = last_played[t], k


def _tip_times(rng: np.random.Generator, dates: np.ndarray, home_tz: np.ndarray) -> pd.Series:
    """Local 19:00/19:30/20:00 starts (some weekend matinees), as naive UTC instants."""
    n = len(dates)
    local_min = rng.choice([19 * 60, 19 * 60 + 30, 20 * 60], size=n, p=[0.45, 0.45, 0.10])
    weekend = np.array([d.weekday() >= 5 for d in dates])
    matinee = weekend & (rng.random(n) < 0.12)
    local_min = np.where(matinee, rng.choice([13 * 60, 15 * 60 + 30], size=n), local_min)
    local = pd.Series(pd.to_datetime(dates)) + pd.to_timedelta(local_min, unit="m")
    out = pd.Series(pd.NaT, index=local.index, dtype="datetime64[us]")
    for tz in np.unique(home_tz):
        m = home_tz == tz
        out[m] = local[m].dt.tz_localize(tz).dt.tz_convert("UTC").dt.tz_localize(None).astype("datetime64[us]")
    return out


def build_schedule(seed: int, season: int, start: dt.date, teams: pd.DataFrame) -> pd.DataFrame:
    """One row per game, chronological: ids, Eastern date, tip-off (UTC), teams."""
    rng = rngs.stream(seed, rngs.SCHEDULE, season)
    games = matchups(rng, teams)
    dates = assign_dates(rng, games, len(teams), start)
    df = pd.DataFrame({"home": [g[0] for g in games], "away": [g[1] for g in games], "game_date": dates})
    df["tip_utc"] = _tip_times(rng, df["game_date"].to_numpy(), teams["timezone"].to_numpy()[df["home"]])
    df = df.sort_values(["tip_utc", "home"], kind="stable").reset_index(drop=True)
    # The Eastern calendar date of the tip (a 22:30 ET tip is already the next day in UTC).
    df["game_date"] = df["tip_utc"].dt.tz_localize("UTC").dt.tz_convert(ET).dt.date
    abbr = teams["team_abbr"].to_numpy()
    df["home_abbr"] = abbr[df["home"]]
    df["away_abbr"] = abbr[df["away"]]
    df["game_id"] = (pd.to_datetime(df["game_date"]).dt.strftime("%Y%m%d") + "_" + df["away_abbr"] + "_"
                     + df["home_abbr"])
    df["nba_game_id"] = [f"002{season % 100:02d}{i + 1:05d}" for i in range(len(df))]
    df["season_year"] = season
    return df
