"""Who is acting, and from where: set once per request, task or command."""

from __future__ import annotations

import contextlib
import functools
import ipaddress
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

# Types only: the audit core names Django's user types, not access.User (a layer up).
if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.contrib.auth.models import AnonymousUser


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


def actor_for_user(
    user: AbstractBaseUser | AnonymousUser | None, *, ip_address: str | None, via: str
) -> Actor:
    if user is None or not getattr(user, "is_authenticated", False):
        return Actor(user_id=None, label="anonymous", ip_address=ip_address, via=via)
    return Actor(user_id=user.pk, label=user.get_username(), ip_address=ip_address, via=via)


Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@functools.lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    try:
        return tuple(ipaddress.ip_network(e, strict=False) for e in entries)
    except ValueError as exc:
        raise ImproperlyConfigured(f"HOMEROOM_TRUSTED_PROXIES: {exc}") from exc


def trusted_proxies() -> tuple[Network, ...]:
    """``HOMEROOM_TRUSTED_PROXIES`` (addresses or CIDR ranges), parsed."""
    return _networks(tuple(settings.HOMEROOM_TRUSTED_PROXIES))


def _address(text: str) -> Address | None:
    """``text`` as an address, or None when it is not a plain address."""
    try:
        address = ipaddress.ip_address(text.strip())
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address):
        if address.scope_id:
            return None
        return address.ipv4_mapped or address  # a dual-stack socket's view of IPv4
    return address


def _is_trusted(address: Address, proxies: tuple[Network, ...]) -> bool:
    return any(address in network for network in proxies)


def client_ip(request: Any) -> str | None:
    """The client's address: the peer, or what a trusted proxy says the client was.

    ``X-Forwarded-For`` is read only when the peer (``REMOTE_ADDR``) is one of
    ``HOMEROOM_TRUSTED_PROXIES``; it is walked from the right (the hop nearest to us)
    past trusted proxies to the first address that is not one. Anything left of that
    was written by the client and is not believed. A malformed entry stops the walk at
    the last trusted hop. Used for audit rows, disclosures and login throttling.
    """
    peer = _address(str(request.META.get("REMOTE_ADDR", "")))
    if peer is None:
        return None
    proxies = trusted_proxies()
    nearest = peer
    if _is_trusted(peer, proxies):
        hops = str(request.META.get("HTTP_X_FORWARDED_FOR", "")).split(",")
        for hop in reversed(hops):
            address = _address(hop)
            if address is None:
                break
            nearest = address
            if not _is_trusted(address, proxies):
                break
    return str(nearest)


def set_actor(actor: Actor) -> None:
    """Replace the actor for the rest of the current ``acting_as`` block.

    Used by API authentication, which runs inside the request the middleware opened;
    the middleware restores the previous actor when the request ends.
    """
    _current.set(actor)
