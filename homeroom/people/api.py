"""Student endpoints: read, change, search (creating one enrolls them: enrollment.api)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router
from ninja.errors import HttpError
from pydantic import Field

from homeroom.access.choices import Aspect
from homeroom.api_schema import InputSchema, responses
from homeroom.audit.schemas import READ_LIMITED
from homeroom.enrollment.models import Enrollment
from homeroom.enrollment.selectors import current_enrollments
from homeroom.lib.errors import RuleError
from homeroom.people import selectors, services
from homeroom.people.models import Student
from homeroom.people.schemas import StudentList, StudentOut, StudentPatch

router = Router(tags=["students"])


class SearchParams(InputSchema):
    q: str = Field(default="", max_length=200, description="Words of the student's name.")
    limit: int = Field(default=50, description="At most this many (1 to 200).")


def _current_enrollments(students: list[Student]) -> dict[int, Enrollment]:
    return current_enrollments((s.pk for s in students), timezone.localdate())


def student_out(
    student: Student, aspects: frozenset[Aspect], enrollment: Enrollment | None
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": student.pk,
        "district_id": student.district_id,
        "given_name": student.given_name,
        "middle_name": student.middle_name,
        "family_name": student.family_name,
        "suffix": student.suffix,
        "preferred_given_name": student.preferred_given_name,
        "preferred_family_name": student.preferred_family_name,
        "display_name": student.display_name,
    }
    if Aspect.IDENTITY in aspects:
        data.update(birth_date=student.birth_date, ssid=student.ssid)
    if Aspect.DEMOGRAPHICS in aspects:
        data.update(
            gender=student.gender,
            gender_self_description=student.gender_self_description,
            home_language=student.home_language,
        )
    if Aspect.ENROLLMENT in aspects and enrollment is not None:
        data.update(school=enrollment.school.code, grade_level=enrollment.grade_level)
    return data


def _viewed(request: HttpRequest, student_id: int, purpose: str) -> selectors.StudentView:
    return selectors.student_get(user=request.user, student_id=student_id, purpose=purpose)


@router.get(
    "/students",
    response=responses({200: StudentList}),
    summary="Search students by name",
    openapi_extra=READ_LIMITED,
)
def search_students(request: HttpRequest, params: Query[SearchParams]) -> dict[str, Any]:
    limit = max(1, min(params.limit, 200))
    found = selectors.student_search(
        user=request.user, query=params.q, limit=limit, purpose="api: search students"
    )
    current = _current_enrollments(found)
    aspects = frozenset({Aspect.ENROLLMENT})
    items = [student_out(s, aspects, current.get(s.pk)) for s in found]
    return {"items": items, "count": len(items)}


@router.get(
    "/students/{student_id}",
    response=responses({200: StudentOut}, 404),
    summary="Read a student",
    openapi_extra=READ_LIMITED,
)
def get_student(request: HttpRequest, student_id: int) -> dict[str, Any]:
    view = _viewed(request, student_id, "api: read student")
    current = _current_enrollments([view.student]).get(view.student.pk)
    return student_out(view.student, view.aspects, current)


@router.patch(
    "/students/{student_id}",
    response=responses({200: StudentOut}, 403, 404, 409),
    summary="Change a student",
    openapi_extra=READ_LIMITED,
)
def patch_student(request: HttpRequest, student_id: int, payload: StudentPatch) -> dict[str, Any]:
    view = _viewed(request, student_id, "api: change student")
    if not view.editable:
        raise HttpError(403, "You may not change this student's record.")
    values = payload.dict(exclude_unset=True)
    reason = values.pop("reason", "")
    for field in ("given_name", "birth_date"):
        if field in values and values[field] is None:
            raise RuleError(f"{field} cannot be removed", field=field)
    student = services.student_update(student=view.student, reason=reason, **values)
    current = _current_enrollments([student]).get(student.pk)
    return student_out(student, view.aspects, current)
