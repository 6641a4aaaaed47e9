"""Permissioned reads of student records: every page and API operation uses these."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from homeroom.access import policy
from homeroom.access.choices import Aspect
from homeroom.audit.models import Outcome
from homeroom.audit.services import disclosure_record, disclosure_record_many
from homeroom.lib.errors import NotPermitted
from homeroom.lib.names import search_tokens
from homeroom.people.models import Guardian, Student, StudentGuardian

MAX_RESULTS = 50
# What a result row shows: the name and district id, the school and grade.
SEARCH_ASPECTS = (Aspect.IDENTITY, Aspect.ENROLLMENT)
MAX_ID = 2**63 - 1  # the largest id a BigAutoField holds


@dataclass(frozen=True)
class StudentView:
    """A student together with the parts of the record the viewer may see."""

    student: Student
    roles: frozenset[str]
    may_edit: bool = False

    @property
    def aspects(self) -> frozenset[Aspect]:
        return policy.aspects_of(self.roles)

    @property
    def editable(self) -> bool:
        """Whether the viewer may change this record (no further query): an editor role
        holding the student, not only reading a former student
        (``policy.student_and_covering_roles``)."""
        return self.may_edit and policy.edits(self.roles)

    def may(self, aspect: Aspect) -> bool:
        return aspect in self.aspects


def student_get(*, user: Any, student_id: int, purpose: str) -> StudentView:
    """Fetch one student for ``user``, logging the disclosure, or refuse and log that.

    Raises :class:`NotPermitted` both for a student outside the user's scope and for
    one that does not exist, so callers cannot tell the two apart. Both refusals do the
    same database work (one query, one denied disclosure row for the id asked), so
    neither can the time they take.
    """
    student, roles, may_edit = policy.student_and_covering_roles(user, student_id)
    granted = policy.aspects_of(roles)
    if student is None or not granted:
        if 0 < student_id <= MAX_ID:  # no student has any other id, nor can a row hold it
            disclosure_record(
                student_id=student_id, outcome=Outcome.DENIED, purpose=purpose, user=user
            )
        raise NotPermitted("student not found")
    disclosure_record(student_id=student.pk, aspects=granted, purpose=purpose, user=user)
    return StudentView(student=student, roles=roles, may_edit=may_edit)


def student_search(
    *, user: Any, query: str, limit: int = MAX_RESULTS, purpose: str = "student search"
) -> list[Student]:
    """Students visible to ``user`` whose names contain every folded token of ``query``.

    The page of results is written to the disclosure log as one row naming every
    student on it (nothing for an empty page), and counts against the read limit.
    """
    tokens = search_tokens(query)
    if not tokens:
        return []
    qs = policy.visible_students(user)
    for token in tokens:
        qs = qs.filter(search_key__contains=token)
    found = list(qs.order_by("sort_key", "id")[:limit])
    disclosure_record_many(
        student_ids=[s.pk for s in found],
        aspects=SEARCH_ASPECTS,
        purpose=purpose,
        user=user,
    )
    return found


def guardians_of(student: Student) -> QuerySet[StudentGuardian]:
    return (
        StudentGuardian.objects.filter(student=student)
        .select_related("guardian")
        .order_by("contact_order", "id")
    )


def guardian_ids_of(student: Student) -> list[int]:
    return list(
        Guardian.objects.filter(guardianships__student=student).values_list("id", flat=True)
    )
