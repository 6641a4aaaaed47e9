"""Personal names: validation, display and search folding.

Names are stored exactly as the person gave them. Nothing here changes a stored
name; :func:`fold` builds a separate *matching key* so that ``obrien`` finds
``O'Brien`` and ``O’Brien``, ``nguyen`` finds ``Nguyễn`` and ``小龍`` finds ``李小龍``;
:func:`compact_key` closes the gaps inside each part, so that ``smithjones`` finds
``Smith-Jones`` and ``stpierre`` finds ``St. Pierre``.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

# Letters that Unicode does not decompose into a base letter plus a mark.
_LETTER_MAP = str.maketrans(
    {
        "đ": "d",
        "ð": "d",
        "ħ": "h",
        "ı": "i",
        "ł": "l",
        "ø": "o",
        "œ": "oe",
        "æ": "ae",
        "þ": "th",
        "ŧ": "t",
        "ŀ": "l",
    }
)

# Characters removed without leaving a gap: O'Brien -> obrien, St. John -> st john.
_JOINERS = frozenset("'’‘‛`´ʼʻʹ′.·")

MAX_NAME_LENGTH = 100


class NameError_(ValueError):
    """A name that cannot be stored (empty, too long, control characters).

    ``code`` says which rule failed (``required``, ``blank``, ``too_long``, ``control``,
    ``no_letter``) so that callers can word the message in the user's language.
    """

    def __init__(self, message: str, *, code: str) -> None:
        super().__init__(message)
        self.code = code


def validate_name(value: str, *, field: str, required: bool) -> None:
    """Raise :class:`NameError_` if ``value`` cannot be stored as a name part.

    Any printable Unicode is accepted exactly as typed. Refused: an empty
    required part, text made only of spaces, control characters, unpaired
    surrogates and parts longer than :data:`MAX_NAME_LENGTH` characters.
    """
    if value == "":
        if required:
            raise NameError_(f"{field} is required", code="required")
        return
    if not value.strip():
        raise NameError_(f"{field} must contain a letter or digit, not only spaces", code="blank")
    if len(value) > MAX_NAME_LENGTH:
        raise NameError_(f"{field} is longer than {MAX_NAME_LENGTH} characters", code="too_long")
    for char in value:
        category = unicodedata.category(char)
        if category in ("Cc", "Cs") or char in "\u2028\u2029":
            raise NameError_(
                f"{field} contains a control character (U+{ord(char):04X})", code="control"
            )
    if not any(unicodedata.category(c)[0] in "LN" for c in value):
        raise NameError_(f"{field} must contain a letter or digit", code="no_letter")


def fold(text: str) -> str:
    """Return the matching key of ``text``: lower case, no accents, no punctuation.

    Words are separated by single spaces. The key is for matching only and is
    never shown to anyone.
    """
    text = unicodedata.normalize("NFKC", text).casefold()
    text = "".join(
        c for c in unicodedata.normalize("NFKD", text) if unicodedata.category(c) != "Mn"
    )
    text = unicodedata.normalize("NFC", text).translate(_LETTER_MAP)
    out: list[str] = []
    for char in text:
        if char in _JOINERS:
            continue
        category = unicodedata.category(char)
        out.append(char if category[0] in "LN" else " ")
    return " ".join("".join(out).split())


def search_tokens(query: str) -> list[str]:
    """Split a search query into folded tokens; every token must match."""
    return fold(query).split()


def search_key(parts: Iterable[str | None]) -> str:
    """Return the matching key for all the name parts of one person."""
    return " ".join(f for f in (fold(p) for p in parts if p) if f)


def compact_key(parts: Iterable[str | None]) -> str:
    """The key names are searched by: each part folded with its inner gaps closed.

    "Smith-Jones" -> ``smithjones``, "al-Rashīd" -> ``alrashid``, "St. Pierre" ->
    ``stpierre``; parts stay apart ("Ana María" "Smith-Jones" -> ``anamaria smithjones``).
    A query token never holds a space, so every token found in :func:`search_key` is
    found here too, and a name typed without its hyphens, spaces or periods is found as
    well. One key, one index: the header search and the intake search both use it.
    """
    return " ".join(f for f in (fold(p).replace(" ", "") for p in parts if p) if f)


def identity_key(given: str, family: str = "") -> str:
    """The key two records of one child share: folded legal names, spaces removed.

    "Mary-Kate O'Brien", "mary kate obrien" and "MaryKate O’Brien" share a key.
    """
    return fold(given).replace(" ", "") + "|" + fold(family).replace(" ", "")


def phone_key(phone: str) -> str:
    """The last ten digits of a phone number, for matching ("(213) 555-0101" -> 2135550101)."""
    digits = "".join(c for c in phone if c.isdigit() and c.isascii())
    return digits[-10:]


def display_name(
    given: str,
    family: str = "",
    *,
    preferred_given: str = "",
    preferred_family: str = "",
    suffix: str = "",
) -> str:
    """Return the name to show: the chosen name where given, never re-cased or split."""
    first = preferred_given or given
    last = preferred_family or family
    parts = [p for p in (first, last) if p]
    name = " ".join(parts)
    return f"{name} {suffix}" if suffix else name


def legal_name(given: str, middle: str = "", family: str = "", suffix: str = "") -> str:
    """Return the full legal name as stored, parts joined by single spaces."""
    return " ".join(p for p in (given, middle, family, suffix) if p)


def sort_key(given: str, family: str = "") -> str:
    """Return a key for alphabetical lists: family name first when there is one."""
    return fold(f"{family} {given}" if family else given)
