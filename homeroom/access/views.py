"""Sign in, sign out, and the TOTP second factor for staff."""

from __future__ import annotations

import base64
import io
import logging
from typing import cast

import qrcode
import qrcode.image.svg
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from homeroom.access.forms import TokenForm
from homeroom.access.mfa import mfa_enrol_confirm, mfa_link_find, mfa_pending_device
from homeroom.access.models import User

logger = logging.getLogger(__name__)


class LoginView(auth_views.LoginView):
    template_name = "access/login.html"
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass


def _qr_svg(url: str) -> str:
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage)
    buffer = io.BytesIO()
    image.save(buffer)
    return base64.b64encode(buffer.getvalue()).decode()


def _check_code(request: HttpRequest, device: TOTPDevice, form: TokenForm) -> bool:
    """Whether a posted code is right for ``device``; puts the reason on the form if not."""
    if request.method != "POST" or not form.is_valid():
        return False
    allowed, why = device.verify_is_allowed()
    if not allowed:
        wait = (why or {}).get("locked_until")
        form.add_error("otp_token", _("Too many wrong codes. Wait a moment and try again."))
        logger.info("TOTP throttled for %s until %s", request.user, wait)
        return False
    if device.verify_token(form.cleaned_data["otp_token"]):
        return True
    form.add_error("otp_token", _("That code is not right. Try the current one."))
    return False


@login_required
@require_http_methods(["GET", "POST"])
def mfa(request: HttpRequest) -> HttpResponse:
    """Verify a TOTP code. Without a confirmed device: ask an administrator for a link."""
    device = TOTPDevice.objects.filter(user=request.user, confirmed=True).first()
    if device is None:
        return render(request, "access/mfa.html", {"no_device": True})
    form = TokenForm(request.POST or None)
    if _check_code(request, device, form):
        otp_login(request, device)
        return redirect("dashboard")
    return render(request, "access/mfa.html", {"form": form})


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def mfa_enrol(request: HttpRequest, secret: str) -> HttpResponse:
    """An administrator's enrolment link: show a fresh key; a valid code confirms it."""
    user = cast(User, request.user)
    link = mfa_link_find(secret=secret, user=user)
    if link is None:
        raise Http404("This enrolment link is not valid: it was used, replaced or expired.")
    device = mfa_pending_device(user=user)
    form = TokenForm(request.POST or None)
    if _check_code(request, device, form):
        if mfa_enrol_confirm(link=link, device=device):
            otp_login(request, device)
            return redirect("dashboard")
        raise Http404("This enrolment link is not valid: it was used, replaced or expired.")
    context = {
        "form": form,
        "enrolling": True,
        "qr_svg": _qr_svg(device.config_url),
        "secret": base64.b32encode(device.bin_key).decode(),
    }
    return render(request, "access/mfa.html", context)
