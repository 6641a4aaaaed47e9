"""API shapes for enrollments and transfers."""

from __future__ import annotations

import datetime as dt

from ninja import Schema
from pydantic import Field

from homeroom.districts.choices import GradeLevel
from homeroom.enrollment.choices import EnrollmentStatus, ExitReason


class EnrollmentIn(Schema):
    student: int = Field(description="The student's id.")
    school: str = Field(description="The school's 7-digit code.")
    grade_level: GradeLevel
    entry_date: dt.date
    status: EnrollmentStatus = EnrollmentStatus.PRIMARY
    reason: str = Field(
        "",
        max_length=300,
        description=(
            "Why your school enrolls a student who attends another school (required then: "
            "the request goes to that school, and to the disclosure log)."
        ),
    )


class ExitIn(Schema):
    exit_date: dt.date
    exit_reason: ExitReason
    reason: str = ""


class TransferIn(Schema):
    student: int
    to_school: str = Field(description="The receiving school's 7-digit code.")
    date: dt.date = Field(description="First day at the new school.")
    grade_level: GradeLevel | None = None
    reason: str = Field(
        "",
        max_length=300,
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


class ClaimDecisionIn(Schema):
    note: str = Field("", max_length=300)


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
