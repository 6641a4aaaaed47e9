"""The caseload scope counseling provides: a counselor reaches the caseload's students
while they attend one of the counselor's schools (every counselor role names a school)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from homeroom.access import policy
from homeroom.counseling.models import CaseloadAssignment
from homeroom.enrollment.models import Enrollment
from tests import factories as f
from tests.conftest import World


def _move_to_other_school(world: World) -> None:
    today = timezone.localdate()
    Enrollment.objects.filter(student=world.own_student).update(
        exit_date=today - dt.timedelta(days=1), exit_reason="E155"
    )
    f.EnrollmentFactory(
        student=world.own_student, school=world.other, entry_date=today - dt.timedelta(days=1)
    )


def test_a_school_counselor_loses_a_caseload_student_who_moved_away(world: World) -> None:
    counselor = world.users["counselor"]
    assert world.own_student in policy.visible_students(counselor)
    _move_to_other_school(world)
    del counselor._homeroom_grants
    assert world.own_student not in policy.visible_students(counselor)
    assert CaseloadAssignment.objects.filter(student=world.own_student).exists()


def test_a_counselor_at_two_schools_follows_the_caseload_between_them(world: World) -> None:
    counselor = world.users["counselor"]
    f.RoleFactory(user=counselor, role="counselor", school=world.other)
    _move_to_other_school(world)
    assert world.own_student in policy.visible_students(counselor)
    assert world.other_student not in policy.visible_students(counselor)  # not on the caseload


def test_a_counselor_without_a_caseload_reaches_nobody(world: World) -> None:
    idle = f.UserFactory(username="idle-counselor")
    f.RoleFactory(user=idle, role="counselor", school=world.own)
    assert list(policy.visible_students(idle)) == []
