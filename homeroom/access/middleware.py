"""Staff must finish multi-factor login before any page; every response carries a CSP."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from homeroom.access import policy

OPEN_PREFIXES = ("/login", "/logout", "/mfa/", "/static/", "/api/", "/i18n/")


def needs_mfa(user: policy.Viewer) -> bool:
    """Whether this user must pass a second factor (staff, when MFA is required)."""
    if not settings.HOMEROOM_REQUIRE_MFA:
        return False
    return policy.is_staff_member(user)


class RequireMFAMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not request.path.startswith(OPEN_PREFIXES)
            and not getattr(user, "is_verified", lambda: False)()
            and needs_mfa(user)
        ):
            return redirect("mfa")
        return self.get_response(request)


# No inline script or style anywhere: templates load homeroom.css and htmx from /static/.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "form-action 'self'",
    ]
)


class ContentSecurityPolicyMiddleware:
    """Sends the site's Content-Security-Policy on every response, pages and API alike."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        return response
