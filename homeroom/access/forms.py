"""Second-factor and API-token forms."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from homeroom.access.choices import TokenScope
from homeroom.access.services import TOKEN_DEFAULT_DAYS, TOKEN_MAX_DAYS


class TokenForm(forms.Form):
    otp_token = forms.CharField(
        label=_("6-digit code from your authenticator app"),
        max_length=6,
        min_length=6,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "pattern": "[0-9]{6}"}
        ),
    )


class ApiTokenForm(forms.Form):
    """A new API token for oneself: what it is for, what it may do, how long it lasts."""

    name = forms.CharField(label=_("What it is for"), max_length=100, required=False)
    scopes = forms.MultipleChoiceField(
        label=_("It may"),
        choices=TokenScope.choices,
        initial=[TokenScope.READ],
        widget=forms.CheckboxSelectMultiple,
    )
    days = forms.IntegerField(
        label=_("Days until it expires"),
        min_value=1,
        max_value=TOKEN_MAX_DAYS,
        initial=TOKEN_DEFAULT_DAYS,
    )
