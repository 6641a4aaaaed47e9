"""An independent checker of every hard rule and of the scores of a solution.

It reads only the problem and the solution document; it never trusts ``stats`` and shares
no code with the optimiser beyond the schema types.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from homeroom_engine.schema import Enrollment, Problem, Solution, SolutionError, parse_solution

REQUIRED_STATS = (
    "requests",
    "fulfilled_primary",
    "fulfilled_alternate",
    "weighted_fulfilment",
    "students_complete",
    "upper_bound_weighted_fulfilment",
    "seconds",
)
TOLERANCE = 1e-6


@dataclass(frozen=True)
class Scores:
    requests: int
    fulfilled_primary: int
    fulfilled_alternate: int
    weighted_fulfilment: float
    students_complete: int
    mean_section_spread: float

    def as_stats(self) -> dict[str, object]:
        return {
            "requests": self.requests,
            "fulfilled_primary": self.fulfilled_primary,
            "fulfilled_alternate": self.fulfilled_alternate,
            "weighted_fulfilment": round(self.weighted_fulfilment, 9),
            "students_complete": self.students_complete,
            "mean_section_spread": round(self.mean_section_spread, 6),
        }


@dataclass
class Report:
    violations: list[str] = field(default_factory=list)
    scores: Scores | None = None

    @property
    def ok(self) -> bool:
        return not self.violations


def compute_scores(problem: Problem, enrollments: list[Enrollment]) -> Scores:
    """Score the enrollments as the format defines, ignoring rows that do not resolve."""
    section_course = {s.id: s.course for s in problem.sections}
    chosen: dict[tuple[str, str], str] = {}
    for row in enrollments:
        course = section_course.get(row.section)
        if course is not None:
            chosen.setdefault((row.student, row.request), course)
    primary = alternate = complete = 0
    achieved = 0.0
    for student in problem.students:
        all_met = True
        for request in student.requests:
            course = chosen.get((student.id, request.course))
            if course == request.course:
                primary += 1
                achieved += request.weight
            elif course is not None and course in request.alternates:
                alternate += 1
                achieved += request.weight / 2
            else:
                all_met = False
        complete += all_met
    total = problem.total_weight
    return Scores(
        requests=sum(len(s.requests) for s in problem.students),
        fulfilled_primary=primary,
        fulfilled_alternate=alternate,
        weighted_fulfilment=achieved / total if total > 0 else 1.0,
        students_complete=complete,
        mean_section_spread=mean_section_spread(problem, enrollments),
    )


def mean_section_spread(problem: Problem, enrollments: list[Enrollment]) -> float:
    """Fullest minus emptiest section of each course, averaged over courses with sections."""
    counts: dict[str, int] = {s.id: 0 for s in problem.sections}
    for row in enrollments:
        if row.section in counts:
            counts[row.section] += 1
    by_course: dict[str, list[int]] = defaultdict(list)
    for section in problem.sections:
        by_course[section.course].append(counts[section.id])
    if not by_course:
        return 0.0
    return sum(max(v) - min(v) for v in by_course.values()) / len(by_course)


def validate_document(problem: Problem, document: object) -> Report:
    """Check a raw solution document; a malformed document is reported, not raised."""
    try:
        solution = parse_solution(document)
    except SolutionError as exc:
        return Report(violations=[f"malformed solution: {exc}"])
    return validate(problem, solution)


def validate(problem: Problem, solution: Solution) -> Report:
    """Check every hard rule and recompute every score."""
    report = Report()
    placements = _check_sections(problem, solution, report.violations)
    _check_teachers_and_rooms(problem, placements, report.violations)
    valid_rows = _check_enrollments(problem, solution, placements, report.violations)
    _check_unfulfilled(problem, solution, valid_rows, report.violations)
    report.scores = compute_scores(problem, valid_rows)
    _check_stats(solution.stats, report.scores, report.violations)
    return report


def _check_sections(
    problem: Problem, solution: Solution, out: list[str]
) -> dict[str, tuple[str | None, str | None]]:
    placements: dict[str, tuple[str | None, str | None]] = {}
    for row in solution.sections:
        section = problem.section_by_id.get(row.id)
        if section is None:
            out.append(f'solution.sections: unknown section "{row.id}"')
            continue
        if row.id in placements:
            out.append(f'solution.sections: section "{row.id}" listed twice')
            continue
        placements[row.id] = (row.period, row.room)
        where = f'section "{row.id}"'
        if row.period not in problem.periods:
            out.append(f"{where}: period {row.period!r} is not one of the problem periods (rule 1)")
        if section.period is not None and row.period != section.period:
            out.append(
                f"{where}: locked period {section.period!r} changed to {row.period!r} (rule 1)"
            )
        if section.room is not None and row.room != section.room:
            out.append(f"{where}: locked room {section.room!r} changed to {row.room!r} (rule 1)")
        _check_room_choice(problem, section.course, where, row.room, out)
    for section in problem.sections:
        if section.id not in placements:
            out.append(f'section "{section.id}": missing from solution.sections (rule 1)')
    return placements


def _check_room_choice(
    problem: Problem, course_id: str, where: str, room_id: str | None, out: list[str]
) -> None:
    if room_id is not None and not problem.rooms:
        out.append(f"{where}: room {room_id!r} given but the problem lists no rooms")
        return
    if room_id is not None and room_id not in problem.room_by_id:
        out.append(f"{where}: unknown room {room_id!r}")
        return
    feature = problem.course_by_id[course_id].room_feature
    if feature is None or not problem.rooms:
        return
    if room_id is None or feature not in problem.room_by_id[room_id].features:
        out.append(
            f"{where}: course {course_id!r} needs a room with {feature!r}, got {room_id!r} (rule 5)"
        )


def _section_slots(problem: Problem, section_id: str, period: str | None) -> list[tuple[str, str]]:
    if period is None:
        return []
    return [(term, period) for term in problem.section_by_id[section_id].terms]


def _check_teachers_and_rooms(
    problem: Problem, placements: dict[str, tuple[str | None, str | None]], out: list[str]
) -> None:
    teacher_at: dict[tuple[str, str, str], str] = {}
    room_at: dict[tuple[str, str, str], str] = {}
    for section_id, (period, room) in placements.items():
        teacher_id = problem.section_by_id[section_id].teacher
        for term, slot_period in _section_slots(problem, section_id, period):
            if teacher_id is not None:
                if (term, slot_period) in problem.teacher_by_id[teacher_id].unavailable:
                    out.append(
                        f'section "{section_id}": teacher "{teacher_id}" is unavailable in '
                        f"{term} period {slot_period} (rule 4)"
                    )
                other = teacher_at.setdefault((teacher_id, term, slot_period), section_id)
                if other != section_id:
                    out.append(
                        f'teacher "{teacher_id}" teaches "{other}" and "{section_id}" in '
                        f"{term} period {slot_period} (rule 2)"
                    )
            if room is not None:
                other = room_at.setdefault((room, term, slot_period), section_id)
                if other != section_id:
                    out.append(
                        f'room "{room}" holds "{other}" and "{section_id}" in '
                        f"{term} period {slot_period} (rule 2)"
                    )


def _check_enrollments(
    problem: Problem,
    solution: Solution,
    placements: dict[str, tuple[str | None, str | None]],
    out: list[str],
) -> list[Enrollment]:
    valid: list[Enrollment] = []
    seen_requests: set[tuple[str, str]] = set()
    student_at: dict[tuple[str, str, str], str] = {}
    counts: dict[str, int] = defaultdict(int)
    for row in solution.enrollments:
        if not _enrollment_resolves(problem, row, out):
            continue
        key = (row.student, row.request)
        if key in seen_requests:
            out.append(
                f'student "{row.student}": request "{row.request}" '
                "fulfilled more than once (rule 6)"
            )
            continue
        seen_requests.add(key)
        valid.append(row)
        counts[row.section] += 1
        period = placements.get(row.section, (None, None))[0]
        for term, slot_period in _section_slots(problem, row.section, period):
            other = student_at.setdefault((row.student, term, slot_period), row.section)
            if other != row.section:
                out.append(
                    f'student "{row.student}" is in "{other}" and "{row.section}" in '
                    f"{term} period {slot_period} (rule 2)"
                )
    for section_id, count in sorted(counts.items()):
        section = problem.section_by_id[section_id]
        if count > section.capacity:
            out.append(
                f'section "{section_id}": {count} students exceed '
                f"capacity {section.capacity} (rule 3)"
            )
        room_id = placements.get(section_id, (None, None))[1]
        room = problem.room_by_id.get(room_id) if room_id else None
        if room is not None and count > room.capacity:
            out.append(
                f'section "{section_id}": {count} students exceed room "{room.id}" '
                f"capacity {room.capacity} (rule 3)"
            )
    return valid


def _enrollment_resolves(problem: Problem, row: Enrollment, out: list[str]) -> bool:
    student = problem.student_by_id.get(row.student)
    section = problem.section_by_id.get(row.section)
    if student is None:
        out.append(f'enrollment: unknown student "{row.student}"')
        return False
    if section is None:
        out.append(f'enrollment of "{row.student}": unknown section "{row.section}"')
        return False
    request = next((q for q in student.requests if q.course == row.request), None)
    if request is None:
        out.append(
            f'enrollment of "{row.student}": "{row.request}" is not one of the student\'s requests'
        )
        return False
    if section.course not in request.candidates:
        out.append(
            f'enrollment of "{row.student}": section "{row.section}" (course "{section.course}") '
            f'does not fulfil request "{row.request}" (rule 6)'
        )
        return False
    return True


def _check_unfulfilled(
    problem: Problem, solution: Solution, valid: list[Enrollment], out: list[str]
) -> None:
    fulfilled = {(row.student, row.request) for row in valid}
    listed: set[tuple[str, str]] = set()
    for row in solution.unfulfilled:
        key = (row.student, row.request)
        if key in fulfilled:
            out.append(
                f'unfulfilled: "{row.student}" request "{row.request}" is listed but fulfilled'
            )
        if key in listed:
            out.append(f'unfulfilled: "{row.student}" request "{row.request}" listed twice')
        if not row.reason.strip():
            out.append(f'unfulfilled: "{row.student}" request "{row.request}" has no reason')
        listed.add(key)
    for student in problem.students:
        for request in student.requests:
            key = (student.id, request.course)
            if key not in fulfilled and key not in listed:
                out.append(f'unfulfilled: "{student.id}" request "{request.course}" is missing')


def _check_stats(stats: dict[str, object], scores: Scores, out: list[str]) -> None:
    for key in REQUIRED_STATS:
        if key not in stats:
            out.append(f'stats: missing required key "{key}"')
    expected = scores.as_stats()
    for key in ("requests", "fulfilled_primary", "fulfilled_alternate", "students_complete"):
        if key in stats and stats[key] != expected[key]:
            out.append(f"stats.{key}: claims {stats[key]!r}, recomputed {expected[key]!r}")
    claimed = stats.get("weighted_fulfilment")
    if claimed is not None and (
        not isinstance(claimed, int | float)
        or abs(claimed - scores.weighted_fulfilment) > TOLERANCE
    ):
        out.append(
            f"stats.weighted_fulfilment: claims {claimed!r}, "
            f"recomputed {scores.weighted_fulfilment:.9f}"
        )
    bound = stats.get("upper_bound_weighted_fulfilment")
    if bound is not None and (
        not isinstance(bound, int | float) or bound + TOLERANCE < scores.weighted_fulfilment
    ):
        out.append(
            f"stats.upper_bound_weighted_fulfilment: {bound!r} is below the achieved "
            f"{scores.weighted_fulfilment:.9f}"
        )
