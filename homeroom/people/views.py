"""Student search and the student profile page."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import patch_vary_headers

from homeroom.access.choices import Aspect
from homeroom.access.decorators import staff_required
from homeroom.lib.errors import NotPermitted
from homeroom.people import selectors
from homeroom.people.record import panels_for
from homeroom.people.selectors import StudentRecord


@dataclass(frozen=True)
class Result:
    """A row of the results: the filtered record and why it matched, in words."""

    record: StudentRecord
    reasons: list[str]

    @property
    def student(self) -> StudentRecord:
        """The listed student, already filtered (as ``StudentRow.student``)."""
        return self.record


@staff_required
def search(request: HttpRequest) -> HttpResponse:
    """Find a student by name, district id, SSID, or a guardian's name or phone (the
    header's search box lands here); with htmx only the result list is re-rendered as
    the user types."""
    query = request.GET.get("q", "").strip()
    found = (
        selectors.student_search(user=request.user, query=query, purpose="web: student search")
        if query
        else selectors.SearchResults([])
    )
    rows = selectors.student_rows(found, timezone.localdate())
    htmx = request.htmx  # type: ignore[attr-defined]
    partial = bool(htmx) and not htmx.history_restore_request
    context = {
        "query": query,
        "results": [
            Result(row.record, [r.text for r in hit.reasons])
            for row, hit in zip(rows, found.hits, strict=True)
        ],
        "total": found.total,
        "more": found.more,
        "limit": selectors.MAX_RESULTS,
        "count_limit": selectors.COUNT_LIMIT,
        "partial": partial,
    }
    template = "people/_results.html" if partial else "people/search.html"
    response = render(request, template, context)
    patch_vary_headers(response, ("HX-Request",))
    return response


@login_required
def student(request: HttpRequest, student_id: int) -> HttpResponse:
    """The profile: only the parts of the record the viewer may see, each part a panel
    registered by the app that holds it (``people.record``)."""
    try:
        view = selectors.student_get(
            user=request.user, student_id=student_id, purpose="web: student profile"
        )
    except NotPermitted as exc:
        raise Http404("No such student") from exc
    context = {
        "s": view.record(),
        "may": {a.value: view.may(a) for a in Aspect},
        "granted": [a.label for a in Aspect if view.may(a)],
        "guardians": view.contacts(),
        "panels": panels_for(view),
    }
    return render(request, "people/student.html", context)
