"""Enrollment endpoints: admit a new student, enroll, list, exit, transfer."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Status
from ninja.errors import HttpError

from homeroom.access import policy
from homeroom.access.choices import Aspect
from homeroom.api_schema import InputSchema, responses
from homeroom.audit.schemas import READ_LIMITED
from homeroom.districts.models import School
from homeroom.enrollment import services, workflows
from homeroom.enrollment.models import ClaimState, Enrollment, EnrollmentClaim
from homeroom.enrollment.schemas import (
    ClaimDecisionIn,
    ClaimList,
    ClaimOut,
    EnrollmentIn,
    EnrollmentList,
    EnrollmentOut,
    ExitIn,
    TransferIn,
    TransferOut,
)
from homeroom.enrollment.selectors import (
    claims_page,
    enrollments_of,
    managed_enrollment,
)
from homeroom.enrollment.services import student_admit
from homeroom.lib.errors import NotPermitted, RuleError
from homeroom.people import selectors as people_selectors
from homeroom.people.models import Student
from homeroom.people.schemas import StudentIn, StudentOut

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


def claim_out(c: EnrollmentClaim) -> dict[str, Any]:
    return {
        "id": c.pk,
        "kind": c.kind,
        "state": c.state,
        "student": c.student_id,
        "from_school": c.from_school.code,
        "to_school": c.to_school.code,
        "grade_level": c.grade_level,
        "status": c.status,
        "entry_date": c.entry_date,
        "reason": c.reason,
        "requested_at": c.requested_at,
        "decided_at": c.decided_at,
        "decision_note": c.decision_note,
        "enrollment": c.enrollment_id,
    }


def _office_at(request: HttpRequest, school: School) -> None:
    if not policy.can_enroll_at(request.user, school):
        raise HttpError(403, "You may not enroll students at this school.")


def create_student(request: HttpRequest, payload: StudentIn) -> Status[dict[str, Any]]:
    # No docstring: Ninja would publish it as the operation's description.
    school = _school(payload.school, "school")
    _office_at(request, school)
    values = payload.dict(
        exclude={"school", "grade_level", "entry_date", "confirm_different_child"}
    )
    student, enrollment = student_admit(
        school=school,
        grade_level=payload.grade_level.value,
        entry_date=payload.entry_date or timezone.localdate(),
        confirm_different_child=payload.confirm_different_child,
        **values,
    )
    view = people_selectors.student_get(
        user=request.user, student_id=student.pk, purpose="api: create"
    )
    # Placed on the day the new enrollment starts when that is still to come.
    placed_on = max(timezone.localdate(), enrollment.entry_date)
    return Status(201, view.record(placed_on).as_api())


def mount_create_student(students: Router) -> None:
    """Serve ``POST /students`` from the router that serves ``GET /students`` (people's).

    Django sends a path to the first URL pattern that matches it, and Ninja makes one
    pattern per path per router: the two methods of one path must share a router, or
    one of them answers 405. The handler is enrollment's; the top-level API mounts it.
    """
    students.add_api_operation(
        "/students",
        ["POST"],
        create_student,
        response=responses({201: StudentOut}, 403, 409),
        summary="Create a student and enroll them",
        openapi_extra=READ_LIMITED,
    )


@router.post(
    "/enrollments",
    response=responses({201: EnrollmentOut, 202: ClaimOut}, 403, 404, 409),
    summary="Enroll a student",
    description=(
        "201 with the enrollment when your school holds the student (or nobody does). "
        "For a student who attends another school, a secondary or short-term enrollment "
        "needs a `reason` and the student's current grade, and answers 202 with the "
        "request: it takes effect when that school or the district confirms (or at once, "
        "if the district so chose)."
    ),
)
def create_enrollment(request: HttpRequest, payload: EnrollmentIn) -> Status[dict[str, Any]]:
    school = _school(payload.school, "school")
    _office_at(request, school)
    student = _intake_student(request, payload.student)
    done = workflows.enroll(
        request.user,
        student=student,
        school=school,
        grade_level=payload.grade_level.value,
        entry_date=payload.entry_date,
        status=payload.status.value,
        reason=payload.reason,
    )
    if isinstance(done, EnrollmentClaim):
        return Status(202, claim_out(done))
    return Status(201, enrollment_out(done))


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
    enrollment = managed_enrollment(request.user, enrollment_id, purpose="api: exit")
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
    response=responses({201: TransferOut, 202: ClaimOut}, 403, 404, 409),
    summary="Transfer between schools",
    description=(
        "The school the student attends on `date` transfers at once (201). The receiving "
        "school asks, with a `reason`, in the student's current grade (202 with the "
        "request), unless the district lets such transfers take effect at once."
    ),
)
def transfer(request: HttpRequest, payload: TransferIn) -> Status[dict[str, Any]]:
    to_school = _school(payload.to_school, "to_school")
    student = _intake_student(request, payload.student)
    try:
        done = workflows.transfer(
            request.user,
            student=student,
            to_school=to_school,
            date=payload.date,
            grade_level=payload.grade_level.value if payload.grade_level else None,
            reason=payload.reason,
        )
    except NotPermitted as exc:
        raise HttpError(403, str(exc)) from exc
    if isinstance(done, EnrollmentClaim):
        return Status(202, claim_out(done))
    exited, entered = done
    return Status(201, {"exited": enrollment_out(exited), "entered": enrollment_out(entered)})


class ClaimFilter(InputSchema):
    state: ClaimState | None = None


@router.get(
    "/enrollment-claims",
    response=responses({200: ClaimList}, 403),
    summary="Requests to enroll or take in students, to or from your schools",
    openapi_extra=READ_LIMITED,
)
def list_claims(request: HttpRequest, filters: Query[ClaimFilter]) -> dict[str, Any]:
    if not policy.can_intake(request.user):
        raise HttpError(403, "Only registrars and administrators see enrollment requests.")
    state = filters.state.value if filters.state else None
    items = [claim_out(c) for c in claims_page(request.user, state)]
    return {"items": items, "count": len(items)}


@router.post(
    "/enrollment-claims/{claim_id}/confirm",
    response=responses({200: ClaimOut}, 404, 409),
    summary="Confirm a request (the student's current school, or the district)",
)
def confirm_claim(request: HttpRequest, claim_id: int, payload: ClaimDecisionIn) -> dict[str, Any]:
    return claim_out(workflows.claim_confirm(request.user, claim_id=claim_id, note=payload.note))


@router.post(
    "/enrollment-claims/{claim_id}/decline",
    response=responses({200: ClaimOut}, 404, 409),
    summary="Decline a request (the student's current school, or the district)",
)
def decline_claim(request: HttpRequest, claim_id: int, payload: ClaimDecisionIn) -> dict[str, Any]:
    return claim_out(workflows.claim_decline(request.user, claim_id=claim_id, note=payload.note))
