"""How a sportsbook sees one player's points: the median and spread of the points distribution at a
given expected-points level, and American prices with the vig at a line.

Points are right-skewed (minutes, shot volume and hot shooting multiply, and makes come in 2s and 3s),
so the median sits roughly 0.5-0.8 points below the mean; a line at the mean makes the under win too
often. Real books set the line at the median, so the shape is calibrated here from the simulator's own
game model: random match-ups of the league as it opened (re-created from the seed, with the season's
team pace and defence) are replayed through games.play_shots -- the same minutes, shot-volume and
shooting draws a real game makes -- on the MARKET stream, and the median and spread of
(points - games.expected_points) are fitted by expected-points level. No played game of the simulated
season is looked at, so a line never knows the result it is priced against, and the other streams'
draws are untouched (every other table stays as it was).

Checked against 300 replays of every fourth game of a played season (its real pre-game states, with
injuries): at the fitted median the over wins 50.2-50.5 % overall and within 1 % of half at low and
high levels. Given the level, a player's shot mix or free-throw rate moves the median by under 0.1
point, so the level alone is enough. (A Cornish-Fisher correction, -skew * sd / 6 from the same
replays' moments, agrees with the direct median but is no less noisy.)
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from python_jobs.simulator import games as gm
from python_jobs.simulator import rng as rngs
from python_jobs.simulator.injuries import InjuryState
from python_jobs.simulator.league import create_league, start_season
from python_jobs.simulator.timeutil import opening_night

CALIB_MATCHUPS = 300  # distinct pre-game states (rosters, knocks, coach's decisions)
CALIB_REPLAYS = 5  # games replayed per state: ~25k prop-sized samples, the median level to ~0.05 pts
CALIB_BINS = 8  # equal-count expected-points bins the median/spread are measured in
IQR_PER_SD = 1.349  # interquartile range of a normal distribution, in sds
VIG_PRICE = -110  # the standard two-way price at a coin flip
PRICE_STEP = 5  # books quote in 5-cent steps
PRICE_MIN, PRICE_MAX = -160, 140  # same clip as the -110 +/- 50 range the feeds always had


@dataclass(frozen=True)
class PointsShape:
    """Median and spread of a player's points as a linear function of his expected points, held flat
    outside the calibrated range (a fit is never extrapolated into a line)."""

    lo: float
    hi: float
    shift: tuple[float, float]  # median - mean = shift[0] + shift[1] * mean
    spread: tuple[float, float]  # robust sd = spread[0] + spread[1] * mean

    def _level(self, mean: np.ndarray) -> np.ndarray:
        return np.clip(np.asarray(mean, dtype=float), self.lo, self.hi)

    def median(self, mean: np.ndarray) -> np.ndarray:
        return np.asarray(mean, dtype=float) + self.shift[0] + self.shift[1] * self._level(mean)

    def sd(self, mean: np.ndarray) -> np.ndarray:
        return self.spread[0] + self.spread[1] * self._level(mean)


def p_over(median: np.ndarray, sd: np.ndarray, line: np.ndarray) -> np.ndarray:
    """P(over | no push) at `line`. The line is within a point of the median, where a normal curve with
    the distribution's own robust sd is accurate; the skew only matters further out."""
    z = (np.asarray(line, dtype=float) - median) / (np.asarray(sd, dtype=float) * math.sqrt(2.0))
    return 0.5 * (1.0 - np.vectorize(math.erf, otypes=[float])(z))


def implied_probability(american: np.ndarray) -> np.ndarray:
    a = np.asarray(american, dtype=float)
    return np.where(a < 0, -a / (100.0 - a), 100.0 / (100.0 + np.abs(a)))


OVERROUND = float(2 * implied_probability(np.array([VIG_PRICE]))[0])  # -110/-110: ~1.0476


def american_price(prob: np.ndarray) -> np.ndarray:
    """Implied probability (vig included) -> American price in 5-cent steps. A favourite is quoted
    negative, an underdog positive, so nothing lands strictly between -100 and +100."""
    q = np.clip(np.asarray(prob, dtype=float), 1e-6, 1 - 1e-6)
    raw = np.where(q >= 0.5, -100.0 * q / (1 - q), 100.0 * (1 - q) / q)
    price = (np.round(raw / PRICE_STEP) * PRICE_STEP).astype(int)
    return np.clip(price, PRICE_MIN, PRICE_MAX)


def two_way_prices(prob_over: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Fair over/under probabilities marked up by the -110/-110 overround: the side the book thinks
    more likely is the dearer one, and the two implied probabilities sum to ~1.048."""
    p = np.asarray(prob_over, dtype=float)
    return american_price(p * OVERROUND), american_price((1 - p) * OVERROUND)


def _calibration_samples(seed: int, season: int, min_minutes: float,
                         rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """(expected points, points) of prop-sized players in replayed games of random match-ups."""
    start = opening_night(season)
    league = create_league(seed, 1, start)
    start_season(league, seed, season, start)
    state = InjuryState.empty(league.capacity)  # no long injuries: full rotations, same shape by level
    means, points = [], []
    for _ in range(CALIB_MATCHUPS):
        h, a = (int(t) for t in rng.choice(len(league.teams), size=2, replace=False))
        home = gm.build_side(league, state, h, True, 1.0, rng)
        away = gm.build_side(league, state, a, False, 1.0, rng)
        pairs = ((home, away), (away, home))
        keep = [side.exp_min * gm.EXPECTED_TEAM_MINUTES / gm.REG_MINUTES >= min_minutes for side, _ in pairs]
        mu = [gm.expected_points(league, side, opp, side.exp_min)[k] for (side, opp), k in zip(pairs, keep)]
        for _ in range(CALIB_REPLAYS):
            # Shots only (the rest of the box does not touch points); the one free throw that breaks
            # a rare tie is left out, a fraction of a per cent of one player's games.
            _, shots = gm.play_shots(league, home, away, int(rng.choice(len(gm.OT_P), p=gm.OT_P)), rng)
            means += mu
            points += [((made * gm.ZONE_POINTS).sum(axis=1) + ftm)[k] for (_, made, _, ftm), k in zip(shots, keep)]
    return np.concatenate(means), np.concatenate(points).astype(float)


def fit_shape(means: np.ndarray, points: np.ndarray, rng: np.random.Generator) -> PointsShape:
    """Median-minus-mean and robust spread of the points per equal-count bin of expected points, then
    a weighted line through the bins. Points are whole numbers; a uniform jitter of +/-0.5 makes the
    median continuous, and at that median P(over) = P(under) at both .5 lines and whole-number (push)
    lines. Measuring the median against the bin's own sample mean (not the expectation) cancels most
    of the sampling noise the two share, so far fewer replays pin the skew down."""
    resid = points + rng.uniform(-0.5, 0.5, len(points)) - means
    edges = np.quantile(means, np.linspace(0, 1, CALIB_BINS + 1))
    bins = np.clip(np.searchsorted(edges, means, side="right") - 1, 0, CALIB_BINS - 1)
    level, median, sd, n = (np.empty(CALIB_BINS) for _ in range(4))
    for b in range(CALIB_BINS):
        r = resid[bins == b]
        q25, q50, q75 = np.quantile(r, [0.25, 0.5, 0.75])
        level[b], median[b], sd[b], n[b] = means[bins == b].mean(), q50 - r.mean(), (q75 - q25) / IQR_PER_SD, len(r)
    w = np.sqrt(n) / sd  # a bin's estimates are known to ~sd / sqrt(n)
    shift = np.polyfit(level, median, 1, w=w)
    spread = np.polyfit(level, sd, 1, w=w)
    return PointsShape(float(level[0]), float(level[-1]), (float(shift[1]), float(shift[0])),
                       (float(spread[1]), float(spread[0])))


@lru_cache(maxsize=8)
def points_shape(seed: int, season: int, min_minutes: float) -> PointsShape:
    """The books' calibration for one season (cached: both prop feeds of a season share it)."""
    rng = rngs.stream(seed, rngs.MARKET, season)
    means, points = _calibration_samples(seed, season, min_minutes, rng)
    return fit_shape(means, points, rng)
