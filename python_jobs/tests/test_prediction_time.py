"""The prediction time: schedule.toml's same-day predictions job, dbt_project.yml's default, the
backtest's options."""

from __future__ import annotations

import pytest
import yaml

from python_jobs.orchestration import prediction_time as pt
from python_jobs.orchestration.scheduler import JobSpec, Schedule
from python_jobs.paths import PROJECT_DIR


def _schedule(cron: str) -> Schedule:
    job = JobSpec(name="nba-props-same-day-predictions", description="", schedule=cron,
                  time_zone="America/New_York", target="cloud_run_job", args=(), attempt_deadline_seconds=1,
                  retry_count=0)
    return Schedule(prefix="nba-props-", jobs=(job,))


def test_dbt_default_is_the_scheduled_same_day_predictions_time() -> None:
    project = yaml.safe_load((PROJECT_DIR / "dbt_project.yml").read_text(encoding="utf-8"))
    assert project["vars"]["prediction_time_et"] == pt.same_day_prediction_time()
    assert project["vars"]["prediction_minutes_before_first_tip"] is None


def test_time_read_from_the_cron() -> None:
    assert pt.same_day_prediction_time(_schedule("30 11 * * *")) == "11:30"
    assert pt.same_day_prediction_time(_schedule("5 9 * * *")) == "09:05"
    with pytest.raises(ValueError, match="not a daily"):
        pt.same_day_prediction_time(_schedule("*/5 * * * *"))


def test_vars() -> None:
    assert pt.prediction_vars("9:05") == {"prediction_time_et": "09:05", "prediction_minutes_before_first_tip": None}
    assert pt.prediction_vars(minutes_before_first_tip=90) == {"prediction_minutes_before_first_tip": 90}
    assert pt.prediction_vars()["prediction_time_et"] == pt.same_day_prediction_time()
    for bad in ("25:00", "11:3", "noon"):
        with pytest.raises(ValueError, match="HH:MM"):
            pt.prediction_vars(bad)
    with pytest.raises(ValueError, match=">= 0"):
        pt.prediction_vars(minutes_before_first_tip=-5)
