"""A student's record history and disclosure log through the API (part of the record)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.errors import HttpError

from homeroom.access.choices import Aspect
from homeroom.api_schema import responses
from homeroom.audit.schemas import READ_LIMITED
from homeroom.audit.selectors import student_disclosures, student_history
from homeroom.people import selectors
from homeroom.people.history import Described, describe

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
    summary: str = Field(
        description="The event in one sentence, in the language asked for (Accept-Language)"
    )


class AuditList(Schema):
    items: list[AuditEventOut]
    count: int


class DisclosureOut(Schema):
    id: int
    at: dt.datetime
    actor: str
    ip_address: str | None
    via: str
    kind: str
    outcome: str
    aspects: list[str]
    purpose: str
    students_named: int


class DisclosureList(Schema):
    items: list[DisclosureOut]
    count: int


def _history_view(request: HttpRequest, student_id: int, purpose: str) -> selectors.StudentView:
    view = selectors.student_get(user=request.user, student_id=student_id, purpose=purpose)
    if not view.may(Aspect.AUDIT):
        raise HttpError(403, "You may not read this student's record history.")
    return view


def _event_out(described: Described) -> dict[str, Any]:
    e = described.event
    return {
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
        "summary": described.sentence,
    }


@router.get(
    "/students/{student_id}/audit",
    response=responses({200: AuditList}, 403, 404),
    summary="A student's history",
    openapi_extra=READ_LIMITED,
)
def student_audit(request: HttpRequest, student_id: int, limit: int = 500) -> dict[str, Any]:
    """Every change to the student's records and their guardians', newest first.

    ``changes`` holds the stored values (``{field: [before, after]}``, codes and ids);
    ``summary`` says the same for a reader, in the language of ``Accept-Language``.
    """
    view = _history_view(request, student_id, "api: read record history")
    events = student_history(view.student.pk, selectors.guardian_ids_of(view.student))
    items = [_event_out(d) for d in describe(events[: max(1, min(limit, 5000))])]
    return {"items": items, "count": len(items)}


@router.get(
    "/students/{student_id}/disclosures",
    response=responses({200: DisclosureList}, 403, 404),
    summary="Who read a student's records",
    openapi_extra=READ_LIMITED,
)
def student_disclosure_log(
    request: HttpRequest, student_id: int, limit: int = 500
) -> dict[str, Any]:
    """Every read that named the student, newest first: profiles, searches, lists, reports."""
    view = _history_view(request, student_id, "api: read disclosure log")
    rows = student_disclosures(view.student.pk)[: max(1, min(limit, 5000))]
    items = [
        {
            "id": d.pk,
            "at": d.at,
            "actor": d.actor_label,
            "ip_address": d.ip_address,
            "via": d.via,
            "kind": d.kind,
            "outcome": d.outcome,
            "aspects": d.aspects,
            "purpose": d.purpose,
            "students_named": d.student_count,
        }
        for d in rows
    ]
    return {"items": items, "count": len(items)}
