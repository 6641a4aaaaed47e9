"""Every demo login signs in through the login form to its own dashboard (CI's check)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command

from homeroom.demo.staffing import DEMO_PASSWORD, DEMO_USERNAMES
from tests.browser.test_pages import sign_in, sign_out

pytestmark = pytest.mark.browser


@pytest.mark.django_db(transaction=True)
def test_every_demo_role_reaches_its_dashboard(
    page: Any, live_server: Any, screenshot: Any
) -> None:
    call_command("seed", "--students", "120", "--seed", "3", verbosity=0)
    assert len(DEMO_USERNAMES) == 8
    for role, username in DEMO_USERNAMES.items():
        sign_in(page, live_server.url, username, DEMO_PASSWORD)
        assert page.url.endswith("/dashboard/"), username
        assert page.locator("h1").get_attribute("data-role") == role, username
        screenshot(page, f"demo-{role}")
        sign_out(page)
        assert "/login/" in page.url
