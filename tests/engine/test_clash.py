"""The seat-aware master-schedule search keeps its bookkeeping exact."""

from __future__ import annotations

from collections import Counter
from typing import Any

from homeroom_engine.clash import ClashSearch
from homeroom_engine.model import build_instance
from homeroom_engine.rooms import assign_rooms
from homeroom_engine.schema import parse_problem
from homeroom_engine.solve import Limits, choose_periods


def _search(doc: dict[str, Any]) -> ClashSearch:
    inst = build_instance(parse_problem(doc))
    periods = choose_periods(inst, Limits(10.0, clock=False), 0)
    search = ClashSearch(inst, periods, assign_rooms(inst, periods, 0), seed=3)
    return search


def test_loads_and_group_seats_match_a_recount_after_the_search(
    feasible_docs: tuple[dict[str, Any], dict[str, Any]],
) -> None:
    search = _search(feasible_docs[0])
    start = search.objective()
    search.run(60_000)
    inst = search.inst
    seats: Counter[tuple[int, int]] = Counter()
    for s, p in enumerate(search.period):
        seats[(inst.section_course[s], inst.mask(s, p))] += search.seats[s]
    load = Counter(o for plan in search.plan for o in plan if o[0] >= 0)
    assert {k: v for k, v in search.group_seats.items() if v} == dict(seats)
    assert {k: v for k, v in search.load.items() if v} == dict(load)
    assert search.objective() >= start - 1e-6
    for i in range(inst.n_students):
        value, _ = search._evaluate(i)
        assert value <= search.ideal[i] + 1e-9


def test_search_is_deterministic(feasible_docs: tuple[dict[str, Any], dict[str, Any]]) -> None:
    runs = []
    for _ in range(2):
        search = _search(feasible_docs[0])
        search.run(30_000)
        runs.append((search.period, search.room, search.plan))
    assert runs[0] == runs[1]
