"""The optimiser: valid on every input, near the planted optimum, better than greedy."""

from __future__ import annotations

import itertools
import time
from typing import Any

import pytest

from homeroom_engine.greedy import solve_greedy
from homeroom_engine.schema import Problem, ProblemError, Solution, parse_problem, solution_to_dict
from homeroom_engine.solve import solve
from homeroom_engine.validate import validate_document
from tests.engine.helpers import TINY_WORK, solve_and_check, tiny_problem

Docs = tuple[dict[str, Any], dict[str, Any]]
OVERSUBSCRIBED_WORK = 1_000_000  # work units (what a 4-second limit plans)
SAME_SEED_WORK = 500_000
CLOCK_TEST_WORK = 150_000


def test_solution_of_a_feasible_school_is_valid(
    feasible_problem: Problem, feasible_solution: Solution
) -> None:
    report = validate_document(feasible_problem, solution_to_dict(feasible_solution))
    assert report.ok, report.violations[:5]


def test_feasible_school_reaches_high_fulfilment(
    feasible_problem: Problem, feasible_solution: Solution
) -> None:
    assert feasible_solution.stats["weighted_fulfilment"] >= 0.95


def test_engine_beats_the_greedy_baseline(
    feasible_problem: Problem, feasible_solution: Solution
) -> None:
    greedy = solve_greedy(feasible_problem)
    assert validate_document(feasible_problem, solution_to_dict(greedy)).ok
    assert feasible_solution.stats["weighted_fulfilment"] > greedy.stats["weighted_fulfilment"]


def test_bound_is_at_least_the_achieved_and_the_planted_value(
    feasible_solution: Solution, oversubscribed_docs: Docs
) -> None:
    assert (
        feasible_solution.stats["upper_bound_weighted_fulfilment"]
        >= feasible_solution.stats["weighted_fulfilment"]
    )
    problem = parse_problem(oversubscribed_docs[0])
    solution = solve(problem, work_budget=OVERSUBSCRIBED_WORK, seed=0)
    planted = validate_document(problem, oversubscribed_docs[1]).scores
    assert planted is not None
    bound = solution.stats["upper_bound_weighted_fulfilment"]
    assert bound >= planted.weighted_fulfilment
    assert bound >= solution.stats["weighted_fulfilment"]
    assert solution.stats["weighted_fulfilment"] >= 0.95 * planted.weighted_fulfilment
    assert validate_document(problem, solution_to_dict(solution)).ok


def test_same_seed_gives_the_same_schedule(feasible_docs: Docs) -> None:
    problem = parse_problem(feasible_docs[0])
    first, second = (
        solution_to_dict(solve(problem, work_budget=SAME_SEED_WORK, seed=5)) for _ in range(2)
    )
    for doc in (first, second):
        assert doc["stats"].pop("seconds") >= 0  # the only wall-clock figure
        assert doc["stats"]["stopped_by_clock"] is False
    assert first == second


def test_a_work_budget_run_never_reads_the_clock(
    feasible_problem: Problem, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Under a clock that jumps an hour at every reading, a budgeted run is unchanged.

    The clock is read only for ``stats.seconds``: it reports the jumps (so the fake clock
    was in force), yet nothing stopped and the schedule is the same.
    """
    expected = solution_to_dict(solve(feasible_problem, work_budget=CLOCK_TEST_WORK, seed=2))
    hours = itertools.count(step=3600.0)
    monkeypatch.setattr(time, "monotonic", lambda: next(hours))
    budgeted = solution_to_dict(solve(feasible_problem, work_budget=CLOCK_TEST_WORK, seed=2))
    monkeypatch.undo()
    assert budgeted["stats"].pop("seconds") >= 3600
    assert budgeted["stats"]["stopped_by_clock"] is False
    expected["stats"].pop("seconds")
    assert budgeted == expected


def test_a_timed_run_stops_by_the_clock(
    feasible_problem: Problem, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The emergency stop of a timed run, against a fake clock only (an hour per reading),
    so the outcome does not depend on how busy the machine is."""
    hours = itertools.count(step=3600.0)
    monkeypatch.setattr(time, "monotonic", lambda: next(hours))
    timed = solve(feasible_problem, time_limit=60, seed=2)
    monkeypatch.undo()
    assert timed.stats["stopped_by_clock"] is True


def test_a_time_limit_and_a_work_budget_together_are_refused() -> None:
    # Refused before any work is done: nothing here is timed.
    with pytest.raises(ValueError, match="not both"):
        solve(parse_problem(tiny_problem()), time_limit=1, work_budget=TINY_WORK)


def test_every_unfulfilled_request_has_a_reason_naming_the_course(
    feasible_solution: Solution,
) -> None:
    for row in feasible_solution.unfulfilled:
        assert row.request in row.reason


def test_tiny_school_reaches_its_bound_and_explains_the_clash() -> None:
    problem, report = solve_and_check(tiny_problem())
    assert report.ok, report.violations
    solution = solve(problem, work_budget=TINY_WORK)
    assert solution.stats["weighted_fulfilment"] == pytest.approx(
        solution.stats["upper_bound_weighted_fulfilment"]
    )
    reasons = " ".join(row.reason for row in solution.unfulfilled)
    assert "full" in reasons or "where the student has" in reasons


def test_school_without_rooms_gets_null_rooms() -> None:
    problem = parse_problem(tiny_problem(rooms=[]))
    solution = solve(problem, work_budget=TINY_WORK)
    assert all(row.room is None for row in solution.sections)
    assert validate_document(problem, solution_to_dict(solution)).ok


def test_locked_periods_and_rooms_are_kept() -> None:
    doc = tiny_problem()
    doc["sections"][0]["period"] = "C"
    doc["sections"][0]["room"] = "LAB"
    problem, report = solve_and_check(doc)
    assert report.ok, report.violations
    placed = {row.id: row for row in solve(problem, work_budget=TINY_WORK).sections}
    assert (placed["MATH-1"].period, placed["MATH-1"].room) == ("C", "LAB")


def test_three_terms_five_periods_and_alternates_are_handled() -> None:
    doc = tiny_problem(terms=["T1", "T2", "T3"], periods=["1", "2", "3", "4", "5"])
    doc["teachers"][0]["unavailable"] = [{"term": "T3", "period": "5"}]
    for row in doc["sections"]:
        row["terms"] = ["T1", "T2", "T3"] if row["id"] in ("MATH-1", "CHEM-1") else ["T2"]
        row["period"] = None
    doc["students"][0]["requests"][4]["alternates"] = ["GOV"]
    doc["students"][0]["requests"].pop(3)
    _, report = solve_and_check(doc)
    assert report.ok, report.violations


def test_lab_course_is_scheduled_even_when_no_rooms_are_listed() -> None:
    _, report = solve_and_check(tiny_problem(rooms=[]))
    assert report.ok, report.violations


def test_section_that_can_meet_in_no_period_fails_cleanly() -> None:
    doc = tiny_problem()
    doc["teachers"][1]["unavailable"] = [{"term": "S1", "period": p} for p in ("A", "B", "C")]
    with pytest.raises(ProblemError, match="ECON-1"):
        solve(parse_problem(doc), work_budget=TINY_WORK)
