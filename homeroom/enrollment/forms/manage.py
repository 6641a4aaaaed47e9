"""Forms of one enrollment's page: exit, transfer out, arrival, no-show, grade change."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from homeroom.districts.models import School
from homeroom.enrollment.choices import ExitReason
from homeroom.enrollment.forms.fields import GRADES, SchoolChoiceField, date_from_today

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


class ExitForm(forms.Form):
    exit_date = date_from_today(
        _("Exit date"), help_text=_("The first day the student no longer attends.")
    )
    exit_reason = forms.ChoiceField(label=_("Exit reason"), choices=HAND_EXITS)


class TransferForm(forms.Form):
    date = date_from_today(_("Transfer date"), help_text=_("The first day at the new school."))
    to_school = SchoolChoiceField(
        label=_("To school"), queryset=School.objects.none(), empty_label=None
    )
    reason = forms.CharField(label=_("Reason"), required=False, max_length=300)

    def __init__(self, *args: Any, schools: QuerySet[School], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_school"].queryset = schools  # type: ignore[attr-defined]


class ArrivedForm(forms.Form):
    date = date_from_today(_("First day seen"))


class NoShowForm(forms.Form):
    reason = forms.CharField(label=_("Note"), required=False, max_length=200)


class GradeChangeForm(forms.Form):
    date = date_from_today(_("From"), help_text=_("The first day in the new grade."))
    grade_level = forms.ChoiceField(label=_("New grade"), choices=GRADES)
