"""Reads of schools, through the access policy."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from homeroom.access import policy
from homeroom.districts.models import School


def schools_for(user: Any) -> QuerySet[School]:
    """The schools ``user`` may see, with their district."""
    return policy.visible_schools(user).select_related("district").order_by("name")
