"""The one audited bulk-write path: N rows, exactly N events, one transaction."""

from __future__ import annotations

import datetime as dt
import json
import uuid

import pytest
from django.contrib.auth.hashers import make_password
from django.db import IntegrityError

from homeroom.access.models import User
from homeroom.audit.bulk import create_objects, create_rows, update_objects
from homeroom.audit.context import Actor, acting_as
from homeroom.audit.loader import IdPool, Table
from homeroom.audit.models import Action, AuditEvent, Disclosure, DisclosureStudent
from homeroom.audit.recorder import build_event, diff, snapshot
from homeroom.audit.services import BULK_READ, disclosure_record_many
from homeroom.enrollment.models import Enrollment
from tests import factories as f

pytestmark = pytest.mark.django_db
LOADER = Actor(user_id=None, label="system:import", ip_address="10.1.2.3", via="command")
HASH = make_password("correct horse battery staple", salt="fixedsalt", hasher="md5")


def events_of(model: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(model=model).order_by("pk"))


def test_objects_written_in_bulk_get_one_create_event_each_from_the_current_actor() -> None:
    users = [User(username=f"bulk{i}", password=HASH, email=f"b{i}@example.org") for i in range(7)]
    with acting_as(LOADER):
        made = create_objects(users, reason="import")
    assert User.objects.filter(username__startswith="bulk").count() == 7
    events = events_of("access.user")
    assert len(events) == 7
    assert sorted(int(e.object_id) for e in events) == sorted(u.pk for u in made)
    for event in events:
        stored = User.objects.get(pk=int(event.object_id))
        expected = build_event(stored, Action.CREATE, diff({}, snapshot(stored)))
        assert event.changes == expected.changes
        assert event.changes["password"] == [None, "(set)"]
        assert (event.actor_id, event.actor_label, event.ip_address, event.via, event.reason) == (
            None, "system:import", "10.1.2.3", "command", "import",
        )  # fmt: skip
    assert HASH not in json.dumps([e.changes for e in events])


def test_rows_with_taken_ids_get_events_naming_the_object_and_its_student() -> None:
    school = f.SchoolFactory()
    students = [f.StudentFactory() for _ in range(5)]
    table = Table(
        Enrollment, ("id", "student_id", "school_id", "grade_level", "status", "entry_date",
                     "exit_reason", "created_at", "updated_at", "sourced_id"),
    )  # fmt: skip
    ids = IdPool(table).take(len(students))
    at = dt.datetime(2026, 8, 12, 7, 30, tzinfo=dt.UTC)
    rows = [
        (pk, s.pk, school.pk, "9", "10", dt.date(2026, 8, 12), "", at, at, uuid.uuid4())
        for pk, s in zip(ids, students, strict=True)
    ]
    with acting_as(LOADER):
        assert create_rows(table, rows, at=at) == 5
    events = {int(e.object_id): e for e in events_of("enrollment.enrollment")}
    assert sorted(events) == ids
    for pk, student in zip(ids, students, strict=True):
        stored = Enrollment.objects.get(pk=pk)
        assert events[pk].student_id == student.pk
        assert events[pk].at == at
        expected = build_event(stored, Action.CREATE, diff({}, snapshot(stored)))
        assert events[pk].changes == expected.changes


def test_a_failure_midway_leaves_neither_rows_nor_events() -> None:
    users = [User(username=name, password=HASH) for name in ("a1", "a2", "a3", "a1")]
    with acting_as(LOADER), pytest.raises(IntegrityError):
        create_objects(users, chunk=2)  # the first chunk is written, the second fails
    assert not User.objects.filter(username__in=["a1", "a2", "a3"]).exists()
    assert not AuditEvent.objects.filter(model="access.user").exists()


def test_updates_in_bulk_get_an_event_only_where_a_recorded_field_changed() -> None:
    first, second = f.EnrollmentFactory(), f.EnrollmentFactory()
    before = AuditEvent.objects.count()
    pairs = [(first, snapshot(first)), (second, snapshot(second))]
    first.exit_date, first.exit_reason = dt.date(2026, 6, 11), "E155"
    with acting_as(LOADER):
        assert update_objects(pairs, ["exit_date", "exit_reason"], reason="close") == 1
    first.refresh_from_db()
    assert first.exit_reason == "E155"
    (event,) = AuditEvent.objects.order_by("pk")[before:]
    assert (event.action, event.object_id, event.reason) == ("update", str(first.pk), "close")
    assert event.changes == {"exit_date": [None, "2026-06-11"], "exit_reason": ["", "E155"]}


def test_a_read_naming_thousands_of_students_is_one_disclosure_naming_each_once() -> None:
    students = range(1, BULK_READ + 502)
    with acting_as(LOADER):
        row = disclosure_record_many(student_ids=students, purpose="export", kind="export")
    assert row is not None
    assert (Disclosure.objects.count(), row.student_count) == (1, len(students))
    named = sorted(
        DisclosureStudent.objects.filter(disclosure=row).values_list("student_id", flat=True)
    )
    assert named == list(students)
    assert Disclosure.objects.get(named__student_id=BULK_READ + 501) == row
