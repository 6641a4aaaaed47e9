"""The audit trail: every change recorded field by field, and nothing can rewrite it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import DatabaseError, connection, transaction

from homeroom.audit.context import Actor, acting_as
from homeroom.audit.models import AppendOnlyError, AuditEvent, Disclosure
from homeroom.enrollment.services import enrollment_create
from homeroom.people.services import student_create, student_update
from tests import factories as f
from tests.conftest import World

ACTOR = Actor(user_id=None, label="registrar-jo", ip_address="10.1.2.3", via="web")


@pytest.mark.django_db
def test_create_is_recorded_with_actor_address_and_values() -> None:
    with acting_as(ACTOR):
        student = student_create(
            given_name="Seán", family_name="O'Brien", birth_date=dt.date(2012, 1, 2)
        )
    event = AuditEvent.objects.get(model="people.student", object_id=str(student.pk))
    assert event.action == "create"
    assert (event.actor_label, event.ip_address, event.via) == ("registrar-jo", "10.1.2.3", "web")
    assert event.changes["given_name"] == [None, "Seán"]
    assert event.changes["birth_date"] == [None, "2012-01-02"]
    assert event.student_id == student.pk


@pytest.mark.django_db
def test_update_records_only_changed_fields_before_and_after() -> None:
    student = student_create(given_name="Ana", birth_date=dt.date(2012, 1, 2))
    with acting_as(ACTOR):
        student_update(student=student, family_name="Ruiz", reason="court order")
    event = AuditEvent.objects.filter(object_id=str(student.pk), action="update").get()
    assert event.changes == {"family_name": ["", "Ruiz"]}
    assert event.reason == "court order"


@pytest.mark.django_db
def test_saving_without_changes_records_nothing() -> None:
    student = student_create(given_name="Ana", birth_date=dt.date(2012, 1, 2))
    student_update(student=student, given_name="Ana")
    assert not AuditEvent.objects.filter(object_id=str(student.pk), action="update").exists()


@pytest.mark.django_db
def test_delete_of_student_related_record_is_recorded() -> None:
    link = f.GuardianshipFactory()
    link_id, student_id = link.pk, link.student_id
    link.delete()
    event = AuditEvent.objects.get(model="people.studentguardian", action="delete")
    assert event.object_id == str(link_id)
    assert event.student_id == student_id
    assert event.changes["relationship"] == ["mother", None]


@pytest.mark.django_db
def test_enrollment_changes_are_attached_to_the_student() -> None:
    student = f.StudentFactory()
    school = f.SchoolFactory()
    enrollment_create(
        student=student, school=school, grade_level="10", entry_date=dt.date(2026, 8, 12)
    )
    event = AuditEvent.objects.get(model="enrollment.enrollment")
    assert event.student_id == student.pk
    assert event.changes["grade_level"] == [None, "10"]


@pytest.mark.django_db
def test_orm_cannot_update_or_delete_audit_records() -> None:
    f.StudentFactory()
    event = AuditEvent.objects.first()
    assert event is not None
    event.reason = "tampered"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().update(reason="x")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        Disclosure.objects.all().delete()


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="database triggers on PostgreSQL")
@pytest.mark.parametrize("table", ["audit_auditevent", "audit_disclosure"])
@pytest.mark.parametrize("statement", ["UPDATE {t} SET actor_label = 'x'", "DELETE FROM {t}"])
def test_database_refuses_raw_rewrites_on_postgresql(table: str, statement: str) -> None:
    student = f.StudentFactory()
    Disclosure.objects.create(
        actor_label="a",
        via="web",
        student_id=student.pk,
        kind="view",
        outcome="granted",
        purpose="test",
    )
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(statement.format(t=table))
    assert AuditEvent.objects.filter(actor_label="x").count() == 0


def test_web_profile_view_is_disclosed_and_denial_logged(world: World) -> None:
    nurse = world.client("nurse")
    assert nurse.get(f"/students/{world.child.pk}/").status_code == 200
    granted = Disclosure.objects.get(student_id=world.child.pk, outcome="granted")
    assert granted.actor_id == world.users["nurse"].pk
    assert "health" in granted.aspects
    assert nurse.get(f"/students/{world.other_student.pk}/").status_code == 404
    denied = Disclosure.objects.get(student_id=world.other_student.pk)
    assert (denied.outcome, denied.via, denied.actor_label) == ("denied", "web", "nurse-user")


def test_history_api_lists_guardian_changes_too(world: World) -> None:
    link = world.child.guardianships.get()
    guardian = link.guardian
    guardian.phone = "+1 213 555 0000"
    guardian.save()
    response = world.client("registrar").get(
        f"/api/v1/students/{world.child.pk}/audit", **world.api("registrar")
    )
    models = {e["model"] for e in response.json()["items"]}
    assert {"people.guardian", "people.studentguardian", "enrollment.enrollment"} <= models


def test_history_page_shows_changes_to_registrar(world: World) -> None:
    student_update(student=world.child, preferred_given_name="Cyrus")
    page = world.client("registrar").get(f"/students/{world.child.pk}/history/")
    assert page.status_code == 200
    assert "Cyrus" in page.content.decode()
