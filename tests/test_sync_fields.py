"""Records other systems sync carry an indexed ``updated_at`` and a stable ``sourced_id``."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from typing import Any
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection, models, transaction

from homeroom.access.models import User
from homeroom.audit.models import AuditEvent
from homeroom.enrollment import services as enrollment_services
from homeroom.enrollment.models import Enrollment
from homeroom.people.models import Guardian, Student, StudentGuardian
from homeroom.people.services import student_update
from homeroom.scheduling.models import Course, Section, SectionEnrollment
from homeroom.scheduling.services import roster_drop
from tests import factories as f

pytestmark = pytest.mark.django_db

UTC = dt.UTC
SYNCED: dict[type[models.Model], Callable[[], Any]] = {
    Student: f.StudentFactory,
    Guardian: f.GuardianFactory,
    StudentGuardian: f.GuardianshipFactory,
    Enrollment: f.EnrollmentFactory,
    Course: f.CourseFactory,
    Section: f.SectionFactory,
    SectionEnrollment: f.RosterFactory,
    User: f.UserFactory,
}
MODELS = list(SYNCED)


def at(hour: int) -> mock._patch[Any]:
    """``timezone.now`` fixed at ``hour`` o'clock on 1 September 2026 (UTC)."""
    moment = dt.datetime(2026, 9, 1, hour, tzinfo=UTC)
    return mock.patch("django.utils.timezone.now", return_value=moment)


def indexed_columns(model: type[models.Model]) -> list[list[str]]:
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, model._meta.db_table)
    return [c["columns"] for c in found.values() if c["index"] or c["unique"]]


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.label)
def test_updated_at_and_sourced_id_are_indexed_in_the_database(model: type[models.Model]) -> None:
    columns = indexed_columns(model)
    assert ["updated_at"] in columns
    assert ["sourced_id"] in columns


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.label)
def test_updated_at_moves_on_every_save(model: type[models.Model]) -> None:
    with at(8):
        record = SYNCED[model]()
    assert record.updated_at == dt.datetime(2026, 9, 1, 8, tzinfo=UTC)
    with at(9):
        record.save()
    record.refresh_from_db()
    assert record.updated_at == dt.datetime(2026, 9, 1, 9, tzinfo=UTC)


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.label)
def test_sourced_ids_are_distinct_and_the_database_refuses_a_copy(
    model: type[models.Model],
) -> None:
    first, second = SYNCED[model](), SYNCED[model]()
    assert first.sourced_id != second.sourced_id
    with pytest.raises(IntegrityError), transaction.atomic():
        model._default_manager.filter(pk=second.pk).update(sourced_id=first.sourced_id)


@pytest.mark.parametrize("model", [Student, SectionEnrollment], ids=lambda m: m._meta.label)
def test_a_save_that_only_moves_updated_at_writes_no_audit_event(
    model: type[models.Model],
) -> None:
    with at(8):
        record = SYNCED[model]()
    with at(9):
        record.save()
    label = model._meta.label_lower
    assert AuditEvent.objects.filter(model=label, object_id=str(record.pk), action="create")
    assert not AuditEvent.objects.filter(model=label, object_id=str(record.pk), action="update")


def test_a_renamed_student_keeps_their_sourced_id_and_shows_the_change_time() -> None:
    with at(8):
        student = f.StudentFactory(given_name="Ana")
    before = student.sourced_id
    with at(10):
        student_update(student=student, given_name="Anabel", reason="legal name change")
    student.refresh_from_db()
    assert student.given_name == "Anabel"
    assert student.sourced_id == before
    assert student.updated_at == dt.datetime(2026, 9, 1, 10, tzinfo=UTC)


def test_a_dropped_roster_row_shows_the_change_time() -> None:
    with at(8):
        row = f.RosterFactory()
    with at(11):
        roster_drop(row=row, day=dt.date(2026, 9, 1))
    row.refresh_from_db()
    assert row.updated_at == dt.datetime(2026, 9, 1, 11, tzinfo=UTC)


def test_rollover_keeps_the_students_id_and_gives_next_year_its_own() -> None:
    school = f.SchoolFactory(level="high", low_grade="9", high_grade="12")
    with at(8):
        this_year = enrollment_services.enrollment_create(
            student=f.StudentFactory(),
            school=school,
            grade_level="10",
            entry_date=dt.date(2025, 8, 13),
        )
    student_id, enrollment_id = this_year.student.sourced_id, this_year.sourced_id
    with at(12):
        call_command(
            "rollover",
            "--last-day",
            "2026-06-10",
            "--next-first-day",
            "2026-08-12",
            stdout=io.StringIO(),
        )
    this_year.refresh_from_db()
    next_year = Enrollment.objects.get(student=this_year.student, entry_date=dt.date(2026, 8, 12))
    assert Student.objects.get(pk=this_year.student_id).sourced_id == student_id
    assert this_year.sourced_id == enrollment_id
    assert next_year.sourced_id not in {enrollment_id, student_id}
    # the closed row shows its change to a sync that asks "what changed since 08:00?"
    assert this_year.updated_at == dt.datetime(2026, 9, 1, 12, tzinfo=UTC)
    assert next_year.updated_at == dt.datetime(2026, 9, 1, 12, tzinfo=UTC)
