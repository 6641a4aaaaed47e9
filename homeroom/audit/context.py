"""Who is acting, and from where: set once per request, task or command."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Actor:
    user_id: int | None
    label: str
    ip_address: str | None = None
    via: str = "system"


SYSTEM = Actor(user_id=None, label="system", via="system")

_current: ContextVar[Actor] = ContextVar("homeroom_actor", default=SYSTEM)


def current_actor() -> Actor:
    return _current.get()


@contextlib.contextmanager
def acting_as(actor: Actor) -> Iterator[Actor]:
    """Attribute every audited change inside the block to ``actor``."""
    token = _current.set(actor)
    try:
        yield actor
    finally:
        _current.reset(token)


def actor_for_user(user: Any, *, ip_address: str | None, via: str) -> Actor:
    if user is None or not getattr(user, "is_authenticated", False):
        return Actor(user_id=None, label="anonymous", ip_address=ip_address, via=via)
    return Actor(user_id=user.pk, label=user.get_username(), ip_address=ip_address, via=via)


def client_ip(request: Any) -> str | None:
    """The peer address; a trusted proxy's header is not consulted here."""
    ip = request.META.get("REMOTE_ADDR")
    return str(ip) if ip else None


def set_actor(actor: Actor) -> None:
    """Replace the actor for the rest of the current ``acting_as`` block.

    Used by API authentication, which runs inside the request the middleware opened;
    the middleware restores the previous actor when the request ends.
    """
    _current.set(actor)
