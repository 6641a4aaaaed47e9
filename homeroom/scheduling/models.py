"""Courses, sections and rosters: the minimum a teacher's scope needs.

The scheduling engine (``homeroom_engine``) builds master schedules; these records
hold what a school has decided. They keep history: a course or a section that ends is
closed (``closed_on``), a student who leaves a section is exited (``exit_date``); none
of them is deleted once a student has been on a roster (``on_delete=PROTECT``).
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q, QuerySet

from homeroom.districts.models import Period, Room, School, Term
from homeroom.enrollment.models import DatedQuerySet
from homeroom.people.models import Student


def _not_closed(day: dt.date) -> Q:
    return Q(closed_on__isnull=True) | Q(closed_on__gt=day)


class CourseQuerySet(QuerySet["Course"]):
    def open_on(self, day: dt.date) -> CourseQuerySet:
        """Courses not closed on ``day`` (``closed_on`` is the first day closed)."""
        return self.filter(_not_closed(day))


class Course(models.Model):
    """A course of a school's catalog; closed, never deleted, once it has been taught."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="courses")
    code = models.CharField(max_length=20)
    title = models.CharField(max_length=200)
    closed_on = models.DateField(
        null=True, blank=True, help_text="First day the course is no longer offered."
    )
    sourced_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    objects = CourseQuerySet.as_manager()

    class Meta:
        ordering = ["school", "code"]
        constraints = [
            models.UniqueConstraint(fields=["school", "code"], name="unique_course_code"),
        ]

    def __str__(self) -> str:
        return self.title


class SectionQuerySet(QuerySet["Section"]):
    def open_on(self, day: dt.date) -> SectionQuerySet:
        """Sections not closed on ``day`` (``closed_on`` is the first day closed)."""
        return self.filter(_not_closed(day))


class Section(models.Model):
    """A class: one course, taught by one teacher, in one period of one term."""

    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="sections")
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
    closed_on = models.DateField(
        null=True, blank=True, help_text="First day the section no longer meets."
    )
    sourced_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    objects = SectionQuerySet.as_manager()

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


class SectionEnrollmentQuerySet(DatedQuerySet["SectionEnrollment"]):
    """Roster rows by day: ``on(day)``, ``current_or_upcoming(day)``, as for enrollments."""


class SectionEnrollment(models.Model):
    """A student on a section's roster from ``entry_date`` until ``exit_date``.

    Never deleted: a student who leaves, or whose section closes, is exited.
    """

    section = models.ForeignKey(Section, on_delete=models.PROTECT, related_name="roster")
    student = models.ForeignKey(
        Student, on_delete=models.PROTECT, related_name="section_enrollments"
    )
    entry_date = models.DateField()
    exit_date = models.DateField(null=True, blank=True)
    sourced_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    objects = SectionEnrollmentQuerySet.as_manager()

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
