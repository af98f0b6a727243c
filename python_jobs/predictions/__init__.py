"""Phase 5 prediction layer: prediction systems, training, calibration, the landing table.

``job.predict_for_date`` writes one row per (player, system) for a game date into
``nba_predictions.prediction_landing`` (append-only; dbt derives the active prediction), and
``train.train_until`` fits or calibrates a system on data strictly before a date and records it in
``nba_predictions.model_registry``.
"""
