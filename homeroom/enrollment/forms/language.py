"""The language questions that the family pages and the counter share: the language a
guardian wants the school to use with them, and the four of the Home Language Survey."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from homeroom.lib.errors import RuleError
from homeroom.people.choices import HomeLanguage
from homeroom.people.language import SURVEY_FIELDS, SurveyAnswers

CHOOSE = ("", _("Choose a language"))

SURVEY_QUESTIONS = {
    "first_language": _("Which language did your child learn when they first began to talk?"),
    "child_home_language": _("Which language does your child most frequently speak at home?"),
    "language_with_child": _(
        "Which language do you (the parents or guardians) most frequently use when speaking "
        "with your child?"
    ),
    "adults_language": _(
        "Which language is most often spoken by the adults in the home (parents, guardians, "
        "grandparents or any other adults)?"
    ),
}


def language_field(label: Any, required: bool = True, help_text: Any = "") -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=[CHOOSE, *HomeLanguage.choices],
        required=required,
        help_text=help_text,
    )


def guardian_language_field(required: bool = True, label: Any = None) -> forms.ChoiceField:
    return language_field(
        label or _("Language you want the school to use with you"),
        required=required,
        help_text=_("Any language: the school finds an interpreter when it has no translation."),
    )


class SurveyFields(forms.Form):
    """The Home Language Survey's four questions; ``survey_required`` says whether a form
    must have them all (else none or all: half a survey is refused)."""

    survey_required = True

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, question in SURVEY_QUESTIONS.items():
            self.fields[name] = language_field(question, required=self.survey_required)

    @property
    def survey_rows(self) -> list[forms.BoundField]:
        return [self[name] for name in SURVEY_FIELDS]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        given = [name for name in SURVEY_FIELDS if cleaned.get(name)]
        if given and len(given) < len(SURVEY_FIELDS):
            for name in SURVEY_FIELDS:
                if not cleaned.get(name) and name not in self.errors:
                    self.add_error(name, _("Answer all four language questions."))
        return cleaned

    def survey(self) -> SurveyAnswers | None:
        """The answers, or None when the survey was left out (only where it is optional)."""
        try:
            return SurveyAnswers.from_dict(self.cleaned_data)
        except RuleError:
            return None
