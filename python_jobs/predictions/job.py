"""Predict one game date: every enabled system over the date's feature-store rows, into the landing table.

Per system the job uses the newest registry row trained before the date: the gbm model file (never
trained here: run `nba-props train` first, else the system is skipped with a note) or the
calibration of a rule system / the ensemble's weights, which are refreshed here when missing or
older than REFRESH_DAYS. Rows are appended in one insert; rows equal to the newest existing row of
their (game_id, player_lookup, system_id) are not written again.
"""

from __future__ import annotations

import datetime as dt
import os
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field

import duckdb
import numpy as np
import pandas as pd

from python_jobs.predictions import features as fs
from python_jobs.predictions import landing, registry, skips
from python_jobs.predictions.registry import RegistryRow
from python_jobs.predictions.systems import BASE_SYSTEMS, SYSTEMS, get
from python_jobs.predictions.systems.base import PredictionContext, recommend
from python_jobs.predictions.systems.ensemble import MEMBERS
from python_jobs.predictions.train import models_dir, train_with
from python_jobs.warehouse import connect

# a calibration older than this (days between its training_end and the date) is recomputed first
REFRESH_DAYS = {"moving_average": 7, "zone_matchup": 7, "similarity": 7, "ensemble": 1}


@dataclass
class SystemSummary:
    written: int = 0
    unchanged: int = 0
    skipped: int = 0  # feature-store rows the system could not predict (or the whole date, see note)
    actionable: int = 0
    model_id: str | None = None
    note: str | None = None


@dataclass
class PredictSummary:
    game_date: dt.date
    run_id: str
    players: int = 0
    rows_written: int = 0
    rows_unchanged: int = 0
    rows_skipped: int = 0
    actionable: int = 0
    by_system: dict[str, SystemSummary] = field(default_factory=dict)

    def describe(self) -> str:
        lines = [f"{self.game_date}: {self.players} players; rows written {self.rows_written}, unchanged "
                 f"{self.rows_unchanged}, skipped {self.rows_skipped}; actionable picks {self.actionable}"]
        for sid, s in self.by_system.items():
            line = (f"  {sid:<15} written {s.written:>4}  unchanged {s.unchanged:>4}  skipped {s.skipped:>4}  "
                    f"actionable {s.actionable:>4}  model {s.model_id or '-'}")
            lines.append(line + (f"  ({s.note})" if s.note else ""))
        return "\n".join(lines)


def parse_systems(text: str | None) -> list[str] | None:
    if not text:
        return None
    names = [s.strip() for s in text.split(",") if s.strip()]
    unknown = [s for s in names if s not in SYSTEMS]
    if unknown:
        raise ValueError(f"unknown system(s) {', '.join(unknown)}; systems: {', '.join(SYSTEMS)}")
    return names


def predict_for_date(db: str | os.PathLike[str] | None, game_date: dt.date, *,
                     systems: Sequence[str] | None = None, run_id: str | None = None) -> PredictSummary:
    con = connect(db)
    try:
        return predict_with(con, models_dir(db), game_date, systems=systems, run_id=run_id)
    finally:
        con.close()


def _model_for(con, directory, system_id: str, day: dt.date, version: str) -> tuple[RegistryRow | None, str | None]:
    """The registry row to use for the date, refreshing a stale calibration; and a note when there is none."""
    row = registry.latest_before(con, system_id, day, version)
    if system_id == "gbm":
        return row, None if row else f"no gbm model trained before {day}: run `nba-props train --until {day}`"
    stale = row is None or (day - row.training_end).days > REFRESH_DAYS[system_id]
    if stale:
        try:
            row = train_with(con, directory, day, system=system_id)
        except ValueError as exc:  # too little history (start of a season): keep the older row if any
            return row, f"calibration not refreshed: {exc}"
    return row, None


def _context(con, features: fs.FeatureList, row: RegistryRow | None) -> PredictionContext:
    if row is None:
        return PredictionContext(con=con, features=features)
    params = {**row.params, "features": row.features}
    if row.file_sha256:
        params["file_sha256"] = row.file_sha256
    return PredictionContext(con=con, features=features, calibration=row.calibration, model_id=row.model_id,
                             model_path=row.file_path, params=params)


def _landing_rows(frame: pd.DataFrame, out: pd.DataFrame, system_id: str, row: RegistryRow | None,
                  run_id: str, created_at: dt.datetime) -> pd.DataFrame:
    system = SYSTEMS[system_id]
    scored = out["predicted_points"].notna()
    f, o = frame[scored], out[scored].copy()
    o["predicted_points"] = o["predicted_points"].round(1)
    rec = recommend(f, o, system.thresholds)
    line = f["vegas_points_line"].astype(float)
    has_line = line.notna()
    model_key = row.model_id if row else system.model_version
    rows = pd.DataFrame({
        "run_id": run_id, "system_id": system_id, "model_id": row.model_id if row else None,
        "model_version": system.model_version, "player_lookup": f["player_lookup"],
        "universal_player_id": f["universal_player_id"], "game_id": f["game_id"], "game_date": f["game_date"],
        "team_abbr": f["team_abbr"], "opponent_team_abbr": f["opponent_team_abbr"],
        "predicted_points": o["predicted_points"],
        "p_over": o["p_over"].round(4).where(has_line),
        "confidence_score": o["confidence_score"].round(1),
        "recommendation": rec["recommendation"], "current_points_line": line,
        "line_source": np.where(has_line, "ACTUAL_PROP", "NO_PROP_LINE"),
        "line_source_api": f["vegas_line_source"].astype("string").str.upper().where(has_line),
        "line_margin": (o["predicted_points"] - line).round(1),
        "edge_threshold": system.thresholds.min_edge,
        "feature_version": f["feature_version"], "feature_quality_score": f["feature_quality_score"],
        "feature_quality_tier": f["feature_quality_tier"], "is_actionable": rec["is_actionable"],
        "filter_reason": rec["filter_reason"], "injury_status_at_prediction": f["injury_status"],
        "created_at": created_at,
        "line_bookmaker": f["vegas_line_bookmaker"].where(has_line),
        "line_snapshot_at": f["vegas_line_snapshot_at"].where(has_line),
        "line_over_price_american": f["vegas_over_price_american"].astype(float).where(has_line),
        "line_under_price_american": f["vegas_under_price_american"].astype(float).where(has_line),
    }, index=f.index)
    rows["prediction_id"] = [
        landing.prediction_id(system_id, model_key, g, p, pp, ln, r)
        for g, p, pp, ln, r in zip(rows["game_id"], rows["player_lookup"], rows["predicted_points"],
                                   rows["current_points_line"], rows["recommendation"])
    ]
    return rows


def predict_with(con: duckdb.DuckDBPyConnection, directory, game_date: dt.date, *,
                 systems: Sequence[str] | None = None, run_id: str | None = None) -> PredictSummary:
    requested = list(systems) if systems else list(SYSTEMS)
    for s in requested:
        if s not in SYSTEMS:
            raise ValueError(f"unknown system {s!r}; systems: {', '.join(SYSTEMS)}")
    landing.ensure(con)
    registry.ensure(con)
    features = fs.feature_list(con)
    frame = fs.rows_for_date(con, game_date, features)
    summary = PredictSummary(game_date=game_date, run_id=run_id or uuid.uuid4().hex, players=len(frame))
    if frame.empty:
        skips.replace(con, game_date, requested, pd.DataFrame(columns=list(skips.NAMES)))
        return summary
    versions = set(frame["feature_version"].dropna().unique())
    if versions != {features.version}:
        raise ValueError(f"{fs.FEATURE_STORE} rows for {game_date} have feature_version {sorted(versions)}, "
                         f"the feature catalog is {features.version}")
    # the ensemble needs its members' outputs even when they are not written
    to_run = [s for s in BASE_SYSTEMS if s in requested or ("ensemble" in requested and s in MEMBERS)]
    if "ensemble" in requested:
        to_run.append("ensemble")
    outputs: dict[str, pd.DataFrame] = {}
    rows: list[pd.DataFrame] = []
    created_at = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    skipped_rows: list[pd.DataFrame] = []
    for system_id in to_run:
        row, note = _model_for(con, directory, system_id, game_date, features.version)
        info = SystemSummary(model_id=row.model_id if row else None, note=note)
        if row is None and system_id in ("gbm", "ensemble"):
            # no model / no weights: the system predicts nothing for the date (note says why)
            info.skipped = len(frame)
            if system_id in requested:
                reason = pd.Series(note or f"no {system_id} model before {game_date}", index=frame.index)
                skipped_rows.append(skips.rows_for(frame, reason, system_id, summary.run_id, created_at))
        else:
            context = _context(con, features, row)
            if system_id == "ensemble":
                context.members = outputs
            out = get(system_id).predict(frame, context)
            outputs[system_id] = out
            if system_id in requested:
                produced = _landing_rows(frame, out, system_id, row, summary.run_id, created_at)
                info.skipped = len(frame) - len(produced)
                skipped_rows.append(skips.rows_for(frame, out["skip_reason"], system_id, summary.run_id, created_at))
                info.actionable = int(produced["is_actionable"].sum())
                rows.append(produced)
        if system_id in requested:
            summary.by_system[system_id] = info
    everything = pd.concat(rows, ignore_index=True) if rows else pd.DataFrame(columns=list(landing.NAMES))
    fresh = landing.changed_rows(con, everything, game_date)
    landing.append(con, fresh)
    skips.replace(con, game_date, list(summary.by_system),
                  pd.concat(skipped_rows, ignore_index=True) if skipped_rows else pd.DataFrame(columns=list(skips.NAMES)))
    for system_id, info in summary.by_system.items():
        total = int((everything["system_id"] == system_id).sum()) if len(everything) else 0
        info.written = int((fresh["system_id"] == system_id).sum()) if len(fresh) else 0
        info.unchanged = total - info.written
        summary.rows_written += info.written
        summary.rows_unchanged += info.unchanged
        summary.rows_skipped += info.skipped
        summary.actionable += info.actionable
    return summary
