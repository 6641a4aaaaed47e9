"""Navigation for the base layout, per role."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from homeroom.access import policy
from homeroom.access.choices import Role

STAFF_SEARCH_ROLES = {
    Role.DISTRICT_ADMIN,
    Role.SCHOOL_ADMIN,
    Role.REGISTRAR,
    Role.COUNSELOR,
    Role.NURSE,
    Role.TEACHER,
}


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "primary_role": None}
    held = policy.roles(user)
    items = [(reverse("dashboard"), _("Dashboard"))]
    if held & {r.value for r in STAFF_SEARCH_ROLES}:
        items.append((reverse("people:search"), _("Students")))
    return {"nav_items": items, "primary_role": policy.primary_role(user)}
