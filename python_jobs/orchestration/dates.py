"""Which game date a run is for, and whether it is too old to run.

NBA game dates are US Eastern dates, so TODAY / YESTERDAY / TOMORROW resolve in America/New_York
(at 01:00 UTC it is still "yesterday" in New York). The resolution and the moment it was made are
recorded with the run; only the resolved date ever reaches a DATE column.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from python_jobs.orchestration.clock import to_naive_utc

EASTERN = ZoneInfo("America/New_York")
SENTINELS = {"TODAY": 0, "YESTERDAY": -1, "TOMORROW": 1}
MODES = ("overnight", "same-day", "tomorrow", "backfill")
DEFAULT_MAX_AGE_DAYS = 7


class StaleWorkError(ValueError):
    """A non-backfill run for a date older than the maximum age."""


@dataclass(frozen=True)
class ResolvedDate:
    requested: str  # as given: an ISO date or a sentinel
    game_date: dt.date
    today_eastern: dt.date
    resolved_at: dt.datetime  # naive UTC

    @property
    def offset_days(self) -> int:
        return (self.game_date - self.today_eastern).days


def parse_moment(value: str | dt.datetime | None) -> dt.datetime:
    """A moment as naive UTC: None = now; ISO datetimes without offset are UTC; a bare date = noon ET."""
    if value is None:
        return dt.datetime.now(dt.UTC).replace(tzinfo=None)
    if isinstance(value, dt.datetime):
        return to_naive_utc(value)
    text = value.strip()
    if len(text) == 10:
        day = dt.date.fromisoformat(text)
        return to_naive_utc(dt.datetime(day.year, day.month, day.day, 12, tzinfo=EASTERN))
    return to_naive_utc(dt.datetime.fromisoformat(text))


def today_eastern(now_utc: dt.datetime) -> dt.date:
    aware = now_utc.replace(tzinfo=dt.UTC) if now_utc.tzinfo is None else now_utc
    return aware.astimezone(EASTERN).date()


def resolve(requested: str | dt.date, now_utc: dt.datetime) -> ResolvedDate:
    """TODAY / YESTERDAY / TOMORROW (case-insensitive) in US Eastern, or an ISO date."""
    today = today_eastern(now_utc)
    if isinstance(requested, dt.date):
        return ResolvedDate(requested.isoformat(), requested, today, to_naive_utc(now_utc))
    token = requested.strip().upper()
    if token in SENTINELS:
        day = today + dt.timedelta(days=SENTINELS[token])
    else:
        try:
            day = dt.date.fromisoformat(requested.strip())
        except ValueError:
            raise ValueError(f"--date {requested!r}: expected an ISO date (YYYY-MM-DD) or TODAY, YESTERDAY, "
                             "TOMORROW") from None
    return ResolvedDate(requested.strip(), day, today, to_naive_utc(now_utc))


def infer_mode(resolved: ResolvedDate) -> str:
    """Production's mode-aware rule: a past date is overnight, today same-day, tomorrow tomorrow."""
    offset = resolved.offset_days
    if offset < 0:
        return "overnight"
    if offset == 0:
        return "same-day"
    if offset == 1:
        return "tomorrow"
    raise ValueError(f"{resolved.game_date} is {offset} days after today ({resolved.today_eastern}, US Eastern): "
                     "only today and tomorrow can be run ahead of time")


def max_age_days() -> int:
    raw = os.environ.get("NBA_PROPS_MAX_AGE_DAYS")
    return int(raw) if raw else DEFAULT_MAX_AGE_DAYS


def check_not_stale(resolved: ResolvedDate, mode: str, max_age: int | None = None) -> None:
    """Refuse work for a date older than max_age days unless it is a backfill.

    Production once spent 74 % of its capacity re-processing three-week-old messages; old dates are
    rebuilt deliberately with `nba-props backfill` (or --mode backfill), never by a stray daily job.
    """
    if mode == "backfill":
        return
    limit = max_age if max_age is not None else max_age_days()
    age = -resolved.offset_days
    if age > limit:
        raise StaleWorkError(
            f"refusing stale work: {resolved.game_date} is {age} days before today ({resolved.today_eastern}, "
            f"US Eastern), more than the maximum age of {limit} days (NBA_PROPS_MAX_AGE_DAYS / --max-age-days). "
            f"Rebuild old dates with `nba-props backfill --start {resolved.game_date} --end {resolved.game_date}`.")
