"""A settable clock, a simulated worker kill and a keyed POST for the idempotency tests."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any
from unittest import mock

from django.test import Client

from homeroom.enrollment import api as enrollment_api
from tests.conftest import World

T0 = dt.datetime(2026, 8, 12, 16, 0, tzinfo=dt.UTC)
PATH = "/api/v1/students"


class Clock:
    """``django.utils.timezone.now`` answers ``now`` while the fixture is active."""

    def __init__(self) -> None:
        self.now = T0

    def at(self, **delta: float) -> None:
        self.now = T0 + dt.timedelta(**delta)


@contextmanager
def frozen() -> Iterator[Clock]:
    c = Clock()

    def now() -> dt.datetime:
        return c.now

    with mock.patch("django.utils.timezone.now", new=now):
        yield c


class WorkerKilled(BaseException):
    """Stands for ``kill -9``: nothing after it runs, the open transaction is lost."""


def body(world: World, given_name: str = "Kim") -> dict[str, Any]:
    return {
        "given_name": given_name,
        "family_name": "Retry",
        "birth_date": "2011-02-03",
        "school": world.own.code,
        "grade_level": "9",
        "entry_date": "2026-08-12",
    }


def post(world: World, key: str, data: dict[str, Any], client: Client | None = None) -> Any:
    return (client or Client()).post(
        PATH,
        data=json.dumps(data),
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY=key,
        **world.api("registrar"),
    )


real_student_admit = enrollment_api.student_admit


def _nothing() -> None:
    return None


def admitted_then(after: Callable[[], None], before: Callable[[], None] = _nothing) -> Any:
    """Patch the endpoint's domain write: ``before`` runs first, ``after`` once it returned.

    ``student_admit`` commits on its own when no transaction surrounds it, so ``after``
    runs between the write and the stored answer.
    """

    def admit(**kwargs: Any) -> Any:
        before()
        made = real_student_admit(**kwargs)
        after()
        return made

    return mock.patch.object(enrollment_api, "student_admit", admit)


def killed() -> None:
    raise WorkerKilled


def crash() -> None:
    raise RuntimeError("a bug after the write")
