"""What each role's dashboard shows, read through the access policy."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from homeroom.access import policy
from homeroom.access.choices import Role
from homeroom.enrollment.models import Enrollment
from homeroom.people.models import Student
from homeroom.scheduling.models import Section


def dashboard_data(user: Any) -> dict[str, Any]:
    """The figures and lists on the user's dashboard, by their broadest role."""
    role = policy.primary_role(user)
    today = timezone.localdate()
    data: dict[str, Any] = {"role": role, "today": today}
    schools = policy.visible_schools(user)
    if role in (Role.DISTRICT_ADMIN, Role.SCHOOL_ADMIN, Role.REGISTRAR, Role.NURSE):
        on_day = Q(enrollments__entry_date__lte=today) & (
            Q(enrollments__exit_date__isnull=True) | Q(enrollments__exit_date__gt=today)
        )
        data["schools"] = schools.annotate(
            enrolled=Count("enrollments", filter=on_day & Q(enrollments__status="10"))
        ).order_by("name")
    if role == Role.TEACHER:
        data["sections"] = (
            Section.objects.filter(teacher=user)
            .select_related("course", "period", "term")
            .annotate(students=Count("roster", filter=Q(roster__exit_date__isnull=True)))
            .order_by("period__order", "course__title")
        )
    if role in (Role.COUNSELOR, Role.GUARDIAN, Role.STUDENT, Role.TEACHER):
        data["students"] = list(policy.visible_students(user).order_by(
            "family_name", "given_name"
        )[:200])
        data["student_count"] = policy.visible_students(user).count()
    if role == Role.DISTRICT_ADMIN:
        data["student_total"] = (
            Enrollment.objects.primary().on(today).values("student").distinct().count()
        )
        data["students_ever"] = Student.objects.count()
    return data
