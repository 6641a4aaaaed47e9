"""Year-end rollover: promote, retain, send on by feeder pattern, graduate.

Each primary enrollment in force on the last day of the year is closed the next day
(E155, or E230 for a graduate) and, unless the student graduates, a new enrollment
starts on the first day of next year: the next grade at the same school when it
serves that grade, else at the school's ``next_school`` (feeder pattern); the same
grade at the same school for a retained student. Students with no school to go to are
reported (and appear in the "nobody lost" report as expected but not enrolled).

High-school promotion needs the credits of ``settings.HOMEROOM_PROMOTION_CREDITS``
(grade entered -> credits earned); a credit source is passed in, and a student whose
credits are unknown is promoted by grade.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from homeroom.audit.bulk import create_objects, update_objects
from homeroom.audit.recorder import snapshot
from homeroom.districts.choices import GRADE_ORDER, GradeLevel
from homeroom.districts.models import School
from homeroom.enrollment.choices import ExitReason
from homeroom.enrollment.models import Enrollment

CreditSource = Callable[[int], float | None]
GRADES = list(GradeLevel.values)


def no_credits(student_id: int) -> float | None:
    """The credit source until grades exist: unknown, so promotion is by grade."""
    return None


@dataclass
class RolloverResult:
    promoted: int = 0
    retained: int = 0
    graduated: int = 0
    moved_school: int = 0
    unassigned: list[int] = field(default_factory=list)


def next_grade(grade: str) -> str | None:
    i = GRADE_ORDER[grade]
    return GRADES[i + 1] if i + 1 < len(GRADES) else None


def credits_allow(grade: str, credits: float | None) -> bool:
    """Whether a student with ``credits`` may enter ``grade`` (unknown credits: yes)."""
    needed = settings.HOMEROOM_PROMOTION_CREDITS.get(grade)
    return needed is None or credits is None or credits >= needed


def destination(school: School, grade: str) -> School | None:
    """Where a student entering ``grade`` goes from ``school``."""
    if school.serves_grade(grade):
        return school
    nxt = school.next_school
    return nxt if nxt is not None and nxt.serves_grade(grade) else None


def _plan(
    row: Enrollment, retained: set[int], credits: CreditSource, result: RolloverResult
) -> tuple[str, Enrollment | None]:
    """The exit reason for ``row`` and the enrollment that follows it, if any."""
    grade = next_grade(row.grade_level)
    keep = row.student_id in retained or (
        grade is not None and not credits_allow(grade, credits(row.student_id))
    )
    if keep:
        result.retained += 1
        return ExitReason.YEAR_END, Enrollment(
            student_id=row.student_id,
            school=row.school,
            grade_level=row.grade_level,
            status=row.status,
        )
    if grade is None:
        result.graduated += 1
        return ExitReason.GRADUATED, None
    school = destination(row.school, grade)
    if school is None:
        result.unassigned.append(row.student_id)
        return ExitReason.YEAR_END, None
    result.promoted += 1
    result.moved_school += school.pk != row.school_id
    return ExitReason.YEAR_END, Enrollment(
        student_id=row.student_id, school=school, grade_level=grade, status=row.status
    )


def year_end_rollover(
    *,
    last_day: dt.date,
    next_first_day: dt.date,
    schools: Iterable[School] | None = None,
    retained_student_ids: Iterable[int] = (),
    credits: CreditSource = no_credits,
) -> RolloverResult:
    """Close this year's primary enrollments and open next year's, in one transaction."""
    if next_first_day <= last_day:
        raise ValueError("next year must start after this year's last day")
    retained = set(retained_student_ids)
    rows = (
        Enrollment.objects.primary()
        .on(last_day)
        .filter(exit_date__isnull=True)
        .select_related("school__next_school")
    )
    if schools is not None:
        rows = rows.filter(school__in=list(schools))
    result = RolloverResult()
    exit_day = last_day + dt.timedelta(days=1)
    now = timezone.now()
    with transaction.atomic():
        closed, opened = [], []
        for row in rows.select_for_update(of=("self",)).iterator(chunk_size=2000):
            before = snapshot(row)
            reason, follow = _plan(row, retained, credits, result)
            row.exit_date, row.exit_reason, row.updated_at = exit_day, reason, now
            closed.append((row, before))
            if follow is not None:
                follow.entry_date = next_first_day
                opened.append(follow)
        # bulk updates skip auto_now: updated_at is set above so that syncs see the exit.
        update_objects(closed, ["exit_date", "exit_reason", "updated_at"], reason="rollover")
        create_objects(opened, reason="rollover")
    return result
