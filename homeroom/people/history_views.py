"""A student's record history page: the audit trail and disclosure log of one record.

It is part of the student record, so it lives with people; its URL names keep the
``audit`` namespace they were published under (``history_urls``)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from homeroom.access.choices import Aspect
from homeroom.audit.selectors import student_disclosures, student_history
from homeroom.lib.errors import NotPermitted
from homeroom.people import selectors
from homeroom.people.history import describe


@login_required
def student_history_page(request: HttpRequest, student_id: int) -> HttpResponse:
    try:
        view = selectors.student_get(
            user=request.user, student_id=student_id, purpose="web: record history"
        )
    except NotPermitted as exc:
        raise Http404("No such student") from exc
    if not view.may(Aspect.AUDIT):
        raise PermissionDenied
    context = {
        "s": view.record(),
        "events": describe(
            student_history(view.student.pk, selectors.guardian_ids_of(view.student))[:500]
        ),
        "disclosures": student_disclosures(view.student.pk)[:200],
    }
    return render(request, "people/student_history.html", context)
