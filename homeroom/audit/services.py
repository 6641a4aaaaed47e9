"""Writing to the disclosure log."""

from __future__ import annotations

from collections.abc import Iterable

from homeroom.audit.context import current_actor
from homeroom.audit.models import Disclosure, DisclosureKind, Outcome


def disclosure_record(
    *,
    student_id: int,
    kind: str = DisclosureKind.VIEW,
    outcome: str = Outcome.GRANTED,
    aspects: Iterable[str] = (),
    purpose: str,
) -> Disclosure:
    """Log that the current actor viewed, exported or was refused a student's records."""
    actor = current_actor()
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
