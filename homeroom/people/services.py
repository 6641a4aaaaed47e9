"""Every write to students and guardians goes through these functions."""

from __future__ import annotations

import datetime as dt
from typing import Any, TypedDict, Unpack

from django.db import IntegrityError, transaction
from django.db.models import F, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from homeroom.lib import ids, names
from homeroom.lib.dates import BIRTH_EARLIEST
from homeroom.lib.errors import Conflict, PossibleDuplicate, RuleError
from homeroom.people.choices import Custody, Gender, HomeLanguage, Relationship
from homeroom.people.models import (
    NAME_FIELDS,
    Guardian,
    Student,
    StudentGuardian,
    StudentNumberCounter,
)

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


NAME_MESSAGES = {
    "required": gettext_lazy("%(field)s is required"),
    "blank": gettext_lazy("%(field)s must contain a letter or digit, not only spaces"),
    "too_long": gettext_lazy("%(field)s is longer than %(limit)s characters"),
    "control": gettext_lazy("%(field)s contains a control character, such as a line break or tab"),
    "no_letter": gettext_lazy("%(field)s must contain a letter or digit"),
}


def validate_names(values: dict[str, Any]) -> None:
    """Refuse name parts that cannot be stored; the message names the field."""
    for field in NAME_FIELDS:
        if field not in values:
            continue
        value = "" if values[field] is None else values[field]
        if not isinstance(value, str):
            raise RuleError(_("%(field)s must be text") % {"field": field}, field=field)
        limit = 20 if field == "suffix" else names.MAX_NAME_LENGTH
        code = None
        try:
            names.validate_name(value, field=field, required=field in REQUIRED_NAME_FIELDS)
        except names.NameError_ as exc:
            code = exc.code
        if code is None and len(value) > limit:
            code = "too_long"
        if code is not None:
            message = NAME_MESSAGES[code] % {"field": field, "limit": limit}
            raise RuleError(str(message), field=field)


def validate_other(values: dict[str, Any]) -> None:
    ssid = values.get("ssid")
    if ssid not in (None, "") and not (
        isinstance(ssid, str) and len(ssid) == 10 and ssid.isascii() and ssid.isdigit()
    ):
        raise RuleError(_("The SSID is exactly 10 digits."), field="ssid")
    birth = values.get("birth_date")
    if "birth_date" in values and (
        not isinstance(birth, dt.date) or birth > dt.date.today() or birth < BIRTH_EARLIEST
    ):
        raise RuleError(_("The birth date must be a real date in the past."), field="birth_date")
    if values.get("gender") not in (None, "", *Gender.values):
        raise RuleError(
            _("Gender must be one of %(codes)s.") % {"codes": ", ".join(Gender.values)},
            field="gender",
        )
    if values.get("home_language") not in (None, *HomeLanguage.values):
        raise RuleError(_("That is not a known language code."), field="home_language")
    desc = values.get("gender_self_description")
    if desc is not None and len(desc) > 100:
        raise RuleError(
            _("The gender self-description is too long."), field="gender_self_description"
        )


def _refuse_unknown(values: dict[str, Any], allowed: tuple[str, ...]) -> None:
    unknown = sorted(set(values) - set(allowed))
    if unknown:
        raise RuleError(f"unknown field {unknown[0]}", field=unknown[0])


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    _refuse_unknown(values, EDITABLE_FIELDS)
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
        raise Conflict(_("Another student already has this SSID."), field="ssid")


def same_child_candidates(
    given_name: str, family_name: str, birth_date: dt.date
) -> QuerySet[Student]:
    """Students whose folded legal names and birth date equal these."""
    key = names.identity_key(given_name, family_name)
    return Student.objects.filter(identity_key=key, birth_date=birth_date).order_by(
        "duplicate_ordinal"
    )


def _duplicate_ordinal(cleaned: dict[str, Any], confirm: bool) -> tuple[int, str]:
    """The ordinal for a new student, refusing a silent duplicate; and an audit note."""
    matches = list(
        same_child_candidates(
            cleaned["given_name"], cleaned.get("family_name", ""), cleaned["birth_date"]
        )
    )
    if not matches:
        return 0, ""
    ids_ = [m.district_id for m in matches]
    if not confirm:
        raise PossibleDuplicate(
            _(
                "A student with the same name and birth date already exists (district id "
                "%(ids)s). Open that record instead, or confirm that this is a different child."
            )
            % {"ids": ", ".join(ids_)},
            matches=ids_,
        )
    ordinal = max(m.duplicate_ordinal for m in matches) + 1
    return ordinal, f"confirmed a different child from {', '.join(ids_)}"


def _integrity_conflict(exc: IntegrityError) -> Conflict:
    text = str(exc)
    if "ssid" in text:
        return Conflict(_("Another student already has this SSID."), field="ssid")
    return Conflict(
        _("Another student has the same name and birth date: confirm it is a different child."),
        field="confirm_different_child",
    )


def student_create(
    *,
    given_name: str,
    birth_date: dt.date,
    middle_name: str = "",
    family_name: str = "",
    suffix: str = "",
    preferred_given_name: str = "",
    preferred_family_name: str = "",
    ssid: str | None = None,
    gender: str = "",
    gender_self_description: str = "",
    home_language: str = HomeLanguage.ENGLISH,
    confirm_different_child: bool = False,
) -> Student:
    """Create a student with a fresh district number. Names are stored as given.

    A student whose folded legal name and birth date match an existing one is refused
    with :class:`PossibleDuplicate` unless ``confirm_different_child`` is true; the
    confirmation is kept in the audit trail. The database enforces the same rule.
    The defaults are the model's.
    """
    cleaned = _clean(
        {
            "given_name": given_name,
            "middle_name": middle_name,
            "family_name": family_name,
            "suffix": suffix,
            "preferred_given_name": preferred_given_name,
            "preferred_family_name": preferred_family_name,
            "ssid": ssid,
            "birth_date": birth_date,
            "gender": gender,
            "gender_self_description": gender_self_description,
            "home_language": home_language,
        }
    )
    with transaction.atomic():
        _check_ssid_free(cleaned.get("ssid"))
        ordinal, note = _duplicate_ordinal(cleaned, confirm_different_child)
        student = Student(
            district_id=reserve_district_numbers(1)[0], duplicate_ordinal=ordinal, **cleaned
        )
        student._audit_reason = note  # type: ignore[attr-defined]
        try:
            with transaction.atomic():
                student.save()
        except IntegrityError as exc:
            raise _integrity_conflict(exc) from exc
    return student


class _NewStudentRequired(TypedDict):
    given_name: str
    birth_date: dt.date


class NewStudent(_NewStudentRequired, total=False):
    """What :func:`student_create` takes besides the duplicate confirmation (the rest
    default to the model's values)."""

    middle_name: str
    family_name: str
    suffix: str
    preferred_given_name: str
    preferred_family_name: str
    ssid: str | None
    gender: str
    gender_self_description: str
    home_language: str


class StudentChanges(TypedDict, total=False):
    """The fields :func:`student_update` may change; only those given change.

    None clears a name part, ``gender``, ``gender_self_description`` or ``ssid``.
    """

    given_name: str
    middle_name: str | None
    family_name: str | None
    suffix: str | None
    preferred_given_name: str | None
    preferred_family_name: str | None
    ssid: str | None
    birth_date: dt.date
    gender: str | None
    gender_self_description: str | None
    home_language: str


def student_update(
    *, student: Student, reason: str = "", **changes: Unpack[StudentChanges]
) -> Student:
    """Change some of a student's fields; every change is audited field by field."""
    cleaned = _clean(dict(changes))
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
            raise _integrity_conflict(exc) from exc
    return locked


def guardian_add(
    *,
    student: Student,
    relationship: str,
    guardian: Guardian | None = None,
    contact_order: int | None = None,
    educational_rights: bool = True,
    custody: str = Custody.FULL,
    lives_with: bool = True,
    given_name: str | None = None,
    middle_name: str | None = None,
    family_name: str | None = None,
    suffix: str | None = None,
    email: str | None = None,
    phone: str | None = None,
    preferred_language: str | None = None,
) -> StudentGuardian:
    """Link a guardian (new from the name and contact given, or ``guardian``) to a student.

    A name or contact field left None is not given: the model's default ("", English).
    ``preferred_language`` is a CALPADS language code, stored whatever the site's languages.
    """
    given = {
        "given_name": given_name,
        "middle_name": middle_name,
        "family_name": family_name,
        "suffix": suffix,
        "email": email,
        "phone": phone,
        "preferred_language": preferred_language,
    }
    values = {k: v for k, v in given.items() if v is not None}
    if relationship not in Relationship.values:
        raise RuleError(_("That is not a known relationship."), field="relationship")
    if custody not in Custody.values:
        raise RuleError(_("That is not a known custody code."), field="custody")
    if values.get("preferred_language", HomeLanguage.ENGLISH) not in HomeLanguage.values:
        raise RuleError(_("That is not a known language code."), field="preferred_language")
    validate_names({k: v for k, v in values.items() if k in NAME_FIELDS})
    if len(values.get("phone", "")) > 30:
        raise RuleError(_("The phone number is too long."), field="phone")
    with transaction.atomic():
        if guardian is None:
            if not values.get("given_name"):
                raise RuleError(_("The guardian's given name is required."), field="given_name")
            guardian = Guardian.objects.create(**values)
        order = contact_order or (student.guardianships.count() + 1)
        try:
            with transaction.atomic():
                return StudentGuardian.objects.create(
                    student=student,
                    guardian=guardian,
                    relationship=relationship,
                    contact_order=order,
                    educational_rights=educational_rights,
                    custody=custody,
                    lives_with=lives_with,
                )
        except IntegrityError as exc:
            raise Conflict(_("This guardian is already linked to the student.")) from exc
