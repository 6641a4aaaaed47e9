"""A family's language: what they speak, what they read, and the Home Language Survey.

Two different facts, never guessed from one another:

- the *home language* (``Student.home_language``) and the guardian's *preferred
  language* (``Guardian.preferred_language``) are CALPADS language codes that the family
  states; they are stored whatever the language, translated pages or not;
- the *site language* is the language Homeroom's pages and messages are written in
  (``settings.LANGUAGES``: English and Spanish). A family's pages and notices use the
  site language of their preferred language when there is one, else English.

The Home Language Survey (California, 5 CCR 11307 and 11518.5) asks four questions at a
child's first enrollment. Its rules, as this district applies them:

- the student's home language is the first answer, in the survey's order, that is not
  English; English only when all four answers are English;
- a language other than English in any of the first three answers means the student
  takes the initial English language proficiency assessment (ELPAC); a language other
  than English only in the fourth does not by itself (the district may still assess).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from homeroom.access.choices import Aspect
from homeroom.access.models import User
from homeroom.lib.errors import RuleError
from homeroom.people.choices import HomeLanguage, SurveySource
from homeroom.people.models import Guardian, HomeLanguageSurvey, Student
from homeroom.people.record import Panel, RecordView, register_panel

# The CALPADS code of each language the site is written in.
SITE_LANGUAGE_CODES = {"en": HomeLanguage.ENGLISH.value, "es": HomeLanguage.SPANISH.value}
DEFAULT_SITE_LANGUAGE = "en"
SURVEY_FIELDS = ("first_language", "child_home_language", "language_with_child", "adults_language")
# How staff pages name the four answers (the family pages ask the full questions).
SURVEY_LABELS = {
    "first_language": _l("Language first learned"),
    "child_home_language": _l("Language the child most often speaks at home"),
    "language_with_child": _l("Language the parents most often use with the child"),
    "adults_language": _l("Language the adults at home most often speak"),
}


def site_language(code: str | None) -> str | None:
    """The site language for a CALPADS language code, or None when the site lacks it."""
    available = dict(settings.LANGUAGES)
    for site, calpads in SITE_LANGUAGE_CODES.items():
        if calpads == code and site in available:
            return site
    return None


def notice_language(code: str | None, fallback: str = DEFAULT_SITE_LANGUAGE) -> str:
    """The language to write to a family in: their preferred one when the site has it."""
    return site_language(code) or fallback


def code_for_site_language(site: str | None) -> str:
    """The CALPADS code of a site language ("es" → "01"); English for any other."""
    base = (site or "").split("-")[0].lower()
    return SITE_LANGUAGE_CODES.get(base, HomeLanguage.ENGLISH.value)


def check_language(code: str, field: str) -> None:
    if code not in HomeLanguage.values:
        raise RuleError(_("That is not a known language code."), field=field)


@dataclass(frozen=True)
class SurveyAnswers:
    """The four answers of the Home Language Survey, as CALPADS language codes."""

    first_language: str
    child_home_language: str
    language_with_child: str
    adults_language: str

    @classmethod
    def from_dict(cls, values: dict[str, Any]) -> SurveyAnswers:
        missing = [f for f in SURVEY_FIELDS if not values.get(f)]
        if missing:
            raise RuleError(_("Answer all four language questions."), field=missing[0])
        return cls(**{f: values[f] for f in SURVEY_FIELDS})

    def as_dict(self) -> dict[str, str]:
        return {f: getattr(self, f) for f in SURVEY_FIELDS}

    def check(self) -> None:
        for name, code in self.as_dict().items():
            check_language(code, name)

    @property
    def needs_english_assessment(self) -> bool:
        return HomeLanguageSurvey(**self.as_dict()).needs_english_assessment

    @property
    def derived_home_language(self) -> str:
        return HomeLanguageSurvey(**self.as_dict()).derived_home_language


def _survey_values(
    answers: SurveyAnswers, answered_on: dt.date, answered_by: str, source: str
) -> dict[str, Any]:
    answers.check()
    if source not in SurveySource.values:
        raise RuleError("unknown survey source", field="source")
    answered_by = answered_by.strip()
    if not answered_by or len(answered_by) > 200:
        raise RuleError(_("Say who answered the survey."), field="answered_by")
    return {**answers.as_dict(), "answered_on": answered_on, "answered_by": answered_by}


def home_language_survey_record(
    *,
    student: Student,
    answers: SurveyAnswers,
    answered_on: dt.date,
    answered_by: str,
    source: str,
    recorded_by: User | None = None,
    reason: str = "",
) -> HomeLanguageSurvey:
    """Record (or correct) a student's Home Language Survey and set their home language.

    Both rows change in one transaction, each audited; the home language follows the
    survey's rule (module docstring), with ``reason`` or "Home Language Survey" as why.
    """
    values = _survey_values(answers, answered_on, answered_by, source)
    with transaction.atomic():
        locked = Student.objects.select_for_update().get(pk=student.pk)
        survey = HomeLanguageSurvey.objects.filter(student=locked).first()
        if survey is None:
            survey = HomeLanguageSurvey(student=locked)
        for field, value in values.items():
            setattr(survey, field, value)
        survey.source, survey.recorded_by = source, recorded_by
        survey._audit_reason = reason  # type: ignore[attr-defined]
        survey.save()
        derived = survey.derived_home_language
        if locked.home_language != derived:
            locked.home_language = derived
            locked._audit_reason = reason or "Home Language Survey"  # type: ignore[attr-defined]
            locked.save(update_fields=["home_language", "updated_at"])
            student.home_language = derived
    return survey


def guardian_language_set(*, guardian: Guardian, language: str, reason: str = "") -> Guardian:
    """Store the language a guardian asked to be written to in (any CALPADS code)."""
    check_language(language, "preferred_language")
    if guardian.preferred_language != language:
        guardian.preferred_language = language
        guardian._audit_reason = reason  # type: ignore[attr-defined]
        guardian.save(update_fields=["preferred_language", "updated_at"])
    return guardian


def family_languages_record(
    *,
    student: Student,
    answers: SurveyAnswers,
    answered_on: dt.date,
    answered_by: str,
    guardian: Guardian | None,
    guardian_language: str,
    recorded_by: User | None,
    reason: str = "",
) -> HomeLanguageSurvey:
    """At the counter: the survey and the answering guardian's language, together or not at
    all (the office enters what the family said)."""
    if guardian is not None:
        check_language(guardian_language, "guardian_preferred_language")
    with transaction.atomic():
        survey = home_language_survey_record(
            student=student,
            answers=answers,
            answered_on=answered_on,
            answered_by=answered_by,
            source=SurveySource.COUNTER,
            recorded_by=recorded_by,
            reason=reason,
        )
        if guardian is not None:
            guardian_language_set(guardian=guardian, language=guardian_language, reason=reason)
    return survey


def _survey_panel(view: RecordView) -> dict[str, Any]:
    survey = HomeLanguageSurvey.objects.filter(student_id=view.student.pk).first()
    return {"survey": survey, "student_id": view.student.pk, "editable": view.editable}


register_panel(
    Panel(
        key="home_language_survey",
        aspect=Aspect.DEMOGRAPHICS,
        template="people/_language_panel.html",
        context=_survey_panel,
        order=5,
    )
)
