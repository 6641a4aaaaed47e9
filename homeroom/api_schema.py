"""What every API operation shares: the input base class, bounded dates, error answers.

- :class:`InputSchema` is the base of every request body and query-parameter group. A
  validator over every text value in it (recursively through lists, dicts and nested
  models) applies the one character rule of :mod:`homeroom.lib.text`, so a NUL byte or
  any other control character is a 422 naming the field, never a database error.
- :func:`column_length` gives a text field the length of the column it is stored in.
- :data:`SchoolDate` and :data:`BirthDate` are dates bounded by :mod:`homeroom.lib.dates`.
- :func:`responses` builds an operation's ``response=`` mapping with the error statuses
  it can answer, so the OpenAPI document declares every status the API sends.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, ClassVar

from django.db import models
from django.utils import timezone
from ninja import Schema
from pydantic import AfterValidator, Field, ValidationInfo, field_validator

from homeroom.lib.dates import DateKind, date_problem
from homeroom.lib.text import control_message, refused_character


def _refuse_controls(value: Any, *, multiline: bool) -> None:
    if isinstance(value, str):
        char = refused_character(value, multiline=multiline)
        if char is not None:
            raise ValueError(control_message(char))
    elif isinstance(value, dict):
        for key, item in value.items():
            _refuse_controls(key, multiline=False)
            _refuse_controls(item, multiline=multiline)
    elif isinstance(value, list | tuple | set | frozenset):
        for item in value:
            _refuse_controls(item, multiline=multiline)


class InputSchema(Schema):
    """Base of every API input (body or query). Text may not hold control characters.

    List a field in ``multiline_fields`` to allow tab, line feed and carriage return in it.
    """

    multiline_fields: ClassVar[frozenset[str]] = frozenset()

    @field_validator("*", mode="after")
    @classmethod
    def _no_control_characters(cls, value: Any, info: ValidationInfo) -> Any:
        _refuse_controls(value, multiline=info.field_name in cls.multiline_fields)
        return value


def column_length(model: type[models.Model], field: str) -> int:
    """The ``max_length`` of ``model.field``: an API text input is never longer."""
    length = model._meta.get_field(field).max_length  # type: ignore[union-attr]
    if length is None:
        raise ValueError(f"{model.__name__}.{field} has no max_length")
    return int(length)


def _bounded(kind: DateKind) -> AfterValidator:
    def check(value: dt.date) -> dt.date:
        problem = date_problem(value, kind, timezone.localdate())
        if problem is not None:
            raise ValueError(f"the date {problem}")
        return value

    return AfterValidator(check)


SchoolDate = Annotated[dt.date, _bounded(DateKind.SCHOOL)]
"""An entry, exit or transfer date: 1990-01-01 to two years after today."""
BirthDate = Annotated[dt.date, _bounded(DateKind.BIRTH)]
"""A birth date: 1900-01-01 to 2100-12-31 (the service also requires the past)."""


class ErrorItem(Schema):
    loc: list[str | int] = Field(description="Where the error is: body or query, then the field.")
    msg: str
    type: str


class ErrorOut(Schema):
    """Every error answer: a message, or a list of items each naming the field at fault."""

    detail: str | list[ErrorItem]


# Every operation: the token is missing or wrong (401); the input is malformed (400: a body
# that is not JSON) or invalid (422: a field is wrong, the answer names it).
COMMON_ERRORS = (400, 401, 422, 429)


def responses(ok: dict[int, Any], *errors: int) -> dict[int, Any]:
    """``response=`` for an operation: its success answers plus every error it can send.

    ``errors`` adds the operation's own statuses (403 forbidden, 404 an id not found or not
    visible, 409 a conflict, 429 too many requests) to :data:`COMMON_ERRORS`.
    """
    mapping: dict[int, Any] = dict(ok)
    for status in sorted({*COMMON_ERRORS, *errors}):
        mapping[status] = ErrorOut
    return mapping
