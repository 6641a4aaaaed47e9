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
from homeroom.enrollment.models import EnrollmentClaim

SCHOOL_CODE = column_length(School, "code")
REASON = column_length(AuditEvent, "reason")
CLAIM_REASON = column_length(EnrollmentClaim, "reason")


class EnrollmentIn(InputSchema):
    student: int = Field(description="The student's id.")
    school: str = Field(max_length=SCHOOL_CODE, description="The school's 7-digit code.")
    grade_level: GradeLevel
    entry_date: SchoolDate
    status: EnrollmentStatus = EnrollmentStatus.PRIMARY
    reason: str = Field(
        "",
        max_length=CLAIM_REASON,
        description=(
            "Why your school enrolls a student who attends another school (required then: "
            "the request goes to that school, and to the disclosure log)."
        ),
    )


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
    reason: str = Field(
        "",
        max_length=CLAIM_REASON,
        description="Required when the receiving school asks: why the student moves.",
    )


class ClaimOut(Schema):
    """A school's request to enroll or take in a student another school holds."""

    id: int
    kind: str
    state: str
    student: int
    from_school: str
    to_school: str
    grade_level: str
    status: str
    entry_date: dt.date
    reason: str
    requested_at: dt.datetime
    decided_at: dt.datetime | None
    decision_note: str
    enrollment: int | None


class ClaimList(Schema):
    items: list[ClaimOut]
    count: int


class ClaimDecisionIn(InputSchema):
    note: str = Field("", max_length=column_length(EnrollmentClaim, "decision_note"))


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
