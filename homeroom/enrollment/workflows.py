"""Enrollment changes as a user asks for them: one rule for the pages and the API.

Who may change what (docs/enrollment.md, "Who may act"):

- A school's office (registrar, school administrator) acts on the enrollments of the
  students it *holds*: those with a current or upcoming enrollment at one of its schools.
  District administrators hold every student.
- A transfer is made by the school the student attends on that date (the sending school),
  on that very enrollment; a page showing an older or closed enrollment cannot move the
  student from wherever they are now.
- A school that does not hold the student (the student attends another school) may only
  *ask*: a secondary enrollment or a transfer in becomes an :class:`EnrollmentClaim`,
  with a stated reason, written to the disclosure log with that reason, shown to the
  school the student attends, in the student's current grade. It takes effect when that
  school or the district confirms, or at once when the district's
  ``receiving_school_access`` says so (the default is to wait).
- A student whom nobody holds (left the district, not yet back) may be enrolled by any
  school's office: that is a re-entry, and is disclosed as one.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from homeroom.access import policy
from homeroom.access.models import User
from homeroom.audit.services import disclosure_record
from homeroom.districts.models import ReceivingSchoolAccess, School
from homeroom.enrollment import selectors, services
from homeroom.enrollment.choices import EnrollmentStatus
from homeroom.enrollment.models import ClaimKind, ClaimState, Enrollment, EnrollmentClaim
from homeroom.lib.errors import Conflict, NotPermitted, RuleError
from homeroom.notices.services import notice_school_office
from homeroom.people.models import Student

MAX_REASON = 300


def _holding(student: Student, day: dt.date) -> list[Enrollment]:
    """The student's enrollments in force on or after ``day``, primary ones first."""
    rows = (
        Enrollment.objects.current_or_upcoming(day)
        .filter(student=student)
        .select_related("school")
        .order_by("status", "entry_date", "id")
    )
    return list(rows)


def _holds(user: User | AnonymousUser, holding: list[Enrollment]) -> bool:
    return policy.is_district_admin(user) or any(
        policy.can_manage_enrollment_at(user, e.school_id) for e in holding
    )


def holds_record(user: User | AnonymousUser, student: Student, day: dt.date | None = None) -> bool:
    """Whether ``user``'s office holds ``student``: enrolled now or soon at a school of theirs."""
    if policy.is_district_admin(user):
        return True
    return _holds(user, _holding(student, day or timezone.localdate()))


def _reason(reason: str) -> str:
    text = (reason or "").strip()
    if not text:
        raise RuleError(
            _("Say why your school enrolls a student who attends another school."),
            field="reason",
        )
    if len(text) > MAX_REASON:
        raise RuleError(
            _("The reason must be at most %(n)s characters.") % {"n": MAX_REASON}, field="reason"
        )
    return text


def _require_office(user: User | AnonymousUser, school: School) -> None:
    if not policy.can_enroll_at(user, school):
        raise NotPermitted("You may not enroll students at this school.")


# ---- enrolling --------------------------------------------------------------------------


def enroll(
    user: User | AnonymousUser,
    *,
    student: Student,
    school: School,
    grade_level: str,
    entry_date: dt.date,
    status: str = EnrollmentStatus.PRIMARY,
    reason: str = "",
) -> Enrollment | EnrollmentClaim:
    """Enroll ``student`` at ``school`` for ``user``: at once, or as a claim on them."""
    _require_office(user, school)
    # Who holds the student is asked as of today too: an entry dated after another
    # school's planned exit would otherwise open the record to this office at once.
    day = min(timezone.localdate(), entry_date)
    holding = _holding(student, day)
    holds = _holds(user, holding)
    if not holding or holds:
        if not holding and not holds:
            disclosure_record(
                student_id=student.pk,
                aspects=["identity", "enrollment"],
                purpose="intake: re-entry of a student no school holds",
                user=user,
            )
        return services.enrollment_create(
            student=student,
            school=school,
            grade_level=grade_level,
            entry_date=entry_date,
            status=status,
        )
    current = holding[0]
    if status == EnrollmentStatus.PRIMARY:
        _disclose_refusal(user, student, "enrollment beside another school's primary")
        raise Conflict(
            _(
                "The student is enrolled (primary) at %(school)s: ask for a transfer in, "
                "or enroll as secondary or short-term."
            )
            % {"school": current.school.name},
            field="entry_date",
        )
    return _claim(
        user,
        kind=ClaimKind.ENROLLMENT,
        student=student,
        current=current,
        to_school=school,
        grade_level=grade_level,
        entry_date=entry_date,
        status=status,
        reason=reason,
    )


# ---- transfers ----------------------------------------------------------------------------


def transfer(
    user: User | AnonymousUser,
    *,
    student: Student,
    to_school: School,
    date: dt.date,
    grade_level: str | None = None,
    reason: str = "",
    sending: Enrollment | None = None,
) -> tuple[Enrollment, Enrollment] | EnrollmentClaim:
    """Move ``student`` to ``to_school`` on ``date``.

    The school the student attends on ``date`` moves them at once (on ``sending``, when a
    page names the enrollment it shows); the receiving school asks, with a reason.
    """
    in_force = selectors.primary_on(student, date)
    if in_force is None and not holds_record(user, student):
        _disclose_refusal(user, student, "transfer of a student enrolled nowhere that day")
    current = services.sending_enrollment(in_force, date, sending)
    if policy.can_manage_enrollment_at(user, current.school_id):
        return services.student_transfer(
            student=student,
            to_school=to_school,
            date=date,
            grade_level=grade_level,
            sending=current,
        )
    if sending is not None or not policy.can_enroll_at(user, to_school):
        raise NotPermitted("Only the sending or receiving school may transfer a student.")
    return _claim(
        user,
        kind=ClaimKind.TRANSFER,
        student=student,
        current=current,
        to_school=to_school,
        grade_level=grade_level or current.grade_level,
        entry_date=date,
        status=current.status,
        reason=reason,
    )


# ---- claims -------------------------------------------------------------------------------


def _claim(
    user: User | AnonymousUser,
    *,
    kind: str,
    student: Student,
    current: Enrollment,
    to_school: School,
    grade_level: str,
    entry_date: dt.date,
    status: str,
    reason: str,
) -> EnrollmentClaim:
    """Record a school's request for a student another school holds; apply it if allowed."""
    text = _reason(reason)
    if current.school_id == to_school.pk:
        _disclose_refusal(user, student, f"{kind} claim for {to_school.code}")
        raise Conflict(
            _("The student is already at %(school)s.") % {"school": to_school.name},
            field="school",
        )
    if grade_level != current.grade_level:
        _disclose_refusal(user, student, f"{kind} claim for {to_school.code}")
        raise RuleError(
            _("The grade must be the student's current grade, %(grade)s.")
            % {"grade": current.grade_level},
            field="grade_level",
        )
    services.check_grade(to_school, grade_level)
    with transaction.atomic():
        claim = EnrollmentClaim.objects.create(
            kind=kind,
            student=student,
            from_school=current.school,
            to_school=to_school,
            grade_level=grade_level,
            status=status,
            entry_date=entry_date,
            reason=text,
            requested_by=user if isinstance(user, User) else None,
        )
        disclosure_record(
            student_id=student.pk,
            aspects=["identity", "enrollment"],
            purpose=f"{kind} claim for {to_school.code}: {text}",
            user=user,
        )
        if to_school.district.receiving_school_access == ReceivingSchoolAccess.IMMEDIATE:
            _apply(claim, decided_by=None, note="in force at once (district setting)")
        _notify(claim)
    return claim


def _disclose_refusal(user: User | AnonymousUser, student: Student, what: str) -> None:
    """A refusal that tells the student's current school or grade is a read: logged."""
    disclosure_record(
        student_id=student.pk,
        aspects=["enrollment"],
        purpose=f"intake: {what} refused",
        user=user,
    )


def _notify(claim: EnrollmentClaim) -> None:
    """Tell the office of the school the student attends (the request is on their page too)."""
    student = claim.student
    if claim.state == ClaimState.PENDING:
        subject = _("%(school)s asks to enroll %(name)s: confirm or decline") % {
            "school": claim.to_school.name,
            "name": student.display_name,
        }
    else:
        subject = _("%(school)s enrolled %(name)s (the district lets it take effect at once)") % {
            "school": claim.to_school.name,
            "name": student.display_name,
        }
    body = _("%(kind)s from %(date)s, grade %(grade)s. Reason given: %(reason)s") % {
        "kind": claim.get_kind_display(),
        "date": claim.entry_date,
        "grade": claim.grade_level,
        "reason": claim.reason,
    }
    notice_school_office(
        claim.from_school, "enrollment_request", subject, body, student_id=student.pk
    )


def _tell_the_asking_school(claim: EnrollmentClaim) -> None:
    verdict = _("confirmed") if claim.state == ClaimState.CONFIRMED else _("declined")
    subject = _("%(school)s %(verdict)s your request for %(name)s") % {
        "school": claim.from_school.name,
        "verdict": verdict,
        "name": claim.student.display_name,
    }
    notice_school_office(
        claim.to_school,
        "enrollment_request",
        subject,
        claim.decision_note,
        student_id=claim.student_id,
    )


def _sending_enrollment(claim: EnrollmentClaim) -> Enrollment:
    current = selectors.primary_on(claim.student, claim.entry_date)
    if current is None or current.school_id != claim.from_school_id:
        raise Conflict(
            _("The student no longer attends %(school)s on that date: ask again.")
            % {"school": claim.from_school.name},
            field="entry_date",
        )
    return current


def _apply(claim: EnrollmentClaim, *, decided_by: User | None, note: str) -> EnrollmentClaim:
    if claim.kind == ClaimKind.TRANSFER:
        _closed, opened = services.student_transfer(
            student=claim.student,
            to_school=claim.to_school,
            date=claim.entry_date,
            grade_level=claim.grade_level,
            sending=_sending_enrollment(claim),
        )
    else:
        if not _still_holds(claim):
            raise Conflict(
                _("The student no longer attends %(school)s: ask again.")
                % {"school": claim.from_school.name},
                field="entry_date",
            )
        opened = services.enrollment_create(
            student=claim.student,
            school=claim.to_school,
            grade_level=claim.grade_level,
            entry_date=claim.entry_date,
            status=claim.status,
        )
    claim.state, claim.enrollment = ClaimState.CONFIRMED, opened
    claim.decided_by, claim.decided_at, claim.decision_note = decided_by, timezone.now(), note
    claim.save()
    return claim


def _decider(user: User | AnonymousUser) -> User:
    """Only a signed-in user decides a request: for anyone else it does not exist."""
    if not isinstance(user, User):
        raise NotPermitted("claim not found")
    return user


def _decidable(user: User, claim_id: int) -> EnrollmentClaim:
    claim = (
        EnrollmentClaim.objects.select_for_update()
        .select_related("student", "from_school", "to_school")
        .filter(pk=claim_id)
        .first()
    )
    if claim is None or not policy.can_manage_enrollment_at(user, claim.from_school_id):
        raise NotPermitted("claim not found")
    if not policy.is_district_admin(user) and not _still_holds(claim):
        # The school the request went to no longer holds the student: it has no say.
        raise NotPermitted("claim not found")
    if claim.state != ClaimState.PENDING:
        raise Conflict(_("This request was already decided."), field="state")
    return claim


def _still_holds(claim: EnrollmentClaim) -> bool:
    """Whether the school the request went to still holds the student (now or soon)."""
    return (
        Enrollment.objects.current_or_upcoming(timezone.localdate())
        .filter(student_id=claim.student_id, school_id=claim.from_school_id)
        .exists()
    )


def claim_confirm(user: User | AnonymousUser, *, claim_id: int, note: str = "") -> EnrollmentClaim:
    """The student's current school (or the district) lets the request take effect."""
    decider = _decider(user)
    with transaction.atomic():
        claim = _decidable(decider, claim_id)
        _apply(claim, decided_by=decider, note=note[:MAX_REASON])
        _tell_the_asking_school(claim)
        return claim


def claim_decline(user: User | AnonymousUser, *, claim_id: int, note: str = "") -> EnrollmentClaim:
    """The student's current school (or the district) refuses the request."""
    decider = _decider(user)
    with transaction.atomic():
        claim = _decidable(decider, claim_id)
        claim.state, claim.decided_by, claim.decided_at = (
            ClaimState.DECLINED,
            decider,
            timezone.now(),
        )
        claim.decision_note = note[:MAX_REASON]
        claim.save()
        _tell_the_asking_school(claim)
        return claim
