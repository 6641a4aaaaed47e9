"""``/account/tokens/``: a staff member's own API tokens (list, create once-shown, revoke)."""

from __future__ import annotations

from typing import cast

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from homeroom.access.decorators import staff_required
from homeroom.access.forms import ApiTokenForm
from homeroom.access.models import ApiToken, User
from homeroom.access.services import token_create, token_revoke
from homeroom.lib.ids import record_id


def mfa_verified(request: HttpRequest) -> bool:
    """Whether this session passed the second factor (always true when MFA is off)."""
    if not settings.HOMEROOM_REQUIRE_MFA:
        return True
    return bool(getattr(request.user, "is_verified", lambda: False)())


@staff_required
@never_cache
@require_http_methods(["GET", "POST"])
def account_tokens(request: HttpRequest) -> HttpResponse:
    """Tokens are issued only to an MFA-verified session (or by the operator's command)."""
    if not mfa_verified(request):
        return redirect("mfa")
    user = cast(User, request.user)
    form = ApiTokenForm(request.POST if request.POST.get("action") == "create" else None)
    secret = None
    if request.method == "POST" and request.POST.get("action") == "revoke":
        pk = record_id(request.POST.get("token", ""))
        token = ApiToken.objects.filter(user=user, pk=pk).first() if pk else None
        if token is not None:
            token_revoke(token=token)
        return redirect("account_tokens")
    if request.method == "POST" and form.is_valid():
        secret = token_create(
            user=user,
            name=form.cleaned_data["name"],
            scopes=form.cleaned_data["scopes"],
            days=form.cleaned_data["days"],
        )
        user = cast(User, request.user)
    form = ApiTokenForm()
    tokens = ApiToken.objects.filter(user=user)
    return render(request, "access/tokens.html", {"form": form, "secret": secret, "tokens": tokens})
