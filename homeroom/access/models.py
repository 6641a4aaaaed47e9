"""Users, the roles they hold and where, and API tokens."""

from __future__ import annotations

import datetime
import hashlib
import secrets
import uuid

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q

from homeroom.access.choices import Role, default_token_scopes

SCHOOL_ROLES = (Role.SCHOOL_ADMIN, Role.REGISTRAR, Role.COUNSELOR, Role.NURSE, Role.TEACHER)


class User(AbstractUser):
    """Anyone who signs in: staff, guardians and students."""

    preferred_language = models.CharField(max_length=8, choices=settings.LANGUAGES, default="en")
    sourced_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    def __str__(self) -> str:
        return self.username


class RoleAssignment(models.Model):
    """``user`` holds ``role`` at ``school`` (or district-wide when school is null)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(max_length=20, choices=Role.choices)
    school = models.ForeignKey(
        "districts.School",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="staff_roles",
    )
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["user", "role"]
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "school"], name="unique_role"),
            models.CheckConstraint(
                condition=Q(role__in=[r.value for r in SCHOOL_ROLES], school__isnull=False)
                | ~Q(role__in=[r.value for r in SCHOOL_ROLES]),
                name="school_roles_name_a_school",
            ),
        ]

    def __str__(self) -> str:
        where = self.school or "district"
        return f"{self.user} {self.get_role_display()} at {where}"


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiToken(models.Model):
    """A bearer token; only its SHA-256 is stored. It acts with its user's roles.

    It works only until ``expires_at`` and until revoked, and only for what its
    ``scopes`` allow (``read``: GET; ``write``: every other method).
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100, blank=True)
    prefix = models.CharField(max_length=12)
    digest = models.CharField(max_length=64, unique=True)
    scopes = models.JSONField(default=default_token_scopes)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.prefix}… for {self.user}"

    @staticmethod
    def new_secret() -> str:
        return "hr_" + secrets.token_urlsafe(32)

    def allows(self, scope: str) -> bool:
        return scope in self.scopes

    def is_live(self, now: datetime.datetime) -> bool:
        """Not revoked and not expired at ``now``."""
        return self.revoked_at is None and now < self.expires_at


class IdempotencyRecord(models.Model):
    """The first answer to an API POST sent with an ``Idempotency-Key`` header.

    A replay with the same key and body gets this answer again and changes nothing;
    the same key with another body is refused (409). Keys are per user.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=200)
    method = models.CharField(max_length=10)
    path = models.CharField(max_length=300)
    body_digest = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField(null=True)
    response_body = models.BinaryField(null=True)
    content_type = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="unique_idempotency_key"),
        ]
        # The retention purge deletes by age.
        indexes = [models.Index(fields=["created_at"], name="idempotency_created")]

    def __str__(self) -> str:
        return f"{self.method} {self.path} [{self.key}]"


class MfaEnrolmentLink(models.Model):
    """An administrator's one-time permission for ``user`` to enrol an authenticator.

    Only the SHA-256 of the link's secret is stored. A link works once, until
    ``expires_at``, and only while it is the user's newest (issuing one voids the rest).
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="mfa_links")
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    voided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"MFA enrolment link for {self.user}"
