"""A student's record history through the API."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError

from homeroom.access.choices import Aspect
from homeroom.api_schema import responses
from homeroom.audit.selectors import student_history
from homeroom.people import selectors

router = Router(tags=["audit"])


class AuditEventOut(Schema):
    id: int
    at: dt.datetime
    actor: str
    ip_address: str | None
    via: str
    action: str
    model: str
    object_id: str
    changes: dict[str, list[Any]]
    reason: str


class AuditList(Schema):
    items: list[AuditEventOut]
    count: int


@router.get(
    "/students/{student_id}/audit",
    response=responses({200: AuditList}, 403, 404),
    summary="A student's history",
)
def student_audit(request: HttpRequest, student_id: int, limit: int = 500) -> dict[str, Any]:
    view = selectors.student_get(
        user=request.user, student_id=student_id, purpose="api: read record history"
    )
    if not view.may(Aspect.AUDIT):
        raise HttpError(403, "You may not read this student's record history.")
    events = student_history(view.student.pk, selectors.guardian_ids_of(view.student))
    items = [
        {
            "id": e.pk,
            "at": e.at,
            "actor": e.actor_label,
            "ip_address": e.ip_address,
            "via": e.via,
            "action": e.action,
            "model": e.model,
            "object_id": e.object_id,
            "changes": e.changes,
            "reason": e.reason,
        }
        for e in events[: max(1, min(limit, 5000))]
    ]
    return {"items": items, "count": len(items)}
