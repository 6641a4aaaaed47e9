"""Start-up check: every kind of scope a role can hold is provided by some app."""

from __future__ import annotations

from typing import Any

from django.core.checks import CheckMessage, Error, Tags, register

from homeroom.access import policy


@register(Tags.security)
def every_scope_is_provided(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    """A scope nobody provides reaches nobody: safe, but a role holding it would see
    nothing, which is a deployment mistake (an app left out of INSTALLED_APPS)."""
    errors: list[CheckMessage] = [
        Error(
            f"no installed app provides the {scope.value!r} scope",
            hint="Each domain app registers its scopes in <app>/scopes.py from ready().",
            id="homeroom.E010",
        )
        for scope in policy.unprovided_scopes()
    ]
    try:
        policy.subject()
    except LookupError as exc:
        errors.append(Error(str(exc), id="homeroom.E011"))
    return errors
