"""Strict parsing: unknown keys, broken references and bad values name the key and id."""

from __future__ import annotations

from typing import Any

import pytest

from homeroom_engine.schema import (
    ProblemError,
    SolutionError,
    parse_problem,
    parse_solution,
    problem_to_dict,
    solution_to_dict,
)
from tests.engine.helpers import tiny_problem


def test_generated_problem_round_trips_through_the_schema(feasible_doc: dict[str, Any]) -> None:
    problem = parse_problem(feasible_doc)
    assert parse_problem(problem_to_dict(problem)) == problem


def test_unknown_key_is_an_error_naming_the_key_and_id() -> None:
    doc = tiny_problem()
    doc["sections"][1]["perod"] = "A"
    with pytest.raises(ProblemError, match=r'sections\[id="CHEM-1"\].*unknown key "perod"'):
        parse_problem(doc)


def test_unknown_top_level_key_is_an_error() -> None:
    with pytest.raises(ProblemError, match='unknown key "extra"'):
        parse_problem(tiny_problem(extra=1))


def test_unresolved_course_of_a_section_names_section_and_course() -> None:
    doc = tiny_problem()
    doc["sections"][0]["course"] = "NOPE"
    with pytest.raises(
        ProblemError, match=r'sections\[id="MATH-1"\]\.course: unknown course "NOPE"'
    ):
        parse_problem(doc)


def test_unresolved_alternate_names_the_student() -> None:
    doc = tiny_problem()
    doc["students"][2]["requests"][4]["alternates"] = ["GHOST"]
    with pytest.raises(
        ProblemError, match=r'students\[id="S2"\].requests\[4\]: unknown course "GHOST"'
    ):
        parse_problem(doc)


def test_duplicate_ids_are_rejected() -> None:
    doc = tiny_problem()
    doc["rooms"][1]["id"] = "R1"
    with pytest.raises(ProblemError, match='duplicate id "R1"'):
        parse_problem(doc)


def test_course_requested_twice_counting_alternates_is_rejected() -> None:
    doc = tiny_problem()
    doc["students"][0]["requests"][4]["alternates"] = ["MATH"]
    with pytest.raises(ProblemError, match='course "MATH" is requested more than once'):
        parse_problem(doc)


@pytest.mark.parametrize("capacity", [0, -3, 2.5, True, "30", None])
def test_section_capacity_must_be_a_positive_integer(capacity: object) -> None:
    doc = tiny_problem()
    doc["sections"][0]["capacity"] = capacity
    with pytest.raises(ProblemError, match=r'sections\[id="MATH-1"\]\.capacity'):
        parse_problem(doc)


def test_section_term_outside_the_problem_terms_is_rejected() -> None:
    doc = tiny_problem()
    doc["sections"][2]["terms"] = ["S3"]
    with pytest.raises(ProblemError, match=r'sections\[id="ECON-1"\]\.terms: "S3"'):
        parse_problem(doc)


def test_locked_room_without_required_feature_is_rejected() -> None:
    doc = tiny_problem()
    doc["sections"][1]["room"] = "R1"
    with pytest.raises(ProblemError, match=r'CHEM-1.*lacks feature "science-lab"'):
        parse_problem(doc)


def test_room_given_when_no_rooms_are_listed_is_rejected() -> None:
    doc = tiny_problem(rooms=[])
    doc["sections"][0]["room"] = "R1"
    with pytest.raises(ProblemError, match='unknown room "R1"'):
        parse_problem(doc)


def test_wrong_format_tag_is_rejected() -> None:
    with pytest.raises(ProblemError, match="format"):
        parse_problem(tiny_problem(format="homeroom-schedule-problem/2"))


def test_non_positive_weight_is_rejected() -> None:
    doc = tiny_problem()
    doc["students"][1]["requests"][0]["weight"] = 0
    with pytest.raises(ProblemError, match=r'students\[id="S1"\].requests\[0\]\.weight'):
        parse_problem(doc)


def test_solution_with_unknown_key_is_a_solution_error() -> None:
    with pytest.raises(SolutionError, match='unknown key "score"'):
        parse_solution(
            {
                "format": "homeroom-schedule-solution/1",
                "sections": [],
                "enrollments": [],
                "unfulfilled": [],
                "stats": {},
                "score": 1,
            }
        )


def test_solution_round_trips(feasible_docs: tuple[dict[str, Any], dict[str, Any]]) -> None:
    planted = feasible_docs[1]
    assert solution_to_dict(parse_solution(planted)) == planted
