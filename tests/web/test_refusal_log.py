"""A refused request is logged as one line, not a traceback."""

from __future__ import annotations

import logging

import pytest
from django.urls import reverse

from tests.conftest import World

pytestmark = pytest.mark.django_db


def test_a_403_logs_one_line_without_a_traceback(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    url = reverse("audit:student_history", args=[world.own_student.pk])
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = world.client("teacher").get(url)
    assert response.status_code == 403
    [record] = [r for r in caplog.records if r.name == "django.request"]
    assert record.exc_info is None
    line = logging.Formatter().format(record)
    assert line == f"Forbidden (Permission denied): {url}"
    assert "\n" not in line
    assert "Traceback" not in caplog.text


def test_a_server_error_keeps_its_traceback(caplog: pytest.LogCaptureFixture) -> None:
    """Only refusals lose the traceback: a 500 is a fault and keeps it."""
    logger = logging.getLogger("django.request")
    with caplog.at_level(logging.ERROR, logger="django.request"):
        try:
            raise ValueError("boom")
        except ValueError:
            logger.error("Internal Server Error: /x", exc_info=True, extra={"status_code": 500})
    [record] = caplog.records
    assert record.exc_info is not None
    assert "Traceback" in logging.Formatter().format(record)
