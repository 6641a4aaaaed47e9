"""Fixtures for the access tests that need a clock they control."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.access.idempotency_helpers import Clock, frozen
from tests.conftest import World, build_world


@pytest.fixture
def clock() -> Iterator[Clock]:
    """``timezone.now`` stands still at ``T0`` until the test moves it."""
    with frozen() as c:
        yield c


@pytest.fixture
def clocked_world(clock: Clock, db: None) -> World:
    """The shared world, built (tokens included) under the test's clock."""
    return build_world()
