"""Builders for tiny hand-made problems that exercise the general case of the format."""

from __future__ import annotations

from typing import Any

from homeroom_engine.schema import Problem, parse_problem, solution_to_dict
from homeroom_engine.solve import solve
from homeroom_engine.validate import Report, validate_document
from tests.engine import spec_check


def tiny_problem(**overrides: Any) -> dict[str, Any]:
    """Two terms, three periods, two rooms, a lab course, a semester pair and alternates."""
    doc: dict[str, Any] = {
        "format": "homeroom-schedule-problem/1",
        "name": "Tiny",
        "terms": ["S1", "S2"],
        "periods": ["A", "B", "C"],
        "rooms": [
            {"id": "R1", "capacity": 3, "features": []},
            {"id": "LAB", "capacity": 2, "features": ["science-lab"]},
        ],
        "teachers": [{"id": "T1", "unavailable": [{"term": "S1", "period": "A"}]}, {"id": "T2"}],
        "courses": [
            {"id": "MATH", "title": "Math", "room_feature": None},
            {"id": "CHEM", "title": "Chemistry", "room_feature": "science-lab"},
            {"id": "ECON", "title": "Economics", "room_feature": None},
            {"id": "GOV", "title": "Government", "room_feature": None},
            {"id": "ART", "title": "Art", "room_feature": None},
        ],
        "sections": [
            {
                "id": "MATH-1",
                "course": "MATH",
                "teacher": "T1",
                "terms": ["S1", "S2"],
                "capacity": 3,
                "period": None,
                "room": None,
            },
            {
                "id": "CHEM-1",
                "course": "CHEM",
                "teacher": "T1",
                "terms": ["S1", "S2"],
                "capacity": 3,
                "period": None,
                "room": None,
            },
            {
                "id": "ECON-1",
                "course": "ECON",
                "teacher": "T2",
                "terms": ["S1"],
                "capacity": 3,
                "period": None,
                "room": None,
            },
            {
                "id": "GOV-1",
                "course": "GOV",
                "teacher": "T2",
                "terms": ["S2"],
                "capacity": 3,
                "period": None,
                "room": None,
            },
            {
                "id": "ART-1",
                "course": "ART",
                "teacher": None,
                "terms": ["S1", "S2"],
                "capacity": 1,
                "period": "C",
                "room": None,
            },
        ],
        "students": [
            {
                "id": f"S{n}",
                "grade": 9 + n % 4,
                "requests": [
                    {"course": "MATH", "weight": 10, "alternates": []},
                    {"course": "CHEM", "weight": 10, "alternates": []},
                    {"course": "ECON", "weight": 5, "alternates": []},
                    {"course": "GOV", "weight": 5, "alternates": []},
                    {"course": "ART", "weight": 1, "alternates": []},
                ],
            }
            for n in range(3)
        ],
    }
    doc.update(overrides)
    return doc


TINY_WORK = 500_000  # work units for the tiny problems (what a 2-second limit plans)


def solve_and_check(
    doc: dict[str, Any], work_budget: int = TINY_WORK, seed: int = 0
) -> tuple[Problem, Report]:
    """Solve a problem document and validate the result independently."""
    problem = parse_problem(doc)
    solution = solution_to_dict(solve(problem, work_budget=work_budget, seed=seed))
    report = validate_document(problem, solution)
    violations, _ = spec_check.check(doc, solution)
    assert report.ok == (not violations), (report.violations[:3], violations[:3])
    return problem, report
