"""``Idempotency-Key`` for every API POST.

The first request with a key is recorded before it runs; its answer is stored when it
ends. A replay (same user, key, path and body) gets the stored answer and changes
nothing; the same key with a different request is 409; a replay while the first is
still running is 409 too. An answer of 5xx is not kept, so the client may retry.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse

from homeroom.access.models import IdempotencyRecord, User
from homeroom.access.services import request_token_user

HEADER = "HTTP_IDEMPOTENCY_KEY"
MAX_KEY_LENGTH = 200


def _error(message: str, status: int = 409) -> JsonResponse:
    body = {
        "detail": [{"loc": ["header", "Idempotency-Key"], "msg": message, "type": "idempotency"}]
    }
    return JsonResponse(body, status=status)


def _bearer_user(request: HttpRequest) -> User | None:
    auth = request.headers.get("Authorization", "")
    scheme, _, token = auth.partition(" ")
    if scheme.lower() != "bearer" or not token:
        return None
    return request_token_user(request, token.strip())


def _digest(request: HttpRequest) -> str:
    h = hashlib.sha256()
    h.update(request.method.encode() if request.method else b"")
    h.update(b"\0" + request.path.encode() + b"\0")
    h.update(request.body)
    return h.hexdigest()


def _replay(record: IdempotencyRecord) -> HttpResponse:
    response = HttpResponse(
        bytes(record.response_body or b""),
        status=record.status_code or 200,
        content_type=record.content_type or "application/json",
    )
    response["Idempotent-Replayed"] = "true"
    return response


class IdempotencyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        key = request.META.get(HEADER)
        if request.method != "POST" or key is None or not request.path.startswith("/api/"):
            return self.get_response(request)
        if not key or len(key) > MAX_KEY_LENGTH:
            return _error(f"Idempotency-Key must be 1 to {MAX_KEY_LENGTH} characters", 422)
        user = _bearer_user(request)
        if user is None:
            return self.get_response(request)
        return self._once(request, user, key)

    def _once(self, request: HttpRequest, user: User, key: str) -> HttpResponse:
        digest = _digest(request)
        try:
            with transaction.atomic():
                record = IdempotencyRecord.objects.create(
                    user=user, key=key, method="POST", path=request.path, body_digest=digest
                )
        except IntegrityError:
            first = IdempotencyRecord.objects.get(user=user, key=key)
            if first.body_digest != digest:
                return _error("this Idempotency-Key was used for a different request")
            if first.status_code is None:
                return _error("the first request with this Idempotency-Key is still running")
            return _replay(first)
        response = self.get_response(request)
        if response.status_code >= 500:
            IdempotencyRecord.objects.filter(pk=record.pk).delete()
            return response
        IdempotencyRecord.objects.filter(pk=record.pk).update(
            status_code=response.status_code,
            response_body=response.content,
            content_type=response.get("Content-Type", ""),
        )
        return response
