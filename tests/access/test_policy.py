"""Scopes and aspects: who sees which students and which parts of their records."""

from __future__ import annotations

import datetime as dt

from homeroom.access import policy
from homeroom.access.choices import Aspect
from homeroom.people.models import Student
from tests import factories as f
from tests.conftest import World


def visible(world: World, role: str) -> set[Student]:
    """The students the world's user in ``role`` may see."""
    return set(policy.visible_students(world.users[role]))


def test_district_admin_sees_every_student(world: World) -> None:
    seen = visible(world, "district_admin")
    assert {world.own_student, world.other_student, world.child} <= seen


def test_school_roles_see_only_their_school(world: World) -> None:
    for role in ("school_admin", "registrar", "nurse"):
        seen = visible(world, role)
        assert world.own_student in seen
        assert world.other_student not in seen


def test_teacher_sees_only_rostered_students(world: World) -> None:
    unrostered = f.StudentFactory()
    f.EnrollmentFactory(student=unrostered, school=world.own)
    seen = visible(world, "teacher")
    assert seen == {world.own_student, world.child}


def test_teacher_loses_a_student_who_left_the_roster(world: World) -> None:
    row = world.own_student.section_enrollments.get()
    row.exit_date = dt.date(2020, 9, 1)
    row.save()
    assert world.own_student not in visible(world, "teacher")


def test_counselor_sees_only_the_caseload(world: World) -> None:
    other_at_own = f.StudentFactory()
    f.EnrollmentFactory(student=other_at_own, school=world.own)
    seen = visible(world, "counselor")
    assert seen == {world.own_student, world.child}


def test_guardian_sees_own_child_only_with_educational_rights(world: World) -> None:
    user = world.users["guardian"]
    assert set(policy.visible_students(user)) == {world.child}
    link = world.child.guardianships.get()
    link.educational_rights = False
    link.save()
    user._homeroom_grants = None
    assert set(policy.visible_students(user)) == set()


def test_student_sees_only_self(world: World) -> None:
    assert visible(world, "student") == {world.child}


def test_only_nurse_and_guardian_see_health(world: World) -> None:
    with_health = {
        role
        for role, user in world.users.items()
        if Aspect.HEALTH in policy.aspects(user, world.child)
    }
    assert with_health == {"nurse", "guardian"}


def test_exited_role_assignment_grants_nothing(world: World) -> None:
    user = f.UserFactory()
    f.RoleFactory(user=user, role="registrar", school=world.own, end_date=dt.date(2020, 1, 1))
    assert list(policy.visible_students(user)) == []


def test_inactive_user_sees_nothing(world: World) -> None:
    user = world.users["district_admin"]
    user.is_active = False
    assert list(policy.visible_students(user)) == []


def test_student_at_other_school_has_no_aspects_for_school_staff(world: World) -> None:
    for role in ("school_admin", "registrar", "counselor", "nurse", "teacher", "guardian"):
        assert policy.aspects(world.users[role], world.other_student) == frozenset()
