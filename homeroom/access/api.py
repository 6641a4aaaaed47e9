"""Bearer-token authentication for the API."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer

from homeroom.access.services import request_token_user
from homeroom.audit.context import actor_for_user, client_ip, set_actor


class BearerToken(HttpBearer):
    """``Authorization: Bearer <token>``; the request acts as the token's user."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = request_token_user(request, token)
        if user is None:
            return None
        request.user = user
        set_actor(actor_for_user(user, ip_address=client_ip(request), via="api"))
        return user
