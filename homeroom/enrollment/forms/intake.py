"""Forms of intake at the counter: the search, a new child, enrolling a known student."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from homeroom.districts.models import School
from homeroom.enrollment.choices import EnrollmentStatus
from homeroom.enrollment.forms.fields import (
    GRADES,
    GuardianFields,
    SchoolChoiceField,
    SchoolGradeForm,
    birth_date_field,
    child_of,
    date_from_today,
)
from homeroom.enrollment.forms.language import SurveyFields, guardian_language_field
from homeroom.enrollment.forms.manage import TransferForm
from homeroom.enrollment.intake import Criteria


class IntakeSearchForm(forms.Form):
    """What the family says at the counter; any one field is enough to search."""

    name = forms.CharField(label=_("Child's name"), required=False, max_length=200)
    birth_date = birth_date_field(_("Birth date"), required=False)
    guardian = forms.CharField(label=_("Guardian's name"), required=False, max_length=200)
    phone = forms.CharField(label=_("Guardian's phone"), required=False, max_length=30)
    former_school = forms.CharField(
        label=_("Former school (name or code)"), required=False, max_length=200
    )
    ssid = forms.CharField(label=_("State ID (SSID)"), required=False, max_length=10)

    def criteria(self) -> Criteria:
        d = self.cleaned_data
        return Criteria(
            name=d["name"],
            birth_date=d["birth_date"],
            guardian=d["guardian"],
            phone=d["phone"],
            former_school=d["former_school"],
            ssid=d["ssid"],
        )


class NewStudentForm(SchoolGradeForm, GuardianFields):
    """The one short form of a new child: the child, the enrollment, one guardian."""

    given_name = forms.CharField(label=_("Child's given name"), max_length=100)
    family_name = forms.CharField(label=_("Child's family name"), required=False, max_length=100)
    birth_date = birth_date_field(_("Birth date"))
    grade_level = forms.ChoiceField(label=_("Grade"), choices=GRADES)
    entry_date = date_from_today(_("Entry date"))
    school = SchoolChoiceField(label=_("School"), queryset=School.objects.none(), empty_label=None)
    confirm_different_child = forms.BooleanField(
        label=_("This is a different child"), required=False
    )

    field_order = ["given_name", "family_name", "birth_date", "grade_level", "entry_date", "school"]

    def __init__(self, *args: Any, schools: QuerySet[School], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools  # type: ignore[attr-defined]
        first = schools.first()
        if first is not None:
            self.fields["school"].initial = first.pk

    @property
    def one_school(self) -> bool:
        return len(self.fields["school"].queryset) == 1  # type: ignore[attr-defined]

    def student(self) -> dict[str, Any]:
        return child_of(self.cleaned_data)


class LanguageSurveyForm(SurveyFields):
    """The Home Language Survey at the counter, as the parent answers it, and the
    language the answering guardian wants the school to use with them."""

    answered_by = forms.CharField(label=_("Answered by (name and relationship)"), max_length=200)
    answered_on = date_from_today(_("Date answered"))
    guardian_preferred_language = guardian_language_field(
        label=_("Language the guardian wants the school to use with them")
    )
    reason = forms.CharField(
        label=_("Reason for the correction"),
        required=False,
        max_length=300,
        help_text=_("Kept in the record history; needed only when correcting earlier answers."),
    )

    field_order = ["answered_by", "answered_on", "guardian_preferred_language"]

    def __init__(self, *args: Any, has_guardian: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not has_guardian:
            del self.fields["guardian_preferred_language"]

    def clean_answered_on(self) -> dt.date:
        day: dt.date = self.cleaned_data["answered_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("The survey cannot be answered in the future."))
        return day


class EnrollForm(SchoolGradeForm):
    school = SchoolChoiceField(label=_("School"), queryset=School.objects.none(), empty_label=None)
    grade_level = forms.ChoiceField(label=_("Grade"), choices=GRADES)
    entry_date = date_from_today(_("Entry date"))
    status = forms.ChoiceField(
        label=_("Enrollment status"),
        choices=[(c.value, f"{c.value} · {c.label}") for c in EnrollmentStatus],
        initial=EnrollmentStatus.PRIMARY,
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=300,
        help_text=_(
            "Needed when the student attends another school: that school sees your request "
            "and the reason."
        ),
    )

    def __init__(self, *args: Any, schools: QuerySet[School], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools  # type: ignore[attr-defined]


class TransferInForm(TransferForm):
    """The receiving school asks the student's current school to let them move."""

    reason = forms.CharField(
        label=_("Reason"),
        max_length=300,
        help_text=_("The student's current school sees your request and the reason."),
    )
