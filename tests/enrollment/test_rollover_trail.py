"""The rollover's audit rows, field by field: the same through the one bulk-write path."""

from __future__ import annotations

import datetime as dt

import pytest

from homeroom.audit.context import Actor, acting_as
from homeroom.audit.models import AuditEvent
from homeroom.enrollment import services
from homeroom.enrollment.models import Enrollment
from homeroom.enrollment.rollover import year_end_rollover
from tests import factories as f

D = dt.date
pytestmark = pytest.mark.django_db
CLERK = Actor(user_id=None, label="system:rollover-test", ip_address="10.0.0.9", via="command")


def enroll(school, grade):  # type: ignore[no-untyped-def]
    return services.enrollment_create(
        student=f.StudentFactory(), school=school, grade_level=grade, entry_date=D(2025, 8, 13)
    )


def test_rollover_events_name_each_closed_and_opened_enrollment_with_its_fields() -> None:
    middle = f.SchoolFactory(level="middle", low_grade="6", high_grade="8")
    promoted, senior = (
        enroll(middle, "7"),
        enroll(f.SchoolFactory(level="high", low_grade="9", high_grade="12"), "12"),
    )
    before = AuditEvent.objects.count()
    with acting_as(CLERK):
        year_end_rollover(last_day=D(2026, 6, 10), next_first_day=D(2026, 8, 12))
    opened = Enrollment.objects.get(entry_date=D(2026, 8, 12))
    rows = sorted(
        AuditEvent.objects.order_by("pk")[before:].values_list(
            "actor_id", "actor_label", "ip_address", "via", "action", "model", "object_id",
            "student_id", "changes", "reason",
        ),
        key=lambda row: (row[4] != "update", int(row[6])),  # updates first, then by object
    )  # fmt: skip
    who = (None, "system:rollover-test", "10.0.0.9", "command")
    closed = {"exit_date": [None, "2026-06-11"]}
    assert rows == [
        (*who, "update", "enrollment.enrollment", str(promoted.pk), promoted.student_id,
         {**closed, "exit_reason": ["", "E155"]}, "rollover"),
        (*who, "update", "enrollment.enrollment", str(senior.pk), senior.student_id,
         {**closed, "exit_reason": ["", "E230"]}, "rollover"),
        (*who, "create", "enrollment.enrollment", str(opened.pk), promoted.student_id,
         {"id": [None, opened.pk], "student_id": [None, promoted.student_id],
          "school_id": [None, middle.pk], "grade_level": [None, "8"],
          "status": [None, opened.status], "entry_date": [None, "2026-08-12"],
          "exit_reason": [None, ""], "sourced_id": [None, str(opened.sourced_id)]},
         "rollover"),
    ]  # fmt: skip
