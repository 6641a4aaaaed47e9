"""The whole career: no-shows, re-entry, grade changes, rollover by feeder pattern."""

from __future__ import annotations

import datetime as dt

import pytest

from homeroom.audit.models import AuditEvent
from homeroom.enrollment import services
from homeroom.enrollment.models import Enrollment
from homeroom.enrollment.rollover import year_end_rollover
from homeroom.lib.errors import Conflict, RuleError
from tests import factories as f

D = dt.date
pytestmark = pytest.mark.django_db


FIRST_DAY = D(2026, 8, 12)


def enroll(school, grade="9", entry=FIRST_DAY, **kw):  # type: ignore[no-untyped-def]
    student = kw.pop("student", None) or f.StudentFactory()
    return services.enrollment_create(
        student=student, school=school, grade_level=grade, entry_date=entry, **kw
    )


def test_no_show_is_an_empty_enrollment_and_frees_the_student() -> None:
    school = f.SchoolFactory()
    e = enroll(school)
    services.enrollment_mark_no_show(enrollment=e)
    e.refresh_from_db()
    assert (e.exit_date, e.exit_reason) == (e.entry_date, "N470")
    assert not e.in_force_on(e.entry_date)
    again = enroll(f.SchoolFactory(), student=e.student, entry=e.entry_date)
    assert again.in_force_on(e.entry_date)


def test_a_student_who_arrived_cannot_be_a_no_show() -> None:
    e = enroll(f.SchoolFactory())
    services.enrollment_mark_arrived(enrollment=e, day=D(2026, 8, 13))
    with pytest.raises(Conflict):
        services.enrollment_mark_no_show(enrollment=e)


def test_re_entry_after_exit_opens_a_new_segment() -> None:
    school = f.SchoolFactory()
    e = enroll(school)
    services.enrollment_exit(enrollment=e, exit_date=D(2026, 10, 1), exit_reason="T200")
    back = enroll(school, student=e.student, entry=D(2027, 1, 5))
    assert list(Enrollment.objects.filter(student=e.student).order_by("entry_date")) == [e, back]


def test_re_entry_overlapping_the_old_segment_is_refused() -> None:
    e = enroll(f.SchoolFactory())
    services.enrollment_exit(enrollment=e, exit_date=D(2026, 10, 1), exit_reason="T200")
    with pytest.raises(Conflict):
        enroll(f.SchoolFactory(), student=e.student, entry=D(2026, 9, 1))


def test_mid_year_grade_change_splits_the_enrollment() -> None:
    e = enroll(f.SchoolFactory(), grade="9")
    closed, opened = services.enrollment_change_grade(
        enrollment=e, date=D(2027, 1, 10), grade_level="10"
    )
    assert (closed.exit_reason, closed.exit_date) == ("E150", D(2027, 1, 10))
    assert (opened.grade_level, opened.entry_date) == ("10", D(2027, 1, 10))


def test_transfer_exit_and_entry_are_both_audited() -> None:
    a, b = f.SchoolFactory(), f.SchoolFactory()
    e = enroll(a)
    services.student_transfer(student=e.student, to_school=b, date=D(2026, 11, 2))
    events = AuditEvent.objects.filter(student_id=e.student_id, model="enrollment.enrollment")
    assert {ev.action for ev in events} == {"create", "update"}
    assert events.filter(action="create").count() == 2


def test_transfer_without_current_enrollment_is_a_conflict() -> None:
    with pytest.raises(Conflict, match="no primary enrollment"):
        services.student_transfer(
            student=f.StudentFactory(), to_school=f.SchoolFactory(), date=D(2026, 11, 2)
        )


def test_transfer_into_a_school_without_the_grade_is_refused_and_changes_nothing() -> None:
    e = enroll(f.SchoolFactory(), grade="9")
    elementary = f.SchoolFactory(level="elementary", low_grade="K", high_grade="5")
    with pytest.raises(RuleError):
        services.student_transfer(student=e.student, to_school=elementary, date=D(2026, 11, 2))
    e.refresh_from_db()
    assert e.exit_date is None


def feeder_chain():  # type: ignore[no-untyped-def]
    high = f.SchoolFactory(level="high", low_grade="9", high_grade="12")
    middle = f.SchoolFactory(level="middle", low_grade="6", high_grade="8", next_school=high)
    return middle, high


def test_rollover_promotes_sends_on_retains_and_graduates() -> None:
    middle, high = feeder_chain()
    stays = enroll(middle, grade="7", entry=D(2025, 8, 13))
    leaves = enroll(middle, grade="8", entry=D(2025, 8, 13))
    held = enroll(high, grade="9", entry=D(2025, 8, 13))
    senior = enroll(high, grade="12", entry=D(2025, 8, 13))
    result = year_end_rollover(
        last_day=D(2026, 6, 10),
        next_first_day=D(2026, 8, 12),
        retained_student_ids=[held.student_id],
    )
    assert (result.promoted, result.retained, result.graduated, result.moved_school) == (2, 1, 1, 1)
    nxt = {e.student_id: e for e in Enrollment.objects.filter(entry_date=D(2026, 8, 12))}
    assert (nxt[stays.student_id].school, nxt[stays.student_id].grade_level) == (middle, "8")
    assert (nxt[leaves.student_id].school, nxt[leaves.student_id].grade_level) == (high, "9")
    assert nxt[held.student_id].grade_level == "9"
    assert senior.student_id not in nxt
    senior.refresh_from_db()
    assert (senior.exit_reason, senior.exit_date) == ("E230", D(2026, 6, 11))


def test_rollover_without_a_feeder_school_reports_the_student() -> None:
    lone = f.SchoolFactory(level="middle", low_grade="6", high_grade="8")
    e = enroll(lone, grade="8", entry=D(2025, 8, 13))
    result = year_end_rollover(last_day=D(2026, 6, 10), next_first_day=D(2026, 8, 12))
    assert result.unassigned == [e.student_id]


def test_rollover_holds_back_a_student_short_of_credits() -> None:
    high = f.SchoolFactory(level="high", low_grade="9", high_grade="12")
    short = enroll(high, grade="9", entry=D(2025, 8, 13))
    enough = enroll(high, grade="9", entry=D(2025, 8, 13))
    credits = {short.student_id: 40.0, enough.student_id: 60.0}
    year_end_rollover(last_day=D(2026, 6, 10), next_first_day=D(2026, 8, 12), credits=credits.get)
    nxt = {
        e.student_id: e.grade_level for e in Enrollment.objects.filter(entry_date=D(2026, 8, 12))
    }
    assert nxt == {short.student_id: "9", enough.student_id: "10"}


def test_rollover_is_audited() -> None:
    high = f.SchoolFactory(level="high", low_grade="9", high_grade="12")
    e = enroll(high, grade="10", entry=D(2025, 8, 13))
    year_end_rollover(last_day=D(2026, 6, 10), next_first_day=D(2026, 8, 12))
    reasons = set(
        AuditEvent.objects.filter(student_id=e.student_id).values_list("reason", flat=True)
    )
    assert "rollover" in reasons


def test_rollover_command_reports_what_it_did() -> None:
    from io import StringIO

    from django.core.management import call_command

    middle, high = feeder_chain()
    e = enroll(middle, grade="8", entry=D(2025, 8, 13))
    out = StringIO()
    call_command(
        "rollover", "--last-day", "2026-06-10", "--next-first-day", "2026-08-12", stdout=out
    )
    assert "promoted 1 (to another school 1)" in out.getvalue()
    assert Enrollment.objects.get(student=e.student, entry_date=D(2026, 8, 12)).school == high


def test_rollover_command_refuses_a_bad_date() -> None:
    from django.core.management import call_command
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="not a date"):
        call_command("rollover", "--last-day", "June", "--next-first-day", "2026-08-12")
