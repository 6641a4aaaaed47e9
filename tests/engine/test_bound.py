"""The upper bound counts seats per course and slots per student, and is never too low."""

from __future__ import annotations

from homeroom_engine.bound import upper_bound
from homeroom_engine.model import build_instance
from homeroom_engine.schema import parse_problem
from tests.engine.helpers import tiny_problem


def _bound(doc: dict) -> float:  # type: ignore[type-arg]
    return upper_bound(build_instance(parse_problem(doc)))


def test_bound_is_one_when_everything_has_room() -> None:
    doc = tiny_problem(rooms=[], periods=["A", "B", "C", "D"])
    for row in doc["sections"]:
        row["capacity"] = 10
    assert _bound(doc) == 1.0


def test_bound_counts_seats_per_course_and_room_capacity() -> None:
    # Six slots hold MATH, CHEM, ECON, GOV but not ART too (8 slot units); CHEM's lab holds
    # two of the three students, and ART (one seat) can only replace a missing year course.
    total = 3 * 31
    assert _bound(tiny_problem()) == round((total - 3 * 1 - 1 * 10 + 1) / total, 9)


def test_bound_counts_slots_per_student() -> None:
    doc = tiny_problem(rooms=[], periods=["A", "B"])
    for row in doc["sections"]:
        row["capacity"] = 10
    doc["teachers"][0]["unavailable"] = []
    doc["sections"][4]["period"] = None
    # Two periods x two terms = 4 slots: MATH, CHEM, ART take 2 each, ECON and GOV 1 each.
    # At most 3 requests fit at once (ECON, GOV and one year course), so the bound may
    # count no more than the three heaviest requests.
    assert _bound(doc) <= (10 + 10 + 5) / 31 + 1e-9


def test_alternate_earns_half_the_weight_in_the_bound() -> None:
    doc = tiny_problem(rooms=[])
    doc["students"] = doc["students"][:1]
    doc["students"][0]["requests"] = [{"course": "ART", "weight": 4, "alternates": ["MATH"]}]
    doc["sections"][4]["capacity"] = 1
    doc["students"].append(
        {"id": "X", "requests": [{"course": "ART", "weight": 4, "alternates": []}]}
    )
    assert _bound(doc) == round((4 + 2) / 8, 9)
