"""The office's form for a family's pre-registration: documents seen, then enroll."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from homeroom.enrollment.forms.fields import DOCUMENT_LABELS, birth_date_field, date_from_today
from homeroom.enrollment.models import DocumentKind


class PreregCompleteForm(forms.Form):
    """The registrar's one step: documents seen, entry date, and a confirmation if needed."""

    entry_date = date_from_today(_("Entry date"))
    confirm_different_child = forms.BooleanField(
        label=_("This is a different child"), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for kind in DocumentKind:
            label = DOCUMENT_LABELS[kind.value]
            self.fields[kind.value] = forms.BooleanField(label=label, required=False)
            self.fields[f"{kind.value}_date"] = birth_date_field(
                _("Date on the document"), required=False
            )

    @property
    def documents_rows(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[k.value], self[f"{k.value}_date"]) for k in DocumentKind]

    def documents(self) -> dict[str, dt.date | None]:
        d = self.cleaned_data
        return {k.value: d.get(f"{k.value}_date") for k in DocumentKind if d.get(k.value)}
