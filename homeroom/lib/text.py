"""The one rule for characters that text input may not contain.

Every text a client sends, through the JSON API or a web page, is checked against
:func:`refused_character` before anything reads it: the API's base input schema
(``homeroom.api_schema.InputSchema``) and the web's request middleware
(``homeroom.web.middleware.RefuseControlCharacters``) both call it.

Refused always: NUL and the other C0 controls (U+0000-U+001F), DEL (U+007F), the C1
controls (U+0080-U+009F), unpaired surrogates (U+D800-U+DFFF, which cannot be stored as
UTF-8) and the line and paragraph separators (U+2028, U+2029). Tab, line feed and carriage
return are allowed only where multi-line free text is expected (``multiline=True``).
Any other Unicode, letters of every script, marks, emoji, is text and passes.
Names have stricter rules of their own on top of this one (see ``homeroom.lib.names``).
"""

from __future__ import annotations

MULTILINE_ALLOWED = frozenset("\t\n\r")
_SEPARATORS = frozenset("\u2028\u2029")


def _refused(char: str, *, multiline: bool) -> bool:
    code = ord(char)
    if code < 0x20:
        return not (multiline and char in MULTILINE_ALLOWED)
    return code == 0x7F or 0x80 <= code <= 0x9F or 0xD800 <= code <= 0xDFFF or char in _SEPARATORS


def refused_character(value: str, *, multiline: bool = False) -> str | None:
    """The first character of ``value`` that text input may not contain, or None."""
    for char in value:
        if _refused(char, multiline=multiline):
            return char
    return None


def describe(char: str) -> str:
    """``U+0000`` style name of a refused character, safe to show and to log."""
    return f"U+{ord(char):04X}"


def control_message(char: str) -> str:
    """The message (English, for the API) for a refused character."""
    return f"contains a control character ({describe(char)}); remove it"
