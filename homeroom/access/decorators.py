"""View decorators that ask the access policy."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from homeroom.access import policy

View = Callable[..., HttpResponse]


def policy_required(check: Callable[[Any], bool]) -> Callable[[View], View]:
    """Signed-in users for whom ``check(user)`` holds; anyone else signed in gets 403."""

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not check(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return login_required(wrapped)

    return decorate


# Signed-in staff only; guardians and students get 403.
staff_required = policy_required(policy.is_staff_member)
# Registrars and administrators only (they search and enroll across the district).
intake_required = policy_required(policy.can_intake)
