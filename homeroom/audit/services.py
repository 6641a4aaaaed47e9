"""Writing to the disclosure log."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from homeroom.audit.context import Actor, actor_for_user, current_actor
from homeroom.audit.models import Disclosure, DisclosureKind, Outcome


def _actor(user: Any) -> Actor:
    """The acting user as named by the caller, with the request's address and channel."""
    context = current_actor()
    if user is None or not getattr(user, "is_authenticated", False):
        return context
    if context.user_id == user.pk:
        return context
    return actor_for_user(user, ip_address=context.ip_address, via=context.via)


def _disclosure(
    actor: Actor, student_id: int, kind: str, outcome: str, aspects: list[str], purpose: str
) -> Disclosure:
    """An unsaved disclosure row attributed to ``actor``."""
    return Disclosure(
        actor_id=actor.user_id,
        actor_label=actor.label,
        ip_address=actor.ip_address,
        via=actor.via,
        student_id=student_id,
        kind=kind,
        outcome=outcome,
        aspects=aspects,
        purpose=purpose[:300],
    )


def disclosure_record(
    *,
    student_id: int,
    kind: str = DisclosureKind.VIEW,
    outcome: str = Outcome.GRANTED,
    aspects: Iterable[str] = (),
    purpose: str,
    user: Any = None,
) -> Disclosure:
    """Log that ``user`` (default: the current actor) viewed, exported or was refused."""
    row = _disclosure(
        _actor(user), student_id, kind, outcome, sorted(str(a) for a in aspects), purpose
    )
    row.save(force_insert=True)
    return row


def disclosure_record_many(
    *, student_ids: Iterable[int], aspects: Iterable[str] = (), purpose: str, user: Any = None
) -> None:
    """Log one granted view per student, in one insert (lists such as search results)."""
    actor = _actor(user)
    shown = sorted(str(a) for a in aspects)
    Disclosure.objects.bulk_create(
        _disclosure(actor, sid, DisclosureKind.VIEW, Outcome.GRANTED, shown, purpose)
        for sid in student_ids
    )
