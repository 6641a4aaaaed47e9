"""Forms of the enrollment pages: they check shapes; the services keep the rules."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from homeroom.districts.choices import GradeLevel
from homeroom.districts.models import School
from homeroom.enrollment.choices import EnrollmentStatus, ExitReason
from homeroom.enrollment.intake import Criteria
from homeroom.enrollment.models import DocumentKind
from homeroom.lib.dates import DateKind, date_window
from homeroom.people.choices import Relationship
from homeroom.scheduling.models import Section

GRADES = [("", _("Choose a grade")), *GradeLevel.choices]
# Exits a registrar records by hand; transfers within the district, grade changes,
# year-end and no-shows have their own forms and services.
AUTOMATIC_EXITS = (
    ExitReason.TRANSFER_IN_DISTRICT,
    ExitReason.MIDYEAR_UPDATE,
    ExitReason.YEAR_END,
    ExitReason.NO_SHOW,
)
HAND_EXITS = [
    ("", _("Choose a reason")),
    *((c.value, f"{c.value} · {c.label}") for c in ExitReason if c not in AUTOMATIC_EXITS),
]


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


def _birth_date(label: Any, required: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label, required=required, widget=DateInput(), validators=BIRTH_DATE
    )


def _date_from_today(label: Any, help_text: Any = "") -> forms.DateField:
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


class IntakeSearchForm(forms.Form):
    """What the family says at the counter; any one field is enough to search."""

    name = forms.CharField(label=_("Child's name"), required=False, max_length=200)
    birth_date = _birth_date(_("Birth date"), required=False)
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


def _child(d: dict[str, Any]) -> dict[str, Any]:
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


class NewStudentForm(SchoolGradeForm, GuardianFields):
    """The one short form of a new child: the child, the enrollment, one guardian."""

    given_name = forms.CharField(label=_("Child's given name"), max_length=100)
    family_name = forms.CharField(label=_("Child's family name"), required=False, max_length=100)
    birth_date = _birth_date(_("Birth date"))
    grade_level = forms.ChoiceField(label=_("Grade"), choices=GRADES)
    entry_date = _date_from_today(_("Entry date"))
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
        return _child(self.cleaned_data)


class EnrollForm(SchoolGradeForm):
    school = SchoolChoiceField(label=_("School"), queryset=School.objects.none(), empty_label=None)
    grade_level = forms.ChoiceField(label=_("Grade"), choices=GRADES)
    entry_date = _date_from_today(_("Entry date"))
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


class ExitForm(forms.Form):
    exit_date = _date_from_today(
        _("Exit date"), help_text=_("The first day the student no longer attends.")
    )
    exit_reason = forms.ChoiceField(label=_("Exit reason"), choices=HAND_EXITS)


class TransferForm(forms.Form):
    date = _date_from_today(_("Transfer date"), help_text=_("The first day at the new school."))
    to_school = SchoolChoiceField(
        label=_("To school"), queryset=School.objects.none(), empty_label=None
    )
    reason = forms.CharField(label=_("Reason"), required=False, max_length=300)

    def __init__(self, *args: Any, schools: QuerySet[School], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_school"].queryset = schools  # type: ignore[attr-defined]


class TransferInForm(TransferForm):
    """The receiving school asks the student's current school to let them move."""

    reason = forms.CharField(
        label=_("Reason"),
        max_length=300,
        help_text=_("The student's current school sees your request and the reason."),
    )


class ClaimDecisionForm(forms.Form):
    claim = forms.IntegerField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(choices=[("confirm", "confirm"), ("decline", "decline")])
    note = forms.CharField(label=_("Note"), required=False, max_length=300)


class ArrivedForm(forms.Form):
    date = _date_from_today(_("First day seen"))


class NoShowForm(forms.Form):
    reason = forms.CharField(label=_("Note"), required=False, max_length=200)


class GradeChangeForm(forms.Form):
    date = _date_from_today(_("From"), help_text=_("The first day in the new grade."))
    grade_level = forms.ChoiceField(label=_("New grade"), choices=GRADES)


class SectionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Section) -> str:
        period = obj.period.name if obj.period else _("no period")
        taken = getattr(obj, "taken", 0)
        return (
            f"{period} · {obj.course.title} ({obj.course.code}-{obj.code}) · {taken}/{obj.capacity}"
        )


class PlacementForm(forms.Form):
    section = SectionChoiceField(
        label=_("Class"), queryset=Section.objects.none(), empty_label=_("Choose a class")
    )
    day = forms.DateField(label=_("From"), widget=DateInput(), validators=SCHOOL_DATE)

    def __init__(self, *args: Any, sections: QuerySet[Section], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["section"].queryset = sections  # type: ignore[attr-defined]


class PreregCompleteForm(forms.Form):
    """The registrar's one step: documents seen, entry date, and a confirmation if needed."""

    entry_date = _date_from_today(_("Entry date"))
    confirm_different_child = forms.BooleanField(
        label=_("This is a different child"), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for kind in DocumentKind:
            label = DOCUMENT_LABELS[kind.value]
            self.fields[kind.value] = forms.BooleanField(label=label, required=False)
            self.fields[f"{kind.value}_date"] = _birth_date(
                _("Date on the document"), required=False
            )

    @property
    def documents_rows(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[k.value], self[f"{k.value}_date"]) for k in DocumentKind]

    def documents(self) -> dict[str, dt.date | None]:
        d = self.cleaned_data
        return {k.value: d.get(f"{k.value}_date") for k in DocumentKind if d.get(k.value)}


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
    birth_date = _birth_date(_("Child's birth date"))
    school = SchoolChoiceField(
        label=_("School"), queryset=School.objects.all(), empty_label=_("Choose a school")
    )
    grade_level = forms.ChoiceField(label=_("Grade the child will enter"), choices=GRADES)
    guardian_email = forms.EmailField(label=_("Your email"), required=False)
    address = forms.CharField(label=_("Home address"), max_length=300)

    field_order = ["given_name", "family_name", "birth_date", "school", "grade_level"]

    def student(self) -> dict[str, Any]:
        return _child(self.cleaned_data)

    def guardian(self) -> dict[str, str]:
        values = super().guardian()
        if self.cleaned_data.get("guardian_email"):
            values["email"] = self.cleaned_data["guardian_email"]
        return values
