"""Bulk reads leave a trace: every list and export is one disclosure row naming its students.

Also: a per-user read limit counted from that log (429), and one notice to the
district's administrators when a user reads unusually much.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
from collections.abc import Iterator
from typing import Any
from unittest import mock

import pytest
from django.db import DatabaseError, connection, transaction
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from homeroom.audit.models import Disclosure, DisclosureStudent
from homeroom.audit.services import disclosure_record, disclosure_record_many
from homeroom.notices.models import Notice
from homeroom.notices.selectors import notices_for
from tests import factories as f
from tests.conftest import World

FAMILIES = ("Baker", "Cabrera", "Dalton", "Eames", "Fabian", "Gable", "Haas", "Ibarra")
GIVEN = ("Ana", "Ben", "Cora", "Dev", "Eli")


@pytest.fixture
def start() -> dt.datetime:
    """The frozen instant the test begins at (every read is timed from it)."""
    return timezone.now().replace(microsecond=0)


@contextlib.contextmanager
def frozen(at: dt.datetime) -> Iterator[None]:
    with mock.patch("django.utils.timezone.now", return_value=at):
        yield


def named(row: Disclosure) -> set[int]:
    return set(
        DisclosureStudent.objects.filter(disclosure=row).values_list("student_id", flat=True)
    )


def district(world: World) -> list[Any]:
    """Forty students over both schools, with names the two-letter searches reach."""
    students = []
    for i, (family, given) in enumerate(itertools.product(FAMILIES, GIVEN)):
        s = f.StudentFactory(given_name=given, family_name=family)
        f.EnrollmentFactory(student=s, school=world.own if i % 2 else world.other)
        students.append(s)
    return students


# ---- one row per page, naming every student on it -------------------------------------


@override_settings(HOMEROOM_READ_ALERT_READS_PER_MINUTE=20)
def test_harvest_by_two_letter_searches_leaves_a_row_naming_every_student_returned(
    world: World, start: dt.datetime
) -> None:
    district(world)
    headers = world.api("district_admin")
    client = Client()
    pages: list[set[int]] = []
    with frozen(start):
        for a, b in itertools.product("abcdeiklr", repeat=2):  # 81 searches, like aa..zz
            response = client.get("/api/v1/students", {"q": a + b, "limit": 200}, **headers)
            assert response.status_code == 200
            ids = {item["id"] for item in response.json()["items"]}
            if ids:
                pages.append(ids)
    rows = list(
        Disclosure.objects.filter(purpose="api: search students", kind="list").order_by("id")
    )
    assert [named(r) for r in rows] == pages  # one row per non-empty page, empty pages none
    assert all(r.actor_id == world.users["district_admin"].pk and r.via == "api" for r in rows)
    assert [r.student_count for r in rows] == [len(p) for p in pages]
    harvested = set().union(*pages)
    assert len(harvested) >= 40
    assert set(DisclosureStudent.objects.values_list("student_id", flat=True)) >= harvested
    # Many reads in a minute: the district's administrators hear of it, once.
    assert len(pages) > 20
    alert = Notice.objects.get(kind="read_volume")
    assert "district_admin-user" in alert.subject


def test_web_search_writes_one_row_per_page_and_none_for_an_empty_one(world: World) -> None:
    district(world)
    client = world.client("district_admin")
    response = client.get(reverse("people:search"), {"q": "baker"})
    shown = {r.student.pk for r in response.context["results"]}
    row = Disclosure.objects.get(purpose="web: student search")
    assert named(row) == shown
    assert len(shown) == len(GIVEN)
    client.get(reverse("people:search"), {"q": "zzzz"})
    assert Disclosure.objects.filter(purpose="web: student search").count() == 1


def test_dashboard_list_is_disclosed_as_one_row(world: World) -> None:
    world.client("counselor").get(reverse("dashboard"))
    row = Disclosure.objects.get(purpose="web: dashboard")
    assert named(row) == {world.own_student.pk, world.child.pk}
    assert row.actor_id == world.users["counselor"].pk


def test_nobody_lost_report_names_every_student_it_shows(world: World) -> None:
    for _ in range(3):
        f.EnrollmentFactory(school=world.own)
    response = world.client("registrar").get(reverse("enrollment:report"))
    shown = {r.student_id for rows in response.context["report"].rows.values() for r in rows} - {
        None
    }
    assert len(shown) >= 5
    row = Disclosure.objects.get(purpose__startswith="web: nobody-lost report")
    assert named(row) == shown


def test_intake_search_is_one_row_for_the_page(world: World) -> None:
    district(world)
    response = world.client("registrar").get(reverse("enrollment:intake"), {"name": "baker"})
    shown = {m.student.pk for m in response.context["matches"]}
    assert len(shown) == len(GIVEN)
    row = Disclosure.objects.get(purpose="intake: duplicate check")
    assert named(row) == shown
    assert row.student_id is None


def test_single_reads_still_name_their_student(world: World) -> None:
    row = disclosure_record(student_id=world.child.pk, purpose="test")
    assert row.student_id == world.child.pk
    assert named(row) == {world.child.pk}
    assert disclosure_record_many(student_ids=[], purpose="empty") is None


def test_a_students_disclosure_history_includes_the_lists_that_named_them(world: World) -> None:
    world.client("registrar").get(reverse("people:search"), {"q": "child"})
    response = world.client("district_admin").get(
        f"/api/v1/students/{world.child.pk}/disclosures", **world.api("district_admin")
    )
    assert response.status_code == 200
    kinds = {(d["purpose"], d["kind"]) for d in response.json()["items"]}
    assert ("web: student search", "list") in kinds
    page = world.client("district_admin").get(f"/students/{world.child.pk}/history/")
    assert "Listed (a page of 1 student)" in page.content.decode()


# ---- the read limit ------------------------------------------------------------------------


@override_settings(HOMEROOM_READ_LIMIT=3, HOMEROOM_READ_LIMIT_BY_ROLE={})
def test_reading_past_the_limit_is_refused_with_429_until_the_window_passes(
    world: World, start: dt.datetime
) -> None:
    students = [world.own_student, world.child]
    for name in ("Dee", "Eve"):
        s = f.StudentFactory(given_name=name, family_name="Limit")
        f.EnrollmentFactory(student=s, school=world.own)
        students.append(s)
    headers = world.api("registrar")
    client = Client()

    def read(s: Any) -> Any:
        return client.get(f"/api/v1/students/{s.pk}", **headers)

    with frozen(start):
        assert [read(s).status_code for s in students[:3]] == [200, 200, 200]
        assert read(students[0]).status_code == 200  # a student already read counts once
        refused = read(students[3])
        assert refused.status_code == 429
        assert refused["Retry-After"] == "600"
        assert "Read limit" in refused.json()["detail"]
        assert client.get("/api/v1/students", {"q": "limit"}, **headers).status_code == 429
        page = world.client("registrar").get(f"/students/{students[3].pk}/")
        assert page.status_code == 429
        assert "Read limit reached" in page.content.decode()
    denied = Disclosure.objects.filter(outcome="denied", purpose__endswith="(read limit)")
    assert denied.count() == 3
    with frozen(start + dt.timedelta(seconds=601)):
        assert read(students[3]).status_code == 200


def test_the_limit_is_declared_in_the_openapi_document() -> None:
    from homeroom.api import api

    paths = api.get_openapi_schema(path_prefix="/api/v1")["paths"]
    for path, method in (
        ("/api/v1/students", "get"),
        ("/api/v1/students/{student_id}", "get"),
        ("/api/v1/students/{student_id}/disclosures", "get"),
    ):
        declared = paths[path][method]["responses"][429]
        assert "Retry-After" in declared["headers"]


@override_settings(HOMEROOM_READ_LIMIT=3, HOMEROOM_READ_LIMIT_BY_ROLE={"district_admin": 10})
def test_district_administrators_may_have_a_bigger_limit(world: World, start: dt.datetime) -> None:
    district(world)
    with frozen(start):
        response = world.client("district_admin").get(reverse("people:search"), {"q": "baker"})
        assert response.status_code == 200
        refused = world.client("registrar").get(reverse("people:search"), {"q": "a"})
        assert refused.status_code == 429


# ---- the alert ---------------------------------------------------------------------------


@override_settings(HOMEROOM_READ_ALERT_READS_PER_MINUTE=5)
def test_many_searches_in_a_minute_notify_the_district_admins_once_per_window(
    world: World, start: dt.datetime
) -> None:
    headers = world.api("registrar")
    client = Client()
    with frozen(start):
        for _ in range(12):
            assert client.get("/api/v1/students", {"q": "own"}, **headers).status_code == 200
    alerts = Notice.objects.filter(kind="read_volume")
    assert alerts.count() == 1
    notice = alerts.get()
    assert notice.audience == "district_admins"
    assert "registrar-user" in notice.subject
    assert notice in notices_for(world.users["district_admin"])
    assert notice not in notices_for(world.users["registrar"])
    with frozen(start + dt.timedelta(minutes=5)):
        dashboard = world.client("district_admin").get(reverse("dashboard"))
        assert notice.subject in dashboard.content.decode()
        assert notice.subject not in world.client("registrar").get("/notices/").content.decode()
        for _ in range(6):
            client.get("/api/v1/students", {"q": "own"}, **headers)
    assert alerts.count() == 1  # still the same window
    with frozen(start + dt.timedelta(minutes=11)):
        for _ in range(6):
            client.get("/api/v1/students", {"q": "own"}, **headers)
    assert alerts.count() == 2


@override_settings(HOMEROOM_READ_LIMIT=4, HOMEROOM_READ_LIMIT_BY_ROLE={})
def test_reading_half_the_limit_notifies_once(world: World, start: dt.datetime) -> None:
    client = world.client("district_admin")
    with frozen(start):
        client.get(f"/students/{world.own_student.pk}/")
        assert not Notice.objects.exists()
        client.get(f"/students/{world.child.pk}/")
        client.get(f"/students/{world.other_student.pk}/")
    assert Notice.objects.filter(kind="read_volume").count() == 1


def test_notices_page_marks_a_notice_handled(world: World) -> None:
    from homeroom.notices.services import notice_school_office

    notice = notice_school_office(world.own, "enrollment", "A student arrives", "Confirm.")
    registrar = world.client("registrar")
    assert "A student arrives" in registrar.get("/notices/").content.decode()
    assert "A student arrives" not in world.client("teacher").get("/notices/").content.decode()
    assert world.client("teacher").post("/notices/", {"notice": notice.pk}).status_code == 404
    assert registrar.post("/notices/", {"notice": notice.pk}).status_code == 302
    notice.refresh_from_db()
    assert notice.read_by == world.users["registrar"]


# ---- append-only on PostgreSQL -------------------------------------------------------------


@pytest.mark.skipif(connection.vendor != "postgresql", reason="database triggers on PostgreSQL")
@pytest.mark.parametrize(
    "statement",
    ["UPDATE audit_disclosurestudent SET student_id = 0", "DELETE FROM audit_disclosurestudent"],
)
def test_database_refuses_rewriting_named_students(world: World, statement: str) -> None:
    disclosure_record_many(student_ids=[world.child.pk, world.own_student.pk], purpose="test")
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(statement)
    assert DisclosureStudent.objects.count() == 2
