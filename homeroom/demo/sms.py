"""The demo's text messages: printed in the terminal, like the demo's emails.

``make demo`` points ``HOMEROOM_SMS_SENDER`` here, so that a family who pre-registers
with a phone number can read the code it was sent. Never in production: the message
holds a one-time code.
"""

from __future__ import annotations

import sys


def print_sms(phone: str, text: str) -> None:
    """Write the message to standard output, as Django's console email backend does."""
    sys.stdout.write(f"Text message to {phone}:\n{text}\n{'-' * 40}\n")
    sys.stdout.flush()
