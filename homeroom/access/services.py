"""Writes to users, roles and tokens."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any, cast

from django.db import models, transaction
from django.utils import timezone

from homeroom.access.choices import TokenScope
from homeroom.access.models import ApiToken, RoleAssignment, User, hash_token
from homeroom.lib.errors import RuleError

TOKEN_DEFAULT_DAYS = 90
TOKEN_MAX_DAYS = 365


def token_create(
    *,
    user: User,
    name: str = "",
    scopes: Iterable[str] = (TokenScope.READ, TokenScope.WRITE),
    days: int = TOKEN_DEFAULT_DAYS,
) -> str:
    """Issue a new API token for ``user`` and return the secret (shown only once).

    It expires after ``days`` (1 to 365) and may do only what ``scopes`` allow.
    Callers are the operator's command and the MFA-verified account page.
    """
    chosen = sorted({TokenScope(s).value for s in scopes})
    if not chosen:
        raise RuleError("a token needs at least one scope", field="scopes")
    if not 1 <= days <= TOKEN_MAX_DAYS:
        raise RuleError(f"a token lasts 1 to {TOKEN_MAX_DAYS} days", field="days")
    secret = ApiToken.new_secret()
    ApiToken.objects.create(
        user=user,
        name=name,
        prefix=secret[:12],
        digest=hash_token(secret),
        scopes=chosen,
        expires_at=timezone.now() + datetime.timedelta(days=days),
    )
    return secret


def token_revoke(*, token: ApiToken) -> None:
    """Revoke ``token`` through ``save`` so that the audit trail records it."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])


def tokens_revoke_for(*, user: User) -> int:
    """Revoke every live token of ``user`` (each one audited); return how many."""
    live = list(ApiToken.objects.filter(user=user, revoked_at__isnull=True))
    for token in live:
        token_revoke(token=token)
    return len(live)


def request_token(request: Any, secret: str) -> ApiToken | None:
    """``token_find`` once per request: middleware and API authentication share it."""
    cached = getattr(request, "_homeroom_bearer", None)
    if cached is not None and cached[0] == secret:
        return cast(ApiToken | None, cached[1])
    token = token_find(secret)
    request._homeroom_bearer = (secret, token)
    return token


def request_token_user(request: Any, secret: str) -> User | None:
    """The user a request's bearer token acts as, or None."""
    token = request_token(request, secret)
    return token.user if token is not None else None


def token_find(secret: str) -> ApiToken | None:
    """The live token (not revoked, not expired, active user) with this secret, or None."""
    now = timezone.now()
    token = (
        ApiToken.objects.select_related("user")
        .filter(digest=hash_token(secret), revoked_at__isnull=True, expires_at__gt=now)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token


def token_user(secret: str) -> User | None:
    """The active user a live bearer token belongs to, or None."""
    token = token_find(secret)
    return token.user if token is not None else None


def role_grant(
    *,
    user: User,
    role: str,
    school: models.Model | None = None,
    start_date: datetime.date | None = None,
    end_date: datetime.date | None = None,
) -> None:
    """Grant ``role`` at ``school`` (district-wide when None); granting it twice is a no-op."""
    with transaction.atomic():
        RoleAssignment.objects.get_or_create(
            user=user,
            role=role,
            school=cast(Any, school),  # a districts.School: access does not import districts
            defaults={"start_date": start_date, "end_date": end_date},
        )
