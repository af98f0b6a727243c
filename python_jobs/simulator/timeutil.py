"""Dates and instants. Raw timestamps are naive UTC; league dates are US Eastern calendar dates."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pandas as pd

ET = ZoneInfo("America/New_York")
UTC = dt.timezone.utc


def opening_night(season_year: int) -> dt.date:
    """The Tuesday in Oct 20-26 (recent NBA seasons open on that Tuesday; no hard-coded table)."""
    first = dt.date(season_year, 10, 20)
    return first + dt.timedelta(days=(1 - first.weekday()) % 7)  # weekday(): Monday=0, Tuesday=1


def season_of(day: dt.date) -> int:
    """Season (starting year) containing `day`; July-September belong to the season just completed."""
    return day.year if day.month >= 10 else day.year - 1


def default_start(as_of: dt.datetime, seasons: int) -> dt.date:
    return opening_night(season_of(to_et(as_of).date()) - (seasons - 1))


def parse_as_of(text: str | None) -> dt.datetime:
    """ISO date or datetime -> naive UTC. A bare date means noon Eastern that day (the morning's
    reports and lines are in, that evening's games are not); no value means now."""
    if text is None:
        return dt.datetime.now(UTC).replace(tzinfo=None, microsecond=0)
    if len(text) == 10:
        day = dt.date.fromisoformat(text)
        return et_to_utc(dt.datetime(day.year, day.month, day.day, 12, 0))
    moment = dt.datetime.fromisoformat(text)
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment


def et_to_utc(moment: dt.datetime) -> dt.datetime:
    return moment.replace(tzinfo=ET).astimezone(UTC).replace(tzinfo=None)


def to_et(moment_utc: dt.datetime) -> dt.datetime:
    return moment_utc.replace(tzinfo=UTC).astimezone(ET).replace(tzinfo=None)


def et_series_to_utc(values: pd.Series) -> pd.Series:
    """Vectorised naive-Eastern -> naive-UTC (DST handled by the tz database)."""
    return values.dt.tz_localize(ET).dt.tz_convert("UTC").dt.tz_localize(None)
