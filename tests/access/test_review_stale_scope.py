"""Review of issue #8, class of findings 1 to 3: stale records must not keep a door open.

A student who moved from the own school to the other one leaves behind records that
are no longer current: a closed enrollment, roster rows and caseload rows at the own
school. None of them may let a role at the own school keep reading the student or
change their classes. Found by replaying the issue's attacks with more cases.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from homeroom.audit.models import Disclosure, DisclosureStudent
from homeroom.enrollment.models import Enrollment, EnrollmentClaim
from homeroom.enrollment.services import student_transfer
from homeroom.people.models import Student
from homeroom.scheduling.models import Section, SectionEnrollment
from tests import factories as f
from tests.conftest import World


def _today() -> dt.date:
    return timezone.localdate()


def _section(world: World) -> Section:
    """A class at the own school whose term runs from well before today to well after."""
    today = _today()
    term = f.TermFactory(start_date=today - dt.timedelta(200), end_date=today + dt.timedelta(200))
    course = f.CourseFactory(school=world.own)
    return f.SectionFactory(course=course, term=term, teacher=world.users["teacher"])


@pytest.fixture
def left(world: World) -> tuple[Student, Enrollment, Section]:
    """A student in the teacher's class and the counselor's caseload who then moved away.

    The district moved them to the other school 30 days ago. The caseload row stays (a
    caseload has no dates); the class row is left open as a transfer made before
    transfers ended classes left it, or as any import may.
    """
    today = _today()
    student = f.StudentFactory(given_name="Kit", family_name="Leaver")
    f.EnrollmentFactory(student=student, school=world.own, entry_date=today - dt.timedelta(100))
    section = _section(world)
    f.RosterFactory(section=section, student=student, entry_date=today - dt.timedelta(100))
    f.CaseloadFactory(counselor=world.users["counselor"], student=student)
    closed, _opened = student_transfer(
        student=student, to_school=world.other, date=today - dt.timedelta(30)
    )
    SectionEnrollment.objects.filter(student=student).update(exit_date=None)
    return student, closed, section


def _api_read(world: World, role: str, student: Student) -> int:
    return Client().get(f"/api/v1/students/{student.pk}", **world.api(role)).status_code


@pytest.mark.parametrize("role", ["teacher", "counselor"])
def test_a_class_or_caseload_row_left_open_grants_nothing_once_the_student_left(
    world: World, left: tuple[Student, Enrollment, Section], role: str
) -> None:
    student = left[0]
    assert _api_read(world, role, student) == 404
    page = world.client(role).get(reverse("people:student", args=[student.pk]))
    assert page.status_code == 404
    assert student.family_name not in page.content.decode()


@pytest.mark.parametrize("role", ["teacher", "counselor"])
def test_teacher_and_counselor_still_read_the_students_who_stay(world: World, role: str) -> None:
    assert _api_read(world, role, world.own_student) == 200


def test_no_class_is_added_through_a_closed_enrollments_page(
    world: World, left: tuple[Student, Enrollment, Section]
) -> None:
    """A past day inside the closed enrollment would open a roster row with no end."""
    student, closed, _ = left
    other_class = _section(world)
    day = (_today() - dt.timedelta(60)).isoformat()
    url = reverse("scheduling:placement", args=[closed.pk])
    world.client("registrar").post(url, {"section": other_class.pk, "day": day})
    assert not SectionEnrollment.objects.filter(student=student, section=other_class).exists()


def test_no_class_is_dropped_through_a_closed_enrollments_page(
    world: World, left: tuple[Student, Enrollment, Section]
) -> None:
    student, closed, section = left
    row = SectionEnrollment.objects.get(student=student, section=section)
    url = reverse("scheduling:placement", args=[closed.pk])
    world.client("registrar").post(url, {"action": "drop", "row": row.pk})
    row.refresh_from_db()
    assert row.exit_date is None


def test_the_open_enrollments_page_still_places_a_student(world: World) -> None:
    e = Enrollment.objects.get(student=world.own_student, school=world.own)
    e.entry_date = _today() - dt.timedelta(300)
    e.save()
    other_class = _section(world)
    url = reverse("scheduling:placement", args=[e.pk])
    world.client("registrar").post(url, {"section": other_class.pk, "day": _today().isoformat()})
    assert SectionEnrollment.objects.filter(student=world.own_student, section=other_class).exists()


# ---- requests (claims): listed through the API, decided by the school that holds -----------


def _api(world: World, role: str, path: str, body: dict[str, Any]) -> Any:
    return Client().post(
        path, data=json.dumps(body), content_type="application/json", **world.api(role)
    )


def _ask_for_other_student(world: World) -> int:
    body = {
        "student": world.other_student.pk,
        "school": world.own.code,
        "grade_level": "9",
        "entry_date": _today().isoformat(),
        "status": "20",
        "reason": "Dual enrollment: robotics",
    }
    response = _api(world, "registrar", "/api/v1/enrollments", body)
    assert response.status_code == 202
    return int(response.json()["id"])


def _other_office(world: World) -> None:
    user = f.UserFactory(username="other-office")
    f.RoleFactory(user=user, role="registrar", school=world.other)
    world.users["other_office"] = user


def test_the_api_list_of_requests_is_disclosed(world: World) -> None:
    _ask_for_other_student(world)
    _other_office(world)
    actor = world.users["other_office"]
    listed = Client().get("/api/v1/enrollment-claims", **world.api("other_office"))
    assert listed.json()["count"] == 1
    named = DisclosureStudent.objects.filter(
        disclosure__actor=actor, disclosure__outcome="granted", student_id=world.other_student.pk
    )
    assert named.exists()


def test_a_school_the_student_left_no_longer_decides_the_request(world: World) -> None:
    """The request went to the other school; the district then moved the student to a
    third one. The other school's office may no longer let the own school in."""
    claim_id = _ask_for_other_student(world)
    _other_office(world)
    third = f.SchoolFactory(name="Third High", code="3333333", district=world.own.district)
    student_transfer(student=world.other_student, to_school=third, date=_today())
    path = f"/api/v1/enrollment-claims/{claim_id}/confirm"
    response = _api(world, "other_office", path, {})
    assert response.status_code in (404, 409)
    assert not Enrollment.objects.filter(student=world.other_student, school=world.own).exists()
    assert EnrollmentClaim.objects.get(pk=claim_id).state == "pending"


def test_a_request_to_a_school_the_student_left_is_not_applied_even_by_the_district(
    world: World,
) -> None:
    claim_id = _ask_for_other_student(world)
    third = f.SchoolFactory(name="Third High", code="3333333", district=world.own.district)
    student_transfer(student=world.other_student, to_school=third, date=_today())
    response = _api(world, "district_admin", f"/api/v1/enrollment-claims/{claim_id}/confirm", {})
    assert response.status_code == 409
    assert not Enrollment.objects.filter(student=world.other_student, school=world.own).exists()


# ---- a duplicate check that names existing students is a read ---------------------------------


def test_the_apis_possible_duplicate_answer_is_disclosed(world: World) -> None:
    other = world.other_student
    body = {
        "given_name": other.given_name,
        "family_name": other.family_name,
        "birth_date": other.birth_date.isoformat(),
        "school": world.own.code,
        "grade_level": "9",
    }
    response = _api(world, "registrar", "/api/v1/students", body)
    assert response.status_code == 409
    assert other.district_id in json.dumps(response.json())
    disclosed = Disclosure.objects.filter(
        actor=world.users["registrar"], named__student_id=other.pk
    ).exclude(outcome="denied")
    assert disclosed.exists()


def test_the_roster_service_opens_no_row_under_an_enrollment_that_has_ended(
    world: World, left: tuple[Student, Enrollment, Section]
) -> None:
    from homeroom.lib.errors import RuleError
    from homeroom.scheduling.services import roster_add

    student = left[0]
    with pytest.raises(RuleError):
        roster_add(student=student, section=_section(world), day=_today() - dt.timedelta(60))


# ---- notices name students: a page of them is a list like any other ------------------------


@pytest.mark.parametrize("page", ["notices:list", "dashboard"])
def test_a_page_of_notices_naming_a_student_is_disclosed(world: World, page: str) -> None:
    from homeroom.notices.services import notice_school_office

    subject = f"Other High asks to enroll {world.other_student.display_name}"
    notice_school_office(
        world.own, "enrollment_request", subject, "", student_id=world.other_student.pk
    )
    response = world.client("registrar").get(reverse(page))
    assert world.other_student.display_name in response.content.decode()
    named = DisclosureStudent.objects.filter(
        disclosure__actor=world.users["registrar"], student_id=world.other_student.pk
    )
    assert named.exists()


# ---- the office reads a former student, but the record belongs to the current school -------


@pytest.mark.parametrize("role", ["registrar", "school_admin"])
def test_the_former_school_reads_but_no_longer_changes_the_record(
    world: World, left: tuple[Student, Enrollment, Section], role: str
) -> None:
    student = left[0]
    assert _api_read(world, role, student) == 200  # inside the former-student window
    response = Client().patch(
        f"/api/v1/students/{student.pk}",
        data=json.dumps({"family_name": "Renamed", "reason": "correction"}),
        content_type="application/json",
        **world.api(role),
    )
    assert response.status_code == 403
    student.refresh_from_db()
    assert student.family_name == "Leaver"


@pytest.mark.parametrize("role", ["registrar", "district_admin"])
def test_the_current_office_and_the_district_still_change_the_record(
    world: World, role: str
) -> None:
    response = Client().patch(
        f"/api/v1/students/{world.own_student.pk}",
        data=json.dumps({"family_name": "Renamed", "reason": "correction"}),
        content_type="application/json",
        **world.api(role),
    )
    assert response.status_code == 200
    world.own_student.refresh_from_db()
    assert world.own_student.family_name == "Renamed"


# ---- enrolling from a day after another school's planned exit is not a re-entry ------------


@pytest.mark.parametrize("status", ["10", "20"])
def test_a_future_entry_after_a_planned_exit_does_not_open_the_record_today(
    world: World, status: str
) -> None:
    """The other school has recorded that the student leaves in ten days. An enrollment
    from the day after is not a re-entry of a student nobody holds: today the other
    school still holds them, so the own office gets no record by enrolling ahead."""
    current = Enrollment.objects.get(student=world.other_student, school=world.other)
    current.exit_date, current.exit_reason = _today() + dt.timedelta(10), "T200"
    current.save()
    body = {
        "student": world.other_student.pk,
        "school": world.own.code,
        "grade_level": "9",
        "entry_date": (_today() + dt.timedelta(20)).isoformat(),
        "status": status,
        "reason": "Moving here next month",
    }
    response = _api(world, "registrar", "/api/v1/enrollments", body)
    assert response.status_code in (202, 409)
    assert not Enrollment.objects.filter(student=world.other_student, school=world.own).exists()
    assert _api_read(world, "registrar", world.other_student) == 404


# ---- a refused request that tells the student's school or grade is a read ------------------


@pytest.mark.parametrize(
    ("extra", "status"),
    [({"grade_level": "11", "reason": "robotics"}, 422), ({"status": "10", "reason": "x"}, 409)],
)
def test_a_refused_request_that_names_the_current_school_or_grade_is_disclosed(
    world: World, extra: dict[str, str], status: int
) -> None:
    body = {
        "student": world.other_student.pk,
        "school": world.own.code,
        "grade_level": "9",
        "entry_date": _today().isoformat(),
        "status": "20",
        **extra,
    }
    response = _api(world, "registrar", "/api/v1/enrollments", body)
    assert response.status_code == status
    named = DisclosureStudent.objects.filter(
        disclosure__actor=world.users["registrar"], student_id=world.other_student.pk
    )
    assert named.exists()


def test_the_intake_enroll_page_discloses_the_enrollment_it_shows(world: World) -> None:
    page = world.client("registrar").get(
        reverse("enrollment:enroll", args=[world.other_student.pk])
    )
    assert world.other.name in page.content.decode()
    row = Disclosure.objects.get(actor=world.users["registrar"], purpose="intake: enroll")
    assert "enrollment" in row.aspects


def test_a_transfer_ends_the_students_classes_at_the_school_they_leave(world: World) -> None:
    today = _today()
    student = f.StudentFactory(given_name="Rue", family_name="Mover")
    f.EnrollmentFactory(student=student, school=world.own, entry_date=today - dt.timedelta(100))
    section = _section(world)
    f.RosterFactory(section=section, student=student, entry_date=today - dt.timedelta(100))
    student_transfer(student=student, to_school=world.other, date=today - dt.timedelta(30))
    row = SectionEnrollment.objects.get(student=student, section=section)
    assert row.exit_date == today - dt.timedelta(30)


def test_a_grade_change_keeps_the_students_classes(world: World) -> None:
    from homeroom.enrollment.services import enrollment_change_grade

    today = _today()
    e = Enrollment.objects.get(student=world.own_student)
    e.entry_date = today - dt.timedelta(100)
    e.save()
    section = _section(world)
    f.RosterFactory(section=section, student=world.own_student, entry_date=e.entry_date)
    enrollment_change_grade(enrollment=e, date=today - dt.timedelta(10), grade_level="10")
    assert (
        SectionEnrollment.objects.get(student=world.own_student, section=section).exit_date is None
    )
