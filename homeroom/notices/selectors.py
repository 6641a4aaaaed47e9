"""The notices a user may read: their own, their school offices', and the district's."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q

from homeroom.access import policy
from homeroom.access.choices import Role
from homeroom.notices.models import Notice, NoticeQuerySet

OFFICE_ROLES = (Role.SCHOOL_ADMIN, Role.REGISTRAR)


def notices_for(user: policy.Viewer) -> NoticeQuerySet:
    """Notices addressed to ``user``, newest first (none for anonymous users)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return Notice.objects.none()
    q = Q(audience="user", user_id=user.pk)
    schools = policy.school_ids(user, OFFICE_ROLES)
    if schools:
        q |= Q(audience="school_office", school_id__in=schools)
    if policy.is_district_admin(user):
        q |= Q(audience="district_admins")
    return Notice.objects.filter(q).select_related("school", "read_by")


def notice_for(user: policy.Viewer, notice_id: int) -> Notice | None:
    """One of the user's notices, or None."""
    return notices_for(user).filter(pk=notice_id).first()


def sent_since(kind: str, once_key_prefix: str, since: dt.datetime) -> bool:
    """Whether a notice of ``kind`` whose once-key starts so was sent after ``since``."""
    return Notice.objects.filter(
        kind=kind, once_key__startswith=once_key_prefix, created_at__gte=since
    ).exists()
