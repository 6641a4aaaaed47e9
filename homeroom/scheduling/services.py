"""Writes to rosters: placing a student in a section and taking them out."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from homeroom.enrollment.models import Enrollment
from homeroom.lib.errors import Conflict, RuleError
from homeroom.people.models import Student
from homeroom.scheduling.models import Section, SectionEnrollment


def _still_open(day: dt.date) -> Q:
    """Roster rows not yet ended on ``day``."""
    return Q(exit_date__isnull=True) | Q(exit_date__gt=day)


def _open_rows(student: Student, day: dt.date) -> Q:
    return Q(student=student, entry_date__lte=day) & _still_open(day)


def roster_add(*, student: Student, section: Section, day: dt.date) -> SectionEnrollment:
    """Place ``student`` in ``section`` from ``day``.

    Refused: a student not enrolled at the section's school that day (or no longer
    enrolled there today), a full section,
    a second class in the same period of the same term, or the same section twice.
    """
    school_id = section.course.school_id
    with transaction.atomic():
        Section.objects.select_for_update().filter(pk=section.pk).first()
        at_school = Enrollment.objects.filter(student=student, school_id=school_id)
        # The row has no end: the student must attend on ``day`` and still (or soon) attend,
        # so a past day inside an enrollment that has ended opens nothing.
        attends = at_school.current_or_upcoming(timezone.localdate())
        if not at_school.on(day).exists() or not attends.exists():
            raise RuleError(
                _("The student is not enrolled at this school on that day."), field="student"
            )
        taken = SectionEnrollment.objects.filter(_still_open(day), section=section)
        if taken.count() >= section.capacity:
            raise Conflict(
                _("%(section)s is full (%(seats)s seats).")
                % {"section": section, "seats": section.capacity},
                field="section",
            )
        if section.period_id is not None:
            clash = (
                SectionEnrollment.objects.filter(_open_rows(student, day))
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
                    section=section, student=student, entry_date=day
                )
        except IntegrityError as exc:
            raise Conflict(_("The student is already in this section."), field="section") from exc


def roster_drop(*, row: SectionEnrollment, day: dt.date) -> SectionEnrollment:
    """Take a student out of a section from ``day``."""
    with transaction.atomic():
        locked = SectionEnrollment.objects.select_for_update().get(pk=row.pk)
        if locked.exit_date is not None:
            raise Conflict(_("The student already left this section."))
        if day < locked.entry_date:
            raise RuleError(_("The drop date is before the student joined."), field="date")
        locked.exit_date = day
        locked.save()
        return locked
