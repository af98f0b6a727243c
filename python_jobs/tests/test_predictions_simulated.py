"""On a simulated league built through Phase 4: walk-forward gbm beats the last-10 average, p_over is
calibrated, and every system writes one row per feature-store row it can predict.

The simulator's true expected points (nba_sim.player_game_truth) are read only here, to report how
far the model is from the oracle; they are never a feature (the model's feature list is the catalog).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from python_jobs.dbt import invoke
from python_jobs.predictions.calibration import calibration_error
from python_jobs.predictions.features import feature_list_from_csv
from python_jobs.predictions.job import predict_for_date
from python_jobs.predictions.train import train_until
from python_jobs.simulator.core import simulate

AS_OF = "2025-12-20T12:00:00"
TRAIN_UNTIL = dt.date(2025, 12, 6)
DAYS = 14  # predicted walk-forward from TRAIN_UNTIL with the one model


def _dbt(args: list[str], db: Path, target: Path) -> None:
    res = invoke([*args, "--quiet"], db=db, target_path=target)
    assert res.success, f"dbt {' '.join(args)} failed: {res.exception or res.result}"


@pytest.fixture(scope="module")
def simulated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("predictions_simulated")
    db = tmp / "wh.duckdb"
    con = duckdb.connect(str(db))
    try:
        simulate(con, seasons=1, seed=7, as_of=AS_OF)
    finally:
        con.close()
    _dbt(["seed"], db, tmp / "target")
    _dbt(["run", "--select", "+ml_feature_store"], db, tmp / "target")
    row = train_until(db, TRAIN_UNTIL, system="gbm")
    assert row.training_end < TRAIN_UNTIL
    assert row.features == list(feature_list_from_csv().names)
    assert not any("expected" in f or "actual" in f for f in row.features)
    for k in range(DAYS):
        predict_for_date(db, TRAIN_UNTIL + dt.timedelta(days=k))
    return db


def test_gbm_beats_last_10_and_p_over_is_calibrated(simulated: Path) -> None:
    con = duckdb.connect(str(simulated))
    try:
        graded = con.execute(
            """
            select l.system_id, l.predicted_points, l.p_over, l.current_points_line, l.recommendation,
                   g.points::double as actual, f.points_avg_last_10, t.expected_points
            from nba_predictions.prediction_landing as l
            inner join nba_analytics.player_game_summary as g using (game_id, player_lookup)
            inner join nba_predictions.ml_feature_store as f using (game_id, player_lookup)
            inner join nba_sim.player_game_truth as t using (game_id, player_lookup)
            where not g.is_dnp and f.is_quality_ready
            """
        ).df()
        per_day = con.execute(
            """
            select f.game_date, count(distinct f.player_lookup) as features,
                   count(distinct l.player_lookup) as rows
            from nba_predictions.ml_feature_store as f
            left join nba_predictions.prediction_landing as l
                on f.game_id = l.game_id and f.player_lookup = l.player_lookup and l.system_id = 'moving_average'
            where f.game_date >= ? and f.game_date < ?
            group by f.game_date
            """,
            [TRAIN_UNTIL, TRAIN_UNTIL + dt.timedelta(days=DAYS)],
        ).fetchall()
    finally:
        con.close()
    # moving_average predicts every feature-store row that has recent form
    assert len(per_day) == DAYS
    assert all(rows > 0.8 * features for _, features, rows in per_day), per_day

    gbm = graded[graded["system_id"] == "gbm"].dropna(subset=["points_avg_last_10"])
    assert len(gbm) > 1000
    mae = {
        "gbm": (gbm["predicted_points"] - gbm["actual"]).abs().mean(),
        "last_10": (gbm["points_avg_last_10"] - gbm["actual"]).abs().mean(),
        "oracle": (gbm["expected_points"] - gbm["actual"]).abs().mean(),
    }
    print(f"simulated {TRAIN_UNTIL} + {DAYS} days, {len(gbm)} played quality-ready rows: "
          + ", ".join(f"{k} MAE {v:.3f}" for k, v in mae.items()))
    assert mae["gbm"] < 0.98 * mae["last_10"]
    assert mae["gbm"] < 1.10 * mae["oracle"]
    for system_id in ("gbm", "moving_average", "ensemble"):
        rows = graded[(graded["system_id"] == system_id) & graded["p_over"].notna()]
        rows = rows[rows["actual"] != rows["current_points_line"]]  # pushes have no side
        went_over = (rows["actual"] > rows["current_points_line"]).astype(float)
        error = calibration_error(rows["p_over"], went_over)
        print(f"{system_id}: calibration error {error:.3f} on {len(rows)} lined rows")
        assert error < 0.06, system_id


def test_features_and_predictions_use_the_line_known_at_prediction_time(simulated: Path) -> None:
    """The feature store (and so every prediction) holds the chosen book's latest snapshot before the
    date's prediction time (11:30 US Eastern), not the closing line. The simulator posts several
    snapshots per player-game, so the two differ on many rows: reading the close would fail here."""
    con = duckdb.connect(str(simulated))
    try:
        rows = con.execute(
            """
            with features as (
                select f.game_id, f.player_lookup, f.game_date, f.prediction_at, f.vegas_points_line,
                       f.vegas_line_bookmaker, f.vegas_line_snapshot_at, g.tipoff_at
                from nba_predictions.ml_feature_store as f
                inner join nba_analytics.int_games as g using (game_id)
                where f.vegas_line_source = 'odds_api'
            ),
            snapshots as (
                select game_id, player_lookup, bookmaker, snapshot_timestamp, points_line
                from nba_staging.stg_nba_raw__odds_api_player_points_props
                where is_pre_game and points_line is not null
            )
            select
                features.*,
                timezone('America/New_York', timezone('UTC', features.prediction_at)) as prediction_at_et,
                arg_max(snapshots.points_line, snapshots.snapshot_timestamp)
                    filter (where snapshots.snapshot_timestamp < features.prediction_at) as line_before,
                max(snapshots.snapshot_timestamp)
                    filter (where snapshots.snapshot_timestamp < features.prediction_at) as snapshot_before,
                arg_max(snapshots.points_line, snapshots.snapshot_timestamp)
                    filter (where snapshots.snapshot_timestamp < features.tipoff_at) as closing_line
            from features
            inner join snapshots
                on features.game_id = snapshots.game_id and features.player_lookup = snapshots.player_lookup
                and features.vegas_line_bookmaker = snapshots.bookmaker
            group by all
            """
        ).df()
        landing = con.execute(
            """
            select l.system_id, l.current_points_line, l.line_snapshot_at, l.line_bookmaker,
                   f.vegas_points_line, f.vegas_line_snapshot_at, f.vegas_line_bookmaker
            from nba_predictions.prediction_landing as l
            inner join nba_predictions.ml_feature_store as f using (game_id, player_lookup)
            where f.vegas_points_line is not null
            """
        ).df()
    finally:
        con.close()
    assert len(rows) > 1000
    # 11:30 US Eastern on the game date (or the tip-off, for a game before it)
    clock = rows["prediction_at_et"].dt.strftime("%H:%M")
    assert ((clock == "11:30") | (rows["prediction_at"] == rows["tipoff_at"])).all()
    assert (rows["prediction_at_et"].dt.date == pd.to_datetime(rows["game_date"]).dt.date).all()
    assert (rows["vegas_line_snapshot_at"] < rows["prediction_at"]).all()
    assert (rows["vegas_line_snapshot_at"] == rows["snapshot_before"]).all()
    assert (rows["vegas_points_line"] == rows["line_before"]).all()
    moved = rows["closing_line"] != rows["vegas_points_line"]
    print(f"{len(rows)} Odds API feature rows; the closing line differs from the 11:30 line on {moved.sum()}")
    assert moved.sum() > 0.2 * len(rows)
    # each prediction records the line, book and snapshot it was made at
    assert len(landing) > 1000
    assert (landing["current_points_line"] == landing["vegas_points_line"]).all()
    assert (landing["line_snapshot_at"] == landing["vegas_line_snapshot_at"]).all()
    assert (landing["line_bookmaker"] == landing["vegas_line_bookmaker"]).all()
