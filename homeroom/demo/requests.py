"""A few enrollment requests between demo schools, so the requests page has something to show.

Two schools of one level (the demo registrar's, when the demo has a sister school of its
level) each ask for two of the other's students; the requests wait for the other school
or the district (``demo-admin``) to confirm or decline. They go through the same workflow as the
pages, so each is disclosed and audited like a real one.
"""

from __future__ import annotations

from django.utils import timezone

from homeroom.access.choices import Role
from homeroom.access.models import RoleAssignment, User
from homeroom.audit.context import acting_as, actor_for_user
from homeroom.demo.staffing import DEMO_USERNAMES
from homeroom.districts.models import School
from homeroom.enrollment import workflows
from homeroom.enrollment.choices import EnrollmentStatus
from homeroom.enrollment.models import Enrollment

REASONS = (
    "Dual-language afternoon programme offered only at our school",
    "Speech therapy sessions held at our site twice a week",
)


def _students_at(school: School, count: int) -> list[Enrollment]:
    today = timezone.localdate()
    return list(
        Enrollment.objects.primary()
        .on(today)
        .filter(school=school)
        .select_related("student", "school")
        .order_by("student_id")[:count]
    )


def _ask(user: User, school: School, rows: list[Enrollment]) -> int:
    made = 0
    with acting_as(actor_for_user(user, ip_address=None, via="command")):
        for row, reason in zip(rows, REASONS, strict=False):
            if not school.serves_grade(row.grade_level):
                continue
            workflows.enroll(
                user,
                student=row.student,
                school=school,
                grade_level=row.grade_level,
                entry_date=timezone.localdate(),
                status=EnrollmentStatus.SECONDARY,
                reason=reason,
            )
            made += 1
    return made


def _pair() -> tuple[RoleAssignment, RoleAssignment] | None:
    """Two registrars at schools of one level, the demo registrar's level first."""
    grants = list(
        RoleAssignment.objects.filter(role=Role.REGISTRAR, school__isnull=False)
        .select_related("school", "user")
        .order_by("school_id")
    )
    demo = DEMO_USERNAMES[Role.REGISTRAR]
    grants.sort(key=lambda g: (g.user.username != demo, g.school_id))
    for first in grants:
        for second in grants:
            a, b = first.school, second.school
            if a is not None and b is not None and a.pk != b.pk and a.level == b.level:
                return first, second
    return None


def seed_requests() -> int:
    """Two requests each way between two schools of one level (the district decides them)."""
    pair = _pair()
    if pair is None:
        return 0
    a, b = pair
    if a.school is None or b.school is None:
        return 0
    made = _ask(a.user, a.school, _students_at(b.school, 2))
    return made + _ask(b.user, b.school, _students_at(a.school, 2))
