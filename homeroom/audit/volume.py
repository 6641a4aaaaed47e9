"""How many students each user has read lately: the per-user read limit and the alert.

Counted from the disclosure log itself, so the count is durable and shared by every
worker: the distinct students named by a user's granted disclosures in the last
``HOMEROOM_READ_WINDOW_SECONDS`` (index ``disclosure_actor_at``). Every read goes
through :func:`homeroom.audit.services.disclosure_record` or
``disclosure_record_many``, and both ask :func:`check` before the data is returned,
so profiles, searches, dashboards and reports all count against one limit.

The audit core knows no domain app: the limit for a user's roles and what to do on
unusual volume are hooks, installed at start-up by :mod:`homeroom.notices.alerts`.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeGuard

from django.conf import settings
from django.db.models import Count, Min, Q
from django.utils import timezone

from homeroom.audit.models import DisclosureStudent, Outcome

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.contrib.auth.models import AnonymousUser

MINUTE = dt.timedelta(minutes=1)


class ReadLimitExceeded(Exception):
    """The user has read more distinct students than their limit allows in the window."""

    def __init__(self, *, limit: int, window: dt.timedelta, retry_after: int) -> None:
        super().__init__(f"more than {limit} students read in {window}")
        self.limit = limit
        self.window = window
        self.retry_after = retry_after


@dataclass(frozen=True)
class Usage:
    """A user's reads in the window, counting the read being made."""

    user_id: int
    students: int
    reads_last_minute: int
    limit: int
    window: dt.timedelta
    oldest: dt.datetime | None


def window() -> dt.timedelta:
    return dt.timedelta(seconds=int(getattr(settings, "HOMEROOM_READ_WINDOW_SECONDS", 600)))


def default_limit(user: AbstractBaseUser) -> int:
    return int(getattr(settings, "HOMEROOM_READ_LIMIT", 1000))


# Hooks: the limit for a user, and who hears of unusual volume (see homeroom.notices.alerts).
limit_for: Callable[[AbstractBaseUser], int] = default_limit
on_unusual: list[Callable[[AbstractBaseUser, Usage], None]] = []


def install(
    *,
    limit: Callable[[AbstractBaseUser], int],
    unusual: Callable[[AbstractBaseUser, Usage], None],
) -> None:
    global limit_for
    limit_for = limit
    if unusual not in on_unusual:
        on_unusual.append(unusual)


def _usage(user: AbstractBaseUser, student_ids: Collection[int]) -> Usage:
    """One query: distinct students read in the window, and reads in the last minute."""
    now = timezone.now()
    span = window()
    named = DisclosureStudent.objects.filter(
        disclosure__actor_id=user.pk,
        disclosure__at__gte=now - span,
        disclosure__outcome=Outcome.GRANTED,
    )
    row = named.aggregate(
        students=Count("student_id", distinct=True),
        seen=Count("student_id", distinct=True, filter=Q(student_id__in=list(student_ids))),
        reads=Count("disclosure_id", distinct=True, filter=Q(disclosure__at__gte=now - MINUTE)),
        oldest=Min("disclosure__at"),
    )
    return Usage(
        user_id=user.pk,
        students=row["students"] + len(student_ids) - row["seen"],
        reads_last_minute=row["reads"] + 1,
        limit=limit_for(user),
        window=span,
        oldest=row["oldest"],
    )


def _retry_after(usage: Usage) -> int:
    """Seconds until the oldest read in the window leaves it (at least one)."""
    if usage.oldest is None:
        return int(usage.window.total_seconds())
    left = (usage.oldest + usage.window - timezone.now()).total_seconds()
    return max(1, math.ceil(left))


def counted(user: AbstractBaseUser | AnonymousUser | None) -> TypeGuard[AbstractBaseUser]:
    """Only signed-in users are limited (system jobs and commands are not)."""
    return (
        user is not None and bool(getattr(user, "is_authenticated", False)) and user.pk is not None
    )


def check(
    user: AbstractBaseUser | AnonymousUser | None, student_ids: Collection[int]
) -> Usage | None:
    """The user's usage with this read, or :class:`ReadLimitExceeded` past their limit."""
    if not counted(user) or not student_ids:
        return None
    usage = _usage(user, student_ids)
    if usage.students > usage.limit:
        raise ReadLimitExceeded(
            limit=usage.limit, window=usage.window, retry_after=_retry_after(usage)
        )
    return usage


def alert_share() -> float:
    return float(getattr(settings, "HOMEROOM_READ_ALERT_SHARE", 0.5))


def alert_reads_per_minute() -> int:
    return int(getattr(settings, "HOMEROOM_READ_ALERT_READS_PER_MINUTE", 60))


def unusual(usage: Usage) -> bool:
    """Past the alert share of the limit, or too many reads (searches, pages) in a minute."""
    return (
        usage.students >= math.ceil(usage.limit * alert_share())
        or usage.reads_last_minute >= alert_reads_per_minute()
    )


def watch(user: AbstractBaseUser | None, usage: Usage | None) -> None:
    """Tell the hooks about unusual volume (each hook sends at most one alert per window)."""
    if user is None or usage is None or not unusual(usage):
        return
    for hook in on_unusual:
        hook(user, usage)
