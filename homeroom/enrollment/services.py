"""Enrolling students: every enrollment write goes through here.

Rules kept here and, where it matters, by the database as well:
- at most one primary enrollment per student on any date (exclusion constraint /
  triggers, migration 0003; the student row is locked first so racing registrars
  queue instead of failing in the database);
- an exit is dated on or after entry (on entry only for a no-show) with a coded reason;
- a transfer closes one enrollment and opens the next in one transaction, on the one
  student record, so history, grades, attendance and health stay attached.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Unpack

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from homeroom.districts.choices import GradeLevel
from homeroom.districts.models import School
from homeroom.enrollment.choices import EnrollmentStatus, ExitReason
from homeroom.enrollment.models import Enrollment
from homeroom.enrollment.signals import enrollment_ended
from homeroom.lib.errors import Conflict, RuleError
from homeroom.people import services as people_services
from homeroom.people.models import Student


def _lock_student(student: Student) -> None:
    """Serialise enrollment changes of one student (a no-op lock on SQLite)."""
    Student.objects.select_for_update().filter(pk=student.pk).first()


def _overlapping_primary(
    student: Student, start: dt.date, end: dt.date | None, exclude_pk: int | None = None
) -> Enrollment | None:
    qs = Enrollment.objects.primary().filter(student=student).current_or_upcoming(start)
    if end is not None:
        qs = qs.filter(entry_date__lt=end)
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    return qs.exclude(exit_reason=ExitReason.NO_SHOW).select_related("school").first()


def check_grade(school: School, grade_level: str) -> None:
    if grade_level not in GradeLevel.values:
        raise RuleError(_("The grade must be TK, K or 1 to 12."), field="grade_level")
    if not school.serves_grade(grade_level):
        raise RuleError(
            _("%(school)s serves grades %(low)s to %(high)s, not %(grade)s.")
            % {
                "school": school.name,
                "low": school.low_grade,
                "high": school.high_grade,
                "grade": grade_level,
            },
            field="grade_level",
        )


def _clash_message(clash: Enrollment) -> str:
    return _(
        "Already enrolled (primary) at %(school)s from %(date)s: exit or transfer that "
        "enrollment first."
    ) % {"school": clash.school.name, "date": clash.entry_date}


def _save_new(enrollment: Enrollment) -> Enrollment:
    try:
        with transaction.atomic():
            enrollment.save()
    except IntegrityError as exc:
        raise Conflict(
            _("Already enrolled (primary) elsewhere on that date: exit or transfer first."),
            field="entry_date",
        ) from exc
    return enrollment


def enrollment_create(
    *,
    student: Student,
    school: School,
    grade_level: str,
    entry_date: dt.date,
    status: str = EnrollmentStatus.PRIMARY,
) -> Enrollment:
    """Enroll ``student`` at ``school``; at most one primary enrollment on any date."""
    check_grade(school, grade_level)
    if status not in EnrollmentStatus.values:
        raise RuleError(_("The status must be 10 (primary), 20 or 30."), field="status")
    with transaction.atomic():
        _lock_student(student)
        if status == EnrollmentStatus.PRIMARY:
            clash = _overlapping_primary(student, entry_date, None)
            if clash is not None:
                raise Conflict(_clash_message(clash), field="entry_date")
        enrollment = Enrollment(
            student=student,
            school=school,
            grade_level=grade_level,
            entry_date=entry_date,
            status=status,
        )
        return _save_new(enrollment)


def student_admit(
    *,
    school: School,
    grade_level: str,
    entry_date: dt.date,
    confirm_different_child: bool = False,
    guardian: dict[str, Any] | None = None,
    **student_values: Unpack[people_services.NewStudent],
) -> tuple[Student, Enrollment]:
    """Create a new student, their first enrollment and, if given, one guardian: all or none.

    A refusal about the guardian names its field ``guardian_<field>``.
    """
    check_grade(school, grade_level)
    with transaction.atomic():
        student = people_services.student_create(
            confirm_different_child=confirm_different_child, **student_values
        )
        enrollment = enrollment_create(
            student=student, school=school, grade_level=grade_level, entry_date=entry_date
        )
        if guardian is not None:
            _guardian_add(student, guardian)
    return student, enrollment


def _guardian_add(student: Student, guardian: dict[str, Any]) -> None:
    values = dict(guardian)
    relationship = values.pop("relationship", "parent") or "parent"
    try:
        people_services.guardian_add(student=student, relationship=relationship, **values)
    except RuleError as exc:
        exc.field = f"guardian_{exc.field}" if exc.field else None
        raise


def _locked(enrollment: Enrollment) -> Enrollment:
    _lock_student(enrollment.student)
    return Enrollment.objects.select_for_update().select_related("school").get(pk=enrollment.pk)


def enrollment_exit(
    *, enrollment: Enrollment, exit_date: dt.date, exit_reason: str, reason: str = ""
) -> Enrollment:
    """End an enrollment on ``exit_date`` (the first day no longer enrolled)."""
    if exit_reason not in ExitReason.values:
        raise RuleError(_("That is not a known exit reason."), field="exit_reason")
    with transaction.atomic():
        row = _locked(enrollment)
        if row.exit_date is not None:
            raise Conflict(
                _("This enrollment already ended on %(date)s.") % {"date": row.exit_date},
                field="exit_date",
            )
        no_show = exit_reason == ExitReason.NO_SHOW
        if no_show and exit_date != row.entry_date:
            exit_date = row.entry_date
        if not no_show and exit_date <= row.entry_date:
            raise RuleError(
                _(
                    "The exit date must be after the entry date %(date)s "
                    "(record a no-show for a student who never came)."
                )
                % {"date": row.entry_date},
                field="exit_date",
            )
        if no_show and row.arrived_on is not None:
            raise Conflict(
                _("The student arrived: exit them instead of recording a no-show."),
                field="exit_reason",
            )
        row.exit_date, row.exit_reason = exit_date, exit_reason
        row._audit_reason = reason  # type: ignore[attr-defined]
        row.save()
        if exit_reason != ExitReason.MIDYEAR_UPDATE:  # a grade change continues at once
            enrollment_ended.send(sender=Enrollment, enrollment=row, day=exit_date)
        return row


def enrollment_mark_no_show(*, enrollment: Enrollment, reason: str = "") -> Enrollment:
    """Record that the student never came: exit N470 on the entry date."""
    return enrollment_exit(
        enrollment=enrollment,
        exit_date=enrollment.entry_date,
        exit_reason=ExitReason.NO_SHOW,
        reason=reason,
    )


def enrollment_mark_arrived(*, enrollment: Enrollment, day: dt.date) -> Enrollment:
    """Record the first day the student was seen (until attendance records it)."""
    with transaction.atomic():
        row = _locked(enrollment)
        if not row.in_force_on(day):
            raise RuleError(_("The student is not enrolled here on that day."), field="date")
        if row.arrived_on is None or day < row.arrived_on:
            row.arrived_on = day
            row.save()
        return row


def _primary_in_force(student: Student, day: dt.date) -> Enrollment | None:
    return (
        Enrollment.objects.primary()
        .on(day)
        .filter(student=student)
        .select_for_update()
        .select_related("school")
        .first()
    )


def sending_enrollment(
    current: Enrollment | None, date: dt.date, sending: Enrollment | None
) -> Enrollment:
    """``current`` (the primary enrollment in force on ``date``) if a transfer may leave it.

    There must be one, and when the caller names the enrollment it acts on (``sending``),
    it must be that one.
    """
    if current is None:
        raise Conflict(
            _("The student has no primary enrollment on %(date)s to transfer from.")
            % {"date": date},
            field="date",
        )
    if sending is not None and current.pk != sending.pk:
        raise Conflict(
            _(
                "On %(date)s the student is no longer enrolled here: only the school "
                "they attend then may transfer them."
            )
            % {"date": date},
            field="date",
        )
    return current


def student_transfer(
    *,
    student: Student,
    to_school: School,
    date: dt.date,
    grade_level: str | None = None,
    sending: Enrollment | None = None,
) -> tuple[Enrollment, Enrollment]:
    """Move a student between district schools on ``date``, keeping one student record.

    Closes the primary enrollment in force on ``date`` (exit T160) and opens one at
    ``to_school`` from ``date``, in the same grade unless another is given. When
    ``sending`` is given, that enrollment must be the one in force on ``date`` (checked
    under the student's lock): a school acts on its own enrollment, never on whatever
    enrollment the student holds elsewhere by then.
    """
    with transaction.atomic():
        _lock_student(student)
        current = sending_enrollment(_primary_in_force(student, date), date, sending)
        if current.school_id == to_school.pk:
            raise Conflict(
                _("The student is already at %(school)s.") % {"school": to_school.name},
                field="to_school",
            )
        if date <= current.entry_date:
            raise RuleError(
                _("The date must be after the current entry date %(date)s.")
                % {"date": current.entry_date},
                field="date",
            )
        grade = grade_level or current.grade_level
        check_grade(to_school, grade)
        later = Enrollment.objects.primary().filter(student=student, entry_date__gt=date)
        if later.exists():
            raise Conflict(_("The student already has a later enrollment."), field="date")
        closed = enrollment_exit(
            enrollment=current, exit_date=date, exit_reason=ExitReason.TRANSFER_IN_DISTRICT
        )
        opened = _save_new(
            Enrollment(
                student=student,
                school=to_school,
                grade_level=grade,
                entry_date=date,
                status=current.status,
            )
        )
    return closed, opened


def enrollment_change_grade(
    *, enrollment: Enrollment, date: dt.date, grade_level: str
) -> tuple[Enrollment, Enrollment]:
    """A mid-year grade change: close the segment (E150) and continue in the new grade."""
    with transaction.atomic():
        row = _locked(enrollment)
        if row.grade_level == grade_level:
            raise RuleError(_("The student is already in that grade."), field="grade_level")
        check_grade(row.school, grade_level)
        if row.exit_date is not None or date <= row.entry_date:
            raise RuleError(_("The date must fall inside the open enrollment."), field="date")
        closed = enrollment_exit(
            enrollment=row, exit_date=date, exit_reason=ExitReason.MIDYEAR_UPDATE
        )
        opened = _save_new(
            Enrollment(
                student=row.student,
                school=row.school,
                grade_level=grade_level,
                entry_date=date,
                status=row.status,
                arrived_on=date if row.arrived_on else None,
            )
        )
    return closed, opened
