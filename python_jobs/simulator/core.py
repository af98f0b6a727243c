"""simulate(): play N seasons and write what the feeds would show as of a given moment."""

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


def season_tables(sd: SeasonData, league: League, seed: int, as_of: pd.Timestamp
                  ) -> tuple[dict[str, pd.DataFrame], pd.DataFrame, pd.DataFrame]:
    """Raw tables (cut at as_of, then dirtied), the truth table and the dirt log for one season."""
    boxes.add_game_times(sd, seed)
    pg = boxes.enrich(sd, league)
    final_rows = sd.games.index[sd.games["final_at"] <= as_of]
    pg_final = pg[pg["game_row"].isin(final_rows)]
    odds = lines.odds_api_props(pg, sd.games, seed, sd.season)
    bp = lines.bettingpros_props(pg, sd.games, seed, sd.season)
    events, missing_pbp = pbp.pbp_rows(pg_final, sd.games, seed, sd.season)
    tables = {
        "nbac_schedule": boxes.schedule_rows(sd, league, seed),
        "nbac_gamebook_player_stats": boxes.gamebook_rows(pg_final, sd),
        "nbac_player_boxscores": boxes.boxscore_rows(pg_final, sd),
        "nbac_team_boxscore": boxes.team_rows(pg_final, sd),
        "odds_api_player_points_props": odds,
        "bettingpros_player_points_props": bp,
        "odds_api_game_lines": lines.game_lines(pg, sd.games, league.teams, seed, sd.season),
        "nbac_injury_report": reports.injury_report_rows(pg, league, seed, sd.season),
        "bigdataball_play_by_play": events,
        "nba_players_registry": reports.registry_rows(sd, league, seed),
    }
    tables = {name: df[df["processed_at"] <= as_of] for name, df in tables.items()}
    missing_pbp = [d for d in missing_pbp if d in set(pg_final["game_date"])]
    prefix_games = (sorted(set(tables["bigdataball_play_by_play"]["game_id"]))
                    if sd.season >= pbp.PREFIX_FROM_SEASON else [])
    tables, dirt_log = apply_dirt(tables, rngs.stream(seed, rngs.DIRT, sd.season), as_of, missing_pbp, prefix_games)
    truth_df = truth.truth_rows(pg_final, odds[odds["processed_at"] <= as_of], bp[bp["processed_at"] <= as_of],
                                sd.season)
    dirt_log.insert(0, "season_year", sd.season)
    return tables, truth_df, dirt_log


def simulate(con: duckdb.DuckDBPyConnection, seasons: int, seed: int, start_date: dt.date | str | None = None,
             as_of: dt.datetime | str | None = None, log: Callable[[str], None] = print) -> Summary:
    """Replace the raw tables (and nba_sim) with a simulated league seen from `as_of`."""
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
