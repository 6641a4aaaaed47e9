"""Two registrars at the same moment: one primary enrollment, a clear error for the other.

Runs on PostgreSQL with real parallel connections (one per thread), many times over.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from functools import partial
from typing import Any

import pytest
from django.db import connection, connections

from homeroom.enrollment.models import Enrollment
from homeroom.enrollment.services import enrollment_create, student_admit
from homeroom.lib.errors import Conflict
from homeroom.people.models import Student
from tests import factories as f

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs parallel PostgreSQL"),
]
ROUNDS = 25


def race(*calls: Callable[[], Any]) -> list[Any]:
    """Run the calls at the same instant in separate threads and connections."""
    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)

    def run(i: int, call: Callable[[], Any]) -> None:
        try:
            barrier.wait()
            results[i] = call()
        except Exception as exc:  # the outcome under test
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results


@pytest.mark.django_db(transaction=True)
def test_racing_enrollments_of_one_child_leave_one_primary() -> None:
    a, b = f.SchoolFactory(), f.SchoolFactory()
    for _ in range(ROUNDS):
        student = f.StudentFactory()
        day = dt.date(2026, 8, 12)
        results = race(
            partial(enrollment_create, student=student, school=a, grade_level="9", entry_date=day),
            partial(enrollment_create, student=student, school=b, grade_level="9", entry_date=day),
        )
        made = [r for r in results if isinstance(r, Enrollment)]
        refused = [r for r in results if isinstance(r, Conflict)]
        assert len(made) == 1, results
        assert len(refused) == 1, results
        assert "already enrolled" in refused[0].message.lower()
        assert Enrollment.objects.filter(student=student, status="10").count() == 1


@pytest.mark.django_db(transaction=True)
def test_racing_admissions_of_one_new_child_create_one_student() -> None:
    a, b = f.SchoolFactory(), f.SchoolFactory()
    for i in range(ROUNDS):
        child = {
            "given_name": f"Twin{i}",
            "family_name": "O'Race",
            "birth_date": dt.date(2012, 1, 1),
        }
        day = dt.date(2026, 8, 12)
        results = race(
            partial(student_admit, school=a, grade_level="9", entry_date=day, **child),
            partial(student_admit, school=b, grade_level="9", entry_date=day, **child),
        )
        refused = [r for r in results if isinstance(r, Conflict)]
        assert len(refused) == 1, results
        assert Student.objects.filter(given_name=f"Twin{i}").count() == 1
