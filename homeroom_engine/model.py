"""Index-based view of a problem, shared by the optimiser, the baseline and the bound.

Terms, periods, sections, courses and students become integers. A slot (term, period) is
the bit ``term_index * len(periods) + period_index`` of a slot mask, so "do these sections
clash" is one ``&``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from homeroom_engine.schema import Problem, ProblemError


@dataclass(frozen=True)
class Candidate:
    """One way to fulfil a request: a course and the share of the weight it earns."""

    course: int
    value: float
    primary: bool


@dataclass(frozen=True)
class Req:
    weight: float
    candidates: tuple[Candidate, ...]


@dataclass
class Instance:
    problem: Problem
    n_terms: int
    n_periods: int
    section_course: list[int]
    section_teacher: list[int]
    section_terms: list[tuple[int, ...]]
    section_capacity: list[int]
    section_feature: list[str | None]
    locked_period: list[int]
    locked_room: list[int]
    allowed_periods: list[list[int]]
    course_sections: list[list[int]]
    course_ids: list[str]
    student_requests: list[list[Req]]
    room_capacity: list[int]
    room_features: list[frozenset[str]]
    teacher_sections: list[list[int]] = field(default_factory=list)
    section_index: dict[str, int] = field(default_factory=dict)  # section id -> index

    @property
    def n_sections(self) -> int:
        return len(self.section_course)

    @property
    def n_students(self) -> int:
        return len(self.student_requests)

    @property
    def n_slots(self) -> int:
        return self.n_terms * self.n_periods

    def mask(self, section: int, period: int) -> int:
        """Slot mask of a section meeting in a period."""
        bits = 0
        for term in self.section_terms[section]:
            bits |= 1 << (term * self.n_periods + period)
        return bits

    def rooms_for(self, section: int) -> list[int]:
        """Rooms that may hold a section: its locked room, or every room with its feature."""
        if self.locked_room[section] >= 0:
            return [self.locked_room[section]]
        feature = self.section_feature[section]
        return [
            r for r, feats in enumerate(self.room_features) if feature is None or feature in feats
        ]


def build_instance(problem: Problem) -> Instance:
    """Index a parsed problem; raise ProblemError when a section can get no legal period."""
    term_index = {t: i for i, t in enumerate(problem.terms)}
    period_index = {p: i for i, p in enumerate(problem.periods)}
    course_index = {c.id: i for i, c in enumerate(problem.courses)}
    teacher_index = {t.id: i for i, t in enumerate(problem.teachers)}
    room_index = {r.id: i for i, r in enumerate(problem.rooms)}
    inst = Instance(
        problem=problem,
        n_terms=len(problem.terms),
        n_periods=len(problem.periods),
        section_course=[course_index[s.course] for s in problem.sections],
        section_teacher=[teacher_index[s.teacher] if s.teacher else -1 for s in problem.sections],
        section_terms=[tuple(term_index[t] for t in s.terms) for s in problem.sections],
        section_capacity=[s.capacity for s in problem.sections],
        section_feature=[problem.course_by_id[s.course].room_feature for s in problem.sections],
        locked_period=[period_index[s.period] if s.period else -1 for s in problem.sections],
        locked_room=[
            room_index[s.room] if s.room and problem.rooms else -1 for s in problem.sections
        ],
        allowed_periods=[],
        section_index={s.id: i for i, s in enumerate(problem.sections)},
        course_sections=[[] for _ in problem.courses],
        course_ids=[c.id for c in problem.courses],
        student_requests=[
            _index_requests(problem, i, course_index) for i in range(len(problem.students))
        ],
        room_capacity=[r.capacity for r in problem.rooms],
        room_features=[frozenset(r.features) for r in problem.rooms],
        teacher_sections=[[] for _ in problem.teachers],
    )
    for s, course in enumerate(inst.section_course):
        inst.course_sections[course].append(s)
        if inst.section_teacher[s] >= 0:
            inst.teacher_sections[inst.section_teacher[s]].append(s)
    inst.allowed_periods = [_allowed_periods(problem, inst, s) for s in range(inst.n_sections)]
    _check_rooms_exist(problem, inst)
    return inst


def _index_requests(problem: Problem, student: int, course_index: dict[str, int]) -> list[Req]:
    reqs = []
    for request in problem.students[student].requests:
        cands = [Candidate(course_index[request.course], request.weight, True)]
        cands += [Candidate(course_index[a], request.weight / 2, False) for a in request.alternates]
        reqs.append(Req(request.weight, tuple(cands)))
    return reqs


def _allowed_periods(problem: Problem, inst: Instance, s: int) -> list[int]:
    section = problem.sections[s]
    unavailable = (
        problem.teacher_by_id[section.teacher].unavailable if section.teacher else frozenset()
    )
    candidates = [inst.locked_period[s]] if inst.locked_period[s] >= 0 else range(inst.n_periods)
    allowed = [
        p
        for p in candidates
        if not any((term, problem.periods[p]) in unavailable for term in section.terms)
    ]
    if not allowed:
        raise ProblemError(
            f'problem.sections[id="{section.id}"]: no legal period (teacher "{section.teacher}" is '
            "unavailable in every period it could meet, or in its locked period)"
        )
    return allowed


def _check_rooms_exist(problem: Problem, inst: Instance) -> None:
    if not problem.rooms:
        return
    for s, section in enumerate(problem.sections):
        if not inst.rooms_for(s):
            raise ProblemError(
                f'problem.sections[id="{section.id}"]: no room has feature '
                f'"{inst.section_feature[s]}" required by course "{section.course}"'
            )
