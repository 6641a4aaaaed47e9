"""Which section holds each teacher and each room in each (term, period) slot."""

from __future__ import annotations

from homeroom_engine.model import Instance

Slot = tuple[int, int, int]  # (teacher or room, term, period)
Move = list[tuple[int, int]]  # (section, new period)


class SlotBoard:
    """Teacher and room occupancy shared by the searches that move section periods."""

    def __init__(self, inst: Instance) -> None:
        self.inst = inst
        self.teacher_at: dict[Slot, int] = {}
        self.room_at: dict[Slot, int] = {}

    def occupy(self, s: int, p: int, room: int) -> None:
        """Section ``s`` takes its teacher and ``room`` (-1: none) in period ``p``."""
        teacher = self.inst.section_teacher[s]
        for t in self.inst.section_terms[s]:
            if teacher >= 0:
                self.teacher_at[(teacher, t, p)] = s
            if room >= 0:
                self.room_at[(room, t, p)] = s

    def release(self, s: int, p: int, room: int) -> None:
        """Free what ``occupy(s, p, room)`` took."""
        teacher = self.inst.section_teacher[s]
        for t in self.inst.section_terms[s]:
            if teacher >= 0:
                self.teacher_at.pop((teacher, t, p), None)
            if room >= 0:
                self.room_at.pop((room, t, p), None)

    def teacher_clash(self, s: int, p: int) -> set[int]:
        """The sections that hold ``s``'s teacher in period ``p``."""
        teacher = self.inst.section_teacher[s]
        if teacher < 0:
            return set()
        return {
            o
            for t in self.inst.section_terms[s]
            if (o := self.teacher_at.get((teacher, t, p), -1)) >= 0
        }

    def room_free(self, r: int, s: int, p: int) -> bool:
        """Whether room ``r`` is free in period ``p`` for every term of section ``s``."""
        return all((r, t, p) not in self.room_at for t in self.inst.section_terms[s])

    def free(self, s: int, p: int, room: int) -> bool:
        """Whether ``s`` could meet in ``p`` (in ``room``, unless -1) without a clash."""
        return not self.teacher_clash(s, p) and (room < 0 or self.room_free(room, s, p))

    def move_with_swap(self, s: int, p: int, old: int) -> Move | None:
        """Move ``s`` from period ``old`` to ``p``, swapping with its teacher's section there
        when that is the only clash (same terms, not locked, allowed in ``old``); None when
        neither works."""
        clash = self.teacher_clash(s, p)
        if not clash:
            return [(s, p)]
        if len(clash) > 1:
            return None
        other = clash.pop()
        inst = self.inst
        if inst.locked_period[other] >= 0 or old not in inst.allowed_periods[other]:
            return None
        if inst.section_terms[other] != inst.section_terms[s]:
            return None
        return [(s, p), (other, old)]
