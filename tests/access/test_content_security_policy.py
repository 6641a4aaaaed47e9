"""A strict Content-Security-Policy on every response, and templates that fit it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client

from tests.conftest import World

ROOT = Path(__file__).resolve().parents[2]
POLICY = {
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
}
# Inline code the policy blocks: a <script> without src (JSON data blocks are inert),
# a <style> element, a style="" attribute, an on...="" handler, a javascript: URL.
INLINE = re.compile(
    r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>|<style\b|\sstyle=|"
    r"\son[a-z]+=|javascript:",
    re.IGNORECASE,
)


def _policy(response: object) -> set[str]:
    header = response["Content-Security-Policy"]  # type: ignore[index]
    return {part.strip() for part in header.split(";")}


@pytest.mark.parametrize("path", ["/login/", "/register/", "/no-such-page/"])
def test_public_pages_carry_the_policy(db: None, path: str) -> None:
    assert _policy(Client().get(path)) == POLICY


def test_a_signed_in_page_carries_the_policy(world: World) -> None:
    response = world.client("registrar").get("/dashboard/")
    assert response.status_code == 200
    assert _policy(response) == POLICY


def test_api_answers_carry_the_policy(world: World) -> None:
    ok = Client().get("/api/v1/schools", **world.api("teacher"))
    refused = Client().get("/api/v1/schools")
    assert (ok.status_code, refused.status_code) == (200, 401)
    assert _policy(ok) == POLICY
    assert _policy(refused) == POLICY


def test_the_api_docs_page_loads_its_scripts_from_the_site(db: None) -> None:
    response = Client().get("/api/v1/docs")
    assert response.status_code == 200
    assert _policy(response) == POLICY
    html = response.content.decode()
    assert "cdn." not in html
    assert not INLINE.search(html)


def test_no_template_has_inline_script_or_style() -> None:
    offenders = [
        f"{path.relative_to(ROOT)}: {match.group(0)}"
        for path in sorted((ROOT / "homeroom").rglob("templates/**/*.html"))
        for match in INLINE.finditer(path.read_text())
    ]
    assert offenders == []
