"""Writing to the disclosure log: one row per read, naming every student it showed.

Both writers ask :mod:`homeroom.audit.volume` first, so a user past their read limit
is refused (:class:`~homeroom.audit.volume.ReadLimitExceeded`) before any data is
returned, and unusual volume is reported once per window.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.db import transaction

from homeroom.audit import volume
from homeroom.audit.context import Actor, actor_for_user, current_actor
from homeroom.audit.loader import Table, Writer
from homeroom.audit.models import Disclosure, DisclosureKind, DisclosureStudent, Outcome

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.contrib.auth.models import AnonymousUser

# A read naming more students than this (an export, a job) writes its named-student
# rows with the bulk loader (COPY on PostgreSQL); a page of a screen stays below it.
BULK_READ = 2000
NAMED = Table(DisclosureStudent, ("disclosure_id", "student_id"))


def _actor(user: AbstractBaseUser | AnonymousUser | None) -> Actor:
    """The acting user as named by the caller, with the request's address and channel."""
    context = current_actor()
    if user is None or not getattr(user, "is_authenticated", False):
        return context
    if context.user_id == user.pk:
        return context
    return actor_for_user(user, ip_address=context.ip_address, via=context.via)


def _write(
    actor: Actor,
    student_ids: list[int],
    kind: str,
    outcome: str,
    aspects: Iterable[str],
    purpose: str,
) -> Disclosure:
    """One disclosure row and one named-student row per student, in one transaction."""
    row = Disclosure(
        actor_id=actor.user_id,
        actor_label=actor.label,
        ip_address=actor.ip_address,
        via=actor.via,
        student_id=student_ids[0] if len(student_ids) == 1 else None,
        student_count=len(student_ids),
        kind=kind,
        outcome=outcome,
        aspects=sorted({str(a) for a in aspects}),
        purpose=purpose[:300],
    )
    with transaction.atomic(savepoint=False):
        row.save(force_insert=True)
        if len(student_ids) > BULK_READ:
            Writer().write(NAMED, [(row.pk, sid) for sid in student_ids])
        else:
            DisclosureStudent.objects.bulk_create(
                [DisclosureStudent(disclosure=row, student_id=sid) for sid in student_ids],
                batch_size=2000,
            )
    return row


def _reader(user: AbstractBaseUser | AnonymousUser | None, actor: Actor) -> AbstractBaseUser | None:
    """The signed-in user whose reads are counted: the one named, else the current actor."""
    if volume.counted(user):
        return user
    if actor.user_id is None:
        return None
    return get_user_model().objects.filter(pk=actor.user_id, is_active=True).first()


def _guarded(
    user: AbstractBaseUser | AnonymousUser | None,
    student_ids: list[int],
    kind: str,
    aspects: Iterable[str],
    purpose: str,
) -> Disclosure:
    """A granted read within the user's limit, or a refused row and the limit's error."""
    actor = _actor(user)
    reader = _reader(user, actor)
    try:
        usage = volume.check(reader, student_ids)
    except volume.ReadLimitExceeded:
        _write(actor, student_ids, kind, Outcome.DENIED, aspects, f"{purpose} (read limit)")
        raise
    row = _write(actor, student_ids, kind, Outcome.GRANTED, aspects, purpose)
    volume.watch(reader, usage)
    return row


def disclosure_record(
    *,
    student_id: int,
    kind: str = DisclosureKind.VIEW,
    outcome: str = Outcome.GRANTED,
    aspects: Iterable[str] = (),
    purpose: str,
    user: AbstractBaseUser | AnonymousUser | None = None,
) -> Disclosure:
    """Log that ``user`` (default: the current actor) viewed, exported or was refused.

    A granted read counts against the user's read limit and raises
    :class:`~homeroom.audit.volume.ReadLimitExceeded` past it.
    """
    if outcome != Outcome.GRANTED:
        return _write(_actor(user), [student_id], kind, outcome, aspects, purpose)
    return _guarded(user, [student_id], kind, aspects, purpose)


def disclosure_record_many(
    *,
    student_ids: Iterable[int],
    aspects: Iterable[str] = (),
    purpose: str,
    user: AbstractBaseUser | AnonymousUser | None = None,
    kind: str = DisclosureKind.LIST,
) -> Disclosure | None:
    """Log one granted read of a page of students (search results, a list, a report).

    One row names every student on the page; an empty page writes nothing. The read
    counts against the user's read limit and raises
    :class:`~homeroom.audit.volume.ReadLimitExceeded` past it.
    """
    ids = list(dict.fromkeys(int(s) for s in student_ids))
    if not ids:
        return None
    return _guarded(user, ids, kind, aspects, purpose)
