"""The "nobody lost" report's page; the report itself is :mod:`homeroom.enrollment.report`."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from homeroom.access.decorators import intake_required
from homeroom.districts.models import School
from homeroom.enrollment import report, rules
from homeroom.enrollment.views._common import staff

KIND_TEXT: dict[str, tuple[Any, Any]] = {
    "no_schedule": (
        gettext_lazy("Enrolled with no schedule"),
        gettext_lazy("Enrolled today and in no class at that school."),
    ),
    "incomplete_schedule": (
        gettext_lazy("Enrolled with an incomplete schedule"),
        gettext_lazy("In fewer classes than a full day at that school's level."),
    ),
    "transfer_not_received": (
        gettext_lazy("Transferred out, not received"),
        gettext_lazy("Left for another district school and enrolled nowhere since."),
    ),
    "not_continued": (
        gettext_lazy("Expected after year end, not enrolled"),
        gettext_lazy(
            "Left at year end as continuing (for example, promoted) and enrolled nowhere since."
        ),
    ),
    "preregistered": (
        gettext_lazy("Pre-registered, not completed"),
        gettext_lazy(
            "A family pre-registered online; the registrar has not enrolled the child yet."
        ),
    ),
    "primary_at_two": (
        gettext_lazy("Primary at two schools"),
        gettext_lazy(
            "Two primary enrollments on one day. The database forbids it; "
            "any row here came from outside."
        ),
    ),
    "probable_no_show": (
        gettext_lazy("Probable no-shows"),
        gettext_lazy("Enrolled for more than the first days and never seen at school."),
    ),
}


def _report_schools(request: HttpRequest) -> tuple[list[School], list[School], str]:
    """The schools the user may report on, the ones chosen, and the choice made."""
    user = staff(request)
    district = rules.reports_whole_district(user)
    mine = rules.report_schools(user)
    choice = request.GET.get("school", "")
    if not choice or (choice == "all" and district):
        return mine, mine, "all" if district else ""
    chosen = [s for s in mine if s.code == choice]
    if not chosen:
        raise Http404("No such school")
    return mine, chosen, choice


def _report_day(request: HttpRequest) -> dt.date:
    """The report's ``?date=``, within ``rules.report_window``; a malformed or farther one
    shows today, and says so."""
    raw = request.GET.get("date", "")
    today = timezone.localdate()
    try:
        day = dt.date.fromisoformat(raw)
    except ValueError:
        if raw:
            messages.warning(request, _("That is not a date. The report shows today."))
        return today
    first, last = rules.report_window(today)
    if first <= day <= last:
        return day
    problem = _("Enter a date between %(first)s and %(last)s.") % {"first": first, "last": last}
    messages.warning(request, _("%(problem)s The report shows today.") % {"problem": problem})
    return today


@intake_required
def nobody_lost(request: HttpRequest) -> HttpResponse:
    """Every student who may have fallen through a crack, per kind, with the fix."""
    user = staff(request)
    mine, chosen, choice = _report_schools(request)
    day = _report_day(request)
    found = report.nobody_lost(day=day, schools=chosen)
    report.disclose(found, user=user)
    kinds = [
        {
            "kind": k,
            "title": KIND_TEXT[k][0],
            "about": KIND_TEXT[k][1],
            "count": found.counts[k],
            "rows": found.rows[k],
        }
        for k in report.KINDS
    ]
    context = {
        "report": found,
        "kinds": kinds,
        "schools": mine,
        "choice": choice,
        "district": rules.reports_whole_district(user),
    }
    return render(request, "enrollment/report.html", context)
