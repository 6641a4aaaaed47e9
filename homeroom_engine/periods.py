"""Phase 1: choose a period for every section with CP-SAT, guided by the conflict matrix.

Hard constraints: a section meets in one allowed period (locked, or one its teacher is
available in for all its terms); a teacher and a locked room hold one section per slot; per
slot, no more sections than rooms, and no more sections needing a feature than rooms having
it. The objective counts, for every pair of courses requested together, how much the pair's
sections collide: ``W(a, b) / (n_a * n_b)`` for each pair of their sections sharing a slot,
where ``W`` is the weight of students requesting both. Singletons therefore weigh the most.
"""

from __future__ import annotations

import math
from collections import defaultdict
from itertools import combinations

from ortools.sat.python import cp_model

from homeroom_engine.model import Instance

PAIR_BUDGET = 6_000  # most section-pair indicator variables the model may create
SCALE = 1000


def course_pair_weights(inst: Instance) -> dict[tuple[int, int], float]:
    """Conflict matrix: for each pair of primary courses, the weight of students wanting both."""
    weights: dict[tuple[int, int], float] = defaultdict(float)
    for reqs in inst.student_requests:
        primaries = sorted((q.candidates[0].course, q.weight) for q in reqs)
        for (a, wa), (b, wb) in combinations(primaries, 2):
            weights[(a, b)] += min(wa, wb)
    return weights


def _share_term(inst: Instance, s1: int, s2: int) -> bool:
    return bool(set(inst.section_terms[s1]) & set(inst.section_terms[s2]))


def _section_pairs(
    inst: Instance, extra: dict[tuple[int, int], float]
) -> list[tuple[int, int, int]]:
    """(section, section, cost) for the costliest co-requested section pairs within budget."""
    scored: list[tuple[float, int, int]] = []
    for (a, b), w in course_pair_weights(inst).items():
        na, nb = len(inst.course_sections[a]), len(inst.course_sections[b])
        if na and nb:
            scored.append((w / (na * nb), a, b))
    scored.sort(key=lambda x: (-x[0], x[1], x[2]))
    pairs: list[tuple[int, int, int]] = []
    for per_pair, a, b in scored:
        for s1 in inst.course_sections[a]:
            for s2 in inst.course_sections[b]:
                if _share_term(inst, s1, s2):
                    boost = extra.get((min(s1, s2), max(s1, s2)), 0.0)
                    pairs.append((s1, s2, max(1, round(SCALE * (per_pair + boost)))))
        if len(pairs) >= PAIR_BUDGET:
            break
    return pairs


class PeriodModel:
    """The CP-SAT model of phase 1, kept so it can be re-solved with hints."""

    def __init__(
        self,
        inst: Instance,
        extra: dict[tuple[int, int], float] | None = None,
        with_objective: bool = True,
    ) -> None:
        self.inst = inst
        self.model = cp_model.CpModel()
        self.x: dict[tuple[int, int], cp_model.IntVar] = {}
        for s in range(inst.n_sections):
            for p in inst.allowed_periods[s]:
                self.x[(s, p)] = self.model.new_bool_var(f"x{s}_{p}")
            self.model.add_exactly_one(self.x[(s, p)] for p in inst.allowed_periods[s])
        self._resources()
        self._rooms()
        if with_objective:
            self._objective(extra or {})

    def _at_most_one_per_slot(self, sections: list[int]) -> None:
        inst = self.inst
        for t in range(inst.n_terms):
            for p in range(inst.n_periods):
                lits = [
                    self.x[(s, p)]
                    for s in sections
                    if t in inst.section_terms[s] and (s, p) in self.x
                ]
                if len(lits) > 1:
                    self.model.add_at_most_one(lits)

    def _resources(self) -> None:
        for sections in self.inst.teacher_sections:
            self._at_most_one_per_slot(sections)
        by_room: dict[int, list[int]] = defaultdict(list)
        for s, r in enumerate(self.inst.locked_room):
            if r >= 0:
                by_room[r].append(s)
        for sections in by_room.values():
            self._at_most_one_per_slot(sections)

    def _rooms(self) -> None:
        inst = self.inst
        if not inst.room_capacity:
            return
        features = sorted({f for s in range(inst.n_sections) if (f := inst.section_feature[s])})
        groups: list[tuple[list[int], int]] = [
            (list(range(inst.n_sections)), len(inst.room_capacity))
        ]
        for f in features:
            needing = [s for s in range(inst.n_sections) if inst.section_feature[s] == f]
            groups.append((needing, sum(f in feats for feats in inst.room_features)))
        for sections, limit in groups:
            for t in range(inst.n_terms):
                for p in range(inst.n_periods):
                    lits = self._in_slot(sections, t, p)
                    if len(lits) > limit:
                        self.model.add(sum(lits) <= limit)

    def _in_slot(self, sections: list[int], t: int, p: int) -> list[cp_model.IntVar]:
        """The literals placing any of ``sections`` that meets in term ``t`` in period ``p``."""
        terms = self.inst.section_terms
        return [self.x[(s, p)] for s in sections if t in terms[s] and (s, p) in self.x]

    def _objective(self, extra: dict[tuple[int, int], float]) -> None:
        inst = self.inst
        terms: list[tuple[int, cp_model.IntVar]] = []
        for s1, s2, cost in _section_pairs(inst, extra):
            common = set(inst.allowed_periods[s1]) & set(inst.allowed_periods[s2])
            if not common:
                continue
            same = self.model.new_bool_var(f"same{s1}_{s2}")
            for p in common:
                self.model.add(self.x[(s1, p)] + self.x[(s2, p)] <= 1 + same)
            terms.append((cost, same))
        terms += self._spread_terms()
        self.model.minimize(sum(c * v for c, v in terms))

    def _spread_terms(self) -> list[tuple[int, cp_model.IntVar]]:
        """Penalise piling one course's sections into one slot beyond an even share."""
        inst = self.inst
        out: list[tuple[int, cp_model.IntVar]] = []
        demand: dict[int, float] = defaultdict(float)
        for reqs in inst.student_requests:
            for q in reqs:
                demand[q.candidates[0].course] += q.weight
        for c, sections in enumerate(inst.course_sections):
            if len(sections) < 2:
                continue
            share = math.ceil(len(sections) / inst.n_periods)
            weight = max(1, round(SCALE * demand[c] / len(sections) / 50))
            for t in range(inst.n_terms):
                for p in range(inst.n_periods):
                    lits = self._in_slot(sections, t, p)
                    if len(lits) > share:
                        excess = self.model.new_int_var(0, len(lits), f"ex{c}_{t}_{p}")
                        self.model.add(excess >= sum(lits) - share)
                        out.append((weight, excess))
        return out

    def solve(
        self,
        det_time: float,
        seed: int,
        wall_limit: float | None,
        hint: list[int] | None = None,
    ) -> list[int] | None:
        """Periods per section, or None when no assignment satisfies the hard constraints.

        One worker and ``det_time`` of deterministic time make the result reproducible;
        ``wall_limit`` (seconds) adds a wall-clock stop, None leaves it out.
        """
        if hint is not None:
            self.model.clear_hints()
            for (s, p), var in self.x.items():
                self.model.add_hint(var, hint[s] == p)
        solver = cp_model.CpSolver()
        solver.parameters.random_seed = seed
        solver.parameters.num_workers = 1
        solver.parameters.max_deterministic_time = det_time
        if wall_limit is not None:
            solver.parameters.max_time_in_seconds = wall_limit
        status = solver.solve(self.model)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return None
        return [
            next(p for p in self.inst.allowed_periods[s] if solver.boolean_value(self.x[(s, p)]))
            for s in range(self.inst.n_sections)
        ]
