"""Permissioned reads of student records: every page and API operation uses these."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from homeroom.access import policy
from homeroom.access.choices import Aspect
from homeroom.audit.models import Outcome
from homeroom.audit.services import disclosure_record, disclosure_record_many
from homeroom.lib.errors import NotPermitted
from homeroom.lib.names import search_tokens
from homeroom.people.models import NAME_FIELDS, Guardian, Student, StudentGuardian
from homeroom.people.record import Placement, placements

MAX_RESULTS = 50
# What a result row shows: the name and district id, the school and grade.
SEARCH_ASPECTS = (Aspect.IDENTITY, Aspect.ENROLLMENT)
MAX_ID = 2**63 - 1  # the largest id a BigAutoField holds


# The fields each aspect discloses; the name and district id go with any visibility.
FIELDS_BY_ASPECT: dict[Aspect, tuple[str, ...]] = {
    Aspect.IDENTITY: ("birth_date", "ssid"),
    Aspect.DEMOGRAPHICS: ("gender", "gender_self_description", "home_language"),
}


@dataclass(frozen=True)
class StudentRecord:
    """What one viewer may see of a student: a field they may not see is None.

    Pages and the API render this, never the model, so a part of the record that a
    template or a schema forgets to guard is still not there to leak."""

    id: int
    district_id: str
    given_name: str
    middle_name: str
    family_name: str
    suffix: str
    preferred_given_name: str
    preferred_family_name: str
    display_name: str
    legal_name: str
    url: str
    shown: frozenset[Aspect]
    birth_date: dt.date | None = None
    ssid: str | None = None
    gender: str | None = None
    gender_label: str | None = None
    gender_self_description: str | None = None
    home_language: str | None = None
    home_language_label: str | None = None
    placement: Placement | None = None

    @property
    def pk(self) -> int:
        return self.id

    @property
    def school(self) -> str | None:
        return self.placement.school_code if self.placement else None

    @property
    def grade_level(self) -> str | None:
        return self.placement.grade_level if self.placement else None

    def as_api(self) -> dict[str, Any]:
        """The record in the API's ``StudentOut`` shape (hidden fields left out)."""
        data: dict[str, Any] = {"id": self.id, "district_id": self.district_id}
        data.update({f: getattr(self, f) for f in NAME_FIELDS})
        data["display_name"] = self.display_name
        for aspect in self.shown:
            data.update({f: getattr(self, f) for f in FIELDS_BY_ASPECT.get(aspect, ())})
        if self.placement is not None:
            data.update(school=self.school, grade_level=self.grade_level)
        return data


def student_record(
    student: Student, shown: frozenset[Aspect], placement: Placement | None = None
) -> StudentRecord:
    """``student`` filtered to the aspects in ``shown`` (placement needs ENROLLMENT)."""
    values: dict[str, Any] = {f: getattr(student, f) for f in NAME_FIELDS}
    for aspect in shown:
        values.update({f: getattr(student, f) for f in FIELDS_BY_ASPECT.get(aspect, ())})
    if Aspect.DEMOGRAPHICS in shown:
        values["gender_label"] = student.get_gender_display()
        values["home_language_label"] = student.get_home_language_display()
    return StudentRecord(
        id=student.pk,
        district_id=student.district_id,
        display_name=student.display_name,
        legal_name=student.legal_name,
        url=student.get_absolute_url(),
        shown=shown,
        placement=placement if Aspect.ENROLLMENT in shown else None,
        **values,
    )


@dataclass(frozen=True)
class StudentView:
    """A student together with the parts of the record the viewer may see.

    ``student`` is the model, for services that change it; what is shown to the viewer
    comes from ``record()`` and ``contacts()``, already filtered."""

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

    def may_read(self, aspect: Aspect, sensitivity: str) -> bool:
        """Whether the viewer reads one record of ``aspect`` marked ``sensitivity``."""
        return policy.may_read(self.roles, aspect, sensitivity)

    def record(self, day: dt.date | None = None) -> StudentRecord:
        """The student as this viewer may see them, placed on ``day`` (default today)."""
        placement = None
        if self.may(Aspect.ENROLLMENT):
            day = day or timezone.localdate()
            placement = placements([self.student.pk], day).get(self.student.pk)
        return student_record(self.student, self.aspects, placement)

    def contacts(self) -> list[StudentGuardian]:
        """The student's guardians and contacts this viewer may read: none without the
        contacts aspect, and a restricted contact only for ``RESTRICTED_READERS``."""
        if not self.may(Aspect.CONTACTS):
            return []
        return [
            link
            for link in guardians_of(self.student)
            if self.may_read(Aspect.CONTACTS, link.sensitivity)
        ]


@dataclass(frozen=True)
class StudentRow:
    """A student in a list: the record filtered to ``shown``, placed today."""

    record: StudentRecord

    @property
    def student(self) -> StudentRecord:
        """The listed student, already filtered (the same object as ``record``)."""
        return self.record


def student_rows(
    students: Iterable[Student], day: dt.date, shown: Iterable[Aspect] = SEARCH_ASPECTS
) -> list[StudentRow]:
    """Listed students filtered to ``shown``, each with today's placement (one query)."""
    students = list(students)
    aspects = frozenset(shown)
    placed = placements((s.pk for s in students), day) if Aspect.ENROLLMENT in aspects else {}
    return [StudentRow(student_record(s, aspects, placed.get(s.pk))) for s in students]


def student_get(*, user: policy.Viewer, student_id: int, purpose: str) -> StudentView:
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
