"""Every write to students and guardians goes through these functions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F

from homeroom.lib import ids, names
from homeroom.lib.errors import Conflict, RuleError
from homeroom.people.choices import Gender, HomeLanguage
from homeroom.people.models import NAME_FIELDS, Student, StudentNumberCounter

REQUIRED_NAME_FIELDS = frozenset({"given_name"})
OTHER_FIELDS = ("ssid", "birth_date", "gender", "gender_self_description", "home_language")
EDITABLE_FIELDS = (*NAME_FIELDS, *OTHER_FIELDS)


def reserve_district_numbers(count: int) -> list[str]:
    """Take ``count`` fresh district student numbers; they are never handed out again."""
    with transaction.atomic():
        counter, _ = StudentNumberCounter.objects.select_for_update().get_or_create(pk=1)
        start = counter.next_value
        StudentNumberCounter.objects.filter(pk=1).update(next_value=F("next_value") + count)
    return [ids.district_number(start + i) for i in range(count)]


def validate_names(values: dict[str, Any]) -> None:
    for field in NAME_FIELDS:
        if field not in values:
            continue
        value = values[field]
        if value is None:
            value = ""
        if not isinstance(value, str):
            raise RuleError(f"{field} must be text", field=field)
        limit = 20 if field == "suffix" else names.MAX_NAME_LENGTH
        try:
            names.validate_name(value, field=field, required=field in REQUIRED_NAME_FIELDS)
        except names.NameError_ as exc:
            raise RuleError(str(exc), field=field) from exc
        if len(value) > limit:
            raise RuleError(f"{field} is longer than {limit} characters", field=field)


def validate_other(values: dict[str, Any]) -> None:
    ssid = values.get("ssid")
    if ssid not in (None, "") and not (
        isinstance(ssid, str) and len(ssid) == 10 and ssid.isascii() and ssid.isdigit()
    ):
        raise RuleError("ssid must be exactly 10 digits", field="ssid")
    birth = values.get("birth_date")
    if "birth_date" in values and (
        not isinstance(birth, dt.date) or birth > dt.date.today() or birth.year < 1900
    ):
        raise RuleError("birth_date must be a real date in the past", field="birth_date")
    if values.get("gender") not in (None, "", *Gender.values):
        raise RuleError(f"gender must be one of {', '.join(Gender.values)}", field="gender")
    if values.get("home_language") not in (None, *HomeLanguage.values):
        raise RuleError("home_language is not a known language code", field="home_language")
    desc = values.get("gender_self_description")
    if desc is not None and len(desc) > 100:
        raise RuleError("gender_self_description is too long", field="gender_self_description")


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    unknown = set(values) - set(EDITABLE_FIELDS)
    if unknown:
        raise RuleError(f"unknown field {sorted(unknown)[0]}", field=sorted(unknown)[0])
    validate_names(values)
    validate_other(values)
    cleaned = dict(values)
    for field in (*NAME_FIELDS, "gender", "gender_self_description"):
        if field in cleaned and cleaned[field] is None:
            cleaned[field] = ""
    if cleaned.get("ssid") == "":
        cleaned["ssid"] = None
    return cleaned


def _check_ssid_free(ssid: str | None, *, exclude_pk: int | None = None) -> None:
    if ssid is None:
        return
    taken = Student.objects.filter(ssid=ssid)
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        raise Conflict("another student already has this SSID", field="ssid")


def student_create(**values: Any) -> Student:
    """Create a student with a fresh district number. Names are stored as given."""
    cleaned = _clean(values)
    if "given_name" not in cleaned or "birth_date" not in cleaned:
        missing = "given_name" if "given_name" not in cleaned else "birth_date"
        raise RuleError(f"{missing} is required", field=missing)
    with transaction.atomic():
        _check_ssid_free(cleaned.get("ssid"))
        student = Student(district_id=reserve_district_numbers(1)[0], **cleaned)
        try:
            with transaction.atomic():
                student.save()
        except IntegrityError as exc:
            raise Conflict("another student already has this SSID", field="ssid") from exc
    return student


def student_update(*, student: Student, reason: str = "", **values: Any) -> Student:
    """Change some of a student's fields; every change is audited field by field."""
    cleaned = _clean(values)
    with transaction.atomic():
        locked = Student.objects.select_for_update().get(pk=student.pk)
        _check_ssid_free(cleaned.get("ssid"), exclude_pk=locked.pk)
        for field, value in cleaned.items():
            setattr(locked, field, value)
        locked._audit_reason = reason  # type: ignore[attr-defined]
        try:
            with transaction.atomic():
                locked.save()
        except IntegrityError as exc:
            raise Conflict("another student already has this SSID", field="ssid") from exc
    return locked
