"""A second, minimal validator written from docs/schedule-format.md only.

It reads the raw JSON documents (no engine types, no homeroom_engine.validate) and returns
the list of hard-rule violations and the recomputed weighted fulfilment, so the tests can
cross-check every solution against two independent readings of the spec.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any


def _index(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {row["id"]: row for row in rows}


def check(problem: dict[str, Any], solution: dict[str, Any]) -> tuple[list[str], float]:
    """(violations, weighted fulfilment) of a solution document for a problem document."""
    errors: list[str] = []
    sections = _index(problem["sections"])
    courses = _index(problem.get("courses", []))
    rooms = _index(problem.get("rooms", []))
    teachers = _index(problem.get("teachers", []))
    placed = _placements(problem, solution, sections, rooms, errors)
    seated = _enrollments(problem, solution, sections, errors)
    _resources(problem, placed, sections, teachers, seated, errors)
    for sid, members in seated.items():
        room = placed.get(sid, (None, None))[1]
        limit = sections[sid]["capacity"]
        if room is not None and room in rooms:
            limit = min(limit, rooms[room]["capacity"])
        if len(members) > limit:
            errors.append(f"rule 3: {sid} holds {len(members)} > {limit}")
    for sid, (_, room) in placed.items():
        feature = courses.get(sections[sid]["course"], {}).get("room_feature")
        if rooms and feature and (room not in rooms or feature not in rooms[room]["features"]):
            errors.append(f"rule 5: {sid} lacks feature {feature}")
    return errors, _weighted(problem, solution, sections)


def _placements(
    problem: dict[str, Any],
    solution: dict[str, Any],
    sections: dict[str, dict[str, Any]],
    rooms: dict[str, dict[str, Any]],
    errors: list[str],
) -> dict[str, tuple[str, str | None]]:
    placed: dict[str, tuple[str, str | None]] = {}
    for row in solution["sections"]:
        sid = row["id"]
        if sid not in sections or sid in placed:
            errors.append(f"rule 1: unknown or repeated section {sid}")
            continue
        placed[sid] = (row["period"], row.get("room"))
        spec = sections[sid]
        if row["period"] not in problem["periods"]:
            errors.append(f"rule 1: {sid} has no valid period")
        if spec.get("period") is not None and spec["period"] != row["period"]:
            errors.append(f"rule 1: {sid} locked period moved")
        if spec.get("room") is not None and rooms and spec["room"] != row.get("room"):
            errors.append(f"rule 1: {sid} locked room moved")
        if rooms and row.get("room") not in rooms:
            errors.append(f"rooms: {sid} has no listed room")
        if not rooms and row.get("room") is not None:
            errors.append(f"rooms: {sid} has a room although none are listed")
    for sid in sections:
        if sid not in placed:
            errors.append(f"rule 1: {sid} missing")
    return placed


def _enrollments(
    problem: dict[str, Any],
    solution: dict[str, Any],
    sections: dict[str, dict[str, Any]],
    errors: list[str],
) -> dict[str, list[str]]:
    requests = {
        (st["id"], rq["course"]): [rq["course"], *rq.get("alternates", [])]
        for st in problem["students"]
        for rq in st.get("requests", [])
    }
    seen: set[tuple[str, str]] = set()
    seated: dict[str, list[str]] = defaultdict(list)
    for row in solution["enrollments"]:
        key = (row["student"], row["request"])
        if key not in requests or key in seen:
            errors.append(f"rule 6: unknown or repeated request {key}")
            continue
        seen.add(key)
        sid = row["section"]
        if sid not in sections or sections[sid]["course"] not in requests[key]:
            errors.append(f"rule 6: {key} met by a wrong section {sid}")
            continue
        seated[sid].append(row["student"])
    listed = {(row["student"], row["request"]) for row in solution["unfulfilled"]}
    if listed & seen or (listed | seen) != set(requests):
        errors.append("unfulfilled rows do not match the unmet requests")
    return seated


def _resources(
    problem: dict[str, Any],
    placed: dict[str, tuple[str, str | None]],
    sections: dict[str, dict[str, Any]],
    teachers: dict[str, dict[str, Any]],
    seated: dict[str, list[str]],
    errors: list[str],
) -> None:
    holders: dict[tuple[str, str, str, str], str] = {}
    for sid, (period, room) in placed.items():
        spec = sections[sid]
        teacher = spec.get("teacher")
        off = {
            (u["term"], u["period"]) for u in teachers.get(teacher or "", {}).get("unavailable", [])
        }
        people = [("teacher", teacher)] if teacher else []
        people += [("room", room)] if room else []
        people += [("student", st) for st in seated.get(sid, [])]
        for term in spec["terms"]:
            if (term, period) in off:
                errors.append(f"rule 4: {sid} teacher unavailable in {term}/{period}")
            for kind, who in people:
                key = (kind, who, term, period)
                if key in holders:
                    errors.append(f"rule 2: {kind} {who} in {holders[key]} and {sid}")
                holders[key] = sid


def _weighted(
    problem: dict[str, Any], solution: dict[str, Any], sections: dict[str, dict[str, Any]]
) -> float:
    weight = {
        (st["id"], rq["course"]): rq["weight"]
        for st in problem["students"]
        for rq in st.get("requests", [])
    }
    total = sum(weight.values())
    if total <= 0:
        return 1.0
    got = 0.0
    for row in solution["enrollments"]:
        w = weight.get((row["student"], row["request"]), 0.0)
        primary = sections.get(row["section"], {}).get("course") == row["request"]
        got += w if primary else w / 2
    return got / total
