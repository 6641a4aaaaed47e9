"""The placement form: one class and the day the student starts in it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from homeroom.enrollment.forms.fields import SCHOOL_DATE, DateInput
from homeroom.scheduling.models import Section


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
