"""Courses, sections and rosters: the minimum a teacher's scope needs.

The scheduling engine (``homeroom_engine``) builds master schedules; these records
hold what a school has decided.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q

from homeroom.districts.models import Period, Room, School, Term
from homeroom.people.models import Student


class Course(models.Model):
    """A course of a school's catalog."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="courses")
    code = models.CharField(max_length=20)
    title = models.CharField(max_length=200)

    class Meta:
        ordering = ["school", "code"]
        constraints = [
            models.UniqueConstraint(fields=["school", "code"], name="unique_course_code"),
        ]

    def __str__(self) -> str:
        return self.title


class Section(models.Model):
    """A class: one course, taught by one teacher, in one period of one term."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="sections")
    code = models.CharField(max_length=30)
    term = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="sections")
    period = models.ForeignKey(
        Period, null=True, blank=True, on_delete=models.PROTECT, related_name="sections"
    )
    room = models.ForeignKey(
        Room, null=True, blank=True, on_delete=models.PROTECT, related_name="sections"
    )
    teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sections_taught",
    )
    capacity = models.PositiveSmallIntegerField(default=32)

    class Meta:
        ordering = ["course", "code"]
        constraints = [
            models.UniqueConstraint(fields=["course", "term", "code"], name="unique_section"),
        ]

    def __str__(self) -> str:
        return f"{self.course.title} ({self.code})"

    @property
    def school(self) -> School:
        return self.course.school


class SectionEnrollment(models.Model):
    """A student on a section's roster from ``entry_date`` until ``exit_date``."""

    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="roster")
    student = models.ForeignKey(
        Student, on_delete=models.PROTECT, related_name="section_enrollments"
    )
    entry_date = models.DateField()
    exit_date = models.DateField(null=True, blank=True)

    audit_student_field: ClassVar[str] = "student_id"

    class Meta:
        ordering = ["section", "student"]
        constraints = [
            models.UniqueConstraint(
                fields=["section", "student"],
                condition=Q(exit_date__isnull=True),
                name="one_open_roster_row",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.student} in {self.section}"
