"""Courses, sections and rosters for one school, and its counselors' caseloads.

Elementary students sit in one self-contained class of their grade. Middle and high
school students take six periods, one in each department; each teacher teaches one
department in five periods and has the sixth free. Rosters are for semester 1, the
term in progress.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from homeroom.demo import calendar, tables
from homeroom.demo.campus import Campus
from homeroom.demo.context import Context
from homeroom.demo.families import Pupil

ELEMENTARY_CLASS_SIZE = 24
STUDENTS_PER_TEACHER = 25
MIN_SECONDARY_TEACHERS = 12  # two per department, so every period offers every department
ROSTER_TERM = "S1"
T = TypeVar("T")

DEPARTMENTS = ("ENG", "MATH", "SCI", "SOC", "PE", "WL")
TITLES: dict[str, dict[str, tuple[str, ...]]] = {
    "high": {
        "ENG": ("English 9", "English 10", "English 11", "English 12"),
        "MATH": ("Algebra 1", "Geometry", "Algebra 2", "Precalculus"),
        "SCI": ("Biology", "Chemistry", "Physics", "Environmental Science"),
        "SOC": ("World Geography", "World History", "U.S. History", "Government and Economics"),
        "PE": ("Physical Education 1", "Physical Education 2", "Sports Medicine", "Yoga"),
        "WL": ("Spanish 1", "Spanish 2", "Mandarin 1", "Spanish for Spanish Speakers"),
    },
    "middle": {
        "ENG": ("English 6", "English 7", "English 8"),
        "MATH": ("Math 6", "Math 7", "Math 8"),
        "SCI": ("Science 6", "Life Science", "Physical Science"),
        "SOC": ("Ancient Civilizations", "Medieval World History", "U.S. History 8"),
        "PE": ("Physical Education 6", "Physical Education 7", "Physical Education 8"),
        "WL": ("Exploring Languages", "Spanish 1A", "Spanish 1B"),
    },
}
ELEMENTARY_TITLES = {"TK": "Transitional Kindergarten", "K": "Kindergarten"}


def chunks(items: Sequence[T], parts: int) -> list[Sequence[T]]:
    """``items`` cut into ``parts`` contiguous runs of near-equal length."""
    size, extra = divmod(len(items), parts)
    out, start = [], 0
    for i in range(parts):
        end = start + size + (1 if i < extra else 0)
        out.append(items[start:end])
        start = end
    return out


def teacher_count(level: str, students_per_grade: dict[str, int]) -> int:
    if level == "elementary":
        return sum(max(1, -(-n // ELEMENTARY_CLASS_SIZE)) for n in students_per_grade.values())
    total = sum(students_per_grade.values())
    return max(MIN_SECONDARY_TEACHERS, round(total / STUDENTS_PER_TEACHER))


def _courses(
    ctx: Context, campus: Campus, titles: dict[tuple[str, str], str]
) -> dict[tuple[str, str], int]:
    ids = ctx.ids.take(tables.COURSE, len(titles))
    by_key = dict(zip(titles, ids, strict=True))
    ctx.buffer.add(
        tables.COURSE,
        [
            (cid, campus.school_id, f"{d}-{g}", titles[(d, g)], None)
            for (d, g), cid in by_key.items()
        ],
    )
    return by_key


def _section(
    ctx: Context, course_id: int, code: str, period_id: int, room_id: int, teacher_id: int,
    pupils: Sequence[Pupil],
) -> None:  # fmt: skip
    section_id = ctx.ids.one(tables.SECTION)
    term_id = ctx.term_ids[ROSTER_TERM]
    capacity = max(32, len(pupils))
    ctx.buffer.add(
        tables.SECTION,
        [(section_id, course_id, code, term_id, period_id, room_id, teacher_id, capacity, None)],
    )
    roster_ids = ctx.ids.take(tables.ROSTER, len(pupils))
    ctx.buffer.add(
        tables.ROSTER,
        [
            (rid, section_id, p.student_id, calendar.FIRST_DAY, None)
            for rid, p in zip(roster_ids, pupils, strict=True)
        ],
    )


def elementary_classes(
    ctx: Context, campus: Campus, teachers: list[int], pupils: list[Pupil]
) -> None:
    grades = campus.plan.grades
    titles = {("ELEM", g): ELEMENTARY_TITLES.get(g, f"Grade {g}") for g in grades}
    courses = _courses(ctx, campus, titles)
    t = 0
    for grade in grades:
        of_grade = [p for p in pupils if p.grade == grade]
        classes = max(1, -(-len(of_grade) // ELEMENTARY_CLASS_SIZE))
        for k, members in enumerate(chunks(of_grade, classes), start=1):
            room = campus.room_for(t, lab=False)
            period = campus.period_ids["AM"]
            _section(ctx, courses[("ELEM", grade)], f"{grade}-{k}", period, room, teachers[t],
                     members)  # fmt: skip
            t += 1


def secondary_classes(
    ctx: Context, campus: Campus, teachers: list[int], pupils: list[Pupil]
) -> None:
    """Period p gives student i department (p + i) mod 6; its teachers share them."""
    level, grades = campus.plan.level, campus.plan.grades
    titles = {(d, g): TITLES[level][d][i] for d in DEPARTMENTS for i, g in enumerate(grades)}
    courses = _courses(ctx, campus, titles)
    periods = [code for code, _ in calendar.periods_for(level)]
    staff = [(t, uid, t % 6, (t % 6 + t // 6) % 6) for t, uid in enumerate(teachers)]
    for p, period in enumerate(periods):
        buckets: list[list[Pupil]] = [[] for _ in DEPARTMENTS]
        for i, pupil in enumerate(pupils):
            buckets[(p + i) % 6].append(pupil)
        for d, dept in enumerate(DEPARTMENTS):
            teaching = [(t, uid) for t, uid, dd, prep in staff if dd == d and prep != p]
            for (t, uid), members in zip(teaching, chunks(buckets[d], len(teaching)), strict=True):
                grade = members[len(members) // 2].grade if members else grades[0]
                room = campus.room_for(t, lab=dept == "SCI")
                _section(ctx, courses[(dept, grade)], f"{period}-{t + 1:03d}",
                         campus.period_ids[period], room, uid, members)  # fmt: skip


def caseloads(ctx: Context, counselors: list[int], pupils: list[Pupil]) -> None:
    """Students split alphabetically (family name first) among the school's counselors."""
    ordered = sorted(pupils, key=lambda p: (p.sort_key, p.student_id))
    rows = []
    for counselor, part in zip(counselors, chunks(ordered, len(counselors)), strict=True):
        ids = ctx.ids.take(tables.CASELOAD, len(part))
        rows += [(cid, counselor, p.student_id) for cid, p in zip(ids, part, strict=True)]
    ctx.buffer.add(tables.CASELOAD, rows)
