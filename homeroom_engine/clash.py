"""Master-schedule search on the seat-free student objective.

Phase 1 of the optimiser improves the constructive master schedule before any student is
placed. Its objective is exact per student but ignores seats: a student's value is the best
weighted set of requests whose sections (of the course or an alternate) meet in pairwise
disjoint slots, whatever the seats. That is an upper bound on what placement can give the
student, and on generated and real schools it is the part the master schedule decides:
seats are then handled by placement, repair and the period search with the real objective.

A move changes one section's period (swapping with the teacher's section there when that is
the only clash) and keeps a room that holds at least the section's current seats. Only
students whose value can change are re-evaluated: those still missing something and those
whose chosen (course, slots) option disappeared. A move is kept when the total does not
fall (plateaus are walked: moves of equal value are kept). Work is counted in search
nodes so the result is deterministic.
"""

from __future__ import annotations

import random
from collections import defaultdict

from homeroom_engine.model import Instance
from homeroom_engine.placement import COMPLETE_BONUS

Option = tuple[float, int, int]  # value, slot mask, course
Move = list[tuple[int, int]]  # (section, new period)


class ClashSearch:
    """Local search over section periods (and rooms) on the seat-free objective."""

    def __init__(self, inst: Instance, periods: list[int], rooms: list[int], seed: int) -> None:
        self.inst = inst
        self.period = list(periods)
        self.room = list(rooms)
        self.rng = random.Random(seed)
        self.work = 0
        self.teacher_at: dict[tuple[int, int, int], int] = {}
        self.room_at: dict[tuple[int, int, int], int] = {}
        for s in range(inst.n_sections):
            self._occupy(s, self.period[s], self.room[s])
        self.seats = [self._seats(s, self.room[s]) for s in range(inst.n_sections)]
        self.course_masks: list[dict[int, int]] = [defaultdict(int) for _ in inst.course_sections]
        for s, p in enumerate(self.period):
            self.course_masks[inst.section_course[s]][inst.mask(s, p)] += 1
        self.takers: list[list[int]] = [[] for _ in inst.course_sections]
        for i, reqs in enumerate(inst.student_requests):
            for c in sorted({cand.course for q in reqs for cand in q.candidates}):
                self.takers[c].append(i)
        self.ideal = [
            sum(q.weight + COMPLETE_BONUS for q in reqs) for reqs in inst.student_requests
        ]
        self.value = [0.0] * inst.n_students
        self.plan: list[tuple[tuple[int, int], ...]] = [() for _ in range(inst.n_students)]
        for i in range(inst.n_students):
            self.value[i], self.plan[i] = self._evaluate(i)

    # -- resources ----------------------------------------------------------------------

    def _seats(self, s: int, room: int) -> int:
        cap = self.inst.section_capacity[s]
        return min(cap, self.inst.room_capacity[room]) if room >= 0 else cap

    def _occupy(self, s: int, p: int, room: int) -> None:
        teacher = self.inst.section_teacher[s]
        for t in self.inst.section_terms[s]:
            if teacher >= 0:
                self.teacher_at[(teacher, t, p)] = s
            if room >= 0:
                self.room_at[(room, t, p)] = s

    def _release(self, s: int, p: int, room: int) -> None:
        teacher = self.inst.section_teacher[s]
        for t in self.inst.section_terms[s]:
            if teacher >= 0:
                self.teacher_at.pop((teacher, t, p), None)
            if room >= 0:
                self.room_at.pop((room, t, p), None)

    def _teacher_clash(self, s: int, p: int) -> set[int]:
        teacher = self.inst.section_teacher[s]
        if teacher < 0:
            return set()
        return {
            o
            for t in self.inst.section_terms[s]
            if (o := self.teacher_at.get((teacher, t, p), -1)) >= 0
        }

    def _room_in(self, s: int, p: int) -> int | None:
        """A free room in period p holding at least the section's current seats."""
        if not self.inst.room_capacity:
            return -1
        best: tuple[int, int] | None = None
        for r in self.inst.rooms_for(s):
            if self._seats(s, r) < self.seats[s]:
                continue
            if any((r, t, p) in self.room_at for t in self.inst.section_terms[s]):
                continue
            key = (self.inst.room_capacity[r], r)
            if best is None or key < best:
                best = key
        return None if best is None else best[1]

    # -- the seat-free student objective --------------------------------------------------

    def _options(self, i: int) -> list[list[Option]]:
        out = []
        for q in self.inst.student_requests[i]:
            best: dict[int, Option] = {}
            for cand in q.candidates:
                for m in self.course_masks[cand.course]:
                    if m not in best or best[m][0] < cand.value:
                        best[m] = (cand.value + COMPLETE_BONUS, m, cand.course)
            out.append(sorted(best.values(), key=lambda o: (-o[0], o[1])))
        return out

    def _evaluate(self, i: int) -> tuple[float, tuple[tuple[int, int], ...]]:
        """Best seat-free value of a student and the (course, mask) chosen per request."""
        opts = self._options(i)
        n = len(opts)
        order = sorted(range(n), key=lambda r: (len(opts[r]) or 10**6, r))
        suffix = [0.0] * (n + 1)
        for d in range(n - 1, -1, -1):
            r = order[d]
            suffix[d] = suffix[d + 1] + (opts[r][0][0] if opts[r] else 0.0)
        cur: list[tuple[int, int]] = [(-1, 0)] * n
        best_value = -1.0
        best_plan: tuple[tuple[int, int], ...] = tuple(cur)
        nodes = 0

        def rec(d: int, busy: int, val: float) -> None:
            nonlocal nodes, best_value, best_plan
            nodes += 1
            if val > best_value:
                best_value, best_plan = val, tuple(cur)
            if d == n or val + suffix[d] <= best_value + 1e-12 or nodes > 2000:
                return
            r = order[d]
            for v, m, c in opts[r]:
                if not m & busy:
                    cur[r] = (c, m)
                    rec(d + 1, busy | m, val + v)
                    cur[r] = (-1, 0)
            rec(d + 1, busy, val)

        rec(0, 0, 0.0)
        self.work += nodes
        return best_value, best_plan

    def total(self) -> float:
        return sum(self.value)

    # -- moves --------------------------------------------------------------------------

    def _affected(self, courses: set[int], lost: set[tuple[int, int]]) -> list[int]:
        out: set[int] = set()
        for c in courses:
            for i in self.takers[c]:
                if self.value[i] < self.ideal[i] - 1e-9 or any(o in lost for o in self.plan[i]):
                    out.add(i)
        return sorted(out)

    def _shift(self, rows: list[tuple[int, int, int]]) -> None:
        """Move sections to new (period, room) rows; resources are released first."""
        for s, _, _ in rows:
            self._release(s, self.period[s], self.room[s])
            c = self.inst.section_course[s]
            old = self.inst.mask(s, self.period[s])
            self.course_masks[c][old] -= 1
            if not self.course_masks[c][old]:
                del self.course_masks[c][old]
        for s, p, room in rows:
            self.period[s], self.room[s] = p, room
            self._occupy(s, p, room)
            self.course_masks[self.inst.section_course[s]][self.inst.mask(s, p)] += 1

    def _apply(self, move: Move) -> list[tuple[int, int, int]] | None:
        """Perform a move; the old (section, period, room) rows, or None when illegal."""
        old = [(s, self.period[s], self.room[s]) for s, _ in move]
        for row in old:
            self._release(*row)
        placed: list[tuple[int, int, int]] = []
        for s, p in move:
            room = self._room_in(s, p)
            if room is None or self._teacher_clash(s, p):
                break
            self._occupy(s, p, room)
            placed.append((s, p, room))
        for row in placed:
            self._release(*row)
        for row in old:
            self._occupy(*row)
        if len(placed) < len(move):
            return None
        self._shift(placed)
        return old

    def try_move(self, move: Move) -> bool:
        """Apply a move and keep it unless the seat-free total falls."""
        inst = self.inst
        lost = {
            (inst.section_course[s], inst.mask(s, self.period[s]))
            for s, _ in move
            if self.course_masks[inst.section_course[s]][inst.mask(s, self.period[s])] == 1
        }
        old = self._apply(move)
        if old is None:
            return False
        affected = self._affected({inst.section_course[s] for s, _ in move}, lost)
        before = [(self.value[i], self.plan[i]) for i in affected]
        delta = 0.0
        for i in affected:
            self.value[i], self.plan[i] = self._evaluate(i)
            delta += self.value[i]
        delta -= sum(v for v, _ in before)
        if delta > -1e-9:
            return True
        self._shift(old)
        for i, (v, plan) in zip(affected, before, strict=True):
            self.value[i], self.plan[i] = v, plan
        return False

    def propose(self, i: int) -> Move | None:
        """A period change that could serve an unmet request of student i."""
        inst = self.inst
        unmet = [r for r, (c, _) in enumerate(self.plan[i]) if c < 0]
        if not unmet:
            return None
        r = self.rng.choice(unmet)
        if self.rng.random() < 0.5:
            course = self.rng.choice(inst.student_requests[i][r].candidates).course
        else:
            course = self.rng.choice([c for c, _ in self.plan[i] if c >= 0] or [-1])
        sections = [s for s in inst.course_sections[course] if inst.locked_period[s] < 0]
        if course < 0 or not sections:
            return None
        s = self.rng.choice(sections)
        periods = [p for p in inst.allowed_periods[s] if p != self.period[s]]
        if not periods:
            return None
        return self._with_swap(s, self.rng.choice(periods))

    def _with_swap(self, s: int, p: int) -> Move | None:
        clash = self._teacher_clash(s, p)
        if not clash:
            return [(s, p)]
        if len(clash) > 1:
            return None
        other = clash.pop()
        old = self.period[s]
        if self.inst.locked_period[other] >= 0 or old not in self.inst.allowed_periods[other]:
            return None
        if self.inst.section_terms[other] != self.inst.section_terms[s]:
            return None
        return [(s, p), (other, old)]

    def run(self, work_limit: int) -> None:
        """Search until the work budget is spent or every student is seat-free complete."""
        limit = self.work + work_limit
        while self.work < limit:
            incomplete = [
                i for i in range(self.inst.n_students) if self.value[i] < self.ideal[i] - 1e-9
            ]
            if not incomplete:
                return
            for _ in range(100):
                move = self.propose(self.rng.choice(incomplete))
                if move:
                    self.try_move(move)
                self.work += 10
                if self.work >= limit:
                    return
