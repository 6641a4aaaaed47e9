"""Large-neighbourhood search over section periods.

A step picks an unmet request (seeded, so runs repeat) and proposes a period change that
could serve it: move a section of the requested course into a period where the student is
free, or move one of the sections that blocks the student elsewhere. When the teacher is
busy in the target period the two sections of that teacher swap periods. Every student of
the moved sections and every student still missing those courses is re-placed; the move is
kept only when the total value rises, otherwise everything is put back exactly.
"""

from __future__ import annotations

import random

from homeroom_engine.board import SlotBoard
from homeroom_engine.placement import COMPLETE_BONUS, State

SIDEWAYS = 0.5  # chance of keeping a move that neither gains nor loses (walks plateaus)


class Neighbourhood:
    def __init__(self, state: State, seed: int) -> None:
        self.state = state
        self.inst = state.inst
        self.rng = random.Random(seed)
        self.board = SlotBoard(self.inst)
        for s in range(self.inst.n_sections):
            self._occupy(s)
        self.accepted = 0
        self.tried = 0
        self._stale = 0
        self._unmet: list[tuple[int, int]] = []

    # -- resource bookkeeping -----------------------------------------------------------

    def _occupy(self, s: int) -> None:
        self.board.occupy(s, self.state.period[s], self.state.room[s])

    def _release(self, s: int) -> None:
        self.board.release(s, self.state.period[s], self.state.room[s])

    def _free_room(self, s: int, p: int) -> int | None:
        """A room free for section s in period p (-1 when rooms are not scheduled)."""
        if not self.inst.room_capacity:
            return -1
        want = self.inst.section_capacity[s]
        best: tuple[bool, int, int] | None = None
        for r in self.inst.rooms_for(s):
            if not self.board.room_free(r, s, p):
                continue
            cap = self.inst.room_capacity[r]
            key = (cap < want, cap if cap >= want else -cap, r)
            if best is None or key < best:
                best = key
        return None if best is None else best[2]

    # -- moves -----------------------------------------------------------------------

    def _refresh_unmet(self) -> None:
        st = self.state
        self._unmet = [
            (i, r) for i in range(self.inst.n_students) for r, s in enumerate(st.assign[i]) if s < 0
        ]
        self._stale = 0

    def step(self) -> bool:
        """Try one move; False when nothing is left to improve."""
        if self._stale <= 0 or not self._unmet:
            self._refresh_unmet()
            self._stale = 200
            if not self._unmet:
                return False
        self._stale -= 1
        i, r = self._unmet[self.rng.randrange(len(self._unmet))]
        if self.state.assign[i][r] >= 0:
            return True
        move = self._propose(i, r)
        self.tried += 1
        if move and self._try(move):
            self.accepted += 1
        return True

    def _propose(self, i: int, r: int) -> list[tuple[int, int]] | None:
        inst, st = self.inst, self.state
        cands = inst.student_requests[i][r].candidates
        course = cands[0].course if self.rng.random() < 0.7 else self.rng.choice(cands).course
        sections = [s for s in inst.course_sections[course] if inst.locked_period[s] < 0]
        if not sections:
            return None
        s = self.rng.choice(sections)
        if self.rng.random() < 0.5:
            busy = st.busy[i]
            periods = [
                p
                for p in inst.allowed_periods[s]
                if p != st.period[s] and not inst.mask(s, p) & busy
            ]
        else:
            blockers = [
                b
                for b in st.assign[i]
                if b >= 0 and st.smask[b] & st.smask[s] and inst.locked_period[b] < 0
            ]
            if not blockers:
                return None
            s = self.rng.choice(blockers)
            periods = [p for p in inst.allowed_periods[s] if p != st.period[s]]
        if not periods:
            return None
        return self.board.move_with_swap(s, self.rng.choice(periods), self.state.period[s])

    def _affected(self, moved: list[int]) -> list[int]:
        st = self.state
        courses = {self.inst.section_course[s] for s in moved}
        students = set()
        for s in moved:
            students |= st.members[s]
        for i, r in self._unmet:
            if st.assign[i][r] < 0 and any(
                c.course in courses for c in self.inst.student_requests[i][r].candidates
            ):
                students.add(i)
        return sorted(students)

    def _try(self, move: list[tuple[int, int]]) -> bool:
        st = self.state
        moved = [s for s, _ in move]
        old_place = [(s, st.period[s], st.room[s]) for s in moved]
        affected = self._affected(moved)
        before = sum(st.value[i] for i in affected)
        saved = {i: st.remove(i) for i in affected}
        for s in moved:
            self._release(s)
        if not self._relocate(move):
            self._restore(old_place, saved)
            return False
        for i in sorted(affected, key=lambda i: (-len(saved[i]), i)):
            st.apply(i, st.best_plan(i).sections)
        after = sum(st.value[i] for i in affected)
        if after > before + COMPLETE_BONUS / 2 or (
            after > before - 1e-9 and self.rng.random() < SIDEWAYS
        ):
            return True
        for i in affected:
            st.remove(i)
        for s in moved:
            self._release(s)
        self._restore(old_place, saved)
        return False

    def _relocate(self, move: list[tuple[int, int]]) -> bool:
        placed: list[int] = []
        for s, p in move:
            room = self._free_room(s, p)
            if room is None or self.board.teacher_clash(s, p):
                for q in placed:
                    self._release(q)
                return False
            self.state.set_section(s, p, room)
            self._occupy(s)
            placed.append(s)
        return True

    def _restore(
        self, old_place: list[tuple[int, int, int]], saved: dict[int, tuple[int, ...]]
    ) -> None:
        for s, p, room in old_place:
            self.state.set_section(s, p, room)
            self._occupy(s)
        for i, old in saved.items():
            self.state.apply(i, old)
