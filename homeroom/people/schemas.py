"""API shapes for students. Name fields are returned byte-for-byte as stored."""

from __future__ import annotations

import datetime as dt

from ninja import Schema
from pydantic import Field

from homeroom.api_schema import BirthDate, InputSchema, SchoolDate, column_length
from homeroom.audit.models import AuditEvent
from homeroom.districts.choices import GradeLevel
from homeroom.districts.models import School
from homeroom.people.models import Student


def _max(field: str) -> int:
    return column_length(Student, field)


SCHOOL_CODE = column_length(School, "code")
REASON = column_length(AuditEvent, "reason")


class StudentIn(InputSchema):
    given_name: str = Field(min_length=1, max_length=_max("given_name"))
    middle_name: str = Field(default="", max_length=_max("middle_name"))
    family_name: str = Field(default="", max_length=_max("family_name"))
    suffix: str = Field(default="", max_length=_max("suffix"))
    preferred_given_name: str = Field(default="", max_length=_max("preferred_given_name"))
    preferred_family_name: str = Field(default="", max_length=_max("preferred_family_name"))
    birth_date: BirthDate
    school: str = Field(
        max_length=SCHOOL_CODE, description="The school's 7-digit state school code."
    )
    grade_level: GradeLevel
    entry_date: SchoolDate | None = Field(default=None, description="Defaults to today.")
    ssid: str | None = Field(default=None, max_length=_max("ssid"))
    gender: str = Field(default="", max_length=_max("gender"))
    gender_self_description: str = Field(default="", max_length=_max("gender_self_description"))
    home_language: str = Field(default="00", max_length=_max("home_language"))
    confirm_different_child: bool = Field(
        default=False,
        description="Set after checking that an existing student with the same name and "
        "birth date is a different child; the confirmation is audited.",
    )


class StudentPatch(InputSchema):
    given_name: str | None = Field(default=None, max_length=_max("given_name"))
    middle_name: str | None = Field(default=None, max_length=_max("middle_name"))
    family_name: str | None = Field(default=None, max_length=_max("family_name"))
    suffix: str | None = Field(default=None, max_length=_max("suffix"))
    preferred_given_name: str | None = Field(default=None, max_length=_max("preferred_given_name"))
    preferred_family_name: str | None = Field(
        default=None, max_length=_max("preferred_family_name")
    )
    birth_date: BirthDate | None = None
    ssid: str | None = Field(default=None, max_length=_max("ssid"))
    gender: str | None = Field(default=None, max_length=_max("gender"))
    gender_self_description: str | None = Field(
        default=None, max_length=_max("gender_self_description")
    )
    home_language: str | None = Field(default=None, max_length=_max("home_language"))
    reason: str = Field(
        default="",
        max_length=REASON,
        description="Why the record changed; kept in the audit trail.",
    )


class StudentOut(Schema):
    id: int
    district_id: str
    given_name: str
    middle_name: str
    family_name: str
    suffix: str
    preferred_given_name: str
    preferred_family_name: str
    display_name: str
    birth_date: dt.date | None = None
    ssid: str | None = None
    gender: str | None = None
    gender_self_description: str | None = None
    home_language: str | None = None
    school: str | None = Field(default=None, description="Code of today's primary school.")
    grade_level: str | None = None


class MatchOut(Schema):
    kind: str = Field(
        description="What matched: name, district_id, ssid, guardian_name or guardian_phone."
    )
    guardian: str | None = Field(default=None, description="The guardian who matched.")
    text: str = Field(description="The reason in the user's language.")


class StudentHit(StudentOut):
    matched: list[MatchOut] = Field(description="Why this student is in the results.")


class StudentList(Schema):
    items: list[StudentHit]
    count: int
