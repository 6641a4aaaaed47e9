"""Pre-registrations, for the office: the list, and reviewing one to enroll the child."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from homeroom.access.decorators import intake_required
from homeroom.access.models import User
from homeroom.enrollment import preregistration, rules, selectors
from homeroom.enrollment.forms.preregistration import PreregCompleteForm
from homeroom.enrollment.intake import Criteria, Match
from homeroom.enrollment.models import PreRegistration, PreRegistrationStatus
from homeroom.enrollment.views._common import matches, show, staff
from homeroom.lib.errors import RuleError
from homeroom.people import language
from homeroom.people import services as people_services
from homeroom.people.choices import HomeLanguage, Relationship
from homeroom.people.language import SURVEY_LABELS as LABELS

UNFINISHED = (PreRegistrationStatus.STARTED, PreRegistrationStatus.VERIFIED)


@intake_required
def prereg_list(request: HttpRequest) -> HttpResponse:
    """Submitted pre-registrations waiting for the counter, and ones never completed."""
    user = staff(request)
    waiting = selectors.preregistrations_waiting(rules.enrolling_schools(user))
    day_ago = timezone.now() - dt.timedelta(days=1)
    stale = PreRegistration.objects.filter(status__in=UNFINISHED, created_at__lt=day_ago).order_by(
        "created_at"
    )
    shown = stale[:200] if rules.sees_stale_preregistrations(user) else stale.none()
    context = {
        "waiting": waiting[:200],
        "stale": shown,
        "stale_count": stale.count(),
        "statuses": PreRegistrationStatus,
    }
    return render(request, "enrollment/prereg_list.html", context)


def _prereg_duplicates(user: User, p: PreRegistration) -> tuple[list[Match], set[int]]:
    child = p.child
    name = f"{child.get('given_name', '')} {child.get('family_name', '')}".strip()
    birth = dt.date.fromisoformat(child["birth_date"])
    same = people_services.same_child_candidates(
        child.get("given_name", ""), child.get("family_name", ""), birth
    )
    if not same.exists():
        return [], set()
    return matches(user, Criteria(name=name, birth_date=birth))


def _languages(p: PreRegistration) -> dict[str, Any]:
    """The family's answers about language, as the review page shows them."""
    labels = dict(HomeLanguage.choices)
    preferred = p.guardian.get("preferred_language", "")
    answers = p.child.get(preregistration.SURVEY_KEY)
    survey = language.SurveyAnswers.from_dict(answers) if answers else None
    rows = [(LABELS[k], labels.get(v, v)) for k, v in survey.as_dict().items()] if survey else []
    return {
        "preferred_language": labels.get(preferred, preferred),
        "survey": rows,
        "survey_needs_assessment": bool(survey and survey.needs_english_assessment),
    }


@intake_required
def prereg(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """Review a family's pre-registration, check documents, and enroll in one step."""
    user = staff(request)
    p = get_object_or_404(PreRegistration.objects.select_related("school"), public_id=public_id)
    if not rules.may_review_preregistration(user, p):
        raise Http404("No such pre-registration")
    form = PreregCompleteForm(request.POST or None)
    waiting = p.status == PreRegistrationStatus.SUBMITTED
    if waiting and request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            student = preregistration.prereg_complete(
                prereg=p,
                checked_by=user,
                documents=form.documents(),
                entry_date=d["entry_date"],
                confirm_different_child=d["confirm_different_child"],
            )
        except RuleError as exc:
            show(form, exc)
        else:
            messages.success(request, _("%(name)s is enrolled.") % {"name": student.display_name})
            return redirect("people:student", student.pk)
    duplicates, visible = _prereg_duplicates(user, p) if waiting else ([], set())
    relationship = p.guardian.get("relationship", "")
    context = {
        "p": p,
        "form": form,
        "waiting": waiting,
        "duplicates": duplicates,
        "visible": visible,
        "relationship": dict(Relationship.choices).get(relationship, relationship),
        "language": dict(settings.LANGUAGES).get(p.language, p.language),
        "statuses": PreRegistrationStatus,
        **_languages(p),
    }
    return render(request, "enrollment/prereg.html", context)
