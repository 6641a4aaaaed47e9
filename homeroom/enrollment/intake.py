"""Finding a child before creating one: the registrar's district-wide intake search.

Every criterion the registrar has is tried (SSID, name, birth date, guardian name or
phone, former school); each candidate carries the reasons it matched and a score, so
the counter sees *why* a record is offered. Only registrars and administrators may
search the district this way, and the results show only what a duplicate check needs:
a guardian's phone is masked to its last four digits (``•••-•••-1234``) and a
guardian of a student outside the user's own scope is named by initials only. Each
page of results is written to the disclosure log as one row naming every student shown.
Names, the child's and the guardians', match on ``compact_key`` (``smithjones`` finds
Smith-Jones), the key and trigram index the header search uses too (docs/names.md).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from homeroom.access import policy
from homeroom.access.models import User
from homeroom.audit.services import disclosure_record_many
from homeroom.enrollment.models import Enrollment
from homeroom.lib.errors import NotPermitted
from homeroom.lib.masking import initials, mask_phone
from homeroom.lib.names import identity_key, phone_key, search_tokens
from homeroom.people.models import Guardian, Student

CANDIDATES_PER_CRITERION = 200


@dataclass
class Match:
    student: Student
    score: int = 0
    reasons: list[str] = field(default_factory=list)
    school: str = ""

    def add(self, points: int, reason: str) -> None:
        if reason not in self.reasons:
            self.score += points
            self.reasons.append(reason)


@dataclass(frozen=True)
class Criteria:
    name: str = ""
    birth_date: dt.date | None = None
    guardian: str = ""
    phone: str = ""
    former_school: str = ""
    ssid: str = ""

    @property
    def empty(self) -> bool:
        return not any(
            (
                self.name.strip(),
                self.birth_date,
                self.guardian.strip(),
                self.phone_digits,
                self.former_school.strip(),
                self.ssid.strip(),
            )
        )

    @property
    def phone_digits(self) -> str:
        digits = phone_key(self.phone)
        return digits if len(digits) >= 7 else ""


def _by_name(tokens: list[str], birth_date: dt.date | None) -> QuerySet[Student]:
    qs = Student.objects.order_by()  # candidates: no sort, the scores order them
    for t in tokens:
        qs = qs.filter(compact_key__contains=t)
    if birth_date is not None:
        qs = qs.filter(birth_date=birth_date)
    return qs[:CANDIDATES_PER_CRITERION]


def _by_guardian(c: Criteria) -> Iterable[tuple[Student, Guardian]]:
    guardians = Guardian.objects.order_by()
    if c.phone_digits:
        guardians = guardians.filter(phone_key__endswith=c.phone_digits)
    for t in search_tokens(c.guardian):
        guardians = guardians.filter(compact_key__contains=t)
    links = guardians.values_list("pk", flat=True)[:CANDIDATES_PER_CRITERION]
    found = Student.objects.order_by().filter(guardianships__guardian__in=list(links))
    found = found.prefetch_related("guardianships__guardian")
    for s in found[:CANDIDATES_PER_CRITERION]:
        for link in s.guardianships.all():
            yield s, link.guardian


def _in_scope(user: User, ids: Iterable[int]) -> set[int]:
    """Which of these students the user may see outside intake (their own scope)."""
    wanted = set(ids)
    if not wanted:
        return set()
    visible = policy.visible_students(user).filter(pk__in=wanted)
    return set(visible.values_list("pk", flat=True))


def _guardian_reasons(user: User, c: Criteria, hit: Any) -> None:
    """Guardian matches: the phone masked; the name in full only within the user's scope."""
    pairs = list(_by_guardian(c))
    mine = _in_scope(user, (s.pk for s, _g in pairs)) if c.guardian.strip() else set()
    for s, g in pairs:
        if c.phone_digits and g.phone_key.endswith(c.phone_digits):
            hit(s, 35, _("guardian phone %(phone)s") % {"phone": mask_phone(g.phone)})
        if c.guardian.strip():
            name = g.display_name if s.pk in mine else initials(g.given_name, g.family_name)
            hit(s, 25, _("guardian %(name)s") % {"name": name})


def _collect(c: Criteria, user: User) -> dict[int, Match]:
    found: dict[int, Match] = {}

    def hit(s: Student, points: int, why: str) -> None:
        found.setdefault(s.pk, Match(student=s)).add(points, why)

    if c.ssid.strip():
        for s in Student.objects.order_by().filter(ssid=c.ssid.strip()):
            hit(s, 100, _("same SSID"))
    tokens = search_tokens(c.name)
    if tokens:
        key = identity_key(*(c.name.rsplit(" ", 1) if " " in c.name.strip() else (c.name, "")))
        # Those born that day first, so the capped name list can never crowd them out.
        named = list(_by_name(tokens, c.birth_date)) if c.birth_date else []
        for s in [*named, *_by_name(tokens, None)]:
            hit(s, 30, _("same name") if s.identity_key == key else _("name matches"))
            if c.birth_date == s.birth_date:
                hit(s, 40, _("same birth date"))
    elif c.birth_date is not None:
        same_day = Student.objects.order_by().filter(birth_date=c.birth_date)
        for s in same_day[:CANDIDATES_PER_CRITERION]:
            hit(s, 20, _("same birth date"))
    if c.guardian.strip() or c.phone_digits:
        _guardian_reasons(user, c, hit)
    return found


def _former_school(found: dict[int, Match], c: Criteria) -> None:
    text = c.former_school.strip()
    if not text:
        return
    rows = Enrollment.objects.filter(student_id__in=list(found)).filter(
        Q(school__code=text) | Q(school__name__icontains=text)
    )
    for e in rows.select_related("school"):
        found[e.student_id].add(10, _("attended %(school)s") % {"school": e.school.name})


def _current_schools(found: dict[int, Match]) -> None:
    today = timezone.localdate()
    rows = (
        Enrollment.objects.primary()
        .current_or_upcoming(today)
        .filter(student_id__in=list(found))
        .select_related("school")
    )
    for e in rows:
        found[e.student_id].school = e.school.name


def intake_search(*, user: User, criteria: Criteria, limit: int = 20) -> list[Match]:
    """Likely matches for a child at the counter, best first, with the reasons."""
    if not policy.can_intake(user):
        raise NotPermitted("intake search is for registrars and administrators")
    if criteria.empty:
        return []
    found = _collect(criteria, user)
    _former_school(found, criteria)
    best = sorted(
        found.values(),
        key=lambda m: (-m.score, m.student.family_name, m.student.given_name, m.student.pk),
    )[:limit]
    _current_schools({m.student.pk: m for m in best})
    contacts = ["contacts"] if criteria.guardian.strip() or criteria.phone_digits else []
    disclosure_record_many(
        student_ids=[m.student.pk for m in best],
        aspects=["identity", "enrollment", *contacts],
        purpose="intake: duplicate check",
        user=user,
    )
    return best
