"""The client's address: ``X-Forwarded-For`` is believed only from a configured proxy."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.core import checks
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse

from homeroom.audit.context import client_ip
from homeroom.audit.models import AuditEvent, Disclosure
from tests.conftest import World

PROXY = "10.0.0.2"
CLIENT = "203.0.113.9"


def ip(remote: str | None, forwarded: str | None = None) -> str | None:
    meta = {}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    request = RequestFactory().get("/", **meta)
    if remote is None:
        del request.META["REMOTE_ADDR"]
    else:
        request.META["REMOTE_ADDR"] = remote
    return client_ip(request)


@pytest.mark.parametrize(
    ("trusted", "remote", "forwarded", "expected"),
    [
        # No proxy configured: the header is never read.
        ([], PROXY, CLIENT, PROXY),
        # The peer is not a configured proxy: whatever it claims is ignored.
        ([PROXY], "198.51.100.4", CLIENT, "198.51.100.4"),
        ([PROXY], "198.51.100.4", "garbage", "198.51.100.4"),
        # Behind the proxy: the address it saw.
        ([PROXY], PROXY, CLIENT, CLIENT),
        ([PROXY], PROXY, f" {CLIENT} ", CLIENT),
        # A client that sends its own header cannot choose its address: rightmost wins.
        ([PROXY], PROXY, f"1.1.1.1, {CLIENT}", CLIENT),
        ([PROXY], PROXY, f"{PROXY}, {CLIENT}", CLIENT),
        # Several proxies (a range): skip every trusted hop from the right.
        (["10.0.0.0/8"], PROXY, f"1.1.1.1, {CLIENT}, 10.9.8.7", CLIENT),
        # Only proxies in the chain: the farthest one.
        (["10.0.0.0/8"], PROXY, "10.0.0.7", "10.0.0.7"),
        # A malformed hop stops the walk at the last address a proxy vouched for.
        ([PROXY], PROXY, "garbage", PROXY),
        ([PROXY], PROXY, f"{CLIENT}, not-an-ip", PROXY),
        ([PROXY], PROXY, f"not-an-ip, {CLIENT}", CLIENT),
        ([PROXY], PROXY, f"{CLIENT}:443", PROXY),
        ([PROXY], PROXY, "", PROXY),
        ([PROXY], PROXY, None, PROXY),
        ([PROXY], PROXY, "fe80::1%eth0", PROXY),
        # IPv6.
        (["::1"], "::1", "2001:db8::7", "2001:db8::7"),
        (["2001:db8::/32"], "2001:db8::1", f"{CLIENT}, 2001:db8::2", CLIENT),
        # A dual-stack listener sees IPv4 peers as IPv4-mapped IPv6 addresses.
        ([PROXY], f"::ffff:{PROXY}", f"::ffff:{CLIENT}", CLIENT),
    ],
)
def test_client_address(
    trusted: list[str], remote: str, forwarded: str | None, expected: str
) -> None:
    with override_settings(HOMEROOM_TRUSTED_PROXIES=trusted):
        assert ip(remote, forwarded) == expected


def test_no_peer_address_is_none() -> None:
    with override_settings(HOMEROOM_TRUSTED_PROXIES=[PROXY]):
        assert ip(None, CLIENT) is None
        assert ip("", CLIENT) is None


def test_a_trusted_proxy_entry_that_is_not_an_address_fails_the_checks() -> None:
    with override_settings(HOMEROOM_TRUSTED_PROXIES=["10.0.0.0/8", "proxy.example.org"]):
        errors = [
            m for m in checks.run_checks(tags=[checks.Tags.security]) if m.id == "homeroom.E001"
        ]
    assert len(errors) == 1
    assert "proxy.example.org" in errors[0].msg


@override_settings(HOMEROOM_TRUSTED_PROXIES=["10.0.0.0/8"])
def test_rows_record_the_client_behind_the_proxy_not_the_proxy(world: World) -> None:
    behind = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": f"6.6.6.6, {CLIENT}"}
    family = Client(**behind)
    family.post(reverse("enrollment:family_start"), {"email": "familia@example.org", "phone": ""})
    event = AuditEvent.objects.get(model="enrollment.preregistration")
    assert event.ip_address == CLIENT

    nurse = world.client("nurse")
    assert nurse.get(f"/students/{world.child.pk}/", **behind).status_code == 200
    assert Disclosure.objects.get(student_id=world.child.pk, via="web").ip_address == CLIENT

    api = Client(**behind)
    url = f"/api/v1/students/{world.child.pk}"
    assert api.get(url, **world.api("registrar")).status_code == 200
    assert Disclosure.objects.get(student_id=world.child.pk, via="api").ip_address == CLIENT


@override_settings(HOMEROOM_TRUSTED_PROXIES=["10.0.0.0/8"])
def test_login_throttling_keys_on_the_client_behind_the_proxy(world: World) -> None:
    behind = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=CLIENT)
    behind.post(reverse("login"), {"username": "nurse-user", "password": "wrong"})
    attempt = AccessAttempt.objects.get(username="nurse-user")
    assert attempt.ip_address == CLIENT
