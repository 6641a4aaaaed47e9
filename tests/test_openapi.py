"""The committed OpenAPI document matches the code (regenerate with `make openapi`)."""

from __future__ import annotations

from pathlib import Path

from homeroom.api.management.commands.export_openapi import openapi_text

DOC = Path(__file__).resolve().parents[1] / "docs" / "openapi.json"


def test_committed_openapi_document_matches_the_code() -> None:
    assert DOC.read_text(encoding="utf-8") == openapi_text(), (
        "docs/openapi.json is out of date: run `make openapi` and commit it"
    )


def test_api_requires_bearer_auth_in_the_document() -> None:
    text = openapi_text()
    assert '"BearerToken"' in text
    assert '"/api/v1/students/{student_id}"' in text
