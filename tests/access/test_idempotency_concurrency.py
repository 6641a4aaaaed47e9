"""Retries of a lapsed Idempotency-Key arriving together: exactly one runs the request.

Runs on PostgreSQL with real parallel connections (one per thread), as
tests/enrollment/test_concurrency.py does.
"""

from __future__ import annotations

import threading
from functools import partial
from typing import Any

import pytest
from django.db import connection, connections
from django.test import override_settings

from homeroom.people.models import Student
from tests.access.idempotency_helpers import (
    Clock,
    WorkerKilled,
    admitted_then,
    body,
    killed,
    post,
)
from tests.conftest import World
from tests.enrollment.test_concurrency import race

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs parallel PostgreSQL"),
]
LEASE = 60
RETRIES = 6
ROUNDS = 5


@override_settings(HOMEROOM_IDEMPOTENCY_LEASE_SECONDS=LEASE)
@pytest.mark.django_db(transaction=True)
def test_of_many_simultaneous_retries_of_a_lapsed_key_exactly_one_runs(
    clocked_world: World, clock: Clock
) -> None:
    world = clocked_world
    world.token("registrar")  # issued once, before the threads
    for n in range(ROUNDS):
        key = f"k-race-{n}"
        clock.at(hours=n)
        with admitted_then(killed), pytest.raises(WorkerKilled):
            post(world, key, body(world, f"Kim{n}"))
        clock.at(hours=n, seconds=LEASE + 1)
        runs: list[int] = []
        retry = partial(post, world, key, body(world, f"Kim{n}"))
        with admitted_then(partial(runs.append, 1)):
            answers: list[Any] = race(*[retry] * RETRIES)
        assert len(runs) == 1, answers
        ran = [a for a in answers if not a.has_header("Idempotent-Replayed")]
        fresh = [a for a in ran if a.status_code == 201]
        assert len(fresh) == 1, [(a.status_code, a.content) for a in answers]
        for other in answers:
            if other is not fresh[0]:
                replayed = other.status_code == 201 and other.json() == fresh[0].json()
                waiting = other.status_code == 409 and "still running" in other.content.decode()
                assert replayed or waiting, other.content
        assert Student.objects.filter(given_name=f"Kim{n}").count() == 1


@override_settings(HOMEROOM_IDEMPOTENCY_LEASE_SECONDS=LEASE)
@pytest.mark.django_db(transaction=True)
def test_a_request_that_outlives_its_lease_is_undone_when_a_retry_took_over(
    clocked_world: World, clock: Clock
) -> None:
    world = clocked_world
    world.token("registrar")
    # Confirmed as a different child: nothing but the claim stops a second student.
    data = body(world) | {"confirm_different_child": True}
    running, resume = threading.Event(), threading.Event()

    def stall_the_first() -> None:
        if not running.is_set():
            running.set()
            resume.wait(timeout=30)

    slow: list[Any] = []

    def first_request() -> None:
        try:
            slow.append(post(world, "k-slow", data))
        finally:
            connections.close_all()

    with admitted_then(lambda: None, before=stall_the_first):
        first = threading.Thread(target=first_request)
        first.start()
        assert running.wait(timeout=30)
        clock.at(seconds=LEASE + 1)
        retry = post(world, "k-slow", data)
        resume.set()
        first.join(timeout=30)
    assert retry.status_code == 201, retry.content
    assert slow[0].status_code == 409, slow[0].content
    assert "took over" in slow[0].json()["detail"][0]["msg"]
    assert Student.objects.filter(family_name="Retry").count() == 1
    replay = post(world, "k-slow", data)
    assert replay.json() == retry.json()
