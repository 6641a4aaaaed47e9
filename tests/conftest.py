"""Shared fixtures: a small district with two schools and a user in every role."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

import pytest
from django.test import Client

from homeroom.access.models import User
from homeroom.access.services import token_create
from homeroom.districts.models import School
from homeroom.people.models import Student
from tests import factories as f


@dataclass
class World:
    """School A (own) and school B (other), with one user per role at school A."""

    own: School
    other: School
    users: dict[str, User]
    own_student: Student
    other_student: Student
    child: Student
    tokens: dict[str, str] = field(default_factory=dict)

    def client(self, role: str) -> Client:
        client = Client()
        client.force_login(self.users[role])
        return client

    def token(self, role: str) -> str:
        if role not in self.tokens:
            self.tokens[role] = token_create(user=self.users[role])
        return self.tokens[role]

    def api(self, role: str) -> dict[str, Any]:
        return {"HTTP_AUTHORIZATION": f"Bearer {self.token(role)}"}


ROLES = (
    "district_admin",
    "school_admin",
    "registrar",
    "counselor",
    "nurse",
    "teacher",
    "guardian",
    "student",
)


def build_world() -> World:
    own = f.SchoolFactory(name="Own High", code="1111111")
    other = f.SchoolFactory(name="Other High", code="2222222", district=own.district)
    own_student = f.StudentFactory(given_name="Ana", family_name="Own")
    other_student = f.StudentFactory(given_name="Bo", family_name="Other")
    child = f.StudentFactory(given_name="Cy", family_name="Child")
    for s in (own_student, child):
        f.EnrollmentFactory(student=s, school=own)
    f.EnrollmentFactory(student=other_student, school=other)
    users: dict[str, User] = {}
    for role in ROLES:
        user = f.UserFactory(username=f"{role}-user")
        users[role] = user
        if role == "district_admin" or role in ("guardian", "student"):
            f.RoleFactory(user=user, role=role, school=None)
        else:
            f.RoleFactory(user=user, role=role, school=own)
    section = f.SectionFactory(course=f.CourseFactory(school=own), teacher=users["teacher"])
    f.RosterFactory(section=section, student=own_student)
    f.RosterFactory(section=section, student=child)
    f.CaseloadFactory(counselor=users["counselor"], student=own_student)
    f.CaseloadFactory(counselor=users["counselor"], student=child)
    # A fixed name: a random one (Faker's "Nguyen", "Garcia") would match name searches.
    guardian = f.GuardianFactory(user=users["guardian"], given_name="Gwen", family_name="Keeper")
    f.GuardianshipFactory(student=child, guardian=guardian)
    child.user = users["student"]
    child.save()
    return World(own, other, users, own_student, other_student, child)


@pytest.fixture
def world(db: None) -> World:
    return build_world()


# The instant every one-time code is made and checked at (2026-09-21 UTC).
OTP_INSTANT = 1_790_000_000.0


@pytest.fixture(autouse=True)
def _otp_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """One-time codes are computed by the tests and checked by the device at one fixed
    instant, so a slow machine cannot carry a code into the next 30-second step."""
    from django_otp import oath
    from django_otp.plugins.otp_totp import models as totp_models

    monkeypatch.setattr(oath, "time", lambda: OTP_INSTANT)
    monkeypatch.setattr(totp_models, "time", SimpleNamespace(time=lambda: OTP_INSTANT))


@pytest.fixture(autouse=True)
def _site_language() -> Iterator[None]:
    """Each test starts in the site's default language: a request served in Spanish
    (a guardian's portal, a family's pages) leaves its language active on the thread."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


def pytest_configure(config: pytest.Config) -> None:
    from django.conf import settings

    # Hashing real passwords dominates test time; the hasher is not what tests check.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
