"""The school scope, registered with the access policy: who a school's staff reach.

Staff of a school reach the students who attend it or will soon. The office (an
editor role) also reads a student who left within ``FORMER_STUDENT_WINDOW``, for
records requests, transfers and corrections; nurses do not."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from homeroom.access.choices import Scope
from homeroom.access.policy import (
    EDITOR_ROLES,
    FORMER_STUDENT_WINDOW,
    ScopeRequest,
    Viewer,
    school_reach,
    scope_provider,
)
from homeroom.enrollment.models import Enrollment


@scope_provider(Scope.SCHOOL)
def attending(request: ScopeRequest) -> Q | None:
    """Students with an open or upcoming enrollment at one of the grants' schools."""
    schools = request.school_ids()
    if not schools:
        return None
    current = Enrollment.objects.current_or_upcoming(request.day).filter(
        student=OuterRef("pk"), school_id__in=schools
    )
    return Q(Exists(current))


@scope_provider(Scope.SCHOOL)
def left_lately(request: ScopeRequest) -> Q | None:
    """The office's former students: left one of its schools within the window."""
    office = request.school_ids(EDITOR_ROLES)
    if not office or not request.former:
        return None
    since = request.day - FORMER_STUDENT_WINDOW
    left = Enrollment.objects.filter(
        student=OuterRef("pk"), school_id__in=office, exit_date__gte=since
    )
    return Q(Exists(left))


@school_reach
def schools_attended(user: Viewer, students: QuerySet[Any], day: dt.date) -> set[int]:
    """The schools the user's visible students attend or will soon (a guardian's view)."""
    return set(
        Enrollment.objects.current_or_upcoming(day)
        .filter(student__in=students)
        .values_list("school_id", flat=True)
    )
