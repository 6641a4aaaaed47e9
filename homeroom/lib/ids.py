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
    return value.isdigit() and len(value) >= 2 and luhn_digit(value[:-1]) == value[-1]
