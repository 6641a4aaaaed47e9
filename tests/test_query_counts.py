"""Every list the API answers, and the student page, costs the same queries for 1 row or 20.

Each case adds one row, reads the list, adds nineteen more, reads it again, and asserts
that both reads ran the same number of queries (an N+1 regression adds at least 19)
and stay under a ceiling, three above today's count on SQLite and PostgreSQL alike (so a
constant but wasteful change is seen too; raise a ceiling on purpose, not to make it pass).

The list of API cases is checked against docs/openapi.json: a new GET that answers a
list (a schema with ``items``) fails :func:`test_every_api_list_is_counted` until it has
a case here.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.db import connection
from django.http import HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from homeroom.access.models import ApiToken
from homeroom.audit.models import AuditEvent
from homeroom.audit.services import disclosure_record
from homeroom.enrollment.models import EnrollmentClaim
from homeroom.people.models import Student
from homeroom.people.services import student_update
from tests import factories as f
from tests.conftest import World

OPENAPI = Path(__file__).resolve().parent.parent / "docs" / "openapi.json"


@dataclass(frozen=True)
class Case:
    """A list to read as ``role``, and how to give it ``n`` more rows."""

    path: str
    role: str
    add_rows: Callable[[World, int], None]
    ceiling: int
    api: bool = True

    def url(self, world: World) -> str:
        if self.api:
            return "/api/v1" + self.path.format(student_id=world.own_student.pk)
        return reverse(self.path, args=[world.own_student.pk])

    def read(self, world: World) -> tuple[int, HttpResponse]:
        # The token's last use is written at most once a minute: write it on every read
        # measured, so that both reads do the same work whatever the clock says.
        ApiToken.objects.update(last_used_at=None)
        client = Client() if self.api else world.client(self.role)
        headers = world.api(self.role) if self.api else {}
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(self.url(world), **headers)
        assert response.status_code == 200, response.content[:500]
        return len(ctx.captured_queries), response


def _rows(response: HttpResponse, api: bool) -> int:
    if api:
        body = json.loads(response.content)
        assert body["count"] == len(body["items"])
        return int(body["count"])
    context = response.context
    if "events" in context:  # the record history page
        return len(context["events"])
    # The student page: its enrollment panel's rows and its contacts.
    [panel] = [p for p in context["panels"] if p.key == "enrollment"]
    return len(panel.context["enrollments"]) + len(context["guardians"])


# ---- growing each list ------------------------------------------------------------------


def more_students(world: World, n: int) -> None:
    """Students the registrar finds by name, each enrolled at the school with a guardian."""
    done = Student.objects.filter(family_name="Countable").count()
    for i in range(done, done + n):
        birth = dt.date(2011, 1, 1) + dt.timedelta(days=i)
        s = f.StudentFactory(given_name="Quincy", family_name="Countable", birth_date=birth)
        f.EnrollmentFactory(student=s, school=world.own)
        f.GuardianshipFactory(student=s)


def more_schools(world: World, n: int) -> None:
    for _ in range(n):
        f.SchoolFactory(district=world.own.district)


def more_enrollments(world: World, n: int) -> None:
    """Earlier, closed enrollments of the student, each at a school of its own."""
    done = world.own_student.enrollments.count()
    for i in range(done, done + n):
        f.EnrollmentFactory(
            student=world.own_student,
            school=f.SchoolFactory(district=world.own.district),
            entry_date=dt.date(1990, 1, 1) + dt.timedelta(days=10 * i),
            exit_date=dt.date(1990, 1, 1) + dt.timedelta(days=10 * i + 5),
            exit_reason="T160",
        )


def more_history(world: World, n: int) -> None:
    """Changes to the student and to a guardian of theirs, each one audit event."""
    done = AuditEvent.objects.filter(student_id=world.own_student.pk).count()
    for i in range(done, done + n):
        student_update(student=world.own_student, middle_name=f"M{i}", reason="query count")
        f.GuardianshipFactory(student=world.own_student)


def more_disclosures(world: World, n: int) -> None:
    for _ in range(n):
        disclosure_record(
            student_id=world.own_student.pk,
            purpose="query-count test",
            user=world.users["counselor"],
        )


def more_claims(world: World, n: int) -> None:
    """Requests from the registrar's school to take in students of the other school."""
    for _ in range(n):
        s = f.StudentFactory()
        f.EnrollmentFactory(student=s, school=world.other)
        EnrollmentClaim.objects.create(
            kind="secondary",
            student=s,
            from_school=world.other,
            to_school=world.own,
            grade_level="9",
            status="20",
            entry_date=dt.date(2026, 8, 12),
            reason="query-count test",
            requested_by=world.users["registrar"],
        )


def more_profile(world: World, n: int) -> None:
    """What the student page lists: enrollments and guardians."""
    more_enrollments(world, n)
    for _ in range(n):
        f.GuardianshipFactory(student=world.own_student)


CASES = {
    "GET /students": Case("/students?q=quincy+countable", "registrar", more_students, 11),
    "GET /schools": Case("/schools", "district_admin", more_schools, 7),
    "GET /students/{student_id}/enrollments": Case(
        "/students/{student_id}/enrollments", "registrar", more_enrollments, 11
    ),
    # 18: the summaries name guardians, schools, classes and who acted, one query per
    # kind of record (people.history), whatever the number of events.
    "GET /students/{student_id}/audit": Case(
        "/students/{student_id}/audit", "district_admin", more_history, 18
    ),
    "GET /students/{student_id}/disclosures": Case(
        "/students/{student_id}/disclosures", "district_admin", more_disclosures, 11
    ),
    "GET /enrollment-claims": Case("/enrollment-claims", "registrar", more_claims, 7),
    "page people:student": Case("people:student", "registrar", more_profile, 12, api=False),
    # The same summaries, with the disclosure log under them.
    "page audit:student_history": Case(
        "audit:student_history", "registrar", more_history, 20, api=False
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_a_list_costs_the_same_queries_for_one_row_or_twenty(world: World, name: str) -> None:
    case = CASES[name]
    case.read(world)  # first use: caches and the token's first use are not what is measured
    case.add_rows(world, 1)
    few, response = case.read(world)
    rows_few = _rows(response, case.api)
    case.add_rows(world, 19)
    many, response = case.read(world)
    rows_many = _rows(response, case.api)
    assert rows_many >= rows_few + 19, "the list did not grow"
    assert many == few, f"{name}: {few} queries for {rows_few} rows, {many} for {rows_many}"
    assert many <= case.ceiling, f"{name}: {many} queries"


def test_every_api_list_is_counted() -> None:
    spec = json.loads(OPENAPI.read_text())
    schemas = spec["components"]["schemas"]
    lists = set()
    for path, operations in spec["paths"].items():
        get = operations.get("get")
        if get is None:
            continue
        ref = get["responses"]["200"]["content"]["application/json"]["schema"].get("$ref", "")
        schema = schemas.get(ref.rsplit("/", 1)[-1], {})
        if "items" in schema.get("properties", {}):
            lists.add(f"GET {path.removeprefix('/api/v1')}")
    assert lists == {name for name in CASES if name.startswith("GET ")}
