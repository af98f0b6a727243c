"""Play one season game by game, in tip-off order, keeping injuries, fatigue and trades in step.

Output is kept as plain columns (one row per player-game, one per game, one per injury-report
entry); the raw tables are built from these afterwards.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from python_jobs.simulator import games as gm
from python_jobs.simulator import injuries as inj
from python_jobs.simulator import rng as rngs
from python_jobs.simulator.league import League, Trade, execute_trade, plan_trades
from python_jobs.simulator.schedule import build_schedule

REPORT_STATUSES = ("out", "doubtful", "questionable", "probable", "available")
_ST = {s: i for i, s in enumerate(REPORT_STATUSES)}


@dataclass
class SeasonData:
    season: int
    start: dt.date
    games: pd.DataFrame  # schedule + n_ot + scores
    player_games: pd.DataFrame
    trades: list[Trade] = field(default_factory=list)
    rosters: pd.DataFrame | None = None  # (player, team, first_day) memberships for the registry


class _TeamClock:
    """Per-team fatigue inputs: last game day, recent game days, where the team last played."""

    def __init__(self, teams: pd.DataFrame) -> None:
        self.coords = np.radians(teams[["latitude", "longitude"]].to_numpy())
        n = len(teams)
        self.last_day: list[dt.date | None] = [None] * n
        self.recent: list[list[dt.date]] = [[] for _ in range(n)]
        self.last_site = np.arange(n)

    def km(self, a: int, b: int) -> float:
        (la1, lo1), (la2, lo2) = self.coords[a], self.coords[b]
        h = np.sin((la2 - la1) / 2) ** 2 + np.cos(la1) * np.cos(la2) * np.sin((lo2 - lo1) / 2) ** 2
        return float(2 * 6371 * np.arcsin(np.sqrt(h)))

    def fatigue(self, team: int, day: dt.date, site: int) -> float:
        factor = 1.0
        last = self.last_day[team]
        if last is not None:
            rest = (day - last).days
            factor *= 0.975 if rest == 1 else (1.008 if rest >= 3 else 1.0)
        if sum(1 for d in self.recent[team] if (day - d).days <= 6) >= 3:
            factor *= 0.99  # 4th game in 7 nights
        if self.km(int(self.last_site[team]), site) > 1500:
            factor *= 0.99
        return factor

    def played(self, team: int, day: dt.date, site: int) -> None:
        self.last_day[team] = day
        self.recent[team] = [d for d in self.recent[team] if (day - d).days <= 6] + [day]
        self.last_site[team] = site


def _report_entries(side: gm.Side, state: inj.InjuryState, rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Injury-report status per player: early (morning) and final (after the ~17:00 ET decision)."""
    pre = side.pre
    n = len(side.idx)
    final = np.full(n, -1)
    early = np.full(n, -1)
    reason = np.where(pre.injured, state.reason[side.idx], pre.knock_reason)
    final[pre.injured] = _ST["out"]
    # A fresh injury is sometimes first listed as questionable, then ruled out.
    early[pre.injured] = np.where(state.fresh[side.idx][pre.injured] & (rng.random(pre.injured.sum()) < 0.35),
                                  _ST["questionable"], _ST["out"])
    knocked = pre.knock >= 0
    final[knocked] = [_ST[inj.KNOCK_STATUS[k]] for k in pre.knock[knocked]]
    early[knocked] = _ST["questionable"]
    ret = pre.returning & ~knocked
    final[ret] = _ST["available"]
    early[ret] = _ST["questionable"]
    reason[ret] = state.reason[side.idx][ret]
    return {"rep_final": final, "rep_early": early, "rep_reason": reason,
            "rep_fresh": state.fresh[side.idx] & pre.injured}


def _side_record(league: League, side: gm.Side, opp: gm.Side, box: gm.Box, row: int,
                 reports: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    n = len(side.idx)
    plays = box.seconds > 0
    status = np.where(plays, 0, np.where(side.dnp_cd, 1, 2))  # 0 active, 1 dnp, 2 inactive
    starter = np.zeros(n, dtype=bool)
    starter[np.argsort(-side.exp_min, kind="stable")[:5]] = True
    rec = {
        "game_row": np.full(n, row), "player": side.idx, "team": np.full(n, side.team),
        "is_home": np.full(n, side.is_home), "status": status, "starter": starter & plays,
        "seconds": box.seconds,
        "paint_a": box.zone_att[:, 0], "mid_a": box.zone_att[:, 1], "three_a": box.zone_att[:, 2],
        "paint_m": box.zone_made[:, 0], "mid_m": box.zone_made[:, 1], "three_m": box.zone_made[:, 2],
        "fta": box.fta, "ftm": box.ftm, "oreb": box.oreb, "dreb": box.dreb, "ast": box.ast,
        "stl": box.stl, "blk": box.blk, "tov": box.tov, "pf": box.pf, "plus_minus": box.plus_minus,
        "points": box.points,
        "exp_min": side.exp_min * gm.EXPECTED_TEAM_MINUTES / gm.REG_MINUTES,
        "exp_pts": gm.expected_points(league, side, opp, side.exp_min),
        "exp_min_early": side.exp_min_early * gm.EXPECTED_TEAM_MINUTES / gm.REG_MINUTES,
        "exp_pts_early": gm.expected_points(league, side, opp, side.exp_min_early),
    }
    rec.update(reports)
    return rec


def play_season(league: League, state: inj.InjuryState, seed: int, season: int, start: dt.date) -> SeasonData:
    sched = build_schedule(seed, season, start, league.teams)
    rng = rngs.stream(seed, rngs.GAMES, season)
    trade_rng = rngs.stream(seed, rngs.TRADES, season, 1)
    pending = plan_trades(league, seed, season, start)
    done: list[Trade] = []
    memberships = [(int(p), int(league.team_of[p]), start) for p in np.flatnonzero(league.team_of >= 0)]
    clock = _TeamClock(league.teams)
    n_ot = rng.choice(4, size=len(sched), p=gm.OT_P)
    records: list[dict[str, np.ndarray]] = []
    scores = np.zeros((len(sched), 2), dtype=np.int64)
    homes, aways, days = sched["home"].to_numpy(), sched["away"].to_numpy(), sched["game_date"].to_numpy()
    for row in range(len(sched)):
        day, h, a = days[row], int(homes[row]), int(aways[row])
        while pending and pending[0].day <= day:
            trade = execute_trade(league, pending.pop(0), trade_rng)
            done.append(trade)
            memberships += [(trade.player_a, trade.team_b, trade.day), (trade.player_b, trade.team_a, trade.day)]
        home = gm.build_side(league, state, h, True, clock.fatigue(h, day, h), rng)
        away = gm.build_side(league, state, a, False, clock.fatigue(a, day, h), rng)
        rep_h, rep_a = _report_entries(home, state, rng), _report_entries(away, state, rng)
        box_h, box_a = gm.simulate_game(league, home, away, int(n_ot[row]), rng)
        records.append(_side_record(league, home, away, box_h, row, rep_h))
        records.append(_side_record(league, away, home, box_a, row, rep_a))
        scores[row] = (box_h.points.sum(), box_a.points.sum())
        for side, box in ((home, box_h), (away, box_a)):
            inj.after_game(state, side.idx, box.seconds, rng)
            clock.played(side.team, day, h)
    sched["n_ot"] = n_ot
    sched["home_pts"], sched["away_pts"] = scores[:, 0], scores[:, 1]
    pg = pd.DataFrame({k: np.concatenate([r[k] for r in records]) for k in records[0]})
    rosters = pd.DataFrame(memberships, columns=["player", "team", "first_day"])
    return SeasonData(season, start, sched, pg, done, rosters)
