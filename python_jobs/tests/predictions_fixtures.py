"""A small synthetic warehouse for the prediction-layer tests: the feature store and the actuals only.

Each player has a hidden scoring level; his points in a game are that level plus a home bonus and an
opponent-defence effect plus noise. The features are computed from his earlier games only (point in
time), so a model can learn the level from the rolling averages and the effects from home_away and
opponent_def_rating. The line is the true expected points plus a little noise, rounded to a half
point (noisier than real lines, so that an edge means something), and missing for about a third
of the rows.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from python_jobs.predictions import features as fs

START = dt.date(2025, 10, 21)
HOME_BONUS = 1.5
DEFENCE_EFFECT = 0.4  # points per rating point above 112


def league_frames(players: int = 40, days: int = 70, seed: int = 3) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(feature-store rows, player_game_summary rows): every player plays every day."""
    rng = np.random.default_rng(seed)
    names = fs.feature_list_from_csv().names
    level = rng.uniform(5.0, 28.0, players)
    spread = 2.0 + 0.2 * level
    history: dict[int, list[float]] = {p: [] for p in range(players)}
    feature_rows, game_rows = [], []
    for d in range(days):
        day = START + dt.timedelta(days=d)
        ratings = rng.normal(112.0, 3.0, players // 2 + 1)
        for p in range(players):
            home = (p + d) % 2
            rating = float(ratings[p // 2])
            expected = level[p] + HOME_BONUS * home + DEFENCE_EFFECT * (rating - 112.0)
            points = float(max(0, round(rng.normal(expected, spread[p]))))
            past = history[p]
            row = {n: np.nan for n in names}
            if past:
                row.update({
                    "points_avg_last_5": float(np.mean(past[-5:])), "points_avg_last_10": float(np.mean(past[-10:])),
                    "points_avg_season": float(np.mean(past)), "points_avg_last_3": float(np.mean(past[-3:])),
                    "points_std_last_10": float(np.std(past[-10:], ddof=1)) if len(past) > 1 else np.nan,
                })
            has_line = rng.random() > 0.33
            row.update({
                "games_in_last_7_days": float(min(len(past), 7)), "home_away": float(home),
                "opponent_def_rating": rating, "fatigue_score": float(rng.uniform(40, 100)),
                "team_pace": 100.0, "opponent_pace": 100.0, "days_rest": 0.0, "back_to_back": 1.0,
                "vegas_points_line": float(np.round((expected + rng.normal(0, 2.5)) * 2) / 2) if has_line else np.nan,
                "has_vegas_line": float(has_line),
            })
            game_id = f"{day:%Y%m%d}_G{p // 2:02d}"
            feature_rows.append({
                "game_date": day, "player_lookup": f"player{p:02d}", "universal_player_id": f"player{p:02d}_001",
                "game_id": game_id, "team_abbr": f"T{p % 10}", "opponent_team_abbr": f"O{p % 10}",
                "vegas_line_source": "odds_api" if has_line else None, "injury_status": None,
                "vegas_line_bookmaker": "draftkings" if has_line else None,
                "vegas_line_snapshot_at": dt.datetime.combine(day, dt.time(15, 0)) if has_line else None,
                "vegas_over_price_american": -110.0 if has_line else np.nan,
                "vegas_under_price_american": -110.0 if has_line else np.nan,
                "feature_quality_score": 95.0 if len(past) >= 3 else 60.0,
                "feature_quality_tier": "gold" if len(past) >= 3 else "poor",
                "is_quality_ready": len(past) >= 3, "feature_version": "v2", **row,
                "expected_points": expected,
            })
            game_rows.append({"player_lookup": f"player{p:02d}", "game_id": game_id, "game_date": day,
                              "points": int(points), "minutes_played": 30.0, "is_dnp": False})
            past.append(points)
    return pd.DataFrame(feature_rows), pd.DataFrame(game_rows)


def write_league(path: Path, players: int = 40, days: int = 70, seed: int = 3) -> pd.DataFrame:
    """Write the synthetic warehouse; returns the feature rows with the hidden expected points."""
    features, games = league_frames(players, days, seed)
    con = duckdb.connect(str(path))
    try:
        con.execute("create schema if not exists nba_predictions")
        con.execute("create schema if not exists nba_analytics")
        store = features.drop(columns=["expected_points"])
        store = store.astype({"vegas_line_source": "string", "injury_status": "string",
                              "vegas_line_bookmaker": "string", "vegas_line_snapshot_at": "datetime64[us]"})
        con.register("store_rows", store)
        con.register("game_rows", games)
        con.execute(f"create or replace table {fs.FEATURE_STORE} as select * from store_rows")
        con.execute(f"create or replace table {fs.PLAYER_GAMES} as select * from game_rows")
    finally:
        con.close()
    return features
