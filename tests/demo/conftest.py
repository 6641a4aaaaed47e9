"""A small seeded district, built once per test module and rolled back after it."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction

SMALL = 300


@pytest.fixture(scope="module")
def seeded(django_db_setup: None, django_db_blocker: Any) -> Iterator[int]:
    """Seed ``SMALL`` students with seed 1 inside a transaction the module shares.

    Each test still runs in its own savepoint (``db``), and the district is rolled
    back when the module ends, so other tests never see it.
    """
    with django_db_blocker.unblock():
        block = transaction.atomic()
        block.__enter__()
        try:
            call_command("seed", students=SMALL, seed=1, stdout=io.StringIO(), stderr=io.StringIO())
            yield SMALL
        finally:
            transaction.set_rollback(True)
            block.__exit__(None, None, None)


@pytest.fixture
def district(seeded: int, db: None) -> int:
    """The module's seeded district, for a test that runs in its own savepoint."""
    return seeded
