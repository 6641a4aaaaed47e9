"""``homeroom seed`` on an empty database: deterministic, and safe to run twice."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, connection, transaction

from homeroom.audit.loader import defer_reference_checks, is_postgresql, verify_references
from homeroom.demo import tables
from homeroom.people.models import Student


def seed(students: int = 300, seed: int = 1, *flags: str) -> str:
    out = io.StringIO()
    call_command("seed", *flags, students=students, seed=seed, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def run_and_roll_back(seed_value: int) -> list[tuple[str, str, str]]:
    with transaction.atomic():
        seed(120, seed_value)
        names = list(
            Student.objects.order_by("pk").values_list("given_name", "family_name", "ssid")
        )
        transaction.set_rollback(True)
    return names


@pytest.mark.django_db
def test_the_same_seed_builds_the_same_district() -> None:
    first, again, other = run_and_roll_back(7), run_and_roll_back(7), run_and_roll_back(8)
    assert first == again
    assert first != other


@pytest.mark.django_db
def test_if_empty_seeds_once_then_does_nothing() -> None:
    seed(60, 1, "--if-empty")
    count = Student.objects.count()
    assert "nothing seeded" in seed(60, 2, "--if-empty")
    assert Student.objects.count() == count == 60


@pytest.mark.django_db
def test_seeding_a_district_that_has_students_is_refused() -> None:
    seed(60)
    with pytest.raises(CommandError, match="already has students"):
        seed(60)


@pytest.mark.django_db
def test_seeding_works_without_the_right_to_skip_reference_triggers(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("homeroom.demo.builder.defer_reference_checks", lambda: False)
    seed(60)
    assert Student.objects.count() == 60


@pytest.mark.django_db
def test_a_dangling_reference_fails_the_check() -> None:
    if not is_postgresql() or not defer_reference_checks():
        pytest.skip("only PostgreSQL with a superuser skips the row-by-row triggers")
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO access_caseloadassignment (counselor_id, student_id) VALUES (-1, -1)"
        )
    with pytest.raises(IntegrityError, match="missing row"):
        verify_references([tables.CASELOAD])
