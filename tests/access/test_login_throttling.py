"""Sign-in throttling through the login page: spraying locks an address; a stranger's
wrong passwords make only the stranger wait, and never lock the user out elsewhere."""

from __future__ import annotations

import datetime as dt

from axes.models import AccessAttempt, AccessFailureLog
from django.db.models import F
from django.test import Client

from tests import factories as f
from tests.conftest import World

HOME = "10.0.0.7"
STRANGER = "203.0.113.9"


def _login(username: str, password: str, address: str) -> int:
    response = Client(REMOTE_ADDR=address).post(
        "/login/", {"username": username, "password": password}
    )
    return response.status_code


def _later(minutes: float) -> None:
    """As if ``minutes`` passed: every recorded failure moves that far into the past."""
    shift = dt.timedelta(minutes=minutes)
    AccessFailureLog.objects.update(attempt_time=F("attempt_time") - shift)
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - shift)


def test_spraying_many_usernames_from_one_address_locks_that_address(world: World) -> None:
    answers = [_login(f"someone-{i}", "Winter2026!", STRANGER) for i in range(20)]
    assert answers == [200] * 19 + [429]
    assert _login("teacher-user", f.PASSWORD, STRANGER) == 429
    assert _login("teacher-user", f.PASSWORD, HOME) == 302


def test_spraying_from_a_shared_address_does_not_lock_out_its_known_users(world: World) -> None:
    """A school's staff share an address: a stranger there cannot lock them all out."""
    assert _login("teacher-user", f.PASSWORD, STRANGER) == 302  # signs in from school
    assert _login("nurse-user", f.PASSWORD, STRANGER) == 302
    answers = [_login(f"someone-{i}", "Winter2026!", STRANGER) for i in range(25)]
    assert answers[-1] == 429  # the spraying itself is stopped
    assert _login("registrar-user", f.PASSWORD, STRANGER) == 429  # never signed in here
    assert _login("teacher-user", f.PASSWORD, STRANGER) == 302
    assert _login("nurse-user", f.PASSWORD, STRANGER) == 302


def test_a_known_user_at_a_shared_address_is_still_throttled_on_their_own(
    world: World,
) -> None:
    assert _login("teacher-user", f.PASSWORD, STRANGER) == 302
    answers = [_login("teacher-user", "wrong-password", STRANGER) for _ in range(12)]
    assert 429 in answers  # the per-user backoff at that address
    assert _login("teacher-user", f.PASSWORD, HOME) == 302  # never locked out elsewhere


def test_an_address_lock_ends_after_the_cool_off(world: World) -> None:
    for i in range(20):
        _login(f"someone-{i}", "Winter2026!", STRANGER)
    _later(16)
    assert _login("teacher-user", f.PASSWORD, STRANGER) == 302


def test_a_strangers_wrong_passwords_do_not_lock_the_user_out_at_home(world: World) -> None:
    assert _login("teacher-user", f.PASSWORD, HOME) == 302
    for _ in range(5):
        assert _login("teacher-user", "wrong-password", STRANGER) == 200
    assert _login("teacher-user", f.PASSWORD, STRANGER) == 429
    assert _login("teacher-user", f.PASSWORD, HOME) == 302


def test_the_wait_after_wrong_passwords_doubles(world: World) -> None:
    for _ in range(5):
        _login("teacher-user", "wrong-password", STRANGER)
    assert _login("teacher-user", f.PASSWORD, STRANGER) == 429
    _later(1.1)
    assert _login("teacher-user", "wrong-password", STRANGER) == 200
    _later(1.1)
    assert _login("teacher-user", f.PASSWORD, STRANGER) == 429
    _later(1)
    assert _login("teacher-user", f.PASSWORD, STRANGER) == 302


def test_a_refused_try_is_not_counted_again(world: World) -> None:
    for _ in range(5):
        _login("teacher-user", "wrong-password", STRANGER)
    for _ in range(3):
        assert _login("teacher-user", "wrong-password", STRANGER) == 429
    assert AccessFailureLog.objects.count() == 5


def test_a_known_address_gets_more_tries_than_a_new_one(world: World) -> None:
    assert _login("teacher-user", f.PASSWORD, HOME) == 302
    for _ in range(7):
        assert _login("teacher-user", "wrong-password", HOME) == 200
    assert _login("teacher-user", f.PASSWORD, HOME) == 302
