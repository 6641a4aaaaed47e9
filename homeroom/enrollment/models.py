"""Effective-dated enrollment: which school a student attends on which dates."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from django.db import models
from django.db.models import F, Q, QuerySet

from homeroom.districts.choices import GradeLevel
from homeroom.districts.models import School
from homeroom.enrollment.choices import EnrollmentStatus, ExitReason
from homeroom.people.models import Student


class EnrollmentQuerySet(QuerySet["Enrollment"]):
    def on(self, day: dt.date) -> EnrollmentQuerySet:
        """Enrollments in force on ``day``: entered on or before it, not yet exited.

        The exit date is the first day the student is no longer enrolled.
        """
        return self.filter(entry_date__lte=day).filter(
            Q(exit_date__isnull=True) | Q(exit_date__gt=day)
        )

    def current_or_upcoming(self, day: dt.date) -> EnrollmentQuerySet:
        """Enrollments in force on ``day`` or starting after it."""
        return self.filter(Q(exit_date__isnull=True) | Q(exit_date__gt=day))

    def primary(self) -> EnrollmentQuerySet:
        return self.filter(status=EnrollmentStatus.PRIMARY)


class Enrollment(models.Model):
    """A student's enrollment at one school from ``entry_date`` until ``exit_date``.

    ``exit_date`` is exclusive: the first day the student no longer attends.
    """

    student = models.ForeignKey(Student, on_delete=models.PROTECT, related_name="enrollments")
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="enrollments")
    grade_level = models.CharField(max_length=2, choices=GradeLevel.choices)
    status = models.CharField(
        max_length=2, choices=EnrollmentStatus.choices, default=EnrollmentStatus.PRIMARY
    )
    entry_date = models.DateField()
    exit_date = models.DateField(null=True, blank=True)
    exit_reason = models.CharField(max_length=5, choices=ExitReason.choices, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = EnrollmentQuerySet.as_manager()

    audit_student_field: ClassVar[str] = "student_id"

    class Meta:
        ordering = ["student", "entry_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(exit_date__isnull=True) | Q(exit_date__gt=F("entry_date")),
                name="enrollment_exits_after_entry",
            ),
            models.CheckConstraint(
                condition=Q(exit_date__isnull=True, exit_reason="")
                | Q(exit_date__isnull=False) & ~Q(exit_reason=""),
                name="enrollment_exit_has_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["school", "entry_date"], name="enrollment_school_entry"),
            models.Index(fields=["student", "entry_date"], name="enrollment_student_entry"),
        ]

    def __str__(self) -> str:
        return f"{self.student} at {self.school} from {self.entry_date}"

    def in_force_on(self, day: dt.date) -> bool:
        return self.entry_date <= day and (self.exit_date is None or self.exit_date > day)
