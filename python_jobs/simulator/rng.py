"""Independent random streams: one per (seed, purpose, season[, ...]) so that adding draws in one
part of the simulator never shifts the numbers of another (reruns stay identical)."""

from __future__ import annotations

import numpy as np

# Stream purposes (stable integers; never renumber).
LEAGUE, SCHEDULE, GAMES, INJURIES, LINES, PBP, DIRT, TRADES, OFFSEASON, NAMES, TIMES = range(11)
MARKET = 11  # the books' Monte-Carlo calibration of the points distribution (lines.py / market.py)


def stream(seed: int, purpose: int, *keys: int) -> np.random.Generator:
    return np.random.default_rng([seed, purpose, *keys])
