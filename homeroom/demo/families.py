"""Students of one school, their households and guardians, and their enrollments."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from homeroom.access.choices import Role, Sensitivity
from homeroom.demo import calendar, tables
from homeroom.demo.context import Context
from homeroom.demo.names import ENGLISH, SHOWCASE, Culture, Name
from homeroom.demo.plan import SchoolPlan, birth_date
from homeroom.demo.staffing import name_row, portal_user
from homeroom.enrollment.choices import EnrollmentStatus
from homeroom.lib.names import identity_key, phone_key, sort_key
from homeroom.people.choices import Relationship, SurveySource

SIBLING_SHARE = 0.15
SSID_SHARE = 0.7
RECENT_FAMILIES = 3000
SSID_STEP = 7_368_787  # coprime with 9e9: i -> 1e9 + (i * step + offset) % 9e9 is one-to-one


class Member(NamedTuple):
    guardian_id: int
    relationship: str
    custody: str
    lives_with: bool
    educational_rights: bool


@dataclass
class Household:
    culture: Culture
    language: str
    family_name: str
    members: list[Member] = field(default_factory=list)
    respondent: str = ""  # who answers the Home Language Survey: "Name (relationship)"


class Pupil(NamedTuple):
    """What the class builder needs to know about a student."""

    student_id: int
    grade: str
    sort_key: str


TWO_PARENTS = (
    # (first, second) relationships and how often
    (("mother", "father"), 70), (("parent", "parent"), 8), (("mother", "stepparent"), 6),
    (("father", "stepparent"), 3), (("grandparent", "grandparent"), 5), (("foster", "foster"), 2),
    (("mother", "caregiver"), 3), (("guardian", "other"), 3),
)  # fmt: skip
ONE_PARENT = (
    ("mother", 60), ("father", 18), ("grandparent", 10), ("guardian", 6), ("foster", 4),
    ("caregiver", 2),
)  # fmt: skip
PARENT_GENDER = {"mother": "F", "father": "M"}


def _relationships(ctx: Context) -> tuple[str, ...]:
    rng = ctx.rng
    if rng.random() < 0.3:
        return (rng.choices([r for r, _ in ONE_PARENT], [w for _, w in ONE_PARENT])[0],)
    pairs, weights = zip(*TWO_PARENTS, strict=True)
    return tuple(rng.choices(pairs, weights)[0])


def _terms(ctx: Context, relationship: str, order: int, separated: bool) -> tuple[str, bool, bool]:
    """Custody, lives-with and educational rights for one guardian of a household."""
    roll = ctx.rng.random()
    if relationship in ("caregiver", "other"):
        return "none", roll < 0.5, False
    if relationship == "foster":
        return "full", True, roll < 0.5
    if separated and order == 2:
        if roll < 0.08:
            return "restricted", False, False
        return "joint", False, True
    return ("joint" if separated else "full"), True, True


def new_household(ctx: Context, culture: Culture, force_rights: bool = False) -> Household:
    """A household of one or two guardians; the demo's has the demo guardian's login."""
    household = Household(culture, ctx.names.language(culture), ctx.names.family_name(culture))
    relationships = _relationships(ctx)
    separated = len(relationships) == 2 and ctx.rng.random() < 0.12
    family = ctx.next("family")
    rows = []
    for order, relationship in enumerate(relationships, start=1):
        gender = PARENT_GENDER.get(relationship) or ctx.names.gender()
        name = ctx.names.adult(culture, gender, household.family_name)
        custody, lives_with, rights = _terms(ctx, relationship, order, separated)
        gid = ctx.ids.one(tables.GUARDIAN)
        household.members.append(
            Member(gid, relationship, custody, lives_with, rights or force_rights)
        )
        email = f"family{family}.{order}@example.net"
        phone = f"({ctx.rng.choice((213, 310, 323, 562, 626, 818))}) 555-{family % 10000:04d}"
        user_id = portal_user(ctx, Role.GUARDIAN, name) if force_rights and order == 1 else None
        if order == 1:
            label = Relationship(relationship).label
            household.respondent = f"{name.given_name} {name.family_name} ({label})"
        rows.append(
            (gid, *name_row(name), email, phone, phone_key(phone), household.language, user_id)
        )
    ctx.buffer.add(tables.GUARDIAN, rows)
    return household


def _guardianships(ctx: Context, student_id: int, household: Household) -> None:
    rows = []
    for order, m in enumerate(household.members, start=1):
        pickup = m.custody != "restricted"
        # A court-restricted contact's details are the office's alone.
        sensitivity = Sensitivity.NORMAL if pickup else Sensitivity.RESTRICTED
        rows.append(
            (ctx.ids.one(tables.GUARDIANSHIP), student_id, m.guardian_id, m.relationship,
             m.custody, order, m.lives_with, m.educational_rights, pickup, pickup,
             sensitivity.value)
        )  # fmt: skip
    ctx.buffer.add(tables.GUARDIANSHIP, rows)


def survey_answers(ctx: Context, language: str) -> tuple[str, str, str, str]:
    """Home Language Survey answers that give ``language`` as the home language: all English
    for an English-speaking home; else the language, with a child who now mostly speaks
    English at home now and then (the home language stays the family's)."""
    if language == ENGLISH:
        return (ENGLISH,) * 4
    child_speaks = ENGLISH if ctx.rng.random() < 0.3 else language
    return language, child_speaks, language, language


def _survey(ctx: Context, student_id: int, household: Household, language: str) -> tuple[Any, ...]:
    answered_on = calendar.FIRST_DAY - dt.timedelta(days=ctx.rng.randint(3, 120))
    return (
        ctx.ids.one(tables.LANGUAGE_SURVEY), student_id, answered_on, household.respondent,
        *survey_answers(ctx, language), SurveySource.COUNTER.value, None, ctx.now, ctx.now,
    )  # fmt: skip


def _ssid(ctx: Context) -> str | None:
    if ctx.rng.random() >= SSID_SHARE:
        return None
    i = ctx.next("ssid")
    return str(1_000_000_000 + (i * SSID_STEP + ctx.counters["ssid_offset"]) % 9_000_000_000)


class StudentMaker:
    """Creates students school by school, sharing households between siblings."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.recent: list[Household] = []
        self.same_name_and_birth: dict[int, int] = {}

    def duplicate_ordinal(self, key: str, born: dt.date) -> int:
        """0, or n for the n-th seeded child with this folded name and birth date."""
        digest = hash((key, born))
        ordinal = self.same_name_and_birth.get(digest, -1) + 1
        self.same_name_and_birth[digest] = ordinal
        return ordinal

    def rarely_repeated(self, name: Name, gender: str, household: Household, born: dt.date) -> Name:
        """Draw the given name again (twice at most) if the name and birth date are taken.

        The corpus is small, so without this a large district would have far more
        children sharing a name and a birth date than a real one; a few still do.
        """
        for _ in range(2):
            taken = hash((identity_key(name.given_name, name.family_name), born))
            if taken not in self.same_name_and_birth or not name.family_name:
                break
            name = self.ctx.names.person(household.culture, gender, name.family_name)
        return name

    def household_for(self, index_in_school: int, demo: bool) -> Household:
        """A sibling's household now and then, else a new one; the demo's first two share one."""
        ctx = self.ctx
        if demo and index_in_school == 1:
            return self.recent[-1]
        if self.recent and not demo and ctx.rng.random() < SIBLING_SHARE:
            return ctx.rng.choice(self.recent)
        household = new_household(ctx, ctx.names.culture(), force_rights=demo)
        self.recent.append(household)
        if len(self.recent) > RECENT_FAMILIES:
            self.recent = self.recent[-RECENT_FAMILIES // 2 :]
        return household

    def name_for(self, household: Household) -> tuple[Name, str, str]:
        """A name, gender and home language; the district's first students are the showcase."""
        ctx = self.ctx
        shown = ctx.next("student") - 1
        if shown < len(SHOWCASE):
            return SHOWCASE[shown]
        gender = ctx.names.gender()
        name = ctx.names.person(household.culture, gender, household.family_name)
        return name, gender, household.language

    def school(self, plan: SchoolPlan, school_id: int, *, demo: bool) -> list[Pupil]:
        """Every student of the school, with guardians and a primary enrollment."""
        ctx = self.ctx
        grades = [g for g in plan.grades for _ in range(plan.students_per_grade[g])]
        ids = ctx.ids.take(tables.STUDENT, len(grades))
        numbers = ctx.numbers.take(len(grades))
        enrollment_ids = ctx.ids.take(tables.ENROLLMENT, len(grades))
        pupils, students, enrollments, surveys = [], [], [], []
        for i, (sid, grade) in enumerate(zip(ids, grades, strict=True)):
            household = self.household_for(i, demo and i < 2)
            name, gender, language = self.name_for(household)
            description = ctx.names.gender_description(gender)
            born = birth_date(grade, ctx.rng)
            if ctx.counters["student"] > len(SHOWCASE):
                name = self.rarely_repeated(name, gender, household, born)
            user_id = portal_user(ctx, Role.STUDENT, name) if demo and i == 0 else None
            key = identity_key(name.given_name, name.family_name)
            ordinal = self.duplicate_ordinal(key, born)
            students.append(
                (sid, numbers[i], key, ordinal, _ssid(ctx), *name_row(name), born, gender,
                 description, language, user_id, ctx.now)
            )  # fmt: skip
            _guardianships(ctx, sid, household)
            surveys.append(_survey(ctx, sid, household, language))
            enrollments.append(
                (enrollment_ids[i], sid, school_id, grade, EnrollmentStatus.PRIMARY.value,
                 calendar.FIRST_DAY, calendar.FIRST_DAY, None, "", ctx.now)
            )  # fmt: skip
            pupils.append(Pupil(sid, grade, sort_key(name.given_name, name.family_name)))
        ctx.buffer.add(tables.STUDENT, students)
        ctx.buffer.add(tables.LANGUAGE_SURVEY, surveys)
        ctx.buffer.add(tables.ENROLLMENT, enrollments)
        return pupils
