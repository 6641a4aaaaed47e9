"""``GET /api/v1/schools``: which schools each role sees, and what is said of each."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from homeroom.access.models import User
from homeroom.access.services import token_create
from tests import factories as f
from tests.conftest import World


def schools_seen(world: World, role: str) -> list[str]:
    response = Client().get("/api/v1/schools", **world.api(role))
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["count"] == len(body["items"])
    return [item["code"] for item in body["items"]]


def test_the_district_administrator_sees_every_school_by_name(world: World) -> None:
    f.SchoolFactory(name="Alder Elementary", code="3000001", district=world.own.district)
    assert schools_seen(world, "district_admin") == ["3000001", "2222222", "1111111"]


@pytest.mark.parametrize("role", ["school_admin", "registrar", "counselor", "nurse", "teacher"])
def test_school_staff_see_only_the_schools_they_serve(world: World, role: str) -> None:
    assert schools_seen(world, role) == [world.own.code]


def test_staff_serving_two_schools_see_both(world: World) -> None:
    f.RoleFactory(user=world.users["teacher"], role="teacher", school=world.other)
    assert schools_seen(world, "teacher") == [world.other.code, world.own.code]


@pytest.mark.parametrize("role", ["guardian", "student"])
def test_families_see_the_school_the_child_attends(world: World, role: str) -> None:
    assert schools_seen(world, role) == [world.own.code]


def test_families_do_not_see_a_school_the_child_has_left(world: World) -> None:
    f.EnrollmentFactory(
        student=world.child,
        school=world.other,
        entry_date=dt.date(2018, 8, 15),
        exit_date=dt.date(2019, 6, 10),
        exit_reason="T160",
    )
    assert schools_seen(world, "guardian") == [world.own.code]
    assert schools_seen(world, "student") == [world.own.code]


def test_an_account_with_no_role_sees_no_school(world: World) -> None:
    nobody: User = f.UserFactory(username="nobody")
    token = token_create(user=nobody)
    response = Client().get("/api/v1/schools", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200
    assert response.json() == {"items": [], "count": 0}


def test_the_list_needs_a_token() -> None:
    assert Client().get("/api/v1/schools").status_code == 401


def test_each_school_is_described_with_its_district_and_grade_span(world: World) -> None:
    district = world.own.district
    response = Client().get("/api/v1/schools", **world.api("registrar"))
    assert response.json()["items"] == [
        {
            "code": "1111111",
            "name": "Own High",
            "county_district_code": district.cds_code,
            "district": district.name,
            "level": "high",
            "low_grade": "9",
            "high_grade": "12",
        }
    ]
