"""``homeroom seed``: a small district has every part a demo needs."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from homeroom.access.models import RoleAssignment, User
from homeroom.access.policy import visible_students
from homeroom.audit.models import AuditEvent
from homeroom.audit.recorder import diff, snapshot
from homeroom.counseling.models import CaseloadAssignment
from homeroom.districts.models import BellSchedule, CalendarDay, Room, School, Term
from homeroom.enrollment.models import Enrollment
from homeroom.people.models import Guardian, Student, StudentGuardian
from homeroom.people.selectors import student_search
from homeroom.scheduling.models import Section, SectionEnrollment

LEVELS = {"elementary", "middle", "high"}
SCHOOL_ROLES = {"school_admin", "registrar", "counselor", "nurse", "teacher"}


def test_every_school_level_has_a_year_calendar_bells_and_rooms(district: int) -> None:
    schools = list(School.objects.all())
    assert {s.level for s in schools} == LEVELS
    assert {t.code for t in Term.objects.all()} == {"S1", "S2"}
    for school in schools:
        kinds = set(
            CalendarDay.objects.filter(calendar__school=school).values_list("kind", flat=True)
        )
        assert kinds == {"instructional", "minimum", "holiday", "staff"}
        bells = set(BellSchedule.objects.filter(school=school).values_list("name", flat=True))
        assert {"Regular", "Minimum day"} <= bells
        if school.level == "high":
            assert {"Block A day", "Block B day"} <= bells
            rotations = CalendarDay.objects.filter(calendar__school=school, rotation="A")
            assert rotations.filter(bell_schedule__name="Block A day").exists()
        if school.level != "elementary":
            assert any("science-lab" in r.features for r in Room.objects.filter(school=school))


def test_every_role_is_held_at_every_school(district: int) -> None:
    assert RoleAssignment.objects.filter(role="district_admin", school=None).exists()
    for school in School.objects.all():
        held = set(RoleAssignment.objects.filter(school=school).values_list("role", flat=True))
        assert held == SCHOOL_ROLES


@pytest.mark.parametrize(
    "username",
    [
        "demo-admin", "demo-school-admin", "demo-registrar", "demo-counselor", "demo-nurse",
        "demo-teacher", "demo-guardian", "demo-student",
    ],
)  # fmt: skip
def test_every_demo_login_signs_in(district: int, username: str) -> None:
    client = Client()
    response = client.post(
        reverse("login"), {"username": username, "password": "homeroom-demo-2026"}
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(User.objects.get(username=username).pk)


def test_other_seeded_staff_cannot_sign_in(district: int) -> None:
    staff = User.objects.exclude(username__startswith="demo-").first()
    assert staff is not None
    assert not staff.has_usable_password()


def test_demo_staff_see_their_students(district: int) -> None:
    teacher = User.objects.get(username="demo-teacher")
    assert Section.objects.filter(teacher=teacher, roster__isnull=False).distinct().count() == 5
    school = RoleAssignment.objects.get(user=teacher).school
    assert school is not None
    assert school.level == "high"
    taught = visible_students(teacher)
    assert taught.exists()
    assert not taught.exclude(enrollments__school=school).exists()
    counselor = User.objects.get(username="demo-counselor")
    assert CaseloadAssignment.objects.filter(counselor=counselor).exists()
    guardian = Guardian.objects.get(user__username="demo-guardian")
    rights = StudentGuardian.objects.filter(guardian=guardian, educational_rights=True)
    assert rights.count() == 2
    assert Student.objects.filter(user__username="demo-student").count() == 1


def test_each_student_has_one_primary_enrollment_in_a_school_serving_the_grade(
    district: int,
) -> None:
    enrollments = Enrollment.objects.select_related("school")
    assert enrollments.count() == Student.objects.count() == district
    assert enrollments.values("student").distinct().count() == district
    for e in enrollments:
        assert e.status == "10"
        assert e.exit_date is None
        assert e.school.serves_grade(e.grade_level)


def test_ssids_are_unique_ten_digits_on_most_students(district: int) -> None:
    ssids = list(Student.objects.exclude(ssid=None).values_list("ssid", flat=True))
    assert 0.6 * district < len(ssids) < 0.8 * district
    assert len(set(ssids)) == len(ssids)
    assert all(len(s) == 10 and s.isdigit() for s in ssids)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("obrien", {"O'Brien", "O’Brien", "O'Brien-Nguyễn"}),
        ("nguyen", {"Nguyễn", "O'Brien-Nguyễn"}),
        ("dang", {"Đặng"}),
        ("小龍", {"李", ""}),
        ("madonna", {""}),
        ("garcia lopez", {"García-López"}),
    ],
)
def test_hard_names_are_stored_unchanged_and_found(
    district: int, query: str, expected: set[str]
) -> None:
    admin = User.objects.get(username="demo-admin")
    found = {s.family_name for s in student_search(user=admin, query=query, limit=500)}
    assert expected <= found


def test_one_part_and_cjk_names_are_stored_as_given(district: int) -> None:
    assert Student.objects.filter(given_name="Madonna", family_name="").exists()
    assert Student.objects.filter(given_name="李小龍", family_name="").exists()
    assert Student.objects.filter(given_name="小龍", family_name="李").exists()
    assert Student.objects.filter(family_name="O’Brien").exists()
    assert Student.objects.filter(family_name="de la Cruz", suffix="Jr.").exists()


@pytest.mark.parametrize(
    "model", [Student, Guardian, StudentGuardian, Enrollment, SectionEnrollment]
)
def test_every_student_record_has_its_create_event(district: int, model) -> None:  # type: ignore[no-untyped-def]
    label = model._meta.label_lower
    events = AuditEvent.objects.filter(model=label, action="create")
    assert events.count() == model.objects.count()
    sample = model.objects.order_by("pk").last()
    event = events.get(object_id=str(sample.pk))
    assert event.actor_label == "system:seed"
    assert event.via == "command"
    assert event.changes == diff({}, snapshot(sample))
    if model is not Guardian:
        assert event.student_id is not None


def test_demo_logins_prints_one_row_per_role(district: int) -> None:
    out = io.StringIO()
    call_command("demo_logins", stdout=out)
    text = out.getvalue()
    assert "http://127.0.0.1:8000/login/" in text
    for username in ("demo-admin", "demo-registrar", "demo-teacher", "demo-guardian"):
        assert username in text
    assert text.count("homeroom-demo-2026") == 8
