"""Scopes people provide to the access policy: a guardian's own children, a student's
own record; and the student model that every scope filters."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q

from homeroom.access.choices import Scope
from homeroom.access.policy import ScopeRequest, register_subject, scope_provider
from homeroom.people.models import Student, StudentGuardian

register_subject(Student)


@scope_provider(Scope.GUARDIAN_OF)
def own_children(request: ScopeRequest) -> Q | None:
    """Children the guardian holds educational rights for; a guardian without rights
    (a court order, a non-custodial parent the school was told about) reaches nobody."""
    if request.user_id is None:
        return None
    links = StudentGuardian.objects.filter(
        student=OuterRef("pk"), guardian__user_id=request.user_id, educational_rights=True
    )
    return Q(Exists(links))


@scope_provider(Scope.SELF)
def own_record(request: ScopeRequest) -> Q:
    """A student reaches their own record only."""
    return Q(user_id=request.user_id)
