"""Problems shaped unlike the generator's: other terms and periods, odd rooms and teachers.

Every solution is checked by the engine's validator and by tests/engine/spec_check.py (a
second validator written from the spec only); the bound must be at least the achieved
value, and impossible hard constraints must fail cleanly, naming the section.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest

from homeroom_engine.cli import main
from homeroom_engine.greedy import solve_greedy
from homeroom_engine.schema import ProblemError, parse_problem, solution_to_dict
from homeroom_engine.solve import solve
from homeroom_engine.validate import validate_document
from tests.engine import spec_check
from tests.engine.trimester_school import trimester_school


def _random_problem(
    seed: int, terms: list[str], n_periods: int, with_rooms: bool = True
) -> dict[str, Any]:
    """A random school built around a hidden valid master schedule, so one always exists."""
    rng = random.Random(seed)
    periods = [f"P{k}" for k in range(n_periods)]
    courses = [
        {"id": f"C{k}", "title": "", "room_feature": "lab" if k % 5 == 0 else None}
        for k in range(rng.randint(4, 9))
    ]
    courses.append({"id": "EMPTY", "title": "no sections", "room_feature": None})
    teachers = [{"id": f"T{k}", "unavailable": []} for k in range(rng.randint(2, 5))]
    used: set[tuple[str, str, str]] = set()  # (teacher or room, term, period)
    rooms: list[dict[str, Any]] = []
    sections = []
    for n in range(rng.randint(6, 16)):
        course = courses[n % (len(courses) - 1)]
        sec_terms = rng.choice([terms, [rng.choice(terms)]])
        teacher = rng.choice([*[t["id"] for t in teachers], None])
        slots = [
            p
            for p in periods
            if teacher is None or all((teacher, t, p) not in used for t in sec_terms)
        ]
        if not slots:
            teacher = None
            slots = periods
        period = rng.choice(slots)
        room = _hidden_room(rooms, used, course["room_feature"], sec_terms, period, rng)
        for t in sec_terms:
            used.add((teacher or "-", t, period))
            used.add((room, t, period))
        locked = rng.random() < 0.15
        sections.append(
            {
                "id": f"X{n}",
                "course": course["id"],
                "teacher": teacher,
                "terms": sec_terms,
                "capacity": rng.randint(1, 6),
                "period": period if locked else None,
                "room": room if locked and with_rooms and rng.random() < 0.5 else None,
            }
        )
    for teacher in teachers:
        free = [
            {"term": t, "period": p}
            for t in terms
            for p in periods
            if (teacher["id"], t, p) not in used
        ]
        teacher["unavailable"] = rng.sample(free, len(free) // 2)
    offered = sorted({s["course"] for s in sections})
    students = []
    for n in range(rng.randint(0, 25)):
        picks = rng.sample([*offered, "EMPTY"], min(len(offered) + 1, rng.randint(0, 6)))
        requests = []
        for k, course in enumerate(picks):
            alternates = picks[k + 1 : k + 1 + rng.randint(0, 2)] if rng.random() < 0.3 else []
            requests.append(
                {"course": course, "weight": rng.choice([1, 2.5, 10]), "alternates": alternates}
            )
        requests = _drop_repeats(requests)
        students.append({"id": f"S{n}", "grade": None, "requests": requests})
    return {
        "format": "homeroom-schedule-problem/1",
        "name": f"shape-{seed}",
        "terms": terms,
        "periods": periods,
        "rooms": rooms if with_rooms else [],
        "teachers": teachers,
        "courses": courses,
        "sections": sections,
        "students": students,
    }


def _hidden_room(
    rooms: list[dict[str, Any]],
    used: set[tuple[str, str, str]],
    feature: str | None,
    terms: list[str],
    period: str,
    rng: random.Random,
) -> str:
    for room in rooms:
        fits = feature is None or feature in room["features"]
        if fits and all((room["id"], t, period) not in used for t in terms):
            return str(room["id"])
    room_id = f"R{len(rooms)}"
    features = ["lab"] if feature or rng.random() < 0.2 else []
    rooms.append({"id": room_id, "capacity": rng.randint(2, 8), "features": features})
    return room_id


def _drop_repeats(requests: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A student requests a course at most once, counting alternates."""
    seen: set[str] = set()
    out = []
    for row in requests:
        if row["course"] in seen:
            continue
        row["alternates"] = [a for a in row["alternates"] if a not in seen and a != row["course"]]
        seen.update([row["course"], *row["alternates"]])
        out.append(row)
    return out


SHAPE_WORK = 125_000  # work units for the small random shapes (what 0.5 s plans)
TRIMESTER_WORK = 500_000  # for the 120-student trimester school (what 2 s plans)


def _check_both(
    doc: dict[str, Any], work_budget: int = SHAPE_WORK, seed: int = 0
) -> dict[str, Any]:
    problem = parse_problem(doc)
    solution = solution_to_dict(solve(problem, work_budget=work_budget, seed=seed))
    report = validate_document(problem, solution)
    violations, value = spec_check.check(doc, solution)
    assert report.ok, report.violations[:5]
    assert not violations, violations[:5]
    assert report.scores is not None
    assert value == pytest.approx(report.scores.weighted_fulfilment, abs=1e-9)
    assert solution["stats"]["weighted_fulfilment"] == pytest.approx(value, abs=1e-6)
    assert solution["stats"]["upper_bound_weighted_fulfilment"] >= value - 1e-9
    return solution


SHAPES = [
    (["S1", "S2"], 7, True),
    (["T1", "T2", "T3"], 4, True),
    (["Y"], 9, False),
    (["Q1", "Q2", "Q3", "Q4"], 4, True),
    (["Y"], 4, True),
    (["T1", "T2", "T3"], 9, False),
]


@pytest.mark.parametrize("seed", range(12))
def test_random_shapes_solve_validly(seed: int) -> None:
    terms, n_periods, with_rooms = SHAPES[seed % len(SHAPES)]
    _check_both(_random_problem(seed, terms, n_periods, with_rooms))


def test_quarter_like_school_of_single_term_sections() -> None:
    doc = _random_problem(101, ["Q1", "Q2", "Q3", "Q4"], 4)
    for row in doc["sections"]:
        row["terms"] = row["terms"][:1]
    _check_both(doc)


def test_teacher_available_in_one_slot_only_gets_that_slot() -> None:
    doc = _random_problem(7, ["S1", "S2"], 5)
    section = doc["sections"][0]
    section.update(teacher="ONLY", terms=["S1"], period=None, room=None)
    doc["teachers"].append(
        {
            "id": "ONLY",
            "unavailable": [
                {"term": t, "period": p}
                for t in doc["terms"]
                for p in doc["periods"]
                if (t, p) != ("S1", "P3")
            ],
        }
    )
    solution = _check_both(doc)
    placed = {row["id"]: row["period"] for row in solution["sections"]}
    assert placed[section["id"]] == "P3"


def test_school_with_no_students_and_no_requests() -> None:
    doc = _random_problem(3, ["S1", "S2"], 6)
    doc["students"] = [{"id": "A", "requests": []}]
    solution = _check_both(doc)
    assert solution["stats"]["weighted_fulfilment"] == 1
    assert solution["stats"]["students_complete"] == 1


def test_alternate_chains_only_earn_half() -> None:
    doc = _random_problem(5, ["S1", "S2"], 3, with_rooms=False)
    course = doc["sections"][0]["course"]
    doc["students"] = [
        {"id": "A", "requests": [{"course": "EMPTY", "weight": 4, "alternates": [course]}]}
    ]
    solution = _check_both(doc)
    assert solution["stats"]["weighted_fulfilment"] == pytest.approx(0.5)


def test_locked_period_where_the_teacher_is_unavailable_fails_cleanly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = _random_problem(9, ["S1", "S2"], 5)
    section = next(row for row in doc["sections"] if row["teacher"])
    section["period"] = "P1"
    teacher = next(t for t in doc["teachers"] if t["id"] == section["teacher"])
    teacher["unavailable"] = [{"term": section["terms"][0], "period": "P1"}]
    with pytest.raises(ProblemError, match=section["id"]):
        solve(parse_problem(doc), work_budget=SHAPE_WORK)
    path = tmp_path / "problem.json"
    path.write_text(json.dumps(doc))
    out = tmp_path / "solution.json"
    assert main(["solve", "--input", str(path), "--output", str(out), "--quiet"]) == 2
    assert section["id"] in capsys.readouterr().err
    assert not out.exists()


def test_feature_course_with_a_locked_room_lacking_it_fails_cleanly() -> None:
    doc = _random_problem(11, ["S1", "S2"], 5)
    plain = next((r for r in doc["rooms"] if not r["features"]), None)
    if plain is None:
        plain = {"id": "PLAIN", "capacity": 5, "features": []}
        doc["rooms"].append(plain)
    section = next(
        row for row in doc["sections"] if row["course"] in {"C0", "C5"} and row["period"] is None
    )
    section["room"] = plain["id"]
    with pytest.raises(ProblemError, match=section["id"]):
        solve(parse_problem(doc), work_budget=SHAPE_WORK)


def test_same_seed_same_result_on_an_odd_shape() -> None:
    doc = _random_problem(4, ["T1", "T2", "T3"], 4)
    first, second = (_check_both(doc, seed=3) for _ in range(2))
    for solution in (first, second):
        assert solution["stats"].pop("seconds") >= 0  # the only wall-clock figure
        assert solution["stats"]["stopped_by_clock"] is False
    assert first == second


def test_generated_school_solution_passes_the_second_validator(
    feasible_docs: tuple[dict[str, Any], dict[str, Any]], feasible_solution: Any
) -> None:
    problem_doc, planted = feasible_docs
    solution = solution_to_dict(feasible_solution)
    violations, value = spec_check.check(problem_doc, solution)
    assert not violations, violations[:5]
    assert value == pytest.approx(solution["stats"]["weighted_fulfilment"], abs=1e-6)
    assert spec_check.check(problem_doc, planted) == ([], pytest.approx(1.0))


@pytest.mark.parametrize("seed", [1, 2])
def test_trimester_school_with_scarce_rooms_beats_greedy(seed: int) -> None:
    """8 periods, trimesters, six-block teachers, alternates, rooms only for the busiest slot."""
    doc = trimester_school(120, seed)
    solution = _check_both(doc, work_budget=TRIMESTER_WORK)
    greedy = solution_to_dict(solve_greedy(parse_problem(doc)))
    violations, greedy_value = spec_check.check(doc, greedy)
    assert not violations, violations[:5]
    assert solution["stats"]["weighted_fulfilment"] >= max(0.98, greedy_value)
