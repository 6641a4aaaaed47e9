"""The JSON API under /api/v1/: one NinjaAPI, a router per app."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError

from homeroom.access.api import BearerToken
from homeroom.audit.volume import ReadLimitExceeded
from homeroom.lib.errors import NotPermitted, PossibleDuplicate, RuleError

api = NinjaAPI(
    title="Homeroom API",
    version="1",
    description=(
        "Student information system API. Authenticate with `Authorization: Bearer <token>`; "
        "a token acts with its user's roles and scopes. Errors answer "
        '`{"detail": [{"loc": [...], "msg": ...}]}` naming the field at fault.'
    ),
    auth=BearerToken(),
    urls_namespace="api",
)


@api.exception_handler(RuleError)
def rule_error(request: HttpRequest, exc: RuleError) -> HttpResponse:
    loc = ["body", exc.field] if exc.field else ["body"]
    item: dict[str, object] = {"loc": loc, "msg": exc.message, "type": "rule"}
    if isinstance(exc, PossibleDuplicate):
        try:
            _disclose_matches(request, exc.matches)
        except ReadLimitExceeded as limited:
            return read_limited(request, limited)
        item["type"], item["matches"] = "possible_duplicate", exc.matches
    return api.create_response(request, {"detail": [item]}, status=exc.status)


def _disclose_matches(request: HttpRequest, district_ids: list[str]) -> None:
    """A possible-duplicate answer names existing students: it is a read, and logged."""
    from homeroom.audit.services import disclosure_record_many
    from homeroom.people.models import Student

    found = Student.objects.filter(district_id__in=district_ids).values_list("pk", flat=True)
    disclosure_record_many(
        student_ids=list(found),
        aspects=["identity"],
        purpose="api: duplicate check (same name and birth date)",
        user=request.user,
    )


@api.exception_handler(NotPermitted)
def not_permitted(request: HttpRequest, exc: NotPermitted) -> HttpResponse:
    return api.create_response(request, {"detail": "Not found."}, status=404)


@api.exception_handler(ReadLimitExceeded)
def read_limited(request: HttpRequest, exc: ReadLimitExceeded) -> HttpResponse:
    detail = f"Read limit reached: more than {exc.limit} students in {exc.window}. Retry later."
    response = api.create_response(request, {"detail": detail}, status=429)
    response["Retry-After"] = str(exc.retry_after)
    return response


@api.exception_handler(AuthenticationError)
def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    response = api.create_response(request, {"detail": "Unauthorized"}, status=401)
    response["WWW-Authenticate"] = "Bearer"
    return response


def _register() -> None:
    from homeroom.districts.api import router as districts_router
    from homeroom.enrollment.api import mount_create_student
    from homeroom.enrollment.api import router as enrollment_router
    from homeroom.people.api import router as people_router
    from homeroom.people.history_api import router as audit_router

    mount_create_student(people_router)
    api.add_router("/", people_router)
    api.add_router("/", audit_router)
    api.add_router("/", districts_router)
    api.add_router("/", enrollment_router)


_register()
