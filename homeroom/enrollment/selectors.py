"""Reading enrollments."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import QuerySet

from homeroom.districts.models import School
from homeroom.enrollment.models import Enrollment
from homeroom.people.models import Student


def school_on(student: Student, day: dt.date) -> School | None:
    """The school where ``student`` holds a primary enrollment on ``day``, if any."""
    row = Enrollment.objects.primary().on(day).filter(student=student).select_related("school")
    first = row.first()
    return first.school if first else None


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
