"""The JSON API under /api/v1/: the NinjaAPI (:mod:`.router`), the ``Idempotency-Key``
middleware (:mod:`.idempotency`) and their commands (``export_openapi``,
``idempotency purge``).

It sits above every domain app: it gathers their routers, and no domain app imports
it. ``api`` is loaded on first use, not here, because Django imports this package
(an installed app) before the models its routers need are ready.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ninja import NinjaAPI


def __getattr__(name: str) -> NinjaAPI:
    if name == "api":
        from homeroom.api.router import api

        return api
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
