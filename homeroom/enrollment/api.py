"""Enrollment endpoints: enroll, list, exit, transfer."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Status
from ninja.errors import HttpError

from homeroom.access import policy
from homeroom.access.choices import Aspect
from homeroom.api_schema import responses
from homeroom.districts.models import School
from homeroom.enrollment import services
from homeroom.enrollment.models import Enrollment
from homeroom.enrollment.schemas import (
    EnrollmentIn,
    EnrollmentList,
    EnrollmentOut,
    ExitIn,
    TransferIn,
    TransferOut,
)
from homeroom.enrollment.selectors import enrollments_of, managed_enrollment, primary_on
from homeroom.lib.errors import NotPermitted, RuleError
from homeroom.people import selectors as people_selectors
from homeroom.people.models import Student

router = Router(tags=["enrollment"])


def enrollment_out(e: Enrollment) -> dict[str, Any]:
    return {
        "id": e.pk,
        "student": e.student_id,
        "school": e.school.code,
        "school_name": e.school.name,
        "grade_level": e.grade_level,
        "status": e.status,
        "entry_date": e.entry_date,
        "exit_date": e.exit_date,
        "exit_reason": e.exit_reason,
        "arrived_on": e.arrived_on,
    }


def _school(code: str, field: str) -> School:
    school = School.objects.filter(code=code).first()
    if school is None:
        raise RuleError(f"no school with code {code!r}", field=field)
    return school


def _intake_student(request: HttpRequest, student_id: int) -> Student:
    """A student for an enrollment write by a registrar anywhere in the district."""
    if not policy.can_intake(request.user):
        raise HttpError(403, "Only registrars and administrators enroll students.")
    student = Student.objects.filter(pk=student_id).first()
    if student is None:
        raise RuleError(f"no student with id {student_id}", field="student")
    return student


@router.post(
    "/enrollments",
    response=responses({201: EnrollmentOut}, 403, 409),
    summary="Enroll a student",
)
def create_enrollment(request: HttpRequest, payload: EnrollmentIn) -> Status[dict[str, Any]]:
    school = _school(payload.school, "school")
    if not policy.can_enroll_at(request.user, school):
        raise HttpError(403, "You may not enroll students at this school.")
    student = _intake_student(request, payload.student)
    enrollment = services.enrollment_create(
        student=student,
        school=school,
        grade_level=payload.grade_level.value,
        entry_date=payload.entry_date,
        status=payload.status.value,
    )
    return Status(201, enrollment_out(enrollment))


@router.get(
    "/students/{student_id}/enrollments",
    response=responses({200: EnrollmentList}, 404),
    summary="A student's enrollment history",
)
def list_enrollments(request: HttpRequest, student_id: int) -> dict[str, Any]:
    view = people_selectors.student_get(
        user=request.user, student_id=student_id, purpose="api: enrollment history"
    )
    if not view.may(Aspect.ENROLLMENT):
        raise NotPermitted("no enrollment access")
    items = [enrollment_out(e) for e in enrollments_of(view.student)]
    return {"items": items, "count": len(items)}


@router.post(
    "/enrollments/{enrollment_id}/exit",
    response=responses({200: EnrollmentOut}, 404, 409),
    summary="Exit",
)
def exit_enrollment(request: HttpRequest, enrollment_id: int, payload: ExitIn) -> dict[str, Any]:
    enrollment = managed_enrollment(request.user, enrollment_id)
    if enrollment is None:
        raise NotPermitted("enrollment not found")
    row = services.enrollment_exit(
        enrollment=enrollment,
        exit_date=payload.exit_date,
        exit_reason=payload.exit_reason.value,
        reason=payload.reason,
    )
    return enrollment_out(row)


@router.post(
    "/transfers",
    response=responses({201: TransferOut}, 403, 409),
    summary="Transfer between schools",
)
def transfer(request: HttpRequest, payload: TransferIn) -> Status[dict[str, Any]]:
    to_school = _school(payload.to_school, "to_school")
    student = _intake_student(request, payload.student)
    current = primary_on(student, payload.date)
    sending = current is not None and policy.can_manage_enrollment_at(
        request.user, current.school_id
    )
    if not (sending or policy.can_enroll_at(request.user, to_school)):
        raise HttpError(403, "Only the sending or receiving school may transfer a student.")
    exited, entered = services.student_transfer(
        student=student,
        to_school=to_school,
        date=payload.date,
        grade_level=payload.grade_level.value if payload.grade_level else None,
    )
    return Status(201, {"exited": enrollment_out(exited), "entered": enrollment_out(entered)})
