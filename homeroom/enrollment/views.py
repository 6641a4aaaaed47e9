"""Enrollment pages: intake at the counter, careers, placement, the report, pre-registration.

Views stay thin: a form checks the shape of the request, a service makes the change and
keeps the rules, and a refused rule comes back as a message on the field it names.
"""

from __future__ import annotations

import datetime as dt
import uuid
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from homeroom.access import policy
from homeroom.access.decorators import View, intake_required
from homeroom.audit.services import disclosure_record
from homeroom.districts.models import School
from homeroom.enrollment import forms as f
from homeroom.enrollment import preregistration, report, selectors, services, workflows
from homeroom.enrollment.intake import Criteria, Match, intake_search
from homeroom.enrollment.models import ClaimState, Enrollment, EnrollmentClaim, PreRegistration
from homeroom.lib.errors import NotPermitted, PossibleDuplicate, RuleError
from homeroom.lib.ids import record_id
from homeroom.people import services as people_services
from homeroom.people.choices import Relationship
from homeroom.people.models import Student
from homeroom.scheduling.models import Section, SectionEnrollment, SectionEnrollmentQuerySet
from homeroom.scheduling.services import roster_add, roster_drop

SESSION_KEY = "homeroom_prereg"


# ---- helpers --------------------------------------------------------------------------


def _show(form: forms.Form, exc: RuleError) -> None:
    """Put a service's refusal on the field it names, or above the form."""
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


def _enrolling_schools(user: Any) -> QuerySet[School]:
    """Schools where the user may create students and enrollments."""
    if policy.is_district_admin(user):
        return School.objects.all()
    return School.objects.filter(pk__in=policy.school_ids(user, policy.EDITOR_ROLES))


def _managed(user: Any, enrollment_id: int, purpose: str) -> Enrollment:
    """The enrollment, if the user may manage it (``selectors.managed_enrollment``); else 404."""
    e = selectors.managed_enrollment(user, enrollment_id, purpose=purpose)
    if e is None:
        raise Http404("No such enrollment")
    return e


def _visible_ids(user: Any, ids: list[int]) -> set[int]:
    return set(policy.visible_students(user).filter(pk__in=ids).values_list("pk", flat=True))


def _matches(user: Any, criteria: Criteria) -> tuple[list[Match], set[int]]:
    found = intake_search(user=user, criteria=criteria)
    return found, _visible_ids(user, [m.student.pk for m in found])


# ---- intake at the counter -------------------------------------------------------------


def _new_student_query(criteria: Criteria) -> str:
    given, _sep, family = criteria.name.strip().rpartition(" ")
    g_given, _sep, g_family = criteria.guardian.strip().partition(" ")
    values = {
        "given_name": given or family,
        "family_name": family if given else "",
        "birth_date": criteria.birth_date.isoformat() if criteria.birth_date else "",
        "guardian_given_name": g_given,
        "guardian_family_name": g_family,
        "guardian_phone": criteria.phone,
    }
    return urlencode({k: v for k, v in values.items() if v})


@intake_required
def intake(request: HttpRequest) -> HttpResponse:
    """Search the whole district for the child first; only then offer a new record."""
    searched = any(request.GET.get(k) for k in f.IntakeSearchForm.base_fields)
    form = f.IntakeSearchForm(request.GET if searched else None)
    context: dict[str, Any] = {"form": form, "searched": False}
    if searched and form.is_valid():
        criteria = form.criteria()
        found, visible = _matches(request.user, criteria)
        context.update(
            searched=True,
            matches=found,
            visible=visible,
            new_url=f"{reverse('enrollment:new_student')}?{_new_student_query(criteria)}",
        )
    return render(request, "enrollment/intake.html", context)


def _admit(form: f.NewStudentForm) -> Enrollment:
    """The child, the first enrollment and the guardian: all three or nothing."""
    d = form.cleaned_data
    _student, enrollment = services.student_admit(
        school=d["school"],
        grade_level=d["grade_level"],
        entry_date=d["entry_date"],
        confirm_different_child=d["confirm_different_child"],
        guardian=form.guardian(),
        **form.student(),
    )
    return enrollment


def _enrolled_message(request: HttpRequest, e: Enrollment) -> None:
    text = _("%(name)s (district id %(id)s) is enrolled at %(school)s, grade %(grade)s.") % {
        "name": e.student.display_name,
        "id": e.student.district_id,
        "school": e.school.name,
        "grade": e.grade_level,
    }
    messages.success(request, text)


@intake_required
def new_student(request: HttpRequest) -> HttpResponse:
    """One short form: the child, the school and grade, one guardian."""
    schools = _enrolling_schools(request.user)
    if request.method != "POST":
        form = f.NewStudentForm(initial=request.GET.dict(), schools=schools)
        return render(request, "enrollment/new_student.html", {"form": form})
    form = f.NewStudentForm(request.POST, schools=schools)
    duplicates: list[Match] = []
    visible: set[int] = set()
    if form.is_valid():
        try:
            enrollment = _admit(form)
        except PossibleDuplicate as exc:
            _show(form, exc)
            d = form.cleaned_data
            name = f"{d['given_name']} {d['family_name']}".strip()
            criteria = Criteria(name=name, birth_date=d["birth_date"])
            duplicates, visible = _matches(request.user, criteria)
        except RuleError as exc:
            _show(form, exc)
        else:
            _enrolled_message(request, enrollment)
            return redirect("enrollment:manage", enrollment.pk)
    context = {"form": form, "duplicates": duplicates, "visible": visible}
    return render(request, "enrollment/new_student.html", context)


def _claimed_message(request: HttpRequest, claim: EnrollmentClaim) -> None:
    if claim.state == ClaimState.CONFIRMED:
        text = _("Done: %(school)s was told, with your reason.")
    else:
        text = _(
            "Request sent to %(school)s with your reason. It takes effect when that school "
            "or the district confirms it."
        )
    messages.success(request, text % {"school": claim.from_school.name})


def _enrolled_or_claimed(
    request: HttpRequest, done: Enrollment | EnrollmentClaim | tuple[Enrollment, Enrollment]
) -> HttpResponse:
    if isinstance(done, EnrollmentClaim):
        _claimed_message(request, done)
        if done.enrollment_id is not None:
            return redirect("enrollment:manage", done.enrollment_id)
        return redirect("enrollment:claims")
    opened = done[1] if isinstance(done, tuple) else done
    _enrolled_message(request, opened)
    return redirect("enrollment:manage", opened.pk)


def _transfer_in(
    request: HttpRequest, student: Student, form: f.TransferForm
) -> HttpResponse | None:
    """The receiving school moves a student from another district school to theirs."""
    if not form.is_valid():
        return None
    d = form.cleaned_data
    try:
        done = workflows.transfer(
            request.user,
            student=student,
            to_school=d["to_school"],
            date=d["date"],
            reason=d["reason"],
        )
    except NotPermitted as exc:
        raise Http404("No such student") from exc
    except RuleError as exc:
        _show(form, exc)
        return None
    return _enrolled_or_claimed(request, done)


def _enroll_here(request: HttpRequest, student: Student, form: f.EnrollForm) -> HttpResponse | None:
    if not form.is_valid():
        return None
    try:
        done = workflows.enroll(request.user, student=student, **form.cleaned_data)
    except NotPermitted as exc:
        raise Http404("No such school") from exc
    except RuleError as exc:
        _show(form, exc)
        return None
    return _enrolled_or_claimed(request, done)


@intake_required
def enroll(request: HttpRequest, student_id: int) -> HttpResponse:
    """Enroll a student already in the district's records at one of the user's schools."""
    student = get_object_or_404(Student, pk=student_id)
    current = (
        Enrollment.objects.primary()
        .current_or_upcoming(timezone.localdate())
        .filter(student=student)
        .select_related("school")
        .first()
    )
    schools = _enrolling_schools(request.user)
    action = request.POST.get("action", "enroll") if request.method == "POST" else ""
    data = request.POST if action == "enroll" else None
    initial = {"grade_level": current.grade_level} if current else {}
    form = f.EnrollForm(data, schools=schools, initial=initial)
    others = schools.exclude(pk=current.school_id) if current else schools.none()
    moving = f.TransferInForm(
        request.POST if action == "transfer" else None, schools=others, prefix="transfer"
    )
    done: HttpResponse | None = None
    if action == "transfer":
        done = _transfer_in(request, student, moving)
    elif action == "enroll":
        done = _enroll_here(request, student, form)
    if done is not None:
        return done
    disclosure_record(  # the page shows the current school and grade: enrollment too
        student_id=student.pk,
        aspects=["identity", "enrollment"],
        purpose="intake: enroll",
        user=request.user,
    )
    context = {"student": student, "current": current, "form": form, "moving": moving}
    return render(request, "enrollment/enroll.html", context)


# ---- one enrollment ----------------------------------------------------------------------

ACTIONS = ("exit", "transfer", "arrived", "no_show", "grade")


def _manage_forms(e: Enrollment, data: Any = None, action: str = "") -> dict[str, forms.Form]:
    def bound(name: str) -> Any:
        return data if name == action else None

    others = School.objects.exclude(pk=e.school_id)
    return {
        "exit": f.ExitForm(bound("exit"), prefix="exit"),
        "transfer": f.TransferForm(bound("transfer"), schools=others, prefix="transfer"),
        "arrived": f.ArrivedForm(bound("arrived"), prefix="arrived"),
        "no_show": f.NoShowForm(bound("no_show"), prefix="no_show"),
        "grade": f.GradeChangeForm(bound("grade"), prefix="grade"),
    }


def _apply(user: Any, e: Enrollment, action: str, d: dict[str, Any]) -> tuple[Enrollment, str]:
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
    e = _managed(request.user, enrollment_id, "enrollment page")
    action = request.POST.get("action", "") if request.method == "POST" else ""
    if action and action not in ACTIONS:
        raise Http404("No such action")
    all_forms = _manage_forms(e, request.POST, action)
    if action and e.exit_date is not None:
        all_forms[action].add_error(None, _("This enrollment has ended: nothing more to change."))
    elif action and all_forms[action].is_valid():
        try:
            shown, text = _apply(request.user, e, action, all_forms[action].cleaned_data)
        except NotPermitted as exc:
            raise Http404("No such enrollment") from exc
        except RuleError as exc:
            _show(all_forms[action], exc)
        else:
            messages.success(request, text)
            return redirect("enrollment:manage", shown.pk)
    context = {"e": e, "forms": all_forms, "open": e.exit_date is None, "action": action}
    return render(request, "enrollment/manage.html", context)


def _sections(school: School, day: dt.date) -> QuerySet[Section]:
    open_rows = SectionEnrollmentQuerySet.not_ended(day, via="roster")
    return (
        Section.objects.open_on(day)
        .filter(course__school=school, term__end_date__gte=day)
        .select_related("course", "period")
        .annotate(taken=Count("roster", filter=open_rows))
        .order_by("period__order", "course__title", "code")
    )


def _placement(request: HttpRequest, e: Enrollment, form: f.PlacementForm) -> HttpResponse | None:
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
        return redirect("enrollment:schedule", e.pk)
    if not form.is_valid():
        return None
    d = form.cleaned_data
    try:
        roster_add(student=e.student, section=d["section"], day=d["day"])
    except RuleError as exc:
        _show(form, exc)
        return None
    messages.success(request, _("Placed in %(section)s.") % {"section": d["section"]})
    return redirect("enrollment:schedule", e.pk)


@login_required
def schedule(request: HttpRequest, enrollment_id: int) -> HttpResponse:
    """The student's classes at this school, and placing them in another one."""
    e = _managed(request.user, enrollment_id, "enrollment: classes page")
    today = timezone.localdate()
    start = max(today, e.entry_date)
    sections = _sections(e.school, start)
    form = f.PlacementForm(
        request.POST if request.method == "POST" else None,
        sections=sections,
        initial={"day": start},
    )
    if request.method == "POST" and e.exit_date is not None:
        # Like the enrollment page: an ended enrollment's classes are history, not changed.
        messages.error(request, _("This enrollment has ended: nothing more to change."))
        return redirect("enrollment:schedule", e.pk)
    if request.method == "POST":
        try:
            done = _placement(request, e, form)
        except RuleError as exc:
            messages.error(request, exc.message)
            done = redirect("enrollment:schedule", e.pk)
        if done is not None:
            return done
    current = (
        SectionEnrollment.objects.current_or_upcoming(today)
        .filter(student=e.student, section__course__school=e.school)
        .select_related("section__course", "section__period")
        .order_by("section__period__order", "section__course__title")
    )
    context = {"e": e, "form": form, "current": current, "open": e.exit_date is None}
    return render(request, "enrollment/schedule.html", context)


# ---- the nobody-lost report ---------------------------------------------------------------

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
    user = request.user
    district = policy.is_district_admin(user)
    mine = list(_enrolling_schools(user))
    choice = request.GET.get("school", "")
    if not choice or (choice == "all" and district):
        return mine, mine, "all" if district else ""
    chosen = [s for s in mine if s.code == choice]
    if not chosen:
        raise Http404("No such school")
    return mine, chosen, choice


def _report_day(request: HttpRequest) -> dt.date:
    """The report's ``?date=``, within the office's reach of former and coming students
    (``FORMER_STUDENT_WINDOW`` back and ahead); a malformed or farther one shows today,
    and says so."""
    raw = request.GET.get("date", "")
    today = timezone.localdate()
    try:
        day = dt.date.fromisoformat(raw)
    except ValueError:
        if raw:
            messages.warning(request, _("That is not a date. The report shows today."))
        return today
    first, last = today - policy.FORMER_STUDENT_WINDOW, today + policy.FORMER_STUDENT_WINDOW
    if first <= day <= last:
        return day
    problem = _("Enter a date between %(first)s and %(last)s.") % {"first": first, "last": last}
    messages.warning(request, _("%(problem)s The report shows today.") % {"problem": problem})
    return today


@intake_required
def nobody_lost(request: HttpRequest) -> HttpResponse:
    """Every student who may have fallen through a crack, per kind, with the fix."""
    mine, chosen, choice = _report_schools(request)
    day = _report_day(request)
    found = report.nobody_lost(day=day, schools=chosen)
    report.disclose(found, user=request.user)
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
        "district": policy.is_district_admin(request.user),
    }
    return render(request, "enrollment/report.html", context)


# ---- requests from schools that do not hold the student ---------------------------------------


def _decide(request: HttpRequest, form: f.ClaimDecisionForm) -> bool:
    if not form.is_valid():
        return False
    d = form.cleaned_data
    decide = workflows.claim_confirm if d["decision"] == "confirm" else workflows.claim_decline
    try:
        claim = decide(request.user, claim_id=d["claim"], note=d["note"])
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
    form = f.ClaimDecisionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and _decide(request, form):
        return redirect("enrollment:claims")
    rows = selectors.claims_page(request.user)
    mine = {s.pk for s in _enrolling_schools(request.user)}
    decidable = {c.pk for c in rows if c.from_school_id in mine and c.state == "pending"}
    context = {"claims": rows, "decidable": decidable, "form": form}
    return render(request, "enrollment/claims.html", context)


# ---- pre-registrations, for the office ------------------------------------------------------


@intake_required
def prereg_list(request: HttpRequest) -> HttpResponse:
    """Submitted pre-registrations waiting for the counter, and ones never completed."""
    schools = _enrolling_schools(request.user)
    waiting = selectors.preregistrations_waiting(schools)
    day_ago = timezone.now() - dt.timedelta(days=1)
    stale = PreRegistration.objects.filter(
        status__in=("started", "verified"), created_at__lt=day_ago
    ).order_by("created_at")
    # Unfinished ones hold only a parent's email or phone and no school yet: the list of
    # them is for the district office; school registrars see how many there are.
    shown = stale[:200] if policy.is_district_admin(request.user) else stale.none()
    context = {"waiting": waiting[:200], "stale": shown, "stale_count": stale.count()}
    return render(request, "enrollment/prereg_list.html", context)


def _prereg_duplicates(user: Any, p: PreRegistration) -> tuple[list[Match], set[int]]:
    child = p.child
    name = f"{child.get('given_name', '')} {child.get('family_name', '')}".strip()
    birth = dt.date.fromisoformat(child["birth_date"])
    same = people_services.same_child_candidates(
        child.get("given_name", ""), child.get("family_name", ""), birth
    )
    if not same.exists():
        return [], set()
    return _matches(user, Criteria(name=name, birth_date=birth))


@intake_required
def prereg(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """Review a family's pre-registration, check documents, and enroll in one step."""
    p = get_object_or_404(PreRegistration.objects.select_related("school"), public_id=public_id)
    if p.school is None or not policy.can_enroll_at(request.user, p.school):
        raise Http404("No such pre-registration")
    form = f.PreregCompleteForm(request.POST or None)
    waiting = p.status == "submitted"
    if waiting and request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            student = preregistration.prereg_complete(
                prereg=p,
                checked_by=request.user,
                documents=form.documents(),
                entry_date=d["entry_date"],
                confirm_different_child=d["confirm_different_child"],
            )
        except RuleError as exc:
            _show(form, exc)
        else:
            messages.success(request, _("%(name)s is enrolled.") % {"name": student.display_name})
            return redirect("people:student", student.pk)
    duplicates, visible = _prereg_duplicates(request.user, p) if waiting else ([], set())
    relationship = p.guardian.get("relationship", "")
    context = {
        "p": p,
        "form": form,
        "waiting": waiting,
        "duplicates": duplicates,
        "visible": visible,
        "relationship": dict(Relationship.choices).get(relationship, relationship),
        "language": dict(settings.LANGUAGES).get(p.language, p.language),
    }
    return render(request, "enrollment/prereg.html", context)


# ---- the family's pre-registration (public) ----------------------------------------------------


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


FAMILY_STEP = {
    "started": "enrollment:family_code",
    "verified": "enrollment:family_details",
    "submitted": "enrollment:family_details",
}


@family_page
def family_start(request: HttpRequest) -> HttpResponse:
    """Step 1: an email address or phone number, to receive a code."""
    form = f.FamilyStartForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            p = preregistration.prereg_start(
                email=form.cleaned_data["email"],
                phone=form.cleaned_data["phone"],
                language=translation.get_language() or "en",
            )
        except RuleError as exc:
            _show(form, exc)
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
    if p.status in ("completed", "cancelled"):
        return render(request, "enrollment/family_closed.html", {"p": p})
    if p.status != "started":
        return redirect(FAMILY_STEP.get(p.status, "enrollment:family_start"))
    form = f.FamilyCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            preregistration.prereg_verify(prereg=p, code=form.cleaned_data["code"])
        except RuleError as exc:
            _show(form, exc)
        else:
            return redirect("enrollment:family_details")
    p.refresh_from_db(fields=["status"])
    if p.status == "cancelled":
        return render(request, "enrollment/family_closed.html", {"p": p})
    return render(request, "enrollment/family_code.html", {"p": p, "form": form})


def _family_initial(p: PreRegistration) -> dict[str, Any]:
    g = p.guardian
    return {
        **{k: v for k, v in p.child.items() if k in ("given_name", "family_name", "birth_date")},
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
    if p is None or p.status not in ("verified", "submitted"):
        return redirect(FAMILY_STEP.get(p.status if p else "", "enrollment:family_start"))
    form = f.FamilyDetailsForm(request.POST or None, initial=_family_initial(p))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        family = preregistration.Family(
            child=form.student(),
            guardian=form.guardian(),
            school=d["school"],
            grade_level=d["grade_level"],
            address=d["address"],
        )
        try:
            preregistration.prereg_submit(prereg=p, family=family)
        except RuleError as exc:
            _show(form, exc)
        else:
            return redirect("enrollment:family_done")
    return render(request, "enrollment/family_details.html", {"p": p, "form": form})


@family_page
def family_done(request: HttpRequest) -> HttpResponse:
    """Step 4: thank you, and the documents to bring to the school office."""
    p = _family_prereg(request)
    if p is None or p.status not in ("submitted", "completed"):
        return redirect("enrollment:family_start")
    context = {"p": p, "documents": list(f.DOCUMENT_LABELS.values())}
    return render(request, "enrollment/family_done.html", context)
