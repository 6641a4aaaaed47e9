"""``seed_district``: builds the whole demo district, school by school, in bulk.

Everything is written in one transaction. Rows are generated school by school into
a buffer that is flushed (COPY on PostgreSQL) every ``chunk`` students, so memory
stays bounded however large the district.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone

from homeroom.access.choices import Role
from homeroom.audit.context import Actor, acting_as
from homeroom.audit.loader import (
    InsertStats,
    Writer,
    defer_reference_checks,
    is_postgresql,
    verify_references,
)
from homeroom.demo import calendar, tables
from homeroom.demo.campus import add_schools, build_campus
from homeroom.demo.classes import caseloads, elementary_classes, secondary_classes, teacher_count
from homeroom.demo.context import Buffer, Context
from homeroom.demo.families import StudentMaker
from homeroom.demo.guard import ensure_demo_allowed
from homeroom.demo.plan import SchoolPlan, plan_schools
from homeroom.demo.staffing import (
    DEMO_PASSWORD,
    DEMO_PASSWORD_KEY,
    UNUSABLE_PASSWORD_KEY,
    hire,
)
from homeroom.districts.models import District, GradingPeriod, SchoolYear, Term

DISTRICT_NAME = "Sierra Vista Unified School District"
DISTRICT_CDS = "1967890"
SEED_ACTOR = Actor(user_id=None, label="system:seed", via="command")
CHUNK = 20_000

Progress = Callable[[str], None]


@dataclass(frozen=True)
class SeedReport:
    students: int
    schools: int
    seconds: float
    stats: InsertStats

    @property
    def rows_per_second(self) -> float:
        return self.stats.total_rows / self.seconds if self.seconds else 0.0


def _year(district: District) -> tuple[int, dict[str, int]]:
    """The 2026-27 school year with its district-wide terms and grading periods."""
    year = SchoolYear.objects.create(
        district=district,
        name=calendar.YEAR_NAME,
        start_date=calendar.YEAR_START,
        end_date=calendar.YEAR_END,
    )
    term_ids = {}
    for code, name, start, end in calendar.TERMS:
        term = Term.objects.create(
            school_year=year, code=code, name=name, start_date=start, end_date=end
        )
        term_ids[code] = term.pk
        GradingPeriod.objects.bulk_create(
            GradingPeriod(term=term, code=c, name=n, start_date=s, end_date=e)
            for c, n, s, e in calendar.GRADING_PERIODS[code]
        )
    return year.pk, term_ids


def _staff(
    ctx: Context, plan: SchoolPlan, school_id: int, teachers: int, demo: bool
) -> dict[str, list[int]]:
    n = plan.student_count
    counselors = 1 if plan.level == "elementary" else max(1, round(n / 450))
    return {
        Role.SCHOOL_ADMIN: hire(ctx, Role.SCHOOL_ADMIN, school_id, 1 + n // 1000, demo=demo),
        Role.REGISTRAR: hire(ctx, Role.REGISTRAR, school_id, 1 + n // 1500, demo=demo),
        Role.COUNSELOR: hire(ctx, Role.COUNSELOR, school_id, counselors, demo=demo),
        Role.NURSE: hire(ctx, Role.NURSE, school_id, 1, demo=demo),
        Role.TEACHER: hire(ctx, Role.TEACHER, school_id, teachers, demo=demo),
    }


def build_school(
    ctx: Context, maker: StudentMaker, plan: SchoolPlan, school_id: int, demo: bool
) -> None:
    teachers = teacher_count(plan.level, plan.students_per_grade)
    campus = build_campus(ctx, plan, school_id, teachers)
    staff = _staff(ctx, plan, campus.school_id, teachers, demo)
    pupils = maker.school(plan, campus.school_id, demo=demo)
    classes = elementary_classes if plan.level == "elementary" else secondary_classes
    classes(ctx, campus, staff[Role.TEACHER], pupils)
    caseloads(ctx, staff[Role.COUNSELOR], pupils)


def _context(seed: int, writer: Writer, district: District) -> Context:
    now = timezone.now()
    year_id, term_ids = _year(district)
    hashes = {DEMO_PASSWORD_KEY: make_password(DEMO_PASSWORD), UNUSABLE_PASSWORD_KEY: "!seeded"}
    ctx = Context(random.Random(seed), Buffer(writer, now), now, year_id, term_ids, hashes)
    ctx.counters["ssid_offset"] = random.Random(seed).randrange(9_000_000_000)
    return ctx


def refresh_statistics(say: Progress) -> None:
    """ANALYZE after a bulk load, so the planner knows the tables' real sizes.

    Without it PostgreSQL plans the first queries on a fresh 600,000-student district
    from empty-table estimates (seen: a guardian lookup sorting every student).
    """
    if not is_postgresql():
        return
    say("seed: refreshing planner statistics (ANALYZE)")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def seed_district(students: int, seed: int, progress: Progress | None = None) -> SeedReport:
    """Create the demo district with ``students`` students, the same for the same ``seed``.

    Refused (``DemoRefused``) in production or with HOMEROOM_DEMO off: it creates the
    demo-* logins with a published password.
    """
    ensure_demo_allowed()
    say = progress or (lambda _: None)
    started = time.perf_counter()
    writer = Writer()
    with acting_as(SEED_ACTOR), transaction.atomic():
        checks_deferred = defer_reference_checks()
        if is_postgresql() and not checks_deferred:
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        district = District.objects.create(name=DISTRICT_NAME, cds_code=DISTRICT_CDS)
        ctx = _context(seed, writer, district)
        hire(ctx, Role.DISTRICT_ADMIN, None, 2, demo=True)
        plans = plan_schools(students)
        demo_school = next(p.index for p in plans if p.level == "high")
        school_ids = add_schools(ctx, plans, district.pk)
        maker, pending, done = StudentMaker(ctx), 0, 0
        for plan, school_id in zip(plans, school_ids, strict=True):
            build_school(ctx, maker, plan, school_id, demo=plan.index == demo_school)
            pending += plan.student_count
            if pending >= CHUNK or plan is plans[-1]:
                ctx.buffer.flush()
                done, pending = done + pending, 0
                elapsed = time.perf_counter() - started
                say(f"seed: {done:,}/{students:,} students, {writer.stats.total_rows:,} rows, "
                    f"{elapsed:.1f} s")  # fmt: skip
        if checks_deferred:
            say("seed: checking every reference in one pass per foreign key")
            verify_references(tables.ORDER)
    refresh_statistics(say)
    seconds = time.perf_counter() - started
    return SeedReport(students, len(plans), seconds, writer.stats)
