"""Injury state: multi-game absences with a minutes ramp on return, and pre-game knocks whose
reported status (doubtful / questionable / probable) really sets the chance of playing."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

REASONS = (
    ("Left Ankle; Sprain", "injury"), ("Right Ankle; Sprain", "injury"), ("Left Knee; Soreness", "injury"),
    ("Right Knee; Tendinopathy", "injury"), ("Left Hamstring; Strain", "injury"),
    ("Right Calf; Strain", "injury"), ("Lower Back; Spasms", "injury"), ("Right Hand; Fracture", "injury"),
    ("Left Foot; Plantar Fasciitis", "injury"), ("Right Shoulder; Soreness", "injury"),
    ("Illness", "illness"), ("Non-COVID Illness", "illness"), ("Concussion Protocol", "injury"),
)
RAMP = (0.65, 0.8, 0.9)  # minutes factor for the first games back from a multi-game absence
KNOCK_STATUS = ("doubtful", "questionable", "probable")
KNOCK_P = (0.15, 0.6, 0.25)
PLAY_PROB = {"doubtful": 0.1, "questionable": 0.5, "probable": 0.9}
P_INJURY_PER_GAME = 0.011
P_KNOCK = 0.025


@dataclass
class InjuryState:
    out_left: np.ndarray  # team games still to miss
    ramp_left: np.ndarray  # games back so far counted down from len(RAMP)
    reason: np.ndarray  # index into REASONS of the current/last injury
    fresh: np.ndarray  # injury happened in the team's last game (first report of it)

    @classmethod
    def empty(cls, capacity: int) -> InjuryState:
        return cls(np.zeros(capacity, dtype=np.int64), np.zeros(capacity, dtype=np.int64),
                   np.zeros(capacity, dtype=np.int64), np.zeros(capacity, dtype=bool))

    def ramp_factor(self, idx: np.ndarray) -> np.ndarray:
        left = self.ramp_left[idx]
        factors = np.array((1.0, *reversed(RAMP)))  # ramp_left 0 -> 1.0, 3 -> RAMP[0]
        return factors[np.minimum(left, len(RAMP))]


@dataclass
class Pregame:
    """What is decided before tip-off for one team's roster."""

    injured: np.ndarray  # bool: ruled out by a multi-game injury
    knock: np.ndarray  # int: -1 none, else index into KNOCK_STATUS
    knock_reason: np.ndarray  # int index into REASONS
    plays_knock: np.ndarray  # bool: knocked player decided to play
    returning: np.ndarray  # bool: first game back


def pregame(state: InjuryState, idx: np.ndarray, rng: np.random.Generator) -> Pregame:
    n = len(idx)
    injured = state.out_left[idx] > 0
    knocked = (~injured) & (rng.random(n) < P_KNOCK)
    knock = np.where(knocked, rng.choice(3, size=n, p=KNOCK_P), -1)
    p_play = np.array([PLAY_PROB[KNOCK_STATUS[k]] if k >= 0 else 1.0 for k in knock])
    plays = rng.random(n) < p_play
    returning = (~injured) & (state.ramp_left[idx] == len(RAMP))
    return Pregame(injured, knock, rng.integers(0, len(REASONS), n), plays, returning)


def after_game(state: InjuryState, idx: np.ndarray, seconds: np.ndarray, rng: np.random.Generator) -> None:
    """Count down absences and ramps; players who played may get hurt (longer stints, more risk)."""
    was_out = state.out_left[idx] > 0
    state.out_left[idx] = np.maximum(state.out_left[idx] - 1, 0)
    returned = was_out & (state.out_left[idx] == 0)
    played = seconds > 0
    state.ramp_left[idx] = np.where(played, np.maximum(state.ramp_left[idx] - 1, 0), state.ramp_left[idx])
    state.ramp_left[idx[returned]] = len(RAMP)
    state.fresh[idx] = False
    risk = P_INJURY_PER_GAME * (seconds / 60.0) / 24.0
    hurt = played & (rng.random(len(idx)) < risk)
    if hurt.any():
        k = int(hurt.sum())
        long = rng.random(k) < 0.08
        games = np.where(long, rng.integers(15, 45, k), 1 + rng.geometric(0.22, k))
        hi = idx[hurt]
        state.out_left[hi] = games
        state.ramp_left[hi] = 0
        state.reason[hi] = rng.integers(0, len(REASONS), k)
        state.fresh[hi] = True
