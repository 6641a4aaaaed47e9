"""Room assignment, period by period, once section periods are known.

Sections meeting in the same period compete for rooms term by term (two semester sections
can share a room, a year section holds it for both terms). A greedy pass handles nearly
every period; when it leaves a section without a room, a small CP-SAT model for that period
finds an assignment if one exists.
"""

from __future__ import annotations

from collections import defaultdict

from ortools.sat.python import cp_model

from homeroom_engine.model import Instance


def assign_rooms(inst: Instance, periods: list[int], seed: int = 0) -> list[int]:
    """A room per section (or -1 when the problem lists no rooms or none is free)."""
    rooms = [-1] * inst.n_sections
    if not inst.room_capacity:
        return rooms
    by_period: dict[int, list[int]] = defaultdict(list)
    for s, p in enumerate(periods):
        by_period[p].append(s)
    for p in sorted(by_period):
        sections = by_period[p]
        chosen = _greedy(inst, sections)
        if any(chosen[s] < 0 for s in sections):
            chosen = _exact(inst, sections, seed) or chosen
        for s in sections:
            rooms[s] = chosen[s]
    return rooms


def _shortfall(inst: Instance, s: int, r: int) -> int:
    return max(0, inst.section_capacity[s] - inst.room_capacity[r])


def _greedy(inst: Instance, sections: list[int]) -> dict[int, int]:
    used: set[tuple[int, int]] = set()
    chosen: dict[int, int] = {}
    order = sorted(
        sections,
        key=lambda s: (
            inst.locked_room[s] < 0,
            inst.section_feature[s] is None,
            -len(inst.section_terms[s]),
            -inst.section_capacity[s],
            s,
        ),
    )
    for s in order:
        terms = inst.section_terms[s]
        free = [r for r in inst.rooms_for(s) if all((r, t) not in used for t in terms)]
        if not free:
            chosen[s] = -1
            continue
        r = min(
            free,
            key=lambda r: (
                _shortfall(inst, s, r),
                not any((r, t) in used for t in range(inst.n_terms)),  # pack semester halves
                len(inst.room_features[r]),
                inst.room_capacity[r],
                r,
            ),
        )
        chosen[s] = r
        used.update((r, t) for t in terms)
    return chosen


def _exact(inst: Instance, sections: list[int], seed: int) -> dict[int, int] | None:
    model = cp_model.CpModel()
    y: dict[tuple[int, int], cp_model.IntVar] = {}
    for s in sections:
        for r in inst.rooms_for(s):
            y[(s, r)] = model.new_bool_var(f"y{s}_{r}")
    placed = []
    for s in sections:
        lits = [y[(s, r)] for r in inst.rooms_for(s)]
        model.add_at_most_one(lits)
        placed.append(sum(lits))
    by_room_term: dict[tuple[int, int], list[cp_model.IntVar]] = defaultdict(list)
    for (s, r), var in y.items():
        for t in inst.section_terms[s]:
            by_room_term[(r, t)].append(var)
    for lits in by_room_term.values():
        model.add_at_most_one(lits)
    model.maximize(1000 * sum(placed) - sum(_shortfall(inst, s, r) * v for (s, r), v in y.items()))
    solver = cp_model.CpSolver()
    solver.parameters.random_seed = seed
    solver.parameters.num_workers = 1
    solver.parameters.max_deterministic_time = 5.0
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    chosen = dict.fromkeys(sections, -1)
    for (s, r), var in y.items():
        if solver.boolean_value(var):
            chosen[s] = r
    return chosen
