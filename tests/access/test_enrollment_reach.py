"""Issue #8, findings 1 to 3: who may act on a student's enrollments, through pages and API.

The authorization matrix checks every endpoint with students who are where they were
enrolled. These tests add the students who moved: one who left the own school for
another (a closed own-school enrollment, within the office's former-student window),
one who left years ago, and another school's student whom an own-school office tries to
enroll or take in. Every page and API action that names an enrollment is tried on each,
by every role, and the records must not change.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from homeroom.audit.models import Disclosure
from homeroom.districts.models import ReceivingSchoolAccess
from homeroom.enrollment.models import Enrollment, EnrollmentClaim
from homeroom.enrollment.services import student_transfer
from homeroom.notices.models import Notice
from homeroom.people.models import Student
from tests import factories as f
from tests.conftest import ROLES, World

EDITORS_AT_OWN = ("school_admin", "registrar")


@dataclass
class Moved:
    """A student who entered the own school and was moved by the district to the other."""

    student: Student
    closed: Enrollment  # at the own school, ended
    current: Enrollment  # at the other school, open
    third: Any  # a third school of the district


def _today() -> dt.date:
    return timezone.localdate()


@pytest.fixture
def moved(world: World) -> Moved:
    today = _today()
    student = f.StudentFactory(given_name="Sam", family_name="Moved")
    f.EnrollmentFactory(student=student, school=world.own, entry_date=today - dt.timedelta(100))
    closed, current = student_transfer(
        student=student, to_school=world.other, date=today - dt.timedelta(30)
    )
    third = f.SchoolFactory(name="Third High", code="3333333", district=world.own.district)
    return Moved(student, closed, current, third)


@pytest.fixture
def long_gone(world: World) -> Enrollment:
    """An own-school enrollment that ended three years ago; the student is nowhere now."""
    today = _today()
    student = f.StudentFactory(given_name="Lou", family_name="Longgone")
    return f.EnrollmentFactory(
        student=student,
        school=world.own,
        entry_date=today - dt.timedelta(days=5 * 365),
        exit_date=today - dt.timedelta(days=3 * 365),
        exit_reason="T200",
    )


def _where(student: Student, day: dt.date) -> list[tuple[int, str]]:
    return sorted(
        Enrollment.objects.on(day).filter(student=student).values_list("school_id", "status")
    )


def _history(student: Student) -> list[tuple[Any, ...]]:
    return list(
        Enrollment.objects.filter(student=student)
        .order_by("pk")
        .values_list("pk", "school_id", "entry_date", "exit_date", "exit_reason", "grade_level")
    )


def _api(world: World, role: str, path: str, body: dict[str, Any]) -> Any:
    return Client().post(
        path, data=json.dumps(body), content_type="application/json", **world.api(role)
    )


# ---- finding 1: the sending school is the school the student attends ---------------------


def _page_actions(moved: Moved) -> dict[str, dict[str, Any]]:
    today = _today().isoformat()
    return {
        "transfer": {"transfer-to_school": moved.third.pk, "transfer-date": today},
        "exit": {"exit-exit_date": today, "exit-exit_reason": "T200"},
        "arrived": {"arrived-date": today},
        "no_show": {"no_show-reason": "never came"},
        "grade": {"grade-date": today, "grade-grade_level": "10"},
    }


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", ["transfer", "exit", "arrived", "no_show", "grade"])
def test_no_page_action_on_a_closed_enrollment_changes_the_student(
    world: World, moved: Moved, role: str, action: str
) -> None:
    before = _history(moved.student)
    body = {"action": action, **_page_actions(moved)[action]}
    response = world.client(role).post(reverse("enrollment:manage", args=[moved.closed.pk]), body)
    assert response.status_code in (200, 404)
    assert _history(moved.student) == before
    assert _where(moved.student, _today()) == [(world.other.pk, "10")]


@pytest.mark.parametrize("role", EDITORS_AT_OWN)
def test_the_former_school_reads_the_closed_enrollment_but_cannot_transfer_from_it(
    world: World, moved: Moved, role: str
) -> None:
    client = world.client(role)
    url = reverse("enrollment:manage", args=[moved.closed.pk])
    assert client.get(url).status_code == 200  # a former student, inside the window
    response = client.post(url, {"action": "transfer", **_page_actions(moved)["transfer"]})
    assert response.status_code == 200
    assert _where(moved.student, _today()) == [(world.other.pk, "10")]


@pytest.mark.parametrize("role", EDITORS_AT_OWN)
def test_the_api_transfer_by_the_former_school_is_refused(
    world: World, moved: Moved, role: str
) -> None:
    body = {"student": moved.student.pk, "to_school": "3333333", "date": _today().isoformat()}
    response = _api(world, role, "/api/v1/transfers", body)
    assert response.status_code == 403
    assert _where(moved.student, _today()) == [(world.other.pk, "10")]


def test_a_transfer_that_names_a_stale_enrollment_is_refused_by_the_service(
    world: World, moved: Moved
) -> None:
    from homeroom.lib.errors import Conflict

    with pytest.raises(Conflict):
        student_transfer(
            student=moved.student, to_school=moved.third, date=_today(), sending=moved.closed
        )
    assert _where(moved.student, _today()) == [(world.other.pk, "10")]


def test_the_current_school_still_transfers_from_its_page(world: World, moved: Moved) -> None:
    user = f.UserFactory(username="other-office")
    f.RoleFactory(user=user, role="registrar", school=world.other)
    client = Client()
    client.force_login(user)
    url = reverse("enrollment:manage", args=[moved.current.pk])
    response = client.post(url, {"action": "transfer", **_page_actions(moved)["transfer"]})
    assert response.status_code == 302
    assert _where(moved.student, _today()) == [(moved.third.pk, "10")]


# ---- finding 2: former students are not readable through pages --------------------------


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", ["enrollment:manage", "scheduling:placement"])
def test_a_student_who_left_years_ago_is_404_on_every_page(
    world: World, long_gone: Enrollment, role: str, page: str
) -> None:
    response = world.client(role).get(reverse(page, args=[long_gone.pk]))
    expected = 200 if role == "district_admin" else 404
    assert response.status_code == expected
    if expected == 404:
        assert long_gone.student.family_name not in response.content.decode()
        assert Disclosure.objects.filter(
            student_id=long_gone.student_id, outcome="denied", actor=world.users[role]
        ).exists()


def test_an_enrollment_page_read_is_disclosed(world: World, moved: Moved) -> None:
    world.client("registrar").get(reverse("enrollment:manage", args=[moved.closed.pk]))
    row = Disclosure.objects.get(student_id=moved.student.pk, actor=world.users["registrar"])
    assert row.outcome == "granted"


def test_the_api_exit_of_a_long_gone_enrollment_is_404(world: World, long_gone: Enrollment) -> None:
    body = {"exit_date": _today().isoformat(), "exit_reason": "T200"}
    response = _api(world, "registrar", f"/api/v1/enrollments/{long_gone.pk}/exit", body)
    assert response.status_code == 404


@pytest.mark.parametrize("days_ago", [2 * 365, 40 * 365])
def test_the_report_does_not_reach_back_past_the_window(
    world: World, long_gone: Enrollment, days_ago: int
) -> None:
    day = _today() - dt.timedelta(days=days_ago)
    response = world.client("registrar").get(
        reverse("enrollment:report"), {"date": day.isoformat(), "school": world.own.code}
    )
    assert response.status_code == 200
    assert response.context["report"].day == _today()
    assert long_gone.student.family_name not in response.content.decode()


# ---- finding 3: no record is taken over by enrolling it -----------------------------------


def _secondary(world: World, student: Student, **extra: Any) -> dict[str, Any]:
    return {
        "student": student.pk,
        "school": world.own.code,
        "grade_level": "9",
        "entry_date": _today().isoformat(),
        "status": "20",
        **extra,
    }


def _read(world: World, role: str, student: Student) -> int:
    return Client().get(f"/api/v1/students/{student.pk}", **world.api(role)).status_code


@pytest.mark.parametrize("role", EDITORS_AT_OWN)
def test_a_secondary_enrollment_of_another_schools_student_needs_a_reason(
    world: World, role: str
) -> None:
    response = _api(world, role, "/api/v1/enrollments", _secondary(world, world.other_student))
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "reason"]
    assert not EnrollmentClaim.objects.exists()
    assert _read(world, role, world.other_student) == 404


@pytest.mark.parametrize("role", EDITORS_AT_OWN)
def test_by_default_the_request_waits_and_the_record_stays_closed(world: World, role: str) -> None:
    body = _secondary(world, world.other_student, reason="Dual enrollment: robotics")
    response = _api(world, role, "/api/v1/enrollments", body)
    assert response.status_code == 202
    assert response.json()["state"] == "pending"
    assert response.json()["from_school"] == world.other.code
    assert not Enrollment.objects.filter(student=world.other_student, school=world.own).exists()
    assert _read(world, role, world.other_student) == 404
    disclosed = Disclosure.objects.get(
        student_id=world.other_student.pk, actor=world.users[role], outcome="granted"
    )
    assert "Dual enrollment: robotics" in disclosed.purpose
    notice = Notice.objects.get(school=world.other, kind="enrollment_request")
    assert "Dual enrollment: robotics" in notice.body
    assert notice.student_id == world.other_student.pk


def test_the_current_school_confirms_and_then_the_record_opens(world: World) -> None:
    body = _secondary(world, world.other_student, reason="Dual enrollment: robotics")
    claim_id = _api(world, "registrar", "/api/v1/enrollments", body).json()["id"]
    # The asking school cannot confirm its own request.
    mine = _api(world, "registrar", f"/api/v1/enrollment-claims/{claim_id}/confirm", {})
    assert mine.status_code == 404
    other = f.UserFactory(username="other-office")
    f.RoleFactory(user=other, role="registrar", school=world.other)
    world.users["other_office"] = other
    listed = Client().get("/api/v1/enrollment-claims", **world.api("other_office")).json()
    assert [c["id"] for c in listed["items"]] == [claim_id]
    done = _api(world, "other_office", f"/api/v1/enrollment-claims/{claim_id}/confirm", {})
    assert done.status_code == 200
    assert done.json()["state"] == "confirmed"
    assert _read(world, "registrar", world.other_student) == 200
    told = Notice.objects.get(school=world.own, kind="enrollment_request")
    assert "confirmed" in told.subject
    again = _api(world, "other_office", f"/api/v1/enrollment-claims/{claim_id}/decline", {})
    assert again.status_code == 409


def test_a_declined_request_changes_nothing(world: World) -> None:
    body = _secondary(world, world.other_student, reason="Dual enrollment: robotics")
    claim_id = _api(world, "registrar", "/api/v1/enrollments", body).json()["id"]
    done = _api(world, "district_admin", f"/api/v1/enrollment-claims/{claim_id}/decline", {})
    assert done.json()["state"] == "declined"
    assert not Enrollment.objects.filter(student=world.other_student, school=world.own).exists()
    assert _read(world, "registrar", world.other_student) == 404


@pytest.mark.parametrize("grade", ["10", "11", "12"])
def test_the_grade_must_be_the_students_current_grade(world: World, grade: str) -> None:
    body = _secondary(world, world.other_student, reason="robotics", grade_level=grade)
    response = _api(world, "registrar", "/api/v1/enrollments", body)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "grade_level"]
    assert not EnrollmentClaim.objects.exists()


def test_a_district_may_let_requests_take_effect_at_once(world: World) -> None:
    district = world.own.district
    district.receiving_school_access = ReceivingSchoolAccess.IMMEDIATE
    district.save()
    body = _secondary(world, world.other_student, reason="Dual enrollment: robotics")
    response = _api(world, "registrar", "/api/v1/enrollments", body)
    assert response.status_code == 202
    assert response.json()["state"] == "confirmed"
    assert response.json()["enrollment"] is not None
    assert _read(world, "registrar", world.other_student) == 200
    claim = EnrollmentClaim.objects.get()
    assert claim.from_school == world.other  # the current school can see what happened


def test_a_transfer_in_by_the_receiving_school_is_a_request(world: World) -> None:
    body = {
        "student": world.other_student.pk,
        "to_school": world.own.code,
        "date": _today().isoformat(),
        "reason": "The family moved",
    }
    response = _api(world, "registrar", "/api/v1/transfers", body)
    assert response.status_code == 202
    assert _where(world.other_student, _today()) == [(world.other.pk, "10")]
    response = _api(world, "registrar", "/api/v1/transfers", {**body, "reason": ""})
    assert response.status_code == 422


def test_a_primary_enrollment_beside_another_schools_is_a_conflict(world: World) -> None:
    body = _secondary(world, world.other_student, reason="x", status="10")
    response = _api(world, "registrar", "/api/v1/enrollments", body)
    assert response.status_code == 409
    assert not EnrollmentClaim.objects.exists()
