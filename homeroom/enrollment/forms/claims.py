"""The form of the requests page: confirm or decline one request."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class ClaimDecisionForm(forms.Form):
    claim = forms.IntegerField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(choices=[("confirm", "confirm"), ("decline", "decline")])
    note = forms.CharField(label=_("Note"), required=False, max_length=300)
