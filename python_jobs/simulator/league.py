"""Teams, players and their latent skills; ageing, rookies/retirements and mid-season trades.

Skills are derived each season from one latent quality `q` (which ages) plus fixed personal offsets,
so a player keeps his style (a shooter stays a shooter) while his level follows an age curve.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from python_jobs.names import player_lookup
from python_jobs.paths import PROJECT_DIR
from python_jobs.simulator import rng as rngs
from python_jobs.simulator.names import generate_names

TEAMS_CSV: Path = PROJECT_DIR / "seeds" / "nba_teams.csv"
ROSTER_SIZE = 15
POSITIONS = ("G", "G-F", "F", "F-C", "C")
_POS_P = (0.32, 0.14, 0.24, 0.12, 0.18)

# Skill matrix columns (per-36 rates unless noted).
(USG, R_PAINT, R_MID, R_THREE, P_PAINT, P_MID, P_THREE, FTR, FTP,
 OREB, DREB, AST, STL, BLK, TOV, PF, BASE_MIN) = range(17)
N_SKILLS = 17
N_OFFSETS = 12

# Minutes by rank of quality within the team; normalised to the game's minutes among available players.
MINUTES_BY_RANK = np.array([35, 34, 32, 31, 29, 26, 23, 20, 16, 12, 8, 5, 3, 2, 1], dtype=float)

# Position profiles: zone mix (paint, mid, three), per-36 oreb, dreb, ast, stl, blk.
_PROFILE = {
    "G": (0.30, 0.17, 0.53, 0.7, 3.4, 6.5, 1.3, 0.3),
    "G-F": (0.34, 0.16, 0.50, 1.0, 4.3, 4.2, 1.2, 0.5),
    "F": (0.40, 0.15, 0.45, 1.6, 5.4, 2.9, 1.0, 0.6),
    "F-C": (0.55, 0.14, 0.31, 2.5, 7.0, 2.4, 0.9, 1.1),
    "C": (0.72, 0.12, 0.16, 3.3, 8.4, 2.2, 0.8, 1.6),
}


def load_teams() -> pd.DataFrame:
    return pd.read_csv(TEAMS_CSV)


@dataclass
class League:
    teams: pd.DataFrame
    capacity: int
    names: list[str] = field(default_factory=list)
    lookups: list[str] = field(default_factory=list)
    positions: list[str] = field(default_factory=list)
    birth_dates: list[dt.date] = field(default_factory=list)
    nba_ids: list[int] = field(default_factory=list)
    next_id: int = 1630100

    def __post_init__(self) -> None:
        n = self.capacity
        self.q = np.zeros(n)
        self.offsets = np.zeros((n, N_OFFSETS))
        self.skills = np.zeros((n, N_SKILLS))
        self.team_of = np.full(n, -1, dtype=np.int64)  # -1: retired / not yet in the league
        self.team_pace = np.zeros(len(self.teams))
        self.team_def = np.ones((len(self.teams), 3))  # multiplier on opponents' paint/mid/three %
        self.team_idx = {abbr: i for i, abbr in enumerate(self.teams["team_abbr"])}

    @property
    def n_players(self) -> int:
        return len(self.names)

    def roster(self, team: int) -> np.ndarray:
        return np.flatnonzero(self.team_of[: self.n_players] == team)

    def age_on(self, idx: int, day: dt.date) -> float:
        return (day - self.birth_dates[idx]).days / 365.25


def _add_players(league: League, rng: np.random.Generator, count: int, season_start: dt.date,
                 ages: np.ndarray, q: np.ndarray, nba_ids: list[int]) -> np.ndarray:
    start = league.n_players
    taken = set(league.lookups)
    for i, name in enumerate(generate_names(rng, count, taken)):
        league.names.append(name)
        league.lookups.append(player_lookup(name))
        league.positions.append(str(rng.choice(POSITIONS, p=_POS_P)))
        days_old = int(ages[i] * 365.25) + int(rng.integers(0, 365))
        league.birth_dates.append(season_start - dt.timedelta(days=days_old))
        league.nba_ids.append(nba_ids[i])
    idx = np.arange(start, start + count)
    league.q[idx] = q
    league.offsets[idx] = rng.normal(0.0, 1.0, size=(count, N_OFFSETS))
    return idx


def create_league(seed: int, seasons: int, first_start: dt.date) -> League:
    rng = rngs.stream(seed, rngs.LEAGUE)
    teams = load_teams()
    league = League(teams=teams, capacity=len(teams) * ROSTER_SIZE + 220 * seasons + 50)
    n = len(teams) * ROSTER_SIZE
    ages = np.clip(rng.normal(26.5, 4.0, n), 19.5, 38.0)
    # Veterans got their ids earlier, so older players carry lower ids.
    ids = np.sort(rng.choice(np.arange(1626100, 1630000), size=n, replace=False))
    ids_by_age = ids[np.argsort(np.argsort(-ages))]
    idx = _add_players(league, rng, n, first_start, ages, rng.normal(0, 1, n), [int(v) for v in ids_by_age])
    league.team_of[idx] = np.repeat(np.arange(len(teams)), ROSTER_SIZE)
    return league


def start_season(league: League, seed: int, season: int, season_start: dt.date) -> None:
    """Team pace/defence for the season, then every player's skills and minutes."""
    rng = rngs.stream(seed, rngs.LEAGUE, season)
    league.team_pace = rng.normal(99.0, 2.2, len(league.teams))
    league.team_def = np.clip(rng.normal(1.0, 0.03, (len(league.teams), 3)), 0.92, 1.08)
    derive_skills(league, season_start)
    for team in range(len(league.teams)):
        set_base_minutes(league, team)


def derive_skills(league: League, day: dt.date) -> None:
    n = league.n_players
    q, o, s = league.q[:n], league.offsets[:n], league.skills[:n]
    profile = np.array([_PROFILE[p] for p in league.positions])
    s[:, USG] = np.clip(0.19 + 0.045 * q + 0.025 * o[:, 0], 0.10, 0.38)
    mix = profile[:, :3] * np.exp(0.25 * o[:, 1:4])
    s[:, R_PAINT:R_THREE + 1] = mix / mix.sum(axis=1, keepdims=True)
    s[:, P_PAINT] = np.clip(0.60 + 0.020 * q + 0.025 * o[:, 4], 0.48, 0.72)
    s[:, P_MID] = np.clip(0.415 + 0.015 * q + 0.025 * o[:, 5], 0.32, 0.52)
    s[:, P_THREE] = np.clip(0.355 + 0.012 * q + 0.025 * o[:, 6], 0.25, 0.44)
    s[:, FTR] = np.clip(0.24 + 0.04 * q + 0.06 * o[:, 7] + 0.10 * profile[:, 0] - 0.05, 0.08, 0.55)
    s[:, FTP] = np.clip(0.78 + 0.06 * o[:, 8] - 0.08 * (profile[:, 0] > 0.6), 0.50, 0.94)
    scale = np.exp(0.25 * o[:, 9:12])
    s[:, OREB] = profile[:, 3] * scale[:, 0]
    s[:, DREB] = profile[:, 4] * scale[:, 0]
    s[:, AST] = profile[:, 5] * scale[:, 1] * (1 + 0.15 * q)
    s[:, STL] = profile[:, 6] * scale[:, 2]
    s[:, BLK] = profile[:, 7] * scale[:, 2]
    s[:, TOV] = np.clip(1.2 + 6.0 * s[:, USG] * (1 + 0.2 * o[:, 0]), 0.5, 4.5)
    s[:, PF] = 2.6 + 0.4 * profile[:, 4] / 8.0


def set_base_minutes(league: League, team: int) -> None:
    """Minutes follow the within-team quality rank (a traded or injured star changes everyone's role)."""
    idx = league.roster(team)
    order = idx[np.argsort(-league.q[idx])]
    ranks = np.minimum(np.arange(len(order)), len(MINUTES_BY_RANK) - 1)
    league.skills[order, BASE_MIN] = MINUTES_BY_RANK[ranks]


def offseason(league: League, seed: int, season: int, season_start: dt.date) -> dict[str, int]:
    """Age everyone a year, retire some, move a few, fill rosters with rookies."""
    rng = rngs.stream(seed, rngs.OFFSEASON, season)
    active = np.flatnonzero(league.team_of[: league.n_players] >= 0)
    ages = np.array([league.age_on(i, season_start) for i in active])
    growth = np.select([ages < 23, ages < 26, ages < 30, ages < 33], [0.28, 0.12, 0.0, -0.12], -0.30)
    league.q[active] += growth + rng.normal(0, 0.22, len(active))
    p_retire = np.select([ages >= 37, ages >= 34], [0.8, 0.3], 0.03)
    retired = active[rng.random(len(active)) < p_retire]
    league.team_of[retired] = -1
    movers = np.setdiff1d(active, retired)
    movers = movers[rng.random(len(movers)) < 0.08]
    league.team_of[movers] = rng.permutation(league.team_of[movers])  # free agency as a shuffle
    rookies = 0
    for team in range(len(league.teams)):
        roster = league.roster(team)
        extra = len(roster) - ROSTER_SIZE
        if extra > 0:  # waive the weakest
            league.team_of[roster[np.argsort(league.q[roster])[:extra]]] = -1
        need = max(0, -extra)
        if need:
            ids = [league.next_id + 7 * k + int(rng.integers(0, 5)) for k in range(need)]
            league.next_id = ids[-1] + 7
            idx = _add_players(league, rng, need, season_start, rng.uniform(19.3, 22.5, need),
                               rng.normal(-0.7, 0.75, need), ids)
            league.team_of[idx] = team
            rookies += need
    return {"retired": len(retired), "rookies": rookies, "moved": len(movers)}


@dataclass(frozen=True)
class Trade:
    day: dt.date
    team_a: int
    team_b: int
    player_a: int
    player_b: int


def plan_trades(league: League, seed: int, season: int, season_start: dt.date) -> list[Trade]:
    """A few one-for-one trades between mid-December and the deadline (Thursday of Feb's first week)."""
    rng = rngs.stream(seed, rngs.TRADES, season)
    feb1 = dt.date(season_start.year + 1, 2, 1)
    deadline = feb1 + dt.timedelta(days=(3 - feb1.weekday()) % 7)
    first = dt.date(season_start.year, 12, 15)
    trades = []
    for _ in range(int(rng.integers(3, 6))):
        day = first + dt.timedelta(days=int(rng.integers(0, (deadline - first).days + 1)))
        a, b = (int(t) for t in rng.choice(len(league.teams), size=2, replace=False))
        trades.append(Trade(day, a, b, -1, -1))  # players picked on the day (rosters change)
    return sorted(trades, key=lambda t: t.day)


def execute_trade(league: League, trade: Trade, rng: np.random.Generator) -> Trade:
    """Swap two rotation players of similar standing; roles are re-ranked on both teams."""
    def pick(team: int) -> int:
        roster = league.roster(team)
        order = roster[np.argsort(-league.q[roster])]
        return int(order[int(rng.integers(2, 9))])

    pa, pb = pick(trade.team_a), pick(trade.team_b)
    league.team_of[pa], league.team_of[pb] = trade.team_b, trade.team_a
    set_base_minutes(league, trade.team_a)
    set_base_minutes(league, trade.team_b)
    return Trade(trade.day, trade.team_a, trade.team_b, pa, pb)
