"""Incremental repair: keep an existing schedule, fix only what a change broke.

Sections keep their previous period and room when still legal (locked values, teacher
availability, no teacher or room clash); the others get the period that clashes least with
their previous students' timetables. Students keep every previous enrollment that is still
valid and fits. Then only students with something to gain (new students, students who lost
a seat) are re-solved; they may move occupants of full sections to equally good sections
(chains of two: the occupant may displace one more student), at most ``MAX_MOVES`` other
students in all.
"""

from __future__ import annotations

import time
from collections import defaultdict

from homeroom_engine.board import SlotBoard
from homeroom_engine.bound import upper_bound
from homeroom_engine.model import Instance, build_instance
from homeroom_engine.placement import State, difficulty_order
from homeroom_engine.rooms import assign_rooms
from homeroom_engine.schema import Problem, Solution
from homeroom_engine.solve import Limits, build_solution, choose_periods

MAX_MOVES = 5  # most already-placed students moved to make room for the changed ones
# Work for a new board when the previous one breaks a hard rule (no clock: reproducible).
REBUILD_LIMITS = Limits(20.0, clock=False)


class _Occupancy(SlotBoard):
    """The slot board, plus the best free room for a section in a period."""

    def room_for(self, s: int, p: int) -> int | None:
        if not self.inst.room_capacity:
            return -1
        want = self.inst.section_capacity[s]
        free = [r for r in self.inst.rooms_for(s) if self.room_free(r, s, p)]
        if not free:
            return None
        return min(
            free,
            key=lambda r: (
                self.inst.room_capacity[r] < want,
                abs(self.inst.room_capacity[r] - want),
                r,
            ),
        )


def _previous_placements(
    inst: Instance, previous: Solution
) -> tuple[list[int], list[int], list[int]]:
    """Kept (period, room) per section, and the sections that need a new period.

    Locked sections are placed first, at their locked period, so that a locked section
    moved by the change pushes the unlocked section in its way aside (that one is then
    re-placed) instead of forcing a rebuild.
    """
    problem = inst.problem
    index = inst.section_index
    period_index = {p: i for i, p in enumerate(problem.periods)}
    room_index = {r.id: i for i, r in enumerate(problem.rooms)}
    periods, rooms = [-1] * inst.n_sections, [-1] * inst.n_sections
    for row in previous.sections:
        s = index.get(row.id)
        if s is None or row.period not in period_index:
            continue
        p = period_index[row.period]
        if p in inst.allowed_periods[s]:
            periods[s] = p
            r = room_index.get(row.room or "", -1)
            rooms[s] = r if r in inst.rooms_for(s) else -1
    occupancy = _Occupancy(inst)
    before = _Occupancy(inst)  # the previous schedule, to give a moved section a free room
    for s in range(inst.n_sections):
        if periods[s] >= 0 and rooms[s] >= 0:
            before.occupy(s, periods[s], rooms[s])
    for s in range(inst.n_sections):
        if inst.locked_period[s] >= 0 and periods[s] != inst.locked_period[s]:
            periods[s] = inst.locked_period[s]
            free = before.room_for(s, periods[s]) if inst.room_capacity else -1
            rooms[s] = -1 if free is None else free
    pending = []
    for s in sorted(range(inst.n_sections), key=lambda s: (inst.locked_period[s] < 0, s)):
        p, r = periods[s], rooms[s]
        if p >= 0 and inst.room_capacity and (r < 0 or not occupancy.room_free(r, s, p)):
            found = occupancy.room_for(s, p) if occupancy.free(s, p, -1) else None
            r = -2 if found is None else found
        if p < 0 or r == -2 or not occupancy.free(s, p, r):
            periods[s], rooms[s] = -1, -1
            pending.append(s)
            continue
        rooms[s] = r
        occupancy.occupy(s, p, r)
    busy = _previous_busy(inst, previous, periods)
    for s in sorted(pending, key=lambda s: (inst.locked_period[s] < 0, s)):
        choice = _least_clash_period(inst, occupancy, s, busy.get(s, []))
        if choice is None:
            return [], [], pending
        periods[s], rooms[s] = choice
        occupancy.occupy(s, *choice)
    return periods, rooms, []


def _previous_busy(inst: Instance, previous: Solution, periods: list[int]) -> dict[int, list[int]]:
    """Per section, the slots its previous students spend in their other (placed) sections."""
    index = inst.section_index
    by_student: dict[str, list[int]] = defaultdict(list)
    for row in previous.enrollments:
        s = index.get(row.section)
        if s is not None:
            by_student[row.student].append(s)
    out: dict[int, list[int]] = defaultdict(list)
    for sections in by_student.values():
        for s in sections:
            busy = 0
            for o in sections:
                if o != s and periods[o] >= 0:
                    busy |= inst.mask(o, periods[o])
            out[s].append(busy)
    return out


def _least_clash_period(
    inst: Instance, occupancy: _Occupancy, s: int, busy: list[int]
) -> tuple[int, int] | None:
    """The free period (and room) where fewest of the section's previous students clash."""
    best: tuple[int, int, int] | None = None
    for p in inst.allowed_periods[s]:
        if not occupancy.free(s, p, -1):
            continue
        room = occupancy.room_for(s, p)
        if room is None:
            continue
        mask = inst.mask(s, p)
        clashes = sum(1 for b in busy if b & mask)
        if best is None or clashes < best[0]:
            best = (clashes, p, room)
    return None if best is None else (best[1], best[2])


def resolve(problem: Problem, previous: Solution, seed: int = 0) -> Solution:
    """Repair a previous solution for a changed problem, moving as few students as possible."""
    started = time.monotonic()
    inst = build_instance(problem)
    periods, rooms, stuck = _previous_placements(inst, previous)
    if stuck:
        periods = choose_periods(inst, REBUILD_LIMITS, seed)
        rooms = assign_rooms(inst, periods, seed)
    state = State(inst, periods, rooms)
    before, had = _previous_enrollments(inst, previous)
    to_improve = _restore_students(state, before, had)
    for i in [i for i in difficulty_order(inst) if i in to_improve]:
        others = [j for j in _moved(state, before, had) if j not in to_improve]
        state.improve_student(i, max_moves=MAX_MOVES - len(others), depth=2, tries=3)
    moved = _moved(state, before, had)
    stats = {"students_moved": len(moved), "engine": "resolve"}
    return build_solution(inst, state, upper_bound(inst), time.monotonic() - started, stats)


def _previous_enrollments(
    inst: Instance, previous: Solution
) -> tuple[dict[int, dict[int, int]], dict[int, int]]:
    """student -> request index -> section index, for previous enrollments that resolve;
    and per student the number of previous enrollments, counting those whose section is
    gone."""
    problem = inst.problem
    student_index = {st.id: i for i, st in enumerate(problem.students)}
    section_index = inst.section_index
    out: dict[int, dict[int, int]] = defaultdict(dict)
    had: dict[int, int] = defaultdict(int)
    for row in previous.enrollments:
        i, s = student_index.get(row.student), section_index.get(row.section)
        if i is not None:
            had[i] += 1
        if i is None or s is None:
            continue
        for r, req in enumerate(problem.students[i].requests):
            if req.course == row.request and any(
                c.course == inst.section_course[s] for c in inst.student_requests[i][r].candidates
            ):
                out[i][r] = s
    return out, had


def _restore_students(
    state: State, before: dict[int, dict[int, int]], had: dict[int, int]
) -> set[int]:
    """Re-apply previous enrollments that still fit; return students worth re-solving:
    new students and those who lost an enrollment (its section gone, full or clashing)."""
    inst = state.inst
    previous_students = set(had)
    to_improve = set()
    for i in range(inst.n_students):
        kept = [-1] * len(inst.student_requests[i])
        busy = 0
        for r, s in sorted(before.get(i, {}).items()):
            if state.count[s] < state.cap[s] and not state.smask[s] & busy:
                kept[r] = s
                busy |= state.smask[s]
                state.count[s] += 1
        for s in kept:
            if s >= 0:
                state.count[s] -= 1
        state.apply(i, kept)
        lost = had.get(i, 0) > sum(s >= 0 for s in kept)
        if lost or i not in previous_students:
            to_improve.add(i)
    return to_improve


def _moved(state: State, before: dict[int, dict[int, int]], had: dict[int, int]) -> list[int]:
    """Previously placed students whose enrollments changed (a section gone counts)."""
    return [
        i
        for i, n in sorted(had.items())
        if n > len(before.get(i, {}))
        or any(state.assign[i][r] != s for r, s in before.get(i, {}).items())
    ]
