"""Injury reports (several per game day, plus the day before) and the player registry."""

from __future__ import annotations

import numpy as np
import pandas as pd

from python_jobs.simulator import injuries as inj
from python_jobs.simulator import rng as rngs
from python_jobs.simulator.league import League
from python_jobs.simulator.season import REPORT_STATUSES, SeasonData
from python_jobs.simulator.timeutil import et_series_to_utc

# (days relative to game day, Eastern hour) of the published reports.
REPORT_SLOTS = ((-1, 17), (0, 8), (0, 13), (0, 17), (0, 19))


def last_first(name: str) -> str:
    """'Jaren Jackson Jr.' -> 'Jackson Jr., Jaren' (the report PDF's format)."""
    first, _, rest = name.partition(" ")
    return f"{rest}, {first}"


def injury_report_rows(pg: pd.DataFrame, league: League, seed: int, season: int) -> pd.DataFrame:
    listed = pg[pg["rep_final"] >= 0]
    rng = rngs.stream(seed, rngs.INJURIES, season, 1)
    labels = np.array([r for r, _ in inj.REASONS], dtype=object)
    cats = np.array([c for _, c in inj.REASONS], dtype=object)
    statuses = np.array(REPORT_STATUSES, dtype=object)
    parts = []
    game_day = pd.Series(pd.to_datetime(listed["game_date"]).to_numpy(), index=listed.index)
    for offset, hour in REPORT_SLOTS:
        report_day = game_day + pd.Timedelta(days=offset)
        at = et_series_to_utc(report_day + pd.Timedelta(hours=hour))
        # A report exists only before tip-off, and a fresh injury is not on the day-before report.
        keep = (at < listed["tip_utc"] - pd.Timedelta(minutes=10)) & ~(listed["rep_fresh"] & (offset < 0))
        rows = listed[keep]
        final = (at[keep] >= rows["decision_at"]).to_numpy()
        status = np.where(final, rows["rep_final"], rows["rep_early"])
        parts.append(pd.DataFrame({
            "report_date": report_day[keep].dt.date, "report_hour": hour, "game_date": rows["game_date"],
            "game_id": rows["game_id"], "team": rows["team_abbr"],
            "player_name_original": [last_first(n) for n in rows["player_name"]],
            "player_lookup": rows["player_lookup"], "injury_status": statuses[status],
            "reason": "Injury/Illness - " + pd.Series(labels[rows["rep_reason"]], index=rows.index),
            "reason_category": cats[rows["rep_reason"]],
            "processed_at": at[keep] + pd.to_timedelta(rng.integers(3, 20, int(keep.sum())), unit="m"),
        }))
    return pd.concat(parts, ignore_index=True)


def registry_rows(sd: SeasonData, league: League, seed: int) -> pd.DataFrame:
    """One row per (player, team, season); a player traded mid-season gets a second row that day."""
    r = sd.rosters.drop_duplicates(["player", "team"])
    season = f"{sd.season}-{(sd.season + 1) % 100:02d}"
    first = pd.to_datetime(r["first_day"])
    at = np.where(first.dt.date == sd.start, first - pd.Timedelta(days=7), first) + pd.Timedelta(hours=20)
    lookups = np.array(league.lookups, dtype=object)[r["player"]]
    return pd.DataFrame({
        "universal_player_id": [f"{lk}_001" for lk in lookups], "player_lookup": lookups,
        "player_name": np.array(league.names, dtype=object)[r["player"]],
        "team_abbr": league.teams["team_abbr"].to_numpy()[r["team"]], "season": season,
        "position": np.array(league.positions, dtype=object)[r["player"]],
        "birth_date": np.array(league.birth_dates, dtype=object)[r["player"]],
        "processed_at": pd.to_datetime(at),
    })
