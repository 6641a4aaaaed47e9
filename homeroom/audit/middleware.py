"""Sets the acting user and address for everything a web request changes.

It also answers a page past the user's read limit (docs/audit.md) with 429 and a
page that says when to try again.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from homeroom.audit.context import acting_as, actor_for_user, client_ip
from homeroom.audit.volume import ReadLimitExceeded


class AuditContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        via = "api" if request.path.startswith("/api/") else "web"
        actor = actor_for_user(request.user, ip_address=client_ip(request), via=via)
        with acting_as(actor):
            return self.get_response(request)

    def process_exception(self, request: HttpRequest, exc: Exception) -> HttpResponse | None:
        if not isinstance(exc, ReadLimitExceeded):
            return None
        context = {
            "limit": exc.limit,
            "minutes": max(1, int(exc.window.total_seconds()) // 60),
            "retry_minutes": max(1, -(-exc.retry_after // 60)),
        }
        response = render(request, "audit/read_limit.html", context, status=429)
        response["Retry-After"] = str(exc.retry_after)
        return response
