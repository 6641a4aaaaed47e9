"""The section scope, registered with the access policy: a teacher's students."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q

from homeroom.access.choices import Scope
from homeroom.access.policy import ScopeRequest, scope_provider
from homeroom.enrollment.models import Enrollment
from homeroom.scheduling.models import SectionEnrollment


@scope_provider(Scope.SECTION)
def taught(request: ScopeRequest) -> Q | None:
    """Students on the current or upcoming roster of a section the teacher teaches at
    one of the grants' schools. A roster row nobody closed when the student left is no
    longer a class they take: the student must still attend (or be about to attend)
    the section's school."""
    schools = request.school_ids()
    if not schools:
        return None
    at_section_school = Enrollment.objects.current_or_upcoming(request.day).filter(
        student=OuterRef("student"), school=OuterRef("section__course__school")
    )
    rows = (
        SectionEnrollment.objects.current_or_upcoming(request.day)
        .filter(
            student=OuterRef("pk"),
            section__teacher_id=request.user_id,
            section__course__school_id__in=schools,
        )
        .filter(Exists(at_section_school))
    )
    return Q(Exists(rows))
