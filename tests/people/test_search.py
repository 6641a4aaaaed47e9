"""Find by anything: name (compact too), district id, SSID, guardian's phone or name.

Every way of matching stays within the students the user may see, says why each student
matched, and counts honestly ("first 50 of 312").
"""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.db import connection
from django.test import Client
from django.urls import reverse

from homeroom.access.choices import Sensitivity
from homeroom.audit.models import Disclosure
from homeroom.enrollment.intake import Criteria, intake_search
from homeroom.people import selectors
from homeroom.people.models import Guardian, Student
from homeroom.people.selectors import Matched, student_search
from tests import factories as f
from tests.conftest import World


def enrolled(world: World, *, other: bool = False, **names: str) -> Student:
    student = f.StudentFactory(**names)
    f.EnrollmentFactory(student=student, school=world.other if other else world.own)
    return student


def guardian_of(student: Student, *, restricted: bool = False, **fields: str) -> Guardian:
    guardian = f.GuardianFactory(**fields)
    f.GuardianshipFactory(
        student=student,
        guardian=guardian,
        sensitivity=Sensitivity.RESTRICTED if restricted else Sensitivity.NORMAL,
    )
    return guardian


def found(world: World, query: str, role: str = "registrar") -> dict[str, list[str]]:
    """The students found, by given name, with the reasons as the page words them."""
    results = student_search(user=world.users[role], query=query)
    return {hit.student.given_name: [r.text for r in hit.reasons] for hit in results.hits}


@pytest.mark.parametrize(
    ("family", "query"),
    [
        ("Smith-Jones", "smithjones"),
        ("al-Rashīd", "alrashid"),
        ("St. Pierre", "stpierre"),
        ("O'Brien", "obrien"),
        ("O’Brien", "o'brien"),
        ("Smith-Jones", "smith jones"),
        ("de la Cruz", "delacruz"),
        ("St. Pierre", "st. pierre"),
    ],
)
def test_a_name_typed_without_its_gaps_is_found(world: World, family: str, query: str) -> None:
    enrolled(world, given_name="Kai", family_name=family)
    assert found(world, query) == {"Kai": ["name"]}


def test_every_word_of_a_multi_word_query_must_match(world: World) -> None:
    enrolled(world, given_name="María José", family_name="Smith-Jones")
    enrolled(world, given_name="Mario", family_name="Jones")
    assert set(found(world, "maria jones")) == {"María José"}
    assert set(found(world, "mariajose smithjones")) == {"María José"}
    assert set(found(world, "jones")) == {"María José", "Mario"}


def test_the_gaps_close_within_a_name_part_not_across_parts(world: World) -> None:
    enrolled(world, given_name="Ann", family_name="Eliot")
    assert found(world, "anneliot") == {}
    assert set(found(world, "ann eliot")) == {"Ann"}


def test_district_id_finds_the_student(world: World) -> None:
    student = enrolled(world, given_name="Ida")
    assert found(world, student.district_id) == {"Ida": ["district id"]}
    assert found(world, f" {student.district_id} ") == {"Ida": ["district id"]}


def test_ssid_finds_the_student(world: World) -> None:
    enrolled(world, given_name="Sid", ssid="1234567890")
    assert found(world, "1234567890") == {"Sid": ["SSID"]}
    assert found(world, "123456789") == {}


@pytest.mark.parametrize("typed", ["(213) 555-0199", "213.555.0199", "+1 213 555 0199", "5550199"])
def test_a_guardian_phone_in_any_format_finds_the_child(world: World, typed: str) -> None:
    kid = enrolled(world, given_name="Pia")
    guardian_of(kid, given_name="María", family_name="Ibáñez", phone="213-555-0199")
    assert found(world, typed) == {"Pia": ["phone of guardian María Ibáñez"]}


def test_a_guardian_name_finds_the_child_and_says_whose(world: World) -> None:
    kid = enrolled(world, given_name="Gus", family_name="Lee")
    guardian_of(kid, given_name="María", family_name="Ibáñez")
    assert found(world, "maria ibanez") == {"Gus": ["guardian: María Ibáñez"]}


def test_a_student_matched_by_own_and_guardian_name_lists_both(world: World) -> None:
    kid = enrolled(world, given_name="Lu", family_name="Ibáñez")
    guardian_of(kid, given_name="Rosa", family_name="Ibáñez")
    assert found(world, "ibanez") == {"Lu": ["name", "guardian: Rosa Ibáñez"]}


def test_out_of_scope_students_are_found_by_no_identifier(world: World) -> None:
    far = enrolled(world, other=True, given_name="Far", family_name="Away", ssid="9876543210")
    guardian_of(far, given_name="Hidden", family_name="Parent", phone="(310) 555-0777")
    for query in ("far away", far.district_id, "9876543210", "3105550777", "hidden parent"):
        assert found(world, query) == {}, query
        assert set(found(world, query, role="district_admin")) == {"Far"}, query


def test_a_restricted_contact_finds_the_child_only_for_the_office(world: World) -> None:
    kid = world.own_student
    guardian_of(kid, restricted=True, given_name="Court", family_name="Order", phone="4155550123")
    for query in ("court order", "415 555 0123"):
        assert set(found(world, query, role="registrar")) == {"Ana"}
        assert found(world, query, role="teacher") == {}
        assert found(world, query, role="nurse") == {}


def test_a_student_may_not_search_by_guardian(world: World) -> None:
    guardian = Guardian.objects.get(user=world.users["guardian"])
    assert found(world, guardian.phone, role="student") == {}
    assert set(found(world, "cy child", role="student")) == {"Cy"}


def test_counts_are_honest_past_the_page(world: World) -> None:
    for n in range(53):
        enrolled(world, given_name=f"Quinn{n}", family_name="Counted")
    results = student_search(user=world.users["registrar"], query="counted")
    assert (len(results), results.total, results.more) == (50, 53, False)
    small = student_search(user=world.users["registrar"], query="counted", limit=60)
    assert (len(small), small.total, small.more) == (53, 53, False)


def test_counting_stops_at_the_count_limit(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(selectors, "COUNT_LIMIT", 5)
    for n in range(7):
        enrolled(world, given_name=f"Many{n}", family_name="Capped")
    results = student_search(user=world.users["registrar"], query="capped", limit=3)
    assert (len(results), results.total, results.more) == (3, 5, True)


def test_one_disclosure_row_names_the_page_and_adds_contacts_for_guardian_matches(
    world: World,
) -> None:
    kid = enrolled(world, given_name="Dee")
    guardian_of(kid, given_name="Wanda", family_name="Watcher")
    before = Disclosure.objects.count()
    student_search(user=world.users["registrar"], query="watcher")
    row = Disclosure.objects.order_by("-id").first()
    assert Disclosure.objects.count() == before + 1
    assert row is not None
    assert list(row.named.values_list("student_id", flat=True)) == [kid.pk]
    assert "contacts" in row.aspects


def test_the_page_shows_the_reason_and_the_count(world: World) -> None:
    for n in range(52):
        enrolled(world, given_name=f"Rae{n}", family_name="Smith-Jones")
    html = world.client("registrar").get(reverse("people:search"), {"q": "smithjones"})
    text = html.content.decode()
    assert "First 50 of 52 students" in text
    assert "Matched by name" in text


def test_the_header_search_box_is_on_staff_pages_only(world: World) -> None:
    dashboard = reverse("dashboard")
    for role in ("registrar", "teacher", "nurse", "district_admin"):
        html = world.client(role).get(dashboard).content.decode()
        assert 'id="header-q"' in html, role
        assert f'action="{reverse("people:search")}"' in html, role
    for role in ("guardian", "student"):
        assert 'id="header-q"' not in world.client(role).get(dashboard).content.decode()


def test_the_api_says_why_each_student_matched(world: World) -> None:
    kid = enrolled(world, given_name="Api", ssid="1112223334")
    guardian_of(kid, given_name="Gia", family_name="Tutor", phone="626 555 0100")
    headers = world.api("registrar")
    by_ssid = Client().get("/api/v1/students", {"q": "1112223334"}, **headers).json()
    assert by_ssid["items"][0]["matched"] == [{"kind": "ssid", "guardian": None, "text": "SSID"}]
    by_phone = Client().get("/api/v1/students", {"q": "(626) 555-0100"}, **headers).json()
    assert by_phone["items"][0]["matched"] == [
        {
            "kind": Matched.GUARDIAN_PHONE.value,
            "guardian": "Gia Tutor",
            "text": "phone of guardian Gia Tutor",
        }
    ]


def test_intake_uses_the_same_compact_key(world: World) -> None:
    kid = enrolled(world, other=True, given_name="Rami", family_name="al-Rashīd")
    guardian_of(kid, given_name="Noor", family_name="St. Pierre")
    user = world.users["registrar"]
    by_name = intake_search(user=user, criteria=Criteria(name="rami alrashid"))
    by_guardian = intake_search(user=user, criteria=Criteria(guardian="stpierre"))
    assert [m.student.pk for m in by_name] == [kid.pk]
    assert [m.student.pk for m in by_guardian] == [kid.pk]


def test_the_migration_fills_the_compact_key_of_existing_rows(world: World) -> None:
    kid = enrolled(world, given_name="Old", family_name="St. Pierre-Row")
    Student.objects.update(compact_key="")
    migration = importlib.import_module("homeroom.people.migrations.0009_compact_search_key")
    migration.fill_compact_keys(apps, None)
    assert Student.objects.get(pk=kid.pk).compact_key == "old stpierrerow"
    assert set(found(world, "stpierrerow")) == {"Old"}


@pytest.mark.django_db
def test_postgres_indexes_the_compact_key_not_the_search_key() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("trigram indexes are PostgreSQL's")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes "
            "WHERE tablename IN ('people_student', 'people_guardian')"
        )
        indexes = {name for (name,) in cursor.fetchall()}
    assert {"student_compact_trgm", "guardian_compact_trgm"} <= indexes
    assert not {"student_search_trgm", "guardian_search_trgm"} & indexes
