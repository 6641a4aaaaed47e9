"""The families' pre-registration: public pages, no account, English or Spanish.

The family's pre-registration is remembered in their session (``SESSION_KEY``) from the
first step on; each page sends them on to the step their pre-registration is at.
"""

from __future__ import annotations

from functools import wraps
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation

from homeroom.access.decorators import View
from homeroom.enrollment import preregistration
from homeroom.enrollment.forms.family import FamilyCodeForm, FamilyDetailsForm, FamilyStartForm
from homeroom.enrollment.forms.fields import DOCUMENT_LABELS
from homeroom.enrollment.models import PreRegistration
from homeroom.enrollment.models import PreRegistrationStatus as Status
from homeroom.enrollment.views._common import show
from homeroom.lib.errors import RuleError
from homeroom.people import language

SESSION_KEY = "homeroom_prereg"

FAMILY_STEP: dict[str, str] = {
    Status.STARTED: "enrollment:family_code",
    Status.VERIFIED: "enrollment:family_details",
    Status.SUBMITTED: "enrollment:family_details",
}


def family_page(view: View) -> View:
    """A public page; ``?lang=es`` chooses the language and is remembered in a cookie."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        lang = request.GET.get("lang", "")
        if lang in dict(settings.LANGUAGES):
            response = redirect(request.path)
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                lang,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                path=settings.LANGUAGE_COOKIE_PATH,
                domain=settings.LANGUAGE_COOKIE_DOMAIN,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            )
            return response
        return view(request, *args, **kwargs)

    return wrapped


def _family_prereg(request: HttpRequest) -> PreRegistration | None:
    public_id = request.session.get(SESSION_KEY)
    if not public_id:
        return None
    return PreRegistration.objects.select_related("school").filter(public_id=public_id).first()


def _closed(request: HttpRequest, p: PreRegistration) -> HttpResponse:
    return render(request, "enrollment/family_closed.html", {"p": p, "statuses": Status})


@family_page
def family_start(request: HttpRequest) -> HttpResponse:
    """Step 1: an email address or phone number, to receive a code."""
    form = FamilyStartForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            p = preregistration.prereg_start(
                email=form.cleaned_data["email"],
                phone=form.cleaned_data["phone"],
                language=translation.get_language() or "en",
            )
        except RuleError as exc:
            show(form, exc)
        else:
            request.session[SESSION_KEY] = str(p.public_id)
            return redirect("enrollment:family_code")
    return render(request, "enrollment/family_start.html", {"form": form})


@family_page
def family_code(request: HttpRequest) -> HttpResponse:
    """Step 2: the code the family received."""
    p = _family_prereg(request)
    if p is None:
        return redirect("enrollment:family_start")
    if p.status in (Status.COMPLETED, Status.CANCELLED):
        return _closed(request, p)
    if p.status != Status.STARTED:
        return redirect(FAMILY_STEP.get(p.status, "enrollment:family_start"))
    form = FamilyCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            preregistration.prereg_verify(prereg=p, code=form.cleaned_data["code"])
        except RuleError as exc:
            show(form, exc)
        else:
            return redirect("enrollment:family_details")
    p.refresh_from_db(fields=["status"])
    if p.status == Status.CANCELLED:
        return _closed(request, p)
    context = {"p": p, "form": form, "demo": settings.HOMEROOM_DEMO}
    return render(request, "enrollment/family_code.html", context)


def _family_initial(p: PreRegistration) -> dict[str, Any]:
    g = p.guardian
    return {
        **{k: v for k, v in p.child.items() if k in ("given_name", "family_name", "birth_date")},
        **p.child.get(preregistration.SURVEY_KEY, {}),
        "school": p.school_id,
        "grade_level": p.grade_level,
        "address": p.address,
        "guardian_email": g.get("email", p.contact_email),
        **{f"guardian_{k}": v for k, v in g.items() if k != "email"},
        "guardian_phone": g.get("phone", p.contact_phone),
    }


@family_page
def family_details(request: HttpRequest) -> HttpResponse:
    """Step 3: the child, the school asked for, one guardian, the address."""
    p = _family_prereg(request)
    if p is None or p.status not in (Status.VERIFIED, Status.SUBMITTED):
        return redirect(FAMILY_STEP.get(p.status if p else "", "enrollment:family_start"))
    site = translation.get_language() or settings.LANGUAGE_CODE
    form = FamilyDetailsForm(
        request.POST or None,
        initial=_family_initial(p),
        site_language_code=language.code_for_site_language(site),
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        family = preregistration.Family(
            child=form.student(),
            guardian=form.guardian(),
            school=d["school"],
            grade_level=d["grade_level"],
            address=d["address"],
            survey=form.survey(),
            site_language=site,
        )
        try:
            preregistration.prereg_submit(prereg=p, family=family)
        except RuleError as exc:
            show(form, exc)
        else:
            return redirect("enrollment:family_done")
    return render(request, "enrollment/family_details.html", {"p": p, "form": form})


@family_page
def family_done(request: HttpRequest) -> HttpResponse:
    """Step 4: thank you, and the documents to bring to the school office."""
    p = _family_prereg(request)
    if p is None or p.status not in (Status.SUBMITTED, Status.COMPLETED):
        return redirect("enrollment:family_start")
    context = {"p": p, "documents": list(DOCUMENT_LABELS.values())}
    return render(request, "enrollment/family_done.html", context)
