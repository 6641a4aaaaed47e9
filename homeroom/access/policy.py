"""Who may see and change what: the one place every selector, view and API asks.

A user holds roles (``RoleAssignment``); each role has a *scope* (which students)
and a set of *aspects* (which parts of their records). A student is visible when
any of the user's roles has them in scope, and the visible parts are the union of
the aspects of those roles.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, QuerySet, Value
from django.utils import timezone

from homeroom.access.choices import Aspect, Role, Scope
from homeroom.access.models import CaseloadAssignment, RoleAssignment, User
from homeroom.districts.models import School
from homeroom.enrollment.models import Enrollment
from homeroom.people.models import Student, StudentGuardian
from homeroom.scheduling.models import SectionEnrollment

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


def today() -> dt.date:
    return timezone.localdate()


def grants(user: Any) -> tuple[Grant, ...]:
    """The user's roles in force today, cached on the user object for the request."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return ()
    cached = getattr(user, "_homeroom_grants", None)
    if cached is None:
        day = today()
        rows = RoleAssignment.objects.filter(user=user).filter(
            Q(start_date__isnull=True) | Q(start_date__lte=day),
            Q(end_date__isnull=True) | Q(end_date__gt=day),
        )
        cached = tuple(Grant(r.role, r.school_id) for r in rows)
        user._homeroom_grants = cached
    return tuple(cached)


def roles(user: Any) -> frozenset[str]:
    return frozenset(g.role for g in grants(user))


def school_ids(user: Any, roles_: Iterable[str] | None = None) -> set[int]:
    wanted = set(roles_) if roles_ is not None else None
    return {
        g.school_id
        for g in grants(user)
        if g.school_id is not None and (wanted is None or g.role in wanted)
    }


def _scope_q(user: User, grant_list: Iterable[Grant], *, former: bool = True) -> Q | None:
    """A filter on Student for the union of the grants' scopes; None means nobody.

    ``former=False`` leaves out the office's former students (those it reads for
    ``FORMER_STUDENT_WINDOW`` after they left): the students the office *holds*."""
    day = today()
    q: Q | None = None

    def add(part: Q) -> None:
        nonlocal q
        q = part if q is None else q | part

    scopes = {g.scope for g in grant_list}
    if Scope.DISTRICT in scopes:
        return Q()
    schools = {g.school_id for g in grant_list if g.scope == Scope.SCHOOL and g.school_id}
    if schools:
        add(
            Q(
                Exists(
                    Enrollment.objects.current_or_upcoming(day).filter(
                        student=OuterRef("pk"), school_id__in=schools
                    )
                )
            )
        )
    office = {g.school_id for g in grant_list if g.role in EDITOR_ROLES and g.school_id}
    if office and former:
        since = day - FORMER_STUDENT_WINDOW
        left_lately = Enrollment.objects.filter(
            student=OuterRef("pk"), school_id__in=office, exit_date__gte=since
        )
        add(Q(Exists(left_lately)))
    if Scope.SECTION in scopes:
        teacher_schools = {
            g.school_id for g in grant_list if g.scope == Scope.SECTION and g.school_id
        }
        # A roster row nobody closed when the student left is no longer a class they
        # take: the student must still attend (or be about to attend) the section's school.
        at_section_school = Enrollment.objects.current_or_upcoming(day).filter(
            student=OuterRef("student"), school=OuterRef("section__course__school")
        )
        add(
            Q(
                Exists(
                    SectionEnrollment.objects.current_or_upcoming(day)
                    .filter(
                        student=OuterRef("pk"),
                        section__teacher=user,
                        section__course__school_id__in=teacher_schools,
                    )
                    .filter(Exists(at_section_school))
                )
            )
        )
    if Scope.CASELOAD in scopes:
        add(_caseload_q(user, [g for g in grant_list if g.scope == Scope.CASELOAD], day))
    if Scope.GUARDIAN_OF in scopes:
        add(
            Q(
                Exists(
                    StudentGuardian.objects.filter(
                        student=OuterRef("pk"), guardian__user=user, educational_rights=True
                    )
                )
            )
        )
    if Scope.SELF in scopes:
        add(Q(user=user))
    return q


def _caseload_q(user: User, counselor_grants: list[Grant], day: dt.date) -> Q:
    """Students on the counselor's caseload who attend (or will attend) one of the
    counselor's schools: a caseload row left behind when a student moved grants nothing."""
    caseload = Q(Exists(CaseloadAssignment.objects.filter(student=OuterRef("pk"), counselor=user)))
    if any(g.school_id is None for g in counselor_grants):
        return caseload  # a district-wide counselor follows the caseload wherever it goes
    schools = {g.school_id for g in counselor_grants if g.school_id is not None}
    attending = Enrollment.objects.current_or_upcoming(day).filter(
        student=OuterRef("pk"), school_id__in=schools
    )
    return caseload & Q(Exists(attending))


def visible_students(user: Any) -> QuerySet[Student]:
    """Every student the user may see at least some part of."""
    q = _scope_q(user, grants(user))
    if q is None:
        return Student.objects.none()
    return Student.objects.filter(q)


def _grants_covering(user: Any, student: Student) -> list[Grant]:
    covering: list[Grant] = []
    by_scope: dict[Scope, list[Grant]] = {}
    for g in grants(user):
        by_scope.setdefault(g.scope, []).append(g)
    for group in by_scope.values():
        q = _scope_q(user, group)
        if q is not None and Student.objects.filter(q, pk=student.pk).exists():
            covering.extend(group)
    return covering


def covering_roles(user: Any, student: Student) -> frozenset[str]:
    """The user's roles whose scope holds ``student`` (one query per kind of scope)."""
    return frozenset(g.role for g in _grants_covering(user, student))


def student_and_covering_roles(
    user: Any, student_id: int
) -> tuple[Student | None, frozenset[str], bool]:
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
    groups: dict[Scope, list[Grant]] = {}
    for g in grants(user):
        groups.setdefault(g.scope, []).append(g)
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
    student = Student.objects.filter(pk=student_id).annotate(**flags).first()
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


def aspects(user: Any, student: Student) -> frozenset[Aspect]:
    """The parts of ``student``'s record the user may see (empty: none at all)."""
    return aspects_of(covering_roles(user, student))


def edits(roles_: frozenset[str]) -> bool:
    """Whether any of these covering roles may change the record."""
    return bool(roles_ & EDITOR_ROLES)


def can_enroll_at(user: Any, school: School) -> bool:
    """Whether the user may create students and enrollments at ``school``."""
    return can_manage_enrollment_at(user, school.pk)


def visible_schools(user: Any) -> QuerySet[School]:
    """Schools the user may see: all for district roles, else the schools they serve."""
    gs = grants(user)
    if any(g.scope == Scope.DISTRICT for g in gs):
        return School.objects.all()
    ids = {g.school_id for g in gs if g.school_id is not None}
    if any(g.scope in (Scope.GUARDIAN_OF, Scope.SELF) for g in gs):
        students = visible_students(user)
        ids |= set(
            Enrollment.objects.current_or_upcoming(today())
            .filter(student__in=students)
            .values_list("school_id", flat=True)
        )
    return School.objects.filter(pk__in=ids)


def primary_role(user: Any) -> str | None:
    """The role whose dashboard the user lands on (the broadest they hold)."""
    held = roles(user)
    for role in Role:
        if role.value in held:
            return role.value
    return None


def is_district_admin(user: Any) -> bool:
    """Whether the user holds the district administrator role (every school, every record)."""
    return Role.DISTRICT_ADMIN.value in roles(user)


def is_staff_member(user: Any) -> bool:
    """Whether the user holds any staff role (not only guardian or student)."""
    return bool(roles(user) - {Role.GUARDIAN.value, Role.STUDENT.value})


def can_manage_enrollment_at(user: Any, school_id: int) -> bool:
    """Whether the user may exit, transfer or change enrollments at that school."""
    for g in grants(user):
        if g.role == Role.DISTRICT_ADMIN:
            return True
        if g.role in EDITOR_ROLES and g.school_id == school_id:
            return True
    return False


def can_intake(user: Any) -> bool:
    """Registrars and administrators search the whole district before enrolling a child.

    The intake directory shows only what a duplicate check needs (name, birth date,
    district id, current school), and every student it shows is logged as disclosed.
    """
    return bool(roles(user) & {r.value for r in EDITOR_ROLES})
