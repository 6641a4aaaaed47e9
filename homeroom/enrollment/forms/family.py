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


class FamilyDetailsForm(SchoolGradeForm, GuardianFields):
    given_name = forms.CharField(label=_("Child's given name"), max_length=100)
    family_name = forms.CharField(label=_("Child's family name"), required=False, max_length=100)
    birth_date = birth_date_field(_("Child's birth date"))
    school = SchoolChoiceField(
        label=_("School"), queryset=School.objects.all(), empty_label=_("Choose a school")
    )
    grade_level = forms.ChoiceField(label=_("Grade the child will enter"), choices=GRADES)
    guardian_email = forms.EmailField(label=_("Your email"), required=False)
    address = forms.CharField(label=_("Home address"), max_length=300)

    field_order = ["given_name", "family_name", "birth_date", "school", "grade_level"]

    def student(self) -> dict[str, Any]:
        return child_of(self.cleaned_data)

    def guardian(self) -> dict[str, str]:
        values = super().guardian()
        if self.cleaned_data.get("guardian_email"):
            values["email"] = self.cleaned_data["guardian_email"]
        return values
