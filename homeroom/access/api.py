"""Bearer-token authentication for the API, and the one place token scopes are enforced."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.errors import HttpError
from ninja.security import HttpBearer

from homeroom.access.choices import TokenScope
from homeroom.access.services import request_token
from homeroom.audit.context import actor_for_user, client_ip, set_actor

READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class BearerToken(HttpBearer):
    """``Authorization: Bearer <token>``; the request acts as the token's user.

    A revoked or expired token is nobody (401). A token without the ``write`` scope
    is refused (403) on every method but GET, HEAD and OPTIONS, whatever the endpoint.
    """

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        found = request_token(request, token)
        if found is None:
            return None
        if request.method not in READ_METHODS and not found.allows(TokenScope.WRITE):
            raise HttpError(403, "This token has no 'write' scope.")
        request.user = found.user
        set_actor(actor_for_user(found.user, ip_address=client_ip(request), via="api"))
        return found.user
