"""Property-based fuzzing of the JSON API against the committed OpenAPI document.

Schemathesis generates valid and invalid requests for every operation in
docs/openapi.json (NUL bytes, huge strings, out-of-range dates, wrong types...) and sends
them in-process to the WSGI application as the district administrator. Every answer
must be below 500, have a status the document declares for that operation, and a
Content-Type the document declares. Deterministic: a fixed Hypothesis seed, a bounded
number of examples per operation, no example database.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import content_type_conformance, status_code_conformance

from tests.conftest import World

DOC = Path(__file__).resolve().parents[1] / "docs" / "openapi.json"
EXAMPLES_PER_OPERATION = 300

schema = schemathesis.openapi.from_path(DOC)
schema.config.generation.update(modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
ROLE = __import__("os").environ.get("FUZZ_ROLE", "district_admin")
APP = get_wsgi_application()
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance]


@pytest.fixture
def in_test_transaction() -> Iterator[None]:
    """Keep the test's database transaction open across WSGI requests.

    Django's own test client does the same: a finished request would otherwise close
    the connection that holds the test's transaction.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.mark.slow
@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_api_answers_no_server_error_and_only_declared_statuses(
    case: schemathesis.Case, world: World, in_test_transaction: None
) -> None:
    headers = {"Authorization": f"Bearer {world.token(ROLE)}"}
    case.call_and_validate(app=APP, headers=headers, checks=CHECKS)
