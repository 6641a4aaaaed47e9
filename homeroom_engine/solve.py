"""The optimiser: a master schedule, students by branch and bound, then local search.

1. Phase 1 (master.py) gives every section a period from the conflict matrix, singletons
   first, each into the period where it collides least with co-requested courses. When
   that construction gets stuck on the hard constraints, CP-SAT (periods.py) finds one.
2. Rooms (rooms.py) are matched period by period.
3. Phase 2 (placement.py) places students hardest first, each with an exact per-student
   search, then repairs unmet requests by moving occupants of full sections.
4. Large-neighbourhood search (lns.py) moves or swaps section periods around unmet
   requests and re-places the students involved, keeping a move only when it helps.

Every step works on a deterministic budget (CP-SAT deterministic time, counted search
nodes), so the same seed gives the same schedule. A wall-clock guard at the time limit
only matters on a machine much slower than expected.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from homeroom_engine.bound import upper_bound
from homeroom_engine.lns import Neighbourhood
from homeroom_engine.master import greedy_periods
from homeroom_engine.model import Instance, build_instance
from homeroom_engine.periods import PeriodModel
from homeroom_engine.placement import State, difficulty_order, place_all, repair_passes
from homeroom_engine.progress import Progress
from homeroom_engine.reasons import explain
from homeroom_engine.rooms import assign_rooms
from homeroom_engine.schema import (
    Enrollment,
    Problem,
    ProblemError,
    SectionPlacement,
    Solution,
    Unfulfilled,
)
from homeroom_engine.validate import compute_scores

NODES_PER_SECOND = 250_000  # search nodes per second of --time-limit (measured on 2 cores)
GREEDY_RESTARTS = 200  # perturbed constructions tried before falling back to CP-SAT
PHASE1_SHARE = 0.15  # CP-SAT deterministic time per second of time limit (fallback only)
REPAIR_EVERY = 400  # search steps between ejection-chain repair passes


def default_time_limit(n_students: int) -> float:
    """Seconds allowed by default: 20 s for small schools, growing to 100 s at 4,000."""
    return min(170.0, max(20.0, 10.0 + 0.0225 * n_students))


@dataclass
class Budget:
    """Deterministic work budget with a wall-clock guard."""

    work_limit: int
    deadline: float

    def exhausted(self, state: State) -> bool:
        return state.work >= self.work_limit or time.monotonic() >= self.deadline


def solve(
    problem: Problem,
    time_limit: float | None = None,
    seed: int = 0,
    progress: Progress | None = None,
) -> Solution:
    """Schedule a problem; the result never breaks a hard rule."""
    started = time.monotonic()
    limit = time_limit if time_limit is not None else default_time_limit(len(problem.students))
    progress = progress or Progress(limit, enabled=False)
    inst = build_instance(problem)
    bound = upper_bound(inst)
    progress.bound = bound
    progress.update("periods", force=True)
    periods = choose_periods(inst, limit, seed)
    rooms = assign_rooms(inst, periods, seed)
    state = State(inst, periods, rooms)
    improve(state, limit, started, progress, seed)
    progress.done()
    return build_solution(inst, state, bound, time.monotonic() - started)


def choose_periods(inst: Instance, limit: float, seed: int) -> list[int]:
    """Greedy master schedule; CP-SAT finds one when the greedy construction gets stuck."""
    periods = greedy_periods(inst, restarts=GREEDY_RESTARTS, seed=seed)
    if periods is None:
        model = PeriodModel(inst)
        periods = model.solve(det_time=PHASE1_SHARE * limit, seed=seed, wall_limit=0.6 * limit)
    if periods is None:
        raise ProblemError(
            "no period assignment satisfies the hard rules (teacher availability, locked periods "
            "and rooms, room counts per slot); check teacher loads and locked sections"
        )
    return periods


def improve(state: State, limit: float, started: float, progress: Progress, seed: int) -> None:
    """Place every student, repair, then search over periods until the budget runs out."""
    total = state.inst.problem.total_weight or 1.0
    place_all(state, difficulty_order(state.inst))
    progress.update("placement", state.total_value() / total, force=True)
    budget = Budget(
        work_limit=state.work + int(0.85 * limit * NODES_PER_SECOND),
        deadline=started + 0.97 * limit,
    )
    repair_passes(state, max_passes=2, work_limit=budget.work_limit)
    progress.update("repair", state.total_value() / total, force=True)
    lns = Neighbourhood(state, seed)
    steps = 0
    while not budget.exhausted(state) and lns.step():
        steps += 1
        if steps % REPAIR_EVERY == 0:
            repair_passes(state, max_passes=1, work_limit=budget.work_limit)
        progress.update("search", state.total_value() / total)
    repair_passes(state, max_passes=1)
    progress.update("done", state.total_value() / total, force=True)


def build_solution(
    inst: Instance, state: State, bound: float, seconds: float, extra: dict[str, Any] | None = None
) -> Solution:
    """Turn a state into a solution document with enrollments, reasons and stats."""
    problem = inst.problem
    sections = [
        SectionPlacement(
            id=sec.id,
            period=problem.periods[state.period[s]],
            room=problem.rooms[state.room[s]].id if state.room[s] >= 0 else None,
        )
        for s, sec in enumerate(problem.sections)
    ]
    enrollments: list[Enrollment] = []
    unfulfilled: list[Unfulfilled] = []
    for i, student in enumerate(problem.students):
        for r, request in enumerate(student.requests):
            s = state.assign[i][r]
            if s >= 0:
                enrollments.append(Enrollment(student.id, request.course, problem.sections[s].id))
            else:
                unfulfilled.append(
                    Unfulfilled(student.id, request.course, explain(inst, state, i, r))
                )
    scores = compute_scores(problem, enrollments)
    stats = scores.as_stats() | {
        "upper_bound_weighted_fulfilment": max(bound, round(scores.weighted_fulfilment, 9)),
        "seconds": round(seconds, 2),
    }
    stats |= extra or {}
    return Solution(problem.name, sections, enrollments, unfulfilled, stats)
