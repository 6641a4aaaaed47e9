"""Writes to users, roles and tokens."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from homeroom.access.models import ApiToken, RoleAssignment, User, hash_token
from homeroom.districts.models import School


def token_create(*, user: User, name: str = "") -> str:
    """Issue a new API token for ``user`` and return the secret (shown only once)."""
    secret = ApiToken.new_secret()
    ApiToken.objects.create(user=user, name=name, prefix=secret[:8], digest=hash_token(secret))
    return secret


def token_revoke(*, token: ApiToken) -> None:
    """Revoke ``token`` through ``save`` so that the audit trail records it."""
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])


def request_token_user(request: Any, secret: str) -> User | None:
    """``token_user`` once per request: middleware and API authentication share it."""
    cached = getattr(request, "_homeroom_bearer", None)
    if cached is not None and cached[0] == secret:
        return cached[1]
    user = token_user(secret)
    request._homeroom_bearer = (secret, user)
    return user


def token_user(secret: str) -> User | None:
    """The active user a bearer token belongs to, or None."""
    token = (
        ApiToken.objects.select_related("user")
        .filter(digest=hash_token(secret), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


def role_grant(*, user: User, role: str, school: School | None = None, **extra: Any) -> None:
    with transaction.atomic():
        RoleAssignment.objects.get_or_create(user=user, role=role, school=school, defaults=extra)
