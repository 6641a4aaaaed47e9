"""Writing notices. Other apps call these; nothing here knows why a notice is sent."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone

from homeroom.access.models import User
from homeroom.districts.models import School
from homeroom.notices.models import Audience, Notice


def _create(
    *,
    audience: str,
    kind: str,
    subject: str,
    body: str,
    school: School | None = None,
    student_id: int | None = None,
    once_key: str | None = None,
) -> Notice | None:
    """The new notice, or None when one with the same ``once_key`` was already sent."""
    if once_key is not None and Notice.objects.filter(once_key=once_key).exists():
        return None
    try:
        with transaction.atomic():
            return Notice.objects.create(
                audience=audience,
                school=school,
                kind=kind,
                subject=subject,
                body=body,
                student_id=student_id,
                once_key=once_key,
            )
    except IntegrityError:
        if once_key is None:
            raise
        return None  # a concurrent request sent the same notice first


def notice_district_admins(
    kind: str,
    subject: str,
    body: str,
    *,
    student_id: int | None = None,
    once_key: str | None = None,
) -> Notice | None:
    """Tell every district administrator (None if ``once_key`` was used before)."""
    return _create(
        audience=Audience.DISTRICT_ADMINS,
        kind=kind,
        subject=subject[:200],
        body=body,
        student_id=student_id,
        once_key=once_key,
    )


def _always(
    *,
    audience: str,
    kind: str,
    subject: str,
    body: str,
    school: School | None = None,
    student_id: int | None = None,
) -> Notice:
    """A notice without a ``once_key``: always created."""
    return Notice.objects.create(
        audience=audience,
        school=school,
        kind=kind,
        subject=subject[:200],
        body=body,
        student_id=student_id,
    )


def notice_school_office(
    school: School, kind: str, subject: str, body: str, student_id: int | None = None
) -> Notice:
    """Tell the office (administrators and registrars) of ``school``."""
    return _always(
        audience=Audience.SCHOOL_OFFICE,
        school=school,
        kind=kind,
        subject=subject,
        body=body,
        student_id=student_id,
    )


def notice_mark_read(*, notice: Notice, user: User) -> Notice:
    """Mark the notice handled (for its whole audience); the first reader is kept."""
    if notice.read_at is None:
        notice.read_at = timezone.now()
        notice.read_by = user
        notice.save(update_fields=["read_at", "read_by"])
    return notice
