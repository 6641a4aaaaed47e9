"""Typed schemas of the interchange format and their strict parsers.

The format is described in docs/schedule-format.md. Parsing is strict: an unknown key, a
wrong type or a reference that does not resolve raises :class:`ProblemError` (or
:class:`SolutionError`) with a message naming the offending key and id. Nothing is solved
from a problem that does not parse.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TypedDict

PROBLEM_FORMAT = "homeroom-schedule-problem/1"
SOLUTION_FORMAT = "homeroom-schedule-solution/1"


class ProblemError(ValueError):
    """A problem document is malformed or cannot be scheduled at all."""


class SolutionError(ValueError):
    """A solution document is structurally malformed."""


# ---------------------------------------------------------------------------------------
# Documents: the JSON shapes the serialisers and the generator write. Parsers take
# ``object`` instead, since what they read is unchecked until they have checked it.
# ---------------------------------------------------------------------------------------


class RoomDoc(TypedDict):
    id: str
    capacity: int
    features: list[str]


class SlotDoc(TypedDict):
    term: str
    period: str


class TeacherDoc(TypedDict):
    id: str
    unavailable: list[SlotDoc]


class CourseDoc(TypedDict):
    id: str
    title: str
    room_feature: str | None


class SectionDoc(TypedDict):
    id: str
    course: str
    teacher: str | None
    terms: list[str]
    capacity: int
    period: str | None
    room: str | None


class RequestDoc(TypedDict):
    course: str
    weight: int | float
    alternates: list[str]


class StudentDoc(TypedDict):
    id: str
    grade: int | None
    requests: list[RequestDoc]


class ProblemDoc(TypedDict):
    format: str
    name: str
    terms: list[str]
    periods: list[str]
    rooms: list[RoomDoc]
    teachers: list[TeacherDoc]
    courses: list[CourseDoc]
    sections: list[SectionDoc]
    students: list[StudentDoc]


class PlacementDoc(TypedDict):
    id: str
    period: str | None
    room: str | None


class EnrollmentDoc(TypedDict):
    student: str
    request: str
    section: str


class UnfulfilledDoc(TypedDict):
    student: str
    request: str
    reason: str


class SolutionDoc(TypedDict):
    format: str
    problem: str
    sections: list[PlacementDoc]
    enrollments: list[EnrollmentDoc]
    unfulfilled: list[UnfulfilledDoc]
    stats: dict[str, object]


@dataclass(frozen=True)
class Room:
    id: str
    capacity: int
    features: tuple[str, ...]


@dataclass(frozen=True)
class Teacher:
    id: str
    unavailable: frozenset[tuple[str, str]]


@dataclass(frozen=True)
class Course:
    id: str
    title: str
    room_feature: str | None


@dataclass(frozen=True)
class Section:
    id: str
    course: str
    teacher: str | None
    terms: tuple[str, ...]
    capacity: int
    period: str | None
    room: str | None


@dataclass(frozen=True)
class Request:
    course: str
    weight: float
    alternates: tuple[str, ...]

    @property
    def candidates(self) -> tuple[str, ...]:
        """The requested course followed by its alternates, in order of preference."""
        return (self.course, *self.alternates)


@dataclass(frozen=True)
class Student:
    id: str
    grade: int | None
    requests: tuple[Request, ...]


@dataclass
class Problem:
    name: str
    terms: tuple[str, ...]
    periods: tuple[str, ...]
    rooms: tuple[Room, ...]
    teachers: tuple[Teacher, ...]
    courses: tuple[Course, ...]
    sections: tuple[Section, ...]
    students: tuple[Student, ...]

    @cached_property
    def room_by_id(self) -> dict[str, Room]:
        return {r.id: r for r in self.rooms}

    @cached_property
    def teacher_by_id(self) -> dict[str, Teacher]:
        return {t.id: t for t in self.teachers}

    @cached_property
    def course_by_id(self) -> dict[str, Course]:
        return {c.id: c for c in self.courses}

    @cached_property
    def section_by_id(self) -> dict[str, Section]:
        return {s.id: s for s in self.sections}

    @cached_property
    def student_by_id(self) -> dict[str, Student]:
        return {s.id: s for s in self.students}

    @cached_property
    def total_weight(self) -> float:
        return sum(r.weight for s in self.students for r in s.requests)


@dataclass(frozen=True)
class SectionPlacement:
    id: str
    period: str | None
    room: str | None


@dataclass(frozen=True)
class Enrollment:
    student: str
    request: str
    section: str


@dataclass(frozen=True)
class Unfulfilled:
    student: str
    request: str
    reason: str


@dataclass
class Solution:
    problem: str
    sections: list[SectionPlacement]
    enrollments: list[Enrollment]
    unfulfilled: list[Unfulfilled]
    stats: dict[str, object] = field(default_factory=dict)


# ---------------------------------------------------------------------------------------
# Low-level readers
# ---------------------------------------------------------------------------------------


class _Reader:
    """Reads one JSON object, tracking where it is so errors can name key and id."""

    def __init__(self, error: type[ValueError], value: object, where: str) -> None:
        if not isinstance(value, dict):
            raise error(f"{where}: expected an object, got {_kind(value)}")
        self.error = error
        self.value: dict[str, object] = value
        self.where = where

    def check_keys(self, required: Iterable[str], optional: Iterable[str] = ()) -> None:
        required = list(required)
        allowed = set(required) | set(optional)
        for key in self.value:
            if key not in allowed:
                raise self.error(f'{self.where}: unknown key "{key}"')
        for key in required:
            if key not in self.value:
                raise self.error(f'{self.where}: missing key "{key}"')

    def fail(self, key: str, message: str) -> ValueError:
        return self.error(f"{self.where}.{key}: {message}")

    def string(self, key: str) -> str:
        value = self.value.get(key)
        if not isinstance(value, str) or not value:
            raise self.fail(key, f"expected a non-empty string, got {_kind(value)}")
        return value

    def optional_string(self, key: str) -> str | None:
        value = self.value.get(key)
        if value is None:
            return None
        if not isinstance(value, str) or not value:
            raise self.fail(key, f"expected a non-empty string or null, got {_kind(value)}")
        return value

    def text(self, key: str, default: str = "") -> str:
        value = self.value.get(key, default)
        if not isinstance(value, str):
            raise self.fail(key, f"expected a string, got {_kind(value)}")
        return value

    def positive_int(self, key: str) -> int:
        value = self.value.get(key)
        if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
            raise self.fail(key, f"expected a positive integer, got {_kind(value)}")
        return value

    def positive_number(self, key: str) -> float:
        value = self.value.get(key)
        if not isinstance(value, int | float) or isinstance(value, bool):
            raise self.fail(key, f"expected a positive number, got {_kind(value)}")
        if not math.isfinite(value) or value <= 0:
            raise self.fail(key, f"expected a positive number, got {_kind(value)}")
        return float(value)

    def optional_int(self, key: str) -> int | None:
        value = self.value.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(key, f"expected an integer or null, got {_kind(value)}")
        return value

    def string_list(self, key: str, *, unique: bool = True, non_empty: bool = False) -> list[str]:
        value = self.value.get(key, [])
        if not isinstance(value, list):
            raise self.fail(key, f"expected a list, got {_kind(value)}")
        strings: list[str] = []
        for item in value:
            if not isinstance(item, str) or not item:
                raise self.fail(key, f"expected non-empty strings, got {_kind(item)}")
            strings.append(item)
        if unique and len(set(strings)) != len(strings):
            raise self.fail(key, f'duplicate value "{_first_duplicate(strings)}"')
        if non_empty and not strings:
            raise self.fail(key, "must not be empty")
        return strings

    def object_list(self, key: str) -> list[object]:
        value = self.value.get(key, [])
        if not isinstance(value, list):
            raise self.fail(key, f"expected a list, got {_kind(value)}")
        return value


def _kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"boolean {str(value).lower()}"
    if isinstance(value, int | float):
        return f"number {value}"
    if isinstance(value, str):
        return f'string "{value}"' if len(value) < 60 else "a long string"
    if isinstance(value, list):
        return "a list"
    return "an object"


def _first_duplicate(values: Iterable[str]) -> str:
    seen: set[str] = set()
    for value in values:
        if value in seen:
            return value
        seen.add(value)
    return ""


def _item_where(kind: str, index: int, raw: object) -> str:
    if isinstance(raw, dict) and isinstance(raw.get("id"), str):
        return f'{kind}[id="{raw["id"]}"]'
    return f"{kind}[{index}]"


def _unique_ids(error: type[ValueError], kind: str, ids: list[str]) -> None:
    duplicate = _first_duplicate(ids)
    if len(set(ids)) != len(ids):
        raise error(f'{kind}[id="{duplicate}"]: duplicate id "{duplicate}"')


# ---------------------------------------------------------------------------------------
# Problem
# ---------------------------------------------------------------------------------------


def parse_problem(data: object) -> Problem:
    """Parse and check a problem document; raise ProblemError naming the key and id."""
    top = _Reader(ProblemError, data, "problem")
    top.check_keys(
        ["format", "terms", "periods", "sections", "students"],
        ["name", "rooms", "teachers", "courses"],
    )
    if top.value["format"] != PROBLEM_FORMAT:
        raise top.fail("format", f'expected "{PROBLEM_FORMAT}", got {_kind(top.value["format"])}')
    terms = tuple(top.string_list("terms", non_empty=True))
    periods = tuple(top.string_list("periods", non_empty=True))
    rooms = tuple(_parse_room(i, raw) for i, raw in enumerate(top.object_list("rooms")))
    teachers = tuple(
        _parse_teacher(i, raw, terms, periods) for i, raw in enumerate(top.object_list("teachers"))
    )
    courses = tuple(_parse_course(i, raw) for i, raw in enumerate(top.object_list("courses")))
    sections = tuple(
        _parse_section(i, raw, terms, periods) for i, raw in enumerate(top.object_list("sections"))
    )
    students = tuple(_parse_student(i, raw) for i, raw in enumerate(top.object_list("students")))
    for kind, items in (
        ("rooms", rooms),
        ("teachers", teachers),
        ("courses", courses),
        ("sections", sections),
        ("students", students),
    ):
        _unique_ids(ProblemError, kind, [item.id for item in items])
    problem = Problem(
        name=top.text("name"),
        terms=terms,
        periods=periods,
        rooms=rooms,
        teachers=teachers,
        courses=courses,
        sections=sections,
        students=students,
    )
    _check_references(problem)
    return problem


def _parse_room(index: int, raw: object) -> Room:
    r = _Reader(ProblemError, raw, _item_where("rooms", index, raw))
    r.check_keys(["id", "capacity"], ["features"])
    return Room(
        id=r.string("id"),
        capacity=r.positive_int("capacity"),
        features=tuple(r.string_list("features")),
    )


def _parse_slot(
    raw: object, where: str, terms: tuple[str, ...], periods: tuple[str, ...]
) -> tuple[str, str]:
    r = _Reader(ProblemError, raw, where)
    r.check_keys(["term", "period"])
    term, period = r.string("term"), r.string("period")
    if term not in terms:
        raise r.fail("term", f'"{term}" is not one of the problem terms')
    if period not in periods:
        raise r.fail("period", f'"{period}" is not one of the problem periods')
    return term, period


def _parse_teacher(
    index: int, raw: object, terms: tuple[str, ...], periods: tuple[str, ...]
) -> Teacher:
    r = _Reader(ProblemError, raw, _item_where("teachers", index, raw))
    r.check_keys(["id"], ["unavailable"])
    slots = [
        _parse_slot(item, f"{r.where}.unavailable[{j}]", terms, periods)
        for j, item in enumerate(r.object_list("unavailable"))
    ]
    return Teacher(id=r.string("id"), unavailable=frozenset(slots))


def _parse_course(index: int, raw: object) -> Course:
    r = _Reader(ProblemError, raw, _item_where("courses", index, raw))
    r.check_keys(["id"], ["title", "room_feature"])
    return Course(
        id=r.string("id"), title=r.text("title"), room_feature=r.optional_string("room_feature")
    )


def _parse_section(
    index: int, raw: object, terms: tuple[str, ...], periods: tuple[str, ...]
) -> Section:
    r = _Reader(ProblemError, raw, _item_where("sections", index, raw))
    r.check_keys(["id", "course", "terms", "capacity"], ["teacher", "period", "room"])
    section_terms = r.string_list("terms", non_empty=True)
    for term in section_terms:
        if term not in terms:
            raise r.fail("terms", f'"{term}" is not one of the problem terms')
    period = r.optional_string("period")
    if period is not None and period not in periods:
        raise r.fail("period", f'"{period}" is not one of the problem periods')
    return Section(
        id=r.string("id"),
        course=r.string("course"),
        teacher=r.optional_string("teacher"),
        terms=tuple(t for t in terms if t in section_terms),
        capacity=r.positive_int("capacity"),
        period=period,
        room=r.optional_string("room"),
    )


def _parse_student(index: int, raw: object) -> Student:
    r = _Reader(ProblemError, raw, _item_where("students", index, raw))
    r.check_keys(["id", "requests"], ["grade"])
    requests = []
    seen: set[str] = set()
    for j, item in enumerate(r.object_list("requests")):
        where = f"{r.where}.requests[{j}]"
        req = _parse_request(item, where)
        for course in req.candidates:
            if course in seen:
                raise ProblemError(f'{where}: course "{course}" is requested more than once')
            seen.add(course)
        requests.append(req)
    return Student(id=r.string("id"), grade=r.optional_int("grade"), requests=tuple(requests))


def _parse_request(raw: object, where: str) -> Request:
    r = _Reader(ProblemError, raw, where)
    r.check_keys(["course", "weight"], ["alternates"])
    return Request(
        course=r.string("course"),
        weight=r.positive_number("weight"),
        alternates=tuple(r.string_list("alternates")),
    )


def _check_references(problem: Problem) -> None:
    for section in problem.sections:
        where = f'problem.sections[id="{section.id}"]'
        if section.course not in problem.course_by_id:
            raise ProblemError(f'{where}.course: unknown course "{section.course}"')
        if section.teacher is not None and section.teacher not in problem.teacher_by_id:
            raise ProblemError(f'{where}.teacher: unknown teacher "{section.teacher}"')
        if section.room is not None:
            room = problem.room_by_id.get(section.room)
            if room is None:
                raise ProblemError(f'{where}.room: unknown room "{section.room}"')
            feature = problem.course_by_id[section.course].room_feature
            if feature is not None and feature not in room.features:
                raise ProblemError(
                    f'{where}.room: locked room "{room.id}" lacks feature "{feature}" '
                    f'required by course "{section.course}"'
                )
    for student in problem.students:
        for j, request in enumerate(student.requests):
            for course in request.candidates:
                if course not in problem.course_by_id:
                    raise ProblemError(
                        f'problem.students[id="{student.id}"].requests[{j}]: '
                        f'unknown course "{course}"'
                    )


def load_problem(path: str | Path) -> Problem:
    """Read and parse a problem file; unreadable or invalid JSON is a ProblemError."""
    return parse_problem(_load_json(path, ProblemError))


def _load_json(path: str | Path, error: type[ValueError]) -> object:
    try:
        with open(path, encoding="utf-8") as handle:
            return json.load(handle)
    except OSError as exc:
        raise error(f"{path}: cannot read ({exc.strerror})") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise error(f"{path}: not valid JSON ({exc})") from None


def problem_to_dict(problem: Problem) -> ProblemDoc:
    """Serialise a problem in the interchange format."""
    return {
        "format": PROBLEM_FORMAT,
        "name": problem.name,
        "terms": list(problem.terms),
        "periods": list(problem.periods),
        "rooms": [
            {"id": r.id, "capacity": r.capacity, "features": list(r.features)}
            for r in problem.rooms
        ],
        "teachers": [
            {
                "id": t.id,
                "unavailable": [
                    {"term": term, "period": period} for term, period in sorted(t.unavailable)
                ],
            }
            for t in problem.teachers
        ],
        "courses": [
            {"id": c.id, "title": c.title, "room_feature": c.room_feature} for c in problem.courses
        ],
        "sections": [
            {
                "id": s.id,
                "course": s.course,
                "teacher": s.teacher,
                "terms": list(s.terms),
                "capacity": s.capacity,
                "period": s.period,
                "room": s.room,
            }
            for s in problem.sections
        ],
        "students": [
            {
                "id": s.id,
                "grade": s.grade,
                "requests": [
                    {
                        "course": q.course,
                        "weight": _number(q.weight),
                        "alternates": list(q.alternates),
                    }
                    for q in s.requests
                ],
            }
            for s in problem.students
        ],
    }


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


# ---------------------------------------------------------------------------------------
# Solution
# ---------------------------------------------------------------------------------------


def parse_solution(data: object) -> Solution:
    """Parse the structure of a solution; semantic checks live in validate.py."""
    top = _Reader(SolutionError, data, "solution")
    top.check_keys(["format", "sections", "enrollments", "unfulfilled", "stats"], ["problem"])
    if top.value["format"] != SOLUTION_FORMAT:
        raise top.fail("format", f'expected "{SOLUTION_FORMAT}", got {_kind(top.value["format"])}')
    stats = top.value["stats"]
    if not isinstance(stats, dict):
        raise top.fail("stats", f"expected an object, got {_kind(stats)}")
    return Solution(
        problem=top.text("problem"),
        sections=[_parse_placement(i, raw) for i, raw in enumerate(top.object_list("sections"))],
        enrollments=[
            _parse_enrollment(i, raw) for i, raw in enumerate(top.object_list("enrollments"))
        ],
        unfulfilled=[
            _parse_unfulfilled(i, raw) for i, raw in enumerate(top.object_list("unfulfilled"))
        ],
        stats=dict(stats),
    )


def _parse_placement(index: int, raw: object) -> SectionPlacement:
    r = _Reader(SolutionError, raw, _item_where("solution.sections", index, raw))
    r.check_keys(["id", "period"], ["room"])
    return SectionPlacement(
        id=r.string("id"), period=r.optional_string("period"), room=r.optional_string("room")
    )


def _parse_enrollment(index: int, raw: object) -> Enrollment:
    r = _Reader(SolutionError, raw, f"solution.enrollments[{index}]")
    r.check_keys(["student", "request", "section"])
    return Enrollment(
        student=r.string("student"), request=r.string("request"), section=r.string("section")
    )


def _parse_unfulfilled(index: int, raw: object) -> Unfulfilled:
    r = _Reader(SolutionError, raw, f"solution.unfulfilled[{index}]")
    r.check_keys(["student", "request"], ["reason"])
    return Unfulfilled(
        student=r.string("student"), request=r.string("request"), reason=r.text("reason")
    )


def load_solution(path: str | Path) -> Solution:
    """Read and parse a solution file; malformed files raise SolutionError."""
    return parse_solution(_load_json(path, SolutionError))


def solution_to_dict(solution: Solution) -> SolutionDoc:
    """Serialise a solution in the interchange format."""
    return {
        "format": SOLUTION_FORMAT,
        "problem": solution.problem,
        "sections": [{"id": s.id, "period": s.period, "room": s.room} for s in solution.sections],
        "enrollments": [
            {"student": e.student, "request": e.request, "section": e.section}
            for e in solution.enrollments
        ],
        "unfulfilled": [
            {"student": u.student, "request": u.request, "reason": u.reason}
            for u in solution.unfulfilled
        ],
        "stats": solution.stats,
    }


def write_json(path: str | Path, data: Mapping[str, object]) -> None:
    """Write a document as indented UTF-8 JSON."""
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(data, handle, indent=1, ensure_ascii=False)
        handle.write("\n")
