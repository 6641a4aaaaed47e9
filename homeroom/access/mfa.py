"""Authenticator enrolment only through an administrator's single-use link.

Nobody enrols a device by themselves: ``mfa_link_issue`` (the operator's ``homeroom mfa
link``) gives a user one link that lasts ``LINK_HOURS``; opening it while signed in as
that user shows a fresh key, and a valid code from it confirms the device and uses up
the link. ``mfa_reset`` removes a user's devices (a lost phone), after which they need
a new link.
"""

from __future__ import annotations

import datetime
import secrets

from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from homeroom.access.models import MfaEnrolmentLink, User, hash_token

LINK_HOURS = 72


def _void_links(user: User) -> None:
    """Void the user's unused links, each through ``save`` so the audit trail has it."""
    now = timezone.now()
    for link in MfaEnrolmentLink.objects.filter(user=user, used_at=None, voided_at=None):
        link.voided_at = now
        link.save(update_fields=["voided_at"])


def mfa_link_issue(*, user: User, hours: int = LINK_HOURS) -> str:
    """A new enrolment link's secret for ``user``; older unused links stop working."""
    secret = secrets.token_urlsafe(32)
    with transaction.atomic():
        _void_links(user)
        # A fresh key for every link: a key shown under an older link is never confirmed.
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        MfaEnrolmentLink.objects.create(
            user=user,
            digest=hash_token(secret),
            expires_at=timezone.now() + datetime.timedelta(hours=hours),
        )
    return secret


def mfa_link_find(*, secret: str, user: User) -> MfaEnrolmentLink | None:
    """The usable link with this secret for this user, or None (wrong user included)."""
    return MfaEnrolmentLink.objects.filter(
        digest=hash_token(secret),
        user=user,
        used_at=None,
        voided_at=None,
        expires_at__gt=timezone.now(),
    ).first()


def mfa_pending_device(*, user: User) -> TOTPDevice:
    """The unconfirmed device whose key the enrolment page shows (made on first view)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="default", confirmed=False)
    return device


def mfa_enrol_confirm(*, link: MfaEnrolmentLink, device: TOTPDevice) -> bool:
    """Use up ``link`` and confirm ``device`` (already checked against a code).

    The device replaces any other the user had. False when the link was used or
    voided meanwhile (two tabs), and then nothing changes.
    """
    with transaction.atomic():
        fresh = (
            MfaEnrolmentLink.objects.select_for_update()
            .filter(pk=link.pk, used_at=None, voided_at=None, expires_at__gt=timezone.now())
            .first()
        )
        if fresh is None:
            return False
        fresh.used_at = timezone.now()
        fresh.save(update_fields=["used_at"])
        TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
    return True


def mfa_reset(*, user: User) -> int:
    """Remove every authenticator of ``user`` and void their links; return devices removed."""
    with transaction.atomic():
        _void_links(user)
        count, _ = TOTPDevice.objects.filter(user=user).delete()
    return count
