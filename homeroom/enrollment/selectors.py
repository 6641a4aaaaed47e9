"""Reading enrollments."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import Q, QuerySet

from homeroom.access import policy
from homeroom.access.policy import Viewer
from homeroom.audit.models import Outcome
from homeroom.audit.services import disclosure_record, disclosure_record_many
from homeroom.districts.models import School
from homeroom.enrollment.models import (
    Enrollment,
    EnrollmentClaim,
    PreRegistration,
    PreRegistrationStatus,
)
from homeroom.people.models import Student


def school_on(student: Student, day: dt.date) -> School | None:
    """The school where ``student`` holds a primary enrollment on ``day``, if any."""
    enrollment = primary_on(student, day)
    return enrollment.school if enrollment else None


def enrollments_of(student: Student) -> QuerySet[Enrollment]:
    """The student's whole enrollment history, oldest first."""
    return (
        Enrollment.objects.filter(student=student)
        .select_related("school")
        .order_by("entry_date", "id")
    )


def primary_on(student: Student, day: dt.date) -> Enrollment | None:
    """The primary enrollment in force on ``day``, if any."""
    return (
        Enrollment.objects.primary()
        .on(day)
        .filter(student=student)
        .select_related("school")
        .first()
    )


def _within_office_reach(e: Enrollment, day: dt.date) -> bool:
    """Open or upcoming, closed no longer ago than the office keeps former students, or
    an older segment of a student who still attends (or will attend) that school."""
    if e.exit_date is None or e.exit_date >= day - policy.FORMER_STUDENT_WINDOW:
        return True
    return (
        Enrollment.objects.current_or_upcoming(day)
        .filter(student_id=e.student_id, school_id=e.school_id)
        .exists()
    )


def managed_enrollment(
    user: Viewer, enrollment_id: int, *, purpose: str = "enrollment"
) -> Enrollment | None:
    """The enrollment, if ``user`` may manage it; else None. Both outcomes are disclosed.

    The office of the enrollment's school manages it while it is open or upcoming, and
    reads it for ``FORMER_STUDENT_WINDOW`` after it closed, as the student's record
    (``policy``); district administrators manage every enrollment. Changing an
    enrollment that is no longer the student's current one is refused by the workflows.
    """
    e = Enrollment.objects.select_related("student", "school").filter(pk=enrollment_id).first()
    if e is None:
        return None
    allowed = policy.can_manage_enrollment_at(user, e.school_id) and (
        policy.is_district_admin(user) or _within_office_reach(e, policy.today())
    )
    if not allowed:
        disclosure_record(
            student_id=e.student_id, outcome=Outcome.DENIED, purpose=purpose, user=user
        )
        return None
    disclosure_record(
        student_id=e.student_id, aspects=["identity", "enrollment"], purpose=purpose, user=user
    )
    return e


def preregistrations_waiting(schools: Iterable[School]) -> QuerySet[PreRegistration]:
    """Submitted pre-registrations for ``schools``, oldest first: the counter's queue."""
    return (
        PreRegistration.objects.filter(status=PreRegistrationStatus.SUBMITTED, school__in=schools)
        .select_related("school")
        .order_by("submitted_at")
    )


def current_enrollments(student_ids: Iterable[int], day: dt.date) -> dict[int, Enrollment]:
    """Each student's primary enrollment in force on ``day``, keyed by student id."""
    rows = (
        Enrollment.objects.primary()
        .on(day)
        .filter(student_id__in=list(student_ids))
        .select_related("school")
        .order_by("entry_date", "id")
    )
    return {e.student_id: e for e in rows}


def claims_for(user: Viewer, state: str | None = None) -> QuerySet[EnrollmentClaim]:
    """Requests to or from the schools whose enrollments ``user`` manages, newest first."""
    qs = EnrollmentClaim.objects.select_related("student", "from_school", "to_school")
    if not policy.is_district_admin(user):
        ids = policy.school_ids(user, policy.EDITOR_ROLES)
        qs = qs.filter(Q(from_school_id__in=ids) | Q(to_school_id__in=ids))
    if state:
        qs = qs.filter(state=state)
    return qs.order_by("-requested_at", "-id")


CLAIMS_PAGE = 200


def claims_page(user: Viewer, state: str | None = None) -> list[EnrollmentClaim]:
    """The newest requests ``claims_for`` the user, one page, written to the disclosure log.

    The page and the API both list through here: each request names a student (and the
    reason given), so the page is one disclosure row naming them, against the read limit.
    """
    rows = list(claims_for(user, state)[:CLAIMS_PAGE])
    disclosure_record_many(
        student_ids=sorted({c.student_id for c in rows}),
        aspects=["identity", "enrollment"],
        purpose="enrollment requests list",
        user=user,
    )
    return rows
