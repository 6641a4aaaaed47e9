"""The student API contract: names byte-identical, search folding, clear errors."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from homeroom.audit.models import Disclosure
from homeroom.people.models import Student
from tests.conftest import World

HOSTILE_NAMES = [
    {"given_name": "Seán", "family_name": "O'Brien-Nguyễn"},
    {"given_name": "李小龍"},
    {"given_name": "Madonna"},
    {"given_name": "Siobhán", "family_name": "O’Brien"},
    {"given_name": "José María", "family_name": "de la Cruz García", "suffix": "Jr."},
    {"given_name": "d'Artagnan", "family_name": "DeVries-van der Berg"},
    {"given_name": "Nguyễn Thị", "middle_name": "Minh", "family_name": "Đặng"},
    {"given_name": "김민준", "family_name": "이"},
    {"given_name": "Զարուհի", "family_name": "Պետրոսյան"},
    {"given_name": "محمد", "family_name": "عبد الله"},
    {"given_name": "Zoë", "family_name": "FInch"},
    {"given_name": "Robert'); DROP TABLE people_student;--", "family_name": "Tables"},
    {"given_name": "Null", "family_name": "None"},
    {"given_name": "A", "family_name": "B"},
    {"given_name": "Mary-Kate", "middle_name": "  ", "family_name": "O'Neil"},
    {"given_name": "e\u0301mile", "family_name": "Z\u0327"},  # combining marks, NFD kept
    {"given_name": "👩🏽‍🚀 Astro", "family_name": "Nauta"},
    {"given_name": "Ana", "preferred_given_name": "Annie", "preferred_family_name": "Zhou"},
]
NAME_KEYS = (
    "given_name",
    "middle_name",
    "family_name",
    "suffix",
    "preferred_given_name",
    "preferred_family_name",
)


def post_student(client: Client, world: World, role: str = "registrar", **fields: Any) -> Any:
    body = {"birth_date": "2012-05-01", "school": world.own.code, "grade_level": "9", **fields}
    return client.post(
        "/api/v1/students",
        data=json.dumps(body, ensure_ascii=False),
        content_type="application/json",
        **world.api(role),
    )


@pytest.mark.parametrize("names", [n for n in HOSTILE_NAMES if "  " not in str(n.values())])
def test_names_come_back_byte_identical(world: World, names: dict[str, str]) -> None:
    client = Client()
    created = post_student(client, world, **names)
    assert created.status_code == 201, created.content
    student_id = created.json()["id"]
    fetched = client.get(f"/api/v1/students/{student_id}", **world.api("registrar"))
    assert fetched.status_code == 200
    body = fetched.json()
    for key in NAME_KEYS:
        assert body[key].encode() == names.get(key, "").encode(), key
    stored = Student.objects.get(pk=student_id)
    for key in NAME_KEYS:
        assert getattr(stored, key) == names.get(key, "")


def test_whitespace_only_name_part_is_refused_and_nothing_is_created(world: World) -> None:
    before = Student.objects.count()
    response = post_student(Client(), world, given_name="Mary", middle_name="   ")
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "middle_name"
    assert Student.objects.count() == before


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("obrien", {"Seán", "Siobhán"}),
        ("O'BRIEN", {"Seán", "Siobhán"}),
        ("o’brien", {"Seán", "Siobhán"}),
        ("nguyen", {"Seán", "Nguyễn Thị"}),
        ("NGUYỄN", {"Seán", "Nguyễn Thị"}),
        ("小龍", {"李小龍"}),
        ("madonna", {"Madonna"}),
        ("sean nguyen", {"Seán"}),
        ("brien-nguy", {"Seán"}),
        ("dang", {"Nguyễn Thị"}),
        ("garcia", {"José María"}),
        ("finch", {"Zoë"}),
        ("zoe", {"Zoë"}),
        ("emile", {"e\u0301mile"}),
        ("annie", {"Ana"}),
        ("민준", {"김민준"}),
    ],
)
def test_search_folds_case_accents_and_punctuation(
    world: World, query: str, expected: set[str]
) -> None:
    client = Client()
    for names in HOSTILE_NAMES:
        if "  " not in str(names.values()):
            assert post_student(client, world, **names).status_code == 201
    response = client.get("/api/v1/students", {"q": query}, **world.api("registrar"))
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == len(body["items"])
    assert {item["given_name"] for item in body["items"]} == expected


def test_empty_query_finds_nobody(world: World) -> None:
    response = Client().get("/api/v1/students", {"q": " ' - "}, **world.api("district_admin"))
    assert response.json() == {"items": [], "count": 0}


@pytest.mark.parametrize(
    ("fields", "bad_field"),
    [
        ({"given_name": ""}, "given_name"),
        ({"given_name": "Ann\u0000"}, "given_name"),
        ({"given_name": "Ann\nMarie"}, "given_name"),
        ({"given_name": "x" * 101}, "given_name"),
        ({"given_name": "Ana", "family_name": "\ud800"}, "family_name"),
        ({"given_name": "Ana", "birth_date": "2012-02-30"}, "birth_date"),
        ({"given_name": "Ana", "birth_date": "2999-01-01"}, "birth_date"),
        ({"given_name": "Ana", "grade_level": "13"}, "grade_level"),
        ({"given_name": "Ana", "grade_level": "5"}, "grade_level"),
        ({"given_name": "Ana", "school": "9999999"}, "school"),
        ({"given_name": "Ana", "ssid": "12345"}, "ssid"),
        ({"given_name": "Ana", "ssid": "１２３４５６７８９０"}, "ssid"),
        ({"given_name": "Ana", "given_name_typo": "x"}, None),
    ],
)
def test_bad_fields_get_422_naming_the_field_and_change_nothing(
    world: World, fields: dict[str, str], bad_field: str | None
) -> None:
    before = Student.objects.count()
    body = {"birth_date": "2012-05-01", "school": world.own.code, "grade_level": "9", **fields}
    raw = json.dumps(body)  # keeps \ud800 as an escape, as a hostile client would send it
    response = Client().post(
        "/api/v1/students", data=raw, content_type="application/json", **world.api("registrar")
    )
    if bad_field is None:
        assert response.status_code == 201  # unknown keys are ignored by this contract
        return
    assert response.status_code == 422, response.content
    locs = [d["loc"][-1] for d in response.json()["detail"]]
    assert bad_field in locs
    assert Student.objects.count() == before


def test_missing_required_fields_are_named(world: World) -> None:
    response = Client().post(
        "/api/v1/students", data="{}", content_type="application/json", **world.api("registrar")
    )
    assert response.status_code == 422
    locs = {d["loc"][-1] for d in response.json()["detail"]}
    assert {"given_name", "birth_date", "school", "grade_level"} <= locs


def test_duplicate_ssid_is_a_conflict(world: World) -> None:
    client = Client()
    assert post_student(client, world, given_name="One", ssid="1234567890").status_code == 201
    again = post_student(client, world, given_name="Two", ssid="1234567890")
    assert again.status_code == 409
    assert again.json()["detail"][0]["loc"][-1] == "ssid"
    assert not Student.objects.filter(given_name="Two").exists()


def test_patch_changes_names_and_records_each_field(world: World) -> None:
    client = Client()
    student_id = post_student(client, world, given_name="Sean", family_name="OBrien").json()["id"]
    response = client.patch(
        f"/api/v1/students/{student_id}",
        data=json.dumps({"given_name": "Seán", "family_name": "O’Brien", "reason": "birth cert"}),
        content_type="application/json",
        **world.api("registrar"),
    )
    assert response.status_code == 200, response.content
    assert response.json()["family_name"] == "O’Brien"
    history = client.get(f"/api/v1/students/{student_id}/audit", **world.api("registrar")).json()
    update = next(e for e in history["items"] if e["action"] == "update")
    assert update["changes"]["given_name"] == ["Sean", "Seán"]
    assert update["changes"]["family_name"] == ["OBrien", "O’Brien"]
    assert update["reason"] == "birth cert"
    assert update["actor"] == world.users["registrar"].username
    assert update["via"] == "api"


def test_patch_cannot_remove_the_given_name(world: World) -> None:
    client = Client()
    student_id = post_student(client, world, given_name="Keep").json()["id"]
    response = client.patch(
        f"/api/v1/students/{student_id}",
        data=json.dumps({"given_name": None}),
        content_type="application/json",
        **world.api("registrar"),
    )
    assert response.status_code == 422
    assert Student.objects.get(pk=student_id).given_name == "Keep"


def test_teacher_token_cannot_read_other_school_student_and_attempt_is_logged(
    world: World,
) -> None:
    response = Client().get(f"/api/v1/students/{world.other_student.pk}", **world.api("teacher"))
    assert response.status_code == 404
    assert "Bo" not in response.content.decode()
    denied = Disclosure.objects.get(student_id=world.other_student.pk, outcome="denied")
    assert denied.actor_id == world.users["teacher"].pk
    assert denied.via == "api"


def test_missing_student_and_forbidden_student_look_the_same(world: World) -> None:
    client = Client()
    forbidden = client.get(f"/api/v1/students/{world.other_student.pk}", **world.api("teacher"))
    missing = client.get("/api/v1/students/999999", **world.api("teacher"))
    assert forbidden.status_code == missing.status_code == 404
    assert forbidden.json() == missing.json()


def test_search_never_returns_students_outside_scope(world: World) -> None:
    response = Client().get("/api/v1/students", {"q": "o"}, **world.api("teacher"))
    ids = {item["id"] for item in response.json()["items"]}
    assert world.other_student.pk not in ids
    assert world.own_student.pk in ids


def test_teacher_cannot_create_students(world: World) -> None:
    response = post_student(Client(), world, role="teacher", given_name="Nope")
    assert response.status_code == 403
    assert not Student.objects.filter(given_name="Nope").exists()


def test_registrar_cannot_enroll_at_another_school(world: World) -> None:
    response = post_student(Client(), world, given_name="Nope", school=world.other.code)
    assert response.status_code in (403, 422)
    assert not Student.objects.filter(given_name="Nope").exists()


def test_entry_date_defaults_to_today_and_school_is_reported(world: World) -> None:
    body = post_student(Client(), world, given_name="Today").json()
    assert body["school"] == world.own.code
    assert body["grade_level"] == "9"


def test_requests_without_a_valid_token_are_refused(world: World) -> None:
    client = Client()
    assert client.get("/api/v1/schools").status_code == 401
    bad = client.get("/api/v1/schools", HTTP_AUTHORIZATION="Bearer nope")
    assert bad.status_code == 401


def test_schools_lists_only_visible_schools(world: World) -> None:
    client = Client()
    admin = client.get("/api/v1/schools", **world.api("district_admin")).json()
    assert {s["code"] for s in admin["items"]} >= {world.own.code, world.other.code}
    assert admin["count"] == len(admin["items"])
    teacher = client.get("/api/v1/schools", **world.api("teacher")).json()
    assert [s["code"] for s in teacher["items"]] == [world.own.code]
    assert {"code", "name"} <= set(teacher["items"][0])


def test_search_lists_names_in_folded_alphabetical_order(world: World) -> None:
    client = Client()
    for given, family in [
        ("Wyatt", "Taylor"),
        ("Camila", "de León"),
        ("Ana", "Ñúñez"),
        ("Bo", "Álvarez"),
        ("Cy", "zhou"),
    ]:
        assert (
            post_student(
                client, world, given_name=given, family_name=family, middle_name="Sortable"
            ).status_code
            == 201
        )
    found = client.get("/api/v1/students", {"q": "sortable"}, **world.api("registrar")).json()
    assert [i["family_name"] for i in found["items"]] == [
        "Álvarez",
        "de León",
        "Ñúñez",
        "Taylor",
        "zhou",
    ]


def test_preferred_names_decide_the_order(world: World) -> None:
    client = Client()
    post_student(
        client,
        world,
        given_name="Robert",
        family_name="Zane",
        middle_name="Pref",
        preferred_family_name="Adams",
    )
    post_student(client, world, given_name="Ann", family_name="Baker", middle_name="Pref")
    found = client.get("/api/v1/students", {"q": "pref"}, **world.api("registrar")).json()
    assert [i["given_name"] for i in found["items"]] == ["Robert", "Ann"]
