"""Forms of the families' public pre-registration: contact, code, details."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from homeroom.districts.models import School
from homeroom.enrollment.forms.fields import (
    GRADES,
    GuardianFields,
    SchoolChoiceField,
    SchoolGradeForm,
    birth_date_field,
    child_of,
)
from homeroom.enrollment.forms.language import SurveyFields, guardian_language_field


class FamilyStartForm(forms.Form):
    email = forms.EmailField(label=_("Email address"), required=False)
    phone = forms.CharField(label=_("Or a mobile phone number"), required=False, max_length=30)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cleaned.get("email") and not cleaned.get("phone") and not self.errors:
            raise forms.ValidationError(_("Give an email address or a phone number."))
        return cleaned


class FamilyCodeForm(forms.Form):
    code = forms.CharField(
        label=_("The six-digit code"),
        max_length=6,
        min_length=6,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )


class FamilyDetailsForm(SchoolGradeForm, SurveyFields, GuardianFields):
    """The child, the school, one guardian, and the family's languages.

    The language questions start at the language the family reads the pages in
    (``site_language_code``), the default they are offered; what they send is stored.
    A language question left out of what is sent (not possible on the page, where each
    has a value) keeps that default for the guardian and leaves the survey unanswered.
    """

    survey_required = False

    given_name = forms.CharField(label=_("Child's given name"), max_length=100)
    family_name = forms.CharField(label=_("Child's family name"), required=False, max_length=100)
    birth_date = birth_date_field(_("Child's birth date"))
    school = SchoolChoiceField(
        label=_("School"), queryset=School.objects.all(), empty_label=_("Choose a school")
    )
    grade_level = forms.ChoiceField(label=_("Grade the child will enter"), choices=GRADES)
    guardian_email = forms.EmailField(label=_("Your email"), required=False)
    address = forms.CharField(label=_("Home address"), max_length=300)
    guardian_preferred_language = guardian_language_field(required=False)

    field_order = ["given_name", "family_name", "birth_date", "school", "grade_level"]

    def __init__(self, *args: Any, site_language_code: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.site_language_code = site_language_code
        for name in ("guardian_preferred_language", *(f.name for f in self.survey_rows)):
            self.fields[name].initial = self.initial.get(name) or site_language_code

    def student(self) -> dict[str, Any]:
        return child_of(self.cleaned_data)

    def guardian(self) -> dict[str, str]:
        values = super().guardian()
        if self.cleaned_data.get("guardian_email"):
            values["email"] = self.cleaned_data["guardian_email"]
        chosen = self.cleaned_data.get("guardian_preferred_language")
        values["preferred_language"] = chosen or self.site_language_code
        return values
