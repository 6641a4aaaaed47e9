"""The greedy baseline, as commercial student-information systems document it.

The master schedule is taken as given where sections are locked and otherwise built by
hand-style construction from the conflict matrix (master.py). Students are then loaded
course by course, courses with the fewest sections first; each student goes into the
section of that course with the most empty seats that does not clash with what the student
already has, trying the request's alternates in order when none fits.
"""

from __future__ import annotations

import time

from homeroom_engine.bound import upper_bound
from homeroom_engine.master import greedy_periods
from homeroom_engine.model import Instance, build_instance
from homeroom_engine.placement import COMPLETE_BONUS, State
from homeroom_engine.rooms import assign_rooms
from homeroom_engine.schema import Problem, Solution
from homeroom_engine.solve import Limits, build_solution, choose_periods

# Work for the fallback board when the first construction sticks (no clock: reproducible).
BOARD_LIMITS = Limits(10.0, clock=False)


def load_students(state: State) -> None:
    """Course by course, fewest sections first, most empty seats first."""
    inst = state.inst
    wanting: list[list[tuple[int, int]]] = [[] for _ in inst.course_sections]
    for i, reqs in enumerate(inst.student_requests):
        for r, req in enumerate(reqs):
            wanting[req.candidates[0].course].append((i, r))
    for course in sorted(
        range(len(inst.course_sections)), key=lambda c: (len(inst.course_sections[c]), c)
    ):
        for i, r in wanting[course]:
            for cand in inst.student_requests[i][r].candidates:
                s = _emptiest_fitting(state, i, cand.course)
                if s >= 0:
                    _enroll(state, i, r, s, cand.value)
                    break


def _emptiest_fitting(state: State, i: int, course: int) -> int:
    best, best_free = -1, 0
    for s in state.inst.course_sections[course]:
        free = state.cap[s] - state.count[s]
        if free > best_free and not state.smask[s] & state.busy[i]:
            best, best_free = s, free
    return best


def _enroll(state: State, i: int, r: int, s: int, value: float) -> None:
    state.assign[i][r] = s
    state.count[s] += 1
    state.members[s].add(i)
    state.busy[i] |= state.smask[s]
    state.value[i] += value + COMPLETE_BONUS


def greedy_state(inst: Instance) -> State:
    periods = greedy_periods(inst)
    if periods is None:  # a scheduler would rearrange the board: use the engine's restarts
        periods = choose_periods(inst, BOARD_LIMITS, seed=0)
    state = State(inst, periods, assign_rooms(inst, periods))
    load_students(state)
    return state


def solve_greedy(problem: Problem) -> Solution:
    """Baseline solution of a problem (same output format as the optimiser)."""
    started = time.monotonic()
    inst = build_instance(problem)
    state = greedy_state(inst)
    return build_solution(
        inst, state, upper_bound(inst), time.monotonic() - started, {"engine": "greedy"}
    )
