"""Student placement with section periods fixed: exact per-student search plus repairs.

:class:`State` holds a full schedule (a period and room per section, a section per request)
and keeps seat counts and student slot masks in step with it. ``best_plan`` finds, by
branch and bound, the best timetable for one student against the seats left by everyone
else; ``improve_student`` may also move one occupant of a full section to another section
of equal value for that occupant (an ejection chain of depth one), or, with ``depth`` d > 1,
let that occupant displace an occupant of a full section in turn, up to d levels.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass

from homeroom_engine.model import Candidate, Instance

COMPLETE_BONUS = 1e-4  # per fulfilled request: prefers complete students among equal weights
NODE_LIMIT = 4000


@dataclass(frozen=True)
class Plan:
    """A timetable for one student: a section (or -1) per request, and its value."""

    sections: tuple[int, ...]
    value: float
    full: tuple[int, ...] = ()


class State:
    """A complete schedule with incremental bookkeeping of seats and student slots."""

    def __init__(self, inst: Instance, period: list[int], room: list[int]) -> None:
        self.inst = inst
        self.period = list(period)
        self.room = list(room)
        self.smask = [inst.mask(s, p) for s, p in enumerate(self.period)]
        self.cap = [self._effective_capacity(s) for s in range(inst.n_sections)]
        self.count = [0] * inst.n_sections
        self.members: list[set[int]] = [set() for _ in range(inst.n_sections)]
        self.assign = [[-1] * len(reqs) for reqs in inst.student_requests]
        self.busy = [0] * inst.n_students
        self.value = [0.0] * inst.n_students
        self.work = 0  # deterministic count of search nodes, used as a work budget

    def _effective_capacity(self, s: int) -> int:
        cap = self.inst.section_capacity[s]
        if self.room[s] >= 0:
            cap = min(cap, self.inst.room_capacity[self.room[s]])
        return cap

    # -- bookkeeping -------------------------------------------------------------------

    def set_section(self, s: int, period: int, room: int) -> None:
        """Move a section (must be empty of students) to a period and room."""
        self.period[s] = period
        self.room[s] = room
        self.smask[s] = self.inst.mask(s, period)
        self.cap[s] = self._effective_capacity(s)

    def remove(self, i: int) -> tuple[int, ...]:
        """Take a student out of all sections; return the previous assignment."""
        old = tuple(self.assign[i])
        for r, s in enumerate(old):
            if s >= 0:
                self.count[s] -= 1
                self.members[s].discard(i)
                self.assign[i][r] = -1
        self.busy[i] = 0
        self.value[i] = 0.0
        return old

    def apply(self, i: int, sections: Iterable[int]) -> None:
        """Place a (removed) student into the given sections, one per request."""
        reqs = self.inst.student_requests[i]
        busy = 0
        value = 0.0
        for r, s in enumerate(sections):
            self.assign[i][r] = s
            if s < 0:
                continue
            self.count[s] += 1
            self.members[s].add(i)
            busy |= self.smask[s]
            value += _candidate_value(self.inst, reqs[r].candidates, s) + COMPLETE_BONUS
        self.busy[i] = busy
        self.value[i] = value

    def total_value(self) -> float:
        return sum(self.value)

    def unfulfilled_students(self) -> list[int]:
        return [i for i, row in enumerate(self.assign) if any(s < 0 for s in row)]

    # -- search ------------------------------------------------------------------------

    def options(
        self, i: int, r: int, forbid: frozenset[int] = frozenset(), allow_full: bool = False
    ) -> list[tuple[float, int, int, bool]]:
        """(value, slot mask, section, is_full) choices for a request, best first."""
        inst = self.inst
        best_by_mask: dict[tuple[int, int], tuple[float, int, int, bool, int]] = {}
        for cand in inst.student_requests[i][r].candidates:
            for s in inst.course_sections[cand.course]:
                if s in forbid:
                    continue
                free = self.cap[s] - self.count[s]
                if free <= 0 and not allow_full:
                    continue
                key = (cand.course, self.smask[s])
                prev = best_by_mask.get(key)
                if prev is None or free > prev[4]:
                    best_by_mask[key] = (
                        cand.value + COMPLETE_BONUS,
                        self.smask[s],
                        s,
                        free <= 0,
                        free,
                    )
        ranked = sorted(best_by_mask.values(), key=lambda o: (-o[0], o[3], -o[4], o[2]))
        return [(v, m, s, full) for v, m, s, full, _ in ranked]

    def best_plan(
        self,
        i: int,
        forbid: frozenset[int] = frozenset(),
        allow_full: bool = False,
        base_busy: int = 0,
        node_limit: int = NODE_LIMIT,
    ) -> Plan:
        """Best timetable for a student who is currently removed, by branch and bound."""
        n = len(self.inst.student_requests[i])
        opts = [self.options(i, r, forbid, allow_full) for r in range(n)]
        order = sorted(range(n), key=lambda r: (len(opts[r]) or 10**6, r))
        suffix = [0.0] * (n + 1)
        for d in range(n - 1, -1, -1):
            r = order[d]
            suffix[d] = suffix[d + 1] + (opts[r][0][0] if opts[r] else 0.0)
        penalty = 1e-3 * min((q.weight for q in self.inst.student_requests[i]), default=1.0)
        cur = [-1] * n
        best_score = -1.0
        best_sections = tuple(cur)
        nodes = 0

        def rec(d: int, busy: int, val: float, nfull: int) -> None:
            nonlocal nodes, best_score, best_sections
            nodes += 1
            score = val - nfull * penalty
            if score > best_score:
                best_score = score
                best_sections = tuple(cur)
            if d == n or val + suffix[d] <= best_score + 1e-12 or nodes > node_limit:
                return
            r = order[d]
            for v, m, s, full in opts[r]:
                if m & busy:
                    continue
                cur[r] = s
                rec(d + 1, busy | m, val + v, nfull + full)
                cur[r] = -1
                if nodes > node_limit:
                    return
            rec(d + 1, busy, val, nfull)

        rec(0, base_busy, 0.0, 0)
        self.work += nodes
        sections = best_sections
        full = tuple(s for s in sections if s >= 0 and self.count[s] >= self.cap[s])
        return Plan(sections, self.plan_value(i, sections), full)

    def plan_value(self, i: int, sections: Iterable[int]) -> float:
        reqs = self.inst.student_requests[i]
        return sum(
            _candidate_value(self.inst, reqs[r].candidates, s) + COMPLETE_BONUS
            for r, s in enumerate(sections)
            if s >= 0
        )

    def replace(self, i: int) -> bool:
        """Re-solve one student against current seats; keep the better of old and new."""
        old_value = self.value[i]
        old = self.remove(i)
        plan = self.best_plan(i)
        if plan.value > old_value + 1e-9:
            self.apply(i, plan.sections)
            return True
        self.apply(i, old)
        return False

    def improve_student(
        self,
        i: int,
        allow_eviction: bool = True,
        max_moves: int = 10**9,
        depth: int = 1,
        tries: int = 1,
    ) -> bool:
        """Try to raise a student's value, relocating occupants of full sections if needed.

        At most ``max_moves`` other students are moved; with ``depth`` 2 a moved occupant
        may itself displace one occupant of a full section (an ejection chain of two).
        """
        gained = self.replace(i)
        blocked: set[int] = set()
        for _ in range(tries if allow_eviction else 0):
            if max_moves <= 0 or all(s >= 0 for s in self.assign[i]):
                break
            moved, stuck = self._improve_by_eviction(i, max_moves, depth, frozenset(blocked))
            gained |= moved >= 0
            max_moves -= max(0, moved)
            if stuck < 0 and moved < 0:
                break
            if stuck >= 0:
                blocked.add(stuck)
        return gained

    def _improve_by_eviction(
        self, i: int, max_moves: int, depth: int, blocked: frozenset[int]
    ) -> tuple[int, int]:
        """(students moved or -1 when nothing changed, a section no seat could be freed in)."""
        old_value = self.value[i]
        old = self.remove(i)
        plan = self.best_plan(i, forbid=blocked, allow_full=True)
        self.apply(i, old)
        needed = [s for s in plan.full if s not in old]
        if plan.value <= old_value + 1e-9 or len(needed) > max_moves:
            return -1, -1
        protected = frozenset(s for s in plan.sections if s >= 0)
        moved = 0
        for s in needed:
            step = self._relocate_one(s, protected, i, depth, max_moves - moved)
            if step < 0:
                return (moved if moved else -1), s  # earlier moves kept: no one lost value
            moved += step
        self.remove(i)
        new = self.best_plan(i)
        if new.value > old_value + 1e-9:
            self.apply(i, new.sections)
            return moved, -1
        self.apply(i, old)
        return (moved if moved else -1), -1

    def _relocate_one(
        self, s: int, protected: frozenset[int], exclude: int, depth: int, max_moves: int
    ) -> int:
        """Move occupants so one seat of s frees without anyone losing value; how many moved.

        With ``depth`` d > 1 an occupant may first free a seat, by a chain of depth d - 1,
        in the one full section its new timetable needs (an ejection chain of depth d).
        """
        return self._free_seat(s, protected, frozenset({exclude}), depth, max_moves)

    def _free_seat(
        self, s: int, protected: frozenset[int], exclude: frozenset[int], depth: int, budget: int
    ) -> int:
        for j in sorted(self.members[s] - exclude):
            old_value = self.value[j]
            old = self.remove(j)
            plan = self.best_plan(j, forbid=protected | {s}, node_limit=NODE_LIMIT // 4)
            if plan.value >= old_value - 1e-9:
                self.apply(j, plan.sections)
                return 1
            self.apply(j, old)
        if depth < 2 or budget < 2:
            return -1
        for j in sorted(self.members[s] - exclude):
            moved = self._chain(j, s, protected, exclude | {j}, depth, budget - 1)
            if moved >= 0:
                return moved + 1
        return -1

    def _chain(
        self,
        j: int,
        s: int,
        protected: frozenset[int],
        exclude: frozenset[int],
        depth: int,
        budget: int,
    ) -> int:
        """Move j out of s by first freeing a seat in the one full section j needs.

        Returns the number of other students moved, or -1 when j stays in s.
        """
        old_value = self.value[j]
        old = self.remove(j)
        forbid = protected | {s}
        plan = self.best_plan(j, forbid=forbid, allow_full=True, node_limit=NODE_LIMIT // 4)
        self.apply(j, old)
        needed = [q for q in plan.full if q not in old]
        if plan.value < old_value - 1e-9 or len(needed) != 1:
            return -1
        inner = self._free_seat(needed[0], forbid | set(plan.sections), exclude, depth - 1, budget)
        if inner < 0:
            return -1
        self.remove(j)
        new = self.best_plan(j, forbid=forbid, node_limit=NODE_LIMIT // 4)
        if new.value >= old_value - 1e-9:
            self.apply(j, new.sections)
            return inner
        self.apply(j, old)
        return -1


def _candidate_value(inst: Instance, candidates: tuple[Candidate, ...], s: int) -> float:
    course = inst.section_course[s]
    for cand in candidates:
        if cand.course == course:
            return float(cand.value)
    return 0.0


def place_from_plan(
    state: State, plan: list[tuple[tuple[int, int], ...]], order: list[int]
) -> None:
    """Seat students as the master-schedule search chose: a (course, slot mask) per request.

    Each request takes the section of that course and mask with the most free seats; where
    the chosen group is already full (the search allows some overflow), the request stays
    unmet and the student is then re-solved against the seats left.
    """
    for i in order:
        sections = [_emptiest(state, course, mask) for course, mask in plan[i]]
        state.remove(i)
        state.apply(i, sections)
    for i in state.unfulfilled_students():
        state.replace(i)


def _emptiest(state: State, course: int, mask: int) -> int:
    """The section of a course meeting in ``mask`` with the most free seats, or -1."""
    best, most = -1, 0
    for s in state.inst.course_sections[course] if course >= 0 else ():
        free = state.cap[s] - state.count[s]
        if state.smask[s] == mask and free > most:
            best, most = s, free
    return best


def balance(state: State) -> int:
    """Even out each course's sections without changing anyone's value; moves made.

    A student in a fullest section of a course moves to a section of the same course that
    holds at least two fewer students, when that section has a free seat and meets in slots
    the rest of the student's timetable leaves free. Each move lowers the course's spread
    or the number of sections at its maximum, so the loop ends.
    """
    inst = state.inst
    moves = 0
    for sections in inst.course_sections:
        while len(sections) > 1 and _balance_step(state, sections):
            moves += 1
    state.work += moves
    return moves


def _balance_step(state: State, sections: list[int]) -> bool:
    most = max(state.count[s] for s in sections)
    targets = sorted(
        (t for t in sections if state.count[t] <= most - 2 and state.count[t] < state.cap[t]),
        key=lambda t: (state.count[t], t),
    )
    for s in sorted(s for s in sections if state.count[s] == most):
        for i in sorted(state.members[s]):
            busy = state.busy[i] & ~state.smask[s]
            for t in targets:
                if not state.smask[t] & busy:
                    row = [t if x == s else x for x in state.assign[i]]
                    state.remove(i)
                    state.apply(i, row)
                    return True
    return False


def difficulty_order(inst: Instance) -> list[int]:
    """Students with the scarcest courses (fewest sections, heaviest weights) first."""

    def hardness(i: int) -> float:
        total = 0.0
        for req in inst.student_requests[i]:
            n = sum(len(inst.course_sections[c.course]) for c in req.candidates)
            total += req.weight / max(n, 1)
        return total

    return sorted(range(inst.n_students), key=lambda i: (-hardness(i), i))


def repair_passes(
    state: State,
    max_passes: int = 3,
    work_limit: int | None = None,
    depth: int = 1,
    deadline: float | None = None,
) -> bool:
    """Improve students with unmet requests until a pass changes nothing.

    Returns True when the wall-clock ``deadline`` (an emergency stop) cut the repair short.
    """
    for _ in range(max_passes):
        changed = False
        for i in state.unfulfilled_students():
            if work_limit is not None and state.work > work_limit:
                return False
            if deadline is not None and time.monotonic() >= deadline:
                return True
            changed |= state.improve_student(i, depth=depth)
        if not changed:
            return False
    return False
