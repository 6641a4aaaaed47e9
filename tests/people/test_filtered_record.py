"""Selectors hand pages and the API a record already cut to what the viewer may see,
and a single record can be narrower than its kind (a restricted contact)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from homeroom.access.choices import Aspect, Sensitivity
from homeroom.people import selectors
from tests import factories as f
from tests.conftest import World

OFFICE = ("district_admin", "school_admin", "registrar")
NOT_OFFICE = ("counselor", "nurse", "teacher")


def _view(world: World, role: str, student_id: int) -> selectors.StudentView:
    return selectors.student_get(user=world.users[role], student_id=student_id, purpose="test")


@pytest.mark.parametrize("role", ["nurse", "teacher"])
def test_a_role_without_demographics_gets_no_demographic_field_at_all(
    world: World, role: str
) -> None:
    world.own_student.gender = "F"
    world.own_student.home_language = "01"
    world.own_student.save()
    record = _view(world, role, world.own_student.pk).record()
    assert Aspect.DEMOGRAPHICS not in record.shown
    assert (record.gender, record.gender_label, record.home_language) == (None, None, None)
    assert "gender" not in record.as_api()
    assert "home_language" not in record.as_api()
    assert record.birth_date == world.own_student.birth_date  # identity is theirs


def test_the_registrar_gets_demographics_and_today_s_placement(world: World) -> None:
    world.own_student.home_language = "01"
    world.own_student.save()
    record = _view(world, "registrar", world.own_student.pk).record()
    assert record.home_language == "01"
    assert record.home_language_label == "Spanish"
    assert record.placement is not None
    assert (record.school, record.placement.school_name) == ("1111111", "Own High")


def test_a_record_filtered_to_a_list_s_aspects_carries_nothing_else(world: World) -> None:
    world.own_student.gender = "F"
    world.own_student.save()
    [row] = selectors.student_rows([world.own_student], day=timezone.localdate())
    assert row.record.birth_date is not None
    assert row.record.placement is not None
    assert row.record.gender is None
    assert "gender" not in row.record.as_api()


@pytest.fixture
def restricted(world: World) -> str:
    """A second contact of the student, under a protective order: office only."""
    guardian = f.GuardianFactory(given_name="Restricted", family_name="Contact")
    f.GuardianshipFactory(
        student=world.own_student, guardian=guardian, sensitivity=Sensitivity.RESTRICTED
    )
    f.GuardianshipFactory(
        student=world.own_student,
        guardian=f.GuardianFactory(given_name="Open", family_name="Contact"),
    )
    return "Restricted Contact"


@pytest.mark.parametrize("role", OFFICE)
def test_the_office_sees_a_restricted_contact_and_is_told_it_is_restricted(
    world: World, restricted: str, role: str
) -> None:
    names = [c.guardian.display_name for c in _view(world, role, world.own_student.pk).contacts()]
    assert restricted in names
    assert "Open Contact" in names
    html = world.client(role).get(reverse("people:student", args=[world.own_student.pk]))
    assert restricted in html.content.decode()
    assert "office only" in html.content.decode()


@pytest.mark.parametrize("role", NOT_OFFICE)
def test_other_staff_see_the_open_contacts_but_not_the_restricted_one(
    world: World, restricted: str, role: str
) -> None:
    names = [c.guardian.display_name for c in _view(world, role, world.own_student.pk).contacts()]
    assert names
    assert "Open Contact" in names
    assert restricted not in names
    html = world.client(role).get(reverse("people:student", args=[world.own_student.pk]))
    assert "Open Contact" in html.content.decode()
    assert restricted not in html.content.decode()


def test_a_guardian_does_not_see_another_contact_s_restricted_record(world: World) -> None:
    guardian = f.GuardianFactory(given_name="Hidden", family_name="Person")
    f.GuardianshipFactory(
        student=world.child, guardian=guardian, sensitivity=Sensitivity.RESTRICTED
    )
    names = [c.guardian.display_name for c in _view(world, "guardian", world.child.pk).contacts()]
    assert names
    assert "Hidden Person" not in names
