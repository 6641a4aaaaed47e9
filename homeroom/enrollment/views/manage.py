"""One enrollment's page: exit, transfer out, arrival, no-show, grade change."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from homeroom.access.models import User
from homeroom.districts.models import School
from homeroom.enrollment import selectors, services, workflows
from homeroom.enrollment.forms.manage import (
    ArrivedForm,
    ExitForm,
    GradeChangeForm,
    NoShowForm,
    TransferForm,
)
from homeroom.enrollment.models import Enrollment, EnrollmentClaim
from homeroom.enrollment.views._common import show, staff
from homeroom.lib.errors import NotPermitted, RuleError

ACTIONS = ("exit", "transfer", "arrived", "no_show", "grade")


def _managed(user: User, enrollment_id: int, purpose: str) -> Enrollment:
    """The enrollment, if the user may manage it (``selectors.managed_enrollment``); else 404."""
    e = selectors.managed_enrollment(user, enrollment_id, purpose=purpose)
    if e is None:
        raise Http404("No such enrollment")
    return e


def _manage_forms(e: Enrollment, data: Any = None, action: str = "") -> dict[str, forms.Form]:
    def bound(name: str) -> Any:
        return data if name == action else None

    others = School.objects.exclude(pk=e.school_id)
    return {
        "exit": ExitForm(bound("exit"), prefix="exit"),
        "transfer": TransferForm(bound("transfer"), schools=others, prefix="transfer"),
        "arrived": ArrivedForm(bound("arrived"), prefix="arrived"),
        "no_show": NoShowForm(bound("no_show"), prefix="no_show"),
        "grade": GradeChangeForm(bound("grade"), prefix="grade"),
    }


def _apply(user: User, e: Enrollment, action: str, d: dict[str, Any]) -> tuple[Enrollment, str]:
    """Run the service behind ``action``; the enrollment to show next and what happened."""
    if action == "exit":
        e = services.enrollment_exit(
            enrollment=e, exit_date=d["exit_date"], exit_reason=d["exit_reason"]
        )
        return e, _("The enrollment ends on %(day)s.") % {"day": e.exit_date}
    if action == "transfer":
        moved = workflows.transfer(
            user,
            student=e.student,
            to_school=d["to_school"],
            date=d["date"],
            reason=d["reason"],
            sending=e,
        )
        if isinstance(moved, EnrollmentClaim):  # the sending school never has to ask
            raise RuleError(_("Only the school the student attends may transfer them."))
        closed, opened = moved
        return closed, _("Transferred to %(school)s from %(day)s.") % {
            "school": opened.school.name,
            "day": opened.entry_date,
        }
    if action == "arrived":
        e = services.enrollment_mark_arrived(enrollment=e, day=d["date"])
        return e, _("Arrival recorded: first seen on %(day)s.") % {"day": e.arrived_on}
    if action == "no_show":
        e = services.enrollment_mark_no_show(enrollment=e, reason=d["reason"])
        return e, _("Recorded as a no-show (N470).")
    _closed, opened = services.enrollment_change_grade(
        enrollment=e, date=d["date"], grade_level=d["grade_level"]
    )
    return opened, _("Grade %(grade)s from %(day)s.") % {
        "grade": opened.grade_level,
        "day": opened.entry_date,
    }


@login_required
def manage(request: HttpRequest, enrollment_id: int) -> HttpResponse:
    """One enrollment and what may be done to it: exit, transfer, arrival, no-show, grade."""
    user = staff(request)
    e = _managed(user, enrollment_id, "enrollment page")
    action = request.POST.get("action", "") if request.method == "POST" else ""
    if action and action not in ACTIONS:
        raise Http404("No such action")
    all_forms = _manage_forms(e, request.POST, action)
    if action and e.exit_date is not None:
        all_forms[action].add_error(None, _("This enrollment has ended: nothing more to change."))
    elif action and all_forms[action].is_valid():
        try:
            shown, text = _apply(user, e, action, all_forms[action].cleaned_data)
        except NotPermitted as exc:
            raise Http404("No such enrollment") from exc
        except RuleError as exc:
            show(all_forms[action], exc)
        else:
            messages.success(request, text)
            return redirect("enrollment:manage", shown.pk)
    context = {"e": e, "forms": all_forms, "open": e.exit_date is None, "action": action}
    return render(request, "enrollment/manage.html", context)
