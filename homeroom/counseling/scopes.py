"""The caseload scope: which students a counselor reaches, registered with the policy."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q

from homeroom.access.choices import Scope
from homeroom.access.policy import ScopeRequest, scope_provider
from homeroom.counseling.models import CaseloadAssignment
from homeroom.enrollment.models import Enrollment


@scope_provider(Scope.CASELOAD)
def caseload(request: ScopeRequest) -> Q:
    """Students on the counselor's caseload who attend (or will attend) one of the
    counselor's schools: a caseload row left behind when a student moved grants nothing.
    (Every counselor role names a school: ``access.models.SCHOOL_ROLES``.)"""
    on_caseload = Q(
        Exists(
            CaseloadAssignment.objects.filter(student=OuterRef("pk"), counselor_id=request.user_id)
        )
    )
    attending = Enrollment.objects.current_or_upcoming(request.day).filter(
        student=OuterRef("pk"), school_id__in=request.school_ids()
    )
    return on_caseload & Q(Exists(attending))
