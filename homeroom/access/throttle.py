"""Sign-in throttling: an address that sprays, and a backoff per username and address.

django-axes (settings ``AXES_*``) locks an *address* after ``AXES_FAILURE_LIMIT`` wrong
passwords within the cool-off, whatever usernames they named: password spraying. It
never locks a username by itself, so nobody can lock a user out from elsewhere.

This module adds a backoff per *username and address*: after a few failures the next
try from that address must wait, 1 minute and doubling with each further failure up
to an hour, counted over a day and since the user's last sign-in from there. Addresses
the user has signed in from before (axes' access log) get more free tries than new
ones. A successful sign-in from an address starts its count again.

A school's staff often share one public address. So that a stranger behind it (a
student on the school's network) cannot lock every colleague out by spraying, the
address lock applies to usernames that have never signed in from that address; a
user who has is counted on their own (username and address, with the backoff above).
See :func:`lockout_parameters`.
"""

from __future__ import annotations

import datetime
from typing import Any

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_client_username
from axes.models import AccessFailureLog, AccessLog
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max
from django.http import HttpRequest
from django.utils import timezone

FREE_TRIES_NEW_ADDRESS = 5
FREE_TRIES_KNOWN_ADDRESS = 10
FIRST_WAIT = datetime.timedelta(minutes=1)
LONGEST_WAIT = datetime.timedelta(hours=1)
WINDOW = datetime.timedelta(hours=24)


def backoff_wait(*, username: str, ip_address: str | None) -> datetime.timedelta:
    """How long ``username`` must still wait before trying again from this address."""
    now = timezone.now()
    last_success = AccessLog.objects.filter(username=username, ip_address=ip_address).aggregate(
        at=Max("attempt_time")
    )["at"]
    free = FREE_TRIES_NEW_ADDRESS if last_success is None else FREE_TRIES_KNOWN_ADDRESS
    since = max(now - WINDOW, last_success or now - WINDOW)
    failures = AccessFailureLog.objects.filter(
        username=username, ip_address=ip_address, attempt_time__gt=since
    ).aggregate(count=Count("id"), last=Max("attempt_time"))
    over = failures["count"] - free
    if over < 0:
        return datetime.timedelta(0)
    wait = min(FIRST_WAIT * 2**over, LONGEST_WAIT)
    return max(failures["last"] + wait - now, datetime.timedelta(0))


def _known_pair(request_or_attempt: Any, credentials: dict[str, Any] | None) -> bool:
    if isinstance(request_or_attempt, HttpRequest):
        username = get_client_username(request_or_attempt, credentials)
        ip_address = getattr(request_or_attempt, "axes_ip_address", None)
    else:  # an axes attempt record
        username = getattr(request_or_attempt, "username", None)
        ip_address = getattr(request_or_attempt, "ip_address", None)
    if not username or not ip_address:
        return False
    return AccessLog.objects.filter(username=username, ip_address=ip_address).exists()


def lockout_parameters(
    request_or_attempt: Any, credentials: dict[str, Any] | None = None
) -> list[str | list[str]]:
    """What axes counts failures by (``AXES_LOCKOUT_PARAMETERS``).

    A username that has signed in from this address before is counted by username and
    address, so other people's failures from a shared address never lock it out; any
    other try is counted by address alone, across usernames (spraying).
    """
    if _known_pair(request_or_attempt, credentials):
        return [["username", "ip_address"]]
    return ["ip_address"]


class LoginBackoffBackend:
    """Refuses a username from an address while it backs off (axes answers 429).

    Listed after ``AxesStandaloneBackend`` and before the backend that checks the
    password, so a refused try never reaches the password and is not counted again.
    It has no ``get_user``: it never signs anyone in (and ``force_login`` skips it).
    """

    def authenticate(
        self, request: HttpRequest | None, username: str | None = None, **kwargs: Any
    ) -> None:
        if request is None or not username or not settings.AXES_ENABLED:
            return None
        AxesProxyHandler.update_request(request)
        ip_address = getattr(request, "axes_ip_address", None)
        if backoff_wait(username=username, ip_address=ip_address) > datetime.timedelta(0):
            request.axes_locked_out = True  # type: ignore[attr-defined]
            raise PermissionDenied
        return None
