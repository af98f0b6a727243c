"""Sportsbook lines: player points props (Odds API, BettingPros) and game spreads/totals.

Props are set the way a sharp book sets them, so that the simulated market is as hard to beat as a
real one (over rate ~50 %, a moving average no better than a coin flip against it):

- The book's expected points is the simulator's own expectation at the snapshot's information
  (morning news before the ~17:00 ET decision, the final lineup after) plus an error shared by all
  books, a small per-book error and a drift between snapshots. The errors are independent of
  everything public, so any public signal of the truth (a moving average, say) gains an edge that
  grows with their variance; they are sized so that edge is ~1 % while the closing line's MAE against
  actual points stays ~5 (real NBA: 5.04, 6 % better than a last-10 average).
- The line is the MEDIAN of the book's points distribution, rounded to .5, not its mean: points are
  right-skewed (minutes, shot volume and hot shooting multiply), the median is ~0.5-0.8 below the
  mean, and a line at the mean makes the under win ~54 % of the time. market.py calibrates the
  median and spread by expected-points level from Monte-Carlo replays of the game model, never from
  the season's played games.
- Prices are the book's own P(over) and P(under) at that line, each marked up by the -110/-110
  overround (~1.048) and quoted in 5-cent American steps, so the side its distribution favours at the
  rounded line is the dearer one (e.g. -115/-105). -95 is written as +105: no price is strictly
  between -100 and +100.

In-game snapshots (negative minutes before tip-off) drift toward the live score, keep their simple
-110 +/- shading, and must never be used as pre-game lines.
"""

from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd

from python_jobs.simulator import market
from python_jobs.simulator import rng as rngs

ODDS_BOOKS = ("draftkings", "fanduel", "betmgm", "caesars")
ODDS_SNAPSHOTS = (600, 240, 90, 20)  # minutes before tip-off
IN_GAME = {-30: 0.25, -75: 0.55}  # snapshot offset -> share of the game already played
BP_BOOKS = ("DraftKings", "FanDuel", "BetMGM")
BP_CONSENSUS = "BettingPros Consensus"
BP_SNAPSHOTS = (480, 60)
GAME_BOOKS = ("draftkings", "fanduel", "betmgm")
GAME_SNAPSHOTS = (720, 240, 45)
# Book errors (points). Independent of public information, so a moving average exploits them in
# proportion to their variance: at the former 1.1 / 0.45 / 0.3 it hit ~53.5 % even against median
# lines. At these sizes it hits ~51 %, the closing MAE is ~5.0 and books still differ and move.
COMMON_ERR_SD = 0.45  # shared by all books for one player-game
BOOK_ERR_SD = 0.35  # one book, the same at each of its snapshots
DRIFT_SD = 0.25  # per snapshot, cumulative (news, money)
MIN_PROP_MINUTES = 15.0
OUT = 0  # index of 'out' in season.REPORT_STATUSES


def event_id(seed: int, game_id: str) -> str:
    return hashlib.md5(f"{seed}:{game_id}".encode()).hexdigest()


def event_ids(seed: int, game_ids: pd.Series) -> pd.Series:
    """event_id for every row (hashed once per game)."""
    return game_ids.map({g: event_id(seed, g) for g in game_ids.unique()})


def round_half(x: np.ndarray) -> np.ndarray:
    return np.maximum(np.round(np.asarray(x, dtype=float) * 2) / 2, 0.5)


def american_prices(estimate: np.ndarray, line: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """In-game snapshots only: around -110/-110, shaded toward the side the live estimate favours."""
    shift = np.round((estimate - line) * 4).astype(int) * 5
    over, under = -110 - shift, -110 + shift

    def fix(p: np.ndarray) -> np.ndarray:  # -95 is quoted as +105
        return np.where(p > -100, 200 + p, p)
    return fix(np.clip(over, -160, -60)), fix(np.clip(under, -160, -60))


def _snapshot_grid(cands: pd.DataFrame, offsets: tuple[int, ...], books: tuple[str, ...],
                   rng: np.random.Generator, shape: market.PointsShape) -> pd.DataFrame:
    """Candidates x snapshots x books: each book's view of the player's points distribution (its
    expected points at the snapshot's information, with its errors) and the line at its median."""
    n = len(cands)
    common = rng.normal(0, COMMON_ERR_SD, n)
    drift = np.cumsum(rng.normal(0, DRIFT_SD, (n, len(offsets))), axis=1)
    # a book's own error persists across its snapshots: were it redrawn per snapshot, lines would
    # revert toward the truth by tip-off and any model would show closing-line value it did not earn
    book_err = rng.normal(0, BOOK_ERR_SD, (len(books), n))
    frames = []
    for j, off in enumerate(offsets):
        snap = cands["tip_utc"] - pd.Timedelta(minutes=off)
        final = (snap >= cands["decision_at"]).to_numpy()
        est = np.where(final, cands["exp_pts"], cands["exp_pts_early"])
        em = np.where(final, cands["exp_min"], cands["exp_min_early"])
        status = np.where(final, cands["rep_final"], cands["rep_early"])
        offered = (em >= MIN_PROP_MINUTES) & (status != OUT)
        for b, book in enumerate(books):
            belief = est + common + drift[:, j] + book_err[b]  # the book's expected points
            median = shape.median(belief)
            f = cands[offered].copy()
            f["snapshot_timestamp"] = snap[offered]
            f["minutes_before_tipoff"] = off
            f["bookmaker"] = book
            f["book_median"] = median[offered]
            f["book_sd"] = shape.sd(belief)[offered]
            f["points_line"] = round_half(median)[offered]
            f["book_rank"] = b
            frames.append(f)
    return pd.concat(frames, ignore_index=True)


def _priced(grid: pd.DataFrame) -> pd.DataFrame:
    """Over/under prices from the book's own P(over) at its (.5-rounded) line, with the vig."""
    prob = market.p_over(grid["book_median"].to_numpy(), grid["book_sd"].to_numpy(), grid["points_line"].to_numpy())
    over, under = market.two_way_prices(prob)
    return grid.assign(over_price=over, under_price=under)


def _shape(seed: int, season: int) -> market.PointsShape:
    return market.points_shape(seed, season, MIN_PROP_MINUTES)


def _candidates(pg: pd.DataFrame) -> pd.DataFrame:
    return pg[np.maximum(pg["exp_min"], pg["exp_min_early"]) >= MIN_PROP_MINUTES]


def odds_api_props(pg: pd.DataFrame, games: pd.DataFrame, seed: int, season: int) -> pd.DataFrame:
    rng = rngs.stream(seed, rngs.LINES, season, 1)
    covered_games = games.index[rng.random(len(games)) < 0.70]
    n_books = rng.choice([3, 4], size=len(games), p=[0.4, 0.6])
    cands = _candidates(pg)
    cands = cands[cands["game_row"].isin(covered_games)]
    grid = _snapshot_grid(cands, ODDS_SNAPSHOTS, ODDS_BOOKS, rng, _shape(seed, season))
    grid = _priced(grid[grid["book_rank"] < n_books[grid["game_row"]]])
    live = _in_game(cands, games, rng)
    over, under = american_prices(live["estimate"].to_numpy(), live["points_line"].to_numpy())
    grid = pd.concat([grid, live.assign(over_price=over, under_price=under)], ignore_index=True)
    return pd.DataFrame({
        "game_id": grid["game_id"], "odds_api_event_id": event_ids(seed, grid["game_id"]),
        "game_date": grid["game_date"], "game_start_time": grid["tip_utc"],
        "home_team_abbr": grid["home_abbr"], "away_team_abbr": grid["away_abbr"],
        "snapshot_timestamp": grid["snapshot_timestamp"], "minutes_before_tipoff": grid["minutes_before_tipoff"],
        "bookmaker": grid["bookmaker"], "player_name": grid["player_name"], "player_lookup": grid["player_lookup"],
        "points_line": grid["points_line"], "over_price_american": grid["over_price"],
        "under_price_american": grid["under_price"],
        "processed_at": grid["snapshot_timestamp"] + pd.to_timedelta(rng.integers(40, 240, len(grid)), unit="s"),
    })


def _in_game(cands: pd.DataFrame, games: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """Live snapshots for ~20% of covered games: the line leans on points already scored."""
    rows = cands[(cands["status"] == 0) & cands["game_row"].isin(games.index[rng.random(len(games)) < 0.2])]
    frames = []
    for off, played_share in IN_GAME.items():
        f = rows.copy()
        f["snapshot_timestamp"] = f["tip_utc"] - pd.Timedelta(minutes=off)
        f["minutes_before_tipoff"] = off
        f["estimate"] = played_share * f["points"] + (1 - played_share) * f["exp_pts"]
        f["points_line"] = round_half(f["estimate"] + rng.normal(0, 0.5, len(f)))
        for book in ODDS_BOOKS[:2]:
            frames.append(f.assign(bookmaker=book, book_rank=0))
    return pd.concat(frames, ignore_index=True)


def bettingpros_props(pg: pd.DataFrame, games: pd.DataFrame, seed: int, season: int) -> pd.DataFrame:
    """Nearly every game; over and under on separate rows; consensus = median of the books."""
    rng = rngs.stream(seed, rngs.LINES, season, 2)
    covered = games.index[rng.random(len(games)) < 0.985]
    cands = _candidates(pg)
    cands = cands[cands["game_row"].isin(covered)].copy()
    cands["offer_id"] = [f"{season % 100:02d}{g:05d}{p:05d}" for g, p in zip(cands["game_row"], cands["player"])]
    grid = _snapshot_grid(cands, BP_SNAPSHOTS, BP_BOOKS, rng, _shape(seed, season))
    keys = ["offer_id", "minutes_before_tipoff"]
    view = ["points_line", "book_median", "book_sd"]
    cons = grid.groupby(keys, sort=False).agg(points_line=("points_line", "median"),
                                              book_median=("book_median", "median"), book_sd=("book_sd", "first"))
    cons = grid.drop_duplicates(keys).drop(columns=view).merge(cons.reset_index(), on=keys)
    cons["points_line"] = np.floor(cons["points_line"] * 2) / 2
    cons["bookmaker"], cons["book_rank"] = BP_CONSENSUS, len(BP_BOOKS)
    grid = _priced(pd.concat([grid, cons], ignore_index=True))
    grid = grid.sort_values(["offer_id", "book_rank", "snapshot_timestamp"], kind="stable")
    opening = grid.groupby(["offer_id", "bookmaker"], sort=False)["points_line"].transform("first")
    over, under = grid["over_price"].to_numpy(), grid["under_price"].to_numpy()
    created = grid["snapshot_timestamp"]
    sides = []
    for side, price in (("over", over), ("under", under)):
        best_line = grid.groupby(keys)["points_line"].transform("min" if side == "over" else "max")
        sides.append(pd.DataFrame({
            "game_date": grid["game_date"], "market_type": "points", "offer_id": grid["offer_id"],
            "bet_side": side, "player_name": grid["player_name"], "player_lookup": grid["player_lookup"],
            "player_team": grid["team_abbr"], "bookmaker": grid["bookmaker"], "points_line": grid["points_line"],
            "odds_american": price, "opening_line": opening, "is_active": True,
            "is_best_line": (grid["points_line"] == best_line) & (grid["bookmaker"] != BP_CONSENSUS),
            "bookmaker_last_update": created - pd.to_timedelta(rng.integers(60, 1800, len(grid)), unit="s"),
            "created_at": created,
            "processed_at": created + pd.to_timedelta(rng.integers(30, 300, len(grid)), unit="s"),
        }))
    return pd.concat(sides, ignore_index=True)


def game_lines(pg: pd.DataFrame, games: pd.DataFrame, teams: pd.DataFrame, seed: int, season: int) -> pd.DataFrame:
    """Spreads and totals from both teams' expected points; 3 books, a few snapshots, decimal prices."""
    rng = rngs.stream(seed, rngs.LINES, season, 3)
    early = pg.groupby(["game_row", "is_home"])["exp_pts_early"].sum().unstack()
    final = pg.groupby(["game_row", "is_home"])["exp_pts"].sum().unstack()
    g = games[rng.random(len(games)) < 0.99].copy()
    n = len(g)
    names = dict(zip(teams["team_abbr"], teams["team_name"]))
    err_margin, err_total = rng.normal(0, 1.5, n), rng.normal(0, 2.5, n)
    ids = event_ids(seed, g["game_id"])
    rows = []
    for off in GAME_SNAPSHOTS:
        snap = g["tip_utc"] - pd.Timedelta(minutes=off)
        src = np.where(snap >= g["decision_at"], 1, 0)
        home = np.where(src, final.loc[g.index, True], early.loc[g.index, True])
        away = np.where(src, final.loc[g.index, False], early.loc[g.index, False])
        for book in GAME_BOOKS:
            margin = home - away + err_margin + rng.normal(0, 0.4, n)  # home court is in the expectation
            total = home + away + err_total + rng.normal(0, 0.6, n)
            spread = np.round(-margin * 2) / 2
            base = {"snapshot_timestamp": snap, "game_id": ids,
                    "commence_time": g["tip_utc"], "game_date": g["game_date"], "home_team_abbr": g["home_abbr"],
                    "away_team_abbr": g["away_abbr"], "bookmaker_key": book,
                    "processed_at": snap + pd.to_timedelta(rng.integers(30, 200, n), unit="s")}
            price = lambda: np.round(rng.normal(1.91, 0.02, n), 2)  # noqa: E731 - fresh draw per outcome
            rows += [
                pd.DataFrame({**base, "market_key": "spreads", "outcome_name": g["home_abbr"].map(names),
                              "outcome_price": price(), "outcome_point": spread}),
                pd.DataFrame({**base, "market_key": "spreads", "outcome_name": g["away_abbr"].map(names),
                              "outcome_price": price(), "outcome_point": -spread}),
                pd.DataFrame({**base, "market_key": "totals", "outcome_name": "Over",
                              "outcome_price": price(), "outcome_point": np.round(total * 2) / 2}),
                pd.DataFrame({**base, "market_key": "totals", "outcome_name": "Under",
                              "outcome_price": price(), "outcome_point": np.round(total * 2) / 2}),
            ]
    return pd.concat(rows, ignore_index=True)
