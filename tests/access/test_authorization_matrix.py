"""Every URL and API operation, every role, own-school and other-school records.

The tables below are the specification, written by hand: they are not derived from
``homeroom.access.policy``. An endpoint that is not in a table fails the suite, so a
new page or operation cannot ship without its row.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from homeroom.api import api
from homeroom.enrollment import preregistration
from homeroom.enrollment.models import EnrollmentClaim
from tests.conftest import ROLES, World

ALL = frozenset(ROLES)
STAFF = frozenset(ROLES) - {"guardian", "student"}
EDITORS = frozenset({"district_admin", "school_admin", "registrar"})
HISTORY = EDITORS
DISTRICT = frozenset({"district_admin"})
NONE: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Rule:
    """Who gets a success answer for a record at the own school and at the other school.

    ``own`` and ``other`` are the roles that succeed; everyone else must be refused
    (403 or 404) and see nothing of the record. ``record`` says whether the URL names a
    student (own: a student every role can reach; other: a student at the other school).
    """

    own: frozenset[str]
    other: frozenset[str]
    record: bool = True
    public: bool = False


# Web pages, by URL name.
PAGES: dict[str, Rule] = {
    "home": Rule(ALL, ALL, record=False),
    "login": Rule(ALL, ALL, record=False, public=True),
    "logout": Rule(ALL, ALL, record=False, public=True),
    "mfa": Rule(ALL, ALL, record=False),
    # An enrolment link works only for the user it was issued to: an unknown one is 404.
    "mfa_enrol": Rule(NONE, NONE, record=False),
    # Staff issue and revoke their own API tokens (behind MFA when it is required).
    "account_tokens": Rule(STAFF, STAFF, record=False),
    "set_language": Rule(ALL, ALL, record=False, public=True),
    "dashboard": Rule(ALL, ALL, record=False),
    "people:search": Rule(STAFF, STAFF, record=False),
    "people:student": Rule(ALL, DISTRICT),
    "audit:student_history": Rule(HISTORY, DISTRICT),
    # Intake searches and enrolls across the district; the report takes ?school=<code>.
    "enrollment:intake": Rule(EDITORS, EDITORS, record=False),
    "enrollment:new_student": Rule(EDITORS, EDITORS, record=False),
    "enrollment:enroll": Rule(EDITORS, EDITORS),
    # The Home Language Survey at the counter: the office that holds the student.
    "enrollment:language_survey": Rule(EDITORS, DISTRICT),
    "enrollment:manage": Rule(EDITORS, DISTRICT),
    "scheduling:placement": Rule(EDITORS, DISTRICT),
    "enrollment:report": Rule(EDITORS, DISTRICT, record=False),
    "enrollment:claims": Rule(EDITORS, EDITORS, record=False),
    "enrollment:prereg_list": Rule(EDITORS, EDITORS, record=False),
    "enrollment:prereg": Rule(EDITORS, DISTRICT, record=False),
    # A family's pre-registration: no account, English or Spanish.
    "enrollment:family_start": Rule(ALL, ALL, record=False, public=True),
    "enrollment:family_code": Rule(ALL, ALL, record=False, public=True),
    "enrollment:family_details": Rule(ALL, ALL, record=False, public=True),
    "enrollment:family_done": Rule(ALL, ALL, record=False, public=True),
    # Each user's own notices (and their school office's or the district's).
    "notices:list": Rule(ALL, ALL, record=False),
}

# API operations, by "METHOD /path" as in the OpenAPI document.
OPERATIONS: dict[str, Rule] = {
    "GET /api/v1/schools": Rule(ALL, ALL, record=False),
    "GET /api/v1/students": Rule(ALL, ALL, record=False),
    "POST /api/v1/students": Rule(EDITORS, DISTRICT, record=False),
    "GET /api/v1/students/{student_id}": Rule(ALL, DISTRICT),
    "PATCH /api/v1/students/{student_id}": Rule(EDITORS, DISTRICT),
    "GET /api/v1/students/{student_id}/audit": Rule(HISTORY, DISTRICT),
    "GET /api/v1/students/{student_id}/disclosures": Rule(HISTORY, DISTRICT),
    "POST /api/v1/enrollments": Rule(EDITORS, DISTRICT),
    "GET /api/v1/students/{student_id}/enrollments": Rule(ALL, DISTRICT),
    "POST /api/v1/enrollments/{enrollment_id}/exit": Rule(EDITORS, DISTRICT),
    # The receiving school starts a transfer-in, so own-school editors may move a student
    # from the other school to theirs; the sending school may move one out.
    "POST /api/v1/transfers": Rule(EDITORS, EDITORS),
    # Requests from a school that does not hold the student: the school the student
    # attends (own: a claim on an own-school student) or the district decides.
    "GET /api/v1/enrollment-claims": Rule(EDITORS, EDITORS, record=False),
    "POST /api/v1/enrollment-claims/{claim_id}/confirm": Rule(EDITORS, DISTRICT),
    "POST /api/v1/enrollment-claims/{claim_id}/decline": Rule(EDITORS, DISTRICT),
}
# Documentation URLs of the API, served to anyone: they hold no records.
API_DOC_URLS = {"api:openapi-json", "api:openapi-view"}


def _named_patterns(patterns: list[URLPattern | URLResolver], namespace: str = "") -> Iterator[str]:
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            yield from _named_patterns(p.url_patterns, ns)
        elif p.name:
            yield f"{namespace}{p.name}"


def _api_operations() -> set[str]:
    schema = api.get_openapi_schema(path_prefix="/api/v1")
    return {f"{m.upper()} {path}" for path, ops in schema["paths"].items() for m in ops}


def test_every_url_pattern_is_in_the_matrix() -> None:
    names = set(_named_patterns(get_resolver().url_patterns))
    web = {n for n in names if not n.startswith("api:")}
    assert web - PAGES.keys() == set(), "pages missing from the authorization matrix"
    assert PAGES.keys() - web == set(), "matrix rows for pages that no longer exist"
    api_names = {n for n in names if n.startswith("api:")} - API_DOC_URLS
    assert api_names, "the API's URL patterns were not found"


def test_every_api_operation_is_in_the_matrix() -> None:
    ops = _api_operations()
    assert ops - OPERATIONS.keys() == set(), "API operations missing from the matrix"
    assert OPERATIONS.keys() - ops == set(), "matrix rows for operations that no longer exist"


# ---- the checks ---------------------------------------------------------------------

REFUSED = {401, 403, 404}


Call = Callable[[Client, World, str, str], Any]


def _target(world: World, where: str) -> Any:
    return world.child if where == "own" else world.other_student


def _submitted_prereg(world: World, where: str) -> str:
    """A family's submitted pre-registration for the own or the other school."""
    prereg = preregistration.prereg_start(email="matrix@example.org")
    prereg.status = "verified"
    family = preregistration.Family(
        child={"given_name": "Matrix", "family_name": "Prereg", "birth_date": dt.date(2012, 1, 1)},
        guardian={"given_name": "Pat", "relationship": "parent"},
        school=world.own if where == "own" else world.other,
        grade_level="9",
        address="1 Main St",
    )
    preregistration.prereg_submit(prereg=prereg, family=family)
    return f"/enrollment/preregistrations/{prereg.public_id}/"


def _page_call(name: str) -> Call:
    def call(client: Client, world: World, role: str, where: str) -> Any:
        student = _target(world, where)
        school = world.own if where == "own" else world.other
        enrollment_id = (
            student.enrollments.get().pk if name.startswith(("enrollment:", "scheduling:")) else 0
        )
        if name == "enrollment:prereg":
            return client.get(_submitted_prereg(world, where))
        path = {
            "home": "/",
            "login": "/login/",
            "logout": "/logout/",
            "mfa": "/mfa/",
            "mfa_enrol": "/mfa/enrol/not-a-link-secret/",
            "account_tokens": "/account/tokens/",
            "set_language": "/i18n/setlang/",
            "dashboard": "/dashboard/",
            "people:search": f"/students/?q={student.given_name}",
            "people:student": f"/students/{student.pk}/",
            "audit:student_history": f"/students/{student.pk}/history/",
            "enrollment:intake": f"/enrollment/intake/?name={student.given_name}",
            "enrollment:new_student": f"/enrollment/intake/new/?given_name={student.given_name}",
            "enrollment:enroll": f"/enrollment/students/{student.pk}/enroll/",
            "enrollment:language_survey": f"/enrollment/students/{student.pk}/language-survey/",
            "enrollment:manage": f"/enrollment/{enrollment_id}/",
            "scheduling:placement": f"/enrollment/{enrollment_id}/schedule/",
            "enrollment:report": f"/enrollment/nobody-lost/?school={school.code}",
            "enrollment:claims": "/enrollment/requests/",
            "enrollment:prereg_list": "/enrollment/preregistrations/",
            "enrollment:family_start": "/register/",
            "enrollment:family_code": "/register/code/",
            "enrollment:family_details": "/register/details/",
            "enrollment:family_done": "/register/thanks/",
            "notices:list": "/notices/",
        }[name]
        if name in ("logout", "set_language"):
            return client.post(path, {"language": "en", "next": "/"})
        return client.get(path)

    return call


def _post_bodies(world: World, student: Any, where: str) -> dict[str, dict[str, Any]]:
    school = world.own if where == "own" else world.other
    to = world.other if where == "own" else world.own
    return {
        "POST /api/v1/students": {
            "given_name": "Matrix",
            "birth_date": "2012-01-01",
            "school": school.code,
            "grade_level": "9",
        },
        # Secondary, so an allowed caller succeeds beside the student's primary enrollment.
        "POST /api/v1/enrollments": {
            "student": student.pk,
            "school": school.code,
            "grade_level": "9",
            "entry_date": "2026-08-12",
            "status": "20",
            "reason": "Matrix: a class beside the student's school",
        },
        "POST /api/v1/enrollments/{enrollment_id}/exit": {
            "exit_date": "2026-06-01",
            "exit_reason": "T200",
        },
        "POST /api/v1/transfers": {
            "student": student.pk,
            "to_school": to.code,
            "date": "2026-09-01",
            "reason": "Matrix: the family moved",
        },
        "POST /api/v1/enrollment-claims/{claim_id}/confirm": {"note": "ok"},
        "POST /api/v1/enrollment-claims/{claim_id}/decline": {"note": "no"},
    }


def _claim_on(world: World, where: str) -> EnrollmentClaim:
    """A pending request, by the school that does not hold the student, for the target."""
    student = _target(world, where)
    holder = world.own if where == "own" else world.other
    asking = world.other if where == "own" else world.own
    return EnrollmentClaim.objects.create(
        kind="enrollment",
        student=student,
        from_school=holder,
        to_school=asking,
        grade_level="9",
        status="20",
        entry_date=dt.date(2026, 8, 12),
        reason="Matrix: a class beside the student's school",
    )


def _api_call(op: str) -> Call:
    def call(client: Client, world: World, role: str, where: str) -> Any:
        method, path = op.split(" ", 1)
        student = _target(world, where)
        path = path.replace("{student_id}", str(student.pk))
        if "{enrollment_id}" in path:
            path = path.replace("{enrollment_id}", str(student.enrollments.get().pk))
        if "{claim_id}" in path:
            path = path.replace("{claim_id}", str(_claim_on(world, where).pk))
        headers = world.api(role) if role != "anonymous" else {}
        if method == "POST":
            body = _post_bodies(world, student, where)[op]
            return client.post(
                path, data=json.dumps(body), content_type="application/json", **headers
            )
        if method == "PATCH":
            return client.patch(
                path,
                data=json.dumps({"preferred_given_name": "Mx"}),
                content_type="application/json",
                **headers,
            )
        if op == "GET /api/v1/students":
            return client.get(path, {"q": student.family_name}, **headers)
        return client.get(path, **headers)

    return call


def _leaks(response: Any, world: World, where: str) -> bool:
    """Whether a refused answer shows anything of the record it was refused."""
    text = response.content.decode(errors="replace")
    student = _target(world, where)
    return student.family_name in text or student.district_id in text


def _check(call: Call, rule: Rule, world: World, role: str, where: str) -> None:
    client = world.client(role)
    response = call(client, world, role, where)
    allowed = role in (rule.own if where == "own" else rule.other)
    status = response.status_code
    if allowed:
        assert status < 400, f"{role} on {where}: expected success, got {status}"
    else:
        assert status in REFUSED, f"{role} on {where}: expected refusal, got {status}"
        assert not _leaks(response, world, where), f"{role} on {where}: refusal leaked data"


def _listed(response: Any, world: World, where: str) -> bool:
    ids = {item.get("id") for item in response.json()["items"]}
    codes = {item.get("code") for item in response.json()["items"]}
    student = _target(world, where)
    school = world.own if where == "own" else world.other
    return student.pk in ids or school.code in codes


CASES = [
    pytest.param(kind, name, role, where, id=f"{name}-{role}-{where}")
    for kind, table in (("page", PAGES), ("api", OPERATIONS))
    for name in table
    for role in ROLES
    for where in ("own", "other")
]


@pytest.mark.parametrize(("kind", "name", "role", "where"), CASES)
def test_role_against_own_and_other_school(
    world: World, kind: str, name: str, role: str, where: str
) -> None:
    rule = (PAGES if kind == "page" else OPERATIONS)[name]
    call = _page_call(name) if kind == "page" else _api_call(name)
    if name in ("GET /api/v1/students", "GET /api/v1/schools"):
        response = call(world.client(role), world, role, where)
        assert response.status_code == 200
        expected = role in (STAFF if name.endswith("students") else ALL) and (
            where == "own" or role == "district_admin"
        )
        if name.endswith("students") and role in ("guardian", "student"):
            expected = where == "own"
        assert _listed(response, world, where) == expected
        return
    if kind == "page" and not rule.record and name in ("logout", "set_language", "login"):
        assert call(world.client(role), world, role, where).status_code < 400
        return
    _check(call, rule, world, role, where)


@pytest.mark.parametrize("name", sorted(PAGES))
def test_anonymous_pages_redirect_to_login_unless_public(world: World, name: str) -> None:
    response = _page_call(name)(Client(), world, "anonymous", "own")
    if PAGES[name].public:
        assert response.status_code < 400
    else:
        assert response.status_code == 302
        assert response["Location"].startswith("/login/")


@pytest.mark.parametrize("op", sorted(OPERATIONS))
def test_anonymous_api_calls_get_401(world: World, op: str) -> None:
    response = _api_call(op)(Client(), world, "anonymous", "own")
    assert response.status_code == 401
