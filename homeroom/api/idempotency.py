"""``Idempotency-Key`` for every API POST.

The first request with a key claims a record before it runs; its answer is stored when
it ends. A replay (same user, key, path and body) gets the stored answer and changes
nothing; the same key with a different request is 409; a replay while the first is
still running is 409 too, with ``Retry-After``. An answer of 5xx is not kept, so the
client may retry.

Three rules keep a key from being stuck or kept for ever (docs/api.md):

- **Lease.** A claim is held for ``HOMEROOM_IDEMPOTENCY_LEASE_SECONDS``. A record still
  without an answer after that (its worker was killed) is taken over by the next replay
  of the same request, with one conditional UPDATE, so of several retries arriving
  together exactly one wins and runs the request.
- **One transaction.** The request's own writes and its stored answer commit together,
  so a worker killed at any point leaves either both (a retry gets the answer) or
  neither (a retry runs the request afresh), never a write without its answer. A request
  whose claim was taken over (it outlived its lease) rolls back and answers 409.
- **Retention.** Stored answers hold student data: a record older than
  ``HOMEROOM_IDEMPOTENCY_RETENTION_HOURS`` is deleted (``homeroom idempotency purge``,
  and every ``PURGE_EVERY``-th claim in a process), and a key reused after that is a
  new request.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import math
from collections.abc import Callable

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone

from homeroom.access.choices import TokenScope
from homeroom.access.models import IdempotencyRecord, User
from homeroom.access.services import request_token

HEADER = "HTTP_IDEMPOTENCY_KEY"
MAX_KEY_LENGTH = 200
# Every this many claims in one process, expired records are purged on the way.
PURGE_EVERY = 200
# Claim attempts before answering "still running" (a record can vanish or change between
# the failed insert and the read: purged, released after a 5xx, taken over).
CLAIM_TRIES = 3


def lease() -> dt.timedelta:
    return dt.timedelta(seconds=settings.HOMEROOM_IDEMPOTENCY_LEASE_SECONDS)


def retention() -> dt.timedelta:
    return dt.timedelta(hours=settings.HOMEROOM_IDEMPOTENCY_RETENTION_HOURS)


def idempotency_purge(*, now: dt.datetime | None = None) -> int:
    """Delete every record older than the retention limit; return how many went."""
    cutoff = (now or timezone.now()) - retention()
    deleted, _ = IdempotencyRecord.objects.filter(created_at__lt=cutoff).delete()
    return deleted


def _error(message: str, status: int = 409) -> JsonResponse:
    body = {
        "detail": [{"loc": ["header", "Idempotency-Key"], "msg": message, "type": "idempotency"}]
    }
    return JsonResponse(body, status=status)


def _still_running(record: IdempotencyRecord, now: dt.datetime) -> JsonResponse:
    response = _error("the first request with this Idempotency-Key is still running")
    left = (record.created_at + lease() - now).total_seconds()
    response["Retry-After"] = str(max(1, math.ceil(left)))
    return response


def _bearer_user(request: HttpRequest) -> User | None:
    """The user of a live token that may write; else None, and the request goes on to
    the API's authentication (401, or 403 for a token without the ``write`` scope)
    without claiming a key or getting a stored answer."""
    auth = request.headers.get("Authorization", "")
    scheme, _, secret = auth.partition(" ")
    if scheme.lower() != "bearer" or not secret:
        return None
    token = request_token(request, secret.strip())
    if token is None or not token.allows(TokenScope.WRITE):
        return None
    return token.user


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


def _take_over(record: IdempotencyRecord, digest: str, path: str, now: dt.datetime) -> bool:
    """Claim a record whose claim lapsed or whose answer expired; one caller wins.

    One conditional UPDATE: concurrent callers queue on the row, and each re-checks the
    condition against the winner's new ``created_at``, which no longer matches.
    """
    lapsed = Q(status_code__isnull=True, body_digest=digest, created_at__lt=now - lease())
    expired = Q(created_at__lt=now - retention())
    won = IdempotencyRecord.objects.filter(lapsed | expired, pk=record.pk).update(
        created_at=now,
        path=path,
        body_digest=digest,
        status_code=None,
        response_body=None,
        content_type="",
    )
    return won == 1


class IdempotencyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.claims = itertools.count(1)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        key = request.META.get(HEADER)
        if request.method != "POST" or key is None or not request.path.startswith("/api/"):
            return self.get_response(request)
        if not key or len(key) > MAX_KEY_LENGTH:
            return _error(f"Idempotency-Key must be 1 to {MAX_KEY_LENGTH} characters", 422)
        user = _bearer_user(request)
        if user is None:
            return self.get_response(request)
        digest = _digest(request)
        for _attempt in range(CLAIM_TRIES):
            claimed = self._claim(request, user, key, digest)
            if isinstance(claimed, HttpResponse):
                return claimed
            if claimed is not None:
                return self._run(request, claimed)
        return _error("the first request with this Idempotency-Key is still running")

    def _claim(
        self, request: HttpRequest, user: User, key: str, digest: str
    ) -> IdempotencyRecord | HttpResponse | None:
        """Our claimed record, the answer to give instead, or None to try again."""
        now = timezone.now()
        try:
            with transaction.atomic():
                record = IdempotencyRecord.objects.create(
                    user=user, key=key, method="POST", path=request.path, body_digest=digest
                )
        except IntegrityError:
            first = IdempotencyRecord.objects.filter(user=user, key=key).first()
            if first is None:
                return None
            if _take_over(first, digest, request.path, now):
                first.created_at = now
                return first
            first = IdempotencyRecord.objects.filter(pk=first.pk).first()
            if first is None:
                return None
            if first.body_digest != digest:
                return _error("this Idempotency-Key was used for a different request")
            if first.status_code is None:
                return _still_running(first, now)
            return _replay(first)
        if next(self.claims) % PURGE_EVERY == 0:
            idempotency_purge(now=now)
        return record

    def _run(self, request: HttpRequest, record: IdempotencyRecord) -> HttpResponse:
        """Run the request; its writes and its stored answer commit together or not at all."""
        ours = IdempotencyRecord.objects.filter(
            pk=record.pk, created_at=record.created_at, status_code__isnull=True
        )
        with transaction.atomic():
            response = self.get_response(request)
            kept = response.status_code < 500 and bool(
                ours.update(
                    status_code=response.status_code,
                    response_body=response.content,
                    content_type=response.get("Content-Type", ""),
                )
            )
            if not kept:
                transaction.set_rollback(True)
        if response.status_code >= 500:
            ours.delete()
            return response
        if not kept:
            return _error("a retry with this Idempotency-Key took over this request; it was undone")
        return response
