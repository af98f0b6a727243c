"""nba_sim.player_game_truth: what really drove each player-game (never visible in raw tables)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from python_jobs.simulator.lines import BP_CONSENSUS


def _line_sources(odds: pd.DataFrame, bp: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Odds API pre-tip consensus per (game_id, player_lookup) -- the median over books of each book's
    latest pre-tip line -- and the BettingPros consensus rows (the fallback)."""
    pre = odds[odds["minutes_before_tipoff"] >= 0]
    latest = pre.sort_values("snapshot_timestamp").groupby(["game_id", "player_lookup", "bookmaker"]).tail(1)
    line = latest.groupby(["game_id", "player_lookup"])["points_line"].median().rename("line").reset_index()
    line["line_source"] = "odds_api"
    return line, bp[(bp["bookmaker"] == BP_CONSENSUS) & (bp["bet_side"] == "over")]


def truth_rows(pg: pd.DataFrame, odds: pd.DataFrame, bp: pd.DataFrame, season: int) -> pd.DataFrame:
    """One row per player-game of the season. The line is the pre-tip consensus, so it is the same
    whatever the as_of (pre-tip rows are all processed before the game is final)."""
    odds_line, bp_cons = _line_sources(odds, bp)
    bp_latest = (bp_cons.sort_values("created_at").groupby(["offer_id"]).tail(1)
                 [["offer_id", "points_line"]].rename(columns={"points_line": "bp_line"}))
    t = pg.copy()
    t["offer_id"] = [f"{season % 100:02d}{g:05d}{p:05d}" for g, p in zip(t["game_row"], t["player"])]
    t = t.merge(odds_line, on=["game_id", "player_lookup"], how="left").merge(bp_latest, on="offer_id", how="left")
    use_bp = t["line"].isna() & t["bp_line"].notna()
    t.loc[use_bp, "line_source"] = "bettingpros"
    t["line"] = t["line"].fillna(t["bp_line"])
    played = t["status"] == 0
    return pd.DataFrame({
        "game_id": t["game_id"], "game_date": t["game_date"], "season_year": season,
        "player_lookup": t["player_lookup"], "player_name": t["player_name"], "nba_player_id": t["nba_player_id"],
        "team_abbr": t["team_abbr"], "is_home": t["is_home"],
        "expected_points": np.round(t["exp_pts"], 3), "expected_minutes": np.round(t["exp_min"], 2),
        "expected_points_morning": np.round(t["exp_pts_early"], 3),
        "actual_points": t["points"].where(played).astype("Int64"),
        "actual_minutes": np.round(t["seconds"] / 60.0, 2), "played": played,
        "player_status": np.array(["active", "dnp", "inactive"], dtype=object)[t["status"]],
        "line": t["line"], "line_source": t["line_source"],
        "line_error": (t["line"] - t["points"]).where(played & t["line"].notna()),
        "final_at": t["final_at"],  # not written: the as_of view keeps the games final by then
    })
