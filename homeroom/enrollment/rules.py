"""Who may do what on the enrollment pages.

Each rule is one small function, stated in its docstring and answered from
:mod:`homeroom.access.policy`; the views ask these and decide nothing themselves.
Writes keep their own checks in the services and workflows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import QuerySet

from homeroom.access import policy
from homeroom.access.models import User
from homeroom.districts.models import School
from homeroom.enrollment.models import ClaimState, EnrollmentClaim, PreRegistration


def enrolling_schools(user: User) -> QuerySet[School]:
    """Schools where ``user`` may create students and enrollments: every school for a
    district administrator; else the schools where they hold an editor role
    (school administrator or registrar)."""
    if policy.is_district_admin(user):
        return School.objects.all()
    return School.objects.filter(pk__in=policy.school_ids(user, policy.EDITOR_ROLES))


def visible_ids(user: User, ids: list[int]) -> set[int]:
    """Of the students ``ids``, those whose record ``user`` may open. Intake search finds
    children across the district; the others are listed without a link to their record."""
    return set(policy.visible_students(user).filter(pk__in=ids).values_list("pk", flat=True))


def decidable_claims(user: User, claims: Iterable[EnrollmentClaim]) -> set[int]:
    """The ids of the ``claims`` that ``user`` may confirm or decline: pending requests
    sent to a school where ``user`` enrolls (the school that holds the student)."""
    mine = {s.pk for s in enrolling_schools(user)}
    return {c.pk for c in claims if c.from_school_id in mine and c.state == ClaimState.PENDING}


def report_schools(user: User) -> list[School]:
    """The schools whose "nobody lost" report ``user`` may read: those where they enroll."""
    return list(enrolling_schools(user))


def reports_whole_district(user: User) -> bool:
    """Only a district administrator reads the report of every school at once
    (``?school=all``, also what they see by default)."""
    return policy.is_district_admin(user)


def report_window(today: dt.date) -> tuple[dt.date, dt.date]:
    """The first and last day the report may be asked for: the office's reach of former
    and coming students, ``FORMER_STUDENT_WINDOW`` back and ahead of today."""
    return today - policy.FORMER_STUDENT_WINDOW, today + policy.FORMER_STUDENT_WINDOW


def may_review_preregistration(user: User, p: PreRegistration) -> bool:
    """A family's pre-registration is reviewed (and completed) only by someone who may
    enroll at the school the family asked for. One with no school yet is unfinished:
    nobody's to review."""
    return p.school is not None and policy.can_enroll_at(user, p.school)


def sees_stale_preregistrations(user: User) -> bool:
    """Unfinished pre-registrations hold only a parent's email or phone and no school yet:
    the district office follows them up, so only a district administrator sees the list
    (school registrars see how many there are)."""
    return policy.is_district_admin(user)
