"""The optimiser: a master schedule, an annealed seat-aware search, then students and repairs.

1. Phase 1 (master.py) gives every section a period from the conflict matrix, singletons
   first, each into the period where it collides least with co-requested courses. When
   that construction gets stuck on the hard constraints, CP-SAT (periods.py) finds one.
2. Rooms (rooms.py) are matched period by period.
3. The master schedule is improved by simulated annealing (clash.py) on a seat-aware
   student objective: every student's best clash-free plan, minus a penalty per seat of
   demand beyond what the sections meeting at those times hold.
4. Students are seated as their plans say (placement.py); those left short are re-solved
   by branch and bound, then repaired by moving occupants of full sections.
5. Large-neighbourhood search (lns.py) moves or swaps section periods around unmet
   requests; a final repair uses ejection chains of depth three; a balance pass evens out
   sections of a course without changing anyone's value.

Every step works on a deterministic budget (CP-SAT deterministic time, counted search
nodes), so the same seed gives the same schedule. With a time limit, the wall clock is only
an emergency stop at the limit; when it fires, ``stats.stopped_by_clock`` is true. With a
work budget instead (``solve(problem, work_budget=N)``), the clock is never read: the
result depends only on the problem, the seed and the budget.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass

from homeroom_engine.bound import upper_bound
from homeroom_engine.clash import SEAT_PENALTY, ClashSearch
from homeroom_engine.lns import Neighbourhood
from homeroom_engine.master import greedy_periods
from homeroom_engine.model import Instance, build_instance
from homeroom_engine.periods import PeriodModel
from homeroom_engine.placement import (
    COMPLETE_BONUS,
    State,
    balance,
    difficulty_order,
    place_from_plan,
    repair_passes,
)
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
STEP_WORK = 200  # work units charged per search step, so tiny schools stop by work too
FINAL_SHARE = 0.6  # share of the work budget for the final deep repair
FINAL_DEPTH = 3  # length of the ejection chains in the final repair
FINAL_PASSES = 6  # final repair passes (it stops early when a pass changes nothing)
SEAT_SHARE = 3.0  # work of the seat-aware master-schedule search, per unit of the budget
SEARCH_WORK_PER_STUDENT = 60_000  # cap on the search's work, so tiny schools end quickly
SEARCH_DEADLINE = 0.7  # emergency stop of the master-schedule search, as a share of the limit
LNS_SHARE = 0.3  # share of the work budget for the period search after placement


def default_time_limit(n_students: int) -> float:
    """Seconds allowed by default: 40 s for small schools, growing to 100 s at 4,000."""
    return min(170.0, max(40.0, 10.0 + 0.0225 * n_students))


@dataclass(frozen=True)
class Limits:
    """What bounds a run: work sized as for ``seconds`` of the reference machine, and a clock.

    Every work budget is a share of ``seconds * NODES_PER_SECOND`` work units. With
    ``clock`` true, ``seconds`` is also a wall-clock limit whose emergency stops are
    reported; with ``clock`` false the wall clock is never read, so the run is reproducible
    on any machine under any load.
    """

    seconds: float
    clock: bool = True

    @classmethod
    def of_work(cls, work_budget: int) -> Limits:
        """Clock-free limits planning ``work_budget`` work units."""
        if work_budget <= 0:
            raise ValueError(f"work_budget must be positive, got {work_budget!r}")
        return cls(work_budget / NODES_PER_SECOND, clock=False)

    def work(self, share: float) -> int:
        """Work units for a stage given ``share`` of the budget."""
        return int(share * self.seconds * NODES_PER_SECOND)

    def deadline(self, started: float, share: float) -> float | None:
        """Wall-clock emergency stop at ``share`` of the limit, or None without a clock."""
        return started + share * self.seconds if self.clock else None


@dataclass
class Budget:
    """Deterministic work budget; the wall clock, if any, is only an emergency stop, reported."""

    work_limit: int
    deadline: float | None
    clock_stopped: bool = False

    def exhausted(self, state: State) -> bool:
        if state.work >= self.work_limit:
            return True
        if self.deadline is not None and time.monotonic() >= self.deadline:
            self.clock_stopped = True
        return self.clock_stopped


def solve(
    problem: Problem,
    time_limit: float | None = None,
    seed: int = 0,
    progress: Progress | None = None,
    *,
    work_budget: int | None = None,
) -> Solution:
    """Schedule a problem; the result never breaks a hard rule.

    ``time_limit`` (seconds, default by size) sizes the work and stops the run by the wall
    clock in an emergency. ``work_budget`` (work units, ``NODES_PER_SECOND`` per second of
    a time limit) sizes the work the same way but never reads the clock: the result then
    depends only on the problem, the seed and the budget. Give one or neither, not both.
    """
    started = time.monotonic()
    if work_budget is not None:
        if time_limit is not None:
            raise ValueError("give a time limit or a work budget, not both")
        limits = Limits.of_work(work_budget)
    else:
        n = len(problem.students)
        limits = Limits(time_limit if time_limit is not None else default_time_limit(n))
    progress = progress or Progress(limits.seconds, enabled=False)
    inst = build_instance(problem)
    bound = upper_bound(inst)
    progress.bound = bound
    progress.update("periods", force=True)
    periods = choose_periods(inst, limits, seed)
    rooms = assign_rooms(inst, periods, seed)
    search = master_search(inst, periods, rooms, limits, seed, started, progress)
    progress.update("annealing", search.estimated_fulfilment(), force=True)
    state = State(inst, search.period, search.room)
    place_from_plan(state, search.plan, difficulty_order(inst))
    clock_stopped = improve(state, limits, started, progress, seed, bound)
    progress.done()
    extra = {
        "stopped_by_clock": clock_stopped or search.clock_stopped,
        "work": state.work + search.work,
    }
    return build_solution(inst, state, bound, time.monotonic() - started, extra)


def choose_periods(inst: Instance, limits: Limits, seed: int) -> list[int]:
    """Greedy master schedule; CP-SAT finds one when the greedy construction gets stuck.

    CP-SAT runs on one worker with a deterministic-time budget; a wall-clock limit is added
    only when ``limits`` has a clock.
    """
    periods = greedy_periods(inst, restarts=GREEDY_RESTARTS, seed=seed)
    if periods is None:
        model = PeriodModel(inst)
        wall = 0.6 * limits.seconds if limits.clock else None
        periods = model.solve(det_time=PHASE1_SHARE * limits.seconds, seed=seed, wall_limit=wall)
    if periods is None:
        raise ProblemError(
            "no period assignment satisfies the hard rules (teacher availability, locked periods "
            "and rooms, room counts per slot); check teacher loads and locked sections"
        )
    return periods


def master_search(
    inst: Instance,
    periods: list[int],
    rooms: list[int],
    limits: Limits,
    seed: int,
    started: float,
    progress: Progress | None = None,
) -> ClashSearch:
    """Improve the master schedule on the seat-aware student objective, by annealing.

    With a clock, the wall clock stops it (an emergency stop, reported) at
    ``SEARCH_DEADLINE`` of the limit, so that placement and repair always get time.
    """
    search = ClashSearch(inst, periods, rooms, seed, seat_penalty=SEAT_PENALTY)
    deadline = limits.deadline(started, SEARCH_DEADLINE)

    def report() -> None:
        if progress is not None:
            progress.update("annealing", search.estimated_fulfilment())

    work = min(
        SEAT_SHARE * limits.seconds * NODES_PER_SECOND,
        SEARCH_WORK_PER_STUDENT * inst.n_students,
    )
    search.anneal(int(work), deadline=deadline, on_chunk=report)
    return search


def _at_bound(state: State, bound: float) -> bool:
    """True when weighted fulfilment already equals the upper bound (nothing to gain)."""
    total = state.inst.problem.total_weight or 1.0
    met = sum(s >= 0 for row in state.assign for s in row)
    return (state.total_value() - COMPLETE_BONUS * met) / total >= bound - 1e-9


def improve(
    state: State,
    limits: Limits,
    started: float,
    progress: Progress,
    seed: int,
    bound: float = 1.0,
) -> bool:
    """Repair the placed students, then search over periods until the work budget runs out.

    Returns True when the wall-clock emergency stop cut the search short (the result may
    then differ from a run on a faster machine; the solution reports it in ``stats``).
    Without a clock in ``limits`` it never does.
    """
    total = state.inst.problem.total_weight or 1.0
    progress.update("placement", state.total_value() / total, force=True)
    budget = Budget(
        work_limit=state.work + limits.work(LNS_SHARE),
        deadline=limits.deadline(started, 0.97),
    )
    repair_passes(state, max_passes=2, work_limit=budget.work_limit)
    progress.update("repair", state.total_value() / total, force=True)
    lns = Neighbourhood(state, seed)
    steps = 0
    while not budget.exhausted(state) and lns.step():
        if steps % 50 == 0 and _at_bound(state, bound):
            break
        steps += 1
        state.work += STEP_WORK
        if steps % REPAIR_EVERY == 0:
            repair_passes(state, max_passes=1, work_limit=budget.work_limit)
        progress.update("search", state.total_value() / total)
    final_limit = state.work + limits.work(FINAL_SHARE)
    clock_stopped = repair_passes(
        state, FINAL_PASSES, work_limit=final_limit, depth=FINAL_DEPTH, deadline=budget.deadline
    )
    balance(state)
    progress.update("done", state.total_value() / total, force=True)
    return budget.clock_stopped or clock_stopped


def build_solution(
    inst: Instance,
    state: State,
    bound: float,
    seconds: float,
    extra: Mapping[str, object] | None = None,
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
