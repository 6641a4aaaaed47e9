"""Showing only part of a contact detail: masked phone numbers and initials."""

from __future__ import annotations

MASK = "•••"


def mask_phone(phone: str) -> str:
    """``•••-•••-1234``: only the last four digits of a phone number ("" if none)."""
    digits = "".join(ch for ch in phone if ch.isdigit())
    if not digits:
        return ""
    return f"{MASK}-{MASK}-{digits[-4:]}"


def initials(*parts: str) -> str:
    """``M. O.``: the first letter of each non-empty part of a name."""
    return " ".join(f"{p.strip()[0]}." for p in parts if p and p.strip())
