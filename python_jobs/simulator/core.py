"""simulate(): play N seasons and write what the feeds would show as of a given moment.

as_of is a pure view: every season is simulated whole -- games, box scores, injuries, lines, dirt,
corrections, registry -- from (seed, seasons, start date) alone, then only the rows processed by
as_of are written (each schedule status change is its own row, so the schedule shows the status known
then). Two runs that differ only in as_of agree on every row both can see.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import duckdb
import pandas as pd

from python_jobs.raw_schema import RAW_TABLES, raw_table
from python_jobs.simulator import boxes, lines, pbp, reports, truth, writer
from python_jobs.simulator import rng as rngs
from python_jobs.simulator.dirt import apply_dirt
from python_jobs.simulator.injuries import InjuryState
from python_jobs.simulator.league import League, create_league, offseason, start_season
from python_jobs.simulator.season import SeasonData, play_season
from python_jobs.simulator.timeutil import default_start, opening_night, parse_as_of


@dataclass
class Summary:
    seed: int
    as_of: dt.datetime
    start_date: dt.date
    seasons: list[int] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


def world_tables(sd: SeasonData, league: League, seed: int
                 ) -> tuple[dict[str, pd.DataFrame], pd.DataFrame, pd.DataFrame]:
    """Every raw row the season will ever produce (dirtied), the truth table for every game and the
    full dirt log (with a `visible_at` per item). Nothing here knows about as_of: the world depends
    only on (seed, seasons, start date); `view_at` decides what is visible."""
    boxes.add_game_times(sd, seed)
    pg = boxes.enrich(sd, league)
    odds = lines.odds_api_props(pg, sd.games, seed, sd.season)
    bp = lines.bettingpros_props(pg, sd.games, seed, sd.season)
    events, missing_pbp = pbp.pbp_rows(pg, sd.games, seed, sd.season)
    tables = {
        "nbac_schedule": boxes.schedule_rows(sd, league, seed),
        "nbac_gamebook_player_stats": boxes.gamebook_rows(pg, sd),
        "nbac_player_boxscores": boxes.boxscore_rows(pg, sd),
        "nbac_team_boxscore": boxes.team_rows(pg, sd),
        "odds_api_player_points_props": odds,
        "bettingpros_player_points_props": bp,
        "odds_api_game_lines": lines.game_lines(pg, sd.games, league.teams, seed, sd.season),
        "nbac_injury_report": reports.injury_report_rows(pg, league, seed, sd.season),
        "bigdataball_play_by_play": events,
        "nba_players_registry": reports.registry_rows(sd, league, seed),
    }
    g = sd.games
    # A missing play-by-play date is visible once its first play-by-play would have arrived.
    first_pbp = g.groupby("game_date")["pbp_at"].min()
    missing = {d: first_pbp[d] for d in missing_pbp}
    prefixed = (g.loc[g["game_id"].isin(events["game_id"].unique()), ["game_id", "pbp_at"]]
                if sd.season >= pbp.PREFIX_FROM_SEASON else g.iloc[:0][["game_id", "pbp_at"]])
    tables, dirt_log = apply_dirt(tables, rngs.stream(seed, rngs.DIRT, sd.season), missing,
                                  dict(zip(prefixed["game_id"], prefixed["pbp_at"])))
    truth_df = truth.truth_rows(pg, odds, bp, sd.season)
    dirt_log.insert(0, "season_year", sd.season)
    return tables, truth_df, dirt_log


def view_at(tables: dict[str, pd.DataFrame], truth_df: pd.DataFrame, dirt_log: pd.DataFrame, as_of: pd.Timestamp
            ) -> tuple[dict[str, pd.DataFrame], pd.DataFrame, pd.DataFrame]:
    """What the feeds show at `as_of`: rows processed by then, truth for games final by then, and the
    dirt items whose rows are visible (a correction landing after as_of is not, so its corrupt first
    version stands alone -- as it would in a real warehouse)."""
    seen = {name: df[df["processed_at"] <= as_of] for name, df in tables.items()}
    truth_seen = truth_df[truth_df["final_at"] <= as_of].drop(columns="final_at")
    log_seen = dirt_log[dirt_log["visible_at"] <= as_of].drop(columns="visible_at")
    return seen, truth_seen, log_seen


def season_tables(sd: SeasonData, league: League, seed: int, as_of: pd.Timestamp
                  ) -> tuple[dict[str, pd.DataFrame], pd.DataFrame, pd.DataFrame]:
    """Raw tables, truth table and dirt log for one season, as seen at `as_of`."""
    return view_at(*world_tables(sd, league, seed), as_of)


def simulate(con: duckdb.DuckDBPyConnection, seasons: int, seed: int, start_date: dt.date | str | None = None,
             as_of: dt.datetime | str | None = None, log: Callable[[str], None] = print) -> Summary:
    """Replace the raw tables (and nba_sim) with a simulated league seen from `as_of`.

    The start date defaults to the opening night `seasons - 1` seasons before the one containing
    as_of; seasons whose schedule is not yet published at as_of have nothing visible and are skipped
    (later seasons never change earlier ones)."""
    t0 = time.perf_counter()
    as_of_dt = as_of if isinstance(as_of, dt.datetime) else parse_as_of(as_of)
    if isinstance(start_date, str):
        start_date = dt.date.fromisoformat(start_date)
    first = start_date or default_start(as_of_dt, seasons)
    as_of_ts = pd.Timestamp(as_of_dt)
    summary = Summary(seed, as_of_dt, first)
    writer.reset(con)
    log(f"simulate: replaced all rows of {len(RAW_TABLES)} raw tables and schema {writer.SIM_SCHEMA}")
    league = create_league(seed, seasons, first)
    state = InjuryState.empty(league.capacity)
    for k in range(seasons):
        season = first.year + k
        start = first if k == 0 else opening_night(season)
        if pd.Timestamp(season, 8, 14, 18) > as_of_ts:  # schedule not yet published: nothing to see
            log(f"  season {season}: after as_of, skipped")
            break
        if k > 0:
            offseason(league, seed, season, start)
        start_season(league, seed, season, start)
        t = time.perf_counter()
        sd = play_season(league, state, seed, season, start)
        tables, truth_df, dirt_log = season_tables(sd, league, seed, as_of_ts)
        for name, df in tables.items():
            writer.write_raw(con, raw_table(name), df)
            summary.rows[name] = summary.rows.get(name, 0) + len(df)
        writer.write_sim(con, "player_game_truth", truth_df)
        writer.write_sim(con, "dirt_log", dirt_log)
        for name, df in (("nba_sim.player_game_truth", truth_df), ("nba_sim.dirt_log", dirt_log)):
            summary.rows[name] = summary.rows.get(name, 0) + len(df)
        summary.seasons.append(season)
        n_final = int((sd.games["final_at"] <= as_of_ts).sum())
        log(f"  season {season}-{(season + 1) % 100:02d}: {len(sd.games)} games scheduled, {n_final} final, "
            f"{len(dirt_log)} dirt items, {time.perf_counter() - t:.1f}s")
    summary.seconds = time.perf_counter() - t0
    return summary


def format_summary(summary: Summary) -> str:
    lines_ = [f"seed {summary.seed}, as_of {summary.as_of:%Y-%m-%d %H:%M} UTC, first season starts "
              f"{summary.start_date}, seasons {summary.seasons}"]
    lines_ += [f"  {name:<45} {n:>10,}" for name, n in summary.rows.items()]
    lines_.append(f"  done in {summary.seconds:.1f}s")
    return "\n".join(lines_)
