"""When a date's predictions are made, as dbt vars for int_games.prediction_at.

The default is the same-day predictions job's time in schedule.toml, so a backtest predicts each date
with what the scheduled 11:30 ET run could have seen; dbt_project.yml carries the same default for a
plain `dbt build` (python_jobs/tests/test_prediction_time.py keeps the two equal).
"""

from __future__ import annotations

import re

from python_jobs.orchestration.scheduler import Schedule, load_schedule

SAME_DAY_PREDICTIONS_JOB = "same-day-predictions"
_CLOCK = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


def same_day_prediction_time(schedule: Schedule | None = None) -> str:
    """'HH:MM' (US Eastern) of the same-day predictions job, from its daily cron 'M H * * *'."""
    job = (schedule or load_schedule()).job(SAME_DAY_PREDICTIONS_JOB)
    fields = job.schedule.split()
    if len(fields) != 5 or not fields[0].isdigit() or not fields[1].isdigit() or fields[2:] != ["*", "*", "*"]:
        raise ValueError(f"job {job.name}: schedule {job.schedule!r} is not a daily 'M H * * *' cron, "
                         "so it names no prediction time; pass --prediction-time HH:MM")
    return f"{int(fields[1]):02d}:{int(fields[0]):02d}"


def prediction_vars(time_et: str | None = None, minutes_before_first_tip: int | None = None) -> dict[str, object]:
    """dbt vars fixing the prediction time: a US Eastern clock time, or minutes before the first tip-off."""
    if minutes_before_first_tip is not None:
        if minutes_before_first_tip < 0:
            raise ValueError(f"minutes before the first tip-off must be >= 0, not {minutes_before_first_tip}")
        return {"prediction_minutes_before_first_tip": minutes_before_first_tip}
    clock = time_et or same_day_prediction_time()
    match = _CLOCK.match(clock)
    if not match:
        raise ValueError(f"prediction time {clock!r} is not a US Eastern clock time HH:MM (e.g. 11:30)")
    return {"prediction_time_et": f"{int(match.group(1)):02d}:{match.group(2)}",
            "prediction_minutes_before_first_tip": None}
