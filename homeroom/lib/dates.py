"""The range of dates the records accept, in one place.

Python dates run from year 1 to 9999; a district's records do not. A date outside these
windows is a typing mistake or an attack (``0001-01-01`` overflows date arithmetic,
``9999-12-31`` never ends an enrollment), so every input refuses it:

- birth dates: 1900-01-01 to 2100-12-31 (the people services also require the past);
- school dates (entry, exit, transfer, arrival, grade change, placement, a report's day):
  1990-01-01, before any record a district migrates, to two years after today, far enough
  for a planned enrollment, near enough that a mistyped year is caught.

The API's input schema, the web forms and the services all call :func:`date_problem`.
"""

from __future__ import annotations

import datetime as dt
from enum import Enum

BIRTH_EARLIEST = dt.date(1900, 1, 1)
BIRTH_LATEST = dt.date(2100, 12, 31)
SCHOOL_EARLIEST = dt.date(1990, 1, 1)
SCHOOL_YEARS_AHEAD = 2


class DateKind(Enum):
    BIRTH = "birth"
    SCHOOL = "school"


def date_window(kind: DateKind, today: dt.date) -> tuple[dt.date, dt.date]:
    """The first and last date accepted for ``kind`` (both included)."""
    if kind is DateKind.BIRTH:
        return BIRTH_EARLIEST, BIRTH_LATEST
    try:
        latest = today.replace(year=today.year + SCHOOL_YEARS_AHEAD)
    except ValueError:  # 29 February
        latest = today.replace(year=today.year + SCHOOL_YEARS_AHEAD, day=28)
    return SCHOOL_EARLIEST, latest


def date_problem(value: dt.date, kind: DateKind, today: dt.date) -> str | None:
    """Why ``value`` is not accepted as a date of ``kind`` (English), or None if it is."""
    first, last = date_window(kind, today)
    if first <= value <= last:
        return None
    return f"must be between {first.isoformat()} and {last.isoformat()}"
