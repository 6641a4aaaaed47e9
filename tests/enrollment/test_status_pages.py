"""The pages that say what state a pre-registration is in (the templates compare statuses)."""

from __future__ import annotations

import datetime as dt

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from homeroom.enrollment.models import PreRegistration, PreRegistrationStatus
from tests.conftest import World
from tests.enrollment.test_views import family_registers


def _completed(world: World, family: Client) -> PreRegistration:
    p = family_registers(world, family)
    PreRegistration.objects.filter(pk=p.pk).update(
        status=PreRegistrationStatus.COMPLETED, student=world.child
    )
    return p


def test_the_office_sees_a_completed_pre_registration_with_a_link_to_the_student(
    world: World,
) -> None:
    p = _completed(world, Client())
    url = reverse("enrollment:prereg", args=[p.public_id])
    html = world.client("registrar").get(url).content.decode()
    assert reverse("people:student", args=[world.child.pk]) in html
    assert "nothing to complete" not in html


def test_a_cancelled_pre_registration_says_so_to_the_office(world: World) -> None:
    p = family_registers(world, Client())
    PreRegistration.objects.filter(pk=p.pk).update(status=PreRegistrationStatus.CANCELLED)
    url = reverse("enrollment:prereg", args=[p.public_id])
    html = world.client("registrar").get(url).content.decode()
    assert "This pre-registration is cancelled; there is nothing to complete." in html


def test_the_family_is_told_their_child_is_already_enrolled(world: World) -> None:
    family = Client()
    _completed(world, family)
    html = family.get(reverse("enrollment:family_code")).content.decode()
    assert "already enrolled your child" in html


def test_the_family_is_told_the_code_failed_too_often(world: World) -> None:
    family = Client()
    p = family_registers(world, family)
    PreRegistration.objects.filter(pk=p.pk).update(status=PreRegistrationStatus.CANCELLED)
    html = family.get(reverse("enrollment:family_code")).content.decode()
    assert "entered wrongly too many times" in html


def test_stale_pre_registrations_say_whether_the_code_was_verified(world: World) -> None:
    Client().post(reverse("enrollment:family_start"), {"email": "late@example.org"})
    day_ago = timezone.now() - dt.timedelta(days=2)
    PreRegistration.objects.update(created_at=day_ago)
    admin = world.client("district_admin")
    assert "code sent" in admin.get(reverse("enrollment:prereg_list")).content.decode()
    PreRegistration.objects.update(status=PreRegistrationStatus.VERIFIED)
    assert "code verified" in admin.get(reverse("enrollment:prereg_list")).content.decode()
