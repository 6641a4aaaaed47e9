"""The roster as the enrollment office sees and changes it: the student's classes page."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.test import Client
from django.urls import reverse

from homeroom.audit.models import AuditEvent
from homeroom.districts.models import Term
from homeroom.enrollment.models import Enrollment
from homeroom.scheduling.models import Section, SectionEnrollment
from tests import factories as f
from tests.conftest import World

TODAY = dt.date(2026, 9, 1)


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: TODAY)


@dataclass
class Page:
    world: World
    e: Enrollment
    fall: Term
    spring: Term
    summer: Term

    @property
    def url(self) -> str:
        return reverse("scheduling:placement", args=[self.e.pk])

    def section(self, title: str, period: str | None = None, term: Term | None = None) -> Section:
        p = None
        if period is not None:
            p = f.PeriodFactory(school=self.world.own, code=period, name=f"Period {period}")
        course = f.CourseFactory(school=self.world.own, title=title)
        return f.SectionFactory(course=course, period=p, term=term or self.fall)


@pytest.fixture
def page(world: World) -> Page:
    year = f.SchoolYearFactory(district=world.own.district)
    summer = f.TermFactory(
        school_year=year, code="SU", start_date=dt.date(2026, 7, 1), end_date=dt.date(2026, 8, 7)
    )
    fall = f.TermFactory(
        school_year=year, code="S1", start_date=dt.date(2026, 8, 12), end_date=dt.date(2026, 12, 18)
    )
    spring = f.TermFactory(
        school_year=year, code="S2", start_date=dt.date(2027, 1, 11), end_date=dt.date(2027, 6, 10)
    )
    student = f.StudentFactory(given_name="Pia", family_name="Placed")
    e = f.EnrollmentFactory(student=student, school=world.own, entry_date=dt.date(2026, 8, 12))
    return Page(world, e, fall, spring, summer)


def test_current_classes_are_this_schools_open_rows_in_period_order(page: Page) -> None:
    student = page.e.student
    biology = page.section("Biology", period="2")
    algebra = page.section("Algebra", period="1")
    chemistry = page.section("Chemistry", period="3")
    f.RosterFactory(section=biology, student=student, entry_date=dt.date(2026, 8, 12))
    f.RosterFactory(section=algebra, student=student, entry_date=dt.date(2026, 8, 12))
    f.RosterFactory(
        section=chemistry,
        student=student,
        entry_date=dt.date(2026, 8, 12),
        exit_date=dt.date(2026, 8, 20),
    )
    f.EnrollmentFactory(student=student, school=page.world.other, status="20")
    elsewhere = f.SectionFactory(course=f.CourseFactory(school=page.world.other, title="Band"))
    f.RosterFactory(section=elsewhere, student=student)
    response = page.world.client("registrar").get(page.url)
    assert response.status_code == 200
    shown = [row.section.course.title for row in response.context["current"]]
    assert shown == ["Algebra", "Biology"]


def test_classes_offered_are_those_not_yet_over_with_their_seats_taken(page: Page) -> None:
    algebra = page.section("Algebra", period="1")
    algebra.capacity = 3
    algebra.save()
    page.section("Summer Bridge", term=page.summer)
    page.section("Spring Art", term=page.spring)
    f.RosterFactory(section=algebra, entry_date=dt.date(2026, 8, 12))
    f.RosterFactory(  # left before today: the seat is free again
        section=algebra, entry_date=dt.date(2026, 8, 12), exit_date=dt.date(2026, 8, 28)
    )
    form = page.world.client("registrar").get(page.url).context["form"]
    offered = {s.course.title: s.taken for s in form.fields["section"].queryset}
    world_class = SectionEnrollment.objects.get(student=page.world.own_student).section
    assert offered == {"Algebra": 1, "Spring Art": 0, world_class.course.title: 2}


def test_placing_in_a_class_after_its_term_is_refused_on_the_day(page: Page) -> None:
    fall = page.section("Algebra", period="1")
    response = page.world.client("registrar").post(
        page.url, {"section": fall.pk, "day": "2027-01-12"}
    )
    assert response.status_code == 200
    assert "ended on 2026-12-18" in str(response.context["form"].errors["day"])
    assert not fall.roster.exists()


def test_placing_and_dropping_through_the_page_moves_the_teachers_view(page: Page) -> None:
    world = page.world
    teacher = world.users["teacher"]
    algebra = page.section("Algebra", period="1")
    algebra.teacher = teacher
    algebra.save()
    student_url = reverse("people:student", args=[page.e.student.pk])
    office = world.client("registrar")
    assert world.client("teacher").get(student_url).status_code == 404

    placed = office.post(page.url, {"section": algebra.pk, "day": TODAY.isoformat()})
    assert placed.status_code == 302
    row = SectionEnrollment.objects.get(section=algebra, student=page.e.student)
    assert world.client("teacher").get(student_url).status_code == 200

    dropped = office.post(page.url, {"action": "drop", "row": row.pk})
    assert dropped.status_code == 302
    row.refresh_from_db()
    assert row.exit_date == TODAY
    assert world.client("teacher").get(student_url).status_code == 404
    events = AuditEvent.objects.filter(
        model="scheduling.sectionenrollment", object_id=str(row.pk)
    ).order_by("id")
    assert [(e.action, e.actor_id, e.via) for e in events] == [
        ("create", world.users["registrar"].pk, "web"),
        ("update", world.users["registrar"].pk, "web"),
    ]


def test_a_row_of_another_student_cannot_be_dropped_from_this_page(page: Page) -> None:
    world = page.world
    other_row = SectionEnrollment.objects.get(student=world.own_student)
    response = world.client("registrar").post(page.url, {"action": "drop", "row": other_row.pk})
    assert response.status_code == 404
    other_row.refresh_from_db()
    assert other_row.exit_date is None


@pytest.mark.parametrize("role", ["teacher", "counselor", "nurse", "guardian", "student"])
def test_only_the_enrollment_office_sees_the_classes_page(page: Page, role: str) -> None:
    assert page.world.client(role).get(page.url).status_code == 404
    assert page.world.client("school_admin").get(page.url).status_code == 200
    assert Client().get(page.url).status_code == 302
