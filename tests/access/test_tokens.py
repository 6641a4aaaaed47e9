"""API tokens: expiry, scopes enforced in one place, revocation, and who may issue them."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client, override_settings
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from homeroom.access.models import ApiToken
from homeroom.access.services import token_create
from homeroom.lib.errors import RuleError
from tests.access.test_authorization_matrix import OPERATIONS, _api_call
from tests.conftest import World

WRITES = sorted(op for op in OPERATIONS if not op.startswith("GET "))


def _bearer(secret: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def _token(secret: str) -> ApiToken:
    return ApiToken.objects.get(prefix=secret[:12])


def _last_line(capsys: pytest.CaptureFixture[str]) -> str:
    return capsys.readouterr().out.strip().splitlines()[-1]


def test_a_new_token_expires_after_90_days_and_may_read_and_write(world: World) -> None:
    before = timezone.now()
    token = _token(token_create(user=world.users["registrar"]))
    assert sorted(token.scopes) == ["read", "write"]
    assert before + dt.timedelta(days=90) <= token.expires_at
    assert token.expires_at <= timezone.now() + dt.timedelta(days=90)


@pytest.mark.parametrize("days", [0, 366, -5])
def test_a_token_lasts_1_to_365_days(world: World, days: int) -> None:
    with pytest.raises(RuleError):
        token_create(user=world.users["registrar"], days=days)


def test_a_token_needs_a_scope(world: World) -> None:
    with pytest.raises(RuleError):
        token_create(user=world.users["registrar"], scopes=[])


def test_an_expired_token_is_nobody(world: World) -> None:
    secret = token_create(user=world.users["teacher"], days=1)
    assert Client().get("/api/v1/schools", **_bearer(secret)).status_code == 200
    ApiToken.objects.filter(prefix=secret[:12]).update(
        expires_at=timezone.now() - dt.timedelta(seconds=1)
    )
    response = Client().get("/api/v1/schools", **_bearer(secret))
    assert response.status_code == 401


def test_a_revoked_token_is_nobody(world: World) -> None:
    secret = token_create(user=world.users["teacher"])
    call_command("token", "revoke", secret[:12])
    assert Client().get("/api/v1/schools", **_bearer(secret)).status_code == 401


@pytest.mark.parametrize("op", WRITES)
def test_a_read_only_token_is_refused_every_write_operation(world: World, op: str) -> None:
    """Checked for every non-GET operation of the API, so a new one is covered too."""
    world.tokens["district_admin"] = token_create(
        user=world.users["district_admin"], scopes=["read"]
    )
    before = ApiToken.objects.count()
    response = _api_call(op)(Client(), world, "district_admin", "own")
    assert response.status_code == 403, op
    assert ApiToken.objects.count() == before


def test_a_read_only_token_still_reads(world: World) -> None:
    secret = token_create(user=world.users["district_admin"], scopes=["read"])
    response = Client().get(f"/api/v1/students/{world.own_student.pk}", **_bearer(secret))
    assert response.status_code == 200


def test_a_write_scoped_token_may_write(world: World) -> None:
    secret = token_create(user=world.users["registrar"], scopes=["read", "write"])
    response = Client().patch(
        f"/api/v1/students/{world.own_student.pk}",
        data=json.dumps({"preferred_given_name": "Mx"}),
        content_type="application/json",
        **_bearer(secret),
    )
    assert response.status_code == 200


def test_command_creates_a_read_only_token_for_given_days(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    call_command("token", "create", "teacher-user", "--scope", "read", "--days", "7")
    token = _token(_last_line(capsys))
    assert token.scopes == ["read"]
    assert token.expires_at - token.created_at == pytest.approx(
        dt.timedelta(days=7), abs=dt.timedelta(seconds=5)
    )


def test_command_refuses_more_than_365_days(world: World) -> None:
    with pytest.raises(CommandError, match="365"):
        call_command("token", "create", "teacher-user", "--days", "400")


def test_command_lists_tokens_without_their_secrets(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    secret = token_create(user=world.users["teacher"], name="gradebook", scopes=["read"])
    token_create(user=world.users["nurse"], name="clinic")
    capsys.readouterr()
    call_command("token", "list", "teacher-user")
    out = capsys.readouterr().out
    assert secret[:12] in out
    assert "gradebook" in out
    assert "read" in out
    assert secret not in out
    assert "clinic" not in out


def test_command_revokes_every_token_of_a_user(world: World) -> None:
    mine = [token_create(user=world.users["teacher"]) for _ in range(2)]
    theirs = token_create(user=world.users["nurse"])
    call_command("token", "revoke", "--all-for", "teacher-user")
    for secret in mine:
        assert Client().get("/api/v1/schools", **_bearer(secret)).status_code == 401
    assert Client().get("/api/v1/schools", **_bearer(theirs)).status_code == 200


def test_staff_page_creates_a_token_shown_once_and_revokes_it(world: World) -> None:
    client = world.client("counselor")
    page = client.post(
        "/account/tokens/",
        {"action": "create", "name": "script", "scopes": ["read"], "days": "30"},
    )
    assert page.status_code == 200
    token = ApiToken.objects.get(user=world.users["counselor"])
    secret = page.context["secret"]
    assert secret.startswith(token.prefix)
    assert token.scopes == ["read"]
    assert Client().get("/api/v1/schools", **_bearer(secret)).status_code == 200
    listing = client.get("/account/tokens/").content.decode()
    assert token.prefix in listing
    assert secret not in listing
    client.post("/account/tokens/", {"action": "revoke", "token": token.pk})
    assert Client().get("/api/v1/schools", **_bearer(secret)).status_code == 401


def test_staff_page_cannot_revoke_someone_elses_token(world: World) -> None:
    secret = token_create(user=world.users["nurse"])
    world.client("counselor").post(
        "/account/tokens/", {"action": "revoke", "token": _token(secret).pk}
    )
    assert Client().get("/api/v1/schools", **_bearer(secret)).status_code == 200


@override_settings(HOMEROOM_REQUIRE_MFA=True)
def test_staff_page_needs_an_mfa_verified_session(world: World) -> None:
    client = world.client("counselor")
    unverified = client.post("/account/tokens/", {"action": "create", "scopes": ["read"]})
    assert unverified.status_code == 302
    assert not ApiToken.objects.exists()
    device = TOTPDevice.objects.create(user=world.users["counselor"], confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    verified = client.post(
        "/account/tokens/", {"action": "create", "scopes": ["read"], "days": "30"}
    )
    assert verified.status_code == 200
    assert ApiToken.objects.filter(user=world.users["counselor"]).count() == 1
