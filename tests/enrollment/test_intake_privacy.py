"""Intake shows only what the duplicate check needs: masked phones, initials out of scope."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from homeroom.audit.models import Disclosure
from homeroom.enrollment.intake import Criteria, intake_search
from homeroom.lib.masking import initials, mask_phone
from tests import factories as f
from tests.conftest import World


def _child(world: World, school: Any, given: str, guardian: tuple[str, str], phone: str) -> Any:
    s = f.StudentFactory(given_name=given, family_name="Nguyễn")
    f.EnrollmentFactory(student=s, school=school)
    g = f.GuardianFactory(given_name=guardian[0], family_name=guardian[1], phone=phone)
    f.GuardianshipFactory(student=s, guardian=g)
    return s


@pytest.fixture
def families(world: World) -> tuple[Any, Any]:
    elsewhere = _child(world, world.other, "Siobhán", ("Mạnh", "Nguyễn"), "(213) 555-0142")
    mine = _child(world, world.own, "Hoa", ("Lan", "Nguyễn"), "(213) 555-0199")
    return elsewhere, mine


def test_intake_page_masks_guardian_phones(world: World, families: tuple[Any, Any]) -> None:
    response = world.client("registrar").get(reverse("enrollment:intake"), {"phone": "555 0142"})
    html = response.content.decode()
    assert "guardian phone •••-•••-0142" in html
    assert "555-0142" not in html
    assert "(213)" not in html


def test_intake_names_guardians_outside_the_registrars_scope_by_initials(
    world: World, families: tuple[Any, Any]
) -> None:
    elsewhere, mine = families
    response = world.client("registrar").get(reverse("enrollment:intake"), {"guardian": "nguyen"})
    reasons = {m.student.pk: m.reasons for m in response.context["matches"]}
    assert "guardian M. N." in reasons[elsewhere.pk]
    assert "guardian Lan Nguyễn" in reasons[mine.pk]
    assert "Mạnh" not in response.content.decode()


def test_a_district_administrator_sees_every_guardians_name(
    world: World, families: tuple[Any, Any]
) -> None:
    elsewhere, _mine = families
    user = world.users["district_admin"]
    found = intake_search(user=user, criteria=Criteria(guardian="manh", phone="2135550142"))
    assert found[0].student == elsewhere
    assert {"guardian Mạnh Nguyễn", "guardian phone •••-•••-0142"} <= set(found[0].reasons)
    row = Disclosure.objects.get(purpose="intake: duplicate check")
    assert row.aspects == ["contacts", "enrollment", "identity"]


def test_masking_helpers() -> None:
    assert mask_phone("+1 (213) 555-0142") == "•••-•••-0142"
    assert mask_phone("") == ""
    assert initials("Mạnh", "", " Nguyễn ") == "M. N."
