"""Navigation for the base layout, per role."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from homeroom.access import policy
from homeroom.access.choices import Role
from homeroom.web.selectors import own_student


@dataclass(frozen=True)
class NavItem:
    url: str
    label: str
    current: str | None  # the aria-current value: "page", "true" (within), or None


def _item(request: HttpRequest, url: str, label: str) -> NavItem:
    if request.path == url:
        current: str | None = "page"
    elif url != "/" and request.path.startswith(url):
        current = "true"
    else:
        current = None
    return NavItem(url, label, current)


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "primary_role": None, "role_label": ""}
    role = policy.primary_role(user)
    items = [_item(request, reverse("dashboard"), _("Dashboard"))]
    if policy.is_staff_member(user):
        items.append(_item(request, reverse("people:search"), _("Find a student")))
    elif role == Role.STUDENT:
        me = own_student(user)
        if me is not None:
            items.append(_item(request, me.get_absolute_url(), _("My record")))
    if policy.can_intake(user):
        items.append(_item(request, reverse("enrollment:intake"), _("Enroll")))
        items.append(_item(request, reverse("enrollment:report"), _("Nobody lost")))
        items.append(_item(request, reverse("enrollment:claims"), _("Requests")))
    return {
        "nav_items": items,
        "primary_role": role,
        "role_label": Role(role).label if role else "",
    }
