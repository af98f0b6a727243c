"""The gbm's feature ablation: its walk-forward MAE with each feature group removed in turn.

For each configuration (all features, then all but one catalog feature_group) the gbm is trained
as `nba-props train` trains it, every ``retrain_every_days`` from ``start`` (14: half the backtest's
trainings, so the 13 configurations fit in about ten minutes on the real window): fitted on the rows
before the holdout, its market weight chosen on the holdout (systems/gbm.py), refitted on every row
before the training date; then it predicts the played games up to the next training date. The
rows scored are the played games in [start, end] with a closing line and an earlier played game,
as in the real-data bench, so the closing line's MAE on the same rows sits beside each figure.
Nothing is written to the warehouse; model files are not kept.

Also measured, on the full configuration: the market weights chosen, and the correlation of the
model's own errors (weight 1, no anchor) with the closing line's, which caps what any blend of the
two can gain over the line.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import duckdb
import numpy as np
import pandas as pd

from python_jobs.predictions import features as fs
from python_jobs.predictions.systems import gbm
from python_jobs.predictions.systems.base import MAX_POINTS, MIN_POINTS
from python_jobs.predictions.train import HOLDOUT_DAYS

ALL = "(all features)"


@dataclass(frozen=True)
class AblationRow:
    removed: str  # a feature_group, or ALL for the full model
    features: int
    rows: int
    mae: float
    model_alone_mae: float
    line_mae: float
    market_weights: tuple[float, ...]


@dataclass(frozen=True)
class Ablation:
    rows: list[AblationRow]
    error_correlation_with_line: float | None  # full model, weight 1
    fair_line_mae: float | None  # the market fair line alone, on the rows that have one


def feature_groups(con: duckdb.DuckDBPyConnection) -> dict[str, list[str]]:
    """Catalog features by feature_group, in catalog order."""
    rows = con.execute(
        f"select feature_group, feature_name from {fs.CATALOG_TABLE} order by feature_index").fetchall()
    groups: dict[str, list[str]] = {}
    for group, name in rows:
        groups.setdefault(group, []).append(name)
    return groups


def _closing_lines(con: duckdb.DuckDBPyConnection, start: dt.date, end: dt.date) -> pd.DataFrame:
    return con.execute(
        """
        select game_id, player_lookup, cast(points_line as double) as closing_line
        from nba_analytics.player_game_summary
        where game_date between ? and ? and points_line is not null
        """,
        [start, end],
    ).df()


def _anchor_view(frame: pd.DataFrame, names: list[str]) -> pd.DataFrame:
    """The rows as the configuration sees them: without the anchor when its feature is removed."""
    return frame if gbm.ANCHOR_FEATURE in names else frame.drop(columns=[gbm.ANCHOR_FEATURE], errors="ignore")


def _walk_forward(rows: pd.DataFrame, names: list[str], start: dt.date, end: dt.date,
                  every: int) -> tuple[pd.Series, pd.Series, list[float]]:
    """Anchored and model-alone predictions for the rows in [start, end], and the weights chosen."""
    dates = pd.to_datetime(rows["game_date"]).dt.date
    anchored = pd.Series(np.nan, index=rows.index)
    alone = pd.Series(np.nan, index=rows.index)
    weights: list[float] = []
    day = start
    while day <= end:
        until = min(day + dt.timedelta(days=every), end + dt.timedelta(days=1))
        before = rows[dates < day]
        fit_part = before[pd.to_datetime(before["game_date"]).dt.date < day - dt.timedelta(days=HOLDOUT_DAYS)]
        hold = before.drop(fit_part.index)
        target = (dates >= day) & (dates < until)
        if len(fit_part) and len(hold) and target.any():
            first = gbm.fit(fit_part, names, fit_part["actual_points"])
            weight, _, _ = gbm.choose_market_weight(first.predict(gbm.matrix(hold, names)), _anchor_view(hold, names),
                                                    hold["actual_points"])
            final = gbm.fit(before, names, before["actual_points"])
            test = rows[target]
            raw = final.predict(gbm.matrix(test, names))
            alone[test.index] = np.clip(raw, MIN_POINTS, MAX_POINTS)
            anchored[test.index] = np.clip(gbm.anchored(raw, _anchor_view(test, names), weight), MIN_POINTS, MAX_POINTS)
            weights.append(weight)
        day = until
    return anchored, alone, weights


def run(con: duckdb.DuckDBPyConnection, start: dt.date, end: dt.date, *, retrain_every_days: int = 14,
        log: Callable[[str], None] = print, only: tuple[str, ...] | None = None) -> Ablation:
    """``only``: the configurations to run (ALL and / or group names); default every one."""
    features = fs.feature_list(con)
    rows = fs.rows_with_actuals(con, None, end + dt.timedelta(days=1), features)
    lines = _closing_lines(con, start, end)
    window = rows.merge(lines, on=["game_id", "player_lookup"], how="left")
    window.index = rows.index
    dates = pd.to_datetime(rows["game_date"]).dt.date
    scored = ((dates >= start) & (dates <= end) & window["closing_line"].notna()
              & rows["points_avg_last_10"].notna())
    groups = feature_groups(con)
    configs = [(ALL, list(features.names))] + [
        (group, [n for n in features.names if n not in set(members)]) for group, members in groups.items()]
    if only is not None:
        configs = [c for c in configs if c[0] in only]
    out: list[AblationRow] = []
    correlation = None
    actual = rows["actual_points"].astype(float)
    for removed, names in configs:
        log(f"ablation: {removed} ({len(names)} features)")
        anchored, alone, weights = _walk_forward(rows, names, start, end, retrain_every_days)
        keep = scored & anchored.notna()
        out.append(AblationRow(
            removed=removed, features=len(names), rows=int(keep.sum()),
            mae=round(float((anchored - actual)[keep].abs().mean()), 4),
            model_alone_mae=round(float((alone - actual)[keep].abs().mean()), 4),
            line_mae=round(float((window["closing_line"] - actual)[keep].abs().mean()), 4),
            market_weights=tuple(weights)))
        if removed == ALL and keep.sum() > 2:
            correlation = round(float(np.corrcoef((alone - actual)[keep],
                                                  (window["closing_line"] - actual)[keep])[0, 1]), 4)
    fair = rows.get(gbm.ANCHOR_FEATURE)
    fair_mae = None
    if fair is not None:
        has = scored & fair.notna()
        fair_mae = round(float((fair - actual)[has].abs().mean()), 4) if has.any() else None
    return Ablation(out, correlation, fair_mae)
