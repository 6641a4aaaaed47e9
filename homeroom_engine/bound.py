"""A provably valid upper bound on weighted fulfilment.

The bound is the optimum of a relaxation solved exactly as a min-cost flow:

    source -> student i        capacity k_i (most requests i could ever hold at once)
    student i -> request r     capacity 1
    request r -> course c      capacity 1, value w (primary) or w/2 (alternate)
    course c -> sink           capacity seats(c)
    source -> sink             free bypass, so flow is only sent where it earns value

Any valid solution maps to a feasible flow of equal value: each fulfilled request sends
one unit through the course of its section; a course never takes more students than the
seats of its sections (each capped by the largest room that could hold it, when rooms are
listed); a student never holds more requests than fit in the timetable (k_i counts how many
requests fit when each takes its cheapest number of slots). So the flow optimum is at
least the best achievable value. Values are rounded up before the integer flow is solved,
which can only raise the bound.
"""

from __future__ import annotations

import math

from ortools.graph.python import min_cost_flow

from homeroom_engine.model import Instance


def course_seats(inst: Instance) -> list[int]:
    """Seats each course can offer, each section capped by the largest room it could use."""
    seats = [0] * len(inst.course_sections)
    for s in range(inst.n_sections):
        cap = inst.section_capacity[s]
        if inst.room_capacity:
            cap = min(cap, max(inst.room_capacity[r] for r in inst.rooms_for(s)))
        seats[inst.section_course[s]] += cap
    return seats


def _course_units(inst: Instance) -> list[int]:
    """Fewest slots a section of each course occupies (0 when the course has no section)."""
    return [
        min((len(inst.section_terms[s]) for s in sections), default=0)
        for sections in inst.course_sections
    ]


def most_requests_held(inst: Instance, i: int, units: list[int]) -> int:
    """How many of a student's requests can be held at once, each at its cheapest slot cost."""
    costs = []
    for req in inst.student_requests[i]:
        options = [units[c.course] for c in req.candidates if units[c.course] > 0]
        if options:
            costs.append(min(options))
    held = used = 0
    for cost in sorted(costs):
        if used + cost > inst.n_slots:
            break
        used += cost
        held += 1
    return held


def upper_bound(inst: Instance) -> float:
    """Upper bound on weighted fulfilment over every valid solution."""
    total = sum(q.weight for reqs in inst.student_requests for q in reqs)
    if total <= 0:
        return 1.0
    top = max(q.weight for reqs in inst.student_requests for q in reqs)
    scale = 1e6 / top
    seats = course_seats(inst)
    units = _course_units(inst)
    flow = min_cost_flow.SimpleMinCostFlow()
    n_students = inst.n_students
    n_courses = len(inst.course_sections)
    source, sink = 0, 1
    course_node = 2
    next_node = 2 + n_courses
    supply = 0
    for c in range(n_courses):
        if seats[c] > 0:
            flow.add_arc_with_capacity_and_unit_cost(course_node + c, sink, seats[c], 0)
    for i in range(n_students):
        student = next_node
        next_node += 1
        held = most_requests_held(inst, i, units)
        if held == 0:
            continue
        flow.add_arc_with_capacity_and_unit_cost(source, student, held, 0)
        supply += held
        for req in inst.student_requests[i]:
            request = next_node
            next_node += 1
            flow.add_arc_with_capacity_and_unit_cost(student, request, 1, 0)
            for cand in req.candidates:
                if seats[cand.course] > 0:
                    cost = -math.ceil(cand.value * scale)
                    flow.add_arc_with_capacity_and_unit_cost(
                        request, course_node + cand.course, 1, cost
                    )
    if supply == 0:
        return 0.0
    flow.add_arc_with_capacity_and_unit_cost(source, sink, supply, 0)
    flow.set_node_supply(source, supply)
    flow.set_node_supply(sink, -supply)
    status = flow.solve()
    if status != flow.OPTIMAL:
        return 1.0
    achievable = -flow.optimal_cost() / scale
    return min(1.0, math.ceil(achievable / total * 1e9) / 1e9)
