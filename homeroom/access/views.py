"""Sign in, sign out, and the TOTP second factor for staff."""

from __future__ import annotations

import base64
import io
import logging

import qrcode
import qrcode.image.svg
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from homeroom.access.forms import TokenForm

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


@login_required
@require_http_methods(["GET", "POST"])
def mfa(request: HttpRequest) -> HttpResponse:
    """Verify a TOTP code; a user without a confirmed device enrols one first."""
    device = TOTPDevice.objects.filter(user=request.user, confirmed=True).first()
    enrolling = device is None
    if enrolling:
        device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
        if device is None:
            device = TOTPDevice.objects.create(user=request.user, name="default", confirmed=False)
    form = TokenForm(request.POST or None)
    allowed, why = device.verify_is_allowed()
    if request.method == "POST" and form.is_valid() and not allowed:
        wait = (why or {}).get("locked_until")
        form.add_error("otp_token", _("Too many wrong codes. Wait a moment and try again."))
        logger.info("TOTP throttled for %s until %s", request.user, wait)
    elif request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["otp_token"]):
            if enrolling:
                device.confirmed = True
                device.save(update_fields=["confirmed"])
            otp_login(request, device)
            return redirect("dashboard")
        form.add_error("otp_token", _("That code is not right. Try the current one."))
    context = {"form": form, "enrolling": enrolling}
    if enrolling:
        context["qr_svg"] = _qr_svg(device.config_url)
        context["secret"] = base64.b32encode(device.bin_key).decode()
    return render(request, "access/mfa.html", context)
