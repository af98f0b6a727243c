"""The simulated sportsbook is as hard to beat as a real one (issue 14, item 3): over the season the
over wins half the time, the line is ~6 % closer to the result than a last-10 average, a plain moving
average gains nothing against it, and the prices carry the -110/-110 vig.

One full season (seed 42) is simulated once for the module, in memory and before the feed dirt, so
the lines are compared with exactly the box scores they were priced against. Real 2024-25 reference:
over rate 48.9-50.1 %, closing-line MAE 5.04 vs 5.37 for the last-10 average.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from types import ModuleType

import numpy as np
import pandas as pd
import pytest

from python_jobs.simulator import boxes, lines, market
from python_jobs.simulator.injuries import InjuryState
from python_jobs.simulator.league import create_league, start_season
from python_jobs.simulator.season import play_season

SEED = 42
START = dt.date(2024, 10, 22)
BOOK_ORDER = {"draftkings": 0, "fanduel": 1}  # then the others


@dataclass
class Market:
    odds: pd.DataFrame  # every Odds API prop row of the season
    bp: pd.DataFrame  # every BettingPros prop row
    closing: pd.DataFrame  # latest pre-tip line per played player-game, with points and form


def _form(box: pd.DataFrame) -> pd.DataFrame:
    """Each played game's points with the player's form from earlier dates only."""
    b = box[["game_id", "game_date", "player_lookup", "points"]].astype({"points": float})
    b = b.sort_values(["game_date", "game_id"], kind="stable")
    before = b.groupby("player_lookup")["points"].shift(1)  # one game a date: shift = strictly before
    rolling = before.groupby(b["player_lookup"])
    b["ma10"] = rolling.transform(lambda s: s.rolling(10, min_periods=1).mean())  # up to 10 games
    b["l10"] = rolling.transform(lambda s: s.rolling(10).mean())  # exactly the last 10
    return b.drop(columns="game_date")


def _closing(odds: pd.DataFrame, box: pd.DataFrame) -> pd.DataFrame:
    pre = odds[odds["minutes_before_tipoff"] >= 0]
    pre = pre.assign(book_order=pre["bookmaker"].map(BOOK_ORDER).fillna(len(BOOK_ORDER)))
    latest = (pre.sort_values(["snapshot_timestamp", "book_order"], ascending=[False, True], kind="stable")
              .drop_duplicates(["game_id", "player_lookup"]))
    return latest.merge(_form(box), on=["game_id", "player_lookup"])  # inner: lines of players who played


def season_market(props: ModuleType = lines) -> Market:
    """One season's prop feeds and box scores. `props` is the lines module (swappable to measure an
    older pricing against the same games)."""
    league = create_league(SEED, 1, START)
    start_season(league, SEED, START.year, START)
    sd = play_season(league, InjuryState.empty(league.capacity), SEED, START.year, START)
    boxes.add_game_times(sd, SEED)
    pg = boxes.enrich(sd, league)
    odds = props.odds_api_props(pg, sd.games, SEED, sd.season)
    bp = props.bettingpros_props(pg, sd.games, SEED, sd.season)
    return Market(odds, bp, _closing(odds, boxes.boxscore_rows(pg, sd)))


@pytest.fixture(scope="module")
def season() -> Market:
    return season_market()


def _no_push(rows: pd.DataFrame) -> pd.DataFrame:
    return rows[rows["points"] != rows["points_line"]]


def over_rate(m: Market) -> float:
    rows = _no_push(m.closing)
    return float((rows["points"] > rows["points_line"]).mean())


def mae_ratio(m: Market) -> tuple[float, float]:
    rows = m.closing.dropna(subset=["l10"])
    line = (rows["points_line"] - rows["points"]).abs().mean()
    return float(line), float(line / (rows["l10"] - rows["points"]).abs().mean())


def moving_average_hit_rate(m: Market) -> float:
    rows = _no_push(m.closing.dropna(subset=["ma10"]))
    rows = rows[rows["ma10"] != rows["points_line"]]  # no side to bet
    return float(((rows["ma10"] > rows["points_line"]) == (rows["points"] > rows["points_line"])).mean())


def implied(american: pd.Series | np.ndarray) -> np.ndarray:
    return market.implied_probability(np.asarray(american, dtype=float))


def test_over_wins_half_the_time(season: Market) -> None:
    assert len(season.closing) > 10_000
    assert 0.48 <= over_rate(season) <= 0.52  # lines at the mean: ~0.46


def test_line_is_about_six_percent_closer_than_last_10(season: Market) -> None:
    line_mae, ratio = mae_ratio(season)
    assert 4.8 <= line_mae <= 5.3  # real closing line: 5.04
    # Real 0.9385. Noisy books at the mean land at ~0.95; a book that knew the expectation exactly ~0.925.
    assert 0.92 <= ratio <= 0.945


def test_moving_average_gains_nothing(season: Market) -> None:
    assert 0.48 <= moving_average_hit_rate(season) <= 0.52  # lines at the mean: ~0.54


def test_prices_carry_the_vig_and_are_well_formed(season: Market) -> None:
    pre = season.odds[season.odds["minutes_before_tipoff"] >= 0]
    overround = implied(pre["over_price_american"]) + implied(pre["under_price_american"])
    assert 1.035 <= overround.mean() <= 1.06
    assert overround.min() >= 1.035  # every two-way market is marked up, none offered near fair
    bp = season.bp[season.bp["bet_side"] == "over"].merge(
        season.bp[season.bp["bet_side"] == "under"], on=["offer_id", "bookmaker", "created_at"])
    bp_overround = implied(bp["odds_american_x"]) + implied(bp["odds_american_y"])
    assert 1.035 <= bp_overround.mean() <= 1.06 and bp_overround.min() >= 1.035
    prices = np.concatenate([season.odds["over_price_american"], season.odds["under_price_american"],
                             season.bp["odds_american"]])
    assert not ((prices > -100) & (prices < 100)).any()
    # The shading is the book's honest P(over): without the vig it matches how often the over won.
    rows = _no_push(season.closing)
    p_over = implied(rows["over_price_american"])
    fair = p_over / (p_over + implied(rows["under_price_american"]))
    assert abs(fair.mean() - over_rate(season)) < 0.02


def test_price_format() -> None:
    prices = market.american_price(np.linspace(0.30, 0.70, 401))
    assert not ((prices > -100) & (prices < 100)).any()
    assert (prices % market.PRICE_STEP == 0).all()
    over, under = market.two_way_prices(np.array([0.5]))
    assert (over[0], under[0]) == (market.VIG_PRICE, market.VIG_PRICE)


def test_snapshots_and_movement_kept(season: Market) -> None:
    pre = season.odds[season.odds["minutes_before_tipoff"] >= 0]
    assert set(pre["minutes_before_tipoff"]) == set(lines.ODDS_SNAPSHOTS)
    assert set(season.odds["minutes_before_tipoff"]) - set(lines.ODDS_SNAPSHOTS) == set(lines.IN_GAME)
    moves = pre.groupby(["game_id", "player_lookup", "bookmaker"])["points_line"].nunique()
    assert (moves > 1).mean() > 0.5  # drift, fresh book errors and the final lineup still move lines


def moving_average_clv(m: Market) -> tuple[float, int]:
    """Mean closing-line value (points) of a moving average betting the side of the same book's
    morning line (its earliest pre-tip snapshot), and the number of picks."""
    pre = m.odds[m.odds["minutes_before_tipoff"] >= 0]
    first = (pre.sort_values("snapshot_timestamp", kind="stable")
             .drop_duplicates(["game_id", "player_lookup", "bookmaker"])[["game_id", "player_lookup", "bookmaker",
                                                                          "points_line"]])
    rows = m.closing.merge(first, on=["game_id", "player_lookup", "bookmaker"], suffixes=("_close", "_open"))
    rows = rows[rows["ma10"].notna() & (rows["ma10"] != rows["points_line_open"])]
    side = np.sign(rows["ma10"] - rows["points_line_open"])  # +1 over, -1 under
    clv = side * (rows["points_line_close"] - rows["points_line_open"])
    return float(clv.mean()), len(rows)


def test_line_moves_are_not_predictable_from_public_form(season: Market) -> None:
    """A book's own error persists across its snapshots, so the line does not drift back toward the
    truth by tip-off and public form earns next to no closing-line value. Measured on seed 42: +0.052
    points per pick (what is left is the .5 rounding, redrawn as the line drifts); with book errors
    redrawn at every snapshot it was +0.103."""
    clv, n = moving_average_clv(season)
    print(f"moving average vs the morning line: mean CLV {clv:+.3f} points on {n:,} picks")
    assert n > 5000
    assert abs(clv) < 0.08
