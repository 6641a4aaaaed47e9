"""Counseling records. The caseload decides which students a counselor reaches."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models

from homeroom.people.models import Student


class CaseloadAssignment(models.Model):
    """A student on a counselor's caseload.

    The table keeps the name it had when caseloads lived in the access app
    (``access_caseloadassignment``): moving the model moved no data."""

    counselor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="caseload"
    )
    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="counselors")

    audit_student_field: ClassVar[str] = "student_id"

    class Meta:
        db_table = "access_caseloadassignment"
        constraints = [
            models.UniqueConstraint(fields=["counselor", "student"], name="unique_caseload"),
        ]

    def __str__(self) -> str:
        return f"{self.student} on {self.counselor}'s caseload"
