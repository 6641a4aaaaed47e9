"""Writes to rosters, sections and courses.

Placing a student in a section and taking them out; closing a section or a course,
which exits its roster instead of deleting anything; and deleting a course or section
made by mistake, which the database refuses (``PROTECT``) once it has any history.
"""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, models, transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _

from homeroom.enrollment.models import Enrollment
from homeroom.lib.errors import Conflict, RuleError
from homeroom.people.models import Student
from homeroom.scheduling.models import Course, Section, SectionEnrollment

CLOSE_REASON = "section closed"


def roster_add(*, student: Student, section: Section, day: dt.date) -> SectionEnrollment:
    """Place ``student`` in ``section`` from ``day``.

    Refused: a day after the section's term has ended, a student not enrolled at the
    section's school that day (or no longer enrolled there today), a section closed by
    then, a full section, a second class in the same period of the same term, or the same
    section twice. In a section that is to close later, the row ends that day.
    """
    school_id = section.course.school_id
    if day > section.term.end_date:
        raise RuleError(
            _("%(section)s ended on %(day)s.") % {"section": section, "day": section.term.end_date},
            field="day",
        )
    with transaction.atomic():
        locked = Section.objects.select_for_update().get(pk=section.pk)
        if locked.closed_on is not None and locked.closed_on <= day:
            raise RuleError(
                _("%(section)s is closed from %(day)s.")
                % {"section": section, "day": locked.closed_on},
                field="section",
            )
        at_school = Enrollment.objects.filter(student=student, school_id=school_id)
        # The row has no end: the student must attend on ``day`` and still (or soon) attend,
        # so a past day inside an enrollment that has ended opens nothing.
        attends = at_school.current_or_upcoming(timezone.localdate())
        if not at_school.on(day).exists() or not attends.exists():
            raise RuleError(
                _("The student is not enrolled at this school on that day."), field="student"
            )
        taken = SectionEnrollment.objects.current_or_upcoming(day).filter(section=section)
        if taken.count() >= section.capacity:
            raise Conflict(
                _("%(section)s is full (%(seats)s seats).")
                % {"section": section, "seats": section.capacity},
                field="section",
            )
        if section.period_id is not None:
            clash = (
                SectionEnrollment.objects.on(day)
                .filter(student=student)
                .filter(section__period_id=section.period_id, section__term_id=section.term_id)
                .select_related("section__course")
                .first()
            )
            if clash is not None:
                raise Conflict(
                    _("The student already has %(section)s in that period.")
                    % {"section": clash.section},
                    field="section",
                )
        try:
            with transaction.atomic():
                return SectionEnrollment.objects.create(
                    section=section, student=student, entry_date=day, exit_date=locked.closed_on
                )
        except IntegrityError as exc:
            raise Conflict(_("The student is already in this section."), field="section") from exc


def roster_drop(*, row: SectionEnrollment, day: dt.date) -> SectionEnrollment:
    """Take a student out of a section from ``day``: the row is exited, never deleted."""
    with transaction.atomic():
        locked = SectionEnrollment.objects.select_for_update().get(pk=row.pk)
        if locked.exit_date is not None:
            raise Conflict(_("The student already left this section."))
        if day < locked.entry_date:
            raise RuleError(_("The drop date is before the student joined."), field="date")
        locked.exit_date = day
        locked.save()
        return locked


def _exit_roster(section: Section, day: dt.date) -> int:
    """Exit every roster row of ``section`` still open on ``day``; each save is audited.

    A row that would only start later is exited on its own entry day (it never met).
    """
    rows = SectionEnrollment.objects.current_or_upcoming(day).filter(section=section)
    exited = 0
    for row in rows.select_for_update().order_by("pk"):
        row.exit_date = max(day, row.entry_date)
        row._audit_reason = CLOSE_REASON  # type: ignore[attr-defined]
        row.save()
        exited += 1
    return exited


def section_close(*, section: Section, day: dt.date) -> int:
    """Close ``section`` from ``day`` (its first day without the class).

    Its roster rows still open are exited that day; the section and its whole roster
    stay, so grades and attendance keep what they refer to. Returns the rows exited.
    """
    with transaction.atomic():
        locked = Section.objects.select_for_update().get(pk=section.pk)
        if locked.closed_on is not None and locked.closed_on <= day:
            raise Conflict(
                _("%(section)s is already closed.") % {"section": locked}, field="section"
            )
        locked.closed_on = day
        locked.save()
        exited = _exit_roster(locked, day)
    section.refresh_from_db()
    return exited


def course_close(*, course: Course, day: dt.date) -> int:
    """Close ``course`` from ``day``, and every one of its sections not closed by then.

    Returns the roster rows exited.
    """
    with transaction.atomic():
        locked = Course.objects.select_for_update().get(pk=course.pk)
        if locked.closed_on is not None and locked.closed_on <= day:
            raise Conflict(_("%(course)s is already closed.") % {"course": locked}, field="course")
        locked.closed_on = day
        locked.save()
        exited = 0
        for section in Section.objects.open_on(day).filter(course=locked).select_for_update():
            section.closed_on = day
            section.save()
            exited += _exit_roster(section, day)
    course.refresh_from_db()
    return exited


def _delete_unused(record: models.Model, refusal: str) -> None:
    try:
        with transaction.atomic():
            record.delete()
    except ProtectedError as exc:
        raise Conflict(refusal) from exc


def section_delete(*, section: Section) -> None:
    """Delete a section made by mistake; refused once anyone was ever on its roster."""
    _delete_unused(
        section,
        _(
            "%(section)s cannot be deleted: students have been on its roster. "
            "Close it instead; its history is kept."
        )
        % {"section": section},
    )


def course_delete(*, course: Course) -> None:
    """Delete a course made by mistake; refused once it has any section."""
    _delete_unused(
        course,
        _("%(course)s cannot be deleted: it has sections. Close it instead; its history is kept.")
        % {"course": course},
    )
