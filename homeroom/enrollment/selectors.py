"""Reading enrollments."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from homeroom.access import policy
from homeroom.districts.models import School
from homeroom.enrollment.models import Enrollment, PreRegistration
from homeroom.people.models import Student


def school_on(student: Student, day: dt.date) -> School | None:
    """The school where ``student`` holds a primary enrollment on ``day``, if any."""
    enrollment = primary_on(student, day)
    return enrollment.school if enrollment else None


def enrollments_of(student: Student) -> QuerySet[Enrollment]:
    """The student's whole enrollment history, oldest first."""
    return (
        Enrollment.objects.filter(student=student)
        .select_related("school")
        .order_by("entry_date", "id")
    )


def primary_on(student: Student, day: dt.date) -> Enrollment | None:
    """The primary enrollment in force on ``day``, if any."""
    return (
        Enrollment.objects.primary()
        .on(day)
        .filter(student=student)
        .select_related("school")
        .first()
    )


def managed_enrollment(user: Any, enrollment_id: int) -> Enrollment | None:
    """The enrollment, if ``user`` may change enrollments at its school; else None."""
    e = Enrollment.objects.select_related("student", "school").filter(pk=enrollment_id).first()
    if e is None or not policy.can_manage_enrollment_at(user, e.school_id):
        return None
    return e


def preregistrations_waiting(schools: Iterable[School]) -> QuerySet[PreRegistration]:
    """Submitted pre-registrations for ``schools``, oldest first: the counter's queue."""
    return (
        PreRegistration.objects.filter(status="submitted", school__in=schools)
        .select_related("school")
        .order_by("submitted_at")
    )


@dataclass(frozen=True)
class StudentRow:
    """A student in a list, with the enrollment in force today (if any)."""

    student: Student
    enrollment: Enrollment | None


def current_enrollments(student_ids: Iterable[int], day: dt.date) -> dict[int, Enrollment]:
    """Each student's primary enrollment in force on ``day``, keyed by student id."""
    rows = (
        Enrollment.objects.primary()
        .on(day)
        .filter(student_id__in=list(student_ids))
        .select_related("school")
        .order_by("entry_date", "id")
    )
    return {e.student_id: e for e in rows}


def student_rows(students: Iterable[Student], day: dt.date) -> list[StudentRow]:
    """The students with today's enrollment attached, in one extra query."""
    students = list(students)
    current = current_enrollments((s.pk for s in students), day)
    return [StudentRow(s, current.get(s.pk)) for s in students]
