"""Idempotency keys: a killed request's claim lapses, answers expire, writes go with answers.

Times are explicit: ``timezone.now`` is the test's clock (``clock.at(seconds=...)``).
"""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import Client, override_settings

from homeroom.access.models import IdempotencyRecord
from homeroom.api import idempotency
from homeroom.people.models import Student
from tests.access.idempotency_helpers import (
    Clock,
    WorkerKilled,
    admitted_then,
    body,
    crash,
    killed,
    post,
)
from tests.conftest import World

LEASE = 60


def students(given_name: str = "Kim") -> int:
    return Student.objects.filter(given_name=given_name, family_name="Retry").count()


def kill_first_request(world: World, key: str) -> None:
    """The first request writes the student, then its worker dies before storing the answer."""
    with admitted_then(killed), pytest.raises(WorkerKilled):
        post(world, key, body(world))


@override_settings(HOMEROOM_IDEMPOTENCY_LEASE_SECONDS=LEASE)
def test_a_killed_requests_claim_lapses_after_the_lease_and_a_retry_runs_it(
    clocked_world: World, clock: Clock
) -> None:
    world = clocked_world
    kill_first_request(world, "k-killed")
    assert students() == 0  # the write died with the answer's transaction
    clock.at(seconds=LEASE - 1)
    early = post(world, "k-killed", body(world))
    assert early.status_code == 409
    assert "still running" in early.json()["detail"][0]["msg"]
    assert early["Retry-After"] == "1"
    clock.at(seconds=LEASE + 1)
    retry = post(world, "k-killed", body(world))
    assert retry.status_code == 201, retry.content
    assert not retry.has_header("Idempotent-Replayed")
    assert students() == 1
    again = post(world, "k-killed", body(world))
    assert again["Idempotent-Replayed"] == "true"
    assert again.json() == retry.json()
    assert students() == 1


@override_settings(HOMEROOM_IDEMPOTENCY_LEASE_SECONDS=LEASE)
def test_a_lapsed_claim_is_not_taken_over_by_another_request_with_its_key(
    clocked_world: World, clock: Clock
) -> None:
    world = clocked_world
    kill_first_request(world, "k-other")
    clock.at(seconds=LEASE + 1)
    other = post(world, "k-other", body(world, "Lee"))
    assert other.status_code == 409
    assert "different request" in other.json()["detail"][0]["msg"]
    assert students("Lee") == 0


def test_a_server_error_keeps_neither_its_writes_nor_its_claim(clocked_world: World) -> None:
    world = clocked_world
    with admitted_then(crash):
        failed = post(world, "k-500", body(world), Client(raise_request_exception=False))
    assert failed.status_code == 500
    assert students() == 0
    assert not IdempotencyRecord.objects.filter(key="k-500").exists()
    retry = post(world, "k-500", body(world))
    assert retry.status_code == 201
    assert students() == 1


@override_settings(HOMEROOM_IDEMPOTENCY_RETENTION_HOURS=24)
def test_stored_answers_are_purged_after_the_retention(clocked_world: World, clock: Clock) -> None:
    world = clocked_world
    assert post(world, "k-old", body(world)).status_code == 201
    clock.at(hours=23, minutes=59)
    call_command("idempotency", "purge")
    assert IdempotencyRecord.objects.filter(key="k-old").exists()
    clock.at(hours=24, seconds=1)
    call_command("idempotency", "purge")
    assert not IdempotencyRecord.objects.filter(key="k-old").exists()


@override_settings(HOMEROOM_IDEMPOTENCY_RETENTION_HOURS=24)
def test_a_key_reused_after_the_retention_is_a_new_request(
    clocked_world: World, clock: Clock
) -> None:
    world = clocked_world
    first = post(world, "k-reused", body(world))
    assert first.status_code == 201
    clock.at(hours=25)
    same = post(world, "k-reused", body(world))
    # Run again, not replayed: the database's duplicate check answers, nothing is created.
    assert not same.has_header("Idempotent-Replayed")
    assert same.status_code == 409
    assert same.json()["detail"][0]["type"] == "possible_duplicate"
    assert students() == 1
    clock.at(hours=50)
    other = post(world, "k-reused", body(world, "Lee"))
    assert other.status_code == 201
    assert students("Lee") == 1
    assert IdempotencyRecord.objects.get(key="k-reused").status_code == 201


@override_settings(HOMEROOM_IDEMPOTENCY_RETENTION_HOURS=24)
def test_new_claims_purge_expired_answers_on_the_way(
    clocked_world: World, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    world = clocked_world
    monkeypatch.setattr(idempotency, "PURGE_EVERY", 1)
    assert post(world, "k-a", body(world)).status_code == 201
    clock.at(hours=24, seconds=1)
    assert post(world, "k-b", body(world, "Lee")).status_code == 201
    assert list(IdempotencyRecord.objects.values_list("key", flat=True)) == ["k-b"]
