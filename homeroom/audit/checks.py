"""Start-up checks for the audit settings."""

from __future__ import annotations

from typing import Any

from django.core.checks import CheckMessage, Error, Tags, register
from django.core.exceptions import ImproperlyConfigured

from homeroom.audit.context import trusted_proxies


@register(Tags.security)
def trusted_proxies_are_addresses(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    """Every ``HOMEROOM_TRUSTED_PROXIES`` entry is an address or a CIDR range."""
    try:
        trusted_proxies()
    except ImproperlyConfigured as exc:
        return [Error(str(exc), id="homeroom.E001")]
    return []
