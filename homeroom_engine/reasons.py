"""Reasons a counselor can act on, for every request left unfulfilled."""

from __future__ import annotations

from homeroom_engine.model import Instance
from homeroom_engine.placement import State


def _when(inst: Instance, state: State, s: int) -> str:
    problem = inst.problem
    period = problem.periods[state.period[s]]
    if len(inst.section_terms[s]) == inst.n_terms:
        return f"period {period}"
    terms = "+".join(problem.terms[t] for t in inst.section_terms[s])
    return f"{terms} period {period}"


def _label(inst: Instance, s: int) -> str:
    course = inst.section_course[s]
    n = len(inst.course_sections[course])
    kind = {1: ", singleton", 2: ", doubleton"}.get(n, "")
    return f"{inst.problem.sections[s].id} ({inst.course_ids[course]}{kind})"


def _blockers(inst: Instance, state: State, i: int, s: int) -> list[int]:
    return [b for b in state.assign[i] if b >= 0 and state.smask[b] & state.smask[s]]


def _course_reason(inst: Instance, state: State, i: int, course: int) -> str:
    code = inst.course_ids[course]
    sections = inst.course_sections[course]
    if not sections:
        return f"{code} has no sections"
    parts = []
    for s in sections:
        sid = inst.problem.sections[s].id
        blockers = _blockers(inst, state, i, s)
        if blockers:
            names = ", ".join(_label(inst, b) for b in blockers)
            parts.append(f"{sid} meets in {_when(inst, state, s)}, where the student has {names}")
        elif state.count[s] >= state.cap[s]:
            parts.append(f"{sid} is full ({state.count[s]}/{state.cap[s]} seats)")
        else:
            parts.append(
                f"{sid} has a seat in {_when(inst, state, s)} "
                "but taking it loses a weightier request"
            )
    if all(state.count[s] >= state.cap[s] for s in sections):
        return f"every {code} section is full: " + "; ".join(parts)
    return f"{code}: " + "; ".join(parts)


def explain(inst: Instance, state: State, i: int, r: int) -> str:
    """Why request r of student i is unfulfilled, naming blocking sections and full courses."""
    candidates = inst.student_requests[i][r].candidates
    text = _course_reason(inst, state, i, candidates[0].course)
    for cand in candidates[1:]:
        text += f"; alternate {inst.course_ids[cand.course]} tried: " + _course_reason(
            inst, state, i, cand.course
        )
    if len(candidates) == 1:
        text += "; no alternates were given"
    return text
