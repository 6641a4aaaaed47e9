"""Synthetic US high schools with a planted solution.

The generator builds the answer first: a catalogue, sections with teachers, periods and
rooms, then a timetable for every student. Requests are derived from the timetables and
seat capacities are tightened to what was used plus a little slack, so the planted solution
is valid and, for ``feasible`` schools, fulfils every request (weighted fulfilment 1.0).
``oversubscribed`` schools add requests that cannot all fit; the planted value is then the
planted solution's fulfilment, a lower bound on the optimum.
"""

from __future__ import annotations

import math
import random
from collections import defaultdict
from dataclasses import dataclass, field

from homeroom_engine.schema import (
    PROBLEM_FORMAT,
    SOLUTION_FORMAT,
    Enrollment,
    ProblemDoc,
    RequestDoc,
    RoomDoc,
    SectionDoc,
    SolutionDoc,
    StudentDoc,
    TeacherDoc,
    parse_problem,
)
from homeroom_engine.validate import compute_scores

TERMS = ("S1", "S2")
PERIODS = ("1", "2", "3", "4", "5", "6", "7")
LAB = "science-lab"
BASE_CAPACITY = 30


@dataclass(frozen=True)
class CourseSpec:
    id: str
    title: str
    dept: str
    weight: int
    semester: bool = False
    lab: bool = False


def _catalogue() -> dict[str, CourseSpec]:
    rows = [
        ("ENG9", "English 9", "eng", 10),
        ("ENG9-H", "Honors English 9", "eng", 10),
        ("ENG10", "English 10", "eng", 10),
        ("ENG10-H", "Honors English 10", "eng", 10),
        ("ENG11", "English 11", "eng", 10),
        ("AP-LANG", "AP English Language", "eng", 10),
        ("ENG12", "English 12", "eng", 10),
        ("AP-LIT", "AP English Literature", "eng", 10),
        ("ALG1", "Algebra 1", "math", 10),
        ("GEOM", "Geometry", "math", 10),
        ("GEOM-H", "Honors Geometry", "math", 10),
        ("ALG2", "Algebra 2", "math", 10),
        ("PRECALC", "Precalculus", "math", 10),
        ("AP-CALC-AB", "AP Calculus AB", "math", 10),
        ("AP-CALC-BC", "AP Calculus BC", "math", 10),
        ("AP-STATS", "AP Statistics", "math", 8),
        ("WGEO", "World Geography", "soc", 10),
        ("WHIST", "World History", "soc", 10),
        ("AP-WORLD", "AP World History", "soc", 10),
        ("USHIST", "US History", "soc", 10),
        ("AP-USH", "AP US History", "soc", 10),
        ("AP-GOV", "AP Government", "soc", 8),
        ("PE9", "Physical Education 9", "pe", 6),
        ("PE-TEAM", "Team Sports", "pe", 3),
        ("SPAN1", "Spanish 1", "lang", 6),
        ("SPAN2", "Spanish 2", "lang", 6),
        ("SPAN3", "Spanish 3", "lang", 6),
        ("AP-SPAN", "AP Spanish", "lang", 6),
        ("FREN1", "French 1", "lang", 6),
        ("FREN2", "French 2", "lang", 6),
        ("FREN3", "French 3", "lang", 6),
        ("CHIN1", "Chinese 1", "lang", 6),
        ("CHIN2", "Chinese 2", "lang", 6),
        ("ART1", "Art 1", "arts", 2),
        ("ART2", "Art 2", "arts", 2),
        ("BAND", "Band", "arts", 3),
        ("CHOIR", "Choir", "arts", 2),
        ("DRAMA", "Drama", "arts", 2),
        ("ORCH", "Orchestra", "arts", 3),
        ("CS-PRIN", "Computer Science Principles", "cte", 2),
        ("AP-CSA", "AP Computer Science A", "cte", 3),
        ("JOURN", "Journalism", "cte", 1),
        ("AP-PSYCH", "AP Psychology", "soc", 3),
        ("ROBOT", "Robotics", "cte", 2),
    ]
    semesters = [
        ("ECON", "Economics", "soc", 10),
        ("GOV", "Government", "soc", 10),
        ("HEALTH", "Health", "pe", 6),
        ("PSYCH", "Psychology", "soc", 2),
        ("SOCIO", "Sociology", "soc", 2),
        ("PHOTO", "Photography", "arts", 1),
        ("CULIN", "Culinary Arts", "cte", 1),
        ("DIGMED", "Digital Media", "cte", 1),
    ]
    labs = [
        ("BIO", "Biology", 10),
        ("BIO-H", "Honors Biology", 10),
        ("CHEM", "Chemistry", 10),
        ("CHEM-H", "Honors Chemistry", 10),
        ("PHYS", "Physics", 10),
        ("ENVSCI", "Environmental Science", 8),
        ("AP-BIO", "AP Biology", 8),
        ("AP-CHEM", "AP Chemistry", 8),
        ("AP-PHYS", "AP Physics 1", 8),
        ("AP-PHYS-C", "AP Physics C", 8),
        ("FORENSIC", "Forensic Science", 2),
    ]
    specs = [CourseSpec(i, t, d, w) for i, t, d, w in rows]
    specs += [CourseSpec(i, t, d, w, semester=True) for i, t, d, w in semesters]
    specs += [CourseSpec(i, t, "sci", w, lab=True) for i, t, w in labs]
    return {s.id: s for s in specs}


YEAR_ELECTIVES = {
    "ART1": 8,
    "ART2": 3,
    "BAND": 6,
    "CHOIR": 5,
    "DRAMA": 4,
    "ORCH": 3,
    "CS-PRIN": 5,
    "AP-CSA": 2,
    "JOURN": 1,
    "AP-PSYCH": 3,
    "ROBOT": 1,
    "PE-TEAM": 6,
    "FORENSIC": 2,
    "AP-STATS": 1,
}
SEMESTER_ELECTIVES = {"PSYCH": 4, "SOCIO": 3, "PHOTO": 3, "CULIN": 4, "DIGMED": 3}


@dataclass
class _Student:
    id: str
    grade: int
    wanted: list[str]
    placed: dict[str, int] = field(default_factory=dict)  # course -> section index
    busy: set[tuple[int, int]] = field(default_factory=set)
    extra: list[str] = field(default_factory=list)


@dataclass
class _Section:
    id: str
    course: str
    terms: tuple[int, ...]
    teacher: str | None = None
    period: int = 0
    room: str | None = None
    capacity: int = BASE_CAPACITY
    students: list[str] = field(default_factory=list)

    def slots(self) -> set[tuple[int, int]]:
        return {(t, self.period) for t in self.terms}


def _wanted_courses(rng: random.Random, grade: int) -> list[str]:
    """A realistic course list for one student, core first, filling 14 slot units."""
    honors = rng.random() < 0.25
    level = grade - 9 + rng.choices([-1, 0, 1], [0.15, 0.65, 0.2])[0]
    math_ladder = [
        "ALG1",
        "GEOM-H" if honors else "GEOM",
        "ALG2",
        "PRECALC",
        "AP-CALC-AB",
        "AP-CALC-BC",
    ]
    english = {
        9: "ENG9-H" if honors else "ENG9",
        10: "ENG10-H" if honors else "ENG10",
        11: "AP-LANG" if honors else "ENG11",
        12: "AP-LIT" if honors else "ENG12",
    }[grade]
    science = {
        9: "BIO-H" if honors else "BIO",
        10: "CHEM-H" if honors else "CHEM",
        11: rng.choice(["AP-BIO", "AP-CHEM"]) if honors else rng.choice(["PHYS", "PHYS", "ENVSCI"]),
        12: rng.choice(["AP-PHYS", "AP-PHYS-C"])
        if honors
        else rng.choice(["ENVSCI", "PHYS", "FORENSIC"]),
    }[grade]
    social = {
        9: ["WGEO"],
        10: ["AP-WORLD" if honors else "WHIST"],
        11: ["AP-USH" if honors else "USHIST"],
        12: ["AP-GOV"] if honors and rng.random() < 0.5 else ["ECON", "GOV"],
    }[grade]
    wanted = [english, math_ladder[max(0, min(level, 5))], science, *social]
    if grade == 9:
        wanted.append("PE9")
    if grade == 10:
        wanted.append("HEALTH")
    if grade == 12 and rng.random() < 0.3:
        wanted.append("AP-STATS")
    lang = rng.choices(["SPAN", "FREN", "CHIN", None], [0.5, 0.25, 0.07, 0.18])[0]
    if lang:
        top = {"SPAN": 4, "FREN": 3, "CHIN": 2}[lang]
        step = min(top, max(1, grade - 8 + rng.choice([-1, 0, 0])))
        wanted.append("AP-SPAN" if lang == "SPAN" and step == 4 else f"{lang}{step}")
    while _units(wanted) < 14:
        room = 14 - _units(wanted)
        sem = [c for c in SEMESTER_ELECTIVES if c not in wanted]
        year = [c for c in YEAR_ELECTIVES if c not in wanted] if room >= 2 else []
        if not sem and not year:
            break
        pool = sem if sem and (not year or room % 2 or rng.random() < 0.3) else year
        table = SEMESTER_ELECTIVES if pool is sem else YEAR_ELECTIVES
        wanted.append(rng.choices(pool, [table[c] for c in pool])[0])
    return wanted


SEMESTER_IDS = {"ECON", "GOV", "HEALTH", *SEMESTER_ELECTIVES}


def _units(courses: list[str]) -> int:
    return sum(1 if c in SEMESTER_IDS else 2 for c in courses)


def _make_sections(catalogue: dict[str, CourseSpec], demand: dict[str, int]) -> list[_Section]:
    sections: list[_Section] = []
    for course in sorted(demand, key=lambda c: list(catalogue).index(c)):
        spec = catalogue[course]
        count = max(1, math.ceil(demand[course] * 1.08 / (BASE_CAPACITY - 2)))
        for n in range(count):
            terms = (n % 2,) if spec.semester else (0, 1)
            sections.append(_Section(id=f"{course}-{n + 1:02d}", course=course, terms=terms))
    return sections


def _assign_teachers_and_periods(
    rng: random.Random, catalogue: dict[str, CourseSpec], sections: list[_Section]
) -> list[str]:
    """Pack sections into teacher blocks of one period; five blocks per teacher."""
    by_dept: dict[str, list[_Section]] = defaultdict(list)
    for s in sections:
        by_dept[catalogue[s.course].dept].append(s)
    teachers: list[str] = []
    for dept in sorted(by_dept):
        blocks: list[list[_Section]] = []
        pending: dict[int, list[_Section]] = {0: [], 1: []}
        for s in by_dept[dept]:
            if len(s.terms) == 2:
                blocks.append([s])
            else:
                pending[s.terms[0]].append(s)
        while pending[0] or pending[1]:
            blocks.append([q.pop() for q in (pending[0], pending[1]) if q])
        rng.shuffle(blocks)
        for start in range(0, len(blocks), 5):
            teacher = f"T{len(teachers) + 1:03d}"
            teachers.append(teacher)
            periods = rng.sample(range(len(PERIODS)), 5)
            for block, period in zip(blocks[start : start + 5], periods, strict=False):
                for s in block:
                    s.teacher = teacher
                    s.period = period
    return teachers


def _assign_rooms(
    rng: random.Random, catalogue: dict[str, CourseSpec], sections: list[_Section]
) -> list[RoomDoc]:
    """Give every section a room; as many rooms as the busiest period needs, plus a spare."""
    need: dict[tuple[bool, int, int], list[_Section]] = defaultdict(list)
    for s in sections:
        for t in s.terms:
            need[(catalogue[s.course].lab, t, s.period)].append(s)
    n_labs = max((len(v) for (lab, _, _), v in need.items() if lab), default=0)
    n_rooms = max((len(v) for (lab, _, _), v in need.items() if not lab), default=0) + 1
    rooms: list[RoomDoc] = [
        {"id": f"LAB{i + 1}", "capacity": rng.choice([28, 30, 32]), "features": [LAB]}
        for i in range(n_labs)
    ]
    rooms += [
        {"id": f"R{101 + i}", "capacity": rng.choice([30, 32, 34, 36]), "features": []}
        for i in range(n_rooms)
    ]
    used: set[tuple[str, int, int]] = set()
    for s in sorted(sections, key=lambda x: (-len(x.terms), x.id)):
        lab = catalogue[s.course].lab
        pool = [r for r in rooms if (LAB in r["features"]) == lab]
        room = next(r for r in pool if all((r["id"], t, s.period) not in used for t in s.terms))
        s.room = room["id"]
        s.capacity = min(s.capacity, room["capacity"])
        used.update((room["id"], t, s.period) for t in s.terms)
    return rooms


def _place_students(rng: random.Random, students: list[_Student], sections: list[_Section]) -> None:
    by_course: dict[str, list[int]] = defaultdict(list)
    for k, s in enumerate(sections):
        by_course[s.course].append(k)
    for st in students:
        for course in sorted(st.wanted, key=lambda c: (len(by_course[c]), c)):
            fits = [
                k
                for k in by_course[course]
                if len(sections[k].students) < sections[k].capacity
                and not (sections[k].slots() & st.busy)
            ]
            if not fits:
                continue
            k = max(
                fits, key=lambda k: (sections[k].capacity - len(sections[k].students), rng.random())
            )
            sections[k].students.append(st.id)
            st.placed[course] = k
            st.busy |= sections[k].slots()


def _fill_gaps(rng: random.Random, students: list[_Student], sections: list[_Section]) -> None:
    """Offer students with empty slots any elective section that still has a seat there."""
    electives = set(YEAR_ELECTIVES) | set(SEMESTER_ELECTIVES)
    order = list(range(len(sections)))
    for st in students:
        rng.shuffle(order)
        for k in order:
            s = sections[k]
            if (
                s.course in electives
                and s.course not in st.placed
                and len(s.students) < s.capacity
                and not (s.slots() & st.busy)
            ):
                s.students.append(st.id)
                st.placed[s.course] = k
                st.busy |= s.slots()


def generate(students: int, seed: int, kind: str = "feasible") -> tuple[ProblemDoc, SolutionDoc]:
    """Return (problem, planted solution) documents for a synthetic school."""
    if kind not in ("feasible", "oversubscribed"):
        raise ValueError(f"unknown kind {kind!r}")
    rng = random.Random(seed)
    catalogue = _catalogue()
    roster = [_Student(id=f"S{n + 1:06d}", grade=9 + n % 4, wanted=[]) for n in range(students)]
    for st in roster:
        st.wanted = _wanted_courses(rng, st.grade)
    demand: dict[str, int] = defaultdict(int)
    for st in roster:
        for course in st.wanted:
            demand[course] += 1
    sections = _make_sections(catalogue, demand)
    teachers = _assign_teachers_and_periods(rng, catalogue, sections)
    rooms = _assign_rooms(rng, catalogue, sections)
    rng.shuffle(roster)
    _place_students(rng, roster, sections)
    _fill_gaps(rng, roster, sections)
    roster.sort(key=lambda st: st.id)
    for s in sections:
        if s.students:
            s.capacity = min(
                s.capacity, len(s.students) + rng.choices([0, 1, 2, 3], [0.35, 0.3, 0.2, 0.15])[0]
            )
    if kind == "oversubscribed":
        _add_extra_requests(rng, roster, catalogue)
    problem = _problem_document(
        rng,
        f"Synthetic HS {students} ({kind}, seed {seed})",
        catalogue,
        sections,
        teachers,
        rooms,
        roster,
    )
    return problem, _planted_document(problem, sections, roster)


def _add_extra_requests(
    rng: random.Random, roster: list[_Student], catalogue: dict[str, CourseSpec]
) -> None:
    popular = [
        "AP-PSYCH",
        "AP-CSA",
        "ART2",
        "ROBOT",
        "DRAMA",
        "PHOTO",
        "AP-STATS",
        "FORENSIC",
        "CS-PRIN",
    ]
    for st in roster:
        if rng.random() < 0.35:
            options = [c for c in popular if c not in st.placed and c in catalogue]
            st.extra = rng.sample(options, k=min(len(options), rng.choice([1, 1, 2])))


def _problem_document(
    rng: random.Random,
    name: str,
    catalogue: dict[str, CourseSpec],
    sections: list[_Section],
    teachers: list[str],
    rooms: list[RoomDoc],
    roster: list[_Student],
) -> ProblemDoc:
    busy: dict[str, set[tuple[int, int]]] = defaultdict(set)
    for s in sections:
        if s.teacher:
            busy[s.teacher] |= s.slots()
    teacher_rows: list[TeacherDoc] = []
    for t in teachers:
        free = [
            (term, p)
            for term in range(len(TERMS))
            for p in range(len(PERIODS))
            if (term, p) not in busy[t]
        ]
        off = rng.sample(free, k=min(len(free), rng.choice([0, 0, 0, 1, 2])))
        teacher_rows.append(
            {
                "id": t,
                "unavailable": [{"term": TERMS[a], "period": PERIODS[b]} for a, b in sorted(off)],
            }
        )
    used_courses = sorted(
        {s.course for s in sections} | {c for st in roster for c in st.extra},
        key=lambda c: list(catalogue).index(c),
    )
    section_rows: list[SectionDoc] = []
    for s in sections:
        lock = rng.random()
        section_rows.append(
            {
                "id": s.id,
                "course": s.course,
                "teacher": None if rng.random() < 0.02 else s.teacher,
                "terms": [TERMS[t] for t in s.terms],
                "capacity": s.capacity,
                "period": PERIODS[s.period] if lock < 0.04 else None,
                "room": s.room if 0.02 < lock < 0.06 else None,
            }
        )
    return {
        "format": PROBLEM_FORMAT,
        "name": name,
        "terms": list(TERMS),
        "periods": list(PERIODS),
        "rooms": rooms,
        "teachers": teacher_rows,
        "courses": [
            {
                "id": c,
                "title": catalogue[c].title,
                "room_feature": LAB if catalogue[c].lab else None,
            }
            for c in used_courses
        ],
        "sections": section_rows,
        "students": [_student_row(rng, st, catalogue, sections) for st in roster],
    }


def _student_row(
    rng: random.Random, st: _Student, catalogue: dict[str, CourseSpec], sections: list[_Section]
) -> StudentDoc:
    requests: list[RequestDoc] = []
    taken = set(st.placed) | set(st.extra)
    offered = {s.course for s in sections}
    pool = [c for c in [*YEAR_ELECTIVES, *SEMESTER_ELECTIVES] if c not in taken and c in offered]
    for course in sorted(st.placed, key=lambda c: (-catalogue[c].weight, c)):
        alternates: list[str] = []
        if catalogue[course].weight <= 3 and pool and rng.random() < 0.3:
            alt = rng.choice(pool)
            pool.remove(alt)
            alternates = [alt]
        requests.append(
            {"course": course, "weight": catalogue[course].weight, "alternates": alternates}
        )
    for course in st.extra:
        requests.append({"course": course, "weight": catalogue[course].weight, "alternates": []})
    return {"id": st.id, "grade": st.grade, "requests": requests}


def _planted_document(
    problem_doc: ProblemDoc, sections: list[_Section], roster: list[_Student]
) -> SolutionDoc:
    problem = parse_problem(problem_doc)
    enrollments = [
        Enrollment(st.id, sections[k].course, sections[k].id)
        for st in roster
        for k in st.placed.values()
    ]
    scores = compute_scores(problem, enrollments)
    stats = scores.as_stats() | {
        "upper_bound_weighted_fulfilment": 1.0,
        "seconds": 0.0,
        "planted": True,
    }
    return {
        "format": SOLUTION_FORMAT,
        "problem": problem.name,
        "sections": [{"id": s.id, "period": PERIODS[s.period], "room": s.room} for s in sections],
        "enrollments": [
            {"student": e.student, "request": e.request, "section": e.section} for e in enrollments
        ],
        "unfulfilled": [
            {"student": st.id, "request": c, "reason": "not placed in the planted solution"}
            for st in roster
            for c in st.extra
        ],
        "stats": stats,
    }
