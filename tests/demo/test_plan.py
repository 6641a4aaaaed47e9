"""The district's shape, dates and names, without a database."""

from __future__ import annotations

import random

from homeroom.demo import calendar
from homeroom.demo.names import CULTURES, SHOWCASE, NameMaker
from homeroom.demo.plan import GRADES, birth_date, plan_schools
from homeroom.lib.names import validate_name


def test_a_tiny_district_still_has_one_school_of_each_level() -> None:
    plans = plan_schools(10)
    assert [p.level for p in plans] == ["elementary", "middle", "high"]
    assert sum(p.student_count for p in plans) == 10


def test_schools_are_in_proportion_to_the_students() -> None:
    plans = plan_schools(600_000)
    count = {lvl: sum(p.level == lvl for p in plans) for lvl in ("elementary", "middle", "high")}
    assert sum(p.student_count for p in plans) == 600_000
    assert 500 < count["elementary"] < 650
    assert 110 < count["middle"] < 160
    assert 75 < count["high"] < 100
    assert len({p.code for p in plans}) == len(plans)
    assert all(len(p.code) == 7 and p.code.isdigit() for p in plans)


def test_birth_dates_fit_the_grade() -> None:
    rng = random.Random(3)
    for grade in GRADES:
        ages = {(2026 - birth_date(grade, rng).year) for _ in range(200)}
        k_age = 5 + GRADES.index(grade) - 1
        assert ages <= {k_age, k_age + 1, k_age + 2}


def test_the_calendar_types_every_school_day() -> None:
    days = calendar.school_days(block_days=True)
    kinds = {d.kind for d in days}
    assert kinds == {"instructional", "minimum", "holiday", "staff"}
    assert all(d.date.weekday() < 5 for d in days)
    assert {d.rotation for d in days if d.schedule == calendar.BLOCK_A} == {"A"}
    assert all(d.schedule == "" for d in days if d.kind in ("holiday", "staff"))


def test_every_corpus_name_is_a_storable_name() -> None:
    for culture in CULTURES:
        for part in (*culture.female, *culture.male, *culture.family, *culture.middle):
            validate_name(part, field="name", required=True)
    for name, _, _ in SHOWCASE:
        for part in name:
            validate_name(part, field="name", required=False)


def test_names_cover_the_hard_cases() -> None:
    maker = NameMaker(random.Random(1))
    drawn = [maker.person(maker.culture(), maker.gender()) for _ in range(5000)]
    families = {n.family_name for n in drawn}
    assert "" in families
    assert any("'" in f for f in families)
    assert any("’" in f for f in families)
    assert any(n.suffix for n in drawn)
    assert any(n.preferred_given_name for n in drawn)
    assert any(" " in f and f[0].islower() for f in families)
