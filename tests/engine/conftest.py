"""Small generated schools shared by the engine tests (no Django needed).

Every engine test solves against a work budget, never a time limit: the wall clock is not
read, so a test gets the same solution however loaded the machine is.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest

from homeroom_engine.generate import generate
from homeroom_engine.schema import Problem, Solution, parse_problem
from homeroom_engine.solve import solve

SMALL = 160
FIXTURE_WORK = 1_500_000  # work units: what a 6-second limit plans


@pytest.fixture(scope="session")
def feasible_docs() -> tuple[dict[str, Any], dict[str, Any]]:
    return generate(SMALL, seed=7, kind="feasible")


@pytest.fixture(scope="session")
def oversubscribed_docs() -> tuple[dict[str, Any], dict[str, Any]]:
    return generate(SMALL, seed=11, kind="oversubscribed")


@pytest.fixture
def feasible_doc(feasible_docs: tuple[dict[str, Any], dict[str, Any]]) -> dict[str, Any]:
    """A private deep copy that a test may mutate."""
    return copy.deepcopy(feasible_docs[0])


@pytest.fixture(scope="session")
def feasible_problem(feasible_docs: tuple[dict[str, Any], dict[str, Any]]) -> Problem:
    return parse_problem(feasible_docs[0])


@pytest.fixture(scope="session")
def feasible_solution(feasible_problem: Problem) -> Solution:
    # Seed 3 seats a student in the dropped section of test_resolve through an alternate,
    # so that test also covers reading an alternate's enrollment row.
    return solve(feasible_problem, work_budget=FIXTURE_WORK, seed=3)
