"""The demo district's 2026-27 year: terms, grading periods, typed days, bell schedules.

Plain data, no models: the builder turns it into rows.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

D = dt.date

YEAR_NAME = "2026-27"
YEAR_START, YEAR_END = D(2026, 7, 1), D(2027, 6, 30)
FIRST_DAY, LAST_DAY = D(2026, 8, 13), D(2027, 6, 4)

# code, name, start, end; and the grading periods of each term.
TERMS = (
    ("S1", "Semester 1", D(2026, 8, 13), D(2027, 1, 22)),
    ("S2", "Semester 2", D(2027, 1, 26), D(2027, 6, 4)),
)
GRADING_PERIODS = {
    "S1": (
        ("Q1", "Quarter 1", D(2026, 8, 13), D(2026, 10, 16)),
        ("Q2", "Quarter 2", D(2026, 10, 19), D(2027, 1, 22)),
    ),
    "S2": (
        ("Q3", "Quarter 3", D(2027, 1, 26), D(2027, 3, 26)),
        ("Q4", "Quarter 4", D(2027, 4, 5), D(2027, 6, 4)),
    ),
}

STAFF_DAYS = {D(2026, 8, 10), D(2026, 8, 11), D(2026, 8, 12), D(2027, 1, 25), D(2027, 6, 7)}
MINIMUM_DAYS = {D(2026, 11, 18), D(2026, 12, 18), D(2027, 1, 22), D(2027, 6, 4)}


def _span(start: dt.date, end: dt.date) -> set[dt.date]:
    return {start + dt.timedelta(days=i) for i in range((end - start).days + 1)}


HOLIDAYS = (
    {D(2026, 9, 7), D(2026, 11, 11), D(2027, 1, 18), D(2027, 2, 15), D(2027, 5, 31)}
    | _span(D(2026, 11, 23), D(2026, 11, 27))
    | _span(D(2026, 12, 21), D(2027, 1, 1))
    | _span(D(2027, 3, 29), D(2027, 4, 2))
)


class Day(NamedTuple):
    date: dt.date
    kind: str  # DayKind value
    schedule: str  # bell schedule name, "" on holidays and staff days
    rotation: str  # "A" or "B" on block days


class Meeting(NamedTuple):
    period: str
    start: dt.time
    end: dt.time


REGULAR, MINIMUM, BLOCK_A, BLOCK_B = "Regular", "Minimum day", "Block A day", "Block B day"


def _first_wednesday_of_month(day: dt.date) -> bool:
    return day.weekday() == 2 and day.day <= 7


def day_of(date: dt.date, *, block_days: bool) -> Day | None:
    """The typed day for a weekday of the school year; None for weekends and summer."""
    if date.weekday() >= 5 or not D(2026, 8, 10) <= date <= D(2027, 6, 7):
        return None
    if date in STAFF_DAYS:
        return Day(date, "staff", "", "")
    if date in HOLIDAYS:
        return Day(date, "holiday", "", "")
    if date in MINIMUM_DAYS or _first_wednesday_of_month(date):
        return Day(date, "minimum", MINIMUM, "")
    if block_days and date.weekday() in (2, 3):
        rotation = "A" if date.weekday() == 2 else "B"
        return Day(date, "instructional", BLOCK_A if rotation == "A" else BLOCK_B, rotation)
    return Day(date, "instructional", REGULAR, "")


def school_days(*, block_days: bool) -> list[Day]:
    """Every typed day of the year, staff days through the last staff day."""
    days = (day_of(d, block_days=block_days) for d in sorted(_span(YEAR_START, YEAR_END)))
    return [d for d in days if d is not None]


def _t(hhmm: str) -> dt.time:
    hours, minutes = hhmm.split(":")
    return dt.time(int(hours), int(minutes))


def _meetings(rows: str) -> tuple[Meeting, ...]:
    out = []
    for row in rows.split():
        period, start, end = row.split("=")
        out.append(Meeting(period, _t(start), _t(end)))
    return tuple(out)


# Periods per level: (code, name).
ELEMENTARY_PERIODS = (("AM", "Morning"), ("PM", "Afternoon"))
SECONDARY_PERIODS = tuple((str(i), f"Period {i}") for i in range(1, 7))

BELLS: dict[str, dict[str, tuple[Meeting, ...]]] = {
    "elementary": {
        REGULAR: _meetings("AM=08:10=11:40 PM=12:20=14:30"),
        MINIMUM: _meetings("AM=08:10=10:50 PM=11:05=12:40"),
    },
    "middle": {
        REGULAR: _meetings(
            "1=08:00=08:53 2=08:58=09:51 3=10:06=10:59 4=11:04=11:57 5=12:37=13:30 6=13:35=14:28"
        ),
        MINIMUM: _meetings(
            "1=08:00=08:35 2=08:40=09:15 3=09:25=10:00 4=10:05=10:40 5=10:45=11:20 6=11:25=12:00"
        ),
    },
}
BELLS["high"] = {
    **BELLS["middle"],
    BLOCK_A: _meetings("1=08:00=09:45 3=10:00=11:45 5=12:25=14:10"),
    BLOCK_B: _meetings("2=08:00=09:45 4=10:00=11:45 6=12:25=14:10"),
}


def periods_for(level: str) -> tuple[tuple[str, str], ...]:
    return ELEMENTARY_PERIODS if level == "elementary" else SECONDARY_PERIODS
