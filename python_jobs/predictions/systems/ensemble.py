"""ensemble: a weighted mean of the other systems, weights from their past accuracy.

Weights (computed by `train --system ensemble`, recorded in the registry, refreshed before each
predicted date): each member's newest landing prediction per (game, player) for games in the
WINDOW_DAYS before the date, graded against player_game_summary (played games only); on the games
every qualifying member predicted, the weights are the point of a simplex grid (steps of
WEIGHT_STEP, summing to 1) whose weighted mean has the lowest MAE there. The grid's corners are the
members alone, so on that history the ensemble is never worse than its best member; inverse-MAE
weights (the v1 rule) spread weight over members far worse than the best and lost to it. The grid is
fitted again on the games with a line at prediction time and on those without (each with at least
MIN_GRADED games, else the overall weights serve): with a line the gbm sits on the market, where any
blend with the rule systems costs accuracy; without one, blending helps. A member with fewer than
MIN_GRADED graded rows gets no weight; with fewer than two qualifying members the weights are
equal over the members, with the reason recorded. Never hand-set.

The calibration is the residual distribution of the weighted mean re-played on those graded games
(members' historical predictions, today's weights); without history, the weighted mix of the
members' own calibrations (calibration.mix).

Per row: sum(w_i * pred_i) / sum(w_i) over the members that predicted the row. Confidence
(production ensemble_v1): weighted mean of member confidences, +10 when two or more members'
predictions span < 2 points, +5 when < 4. Thresholds (production: edge 1.5): OVER / UNDER need |edge| >= 1.5,
p_over >= 0.55 (<= 0.45) and confidence >= 50.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from python_jobs.predictions.features import PLAYER_GAMES, table_exists
from python_jobs.predictions.systems.base import PredictionContext, PredictionSystem, Thresholds

LANDING = "nba_predictions.prediction_landing"
MEMBERS: tuple[str, ...] = ("moving_average", "zone_matchup", "similarity", "gbm")
WINDOW_DAYS = 30
MIN_GRADED = 200
WEIGHT_STEP = 0.1
LINE_STRATA = {True: "with_line", False: "without_line"}


@dataclass(frozen=True)
class History:
    weights: dict[str, float]
    reason: str
    member_mae: dict[str, float]
    member_rows: dict[str, int]
    graded: pd.DataFrame  # per commonly predicted game: game_date, actual_points, current_points_line, members
    # the same grid fitted on the games with / without a line at prediction time (None: too few
    # games, `weights` serve): where a line exists the gbm sits on the market and blends cost it
    by_line: dict[str, dict[str, float] | None] = field(default_factory=dict)

    def weights_for(self, has_line: bool) -> dict[str, float]:
        return self.by_line.get(LINE_STRATA[has_line]) or self.weights


def graded_history(con, before: dt.date, members: tuple[str, ...] = MEMBERS) -> pd.DataFrame:
    """Newest landing prediction per (game, player, member) for games in the window before ``before``,
    with the actual points; played games only."""
    if not table_exists(con, LANDING) or not table_exists(con, PLAYER_GAMES):
        return pd.DataFrame(columns=["system_id", "game_id", "player_lookup", "game_date", "predicted_points",
                                     "current_points_line", "actual_points"])
    return con.execute(
        f"""
        with newest as (
            select system_id, game_id, player_lookup, game_date, predicted_points, current_points_line
            from {LANDING}
            where game_date < ? and game_date >= ?::date - to_days(?) and list_contains(?, system_id)
            qualify row_number() over (
                partition by game_id, player_lookup, system_id order by created_at desc, prediction_id desc
            ) = 1
        )
        select newest.*, pgs.points::double as actual_points
        from newest
        inner join {PLAYER_GAMES} as pgs on newest.game_id = pgs.game_id and newest.player_lookup = pgs.player_lookup
        where not coalesce(pgs.is_dnp, false) and pgs.points is not null
        """,
        [before, before, WINDOW_DAYS, list(members)],
    ).df()


def weights_from_history(con, before: dt.date, members: tuple[str, ...] = MEMBERS) -> History:
    rows = graded_history(con, before, members)
    counts = rows.groupby("system_id").size().to_dict() if len(rows) else {}
    qualified = [m for m in members if counts.get(m, 0) >= MIN_GRADED]
    if len(qualified) < 2:
        reason = (f"equal weights: fewer than 2 members with {MIN_GRADED}+ graded predictions in the "
                  f"{WINDOW_DAYS} days before {before} ({', '.join(f'{m}={counts.get(m, 0)}' for m in members)})")
        return History({m: 1.0 / len(members) for m in members}, reason, {}, {m: int(counts.get(m, 0)) for m in members},
                       pd.DataFrame())
    qualified_rows = rows[rows["system_id"].isin(qualified)]
    wide = (qualified_rows
            .pivot_table(index=["game_id", "player_lookup", "game_date", "actual_points"], columns="system_id",
                         values="predicted_points", aggfunc="first")
            .dropna().reset_index())
    # the line the newest predictions saw (NULL without one): for the p_over recalibration
    lines = qualified_rows.groupby(["game_id", "player_lookup"])["current_points_line"].max().rename(
        "current_points_line")
    wide = wide.merge(lines, left_on=["game_id", "player_lookup"], right_index=True, how="left")
    if len(wide) < MIN_GRADED:
        reason = f"equal weights: only {len(wide)} games predicted by all of {', '.join(qualified)} before {before}"
        return History({m: 1.0 / len(members) for m in members}, reason, {}, {m: int(counts.get(m, 0)) for m in members},
                       pd.DataFrame())
    mae = {m: float((wide[m] - wide["actual_points"]).abs().mean()) for m in qualified}
    best, best_mae = lowest_mae_weights(wide[qualified].to_numpy(dtype=float),
                                        wide["actual_points"].to_numpy(dtype=float))
    weights = {m: 0.0 for m in members} | {m: w for m, w in zip(qualified, best)}
    reason = (f"lowest-MAE weights (grid step {WEIGHT_STEP}) on {len(wide)} games predicted by "
              f"{', '.join(qualified)} in the {WINDOW_DAYS} days before {before}: MAE {best_mae:.3f}")
    by_line: dict[str, dict[str, float] | None] = {}
    for has_line, name in LINE_STRATA.items():
        part = wide[wide["current_points_line"].notna() == has_line]
        if len(part) < MIN_GRADED:
            by_line[name] = None
            reason += f"; {name}: {len(part)} games, the overall weights"
            continue
        w, m = lowest_mae_weights(part[qualified].to_numpy(dtype=float), part["actual_points"].to_numpy(dtype=float))
        by_line[name] = {k: 0.0 for k in members} | dict(zip(qualified, w))
        reason += f"; {name}: {len(part)} games, MAE {m:.3f}"
    return History(weights, reason, mae, {m: int(counts.get(m, 0)) for m in members}, wide, by_line)


def blended(wide: pd.DataFrame, history: History) -> pd.Series:
    """The ensemble's prediction re-played on graded history: each game with its stratum's weights."""
    out = pd.Series(np.nan, index=wide.index)
    for has_line in (True, False):
        rows = wide["current_points_line"].notna() == has_line
        w = {m: v for m, v in history.weights_for(has_line).items() if v > 0 and m in wide}
        if rows.any() and w:
            out[rows] = sum(v * wide.loc[rows, m] for m, v in w.items()) / sum(w.values())
    return out


def simplex_grid(members: int, step: float = WEIGHT_STEP) -> np.ndarray:
    """Every weight vector of ``members`` non-negative multiples of ``step`` summing to 1, one per row."""
    units = round(1 / step)

    def parts(n: int, total: int) -> list[list[int]]:
        if n == 1:
            return [[total]]
        return [[k, *rest] for k in range(total, -1, -1) for rest in parts(n - 1, total - k)]

    return np.array(parts(members, units), dtype=float) / units


def lowest_mae_weights(predictions: np.ndarray, actual: np.ndarray) -> tuple[tuple[float, ...], float]:
    """The grid weights (columns of ``predictions`` = members) whose weighted mean has the lowest MAE
    on ``actual``; ties go to the earlier grid point, which puts more weight on earlier members."""
    grid = simplex_grid(predictions.shape[1])
    maes = np.abs(grid @ predictions.T - actual[None, :]).mean(axis=1)
    best = int(np.argmin(np.round(maes, 9)))
    return tuple(round(float(w), 4) for w in grid[best]), float(maes[best])


def combine(members: dict[str, pd.DataFrame], weights: dict[str, float], index: pd.Index) -> pd.DataFrame:
    """Weighted mean prediction and confidence over the members present per row."""
    num = pd.Series(0.0, index=index)
    den = pd.Series(0.0, index=index)
    conf = pd.Series(0.0, index=index)
    preds = []
    for member, frame in members.items():
        w = float(weights.get(member, 0.0))
        if w <= 0:
            continue
        p = frame["predicted_points"].reindex(index).astype(float)
        have = p.notna()
        num += np.where(have, w * p.fillna(0.0), 0.0)
        den += np.where(have, w, 0.0)
        conf += np.where(have, w * frame["confidence_score"].reindex(index).astype(float).fillna(0.0), 0.0)
        preds.append(p)
    predicted = (num / den).where(den > 0)
    if preds:
        stacked = pd.concat(preds, axis=1)
        # agreement bonus only where at least two members predicted
        spread = (stacked.max(axis=1) - stacked.min(axis=1)).where(stacked.notna().sum(axis=1) >= 2)
    else:
        spread = pd.Series(np.nan, index=index)
    confidence = (conf / den).where(den > 0) + np.select([spread < 2, spread < 4], [10.0, 5.0], 0.0)
    return pd.DataFrame({"predicted_points": predicted, "confidence_score": confidence}, index=index)


class Ensemble(PredictionSystem):
    system_id = "ensemble"
    model_version = "ensemble_lowest_mae_by_line_v2"
    thresholds = Thresholds(min_edge=1.5, min_p=0.55, min_confidence=50.0)
    skip_reason = "no weighted member predicted the row"

    def point_predict(self, frame: pd.DataFrame, context: PredictionContext) -> pd.DataFrame:
        weights = context.params.get("weights")
        if not weights:
            raise LookupError("ensemble needs weights: its registry row (train --system ensemble) has none")
        by_line = context.params.get("weights_by_line") or {}
        if not any(by_line.values()):
            return combine(context.members, weights, frame.index)
        has_line = frame["vegas_points_line"].notna()
        with_line = combine(context.members, by_line.get("with_line") or weights, frame.index)
        without = combine(context.members, by_line.get("without_line") or weights, frame.index)
        return with_line.where(has_line, without, axis=0)
