"""Schedule and box-score tables (gamebook, same-night box, team box) from a played season.

Arrival times follow the real feeds: the schedule is published in August, the same-night box and
the final schedule row ~30 min after the buzzer, the gamebook PDF the next morning ~10:00 ET.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from python_jobs.simulator import injuries as inj
from python_jobs.simulator import rng as rngs
from python_jobs.simulator.league import League
from python_jobs.simulator.season import SeasonData
from python_jobs.simulator.timeutil import et_series_to_utc

STAT_COLS = ("points", "field_goals_made", "field_goals_attempted", "three_pointers_made",
             "three_pointers_attempted", "free_throws_made", "free_throws_attempted", "offensive_rebounds",
             "defensive_rebounds", "total_rebounds", "assists", "steals", "blocks", "turnovers",
             "personal_fouls", "plus_minus")


def _mins(n: np.ndarray | pd.Series) -> pd.Series | pd.TimedeltaIndex:
    return pd.to_timedelta(np.asarray(n, dtype=float), unit="m")


def add_game_times(sd: SeasonData, seed: int) -> pd.DataFrame:
    """Buzzer, final (box) and next-morning arrival instants per game (all naive UTC)."""
    g = sd.games
    rng = rngs.stream(seed, rngs.TIMES, sd.season)
    n = len(g)
    g["buzzer"] = g["tip_utc"] + _mins(125 + 15 * g["n_ot"] + rng.uniform(0, 12, n)).round("s")
    g["final_at"] = g["buzzer"] + _mins(rng.uniform(25, 35, n)).round("s")
    next_day = pd.Series(pd.to_datetime(g["game_date"]) + pd.Timedelta(days=1))
    g["gamebook_at"] = et_series_to_utc(next_day + _mins(600 + rng.uniform(0, 90, n)).round("s"))
    g["pbp_at"] = et_series_to_utc(next_day + _mins(rng.uniform(420, 600, n)).round("s"))
    g["decision_at"] = np.minimum(et_series_to_utc(pd.Series(pd.to_datetime(g["game_date"])) + _mins(17 * 60)),
                                  g["tip_utc"] - _mins(120))
    return g


def enrich(sd: SeasonData, league: League) -> pd.DataFrame:
    """Player-game rows with names, ids and their game's columns attached."""
    pg = sd.player_games
    g = sd.games
    abbr = league.teams["team_abbr"].to_numpy()
    pg["player_name"] = np.array(league.names, dtype=object)[pg["player"]]
    pg["player_lookup"] = np.array(league.lookups, dtype=object)[pg["player"]]
    pg["nba_player_id"] = np.array(league.nba_ids)[pg["player"]]
    pg["team_abbr"] = abbr[pg["team"]]
    for col in ("game_id", "game_date", "home_abbr", "away_abbr", "tip_utc", "final_at", "gamebook_at",
                "decision_at", "nba_game_id", "n_ot"):
        pg[col] = g[col].to_numpy()[pg["game_row"]]
    pg["fgm"] = pg["paint_m"] + pg["mid_m"] + pg["three_m"]
    pg["fga"] = pg["paint_a"] + pg["mid_a"] + pg["three_a"]
    pg["reb"] = pg["oreb"] + pg["dreb"]
    return pg


def _stats_frame(rows: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "points": rows["points"], "field_goals_made": rows["fgm"], "field_goals_attempted": rows["fga"],
        "three_pointers_made": rows["three_m"], "three_pointers_attempted": rows["three_a"],
        "free_throws_made": rows["ftm"], "free_throws_attempted": rows["fta"],
        "offensive_rebounds": rows["oreb"], "defensive_rebounds": rows["dreb"], "total_rebounds": rows["reb"],
        "assists": rows["ast"], "steals": rows["stl"], "blocks": rows["blk"], "turnovers": rows["tov"],
        "personal_fouls": rows["pf"], "plus_minus": rows["plus_minus"],
    }).astype("Int64")


def minutes_string(seconds: pd.Series) -> pd.Series:
    s = seconds.astype(int)
    return (s // 60).astype(str).str.zfill(2) + ":" + (s % 60).astype(str).str.zfill(2)


def schedule_rows(sd: SeasonData, league: League, seed: int) -> pd.DataFrame:
    """Status 1 when published, 2 at tip-off, 3 (with scores) when final; some games also from cdn_static."""
    g = sd.games
    rng = rngs.stream(seed, rngs.TIMES, sd.season, 1)
    city = league.teams["arena_city"].to_numpy()[g["home"]]
    published = pd.Timestamp(sd.start.year, 8, 14, 18, 0)
    base = pd.DataFrame({
        "game_id": g["nba_game_id"], "season_year": sd.season, "game_date": g["game_date"],
        "game_date_est": g["tip_utc"], "home_team_tricode": g["home_abbr"], "away_team_tricode": g["away_abbr"],
        "is_regular_season": True, "is_playoffs": False, "arena_city": city, "neutral_site_flag": False,
    })
    scores = {"home_team_score": g["home_pts"].astype("Int64"), "away_team_score": g["away_pts"].astype("Int64")}
    none = {"home_team_score": pd.array([pd.NA] * len(g), dtype="Int64"),
            "away_team_score": pd.array([pd.NA] * len(g), dtype="Int64")}
    parts = [
        base.assign(game_status=1, **none, data_source="api_stats", processed_at=published),
        base.assign(game_status=2, **none, data_source="api_stats", processed_at=g["tip_utc"] + pd.Timedelta(minutes=5)),
        base.assign(game_status=3, **scores, data_source="api_stats", processed_at=g["final_at"]),
    ]
    cdn = rng.random(len(g)) < 0.3
    parts.append(base[cdn].assign(game_status=1, **{k: v[cdn] for k, v in none.items()}, data_source="cdn_static",
                                  processed_at=published + pd.Timedelta(days=1)))
    parts.append(base[cdn].assign(game_status=3, **{k: v[cdn] for k, v in scores.items()}, data_source="cdn_static",
                                  processed_at=g["final_at"][cdn] + pd.Timedelta(hours=2)))
    return pd.concat(parts, ignore_index=True)


def _dnp_reason(pg: pd.DataFrame, sd: SeasonData) -> pd.Series:
    labels = np.array([f"Injury/Illness - {r}" for r, _ in inj.REASONS], dtype=object)
    reason = pd.Series(labels[pg["rep_reason"].clip(lower=0)], index=pg.index, dtype=object)
    reason[pg["status"] == 1] = "DNP - Coach's Decision"
    reason[pg["status"] == 0] = None
    return reason


def gamebook_rows(pg: pd.DataFrame, sd: SeasonData) -> pd.DataFrame:
    active = pg["status"] == 0
    stats = _stats_frame(pg)
    stats[~active.to_numpy()] = pd.NA
    out = pd.DataFrame({
        "game_id": pg["game_id"], "game_date": pg["game_date"], "season_year": sd.season,
        "team_abbr": pg["team_abbr"], "home_team_abbr": pg["home_abbr"], "away_team_abbr": pg["away_abbr"],
        "player_name": pg["player_name"], "player_lookup": pg["player_lookup"],
        "nba_player_id": pg["nba_player_id"].astype("Int64"),
        "player_status": np.array(["active", "dnp", "inactive"], dtype=object)[pg["status"]],
        "dnp_reason": _dnp_reason(pg, sd), "is_starter": pg["starter"],
        "minutes": minutes_string(pg["seconds"]).where(active, None),
    })
    out = pd.concat([out, stats], axis=1)
    out["processed_at"] = pg["gamebook_at"]
    return out


def boxscore_rows(pg: pd.DataFrame, sd: SeasonData) -> pd.DataFrame:
    rows = pg[pg["status"] == 0]
    out = pd.DataFrame({
        "game_id": rows["game_id"], "game_date": rows["game_date"], "season_year": sd.season,
        "game_status": "Final", "nba_player_id": rows["nba_player_id"].astype("Int64"),
        "player_full_name": rows["player_name"], "player_lookup": rows["player_lookup"],
        "team_abbr": rows["team_abbr"], "starter": rows["starter"], "minutes": minutes_string(rows["seconds"]),
    })
    out = pd.concat([out, _stats_frame(rows)], axis=1)
    out["processed_at"] = rows["final_at"]
    return out.reset_index(drop=True)


def team_rows(pg: pd.DataFrame, sd: SeasonData) -> pd.DataFrame:
    """Two rows per game, exactly the sum of that team's player rows."""
    act = pg[pg["status"] == 0]
    keys = ["game_row", "team"]
    sums = act.groupby(keys, sort=True)[["fgm", "fga", "three_m", "three_a", "ftm", "fta", "oreb", "dreb", "reb",
                                         "ast", "stl", "blk", "tov", "pf", "points"]].sum()
    first = act.groupby(keys, sort=True)[["game_id", "nba_game_id", "game_date", "team_abbr", "is_home",
                                          "n_ot", "final_at"]].first()
    t = pd.concat([sums, first], axis=1).reset_index()
    g = sd.games
    margin = (g["home_pts"] - g["away_pts"]).to_numpy()[t["game_row"]]
    out = pd.DataFrame({
        "game_id": t["game_id"], "nba_game_id": t["nba_game_id"], "game_date": t["game_date"],
        "season_year": sd.season, "team_abbr": t["team_abbr"], "is_home": t["is_home"],
        "minutes": (240 + 25 * t["n_ot"]).astype(str) + ":00",
        "fg_made": t["fgm"], "fg_attempted": t["fga"], "three_pt_made": t["three_m"],
        "three_pt_attempted": t["three_a"], "ft_made": t["ftm"], "ft_attempted": t["fta"],
        "offensive_rebounds": t["oreb"], "defensive_rebounds": t["dreb"], "total_rebounds": t["reb"],
        "assists": t["ast"], "steals": t["stl"], "blocks": t["blk"], "turnovers": t["tov"],
        "personal_fouls": t["pf"], "points": t["points"],
        "plus_minus": np.where(t["is_home"], margin, -margin),
        "processed_at": t["final_at"],
    })
    return out
