"""Master-schedule search on a seat-aware student objective, by simulated annealing.

A student's *plan* is the best weighted set of requests whose sections (of the course or
an alternate) meet in pairwise disjoint slots. The sections of a course with the same slot
mask form a *group* with the sum of their seats; each plan puts one unit of load on a group
per request. The objective is the plans' total value minus ``penalty`` (``SEAT_PENALTY``
mean request weights) per unit of *overflow*, load beyond a group's seats. With no overflow
the plans are a schedule: a group's students can be split among its sections. Each student
picks the plan that is best net of that marginal cost (a group already filled by others
costs ``penalty``), so demand spreads over the groups that still have seats.

A move changes one section's period (swapping with the teacher's section there when that is
the only clash) and keeps a room that holds at least the section's current seats. Moves are
guided by a student whose plan misses something, or (``SEAT_MOVES`` of the time) by an
over-full group: a section of its course moves to a period one of its students has free.
Only students whose choice can change are re-evaluated: those missing something, those whose
chosen group disappeared, and those in an over-full group of a moved course. A move is kept
when the objective does not fall, or, while annealing, with probability exp(loss / T).
Group loads and seats are journaled so a rejected move is undone exactly. Work is counted
in search nodes (plus a set-up charge per evaluation) so the result is deterministic.
"""

from __future__ import annotations

import math
import random
import time
from collections import defaultdict
from collections.abc import Callable

from homeroom_engine.board import Move, SlotBoard
from homeroom_engine.model import Instance
from homeroom_engine.placement import COMPLETE_BONUS

Option = tuple[float, int, int]  # value, slot mask, course

SEAT_PENALTY = 0.1  # cost of one unit of overflow, in mean request weights
EVAL_WORK = 50  # work charged per student evaluation on top of its search nodes (its set-up)
START_TEMPERATURE = 2.0  # annealing start, in mean request weights
SEAT_MOVES = 0.5  # share of moves aimed at over-demanded groups while students are incomplete


class ClashSearch:
    """Local search over section periods (and rooms) on the seat-aware plan objective."""

    def __init__(
        self,
        inst: Instance,
        periods: list[int],
        rooms: list[int],
        seed: int,
        seat_penalty: float = SEAT_PENALTY,
    ) -> None:
        self.inst = inst
        self.seat_moves = SEAT_MOVES if seat_penalty > 0 else 0.0
        self.period = list(periods)
        self.room = list(rooms)
        self.rng = random.Random(seed)
        self.work = 0
        self.clock_stopped = False
        self.temperature = 0.0  # annealing: a loss d is kept with probability exp(d / T)
        self.board = SlotBoard(inst)
        for s in range(inst.n_sections):
            self.board.occupy(s, self.period[s], self.room[s])
        self.seats = [self._seats(s, self.room[s]) for s in range(inst.n_sections)]
        self.course_masks: list[dict[int, int]] = [defaultdict(int) for _ in inst.course_sections]
        for s, p in enumerate(self.period):
            self.course_masks[inst.section_course[s]][inst.mask(s, p)] += 1
        self._mask_cache: dict[int, list[int]] = {}
        self.courses_of = [
            frozenset(cand.course for q in reqs for cand in q.candidates)
            for reqs in inst.student_requests
        ]
        self.members: dict[tuple[int, int], set[int]] = defaultdict(set)  # group -> students
        self.short: set[int] = set()  # students whose plan misses something
        self.ideal = [
            sum(q.weight + COMPLETE_BONUS for q in reqs) for reqs in inst.student_requests
        ]
        weights = [q.weight for reqs in inst.student_requests for q in reqs]
        self.mean_weight = sum(weights) / len(weights) if weights else 1.0
        self.penalty = seat_penalty * self.mean_weight
        self.group_seats: dict[tuple[int, int], int] = defaultdict(int)
        for s, p in enumerate(self.period):
            self.group_seats[(inst.section_course[s], inst.mask(s, p))] += self.seats[s]
        self.load: dict[tuple[int, int], int] = defaultdict(int)
        self._journal: dict[tuple[int, int], tuple[int, int]] | None = None
        self.value = [0.0] * inst.n_students
        self.plan: list[tuple[tuple[int, int], ...]] = [() for _ in range(inst.n_students)]
        for i in range(inst.n_students):
            self._reevaluate(i)

    # -- resources ----------------------------------------------------------------------

    def _seats(self, s: int, room: int) -> int:
        cap = self.inst.section_capacity[s]
        return min(cap, self.inst.room_capacity[room]) if room >= 0 else cap

    def _room_in(self, s: int, p: int) -> int | None:
        """A free room in period p holding at least the section's current seats."""
        if not self.inst.room_capacity:
            return -1
        best: tuple[int, int] | None = None
        for r in self.inst.rooms_for(s):
            if self._seats(s, r) < self.seats[s]:
                continue
            if not self.board.room_free(r, s, p):
                continue
            key = (self.inst.room_capacity[r], r)
            if best is None or key < best:
                best = key
        return None if best is None else best[1]

    # -- the seat-free student objective --------------------------------------------------

    def _options(self, i: int) -> list[list[Option]]:
        """Per request, the best option per slot mask, best first."""
        out = []
        for q in self.inst.student_requests[i]:
            if len(q.candidates) == 1:
                cand = q.candidates[0]
                value = cand.value + COMPLETE_BONUS
                out.append([(value, m, cand.course) for m in self._masks(cand.course)])
                continue
            best: dict[int, Option] = {}
            for cand in q.candidates:
                for m in self._masks(cand.course):
                    if m not in best or best[m][0] < cand.value:
                        best[m] = (cand.value + COMPLETE_BONUS, m, cand.course)
            out.append(sorted(best.values(), key=lambda o: (-o[0], o[1])))
        return out

    def _masks(self, c: int) -> list[int]:
        """The slot masks a course's sections meet in, sorted (cached until a move)."""
        masks = self._mask_cache.get(c)
        if masks is None:
            masks = self._mask_cache[c] = sorted(self.course_masks[c])
        return masks

    # -- seat pressure ------------------------------------------------------------------

    def _bump(self, key: tuple[int, int], d_load: int, d_seats: int) -> None:
        """Change a (course, mask) group's load and seats, journaled while a move is tried."""
        if self._journal is not None and key not in self._journal:
            self._journal[key] = (self.load.get(key, 0), self.group_seats.get(key, 0))
        if d_load:
            self.load[key] += d_load
        if d_seats:
            self.group_seats[key] += d_seats

    def _reevaluate(self, i: int) -> None:
        """Re-solve a student against the current groups and loads, updating the loads."""
        for c, m in self.plan[i]:
            if c >= 0:
                self._bump((c, m), -1, 0)
        value, plan = self._evaluate(i)
        self._set_plan(i, value, plan)
        for c, m in plan:
            if c >= 0:
                self._bump((c, m), 1, 0)

    def _set_plan(self, i: int, value: float, plan: tuple[tuple[int, int], ...]) -> None:
        """Record a student's plan in the group member sets (loads are kept by the caller)."""
        for o in self.plan[i]:
            if o[0] >= 0:
                self.members[o].discard(i)
        for o in plan:
            if o[0] >= 0:
                self.members[o].add(i)
        self.value[i], self.plan[i] = value, plan
        if value < self.ideal[i] - 1e-9:
            self.short.add(i)
        else:
            self.short.discard(i)

    def overflow(self) -> int:
        """Seat-free demand that the groups' seats cannot hold, summed over groups."""
        return sum(
            max(0, n - self.group_seats.get(key, 0)) for key, n in self.load.items() if n > 0
        )

    def estimated_fulfilment(self) -> float:
        """Weighted fulfilment of the plans, counting each unit of overflow as a mean request
        unmet: what seating the plans would roughly give (shown while the search runs)."""
        total = self.inst.problem.total_weight or 1.0
        met = sum(c >= 0 for plan in self.plan for c, _ in plan)
        value = self.total() - COMPLETE_BONUS * met - self.mean_weight * self.overflow()
        return max(0.0, value / total)

    def objective(self) -> float:
        return self.total() - self.penalty * self.overflow()

    def _evaluate(self, i: int) -> tuple[float, tuple[tuple[int, int], ...]]:
        """Best seat-free value of a student and the (course, mask) chosen per request.

        Among timetables, each option in a group whose seats are already taken by other
        students' seat-free choices costs ``penalty`` (its marginal overflow), so students
        spread over the groups with seats; the value returned is the unpenalised one.
        """
        load, seats, penalty = self.load, self.group_seats, self.penalty
        opts = []
        for row in self._options(i):
            scored = [
                (v - penalty if load.get((c, m), 0) >= seats.get((c, m), 0) else v, v, m, c)
                for v, m, c in row
            ]
            if penalty:
                scored.sort(key=lambda o: (-o[0], o[2]))
            opts.append(scored)
        n = len(opts)
        order = sorted(range(n), key=lambda r: (len(opts[r]) or 10**6, r))
        suffix = [0.0] * (n + 1)
        for d in range(n - 1, -1, -1):
            r = order[d]
            suffix[d] = suffix[d + 1] + max(0.0, opts[r][0][0] if opts[r] else 0.0)
        cur: list[tuple[int, int]] = [(-1, 0)] * n
        best_score = -1.0
        best_value = 0.0
        best_plan: tuple[tuple[int, int], ...] = tuple(cur)
        nodes = 0

        def rec(d: int, busy: int, score: float, val: float) -> None:
            # Children that cannot beat the best are cut before the call: options are
            # sorted by penalised value, so the first that cannot ends the loop.
            nonlocal nodes, best_score, best_value, best_plan
            nodes += 1
            if score > best_score:
                best_score, best_value, best_plan = score, val, tuple(cur)
            if d == n or nodes > 2000:
                return
            r = order[d]
            rest = suffix[d + 1]
            for p, v, m, c in opts[r]:
                if score + p + rest <= best_score + 1e-12:
                    break
                if not m & busy:
                    cur[r] = (c, m)
                    rec(d + 1, busy | m, score + p, val + v)
                    cur[r] = (-1, 0)
            if score + rest > best_score + 1e-12:
                rec(d + 1, busy, score, val)

        rec(0, 0, 0.0, 0.0)
        self.work += nodes + EVAL_WORK
        return best_value, best_plan

    def total(self) -> float:
        return sum(self.value)

    # -- moves --------------------------------------------------------------------------

    def _affected(self, courses: set[int], lost: set[tuple[int, int]]) -> list[int]:
        """Students whose seat-free value or seat-aware choice may change after a move.

        Those still missing something, those whose chosen (course, slots) option is gone,
        and those sitting in an over-demanded group of a moved course (they may now fit
        into a group with seats).
        """
        out: set[int] = {i for i in self.short if self.courses_of[i] & courses}
        for key in lost:
            out |= self.members[key]
        if self.penalty > 0:
            for c in courses:
                for m in self.course_masks[c]:
                    if self.load.get((c, m), 0) > self.group_seats[(c, m)]:
                        out |= self.members[(c, m)]
        return sorted(out)

    def _shift(self, rows: list[tuple[int, int, int]]) -> None:
        """Move sections to new (period, room) rows; resources are released first."""
        for s, _, _ in rows:
            self.board.release(s, self.period[s], self.room[s])
            c = self.inst.section_course[s]
            old = self.inst.mask(s, self.period[s])
            self.course_masks[c][old] -= 1
            if not self.course_masks[c][old]:
                del self.course_masks[c][old]
            self._bump((c, old), 0, -self.seats[s])
        for s, _, _ in rows:
            self._mask_cache.pop(self.inst.section_course[s], None)
        for s, p, room in rows:
            self.period[s], self.room[s] = p, room
            self.board.occupy(s, p, room)
            c = self.inst.section_course[s]
            self.course_masks[c][self.inst.mask(s, p)] += 1
            self._bump((c, self.inst.mask(s, p)), 0, self.seats[s])

    def _apply(self, move: Move) -> list[tuple[int, int, int]] | None:
        """Perform a move; the old (section, period, room) rows, or None when illegal."""
        old = [(s, self.period[s], self.room[s]) for s, _ in move]
        for row in old:
            self.board.release(*row)
        placed: list[tuple[int, int, int]] = []
        for s, p in move:
            room = self._room_in(s, p)
            if room is None or self.board.teacher_clash(s, p):
                break
            self.board.occupy(s, p, room)
            placed.append((s, p, room))
        for row in placed:
            self.board.release(*row)
        for row in old:
            self.board.occupy(*row)
        if len(placed) < len(move):
            return None
        self._shift(placed)
        return old

    def try_move(self, move: Move) -> bool:
        """Apply a move; keep it unless the seat-aware objective falls.

        The objective is the seat-free total minus ``penalty`` per unit of overflow
        (seat-free demand beyond a group's seats).
        """
        inst = self.inst
        lost = {
            (inst.section_course[s], inst.mask(s, self.period[s]))
            for s, _ in move
            if self.course_masks[inst.section_course[s]][inst.mask(s, self.period[s])] == 1
        }
        self._journal = {}
        old = self._apply(move)
        if old is None:
            self._journal = None
            return False
        affected = self._affected({inst.section_course[s] for s, _ in move}, lost)
        before = [(self.value[i], self.plan[i]) for i in affected]
        for i in affected:
            self._reevaluate(i)
        delta = sum(self.value[i] for i in affected) - sum(v for v, _ in before)
        journal = self._journal
        self._journal = None
        for key, (load0, seats0) in journal.items():
            now = max(0, self.load.get(key, 0) - self.group_seats.get(key, 0))
            delta -= self.penalty * (now - max(0, load0 - seats0))
        if delta > -1e-9 or (
            self.temperature > 0 and self.rng.random() < math.exp(delta / self.temperature)
        ):
            return True
        self._shift(old)
        for i, (v, plan) in zip(affected, before, strict=True):
            self._set_plan(i, v, plan)
        for key, (load0, seats0) in journal.items():
            self.load[key], self.group_seats[key] = load0, seats0
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
        return self.board.move_with_swap(s, self.rng.choice(periods), self.period[s])

    def crowded(self) -> list[tuple[int, int]]:
        """(course, mask) groups whose seat-free demand exceeds their seats."""
        return sorted(key for key, n in self.load.items() if n > self.group_seats.get(key, 0))

    def propose_seat(self, key: tuple[int, int]) -> Move | None:
        """Move a section of an over-demanded course to a period one of its students has free."""
        inst = self.inst
        c, m = key
        students = sorted(self.members[key])
        sections = [s for s in inst.course_sections[c] if inst.locked_period[s] < 0]
        if not students or not sections:
            return None
        i = self.rng.choice(students)
        busy = 0
        for o in self.plan[i]:
            if o[0] >= 0 and o != key:
                busy |= o[1]
        s = self.rng.choice(sections)
        periods = [
            p
            for p in inst.allowed_periods[s]
            if p != self.period[s] and not inst.mask(s, p) & busy and inst.mask(s, p) != m
        ]
        if not periods:
            return None
        return self.board.move_with_swap(s, self.rng.choice(periods), self.period[s])

    def anneal(
        self,
        work_limit: int,
        start: float | None = None,
        chunks: int = 20,
        deadline: float | None = None,
        on_chunk: Callable[[], None] | None = None,
    ) -> None:
        """Run with a temperature falling linearly from ``start`` mean weights to zero.

        Early on, moves that lose a little are kept now and then (with probability
        exp(loss / T)), so the search leaves the local optima that plain descent sticks in;
        the last chunk is plain descent. ``deadline`` (wall clock) is an emergency stop;
        ``clock_stopped`` tells whether it fired. ``on_chunk`` is called after each chunk
        (progress display).
        """
        start = START_TEMPERATURE if start is None else start
        for k in range(chunks):
            self.temperature = start * self.mean_weight * (1 - (k + 1) / chunks)
            going = self.run(work_limit // chunks, deadline)
            if on_chunk is not None:
                on_chunk()
            if not going:
                break
        self.temperature = 0.0

    def run(self, work_limit: int, deadline: float | None = None) -> bool:
        """Search until the work budget is spent or no student is incomplete or crowded out.

        Returns False when the search stopped because nothing is left to improve or the
        wall-clock ``deadline`` passed.
        """
        limit = self.work + work_limit
        while self.work < limit:
            if deadline is not None and time.monotonic() >= deadline:
                self.clock_stopped = True
                return False
            incomplete = sorted(self.short)
            crowded = self.crowded() if self.seat_moves > 0 else []
            if not incomplete and not crowded:
                return False
            for _ in range(100):
                if crowded and (not incomplete or self.rng.random() < self.seat_moves):
                    move = self.propose_seat(self.rng.choice(crowded))
                else:
                    move = self.propose(self.rng.choice(incomplete))
                if move:
                    self.try_move(move)
                self.work += 10
                if self.work >= limit:
                    return True
        return True
