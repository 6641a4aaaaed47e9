"""Field-level change capture for student data and for who may see it.

A model joins the trail by being listed in :data:`AUDITED_MODELS`. Saves and
deletes through the ORM are recorded by signals; bulk writes go through
:mod:`homeroom.audit.bulk`, which writes the same events by the same rules.
Secrets (:data:`SECRET_FIELDS`) are never written: the trail says that one was set
or changed, not what it is.
"""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from typing import Any

from django.apps import apps
from django.db import models
from django.db.models.signals import post_delete, post_save, pre_save

from homeroom.audit.context import current_actor
from homeroom.audit.models import Action, AuditEvent

AUDITED_MODELS = (
    "people.Student",
    "people.Guardian",
    "people.StudentGuardian",
    "people.HomeLanguageSurvey",
    "enrollment.Enrollment",
    "scheduling.SectionEnrollment",
    "counseling.CaseloadAssignment",
    "enrollment.DocumentCheck",
    "enrollment.EnrollmentClaim",
    "enrollment.PreRegistration",
    # Who may see student data: accounts, role grants, API tokens, authenticators.
    "access.User",
    "access.RoleAssignment",
    "access.ApiToken",
    "access.MfaEnrolmentLink",
    "otp_totp.TOTPDevice",
)
# Derived or bookkeeping columns, left out of every event.
SKIPPED_FIELDS = frozenset(
    {
        "search_key",
        "compact_key",
        "sort_key",
        "identity_key",
        "updated_at",
        "created_at",
        "last_login",
        "last_used_at",
    }
)
# Per model (``label_lower``): columns that change on every use, not by anyone's decision.
NOISE_FIELDS: dict[str, frozenset[str]] = {
    "otp_totp.totpdevice": frozenset(
        {"last_t", "drift", "throttling_failure_timestamp", "throttling_failure_count"}
    ),
}
# Per model (``label_lower``): columns whose values never enter the trail.
SECRET_FIELDS: dict[str, frozenset[str]] = {
    "access.user": frozenset({"password"}),
    "access.apitoken": frozenset({"digest"}),
    "access.mfaenrolmentlink": frozenset({"digest"}),
    "enrollment.preregistration": frozenset({"code_digest"}),
    "otp_totp.totpdevice": frozenset({"key"}),
}
SET, CHANGED = "(set)", "(changed)"
_AS_IS = frozenset({str, int, bool, float})


def plain(value: Any) -> Any:
    """A JSON-safe form of a field value."""
    if value is None or type(value) in _AS_IS:  # the common case, first (bulk writes)
        return value
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    return value


def recorded_fields(model: type[models.Model]) -> list[models.Field[Any, Any]]:
    """The concrete fields of ``model`` that its events record."""
    skipped = SKIPPED_FIELDS | NOISE_FIELDS.get(model._meta.label_lower, frozenset())
    return [f for f in model._meta.concrete_fields if f.attname not in skipped]


def secret_fields(model: type[models.Model]) -> frozenset[str]:
    return SECRET_FIELDS.get(model._meta.label_lower, frozenset())


def snapshot(instance: models.Model) -> dict[str, Any]:
    """Every recorded field's stored value, keyed by attribute name.

    Secrets are included so that a change can be seen; :func:`hide_secrets` replaces
    them before anything is written.
    """
    return {f.attname: plain(getattr(instance, f.attname)) for f in recorded_fields(type(instance))}


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    keys = before.keys() | after.keys()
    return {k: [before.get(k), after.get(k)] for k in sorted(keys) if before.get(k) != after.get(k)}


def hide_secrets(model: type[models.Model], changes: dict[str, list[Any]]) -> dict[str, list[Any]]:
    """``changes`` with each secret's values replaced by ``(set)``/``(changed)`` markers.

    An empty or missing value stays as it is, so the trail still shows a secret being
    set, replaced or cleared.
    """
    hidden = secret_fields(model) & changes.keys()
    if not hidden:
        return changes
    shown = dict(changes)
    for name in hidden:
        before, after = changes[name]
        shown[name] = [SET if before else before, (CHANGED if before else SET) if after else after]
    return shown


def student_id_of(instance: models.Model) -> int | None:
    attr = getattr(instance, "audit_student_field", None)
    return getattr(instance, attr) if attr else None


def build_event(
    instance: models.Model, action: str, changes: dict[str, list[Any]], reason: str = ""
) -> AuditEvent:
    actor = current_actor()
    return AuditEvent(
        actor_id=actor.user_id,
        actor_label=actor.label,
        ip_address=actor.ip_address,
        via=actor.via,
        action=action,
        model=instance._meta.label_lower,
        object_id=str(instance.pk),
        student_id=student_id_of(instance),
        changes=hide_secrets(type(instance), changes),
        reason=reason,
    )


def _before_save(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    if instance._state.adding or instance.pk is None:
        instance._audit_before = {}  # type: ignore[attr-defined]
        return
    old = sender._default_manager.filter(pk=instance.pk).first()
    instance._audit_before = snapshot(old) if old else {}  # type: ignore[attr-defined]


def _after_save(
    sender: type[models.Model], instance: models.Model, created: bool, **kwargs: Any
) -> None:
    before = getattr(instance, "_audit_before", {})
    changes = diff(before, snapshot(instance))
    if created or changes:
        action = Action.CREATE if created else Action.UPDATE
        build_event(instance, action, changes, getattr(instance, "_audit_reason", "")).save()


def _after_delete(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    changes = diff(snapshot(instance), {})
    build_event(instance, Action.DELETE, changes, getattr(instance, "_audit_reason", "")).save()


def connect() -> None:
    """Connect the signal handlers for every audited model (called once at start-up)."""
    for label in AUDITED_MODELS:
        model = apps.get_model(label)
        uid = f"audit-{label}"
        pre_save.connect(_before_save, sender=model, dispatch_uid=uid + "-pre")
        post_save.connect(_after_save, sender=model, dispatch_uid=uid + "-post")
        post_delete.connect(_after_delete, sender=model, dispatch_uid=uid + "-del")
