"""Intake at the counter: search the district, admit a new child, enroll a known student
(or ask the school that holds them to let them move here)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from homeroom.access.decorators import intake_required
from homeroom.audit.services import disclosure_record
from homeroom.enrollment import rules, services, workflows
from homeroom.enrollment.forms.intake import (
    EnrollForm,
    IntakeSearchForm,
    LanguageSurveyForm,
    NewStudentForm,
    TransferInForm,
)
from homeroom.enrollment.forms.manage import TransferForm
from homeroom.enrollment.intake import Criteria, Match
from homeroom.enrollment.models import ClaimState, Enrollment, EnrollmentClaim
from homeroom.enrollment.views._common import matches, show, staff
from homeroom.lib.errors import NotPermitted, PossibleDuplicate, RuleError
from homeroom.people import language
from homeroom.people import selectors as people_selectors
from homeroom.people.language import SURVEY_FIELDS
from homeroom.people.models import HomeLanguageSurvey, Student, StudentGuardian
from homeroom.people.selectors import StudentView


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
    searched = any(request.GET.get(k) for k in IntakeSearchForm.base_fields)
    form = IntakeSearchForm(request.GET if searched else None)
    context: dict[str, Any] = {"form": form, "searched": False}
    if searched and form.is_valid():
        criteria = form.criteria()
        found, visible = matches(staff(request), criteria)
        context.update(
            searched=True,
            matches=found,
            visible=visible,
            new_url=f"{reverse('enrollment:new_student')}?{_new_student_query(criteria)}",
        )
    return render(request, "enrollment/intake.html", context)


def _admit(form: NewStudentForm) -> Enrollment:
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
    user = staff(request)
    schools = rules.enrolling_schools(user)
    if request.method != "POST":
        form = NewStudentForm(initial=request.GET.dict(), schools=schools)
        return render(request, "enrollment/new_student.html", {"form": form})
    form = NewStudentForm(request.POST, schools=schools)
    duplicates: list[Match] = []
    visible: set[int] = set()
    if form.is_valid():
        try:
            enrollment = _admit(form)
        except PossibleDuplicate as exc:
            show(form, exc)
            d = form.cleaned_data
            name = f"{d['given_name']} {d['family_name']}".strip()
            criteria = Criteria(name=name, birth_date=d["birth_date"])
            duplicates, visible = matches(user, criteria)
        except RuleError as exc:
            show(form, exc)
        else:
            _enrolled_message(request, enrollment)
            messages.info(request, _("Next: ask the family the Home Language Survey."))
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


def _transfer_in(request: HttpRequest, student: Student, form: TransferForm) -> HttpResponse | None:
    """The receiving school moves a student from another district school to theirs."""
    if not form.is_valid():
        return None
    d = form.cleaned_data
    try:
        done = workflows.transfer(
            staff(request),
            student=student,
            to_school=d["to_school"],
            date=d["date"],
            reason=d["reason"],
        )
    except NotPermitted as exc:
        raise Http404("No such student") from exc
    except RuleError as exc:
        show(form, exc)
        return None
    return _enrolled_or_claimed(request, done)


def _enroll_here(request: HttpRequest, student: Student, form: EnrollForm) -> HttpResponse | None:
    if not form.is_valid():
        return None
    try:
        done = workflows.enroll(staff(request), student=student, **form.cleaned_data)
    except NotPermitted as exc:
        raise Http404("No such school") from exc
    except RuleError as exc:
        show(form, exc)
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
    schools = rules.enrolling_schools(staff(request))
    action = request.POST.get("action", "enroll") if request.method == "POST" else ""
    data = request.POST if action == "enroll" else None
    initial = {"grade_level": current.grade_level} if current else {}
    form = EnrollForm(data, schools=schools, initial=initial)
    others = schools.exclude(pk=current.school_id) if current else schools.none()
    moving = TransferInForm(
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


def _answering_guardian(view: StudentView) -> StudentGuardian | None:
    """The first contact the office may read: the one whose language the form sets."""
    return next(iter(view.contacts()), None)


def _survey_initial(view: StudentView, link: StudentGuardian | None) -> dict[str, Any]:
    survey = HomeLanguageSurvey.objects.filter(student=view.student).first()
    if survey is not None:
        answers = {f: getattr(survey, f) for f in SURVEY_FIELDS}
        return {**answers, "answered_by": survey.answered_by, "answered_on": survey.answered_on}
    if link is None:
        return {}
    relationship = link.get_relationship_display()
    return {"answered_by": f"{link.guardian.display_name} ({relationship})"}


@intake_required
def language_survey(request: HttpRequest, student_id: int) -> HttpResponse:
    """The Home Language Survey at the counter: the office enters the family's answers
    (or corrects them, with a reason) and the answering guardian's language."""
    user = staff(request)
    try:
        view = people_selectors.student_get(
            user=user, student_id=student_id, purpose="intake: home language survey"
        )
    except NotPermitted as exc:
        raise Http404("No such student") from exc
    if not view.editable:
        raise Http404("No such student")
    link = _answering_guardian(view)
    initial = _survey_initial(view, link)
    if link is not None:
        initial["guardian_preferred_language"] = link.guardian.preferred_language
    form = LanguageSurveyForm(request.POST or None, initial=initial, has_guardian=link is not None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        answers = form.survey()
        assert answers is not None  # the counter's form requires all four
        try:
            language.family_languages_record(
                student=view.student,
                answers=answers,
                answered_on=d["answered_on"],
                answered_by=d["answered_by"],
                guardian=link.guardian if link else None,
                guardian_language=d.get("guardian_preferred_language", ""),
                recorded_by=user,
                reason=d["reason"],
            )
        except RuleError as exc:
            show(form, exc)
        else:
            messages.success(request, _("The Home Language Survey is recorded."))
            return redirect("people:student", student_id)
    context = {"student": view.record(), "form": form, "guardian": link}
    return render(request, "enrollment/language_survey.html", context)
