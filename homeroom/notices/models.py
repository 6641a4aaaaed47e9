"""A notice for the district's administrators, a school's office, or one user."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from homeroom.districts.models import School


class Audience(models.TextChoices):
    DISTRICT_ADMINS = "district_admins", _("District administrators")
    SCHOOL_OFFICE = "school_office", _("School office")
    USER = "user", _("One user")


class NoticeQuerySet(models.QuerySet["Notice"]):
    def unread(self) -> NoticeQuerySet:
        return self.filter(read_at__isnull=True)


class Notice(models.Model):
    """Something a person should act on: unusual read volume, an enrollment to confirm.

    ``school`` is set for a school office's notice, ``user`` for one user's; a district
    notice has neither. ``once_key`` (unique) keeps a repeated event to one notice.
    Reading it (``read_at``/``read_by``) marks it handled for the whole audience.
    """

    audience = models.CharField(max_length=20, choices=Audience.choices)
    school = models.ForeignKey(
        School, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notices",
    )
    kind = models.CharField(max_length=40)
    subject = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    student_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    once_key = models.CharField(max_length=200, null=True, blank=True, unique=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    read_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = NoticeQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["audience", "school"], name="notice_audience")]
        constraints = [
            models.CheckConstraint(
                name="notice_audience_target",
                condition=(
                    models.Q(audience="district_admins", school__isnull=True, user__isnull=True)
                    | models.Q(audience="school_office", school__isnull=False, user__isnull=True)
                    | models.Q(audience="user", school__isnull=True, user__isnull=False)
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.kind}: {self.subject}"
