"""API shapes for students. Name fields are returned byte-for-byte as stored."""

from __future__ import annotations

import datetime as dt

from ninja import Schema
from pydantic import Field

from homeroom.districts.choices import GradeLevel


class StudentIn(Schema):
    given_name: str = Field(min_length=1)
    middle_name: str = ""
    family_name: str = ""
    suffix: str = ""
    preferred_given_name: str = ""
    preferred_family_name: str = ""
    birth_date: dt.date
    school: str = Field(description="The school's 7-digit state school code.")
    grade_level: GradeLevel
    entry_date: dt.date | None = Field(default=None, description="Defaults to today.")
    ssid: str | None = None
    gender: str = ""
    gender_self_description: str = ""
    home_language: str = "00"
    confirm_different_child: bool = Field(
        default=False,
        description="Set after checking that an existing student with the same name and "
        "birth date is a different child; the confirmation is audited.",
    )


class StudentPatch(Schema):
    given_name: str | None = None
    middle_name: str | None = None
    family_name: str | None = None
    suffix: str | None = None
    preferred_given_name: str | None = None
    preferred_family_name: str | None = None
    birth_date: dt.date | None = None
    ssid: str | None = None
    gender: str | None = None
    gender_self_description: str | None = None
    home_language: str | None = None
    reason: str = Field(default="", description="Why the record changed; kept in the audit trail.")


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


class StudentList(Schema):
    items: list[StudentOut]
    count: int
