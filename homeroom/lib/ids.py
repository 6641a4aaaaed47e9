"""District student numbers: a sequence number plus a Luhn check digit."""

from __future__ import annotations


def luhn_digit(number: str) -> str:
    """The Luhn check digit for a string of digits."""
    total = 0
    for i, char in enumerate(reversed(number)):
        d = int(char)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return str((10 - total % 10) % 10)


def district_number(sequence: int) -> str:
    """The printed student number for a sequence value: digits then check digit."""
    body = str(sequence)
    return body + luhn_digit(body)


def is_valid_district_number(value: str) -> bool:
    return (
        value.isascii()
        and value.isdigit()
        and len(value) >= 2
        and luhn_digit(value[:-1]) == value[-1]
    )


MAX_RECORD_ID = 2**63 - 1  # the largest id a BigAutoField holds


def record_id(text: str) -> int | None:
    """A record id posted in a form, or None: ASCII digits only (``"²".isdigit()`` is
    true but ``int("²")`` fails) and within what an id column holds."""
    text = text.strip()
    if not (text.isascii() and text.isdigit()):
        return None
    value = int(text)
    return value if 0 < value <= MAX_RECORD_ID else None
