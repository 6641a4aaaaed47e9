"""Who may see and change what: the one place every selector, view and API asks.

A user holds roles (``RoleAssignment``); each role has a *scope* (which students)
and a set of *aspects* (which parts of their records). A student is visible when
any of the user's roles has them in scope, and the visible parts are the union of
the aspects of those roles. A single record can be narrower than its aspect: a
``Sensitivity.RESTRICTED`` record is read only by the roles ``RESTRICTED_READERS``
names for its aspect.

This module knows no domain model. Each domain app says which students a kind of
scope reaches by registering a *scope provider* (``homeroom/<app>/scopes.py``, loaded
by the app's ``ready()``): school scope from enrollment, section scope from
scheduling, caseload scope from counseling, guardian and self scope from people. The
student model itself is registered by people (``register_subject``). A scope nobody
provides reaches nobody, and ``checks.py`` reports it at start-up.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from django.db.models import BooleanField, ExpressionWrapper, Model, Q, QuerySet, Value
from django.utils import timezone

from homeroom.access.choices import Aspect, Role, Scope, Sensitivity
from homeroom.access.models import RoleAssignment

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.contrib.auth.models import AnonymousUser

    Viewer = AbstractBaseUser | AnonymousUser | None
else:
    Viewer = Any

A = Aspect
ROLE_SCOPE: dict[str, Scope] = {
    Role.DISTRICT_ADMIN: Scope.DISTRICT,
    Role.SCHOOL_ADMIN: Scope.SCHOOL,
    Role.REGISTRAR: Scope.SCHOOL,
    Role.NURSE: Scope.SCHOOL,
    Role.COUNSELOR: Scope.CASELOAD,
    Role.TEACHER: Scope.SECTION,
    Role.GUARDIAN: Scope.GUARDIAN_OF,
    Role.STUDENT: Scope.SELF,
}
ROLE_ASPECTS: dict[str, frozenset[Aspect]] = {
    Role.DISTRICT_ADMIN: frozenset({A.IDENTITY, A.DEMOGRAPHICS, A.CONTACTS, A.ENROLLMENT, A.AUDIT}),
    Role.SCHOOL_ADMIN: frozenset({A.IDENTITY, A.DEMOGRAPHICS, A.CONTACTS, A.ENROLLMENT, A.AUDIT}),
    Role.REGISTRAR: frozenset({A.IDENTITY, A.DEMOGRAPHICS, A.CONTACTS, A.ENROLLMENT, A.AUDIT}),
    Role.COUNSELOR: frozenset({A.IDENTITY, A.DEMOGRAPHICS, A.CONTACTS, A.ENROLLMENT, A.COUNSELING}),
    Role.NURSE: frozenset({A.IDENTITY, A.CONTACTS, A.ENROLLMENT, A.HEALTH}),
    Role.TEACHER: frozenset({A.IDENTITY, A.CONTACTS, A.ENROLLMENT}),
    Role.GUARDIAN: frozenset({A.IDENTITY, A.DEMOGRAPHICS, A.CONTACTS, A.ENROLLMENT, A.HEALTH}),
    Role.STUDENT: frozenset({A.IDENTITY, A.ENROLLMENT}),
}
_OFFICE = frozenset({Role.DISTRICT_ADMIN, Role.SCHOOL_ADMIN, Role.REGISTRAR})
# Who still reads a record marked restricted, per aspect: always a subset of the roles
# that read the aspect at all. Contacts under a protective order are the office's;
# a restricted health note is the nurse's; a restricted counseling note the counselor's.
RESTRICTED_READERS: dict[Aspect, frozenset[str]] = {
    A.IDENTITY: _OFFICE,
    A.DEMOGRAPHICS: _OFFICE,
    A.CONTACTS: _OFFICE,
    A.ENROLLMENT: _OFFICE,
    A.HEALTH: frozenset({Role.NURSE}),
    A.COUNSELING: frozenset({Role.COUNSELOR}),
    A.AUDIT: frozenset({Role.DISTRICT_ADMIN}),
}
# The school office keeps seeing a student who left for this long (records requests,
# transfers, corrections); nurses and teachers do not.
FORMER_STUDENT_WINDOW = dt.timedelta(days=365)
# Roles that may create and change student records within their scope.
EDITOR_ROLES = frozenset({Role.DISTRICT_ADMIN, Role.SCHOOL_ADMIN, Role.REGISTRAR})


@dataclass(frozen=True)
class Grant:
    role: str
    school_id: int | None

    @property
    def scope(self) -> Scope:
        return ROLE_SCOPE[self.role]


@dataclass(frozen=True)
class ScopeRequest:
    """What a scope provider is asked: which students do these grants reach on ``day``?

    ``grants`` all have the provider's kind of scope. ``former`` is False when only the
    students the user's schools *hold* are wanted, not the office's former students."""

    user: Viewer
    grants: tuple[Grant, ...]
    day: dt.date
    former: bool = True

    @property
    def user_id(self) -> int | None:
        """The asking user's id (providers filter on it; only signed-in users hold grants)."""
        return self.user.pk if self.user is not None else None

    def school_ids(self, roles_: Iterable[str] | None = None) -> set[int]:
        wanted = set(roles_) if roles_ is not None else None
        return {
            g.school_id
            for g in self.grants
            if g.school_id is not None and (wanted is None or g.role in wanted)
        }


# A provider answers with a filter on the student model (None: nobody).
ScopeProvider = Callable[[ScopeRequest], Q | None]
# A school reach provider answers with the ids of schools a user sees through students
# (a guardian sees their children's schools).
SchoolReach = Callable[[Viewer, QuerySet[Any], dt.date], set[int]]

_providers: dict[Scope, list[ScopeProvider]] = {}
_school_reach: list[SchoolReach] = []
_subject: list[type[Model]] = []


def scope_provider(*scopes: Scope) -> Callable[[ScopeProvider], ScopeProvider]:
    """Register the decorated function as (one of) the provider(s) of these scopes."""

    def register(fn: ScopeProvider) -> ScopeProvider:
        for scope in scopes:
            if fn not in _providers.setdefault(scope, []):
                _providers[scope].append(fn)
        return fn

    return register


def school_reach(fn: SchoolReach) -> SchoolReach:
    """Register a function naming the schools a user reaches through visible students."""
    if fn not in _school_reach:
        _school_reach.append(fn)
    return fn


def register_subject(model: type[Model]) -> None:
    """The model scopes filter: the student. Registered once, by the people app."""
    _subject[:] = [model]


def subject() -> type[Model]:
    if not _subject:
        raise LookupError("no student model registered with the access policy")
    return _subject[0]


def unprovided_scopes() -> list[Scope]:
    """Kinds of scope no app provides (reported by the system check)."""
    return [s for s in Scope if s != Scope.DISTRICT and not _providers.get(s)]


class _Keyed(Protocol):
    @property
    def pk(self) -> Any: ...


def today() -> dt.date:
    return timezone.localdate()


def grants(user: Viewer) -> tuple[Grant, ...]:
    """The user's roles in force today, cached on the user object for the request."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return ()
    cached = getattr(user, "_homeroom_grants", None)
    if cached is None:
        day = today()
        rows = RoleAssignment.objects.filter(user_id=user.pk).filter(
            Q(start_date__isnull=True) | Q(start_date__lte=day),
            Q(end_date__isnull=True) | Q(end_date__gt=day),
        )
        cached = tuple(Grant(r.role, r.school_id) for r in rows)
        setattr(user, "_homeroom_grants", cached)  # noqa: B010  (a per-request cache)
    return tuple(cached)


def roles(user: Viewer) -> frozenset[str]:
    return frozenset(g.role for g in grants(user))


def school_ids(user: Viewer, roles_: Iterable[str] | None = None) -> set[int]:
    wanted = set(roles_) if roles_ is not None else None
    return {
        g.school_id
        for g in grants(user)
        if g.school_id is not None and (wanted is None or g.role in wanted)
    }


def has_district_scope(user: Viewer) -> bool:
    """Whether one of the user's roles reaches the whole district."""
    return any(g.scope == Scope.DISTRICT for g in grants(user))


def _by_scope(grant_list: Iterable[Grant]) -> dict[Scope, list[Grant]]:
    groups: dict[Scope, list[Grant]] = {}
    for g in grant_list:
        groups.setdefault(g.scope, []).append(g)
    return groups


def _scope_q(user: Viewer, grant_list: Iterable[Grant], *, former: bool = True) -> Q | None:
    """A filter on the student model for the union of the grants' scopes; None: nobody.

    Each kind of scope is asked of its registered providers; a kind nobody provides
    reaches nobody. ``former=False`` leaves out the office's former students (those it
    reads for ``FORMER_STUDENT_WINDOW`` after they left): the students the office holds."""
    groups = _by_scope(grant_list)
    if Scope.DISTRICT in groups:
        return Q()
    day = today()
    q: Q | None = None
    for scope, group in groups.items():
        request = ScopeRequest(user=user, grants=tuple(group), day=day, former=former)
        for provider in _providers.get(scope, []):
            part = provider(request)
            if part is not None:
                q = part if q is None else q | part
    return q


def visible_students(user: Viewer) -> QuerySet[Any]:
    """Every student the user may see at least some part of."""
    model = subject()
    q = _scope_q(user, grants(user))
    if q is None:
        return model._default_manager.none()
    return model._default_manager.filter(q)


def covering_roles(user: Viewer, student: _Keyed) -> frozenset[str]:
    """The user's roles whose scope holds ``student`` (one query per kind of scope)."""
    manager = subject()._default_manager
    covering: set[str] = set()
    for group in _by_scope(grants(user)).values():
        q = _scope_q(user, group)
        if q is not None and manager.filter(q, pk=student.pk).exists():
            covering.update(g.role for g in group)
    return frozenset(covering)


def student_and_covering_roles(user: Viewer, student_id: int) -> tuple[Any, frozenset[str], bool]:
    """The student with that id (None if there is none), the user's roles covering them,
    and whether the user may change the record.

    Changing needs an editor role that *holds* the student: a district administrator, or
    the office of a school the student attends now or soon. The office reads a former
    student for ``FORMER_STUDENT_WINDOW`` but no longer changes the record, which by then
    belongs to the student's current school.

    One query, the same one whether the student is visible, out of scope or missing: each
    kind of scope the user holds is a flag computed with the row, so a refusal costs no
    more than a miss and its timing does not tell that the student exists.
    """
    groups = _by_scope(grants(user))
    flags: dict[str, Any] = {}
    for scope, group in groups.items():
        q = _scope_q(user, group)
        if q is not None:
            flag = ExpressionWrapper(q, output_field=BooleanField()) if q else Value(True)
            flags[f"covers_{scope.value}"] = flag
    office = [g for g in groups.get(Scope.SCHOOL, []) if g.role in EDITOR_ROLES]
    held = _scope_q(user, office, former=False) if office else None
    if held is not None:
        flags["holds_office"] = ExpressionWrapper(held, output_field=BooleanField())
    student = subject()._default_manager.filter(pk=student_id).annotate(**flags).first()
    if student is None:
        return None, frozenset(), False
    covered = [
        g
        for scope, group in groups.items()
        for g in group
        if getattr(student, f"covers_{scope.value}", False)
    ]
    roles_ = frozenset(g.role for g in covered)
    editable = Role.DISTRICT_ADMIN.value in roles_ or bool(getattr(student, "holds_office", False))
    return student, roles_, editable


def aspects_of(roles_: frozenset[str]) -> frozenset[Aspect]:
    """The parts of a record that these roles may see together."""
    return frozenset(a for role in roles_ for a in ROLE_ASPECTS[role])


def aspects(user: Viewer, student: _Keyed) -> frozenset[Aspect]:
    """The parts of ``student``'s record the user may see (empty: none at all)."""
    return aspects_of(covering_roles(user, student))


def may_read(roles_: frozenset[str], aspect: Aspect, sensitivity: str = Sensitivity.NORMAL) -> bool:
    """Whether these covering roles read one record of ``aspect`` at ``sensitivity``.

    A normal record is read by every role granted its aspect; a restricted one only by
    those of them ``RESTRICTED_READERS`` names for the aspect."""
    readers = {r for r in roles_ if aspect in ROLE_ASPECTS[r]}
    if sensitivity == Sensitivity.NORMAL:
        return bool(readers)
    return bool(readers & RESTRICTED_READERS[aspect])


def edits(roles_: frozenset[str]) -> bool:
    """Whether any of these covering roles may change the record."""
    return bool(roles_ & EDITOR_ROLES)


def can_enroll_at(user: Viewer, school: _Keyed) -> bool:
    """Whether the user may create students and enrollments at ``school``."""
    return can_manage_enrollment_at(user, school.pk)


def reached_school_ids(user: Viewer) -> set[int]:
    """Schools the user serves, and those their visible students attend (a guardian
    sees their children's schools), as the registered school reach providers say."""
    gs = grants(user)
    ids = {g.school_id for g in gs if g.school_id is not None}
    if any(g.scope in (Scope.GUARDIAN_OF, Scope.SELF) for g in gs):
        students = visible_students(user)
        day = today()
        for reach in _school_reach:
            ids |= reach(user, students, day)
    return ids


def primary_role(user: Viewer) -> str | None:
    """The role whose dashboard the user lands on (the broadest they hold)."""
    held = roles(user)
    for role in Role:
        if role.value in held:
            return role.value
    return None


def is_district_admin(user: Viewer) -> bool:
    """Whether the user holds the district administrator role (every school, every record)."""
    return Role.DISTRICT_ADMIN.value in roles(user)


def is_staff_member(user: Viewer) -> bool:
    """Whether the user holds any staff role (not only guardian or student)."""
    return bool(roles(user) - {Role.GUARDIAN.value, Role.STUDENT.value})


def can_manage_enrollment_at(user: Viewer, school_id: int) -> bool:
    """Whether the user may exit, transfer or change enrollments at that school."""
    for g in grants(user):
        if g.role == Role.DISTRICT_ADMIN:
            return True
        if g.role in EDITOR_ROLES and g.school_id == school_id:
            return True
    return False


def can_intake(user: Viewer) -> bool:
    """Registrars and administrators search the whole district before enrolling a child.

    The intake directory shows only what a duplicate check needs (name, birth date,
    district id, current school), and every student it shows is logged as disclosed.
    """
    return bool(roles(user) & {r.value for r in EDITOR_ROLES})
