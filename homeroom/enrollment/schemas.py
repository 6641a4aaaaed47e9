"""API shapes for enrollments and transfers."""

from __future__ import annotations

import datetime as dt

from ninja import Schema
from pydantic import Field

from homeroom.api_schema import InputSchema, SchoolDate, column_length
from homeroom.audit.models import AuditEvent
from homeroom.districts.choices import GradeLevel
from homeroom.districts.models import School
from homeroom.enrollment.choices import EnrollmentStatus, ExitReason

SCHOOL_CODE = column_length(School, "code")
REASON = column_length(AuditEvent, "reason")


class EnrollmentIn(InputSchema):
    student: int = Field(description="The student's id.")
    school: str = Field(max_length=SCHOOL_CODE, description="The school's 7-digit code.")
    grade_level: GradeLevel
    entry_date: SchoolDate
    status: EnrollmentStatus = EnrollmentStatus.PRIMARY


class ExitIn(InputSchema):
    exit_date: SchoolDate
    exit_reason: ExitReason
    reason: str = Field(default="", max_length=REASON, description="Why; kept in the audit trail.")


class TransferIn(InputSchema):
    student: int
    to_school: str = Field(
        max_length=SCHOOL_CODE, description="The receiving school's 7-digit code."
    )
    date: SchoolDate = Field(description="First day at the new school.")
    grade_level: GradeLevel | None = None


class EnrollmentOut(Schema):
    id: int
    student: int
    school: str
    school_name: str
    grade_level: str
    status: str
    entry_date: dt.date
    exit_date: dt.date | None
    exit_reason: str
    arrived_on: dt.date | None


class EnrollmentList(Schema):
    items: list[EnrollmentOut]
    count: int


class TransferOut(Schema):
    exited: EnrollmentOut
    entered: EnrollmentOut
