"""The independent validator accepts planted solutions and catches every broken rule."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from homeroom_engine.schema import parse_problem
from homeroom_engine.validate import validate_document

Docs = tuple[dict[str, Any], dict[str, Any]]


def _check(docs: Docs, solution: dict[str, Any]) -> list[str]:
    return validate_document(parse_problem(docs[0]), solution).violations


def test_planted_feasible_solution_is_valid_and_fulfils_everything(feasible_docs: Docs) -> None:
    report = validate_document(parse_problem(feasible_docs[0]), feasible_docs[1])
    assert report.ok, report.violations
    assert report.scores is not None
    assert report.scores.weighted_fulfilment == 1.0


def test_planted_oversubscribed_solution_is_valid_and_below_one(oversubscribed_docs: Docs) -> None:
    report = validate_document(parse_problem(oversubscribed_docs[0]), oversubscribed_docs[1])
    assert report.ok, report.violations
    assert report.scores is not None
    assert report.scores.weighted_fulfilment < 1.0


def _mutated(docs: Docs) -> dict[str, Any]:
    return copy.deepcopy(docs[1])


def test_overfull_section_is_reported(feasible_docs: Docs) -> None:
    problem_doc = copy.deepcopy(feasible_docs[0])
    counts: dict[str, int] = {}
    for row in feasible_docs[1]["enrollments"]:
        counts[row["section"]] = counts.get(row["section"], 0) + 1
    crowded = max(counts, key=lambda s: (counts[s], s))
    for row in problem_doc["sections"]:
        if row["id"] == crowded:
            row["capacity"] = counts[crowded] - 1
    report = validate_document(parse_problem(problem_doc), feasible_docs[1])
    assert any("rule 3" in v and crowded in v for v in report.violations)


def test_student_in_two_sections_at_once_is_reported(feasible_docs: Docs) -> None:
    sol = _mutated(feasible_docs)
    mine = [e for e in sol["enrollments"] if e["student"] == sol["enrollments"][0]["student"]]
    period_of = {s["id"]: s["period"] for s in sol["sections"]}
    for row in sol["sections"]:
        if row["id"] == mine[1]["section"]:
            row["period"] = period_of[mine[0]["section"]]
    assert any("rule 2" in v for v in _check(feasible_docs, sol))


def test_teacher_in_unavailable_slot_is_reported(feasible_docs: Docs) -> None:
    problem = parse_problem(feasible_docs[0])
    teacher = next(t for t in problem.teachers if t.unavailable)
    term, period = sorted(teacher.unavailable)[0]
    section = next(s for s in problem.sections if s.teacher == teacher.id and term in s.terms)
    sol = _mutated(feasible_docs)
    for row in sol["sections"]:
        if row["id"] == section.id:
            row["period"] = period
    assert any("rule 4" in v for v in _check(feasible_docs, sol))


def test_lab_course_in_ordinary_room_is_reported(feasible_docs: Docs) -> None:
    problem = parse_problem(feasible_docs[0])
    lab = next(s for s in problem.sections if problem.course_by_id[s.course].room_feature)
    plain = next(r for r in problem.rooms if not r.features)
    sol = _mutated(feasible_docs)
    for row in sol["sections"]:
        if row["id"] == lab.id:
            row["room"] = plain.id
    assert any("rule 5" in v for v in _check(feasible_docs, sol))


def test_enrollment_in_a_course_not_requested_is_reported(feasible_docs: Docs) -> None:
    sol = _mutated(feasible_docs)
    first = sol["enrollments"][0]
    other = next(e for e in sol["enrollments"] if e["request"] != first["request"])
    first["section"] = other["section"]
    assert any("rule 6" in v for v in _check(feasible_docs, sol))


def test_stats_that_disagree_with_the_enrollments_are_reported(feasible_docs: Docs) -> None:
    sol = _mutated(feasible_docs)
    sol["stats"]["weighted_fulfilment"] = 0.5
    sol["stats"]["students_complete"] = -1
    violations = _check(feasible_docs, sol)
    assert any("stats.weighted_fulfilment" in v for v in violations)
    assert any("stats.students_complete" in v for v in violations)


def test_missing_unfulfilled_rows_are_reported(feasible_docs: Docs) -> None:
    sol = _mutated(feasible_docs)
    sol["enrollments"].pop()
    assert any("is missing" in v for v in _check(feasible_docs, sol))


def test_locked_period_changed_is_reported(feasible_docs: Docs) -> None:
    problem = parse_problem(feasible_docs[0])
    locked = next(s for s in problem.sections if s.period is not None)
    other = next(p for p in problem.periods if p != locked.period)
    sol = _mutated(feasible_docs)
    for row in sol["sections"]:
        if row["id"] == locked.id:
            row["period"] = other
    assert any("locked period" in v for v in _check(feasible_docs, sol))


@pytest.mark.parametrize(
    "document", [None, [], {"format": "x"}, {"format": "homeroom-schedule-solution/1"}]
)
def test_malformed_solution_is_reported_not_raised(feasible_docs: Docs, document: Any) -> None:
    violations = _check(feasible_docs, document)
    assert len(violations) == 1
    assert violations[0].startswith("malformed solution")
