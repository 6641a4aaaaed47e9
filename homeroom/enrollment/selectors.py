"""Reading enrollments."""

from __future__ import annotations

import datetime as dt

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
