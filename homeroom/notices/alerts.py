"""Wires the audit's read limit to the access policy and its volume alert to notices.

The audit core knows no app above it, so it offers hooks (``audit.volume.install``);
this module, above both, fills them once at start-up from
:class:`homeroom.notices.apps.NoticesConfig`.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from homeroom.access import policy
from homeroom.audit import volume
from homeroom.notices.selectors import sent_since
from homeroom.notices.services import notice_district_admins

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser

KIND = "read_volume"


def read_limit(user: AbstractBaseUser) -> int:
    """The biggest limit among the user's roles (``HOMEROOM_READ_LIMIT`` by default)."""
    by_role: dict[str, int] = getattr(settings, "HOMEROOM_READ_LIMIT_BY_ROLE", {})
    limits = [by_role[r] for r in policy.roles(user) if r in by_role]
    return max([volume.default_limit(user), *limits])


def notify_unusual(user: AbstractBaseUser, usage: volume.Usage) -> None:
    """One notice to the district's administrators per user per window."""
    span = int(usage.window.total_seconds())
    now = timezone.now()
    key = f"{KIND}:{user.pk}:"
    if sent_since(KIND, key, now - usage.window):
        return
    name = user.get_username()
    subject = _("Unusual reading of student records by %(user)s") % {"user": name}
    body = _(
        "%(user)s read %(students)s students in the last %(minutes)s minutes "
        "(limit %(limit)s), with %(reads)s reads (searches, lists, records) in the last minute. "
        "Check the disclosure log; the reading stops at the limit."
    ) % {
        "user": name,
        "students": usage.students,
        "minutes": span // 60,
        "limit": usage.limit,
        "reads": usage.reads_last_minute,
    }
    notice_district_admins(
        KIND, subject, body, once_key=f"{key}{math.floor(now.timestamp() / span)}"
    )


def install() -> None:
    volume.install(limit=read_limit, unusual=notify_unusual)
