"""Class placement: an enrolled student's classes at their school, and placing them in one."""

from __future__ import annotations

import datetime as dt
from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from homeroom.access.models import User
from homeroom.districts.models import School
from homeroom.enrollment import selectors
from homeroom.enrollment.models import Enrollment
from homeroom.lib.errors import RuleError
from homeroom.lib.ids import record_id
from homeroom.scheduling.forms import PlacementForm
from homeroom.scheduling.models import Section, SectionEnrollment, SectionEnrollmentQuerySet
from homeroom.scheduling.services import roster_add, roster_drop


def _managed(request: HttpRequest, enrollment_id: int) -> Enrollment:
    """The enrollment, if the user may manage it (``selectors.managed_enrollment``); else 404.

    Placing a student is part of managing their enrollment: the same people may do it.
    """
    user = cast(User, request.user)  # behind login_required
    e = selectors.managed_enrollment(user, enrollment_id, purpose="enrollment: classes page")
    if e is None:
        raise Http404("No such enrollment")
    return e


def _sections(school: School, day: dt.date) -> QuerySet[Section]:
    open_rows = SectionEnrollmentQuerySet.not_ended(day, via="roster")
    return (
        Section.objects.open_on(day)
        .filter(course__school=school, term__end_date__gte=day)
        .select_related("course", "period")
        .annotate(taken=Count("roster", filter=open_rows))
        .order_by("period__order", "course__title", "code")
    )


def _place_or_drop(request: HttpRequest, e: Enrollment, form: PlacementForm) -> HttpResponse | None:
    """Handle a placement or a drop; a redirect when it worked."""
    if request.POST.get("action") == "drop":
        row_id = request.POST.get("row", "")
        row = get_object_or_404(
            SectionEnrollment,
            pk=record_id(row_id) or 0,
            student=e.student,
            section__course__school=e.school,
        )
        roster_drop(row=row, day=timezone.localdate())
        messages.success(request, _("Taken out of %(section)s.") % {"section": row.section})
        return redirect("scheduling:placement", e.pk)
    if not form.is_valid():
        return None
    d = form.cleaned_data
    try:
        roster_add(student=e.student, section=d["section"], day=d["day"])
    except RuleError as exc:
        form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        return None
    messages.success(request, _("Placed in %(section)s.") % {"section": d["section"]})
    return redirect("scheduling:placement", e.pk)


@login_required
def placement(request: HttpRequest, enrollment_id: int) -> HttpResponse:
    """The student's classes at this school, and placing them in another one."""
    e = _managed(request, enrollment_id)
    today = timezone.localdate()
    start = max(today, e.entry_date)
    sections = _sections(e.school, start)
    form = PlacementForm(
        request.POST if request.method == "POST" else None,
        sections=sections,
        initial={"day": start},
    )
    if request.method == "POST" and e.exit_date is not None:
        # Like the enrollment page: an ended enrollment's classes are history, not changed.
        messages.error(request, _("This enrollment has ended: nothing more to change."))
        return redirect("scheduling:placement", e.pk)
    if request.method == "POST":
        try:
            done = _place_or_drop(request, e, form)
        except RuleError as exc:
            messages.error(request, exc.message)
            done = redirect("scheduling:placement", e.pk)
        if done is not None:
            return done
    current = (
        SectionEnrollment.objects.current_or_upcoming(today)
        .filter(student=e.student, section__course__school=e.school)
        .select_related("section__course", "section__period")
        .order_by("section__period__order", "section__course__title")
    )
    context = {"e": e, "form": form, "current": current, "open": e.exit_date is None}
    return render(request, "scheduling/placement.html", context)
