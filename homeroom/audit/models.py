"""Append-only records of every change to student data and every disclosure.

Neither model can be updated or deleted through the ORM; on PostgreSQL a trigger
refuses UPDATE and DELETE in the database itself (migration 0002).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models


class AppendOnlyError(RuntimeError):
    """Raised on any attempt to change or remove an audit record."""


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError("audit records cannot be changed")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("audit records cannot be deleted")


class AppendOnlyModel(models.Model):
    """A model whose rows are written once and never changed."""

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError("audit records cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("audit records cannot be deleted")


class Action(models.TextChoices):
    CREATE = "create", "create"
    UPDATE = "update", "update"
    DELETE = "delete", "delete"


class AuditEvent(AppendOnlyModel):
    """Who changed which record, when, from where, and each field before and after."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    actor_label = models.CharField(max_length=150)
    ip_address = models.GenericIPAddressField(null=True)
    via = models.CharField(max_length=20, help_text="web, api, command or system")
    action = models.CharField(max_length=10, choices=Action.choices)
    model = models.CharField(max_length=100)
    object_id = models.CharField(max_length=64)
    student_id = models.BigIntegerField(null=True, db_index=True)
    changes = models.JSONField(default=dict, help_text="{field: [before, after]}")
    reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["model", "object_id"], name="audit_object")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.model}"


class Outcome(models.TextChoices):
    GRANTED = "granted", "granted"
    DENIED = "denied", "denied"


class DisclosureKind(models.TextChoices):
    VIEW = "view", "view"
    LIST = "list", "list"
    EXPORT = "export", "export"


class Disclosure(AppendOnlyModel):
    """FERPA record of access: who viewed, listed or exported which students' records, and why.

    One row per read: a profile names one student (``student_id`` is set), a page of
    search results, a dashboard list or a report names every student it showed, each in
    a :class:`DisclosureStudent` row written in the same transaction. "Who has seen
    student X" is answered from those rows (indexed by student), whatever the kind.
    Refused attempts are kept too (``outcome=denied``).
    """

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    actor_label = models.CharField(max_length=150)
    ip_address = models.GenericIPAddressField(null=True)
    via = models.CharField(max_length=20)
    student_id = models.BigIntegerField(
        null=True, db_index=True, help_text="The one student named; empty for a list of several."
    )
    student_count = models.PositiveIntegerField(default=1)
    kind = models.CharField(max_length=10, choices=DisclosureKind.choices)
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    aspects = models.JSONField(default=list)
    purpose = models.CharField(max_length=300)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["actor", "at"], name="disclosure_actor_at")]

    def __str__(self) -> str:
        who = self.student_id if self.student_id is not None else f"{self.student_count} students"
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.kind} {who}"


class DisclosureStudent(AppendOnlyModel):
    """One student named by one disclosure (every disclosure names at least one)."""

    disclosure = models.ForeignKey(
        Disclosure, on_delete=models.DO_NOTHING, related_name="named", db_constraint=True
    )
    student_id = models.BigIntegerField()

    class Meta:
        indexes = [
            models.Index(fields=["student_id", "disclosure"], name="disclosure_named_student"),
        ]

    def __str__(self) -> str:
        return f"disclosure {self.disclosure_id} names student {self.student_id}"
