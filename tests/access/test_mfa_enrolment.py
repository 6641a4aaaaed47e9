"""Authenticator enrolment only through an administrator's single-use, expiring link."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.http import HttpResponse
from django.test import Client, override_settings
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from homeroom.access.models import MfaEnrolmentLink, hash_token
from tests import factories as f
from tests.conftest import World

pytestmark = pytest.mark.usefixtures("mfa_required")


@pytest.fixture
def mfa_required() -> Iterator[None]:
    with override_settings(HOMEROOM_REQUIRE_MFA=True):
        yield


def _link(username: str) -> str:
    out = io.StringIO()
    call_command("mfa", "link", username, stdout=out)
    return out.getvalue().strip().splitlines()[-1]


def _path(url: str) -> str:
    return urlsplit(url).path


def _signed_in(username: str) -> Client:
    client = Client()
    client.post("/login/", {"username": username, "password": f.PASSWORD})
    return client


def _code(device: TOTPDevice, drift: int = 0) -> str:
    """The device's code now (``drift`` 1: the next one, as a code may not be used twice)."""
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=drift)
    return f"{code:06d}"


def _enrol(client: Client, path: str, user: object) -> HttpResponse:
    """Open the link, read the key it shows, and post the current code."""
    client.get(path)
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    return client.post(path, {"otp_token": _code(device)})


def test_without_a_device_or_link_the_page_says_ask_an_administrator(world: World) -> None:
    client = _signed_in("nurse-user")
    page = client.get("/mfa/")
    assert page.status_code == 200
    assert "Ask an administrator" in page.content.decode()
    client.post("/mfa/", {"otp_token": "123456"})
    assert not TOTPDevice.objects.exists()
    assert client.get("/dashboard/")["Location"] == "/mfa/"


def test_the_link_is_printed_with_the_site_address_and_only_its_hash_is_stored(
    world: World,
) -> None:
    url = _link("nurse-user")
    assert url.startswith("http://127.0.0.1:8000/mfa/enrol/")
    secret = _path(url).rstrip("/").rsplit("/", 1)[-1]
    link = MfaEnrolmentLink.objects.get()
    assert link.digest == hash_token(secret)
    assert secret not in {link.digest, str(link.pk)}
    assert link.expires_at - link.created_at == pytest.approx(
        dt.timedelta(hours=72), abs=dt.timedelta(seconds=5)
    )


def test_a_link_enrols_once_then_the_code_verifies(world: World) -> None:
    path = _path(_link("nurse-user"))
    client = _signed_in("nurse-user")
    assert _enrol(client, path, world.users["nurse"])["Location"] == "/dashboard/"
    assert client.get("/dashboard/").status_code == 200
    assert client.get(path).status_code == 404
    device = TOTPDevice.objects.get(user=world.users["nurse"], confirmed=True)
    again = _signed_in("nurse-user")
    assert again.get("/mfa/").status_code == 200
    assert again.get("/dashboard/")["Location"] == "/mfa/"
    assert again.post("/mfa/", {"otp_token": _code(device, drift=1)})["Location"] == "/dashboard/"


def test_an_expired_link_is_refused(world: World) -> None:
    path = _path(_link("nurse-user"))
    MfaEnrolmentLink.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    client = _signed_in("nurse-user")
    assert client.get(path).status_code == 404
    assert not TOTPDevice.objects.exists()


def test_a_new_link_voids_the_older_one(world: World) -> None:
    old = _path(_link("nurse-user"))
    client = _signed_in("nurse-user")
    client.get(old)
    shown = TOTPDevice.objects.get(user=world.users["nurse"])
    new = _path(_link("nurse-user"))
    assert client.get(old).status_code == 404
    assert client.post(old, {"otp_token": _code(shown)}).status_code == 404
    assert not TOTPDevice.objects.filter(pk=shown.pk).exists()
    assert client.get(new).status_code == 200


def test_a_link_works_only_for_its_own_user(world: World) -> None:
    path = _path(_link("nurse-user"))
    stranger = _signed_in("teacher-user")
    assert stranger.get(path).status_code == 404
    assert not TOTPDevice.objects.exists()
    anonymous = Client().get(path)
    assert anonymous["Location"].startswith("/login/")


def test_a_link_replaces_a_lost_device(world: World) -> None:
    lost = TOTPDevice.objects.create(user=world.users["nurse"], name="old", confirmed=True)
    path = _path(_link("nurse-user"))
    client = _signed_in("nurse-user")
    assert _enrol(client, path, world.users["nurse"])["Location"] == "/dashboard/"
    assert not TOTPDevice.objects.filter(pk=lost.pk).exists()
    assert TOTPDevice.objects.filter(user=world.users["nurse"], confirmed=True).count() == 1


def test_reset_removes_devices_and_voids_links(world: World) -> None:
    TOTPDevice.objects.create(user=world.users["nurse"], name="default", confirmed=True)
    path = _path(_link("nurse-user"))
    call_command("mfa", "reset", "nurse-user", stdout=io.StringIO())
    assert not TOTPDevice.objects.filter(user=world.users["nurse"]).exists()
    client = _signed_in("nurse-user")
    assert client.get(path).status_code == 404
    assert "Ask an administrator" in client.get("/mfa/").content.decode()
