"""What each role's dashboard shows, read through the access policy.

Every list here starts from :mod:`homeroom.access.policy` (the students and schools
the user may see), so a dashboard never shows more than the profile pages would.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, QuerySet
from django.utils import timezone

from homeroom.access import policy
from homeroom.access.choices import Aspect, Role
from homeroom.access.models import RoleAssignment
from homeroom.access.policy import Viewer
from homeroom.audit.services import disclosure_record_many
from homeroom.districts.choices import GRADE_ORDER
from homeroom.districts.models import School
from homeroom.districts.selectors import visible_schools
from homeroom.enrollment.models import Enrollment
from homeroom.notices.selectors import notices_for
from homeroom.people.models import Student
from homeroom.people.selectors import student_rows
from homeroom.scheduling.models import Section, SectionEnrollmentQuerySet

LIST_LIMIT = 200
# What the dashboard's student list discloses (and logs): names, ids, school and grade.
LIST_ASPECTS = (Aspect.IDENTITY, Aspect.ENROLLMENT)
RECENT_ENROLLMENTS = 15
NOTICES_SHOWN = 5


@dataclass
class SchoolRow:
    """A school with today's primary enrollment, in total and by grade."""

    school: School
    enrolled: int = 0
    by_grade: list[tuple[str, int]] = field(default_factory=list)


def school_rows(schools: QuerySet[School], day: dt.date) -> list[SchoolRow]:
    """The schools with today's enrollment counts by grade, in two queries."""
    rows = {s.pk: SchoolRow(s) for s in schools.order_by("name")}
    counts = (
        Enrollment.objects.primary()
        .on(day)
        .filter(school_id__in=list(rows))
        .values("school_id", "grade_level")
        .annotate(n=Count("student_id", distinct=True))
    )
    for c in sorted(counts, key=lambda c: GRADE_ORDER.get(c["grade_level"], 99)):
        row = rows[c["school_id"]]
        row.enrolled += c["n"]
        row.by_grade.append((c["grade_level"], c["n"]))
    return list(rows.values())


def _visible_by_name(user: Viewer) -> QuerySet[Student]:
    return policy.visible_students(user).order_by("sort_key", "id")


def _student_list(user: Viewer, day: dt.date) -> dict[str, Any]:
    visible = _visible_by_name(user)
    return {
        "student_rows": student_rows(visible[:LIST_LIMIT], day, shown=LIST_ASPECTS),
        "student_count": visible.count(),
    }


def _district(user: Viewer, day: dt.date) -> dict[str, Any]:
    schools = school_rows(visible_schools(user), day)
    return {
        "school_rows": schools,
        "student_total": sum(s.enrolled for s in schools),
        "students_ever": Student.objects.count(),
    }


def _recent_enrollments(user: Viewer, role: str) -> list[Enrollment]:
    """The latest entries at the schools where the user holds ``role``."""
    return list(
        Enrollment.objects.filter(
            school_id__in=policy.school_ids(user, [role]),
            student__in=policy.visible_students(user),
        )
        .select_related("student", "school")
        .order_by("-entry_date", "-id")[:RECENT_ENROLLMENTS]
    )


def _school_admin(user: Viewer, day: dt.date) -> dict[str, Any]:
    ids = policy.school_ids(user, [Role.SCHOOL_ADMIN])
    staff = (
        RoleAssignment.objects.filter(school_id__in=ids)
        .exclude(end_date__lte=day)
        .values("role")
        .annotate(n=Count("user_id", distinct=True))
        .order_by("role")
    )
    labels = dict(Role.choices)
    return {
        "school_rows": school_rows(visible_schools(user), day),
        "staff_counts": [(labels.get(s["role"], s["role"]), s["n"]) for s in staff],
        "recent_enrollments": _recent_enrollments(user, Role.SCHOOL_ADMIN),
    }


def _registrar(user: Viewer, day: dt.date) -> dict[str, Any]:
    return {
        "school_rows": school_rows(visible_schools(user), day),
        "recent_enrollments": _recent_enrollments(user, Role.REGISTRAR),
    }


def _nurse(user: Viewer, day: dt.date) -> dict[str, Any]:
    return {
        "school_rows": school_rows(visible_schools(user), day),
        **_student_list(user, day),
    }


def _teacher(user: Viewer, day: dt.date) -> dict[str, Any]:
    sections = (
        Section.objects.filter(
            teacher_id=user.pk if user else None,
            course__school_id__in=policy.school_ids(user, [Role.TEACHER]),
        )
        .select_related("course", "period", "term", "room")
        .annotate(
            students=Count("roster", filter=SectionEnrollmentQuerySet.not_ended(day, "roster"))
        )
        .order_by("period__order", "course__title", "code")
    )
    return {"sections": list(sections), **_student_list(user, day)}


BUILDERS: dict[str, Callable[[Any, dt.date], dict[str, Any]]] = {
    Role.DISTRICT_ADMIN: _district,
    Role.SCHOOL_ADMIN: _school_admin,
    Role.REGISTRAR: _registrar,
    Role.NURSE: _nurse,
    Role.TEACHER: _teacher,
    Role.COUNSELOR: _student_list,
    Role.GUARDIAN: _student_list,
    Role.STUDENT: _student_list,
}


def _shown_students(data: dict[str, Any]) -> list[int]:
    """Every student the dashboard names: its student list and the latest enrollments."""
    ids = [row.record.id for row in data.get("student_rows", [])]
    ids += [e.student_id for e in data.get("recent_enrollments", [])]
    ids += [n.student_id for n in data.get("notices", []) if n.student_id is not None]
    return ids


def _notices(user: Viewer) -> dict[str, Any]:
    """The user's first unread notices (one query), and whether there are more."""
    first = list(notices_for(user).unread()[: NOTICES_SHOWN + 1])
    return {"notices": first[:NOTICES_SHOWN], "more_notices": len(first) > NOTICES_SHOWN}


def dashboard_data(user: Viewer) -> dict[str, Any]:
    """The figures and lists on the user's dashboard, by their broadest role.

    The students it names (its lists and the notices shown) are written to the
    disclosure log as one row.
    """
    role = policy.primary_role(user)
    today = timezone.localdate()
    data: dict[str, Any] = {"role": role, "today": today}
    if role is not None:
        data.update(BUILDERS[role](user, today))
    data.update(_notices(user))
    disclosure_record_many(
        student_ids=_shown_students(data),
        aspects=LIST_ASPECTS,
        purpose="web: dashboard",
        user=user,
    )
    return data


def own_student(user: Viewer) -> Student | None:
    """The student record a student user signs in for, if any."""
    if Role.STUDENT not in policy.roles(user):
        return None
    return policy.visible_students(user).filter(user=user).first()
