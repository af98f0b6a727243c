"""One game's box score, built so that it adds up exactly, plus the expected points a perfect model
would give each player before tip-off.

Drivers: both teams' pace (possessions), opponent zone defence, home court, fatigue (back-to-back,
games in the last 7 days, travel, rest), minutes (injury ramp, teammates out -> minutes and shots
redistributed to whoever plays) and randomness (minutes, shot volume, hot/cold shooting).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from python_jobs.simulator import injuries as inj
from python_jobs.simulator.league import (AST, BASE_MIN, BLK, DREB, FTP, FTR, OREB, P_MID, P_PAINT, P_THREE,
                                          PF, R_MID, R_PAINT, R_THREE, STL, TOV, USG, League)

REG_MINUTES = 240.0
OT_MINUTES = 25.0
OT_P = (0.94, 0.05, 0.009, 0.001)  # 0, 1, 2, 3 overtimes
EXPECTED_TEAM_MINUTES = REG_MINUTES + OT_MINUTES * float(np.dot(np.arange(4), OT_P))
FGA_PER_POSS = 0.875
MAX_MINUTES = 40.0
HOME_EDGE = 1.012
ZONE_POINTS = np.array([2.0, 2.0, 3.0])


@dataclass
class Side:
    """One team's pre-game state."""

    team: int
    idx: np.ndarray  # roster player indices
    is_home: bool
    fatigue: float  # multiplier on shooting (<1 when tired)
    pre: inj.Pregame
    dnp_cd: np.ndarray  # bool: coach's decision
    exp_min_early: np.ndarray  # expected minutes with the morning's information
    exp_min: np.ndarray  # expected minutes given the final lineup (known at tip-off)

    @property
    def plays(self) -> np.ndarray:
        return self.exp_min > 0


def _normalise_minutes(weights: np.ndarray, total: float) -> np.ndarray:
    """Scale to `total` minutes with a cap: absent players' minutes flow to whoever is available."""
    m = weights.astype(float).copy()
    for _ in range(5):
        s = m.sum()
        if s <= 0:
            return m
        m = m * (total / s)
        over = m > MAX_MINUTES
        if not over.any():
            break
        m[over] = MAX_MINUTES
        free = ~over & (m > 0)
        rest = total - m[over].sum()
        m[free] = m[free] * rest / max(m[free].sum(), 1e-9)
        if (m <= MAX_MINUTES + 1e-9).all():
            break
    return m


def build_side(league: League, state: inj.InjuryState, team: int, is_home: bool, fatigue: float,
               rng: np.random.Generator) -> Side:
    idx = league.roster(team)
    pre = inj.pregame(state, idx, rng)
    base = league.skills[idx, BASE_MIN] * state.ramp_factor(idx)
    # Deep bench sits most nights; the coach decides, the lineup is known at tip-off.
    p_dnp = np.select([base <= 3, base <= 8, base <= 12], [0.75, 0.35, 0.08], 0.0)
    dnp_cd = rng.random(len(idx)) < p_dnp
    p_knock = np.array([inj.PLAY_PROB[inj.KNOCK_STATUS[k]] if k >= 0 else 1.0 for k in pre.knock])
    p_early = np.where(pre.injured, 0.0, p_knock * (1 - p_dnp))
    available = ~pre.injured & np.where(pre.knock >= 0, pre.plays_knock, True)
    plays = available & ~dnp_cd
    if plays.sum() < 8:  # a coach always dresses at least eight: recall the deep bench first
        recall = np.flatnonzero(available & dnp_cd)[: 8 - plays.sum()]
        dnp_cd[recall] = False
        plays = available & ~dnp_cd
    exp_min = _normalise_minutes(base * plays, REG_MINUTES)
    exp_min_early = _normalise_minutes(base * p_early, REG_MINUTES)
    return Side(team, idx, is_home, fatigue, pre, dnp_cd & available, exp_min_early, exp_min)


def shooting_factors(league: League, side: Side, opp: Side) -> np.ndarray:
    """Per-player make-probability multipliers by zone (opponent defence, home court, fatigue)."""
    venue = HOME_EDGE if side.is_home else 1.0 / HOME_EDGE
    return league.team_def[opp.team][None, :] * venue * side.fatigue


def expected_points(league: League, side: Side, opp: Side, exp_min: np.ndarray) -> np.ndarray:
    """Mean points per player given expected minutes (the best any pre-tip model could do)."""
    s = league.skills[side.idx]
    poss = possessions_mean(league, side, opp) * EXPECTED_TEAM_MINUTES / REG_MINUTES
    w = s[:, USG] * exp_min
    lam = FGA_PER_POSS * poss * w / max(w.sum(), 1e-9)
    rates = s[:, [R_PAINT, R_MID, R_THREE]]
    pct = np.clip(s[:, [P_PAINT, P_MID, P_THREE]] * shooting_factors(league, side, opp), 0, 0.95)
    per_fga = (rates * pct * ZONE_POINTS).sum(axis=1) + s[:, FTR] * s[:, FTP]
    return lam * per_fga


def possessions_mean(league: League, a: Side, b: Side) -> float:
    return float((league.team_pace[a.team] + league.team_pace[b.team]) / 2.0)


def _integer_split(values: np.ndarray, total: int) -> np.ndarray:
    """Round non-negative values to integers that sum exactly to `total` (largest remainder)."""
    scaled = values * (total / values.sum())
    base = np.floor(scaled).astype(np.int64)
    short = total - int(base.sum())
    if short > 0:
        base[np.argsort(-(scaled - base), kind="stable")[:short]] += 1
    return base


def _multinomial_by_weight(rng: np.random.Generator, n: int, weights: np.ndarray) -> np.ndarray:
    if n <= 0 or weights.sum() <= 0:
        return np.zeros(len(weights), dtype=np.int64)
    return rng.multinomial(n, weights / weights.sum())


@dataclass
class Box:
    """Counting stats of one side, aligned with side.idx (zeros for players who did not play)."""

    seconds: np.ndarray
    zone_att: np.ndarray  # (n, 3) paint, mid, three attempts
    zone_made: np.ndarray  # (n, 3)
    fta: np.ndarray
    ftm: np.ndarray
    oreb: np.ndarray
    dreb: np.ndarray
    ast: np.ndarray
    stl: np.ndarray
    blk: np.ndarray
    tov: np.ndarray
    pf: np.ndarray
    plus_minus: np.ndarray

    @property
    def points(self) -> np.ndarray:
        return (self.zone_made * ZONE_POINTS).sum(axis=1).astype(np.int64) + self.ftm


def _shooting(league: League, side: Side, opp: Side, seconds: np.ndarray, poss: float,
              rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    s = league.skills[side.idx]
    w = s[:, USG] * seconds
    lam = FGA_PER_POSS * poss * w / max(w.sum(), 1e-9)
    # Team volume is tight (possessions are shared), the split between players is noisy.
    team_fga = max(int(round(rng.normal(lam.sum(), 3.5))), 0)
    fga = _multinomial_by_weight(rng, team_fga, lam * np.exp(rng.normal(0, 0.15, len(lam))))
    rates = s[:, [R_PAINT, R_MID, R_THREE]]
    # multinomial zone split done as two vectorised binomials (paint, then mid of the rest)
    paint = rng.binomial(fga, rates[:, 0])
    mid = rng.binomial(fga - paint, np.clip(rates[:, 1] / np.maximum(1 - rates[:, 0], 1e-9), 0, 1))
    att = np.stack([paint, mid, fga - paint - mid], axis=1)
    hot = np.exp(rng.normal(0, 0.07, len(lam)))[:, None]
    pct = np.clip(s[:, [P_PAINT, P_MID, P_THREE]] * shooting_factors(league, side, opp) * hot, 0, 0.95)
    made = rng.binomial(att, pct)
    fta = rng.poisson(fga * s[:, FTR])
    ftm = rng.binomial(fta, s[:, FTP])
    return att, made, fta, ftm


def play_shots(league: League, home: Side, away: Side, n_ot: int, rng: np.random.Generator
               ) -> tuple[list[np.ndarray], list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]]]:
    """Both sides' seconds and (attempts, makes, fta, ftm): everything that decides the points
    (separate so the books' calibration can replay just this part)."""
    total_min = REG_MINUTES + OT_MINUTES * n_ot
    poss = possessions_mean(league, home, away) * total_min / REG_MINUTES * float(np.exp(rng.normal(0, 0.035)))
    secs = []
    shots = []
    for side, opp in ((home, away), (away, home)):
        raw = np.maximum(side.exp_min * np.exp(rng.normal(0, 0.16, len(side.idx))), 1.0) * (side.exp_min > 0)
        sec = _integer_split(raw, int(total_min * 60))
        sec = np.where(side.exp_min > 0, np.maximum(sec, 0), 0)
        secs.append(sec)
        shots.append(_shooting(league, side, opp, sec, poss, rng))
    return secs, shots


def simulate_game(league: League, home: Side, away: Side, n_ot: int,
                  rng: np.random.Generator) -> tuple[Box, Box]:
    sides = (home, away)
    secs, shots = play_shots(league, home, away, n_ot, rng)
    pts = [int((m * ZONE_POINTS).sum() + ftm.sum()) for (_, m, _, ftm) in shots]
    if pts[0] == pts[1]:  # no ties: one extra made free throw for a random side's top scorer
        k = int(rng.integers(0, 2))
        top = int(np.argmax(sides[k].exp_min * league.skills[sides[k].idx, USG]))
        att, made, fta, ftm = shots[k]
        fta[top] += 1
        ftm[top] += 1
        pts[k] += 1
    margin = pts[0] - pts[1]
    boxes = []
    for k, (side, opp) in enumerate(((home, away), (away, home))):
        att, made, fta, ftm = shots[k]
        opp_att, opp_made, opp_fta, opp_ftm = shots[1 - k]
        boxes.append(_other_stats(league, side, secs[k], att, made, fta, ftm,
                                  int(att.sum() - made.sum()), int(opp_att.sum() - opp_made.sum()),
                                  margin if k == 0 else -margin, rng))
    return boxes[0], boxes[1]


def _other_stats(league: League, side: Side, sec: np.ndarray, att: np.ndarray, made: np.ndarray,
                 fta: np.ndarray, ftm: np.ndarray, own_misses: int, opp_misses: int, margin: int,
                 rng: np.random.Generator) -> Box:
    s = league.skills[side.idx]
    mins = sec / 60.0
    oreb = _multinomial_by_weight(rng, rng.binomial(own_misses, 0.22), s[:, OREB] * mins)
    dreb = _multinomial_by_weight(rng, rng.binomial(opp_misses, 0.70), s[:, DREB] * mins)
    fgm = int(made.sum())
    ast = _multinomial_by_weight(rng, rng.binomial(fgm, 0.60), s[:, AST] * mins)
    stl = rng.poisson(s[:, STL] * mins / 36.0)
    blk = rng.poisson(s[:, BLK] * mins / 36.0)
    if blk.sum() > opp_misses:  # a block is a miss by the other side
        blk = _multinomial_by_weight(rng, opp_misses, blk.astype(float))
    tov = rng.poisson(s[:, TOV] * mins / 36.0)
    pf = np.minimum(rng.poisson(s[:, PF] * mins / 36.0), 6)
    return Box(sec, att, made, fta, ftm, oreb, dreb, ast, stl, blk, tov, pf, _plus_minus(sec, margin, rng))


def _plus_minus(sec: np.ndarray, margin: int, rng: np.random.Generator) -> np.ndarray:
    """Integer on-court margins that sum to exactly 5 x the final margin (five players on court)."""
    on = sec > 0
    share = np.where(on, sec / max(sec.sum(), 1), 0.0)
    raw = 5 * margin * share + np.where(on, rng.normal(0, 6.0, len(sec)) * np.sqrt(share * 5), 0.0)
    raw[on] -= (raw[on].sum() - 5 * margin) / on.sum()
    out = np.where(on, np.floor(raw), 0).astype(np.int64)
    short = 5 * margin - int(out.sum())
    order = np.flatnonzero(on)[np.argsort(-(raw - np.floor(raw))[on], kind="stable")]
    np.add.at(out, order[np.arange(max(short, 0)) % max(len(order), 1)], 1)  # 0 <= short <= players on court
    return out
