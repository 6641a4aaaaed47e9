"""Text messages to families. ``HOMEROOM_SMS_SENDER`` names the callable that sends one.

A sender is ``send(phone: str, text: str) -> None`` and raises on failure. The default,
:func:`log_sms`, is for a district without a gateway yet: it logs that a message was
sent, to which number's last digits, never the text (it holds the one-time code).
Tests point the setting at a collector to read the codes.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

SmsSender = Callable[[str, str], None]


def log_sms(phone: str, text: str) -> None:
    """Log that a text message would go to ``phone``; the text itself is not logged."""
    logger.warning("SMS with a pre-registration code sent to a number ending %s", phone[-2:])


def send_sms(phone: str, text: str) -> None:
    """Send ``text`` to ``phone`` through the configured sender."""
    sender: SmsSender = import_string(settings.HOMEROOM_SMS_SENDER)
    sender(phone, text)
