"""Enrollment API: enroll, exit, transfer, history; idempotent POSTs; clear conflicts."""

from __future__ import annotations

import json
from typing import Any

from django.test import Client

from homeroom.enrollment.models import Enrollment
from homeroom.people.models import Student
from tests.conftest import World


def post(
    world: World, path: str, body: dict[str, Any], role: str = "registrar", key: str | None = None
) -> Any:
    headers = dict(world.api(role))
    if key is not None:
        headers["HTTP_IDEMPOTENCY_KEY"] = key
    return Client().post(path, data=json.dumps(body), content_type="application/json", **headers)


def new_student(world: World, **extra: Any) -> dict[str, Any]:
    body = {
        "given_name": "Lena",
        "family_name": "Ortiz",
        "birth_date": "2011-02-03",
        "school": world.own.code,
        "grade_level": "9",
        "entry_date": "2026-08-12",
        **extra,
    }
    response = post(world, "/api/v1/students", body)
    assert response.status_code == 201, response.content
    return response.json()


def student_body(world: World, given_name: str, **extra: Any) -> dict[str, Any]:
    """The fewest fields of a new student at the registrar's own school, in grade 9."""
    return {
        "given_name": given_name,
        "birth_date": "2011-02-03",
        "school": world.own.code,
        "grade_level": "9",
        **extra,
    }


def test_exit_then_history_shows_both_dates(world: World) -> None:
    sid = new_student(world)["id"]
    enrollment = Enrollment.objects.get(student_id=sid)
    r = post(
        world,
        f"/api/v1/enrollments/{enrollment.pk}/exit",
        {"exit_date": "2026-10-01", "exit_reason": "T200"},
    )
    assert r.status_code == 200, r.content
    history = Client().get(f"/api/v1/students/{sid}/enrollments", **world.api("registrar"))
    item = history.json()["items"][0]
    assert (item["entry_date"], item["exit_date"], item["exit_reason"]) == (
        "2026-08-12",
        "2026-10-01",
        "T200",
    )


def test_exit_before_entry_is_refused_with_the_field(world: World) -> None:
    sid = new_student(world)["id"]
    enrollment = Enrollment.objects.get(student_id=sid)
    r = post(
        world,
        f"/api/v1/enrollments/{enrollment.pk}/exit",
        {"exit_date": "2026-08-01", "exit_reason": "T200"},
    )
    assert r.status_code == 422
    assert r.json()["detail"][0]["loc"][-1] == "exit_date"
    enrollment.refresh_from_db()
    assert enrollment.exit_date is None


def test_exiting_twice_is_a_conflict(world: World) -> None:
    sid = new_student(world)["id"]
    eid = Enrollment.objects.get(student_id=sid).pk
    body = {"exit_date": "2026-10-01", "exit_reason": "T200"}
    assert post(world, f"/api/v1/enrollments/{eid}/exit", body).status_code == 200
    again = post(world, f"/api/v1/enrollments/{eid}/exit", {**body, "exit_date": "2026-11-01"})
    assert again.status_code == 409
    assert "already ended" in again.json()["detail"][0]["msg"]


def test_unknown_exit_reason_is_422(world: World) -> None:
    sid = new_student(world)["id"]
    eid = Enrollment.objects.get(student_id=sid).pk
    r = post(
        world, f"/api/v1/enrollments/{eid}/exit", {"exit_date": "2026-10-01", "exit_reason": "LEFT"}
    )
    assert r.status_code == 422
    assert r.json()["detail"][0]["loc"][-1] == "exit_reason"


def test_second_primary_enrollment_is_409_and_names_the_school(world: World) -> None:
    sid = new_student(world)["id"]
    r = post(
        world,
        "/api/v1/enrollments",
        {
            "student": sid,
            "school": world.other.code,
            "grade_level": "9",
            "entry_date": "2026-09-01",
            "status": "10",
        },
        role="district_admin",
    )
    assert r.status_code == 409
    assert world.own.name in r.json()["detail"][0]["msg"]
    assert Enrollment.objects.filter(student_id=sid).count() == 1


def test_transfer_keeps_one_student_and_moves_the_enrollment(world: World) -> None:
    sid = new_student(world)["id"]
    r = post(
        world,
        "/api/v1/transfers",
        {"student": sid, "to_school": world.other.code, "date": "2026-11-02"},
    )
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["exited"]["exit_reason"] == "T160"
    assert body["exited"]["exit_date"] == body["entered"]["entry_date"] == "2026-11-02"
    assert body["entered"]["school"] == world.other.code
    assert Student.objects.filter(given_name="Lena").count() == 1


def test_transfer_to_the_same_school_is_a_conflict(world: World) -> None:
    sid = new_student(world)["id"]
    r = post(
        world,
        "/api/v1/transfers",
        {"student": sid, "to_school": world.own.code, "date": "2026-11-02"},
    )
    assert r.status_code == 409


def test_same_child_twice_needs_confirmation(world: World) -> None:
    new_student(world)
    body = student_body(world, "LENA", family_name="Ortíz")
    r = post(world, "/api/v1/students", body)
    assert r.status_code == 409
    detail = r.json()["detail"][0]
    assert detail["type"] == "possible_duplicate"
    assert len(detail["matches"]) == 1
    assert Student.objects.filter(birth_date="2011-02-03").count() == 1
    confirmed = post(world, "/api/v1/students", {**body, "confirm_different_child": True})
    assert confirmed.status_code == 201
    sid = confirmed.json()["id"]
    audit = Client().get(f"/api/v1/students/{sid}/audit", **world.api("registrar")).json()
    assert any("confirmed a different child" in e["reason"] for e in audit["items"])


def test_idempotent_replay_returns_first_answer_and_creates_nothing(world: World) -> None:
    body = student_body(world, "Once")
    first = post(world, "/api/v1/students", body, key="k-1")
    again = post(world, "/api/v1/students", body, key="k-1")
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert Student.objects.filter(given_name="Once").count() == 1


def test_same_key_with_other_body_is_409(world: World) -> None:
    body = student_body(world, "Once")
    assert post(world, "/api/v1/students", body, key="k-2").status_code == 201
    other = post(world, "/api/v1/students", {**body, "given_name": "Twice"}, key="k-2")
    assert other.status_code == 409
    assert not Student.objects.filter(given_name="Twice").exists()


def test_replayed_error_is_the_same_error(world: World) -> None:
    body = student_body(world, "")
    first = post(world, "/api/v1/students", body, key="k-3")
    again = post(world, "/api/v1/students", body, key="k-3")
    assert first.status_code == again.status_code == 422
    assert first.json() == again.json()


def test_keys_belong_to_their_user(world: World) -> None:
    body = student_body(world, "Mine")
    assert post(world, "/api/v1/students", body, key="shared").status_code == 201
    theirs = post(
        world,
        "/api/v1/students",
        {**body, "given_name": "Yours"},
        role="school_admin",
        key="shared",
    )
    assert theirs.status_code == 201


def test_teacher_cannot_exit_or_transfer(world: World) -> None:
    eid = world.child.enrollments.get().pk
    r = post(
        world,
        f"/api/v1/enrollments/{eid}/exit",
        {"exit_date": "2026-10-01", "exit_reason": "T200"},
        role="teacher",
    )
    assert r.status_code in (403, 404)
    t = post(
        world,
        "/api/v1/transfers",
        {"student": world.child.pk, "to_school": world.other.code, "date": "2026-11-02"},
        role="teacher",
    )
    assert t.status_code == 403
    assert world.child.enrollments.get().exit_date is None
