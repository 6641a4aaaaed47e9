"""Writing to the disclosure log."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from homeroom.audit.context import Actor, current_actor
from homeroom.audit.models import Disclosure, DisclosureKind, Outcome


def _actor(user: Any) -> Actor:
    """The acting user as named by the caller, with the request's address and channel."""
    context = current_actor()
    if user is None or not getattr(user, "is_authenticated", False):
        return context
    if context.user_id == user.pk:
        return context
    return Actor(
        user_id=user.pk, label=user.get_username(), ip_address=context.ip_address, via=context.via
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
    actor = _actor(user)
    return Disclosure.objects.create(
        actor_id=actor.user_id,
        actor_label=actor.label,
        ip_address=actor.ip_address,
        via=actor.via,
        student_id=student_id,
        kind=kind,
        outcome=outcome,
        aspects=sorted(str(a) for a in aspects),
        purpose=purpose[:300],
    )


def disclosure_record_many(
    *, student_ids: Iterable[int], aspects: Iterable[str] = (), purpose: str, user: Any = None
) -> None:
    """Log one granted view per student, in one insert (lists such as search results)."""
    actor = _actor(user)
    shown = sorted(str(a) for a in aspects)
    Disclosure.objects.bulk_create(
        [
            Disclosure(
                actor_id=actor.user_id,
                actor_label=actor.label,
                ip_address=actor.ip_address,
                via=actor.via,
                student_id=sid,
                kind=DisclosureKind.VIEW,
                outcome=Outcome.GRANTED,
                aspects=shown,
                purpose=purpose[:300],
            )
            for sid in student_ids
        ]
    )
