"""Student search and the student profile page."""

from __future__ import annotations

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


@staff_required
def search(request: HttpRequest) -> HttpResponse:
    """Name search; with htmx only the result list is re-rendered as the user types."""
    query = request.GET.get("q", "").strip()
    found = (
        selectors.student_search(user=request.user, query=query, purpose="web: student search")
        if query
        else []
    )
    htmx = request.htmx  # type: ignore[attr-defined]
    partial = bool(htmx) and not htmx.history_restore_request
    context = {
        "query": query,
        "results": selectors.student_rows(found, timezone.localdate()),
        "limit": selectors.MAX_RESULTS,
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
