"""Courses, sections and rosters keep their history: closed and exited, never deleted."""

from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest
from django.db.models import ProtectedError
from django.urls import reverse

from homeroom.audit.models import AuditEvent
from homeroom.lib.errors import Conflict, RuleError
from homeroom.people.models import Guardian
from homeroom.scheduling import services
from homeroom.scheduling.models import Course, Section, SectionEnrollment
from tests import factories as f
from tests.conftest import World

D = dt.date
pytestmark = pytest.mark.django_db

FIRST_DAY = D(2026, 8, 12)
CLOSE_DAY = D(2026, 10, 1)


def placed(section: Section, entry: dt.date = FIRST_DAY) -> SectionEnrollment:
    """A student enrolled at the section's school and placed in it through the service."""
    student = f.StudentFactory()
    f.EnrollmentFactory(student=student, school=section.course.school, entry_date=FIRST_DAY)
    return services.roster_add(student=student, section=section, day=entry)


def test_a_section_with_roster_history_cannot_be_deleted_and_says_why() -> None:
    section = f.SectionFactory()
    row = placed(section)
    services.roster_drop(row=row, day=D(2026, 9, 1))
    with pytest.raises(RuleError) as refused:
        services.section_delete(section=section)
    assert "Close it instead" in refused.value.message
    assert refused.value.status == 409
    assert Section.objects.filter(pk=section.pk).exists()
    assert SectionEnrollment.objects.filter(pk=row.pk).exists()


def test_the_database_itself_refuses_to_cascade_a_delete_into_rosters() -> None:
    row = f.RosterFactory()
    with pytest.raises(ProtectedError):
        row.section.delete()
    with pytest.raises(ProtectedError):
        row.section.course.delete()
    with pytest.raises(ProtectedError):
        row.section.course.school.delete()
    assert SectionEnrollment.objects.filter(pk=row.pk).exists()


def test_a_course_with_sections_cannot_be_deleted() -> None:
    section = f.SectionFactory()
    with pytest.raises(Conflict, match="it has sections"):
        services.course_delete(course=section.course)
    assert Course.objects.filter(pk=section.course_id).exists()


def test_a_section_or_course_made_by_mistake_can_still_be_deleted() -> None:
    section = f.SectionFactory()
    course = section.course
    services.section_delete(section=section)
    services.course_delete(course=course)
    assert not Section.objects.filter(pk=section.pk).exists()
    assert not Course.objects.filter(pk=course.pk).exists()


def test_a_guardian_linked_to_a_student_cannot_be_deleted_with_the_link() -> None:
    link = f.GuardianshipFactory()
    with pytest.raises(ProtectedError):
        link.guardian.delete()
    assert Guardian.objects.filter(pk=link.guardian_id).exists()


def test_closing_a_section_exits_its_roster_and_keeps_every_row() -> None:
    section = f.SectionFactory()
    staying, left = placed(section), placed(section)
    services.roster_drop(row=left, day=D(2026, 9, 1))
    later = placed(section, entry=D(2026, 10, 5))
    exited = services.section_close(section=section, day=CLOSE_DAY)
    assert exited == 2
    assert section.closed_on == CLOSE_DAY
    rows = {r.pk: r.exit_date for r in SectionEnrollment.objects.filter(section=section)}
    # the one who left keeps their date; a placement that never started ends on its first day
    assert rows == {staying.pk: CLOSE_DAY, left.pk: D(2026, 9, 1), later.pk: D(2026, 10, 5)}
    assert SectionEnrollment.objects.filter(section=section).on(D(2026, 9, 30)).count() == 1
    assert not SectionEnrollment.objects.filter(section=section).on(CLOSE_DAY).exists()
    reasons = AuditEvent.objects.filter(model="scheduling.sectionenrollment", action="update")
    assert set(reasons.values_list("reason", flat=True)) >= {services.CLOSE_REASON}


def test_a_closed_section_takes_no_new_students() -> None:
    section = f.SectionFactory()
    services.section_close(section=section, day=CLOSE_DAY)
    with pytest.raises(RuleError, match="closed"):
        placed(section, entry=D(2026, 10, 2))
    with pytest.raises(Conflict, match="already closed"):
        services.section_close(section=section, day=D(2026, 10, 9))


def test_a_section_closing_later_ends_new_placements_on_its_closing_day() -> None:
    section = f.SectionFactory()
    services.section_close(section=section, day=CLOSE_DAY)
    row = placed(section, entry=D(2026, 9, 1))
    assert row.exit_date == CLOSE_DAY


def test_closing_a_course_closes_its_open_sections_and_exits_their_rosters() -> None:
    first = f.SectionFactory()
    second = f.SectionFactory(course=first.course)
    rows = [placed(first), placed(second)]
    exited = services.course_close(course=first.course, day=CLOSE_DAY)
    assert exited == 2
    assert first.course.closed_on == CLOSE_DAY
    assert set(Section.objects.values_list("closed_on", flat=True)) == {CLOSE_DAY}
    for row in rows:
        row.refresh_from_db()
        assert row.exit_date == CLOSE_DAY
    assert not Course.objects.open_on(CLOSE_DAY).exists()
    assert Course.objects.open_on(D(2026, 9, 30)).get() == first.course


def test_dropping_a_student_exits_the_row_and_never_deletes_it() -> None:
    section = f.SectionFactory()
    row = placed(section)
    services.roster_drop(row=row, day=D(2026, 9, 1))
    kept = SectionEnrollment.objects.get(pk=row.pk)
    assert (kept.entry_date, kept.exit_date) == (FIRST_DAY, D(2026, 9, 1))


def test_the_placement_page_offers_no_closed_section(world: World) -> None:
    e = f.EnrollmentFactory(school=world.own)
    f.SectionFactory(course=f.CourseFactory(school=world.own, title="Still taught"))
    gone = f.SectionFactory(course=f.CourseFactory(school=world.own, title="Cancelled"))
    services.section_close(section=gone, day=D(2026, 9, 1))
    with mock.patch("django.utils.timezone.localdate", return_value=D(2026, 9, 15)):
        html = world.client("registrar").get(reverse("scheduling:placement", args=[e.pk]))
    assert "Still taught" in html.content.decode()
    assert "Cancelled" not in html.content.decode()
