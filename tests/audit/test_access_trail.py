"""Who may see student data is audited too: users, role grants, API tokens, authenticators
and pre-registrations, with secrets shown only as set or changed."""

from __future__ import annotations

import json
import re

import pytest
from django.contrib.auth.signals import user_logged_in
from django.core import mail
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from homeroom.access.models import ApiToken, RoleAssignment, User, hash_token
from homeroom.access.services import role_grant, token_create, token_revoke, token_user
from homeroom.audit.context import Actor, acting_as
from homeroom.audit.models import AuditEvent
from homeroom.enrollment.models import PreRegistration
from tests import factories as f
from tests.conftest import World

ADMIN = Actor(user_id=None, label="admin-ann", ip_address="10.1.2.3", via="web")


def events(model: str, object_id: object = None) -> list[AuditEvent]:
    rows = AuditEvent.objects.filter(model=model).order_by("id")
    if object_id is not None:
        rows = rows.filter(object_id=str(object_id))
    return list(rows)


def trail_text() -> str:
    """Every event's changes, as stored, in one string."""
    return json.dumps([e.changes for e in AuditEvent.objects.all()])


@pytest.mark.django_db
def test_granting_and_revoking_district_administrator_are_recorded() -> None:
    user = f.UserFactory(username="newboss")
    with acting_as(ADMIN):
        role_grant(user=user, role="district_admin")
    grant = RoleAssignment.objects.get(user=user)
    (created,) = events("access.roleassignment", grant.pk)
    assert (created.action, created.actor_label, created.ip_address) == (
        "create",
        "admin-ann",
        "10.1.2.3",
    )
    assert created.changes["user_id"] == [None, user.pk]
    assert created.changes["role"] == [None, "district_admin"]
    assert "school_id" not in created.changes  # no school: the grant is district-wide

    with acting_as(ADMIN):
        user.roles.filter(role="district_admin").delete()
    deleted = events("access.roleassignment", grant.pk)[-1]
    assert (deleted.action, deleted.actor_label) == ("delete", "admin-ann")
    assert deleted.changes["user_id"] == [user.pk, None]
    assert deleted.changes["role"] == ["district_admin", None]


@pytest.mark.django_db
def test_a_school_role_grant_names_the_school_and_a_repeat_grant_records_nothing() -> None:
    user, school = f.UserFactory(), f.SchoolFactory()
    role_grant(user=user, role="registrar", school=school)
    role_grant(user=user, role="registrar", school=school)
    (created,) = events("access.roleassignment")
    assert created.changes["school_id"] == [None, school.pk]
    assert created.changes["role"] == [None, "registrar"]


@pytest.mark.django_db
def test_user_changes_are_recorded_but_the_password_hash_never_is() -> None:
    with acting_as(ADMIN):
        user = User.objects.create_user(username="pat", password="first-Secret-9")
        first_hash = user.password
        user.set_password("second-Secret-9")
        user.is_staff = True
        user.save()
    created, updated = events("access.user", user.pk)
    assert created.changes["username"] == [None, "pat"]
    assert created.changes["password"] == [None, "(set)"]
    assert updated.changes == {"password": ["(set)", "(changed)"], "is_staff": [False, True]}
    assert first_hash not in trail_text()
    assert user.password not in trail_text()


@pytest.mark.django_db
def test_signing_in_records_no_event() -> None:
    user = f.UserFactory()
    before = AuditEvent.objects.count()
    user_logged_in.send(sender=User, request=RequestFactory().get("/"), user=user)
    user.refresh_from_db()
    assert user.last_login is not None
    assert AuditEvent.objects.count() == before


@pytest.mark.django_db
def test_token_issue_and_revoke_are_recorded_without_the_secret_or_its_digest() -> None:
    user = f.UserFactory()
    with acting_as(ADMIN):
        secret = token_create(user=user, name="sis export")
    token = ApiToken.objects.get(user=user)
    assert token_user(secret) == user  # use stamps last_used_at: not an event
    with acting_as(ADMIN):
        token_revoke(token=token)
    created, revoked = events("access.apitoken", token.pk)
    assert created.changes["digest"] == [None, "(set)"]
    assert created.changes["name"] == [None, "sis export"]
    assert created.changes["user_id"] == [None, user.pk]
    assert revoked.action == "update"
    assert list(revoked.changes) == ["revoked_at"]
    assert revoked.actor_label == "admin-ann"
    assert secret not in trail_text()
    assert hash_token(secret) not in trail_text()


@pytest.mark.django_db
def test_authenticator_enrolment_is_recorded_without_its_key_and_use_is_not() -> None:
    user = f.UserFactory()
    device = TOTPDevice.objects.create(user=user, name="default", confirmed=False)
    device.confirmed = True
    device.save()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    assert device.verify_token(totp.token())
    created, confirmed = events("otp_totp.totpdevice", device.pk)
    assert created.changes["key"] == [None, "(set)"]
    assert confirmed.changes == {"confirmed": [False, True]}
    assert device.key not in trail_text()


def test_pre_registration_steps_are_recorded_for_the_family_and_the_registrar(
    world: World,
) -> None:
    family = Client(REMOTE_ADDR="198.51.100.7")
    family.post(reverse("enrollment:family_start"), {"email": "familia@example.org", "phone": ""})
    code = re.search(r"\b(\d{6})\b", mail.outbox[-1].body).group(1)  # type: ignore[union-attr]
    wrong = "000000" if code != "000000" else "111111"
    family.post(reverse("enrollment:family_code"), {"code": wrong})
    family.post(reverse("enrollment:family_code"), {"code": code})
    details = {
        "given_name": "Mateo", "family_name": "Ñúñez", "birth_date": "2012-02-02",
        "school": world.own.pk, "grade_level": "9", "guardian_given_name": "Lucía",
        "guardian_family_name": "Ñúñez", "guardian_relationship": "mother",
        "guardian_phone": "(323) 555-0199", "guardian_email": "", "address": "12 Main St",
    }  # fmt: skip
    family.post(reverse("enrollment:family_details"), details)
    p = PreRegistration.objects.get()
    registrar = world.client("registrar")
    registrar.post(
        reverse("enrollment:prereg", args=[p.public_id]),
        {"proof_of_address": "on", "entry_date": timezone.localdate().isoformat()},
    )
    p.refresh_from_db()
    assert p.status == "completed"

    trail = events("enrollment.preregistration", p.pk)
    by_family, by_registrar = trail[:-1], trail[-1]
    assert [e.action for e in trail] == ["create", "update", "update", "update", "update"]
    assert {(e.actor_label, e.ip_address, e.via) for e in by_family} == {
        ("anonymous", "198.51.100.7", "web")
    }
    started, tried, verified, submitted = (e.changes for e in by_family)
    assert started["code_digest"] == [None, "(set)"]
    assert started["contact_email"] == [None, "familia@example.org"]
    assert tried == {"failed_attempts": [0, 1]}
    assert verified["status"] == ["started", "verified"]
    assert submitted["status"] == ["verified", "submitted"]
    assert submitted["child"][1]["given_name"] == "Mateo"
    assert by_registrar.actor_id == world.users["registrar"].pk
    assert by_registrar.changes["status"] == ["submitted", "completed"]
    assert by_registrar.changes["student_id"] == [None, p.student_id]
    assert p.code_digest not in trail_text()
