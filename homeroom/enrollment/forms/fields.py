"""What the enrollment forms share: dates within the records' window, schools, grades,
one guardian, the documents a family brings. Scheduling's placement form uses the dates too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from homeroom.districts.choices import GradeLevel
from homeroom.districts.models import School
from homeroom.enrollment.models import DocumentKind
from homeroom.lib.dates import DateKind, date_window
from homeroom.people.choices import Relationship

GRADES = [("", _("Choose a grade")), *GradeLevel.choices]

# DocumentKind's labels are not marked for translation; the family reads these in Spanish.
DOCUMENT_LABELS = {
    DocumentKind.PROOF_OF_ADDRESS.value: _("Proof of address"),
    DocumentKind.BIRTH_CERTIFICATE.value: _("Birth certificate or proof of age"),
    DocumentKind.IMMUNIZATION.value: _("Immunization record"),
}


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def _today() -> dt.date:
    return timezone.localdate()


def date_range_error(value: dt.date, kind: DateKind) -> str | None:
    """The message for a date outside the records' window (:mod:`homeroom.lib.dates`)."""
    first, last = date_window(kind, _today())
    if first <= value <= last:
        return None
    return _("Enter a date between %(first)s and %(last)s.") % {
        "first": first.isoformat(),
        "last": last.isoformat(),
    }


def _in_window(kind: DateKind) -> Callable[[dt.date], None]:
    def check(value: dt.date) -> None:
        message = date_range_error(value, kind)
        if message is not None:
            raise forms.ValidationError(message, code="date_range")

    return check


SCHOOL_DATE = [_in_window(DateKind.SCHOOL)]
BIRTH_DATE = [_in_window(DateKind.BIRTH)]


def birth_date_field(label: Any, required: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label, required=required, widget=DateInput(), validators=BIRTH_DATE
    )


def date_from_today(label: Any, help_text: Any = "") -> forms.DateField:
    """A school date (entry, exit, transfer...) that starts at today."""
    return forms.DateField(
        label=label,
        initial=_today,
        widget=DateInput(),
        help_text=help_text,
        validators=SCHOOL_DATE,
    )


class SchoolChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: School) -> str:
        return f"{obj.name} ({obj.low_grade}–{obj.high_grade})"


class GuardianFields(forms.Form):
    """One guardian, as the new-student and family forms ask for it."""

    guardian_given_name = forms.CharField(label=_("Guardian's given name"), max_length=100)
    guardian_family_name = forms.CharField(
        label=_("Guardian's family name"), required=False, max_length=100
    )
    guardian_relationship = forms.ChoiceField(
        label=_("Relationship to the child"), choices=Relationship.choices, initial="parent"
    )
    guardian_phone = forms.CharField(label=_("Guardian's phone"), required=False, max_length=30)

    def guardian(self) -> dict[str, str]:
        d = self.cleaned_data
        values = {
            "given_name": d["guardian_given_name"],
            "family_name": d["guardian_family_name"],
            "relationship": d["guardian_relationship"],
            "phone": d["guardian_phone"],
        }
        return {k: v for k, v in values.items() if v}


def child_of(d: dict[str, Any]) -> dict[str, Any]:
    """The child's name and birth date out of a form's cleaned data."""
    return {k: d[k] for k in ("given_name", "family_name", "birth_date")}


class SchoolGradeForm(forms.Form):
    """A form with ``school`` and ``grade_level``: the grade must be one the school serves."""

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        school, grade = cleaned.get("school"), cleaned.get("grade_level")
        if school is not None and grade and not school.serves_grade(grade):
            message = _("%(school)s serves grades %(low)s to %(high)s.") % {
                "school": school.name,
                "low": school.low_grade,
                "high": school.high_grade,
            }
            self.add_error("grade_level", message)
        return cleaned
