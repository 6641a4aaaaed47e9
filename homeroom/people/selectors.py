"""Permissioned reads of student records: every page and API operation uses these."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.db.models import F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import JSONObject
from django.utils import timezone
from django.utils.translation import gettext as _

from homeroom.access import policy
from homeroom.access.choices import Aspect, Sensitivity
from homeroom.audit.models import Outcome
from homeroom.audit.services import disclosure_record, disclosure_record_many
from homeroom.lib.errors import NotPermitted
from homeroom.lib.names import display_name, phone_key, search_tokens
from homeroom.people.models import NAME_FIELDS, Guardian, Student, StudentGuardian
from homeroom.people.record import Placement, placements

MAX_RESULTS = 50
# A search counts its matches up to here: "first 50 of 312", or "of more than 1,000".
# Counting stops early so a one-letter query costs no more than a page of a long list.
COUNT_LIMIT = 1000
MIN_PHONE_DIGITS = 7  # fewer digits are not enough of a phone number to search by
SSID_LENGTH = 10
# ``lib.names.display_name``'s arguments, as the guardian's columns.
GUARDIAN_NAME_PARTS = {
    "given": "given_name",
    "family": "family_name",
    "preferred_given": "preferred_given_name",
    "preferred_family": "preferred_family_name",
    "suffix": "suffix",
}
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


@dataclass(frozen=True)
class SearchQuery:
    """What a search box held: name tokens when it has a letter, else the digits of an id
    or a phone ("(213) 555-0101", "1000 0001 8")."""

    tokens: tuple[str, ...] = ()
    digits: str = ""

    @classmethod
    def parse(cls, text: str) -> SearchQuery:
        if any(unicodedata.category(c)[0] == "L" for c in text):
            return cls(tokens=tuple(search_tokens(text)))
        return cls(digits="".join(c for c in text if c.isascii() and c.isdigit()))

    @property
    def phone(self) -> str:
        """The digits to match the end of a guardian's phone with, if it can be one."""
        return phone_key(self.digits) if len(self.digits) >= MIN_PHONE_DIGITS else ""

    def names(self, key: str) -> bool:
        """Whether a compact name key holds every token (as ``compact_key__contains``)."""
        return bool(self.tokens) and all(t in key for t in self.tokens)


class Matched(StrEnum):
    """Why a student is in the results (the API's ``matched[].kind``)."""

    NAME = "name"
    DISTRICT_ID = "district_id"
    SSID = "ssid"
    GUARDIAN_NAME = "guardian_name"
    GUARDIAN_PHONE = "guardian_phone"


GUARDIAN_KINDS = frozenset({Matched.GUARDIAN_NAME, Matched.GUARDIAN_PHONE})


@dataclass(frozen=True)
class Reason:
    kind: Matched
    guardian: str = ""  # the guardian's shown name, for the guardian kinds

    @property
    def text(self) -> str:
        """The reason in the user's language: "SSID", "guardian: María Ibáñez"."""
        if self.kind == Matched.GUARDIAN_NAME:
            return _("guardian: %(name)s") % {"name": self.guardian}
        if self.kind == Matched.GUARDIAN_PHONE:
            return _("phone of guardian %(name)s") % {"name": self.guardian}
        return {Matched.NAME: _("name"), Matched.DISTRICT_ID: _("district id")}.get(
            self.kind, _("SSID")
        )


@dataclass(frozen=True)
class SearchHit:
    student: Student
    reasons: tuple[Reason, ...]


@dataclass(frozen=True)
class SearchResults:
    """A page of matches, best sorted, with an honest count: ``total`` matches were
    counted, and ``more`` says the count stopped at :data:`COUNT_LIMIT`. Iterating gives
    the students."""

    hits: list[SearchHit]
    total: int = 0
    more: bool = False

    def __iter__(self) -> Iterator[Student]:
        return (hit.student for hit in self.hits)

    def __len__(self) -> int:
        return len(self.hits)

    @property
    def students(self) -> list[Student]:
        return [hit.student for hit in self.hits]


def contact_sensitivities(user: Any) -> list[str]:
    """The guardianships a search may match through a guardian's name or phone.

    Matching a student through a contact discloses the contact, so it needs a role that
    reads it, and a restricted contact (a protective order) needs a role that reads those.
    A user's roles may cover different students, so every role the user holds must
    qualify: a teacher who is also a registrar elsewhere matches normal contacts only."""
    held = [frozenset({r}) for r in policy.roles(user)]
    return [
        level
        for level in Sensitivity.values
        if held and all(policy.may_read(r, Aspect.CONTACTS, level) for r in held)
    ]


def _guardian_links(user: Any, query: SearchQuery) -> QuerySet[StudentGuardian] | None:
    levels = contact_sensitivities(user)
    if not levels or not (query.tokens or query.phone):
        return None
    links = StudentGuardian.objects.filter(sensitivity__in=levels).order_by()
    for token in query.tokens:
        links = links.filter(guardian__compact_key__contains=token)
    if query.phone:
        links = links.filter(guardian__phone_key__endswith=query.phone)
    return links


def _own_match(query: SearchQuery) -> Q:
    if query.tokens:
        return Q(*(Q(compact_key__contains=t) for t in query.tokens))
    ids = Q(district_id=query.digits)
    return ids | Q(ssid=query.digits) if len(query.digits) == SSID_LENGTH else ids


def _matching(user: Any, query: SearchQuery) -> tuple[QuerySet[Student], Any]:
    """Visible students matching the query, and the guardianships that matched (or None).

    Each way of matching is its own indexed query (the trigram index on ``compact_key``,
    the unique district id and SSID, the trigram index on ``phone_key``), united before
    the visibility filter: one ``OR`` over them would scan every student."""
    candidates = Student.objects.filter(_own_match(query)).order_by().values("pk")
    links = _guardian_links(user, query)
    if links is not None:
        candidates = candidates.union(links.values("student_id"))
    return policy.visible_students(user).filter(pk__in=candidates), links


def _first_guardian(links: QuerySet[StudentGuardian]) -> Subquery:
    """The name parts of each student's first matching guardian, fetched with the page
    itself (a JSON object; one row's subquery per student shown, no further query)."""
    parts = {arg: F(f"guardian__{col}") for arg, col in GUARDIAN_NAME_PARTS.items()}
    first = links.filter(student_id=OuterRef("pk")).order_by("contact_order", "id")
    return Subquery(first.values(parts=JSONObject(**parts))[:1])


def _reasons(s: Student, query: SearchQuery) -> tuple[Reason, ...]:
    """Why one student on the page matched, from the row alone."""
    why = []
    if query.names(s.compact_key):
        why.append(Reason(Matched.NAME))
    if query.digits and s.district_id == query.digits:
        why.append(Reason(Matched.DISTRICT_ID))
    if query.digits and s.ssid == query.digits:
        why.append(Reason(Matched.SSID))
    parts = getattr(s, "matched_guardian", None)
    if parts:
        kind = Matched.GUARDIAN_NAME if query.tokens else Matched.GUARDIAN_PHONE
        why.append(Reason(kind, display_name(**parts)))
    return tuple(why)


def student_search(
    *, user: Any, query: str, limit: int = MAX_RESULTS, purpose: str = "student search"
) -> SearchResults:
    """Students visible to ``user`` found by name, district id, SSID, or a guardian's
    name or phone, each with the reasons it matched, sorted by name.

    A name matches when every folded token of the query is in its ``compact_key``, so
    ``smithjones`` finds "Smith-Jones". The total is counted only when the page is full,
    and up to :data:`COUNT_LIMIT`. The page is written to the disclosure log as one row
    naming every student on it (nothing for an empty page), and counts against the read
    limit; a page with a guardian's match discloses contacts as well.
    """
    parsed = SearchQuery.parse(query)
    if not (parsed.tokens or parsed.digits):
        return SearchResults([])
    matched, links = _matching(user, parsed)
    page = matched.order_by("sort_key", "id")
    if links is not None:
        page = page.annotate(matched_guardian=_first_guardian(links))
    found = list(page[:limit])
    total = len(found)
    if total >= limit:
        total = matched.order_by()[: COUNT_LIMIT + 1].count()
    hits = [SearchHit(s, _reasons(s, parsed)) for s in found]
    guardians = any(r.kind in GUARDIAN_KINDS for h in hits for r in h.reasons)
    disclosure_record_many(
        student_ids=[s.pk for s in found],
        aspects=[*SEARCH_ASPECTS, *([Aspect.CONTACTS] if guardians else [])],
        purpose=purpose,
        user=user,
    )
    return SearchResults(hits, total=min(total, COUNT_LIMIT), more=total > COUNT_LIMIT)


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
