"""The requests page: requests to enroll or take in students whose record another school holds."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from homeroom.access.decorators import intake_required
from homeroom.enrollment import rules, selectors, workflows
from homeroom.enrollment.forms.claims import ClaimDecisionForm
from homeroom.enrollment.models import ClaimState
from homeroom.enrollment.views._common import staff
from homeroom.lib.errors import NotPermitted, RuleError


def _decide(request: HttpRequest, form: ClaimDecisionForm) -> bool:
    if not form.is_valid():
        return False
    d = form.cleaned_data
    decide = workflows.claim_confirm if d["decision"] == "confirm" else workflows.claim_decline
    try:
        claim = decide(staff(request), claim_id=d["claim"], note=d["note"])
    except NotPermitted as exc:
        raise Http404("No such request") from exc
    except RuleError as exc:
        form.add_error(None, exc.message)
        return False
    done = _("Confirmed.") if claim.state == ClaimState.CONFIRMED else _("Declined.")
    messages.success(request, done)
    return True


@intake_required
def claims(request: HttpRequest) -> HttpResponse:
    """Requests to enroll or take in students, to and from the user's schools."""
    form = ClaimDecisionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and _decide(request, form):
        return redirect("enrollment:claims")
    user = staff(request)
    rows = selectors.claims_page(user)
    context = {"claims": rows, "decidable": rules.decidable_claims(user, rows), "form": form}
    return render(request, "enrollment/claims.html", context)
