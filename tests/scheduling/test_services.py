"""Placing students in sections and taking them out: the roster's rules and its trail."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.db.models import ProtectedError

from homeroom.audit.context import Actor, acting_as
from homeroom.audit.models import AuditEvent
from homeroom.districts.models import School, Term
from homeroom.lib.errors import Conflict, RuleError
from homeroom.people.models import Student
from homeroom.scheduling.models import Section, SectionEnrollment
from homeroom.scheduling.services import roster_add, roster_drop
from tests import factories as f

pytestmark = pytest.mark.django_db

FALL_DAY = dt.date(2026, 9, 1)


@dataclass
class Setting:
    school: School
    fall: Term
    spring: Term
    student: Student


@pytest.fixture
def setting() -> Setting:
    school = f.SchoolFactory(name="Roster High")
    year = f.SchoolYearFactory(district=school.district)
    fall = f.TermFactory(
        school_year=year, code="S1", start_date=dt.date(2026, 8, 12), end_date=dt.date(2026, 12, 18)
    )
    spring = f.TermFactory(
        school_year=year, code="S2", start_date=dt.date(2027, 1, 11), end_date=dt.date(2027, 6, 10)
    )
    student = f.StudentFactory(given_name="Rosa", family_name="Park")
    f.EnrollmentFactory(student=student, school=school, entry_date=dt.date(2026, 8, 12))
    return Setting(school, fall, spring, student)


def section(
    s: Setting, *, term: Term | None = None, period: str | None = None, **kw: object
) -> Section:
    course = f.CourseFactory(school=s.school)
    p = f.PeriodFactory(school=s.school, code=period) if period else None
    return f.SectionFactory(course=course, term=term or s.fall, period=p, **kw)


def enrolled_student(s: Setting) -> Student:
    student = f.StudentFactory()
    f.EnrollmentFactory(student=student, school=s.school, entry_date=dt.date(2026, 8, 12))
    return student


# ---- placing ------------------------------------------------------------------------------


def test_a_student_enrolled_at_the_school_is_placed_from_the_day_given(setting: Setting) -> None:
    algebra = section(setting)
    row = roster_add(student=setting.student, section=algebra, day=FALL_DAY)
    assert (row.section, row.student, row.entry_date, row.exit_date) == (
        algebra,
        setting.student,
        FALL_DAY,
        None,
    )
    assert list(algebra.roster.all()) == [row]


def test_a_student_of_another_school_is_refused_and_nothing_is_written(setting: Setting) -> None:
    elsewhere = f.StudentFactory()
    f.EnrollmentFactory(student=elsewhere, school=f.SchoolFactory(district=setting.school.district))
    algebra = section(setting)
    with pytest.raises(RuleError) as caught:
        roster_add(student=elsewhere, section=algebra, day=FALL_DAY)
    assert caught.value.field == "student"
    assert not isinstance(caught.value, Conflict)
    assert not SectionEnrollment.objects.exists()


@pytest.mark.parametrize(
    ("entry", "exit_", "day"),
    [
        (dt.date(2026, 9, 14), None, dt.date(2026, 9, 1)),  # not yet enrolled that day
        (dt.date(2026, 8, 12), dt.date(2026, 10, 1), dt.date(2026, 10, 1)),  # left that day
    ],
)
def test_a_student_is_placed_only_on_a_day_they_are_enrolled(
    setting: Setting, entry: dt.date, exit_: dt.date | None, day: dt.date
) -> None:
    student = f.StudentFactory()
    f.EnrollmentFactory(
        student=student,
        school=setting.school,
        entry_date=entry,
        exit_date=exit_,
        exit_reason="T160" if exit_ else "",
    )
    with pytest.raises(RuleError) as caught:
        roster_add(student=student, section=section(setting), day=day)
    assert caught.value.field == "student"


def test_a_full_section_refuses_one_more(setting: Setting) -> None:
    small = section(setting, capacity=2)
    for _ in range(2):
        roster_add(student=enrolled_student(setting), section=small, day=FALL_DAY)
    with pytest.raises(Conflict) as caught:
        roster_add(student=setting.student, section=small, day=FALL_DAY)
    assert caught.value.field == "section"
    assert "2 seats" in caught.value.message
    assert small.roster.count() == 2


def test_a_seat_is_free_from_the_day_its_student_leaves(setting: Setting) -> None:
    small = section(setting, capacity=1)
    first = roster_add(student=enrolled_student(setting), section=small, day=FALL_DAY)
    roster_drop(row=first, day=dt.date(2026, 10, 1))
    # Still taken the day before the drop ...
    with pytest.raises(Conflict):
        roster_add(student=setting.student, section=small, day=dt.date(2026, 9, 30))
    # ... free on the drop day itself.
    row = roster_add(student=setting.student, section=small, day=dt.date(2026, 10, 1))
    assert row.entry_date == dt.date(2026, 10, 1)


def test_two_classes_in_the_same_period_of_the_same_term_clash(setting: Setting) -> None:
    first = section(setting, period="3")
    roster_add(student=setting.student, section=first, day=FALL_DAY)
    second = f.SectionFactory(
        course=f.CourseFactory(school=setting.school), term=setting.fall, period=first.period
    )
    with pytest.raises(Conflict) as caught:
        roster_add(student=setting.student, section=second, day=FALL_DAY)
    assert caught.value.field == "section"
    assert str(first) in caught.value.message
    assert not second.roster.exists()


def test_the_same_period_in_another_term_does_not_clash(setting: Setting) -> None:
    fall = section(setting, period="3")
    spring = f.SectionFactory(
        course=f.CourseFactory(school=setting.school), term=setting.spring, period=fall.period
    )
    roster_add(student=setting.student, section=fall, day=FALL_DAY)
    row = roster_add(student=setting.student, section=spring, day=FALL_DAY)
    assert row.section == spring


def test_a_class_left_before_the_day_does_not_clash(setting: Setting) -> None:
    first = section(setting, period="2")
    row = roster_add(student=setting.student, section=first, day=FALL_DAY)
    roster_drop(row=row, day=dt.date(2026, 9, 15))
    other = f.SectionFactory(
        course=f.CourseFactory(school=setting.school), term=setting.fall, period=first.period
    )
    assert roster_add(student=setting.student, section=other, day=dt.date(2026, 9, 15))


def test_sections_without_a_period_never_clash(setting: Setting) -> None:
    independent = section(setting)
    online = section(setting)
    roster_add(student=setting.student, section=independent, day=FALL_DAY)
    roster_add(student=setting.student, section=online, day=FALL_DAY)
    assert setting.student.section_enrollments.count() == 2


def test_the_same_section_twice_is_refused(setting: Setting) -> None:
    algebra = section(setting)
    roster_add(student=setting.student, section=algebra, day=FALL_DAY)
    with pytest.raises(Conflict) as caught:
        roster_add(student=setting.student, section=algebra, day=dt.date(2026, 9, 8))
    assert caught.value.field == "section"
    assert algebra.roster.count() == 1


def test_a_section_whose_term_has_ended_takes_no_one(setting: Setting) -> None:
    fall = section(setting)
    with pytest.raises(RuleError) as caught:
        roster_add(student=setting.student, section=fall, day=dt.date(2027, 1, 12))
    assert caught.value.field == "day"
    assert not fall.roster.exists()
    # The last day of the term is still in it.
    assert roster_add(student=setting.student, section=fall, day=setting.fall.end_date)


def test_a_student_may_be_placed_ahead_of_the_term(setting: Setting) -> None:
    spring = section(setting, term=setting.spring)
    row = roster_add(student=setting.student, section=spring, day=dt.date(2026, 12, 1))
    assert row.entry_date == dt.date(2026, 12, 1)


# ---- taking out ---------------------------------------------------------------------------


def test_a_drop_closes_the_row_on_the_day_given(setting: Setting) -> None:
    row = roster_add(student=setting.student, section=section(setting), day=FALL_DAY)
    dropped = roster_drop(row=row, day=dt.date(2026, 10, 5))
    assert dropped.pk == row.pk
    row.refresh_from_db()
    assert row.exit_date == dt.date(2026, 10, 5)


def test_a_drop_on_the_day_of_entry_is_allowed_and_before_it_is_refused(setting: Setting) -> None:
    row = roster_add(student=setting.student, section=section(setting), day=FALL_DAY)
    with pytest.raises(RuleError) as caught:
        roster_drop(row=row, day=FALL_DAY - dt.timedelta(days=1))
    assert caught.value.field == "date"
    row.refresh_from_db()
    assert row.exit_date is None
    assert roster_drop(row=row, day=FALL_DAY).exit_date == FALL_DAY


def test_a_row_is_dropped_once(setting: Setting) -> None:
    row = roster_add(student=setting.student, section=section(setting), day=FALL_DAY)
    roster_drop(row=row, day=dt.date(2026, 10, 5))
    # ``row`` is the caller's stale copy: the service reads the stored row.
    with pytest.raises(Conflict):
        roster_drop(row=row, day=dt.date(2026, 11, 5))
    row.refresh_from_db()
    assert row.exit_date == dt.date(2026, 10, 5)


def test_a_dropped_student_can_be_placed_again_on_a_new_row(setting: Setting) -> None:
    algebra = section(setting, period="1")
    first = roster_add(student=setting.student, section=algebra, day=FALL_DAY)
    roster_drop(row=first, day=dt.date(2026, 10, 5))
    again = roster_add(student=setting.student, section=algebra, day=dt.date(2026, 10, 5))
    assert again.pk != first.pk
    rows = list(algebra.roster.order_by("entry_date").values_list("entry_date", "exit_date"))
    assert rows == [(FALL_DAY, dt.date(2026, 10, 5)), (dt.date(2026, 10, 5), None)]


def test_a_student_on_a_roster_cannot_be_deleted(setting: Setting) -> None:
    roster_add(student=setting.student, section=section(setting), day=FALL_DAY)
    with pytest.raises(ProtectedError):
        setting.student.delete()


# ---- the trail ----------------------------------------------------------------------------


def test_placing_and_dropping_are_recorded_against_the_student(setting: Setting) -> None:
    registrar = f.UserFactory(username="reg-rosters")
    actor = Actor(user_id=registrar.pk, label="reg-rosters", via="web")
    with acting_as(actor):
        row = roster_add(student=setting.student, section=section(setting), day=FALL_DAY)
        roster_drop(row=row, day=dt.date(2026, 10, 5))
    events = list(
        AuditEvent.objects.filter(model="scheduling.sectionenrollment", object_id=str(row.pk))
        .order_by("id")
        .values("action", "actor_id", "actor_label", "via", "student_id", "changes")
    )
    assert [e["action"] for e in events] == ["create", "update"]
    assert {(e["actor_id"], e["actor_label"], e["via"]) for e in events} == {
        (registrar.pk, "reg-rosters", "web")
    }
    assert {e["student_id"] for e in events} == {setting.student.pk}
    created, dropped = events[0]["changes"], events[1]["changes"]
    assert created["section_id"] == [None, row.section_id]
    assert created["entry_date"] == [None, "2026-09-01"]
    assert dropped == {"exit_date": [None, "2026-10-05"]}


def test_a_refused_placement_leaves_no_trail(setting: Setting) -> None:
    full = section(setting, capacity=1)
    roster_add(student=enrolled_student(setting), section=full, day=FALL_DAY)
    before = AuditEvent.objects.count()
    with pytest.raises(Conflict):
        roster_add(student=setting.student, section=full, day=FALL_DAY)
    assert AuditEvent.objects.count() == before
