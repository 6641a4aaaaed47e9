"""Sets the acting user and address for everything a web request changes."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from homeroom.audit.context import acting_as, actor_for_user, client_ip


class AuditContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        via = "api" if request.path.startswith("/api/") else "web"
        actor = actor_for_user(request.user, ip_address=client_ip(request), via=via)
        with acting_as(actor):
            return self.get_response(request)
