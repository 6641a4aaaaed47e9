"""Student endpoints: read, change, search (creating one enrolls them: enrollment.api)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router
from ninja.errors import HttpError
from pydantic import Field

from homeroom.access.choices import Aspect
from homeroom.api_schema import InputSchema, responses
from homeroom.audit.schemas import READ_LIMITED
from homeroom.lib.errors import RuleError
from homeroom.people import selectors, services
from homeroom.people.schemas import StudentList, StudentOut, StudentPatch

router = Router(tags=["students"])
# What a search result discloses: the name, district id, school and grade.
LIST_ASPECTS = frozenset({Aspect.ENROLLMENT})


class SearchParams(InputSchema):
    q: str = Field(
        default="",
        max_length=200,
        description="Words of the student's name, a district id or SSID, or a guardian's "
        "name or phone (any formatting).",
    )
    limit: int = Field(default=50, description="At most this many (1 to 200).")


def student_out(view: selectors.StudentView) -> dict[str, Any]:
    """The student as the viewer may see them, in the ``StudentOut`` shape."""
    return view.record().as_api()


def _viewed(request: HttpRequest, student_id: int, purpose: str) -> selectors.StudentView:
    return selectors.student_get(user=request.user, student_id=student_id, purpose=purpose)


@router.get(
    "/students",
    response=responses({200: StudentList}),
    summary="Search students by name, id, SSID, or a guardian's name or phone",
    openapi_extra=READ_LIMITED,
)
def search_students(request: HttpRequest, params: Query[SearchParams]) -> dict[str, Any]:
    limit = max(1, min(params.limit, 200))
    found = selectors.student_search(
        user=request.user, query=params.q, limit=limit, purpose="api: search students"
    )
    rows = selectors.student_rows(found, timezone.localdate(), shown=LIST_ASPECTS)
    items = [
        {**row.record.as_api(), "matched": [_match_out(r) for r in hit.reasons]}
        for row, hit in zip(rows, found.hits, strict=True)
    ]
    return {"items": items, "count": len(items)}


def _match_out(reason: selectors.Reason) -> dict[str, Any]:
    return {"kind": reason.kind.value, "guardian": reason.guardian or None, "text": reason.text}


@router.get(
    "/students/{student_id}",
    response=responses({200: StudentOut}, 404),
    summary="Read a student",
    openapi_extra=READ_LIMITED,
)
def get_student(request: HttpRequest, student_id: int) -> dict[str, Any]:
    return student_out(_viewed(request, student_id, "api: read student"))


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
    return student_out(replace(view, student=student))
