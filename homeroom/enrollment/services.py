"""Enrolling students: every enrollment write goes through here."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Q

from homeroom.districts.choices import GradeLevel
from homeroom.districts.models import School
from homeroom.enrollment.choices import EnrollmentStatus
from homeroom.enrollment.models import Enrollment
from homeroom.lib.errors import Conflict, RuleError
from homeroom.people import services as people_services
from homeroom.people.models import Student


def _overlapping_primary(
    student: Student, start: dt.date, end: dt.date | None
) -> Enrollment | None:
    qs = Enrollment.objects.primary().filter(student=student)
    qs = qs.filter(Q(exit_date__isnull=True) | Q(exit_date__gt=start))
    if end is not None:
        qs = qs.filter(entry_date__lt=end)
    return qs.select_related("school").first()


def enrollment_create(
    *,
    student: Student,
    school: School,
    grade_level: str,
    entry_date: dt.date,
    status: str = EnrollmentStatus.PRIMARY,
) -> Enrollment:
    """Enroll ``student`` at ``school``; at most one primary enrollment on any date."""
    if grade_level not in GradeLevel.values:
        raise RuleError("grade_level must be TK, K or 1 to 12", field="grade_level")
    if not school.serves_grade(grade_level):
        raise RuleError(
            f"{school.name} serves grades {school.low_grade} to {school.high_grade}, "
            f"not {grade_level}",
            field="grade_level",
        )
    if status not in EnrollmentStatus.values:
        raise RuleError("status must be 10, 20 or 30", field="status")
    with transaction.atomic():
        Student.objects.select_for_update().filter(pk=student.pk).first()
        if status == EnrollmentStatus.PRIMARY:
            clash = _overlapping_primary(student, entry_date, None)
            if clash is not None:
                raise Conflict(
                    f"already enrolled (primary) at {clash.school.name} from "
                    f"{clash.entry_date:%Y-%m-%d}; exit or transfer that enrollment first",
                    field="entry_date",
                )
        return Enrollment.objects.create(
            student=student,
            school=school,
            grade_level=grade_level,
            entry_date=entry_date,
            status=status,
        )


def student_admit(
    *, school: School, grade_level: str, entry_date: dt.date, **student_values: Any
) -> tuple[Student, Enrollment]:
    """Create a new student and their first enrollment, both or neither."""
    with transaction.atomic():
        student = people_services.student_create(**student_values)
        enrollment = enrollment_create(
            student=student, school=school, grade_level=grade_level, entry_date=entry_date
        )
    return student, enrollment
