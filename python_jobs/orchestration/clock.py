"""Time helpers: naive UTC timestamps (the warehouse convention) and new ids."""

from __future__ import annotations

import datetime as dt
import uuid


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def to_naive_utc(moment: dt.datetime) -> dt.datetime:
    """Aware datetimes are converted to UTC; naive ones are taken as UTC already."""
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(dt.UTC).replace(tzinfo=None)


def new_id() -> str:
    return uuid.uuid4().hex
