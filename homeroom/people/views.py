"""Student search and the student profile page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from homeroom.access.choices import Aspect
from homeroom.enrollment.selectors import enrollments_of
from homeroom.lib.errors import NotPermitted
from homeroom.people import selectors


@login_required
def search(request: HttpRequest) -> HttpResponse:
    """Name search; with htmx only the result list is re-rendered as the user types."""
    query = request.GET.get("q", "")
    results = list(selectors.student_search(user=request.user, query=query)) if query else []
    context = {"query": query, "results": results}
    template = "people/_results.html" if request.htmx else "people/search.html"  # type: ignore[attr-defined]
    return render(request, template, context)


@login_required
def student(request: HttpRequest, student_id: int) -> HttpResponse:
    """The profile: only the parts of the record the viewer may see."""
    try:
        view = selectors.student_get(
            user=request.user, student_id=student_id, purpose="web: student profile"
        )
    except NotPermitted as exc:
        raise Http404("No such student") from exc
    context = {
        "s": view.student,
        "may": {a.value: view.may(a) for a in Aspect},
        "guardians": selectors.guardians_of(view.student) if view.may(Aspect.CONTACTS) else [],
        "enrollments": enrollments_of(view.student) if view.may(Aspect.ENROLLMENT) else [],
    }
    return render(request, "people/student.html", context)
