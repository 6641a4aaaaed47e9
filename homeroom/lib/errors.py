"""Errors that services raise; each names the field at fault when there is one."""

from __future__ import annotations


class RuleError(Exception):
    """A request that breaks a rule of the records; nothing was changed.

    ``status`` is the HTTP status the API answers with (409 conflict, 422 invalid).
    """

    status = 422

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class Conflict(RuleError):
    status = 409


class NotPermitted(Exception):
    """The acting user may not do this; the caller answers 403 or 404."""


class PossibleDuplicate(Conflict):
    """A new student matches existing ones by folded name and birth date.

    ``matches`` are the existing students' district ids. The caller may confirm that
    this is a different child, and the confirmation is audited.
    """

    def __init__(self, message: str, *, matches: list[str]) -> None:
        super().__init__(message, field="confirm_different_child")
        self.matches = matches
