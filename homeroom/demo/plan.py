"""How many schools of each level, which grades, and how many students each gets."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

GRADES = ("TK", "K", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12")
# Fewer children attend TK than a full grade.
GRADE_WEIGHT = {g: (0.5 if g == "TK" else 1.0) for g in GRADES}
LEVELS = (
    # level, grades served, students per school, name suffix
    ("elementary", GRADES[:7], 500, "Elementary"),
    ("middle", GRADES[7:10], 1000, "Middle School"),
    ("high", GRADES[10:], 2000, "High School"),
)
CODE_BASE = {"elementary": 6100000, "middle": 6200000, "high": 6300000}

PLACES = [
    "Oak Grove",
    "Willow Creek",
    "Cedar Hills",
    "Sequoia",
    "Redwood",
    "Sycamore",
    "Mission",
    "Arroyo",
    "Vista",
    "Pacific",
    "Bayview",
    "Sierra",
    "Mesa Verde",
    "Canyon",
    "Harbor",
    "Riverside",
    "Laurel",
    "Magnolia",
    "Palm",
    "Cypress",
]
PEOPLE = [
    "César Chávez",
    "Dolores Huerta",
    "Sally Ride",
    "Fred Korematsu",
    "Maya Angelou",
    "Ellen Ochoa",
    "Yuri Kochiyama",
    "Thurgood Marshall",
    "Sylvia Mendez",
    "Patsy Mink",
    "Ruth Asawa",
    "Bayard Rustin",
    "Larry Itliong",
    "Frida Kahlo",
    "Roberto Clemente",
    "Rosa Parks",
    "Mae Jemison",
    "Wilma Mankiller",
]


@dataclass(frozen=True)
class SchoolPlan:
    """One school to build: its level, name, code and its students per grade."""

    index: int
    level: str
    name: str
    code: str
    grades: tuple[str, ...]
    students_per_grade: dict[str, int]

    @property
    def student_count(self) -> int:
        return sum(self.students_per_grade.values())


def _split(total: int, parts: int) -> list[int]:
    """``total`` split into ``parts`` near-equal whole numbers."""
    base, extra = divmod(total, parts)
    return [base + (1 if i < extra else 0) for i in range(parts)]


def _school_name(level: str, k: int, suffix: str) -> str:
    pool = PLACES if level == "elementary" else PEOPLE
    base = pool[k % len(pool)]
    lap = k // len(pool)
    if level == "elementary" and lap:
        base = f"{base} {PLACES[(k + lap * 7) % len(PLACES)].split()[-1]}"
        lap = lap // len(PLACES)
    return f"{base} {suffix}" + (f" {lap + 1}" if lap else "")


def plan_schools(students: int) -> list[SchoolPlan]:
    """Schools in proportion to ``students`` (at least one of each level)."""
    total_weight = sum(GRADE_WEIGHT.values())
    per_grade: dict[str, int] = {}
    leftover = students
    for g in GRADES:
        per_grade[g] = round(students * GRADE_WEIGHT[g] / total_weight)
        leftover -= per_grade[g]
    per_grade["1"] += leftover
    plans: list[SchoolPlan] = []
    for level, grades, size, suffix in LEVELS:
        level_total = sum(per_grade[g] for g in grades)
        count = max(1, round(level_total / size))
        shares = {g: _split(per_grade[g], count) for g in grades}
        for k in range(count):
            plans.append(
                SchoolPlan(
                    index=len(plans),
                    level=level,
                    name=_school_name(level, k, suffix),
                    code=f"{CODE_BASE[level] + k + 1:07d}",
                    grades=grades,
                    students_per_grade={g: shares[g][k] for g in grades},
                )
            )
    return plans


def birth_date(grade: str, rng: random.Random, school_year_start: int = 2026) -> dt.date:
    """A birth date fitting ``grade`` (California cut-off: 5 by September 1 for K)."""
    offset = GRADES.index(grade) - 1  # K is 0, TK is -1
    if rng.random() < 0.03:
        offset += 1  # retained or started late: a year older than the grade
    start = dt.date(school_year_start - 6 - offset, 9, 2)
    return start + dt.timedelta(days=rng.randrange(365))
