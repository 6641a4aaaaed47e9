"""A school shaped unlike the generator's, with a planted solution that meets every request.

Three trimesters and eight periods; every teacher teaches six period blocks (a block is a
year section or three trimester sections); many trimester electives, each requested with
an alternate; rooms exactly as many as the busiest slot needs (labs too), so rooms are
scarce; seats are the planted enrolment plus 0 to 2. Each student has one free period.
"""

from __future__ import annotations

import random
from typing import Any

TERMS = ["T1", "T2", "T3"]
PERIODS = [f"P{k}" for k in range(1, 9)]
BLOCKS_PER_TEACHER = 6


def trimester_school(n_students: int, seed: int) -> dict[str, Any]:
    """A problem document whose planted solution fulfils every request (value 1.0)."""
    rng = random.Random(seed)
    n_year = max(8, n_students // 25)
    n_tri = max(12, n_students // 15)
    courses = [_course(f"Y{k}", k % 6 == 0) for k in range(n_year)]
    courses += [_course(f"E{k}", k % 9 == 0) for k in range(n_tri)]
    teachers, sections = _master(rng, n_students, n_year, n_tri)
    by_slot = _sections_by_slot(sections)
    students = [_student(rng, n, by_slot, n_tri) for n in range(n_students)]
    for sec in sections:
        sec["capacity"] = sec.pop("_enrolled") + rng.randint(0, 2)
    return {
        "format": "homeroom-schedule-problem/1",
        "name": f"Trimester school {n_students}/{seed}",
        "terms": TERMS,
        "periods": PERIODS,
        "rooms": _rooms(sections),
        "teachers": teachers,
        "courses": courses,
        "sections": [{k: v for k, v in s.items() if not k.startswith("_")} for s in sections],
        "students": students,
    }


def _course(cid: str, lab: bool) -> dict[str, Any]:
    return {"id": cid, "title": cid, "room_feature": "lab" if lab else None}


def _master(
    rng: random.Random, n_students: int, n_year: int, n_tri: int
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Teachers with six blocks each, enough seats for every student in every period."""
    blocks_needed = len(PERIODS) * (n_students // 24 + 1)
    n_teachers = blocks_needed // BLOCKS_PER_TEACHER + 1
    teachers = [{"id": f"T{k}", "unavailable": []} for k in range(n_teachers)]
    sections: list[dict[str, Any]] = []
    for k, teacher in enumerate(teachers):
        for period in rng.sample(PERIODS, BLOCKS_PER_TEACHER):
            if rng.random() < 0.6:
                course = f"Y{rng.randrange(n_year)}"
                sections.append(_section(len(sections), course, teacher["id"], TERMS, period))
                continue
            for term in TERMS:
                course = f"E{rng.randrange(n_tri)}"
                sections.append(_section(len(sections), course, teacher["id"], [term], period))
        free = [
            p
            for p in PERIODS
            if all(s["_period"] != p or s["teacher"] != teacher["id"] for s in sections)
        ]
        if free and k % 3 == 0:
            teacher["unavailable"] = [{"term": TERMS[0], "period": free[0]}]
    return teachers, sections


def _section(n: int, course: str, teacher: str, terms: list[str], period: str) -> dict[str, Any]:
    return {
        "id": f"{course}-{n}",
        "course": course,
        "teacher": teacher,
        "terms": terms,
        "capacity": 0,
        "period": None,
        "room": None,
        "_period": period,
        "_enrolled": 0,
    }


def _sections_by_slot(sections: list[dict[str, Any]]) -> dict[tuple[str, str], list[Any]]:
    out: dict[tuple[str, str], list[Any]] = {}
    for sec in sections:
        for term in sec["terms"]:
            out.setdefault((term, sec["_period"]), []).append(sec)
    return out


def _student(
    rng: random.Random, n: int, by_slot: dict[tuple[str, str], list[Any]], n_tri: int
) -> dict[str, Any]:
    """Plant a timetable (one free period), then request exactly what it holds."""
    taken: set[str] = set()
    requests: list[dict[str, Any]] = []
    free = rng.choice(PERIODS)
    for period in PERIODS:
        if period == free:
            continue
        year = [s for s in by_slot.get((TERMS[0], period), []) if len(s["terms"]) == 3]
        year = [s for s in year if s["course"] not in taken]
        if year and rng.random() < 0.6:
            _take(rng.choice(year), taken, requests, rng, n_tri, 3)
            continue
        for term in TERMS:
            tri = [
                s
                for s in by_slot.get((term, period), [])
                if len(s["terms"]) == 1 and s["course"] not in taken
            ]
            if tri:
                _take(rng.choice(tri), taken, requests, rng, n_tri, 1)
    for req in requests:  # a course appears at most once per student, alternates included
        req["alternates"] = [a for a in req["alternates"] if a not in taken]
        taken.update(req["alternates"])
    return {"id": f"S{n}", "grade": 9 + n % 4, "requests": requests}


def _take(
    sec: dict[str, Any],
    taken: set[str],
    requests: list[dict[str, Any]],
    rng: random.Random,
    n_tri: int,
    weight: int,
) -> None:
    sec["_enrolled"] += 1
    taken.add(sec["course"])
    alternates: list[str] = []
    if weight == 1:
        alt = f"E{rng.randrange(n_tri)}"
        if alt not in taken and alt != sec["course"]:
            alternates = [alt]
    requests.append({"course": sec["course"], "weight": weight, "alternates": alternates})


def _rooms(sections: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Exactly as many rooms (and labs) as the busiest slot needs, each of the largest size."""
    plain: dict[tuple[str, str], int] = {}
    labs: dict[tuple[str, str], int] = {}
    biggest = max((s["capacity"] for s in sections), default=1)
    for sec in sections:
        table = labs if sec["course"] in _LABS else plain
        for term in sec["terms"]:
            key = (term, sec["_period"])
            table[key] = table.get(key, 0) + 1
    rooms = [
        {"id": f"LAB{k}", "capacity": biggest, "features": ["lab"]}
        for k in range(max(labs.values(), default=0))
    ]
    rooms += [
        {"id": f"R{k}", "capacity": biggest, "features": []}
        for k in range(max(plain.values(), default=0))
    ]
    return rooms


_LABS = {f"Y{k}" for k in range(0, 1000, 6)} | {f"E{k}" for k in range(0, 1000, 9)}
