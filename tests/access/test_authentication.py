"""Passwords, throttling, multi-factor login for staff, tokens, production checks."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client, override_settings
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests import factories as f
from tests.conftest import World

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("password", ["short1!", "password123", "12345678901", "qwertyuiop"])
def test_weak_passwords_are_refused(password: str) -> None:
    with pytest.raises(ValidationError):
        validate_password(password)


def test_long_uncommon_password_is_accepted() -> None:
    validate_password("lantern-orchard-1987")


def test_login_with_wrong_password_is_throttled(world: World) -> None:
    client = Client()
    user = world.users["teacher"]
    for _ in range(5):
        client.post("/login/", {"username": user.username, "password": "wrong-password"})
    locked = client.post("/login/", {"username": user.username, "password": f.PASSWORD})
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session


def test_correct_login_reaches_dashboard(world: World) -> None:
    client = Client()
    response = client.post(
        "/login/", {"username": "teacher-user", "password": f.PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/dashboard/"


def _enrolment_path(username: str) -> str:
    """The path of a fresh enrolment link, as `homeroom mfa link` prints it."""
    out = io.StringIO()
    call_command("mfa", "link", username, stdout=out)
    return urlsplit(out.getvalue().strip().splitlines()[-1]).path


@override_settings(HOMEROOM_REQUIRE_MFA=True)
def test_staff_must_pass_totp_when_mfa_is_required(world: World) -> None:
    client = Client()
    client.post("/login/", {"username": "nurse-user", "password": f.PASSWORD})
    assert client.get("/dashboard/")["Location"] == "/mfa/"
    assert client.get(f"/students/{world.child.pk}/").status_code == 302
    link = _enrolment_path("nurse-user")
    page = client.get(link)
    assert page.status_code == 200
    device = TOTPDevice.objects.get(user=world.users["nurse"])
    assert not device.confirmed
    code = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
    assert client.post(link, {"otp_token": code})["Location"] == "/dashboard/"
    assert client.get("/dashboard/").status_code == 200
    device.refresh_from_db()
    assert device.confirmed


@override_settings(HOMEROOM_REQUIRE_MFA=True)
def test_wrong_totp_code_keeps_staff_out(world: World) -> None:
    client = Client()
    client.post("/login/", {"username": "nurse-user", "password": f.PASSWORD})
    link = _enrolment_path("nurse-user")
    client.get(link)
    device = TOTPDevice.objects.get(user=world.users["nurse"])
    good = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    wrong = client.post(link, {"otp_token": f"{(good + 1) % 1_000_000:06d}"})
    assert wrong.status_code == 200
    assert "not right" in wrong.content.decode()
    assert client.get("/dashboard/")["Location"] == "/mfa/"
    device.refresh_from_db()
    assert not device.confirmed


@override_settings(HOMEROOM_REQUIRE_MFA=True)
def test_guardians_are_not_asked_for_a_second_factor(world: World) -> None:
    client = Client()
    client.post("/login/", {"username": "guardian-user", "password": f.PASSWORD})
    assert client.get("/dashboard/").status_code == 200


def test_session_cookie_is_http_only(world: World) -> None:
    client = Client()
    response = client.post("/login/", {"username": "teacher-user", "password": f.PASSWORD})
    cookie = response.cookies["sessionid"]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"


def test_token_command_prints_a_working_token_on_its_last_line(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    call_command("token", "create", "teacher-user")
    token = capsys.readouterr().out.strip().splitlines()[-1]
    response = Client().get("/api/v1/schools", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200
    assert [s["code"] for s in response.json()["items"]] == [world.own.code]


def test_disabled_user_token_stops_working(world: World) -> None:
    headers = world.api("teacher")
    user = world.users["teacher"]
    user.is_active = False
    user.save()
    assert Client().get("/api/v1/schools", **headers).status_code == 401


def _production_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        HOMEROOM_ENV="production",
        ALLOWED_HOSTS="sis.example.org",
        SECRET_KEY="k" * 20 + "-production-secret-for-the-check-only-0123456789",
        EMAIL_HOST="smtp.example.org",
    )
    env.update(extra)
    return env


def test_deploy_check_is_clean_with_production_settings() -> None:
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=_production_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr + result.stdout


def test_production_refuses_to_start_without_mfa() -> None:
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=_production_env(HOMEROOM_REQUIRE_MFA="false"),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "multi-factor" in result.stderr
