"""A constructive master schedule: singletons first, each section into its cheapest period.

This is how a scheduler builds a master schedule by hand from the conflict matrix, and it
serves twice: as the master schedule of the greedy baseline and as the starting point
(solution hint) of the CP-SAT period model.
"""

from __future__ import annotations

import random
from collections import defaultdict

from homeroom_engine.model import Instance
from homeroom_engine.periods import course_pair_weights


class _Resources:
    """Which teacher, locked room and room capacity each slot has left."""

    def __init__(self, inst: Instance) -> None:
        self.inst = inst
        self.teacher: set[tuple[int, int, int]] = set()
        self.room: set[tuple[int, int, int]] = set()
        self.count: dict[tuple[str | None, int, int], int] = defaultdict(int)
        self.limit: dict[str | None, int] = {None: len(inst.room_capacity)}
        for s in range(inst.n_sections):
            f = inst.section_feature[s]
            if f is not None:
                self.limit[f] = sum(f in feats for feats in inst.room_features)

    def fits(self, s: int, p: int) -> bool:
        inst = self.inst
        teacher, room, feature = (
            inst.section_teacher[s],
            inst.locked_room[s],
            inst.section_feature[s],
        )
        for t in inst.section_terms[s]:
            if teacher >= 0 and (teacher, t, p) in self.teacher:
                return False
            if room >= 0 and (room, t, p) in self.room:
                return False
            if inst.room_capacity and self.count[(None, t, p)] >= self.limit[None]:
                return False
            if (
                inst.room_capacity
                and feature is not None
                and self.count[(feature, t, p)] >= self.limit[feature]
            ):
                return False
        return True

    def take(self, s: int, p: int) -> None:
        inst = self.inst
        for t in inst.section_terms[s]:
            if inst.section_teacher[s] >= 0:
                self.teacher.add((inst.section_teacher[s], t, p))
            if inst.locked_room[s] >= 0:
                self.room.add((inst.locked_room[s], t, p))
            self.count[(None, t, p)] += 1
            if inst.section_feature[s] is not None:
                self.count[(inst.section_feature[s], t, p)] += 1


def greedy_periods(inst: Instance, restarts: int = 0, seed: int = 0) -> list[int] | None:
    """Periods for every section, or None when the construction gets stuck every time.

    The first attempt is deterministic in the classic order; each restart perturbs the
    order of sections (seeded), which usually unsticks tight rooms or teacher loads.
    """
    rng = random.Random(seed)
    for attempt in range(restarts + 1):
        periods = _construct(inst, rng if attempt else None)
        if periods is not None:
            return periods
    return None


def _construct(inst: Instance, rng: random.Random | None) -> list[int] | None:
    weights = course_pair_weights(inst)
    n_sec = [max(1, len(x)) for x in inst.course_sections]
    res = _Resources(inst)
    periods = [-1] * inst.n_sections
    at: dict[tuple[int, int], list[int]] = defaultdict(list)  # (term, period) -> sections
    teacher_load: dict[int, int] = defaultdict(int)
    for s in range(inst.n_sections):
        teacher_load[inst.section_teacher[s]] += len(inst.section_terms[s])
    order = sorted(
        range(inst.n_sections),
        key=lambda s: (
            inst.locked_period[s] < 0,
            len(inst.allowed_periods[s]),
            n_sec[inst.section_course[s]],
            -teacher_load[inst.section_teacher[s]] if inst.section_teacher[s] >= 0 else 0,
            rng.random() if rng else s,
        ),
    )
    for s in order:
        c = inst.section_course[s]
        best: tuple[float, int] | None = None
        for p in inst.allowed_periods[s]:
            if not res.fits(s, p):
                continue
            cost = 0.0
            for t in inst.section_terms[s]:
                for o in at[(t, p)]:
                    d = inst.section_course[o]
                    pair = (c, d) if c < d else (d, c)
                    cost += weights.get(pair, 0.0) / (n_sec[c] * n_sec[d])
                    if d == c:
                        cost += 1.0 / n_sec[c]
                cost += 1e-3 * res.count[(None, t, p)]  # spread room pressure over periods
            if best is None or (cost, p) < best:
                best = (cost, p)
        if best is None:
            return None
        periods[s] = best[1]
        res.take(s, best[1])
        for t in inst.section_terms[s]:
            at[(t, best[1])].append(s)
    return periods
