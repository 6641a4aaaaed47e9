"""Seating students from the master-schedule search's plan, and balancing sections."""

from __future__ import annotations

from collections import Counter
from typing import Any

from homeroom_engine.clash import ClashSearch
from homeroom_engine.model import Instance, build_instance
from homeroom_engine.placement import (
    COMPLETE_BONUS,
    State,
    balance,
    difficulty_order,
    place_from_plan,
)
from homeroom_engine.rooms import assign_rooms
from homeroom_engine.schema import parse_problem
from homeroom_engine.solve import Limits, choose_periods
from tests.engine.helpers import tiny_problem


def _annealed(doc: dict[str, Any], work: int = 200_000) -> ClashSearch:
    inst = build_instance(parse_problem(doc))
    periods = choose_periods(inst, Limits(10.0, clock=False), 0)
    search = ClashSearch(inst, periods, assign_rooms(inst, periods, 0), seed=5)
    search.anneal(work)
    return search


def _assert_consistent(state: State) -> None:
    """Seats, members and timetables agree with the assignment, and no rule is broken."""
    inst = state.inst
    count: Counter[int] = Counter()
    for i, row in enumerate(state.assign):
        busy = 0
        for r, s in enumerate(row):
            if s < 0:
                continue
            count[s] += 1
            assert i in state.members[s]
            courses = {c.course for c in inst.student_requests[i][r].candidates}
            assert inst.section_course[s] in courses
            assert not busy & state.smask[s], f"student {i} double-booked"
            busy |= state.smask[s]
        assert busy == state.busy[i]
    for s in range(inst.n_sections):
        assert count[s] == state.count[s] <= state.cap[s]


def test_students_are_seated_where_the_search_put_them(
    feasible_docs: tuple[dict[str, Any], dict[str, Any]],
) -> None:
    search = _annealed(feasible_docs[0])
    inst = search.inst
    state = State(inst, search.period, search.room)
    place_from_plan(state, search.plan, difficulty_order(inst))
    _assert_consistent(state)
    overflowing = {k for k, n in search.load.items() if n > search.group_seats.get(k, 0)}
    followed = planned = 0
    for i, plan in enumerate(search.plan):
        promised = 0.0
        for r, (course, mask) in enumerate(plan):
            if course < 0 or (course, mask) in overflowing:
                continue
            planned += 1
            cands = inst.student_requests[i][r].candidates
            promised += next(c.value for c in cands if c.course == course) + COMPLETE_BONUS
            s = state.assign[i][r]
            followed += s >= 0 and inst.section_course[s] == course and state.smask[s] == mask
        # Re-solving may move a student whose group overflowed, never below the plan.
        assert state.value[i] >= promised - 1e-9
    assert planned > 0
    assert followed >= 0.9 * planned


def test_annealing_is_deterministic_and_its_bookkeeping_exact(
    feasible_docs: tuple[dict[str, Any], dict[str, Any]],
) -> None:
    first, second = _annealed(feasible_docs[0]), _annealed(feasible_docs[0])
    assert (first.period, first.room, first.plan) == (second.period, second.room, second.plan)
    load = Counter(o for plan in first.plan for o in plan if o[0] >= 0)
    assert {k: v for k, v in first.load.items() if v} == dict(load)
    assert first.temperature == 0.0


# MATH-1 A, CHEM-1 C, ECON-1 B (S1), GOV-1 A (S2), ART-1 C, MATH-2 B.
PERIODS = [0, 2, 1, 0, 2, 1]


def _stacked(inst: Instance) -> State:
    """Everyone's MATH in one section while a second MATH section sits empty."""
    state = State(inst, PERIODS, [-1] * inst.n_sections)
    for i in range(inst.n_students):
        state.apply(i, [0] + [-1] * (len(inst.student_requests[i]) - 1))
    return state


def test_balance_moves_students_to_an_emptier_section_of_the_same_course() -> None:
    doc = tiny_problem(rooms=[])
    for section in doc["sections"]:
        section["capacity"] = 4
    extra = dict(doc["sections"][0], id="MATH-2", teacher="T2", period=None)
    doc["sections"].append(extra)
    doc["students"].append(
        {"id": "S9", "grade": 9, "requests": [doc["students"][0]["requests"][0]]}
    )
    inst = build_instance(parse_problem(doc))
    state = _stacked(inst)
    values = list(state.value)
    assert (state.count[0], state.count[5]) == (4, 0)
    moves = balance(state)
    _assert_consistent(state)
    assert moves == 2
    assert (state.count[0], state.count[5]) == (2, 2)
    assert state.value == values


def test_balance_leaves_a_student_whose_timetable_blocks_the_other_section() -> None:
    doc = tiny_problem(rooms=[])
    for section in doc["sections"]:
        section["capacity"] = 4
    extra = dict(doc["sections"][0], id="MATH-2", teacher="T2", period=None)
    doc["sections"].append(extra)
    inst = build_instance(parse_problem(doc))
    state = State(inst, PERIODS, [-1] * inst.n_sections)
    # Every student takes MATH-1 (A) and ECON-1 (B, S1): MATH-2 meets in B, so nobody moves.
    for i in range(inst.n_students):
        state.apply(i, [0, -1, 2, -1, -1])
    assert balance(state) == 0
    assert (state.count[0], state.count[5]) == (3, 0)
