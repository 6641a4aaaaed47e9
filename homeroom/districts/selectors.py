"""Reads of schools, through the access policy."""

from __future__ import annotations

from django.db.models import QuerySet

from homeroom.access import policy
from homeroom.access.policy import Viewer
from homeroom.districts.models import School


def visible_schools(user: Viewer) -> QuerySet[School]:
    """Schools the user may see: all for district roles, else the schools they serve
    and those their visible students attend (``policy.reached_school_ids``)."""
    if policy.has_district_scope(user):
        return School.objects.all()
    return School.objects.filter(pk__in=policy.reached_school_ids(user))


def schools_for(user: Viewer) -> QuerySet[School]:
    """The schools ``user`` may see, with their district."""
    return visible_schools(user).select_related("district").order_by("name")
