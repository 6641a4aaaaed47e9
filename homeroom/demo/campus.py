"""A school's buildings and day: periods, bell schedules, calendar and rooms."""

from __future__ import annotations

from dataclasses import dataclass, field

from homeroom.demo import calendar, tables
from homeroom.demo.context import Context
from homeroom.demo.plan import SchoolPlan

BLOCK_LEVELS = frozenset({"high"})
FEEDS_INTO = {"elementary": "middle", "middle": "high"}


@dataclass
class Campus:
    """The ids a school's classes refer to."""

    plan: SchoolPlan
    school_id: int
    period_ids: dict[str, int]
    classrooms: list[int] = field(default_factory=list)
    labs: list[int] = field(default_factory=list)

    def room_for(self, teacher_index: int, *, lab: bool) -> int:
        """The room teacher number ``teacher_index`` teaches in (labs for science)."""
        rooms = self.labs if lab and self.labs else self.classrooms
        return rooms[teacher_index % len(rooms)]


def add_schools(ctx: Context, plans: list[SchoolPlan], district_id: int) -> list[int]:
    """Every school row, up front, each pointing at the school its students go on to."""
    ids = ctx.ids.take(tables.SCHOOL, len(plans))
    by_level: dict[str, list[int]] = {}
    for plan, school_id in zip(plans, ids, strict=True):
        by_level.setdefault(plan.level, []).append(school_id)
    rows = []
    for plan, school_id in zip(plans, ids, strict=True):
        siblings = by_level[plan.level]
        following = by_level.get(FEEDS_INTO.get(plan.level, ""), [])
        position = siblings.index(school_id) * len(following) // len(siblings)
        next_school = following[position] if following else None
        low, high = plan.grades[0], plan.grades[-1]
        rows.append(
            (school_id, district_id, plan.name, plan.code, plan.level, low, high, next_school)
        )
    ctx.buffer.add(tables.SCHOOL, rows)
    return ids


def build_campus(ctx: Context, plan: SchoolPlan, school_id: int, teachers: int) -> Campus:
    campus = Campus(plan, school_id, _periods(ctx, school_id, plan.level))
    bells = _bell_schedules(ctx, campus)
    _calendar(ctx, campus, bells)
    _rooms(ctx, campus, teachers)
    return campus


def _periods(ctx: Context, school_id: int, level: str) -> dict[str, int]:
    periods = calendar.periods_for(level)
    ids = ctx.ids.take(tables.PERIOD, len(periods))
    rows = [
        (pid, school_id, code, name, order)
        for order, (pid, (code, name)) in enumerate(zip(ids, periods, strict=True), start=1)
    ]
    ctx.buffer.add(tables.PERIOD, rows)
    return {code: pid for pid, (code, _) in zip(ids, periods, strict=True)}


def _bell_schedules(ctx: Context, campus: Campus) -> dict[str, int]:
    bells = calendar.BELLS[campus.plan.level]
    ids = dict(zip(bells, ctx.ids.take(tables.BELL, len(bells)), strict=True))
    ctx.buffer.add(tables.BELL, [(bid, campus.school_id, name) for name, bid in ids.items()])
    meetings = [(ids[name], m) for name, ms in bells.items() for m in ms]
    meeting_ids = ctx.ids.take(tables.BELL_PERIOD, len(meetings))
    ctx.buffer.add(
        tables.BELL_PERIOD,
        [
            (mid, bid, campus.period_ids[m.period], m.start, m.end)
            for mid, (bid, m) in zip(meeting_ids, meetings, strict=True)
        ],
    )
    return ids


def _calendar(ctx: Context, campus: Campus, bells: dict[str, int]) -> None:
    calendar_id = ctx.ids.one(tables.CALENDAR)
    ctx.buffer.add(tables.CALENDAR, [(calendar_id, campus.school_id, ctx.school_year_id)])
    days = calendar.school_days(block_days=campus.plan.level in BLOCK_LEVELS)
    day_ids = ctx.ids.take(tables.CALENDAR_DAY, len(days))
    ctx.buffer.add(
        tables.CALENDAR_DAY,
        [
            (did, calendar_id, d.date, d.kind, bells.get(d.schedule), d.rotation)
            for did, d in zip(day_ids, days, strict=True)
        ],
    )


def _rooms(ctx: Context, campus: Campus, teachers: int) -> None:
    """A classroom per teacher; science labs, a gym and a library at middle and high."""
    secondary = campus.plan.level != "elementary"
    labs = max(1, teachers // 6) if secondary else 0
    specs: list[tuple[str, int, list[str]]] = []
    for i in range(teachers - labs):
        specs.append((f"{100 + i}", ctx.rng.choice((28, 32, 34, 36)), ["projector"]))
    for i in range(labs):
        specs.append((f"S{101 + i}", 32, ["science-lab", "projector"]))
    specs.append(("MPR", 200, ["stage"]))
    if secondary:
        specs += [("GYM", 120, ["gym"]), ("LIB", 60, ["library", "computers"])]
    ids = ctx.ids.take(tables.ROOM, len(specs))
    rows = [(rid, campus.school_id, n, cap, f) for rid, (n, cap, f) in zip(ids, specs, strict=True)]
    ctx.buffer.add(tables.ROOM, rows)
    campus.classrooms = ids[: teachers - labs] or ids[-1:]
    campus.labs = ids[teachers - labs : teachers]
