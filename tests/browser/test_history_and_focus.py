"""The record history read in a browser, and where the focus goes on a form."""

from __future__ import annotations

from typing import Any

import pytest

from homeroom.audit.context import Actor, acting_as
from homeroom.people.services import student_update
from tests import factories as f
from tests.browser.test_pages import sign_in
from tests.conftest import World

pytestmark = pytest.mark.browser


def focused(page: Any) -> str:
    """The focused element: its id, or its tag and classes."""
    return str(
        page.evaluate(
            "(() => { const e = document.activeElement;"
            " return e.id || (e.tagName.toLowerCase() + '.' + e.className); })()"
        )
    )


@pytest.mark.django_db(transaction=True)
def test_history_reads_as_sentences_with_the_stored_values_one_click_away(
    page: Any, live_server: Any, world: World, screenshot: Any
) -> None:
    registrar = world.users["registrar"]
    f.StaffFactory(user=registrar, given_name="Ana", family_name="Ruiz")
    mother = f.GuardianFactory(given_name="María Guadalupe", family_name="Ibáñez")
    f.GuardianshipFactory(student=world.own_student, guardian=mother, relationship="mother")
    with acting_as(Actor(user_id=registrar.pk, label=registrar.username, via="web")):
        student_update(student=world.own_student, home_language="01", reason="home survey")
    sign_in(page, live_server.url, registrar.username)
    page.goto(f"{live_server.url}/students/{world.own_student.pk}/history/")
    row = page.locator("table.history tbody tr").first
    assert row.locator("p.event").inner_text() == "Home language: English → Spanish"
    assert "Ana Ruiz (Registrar)" in row.inner_text()
    assert "home survey" in row.inner_text()
    assert page.get_by_text("Guardian added: María Guadalupe Ibáñez (mother, full custody)")
    raw = row.locator("details.raw")
    assert not raw.locator("ul.changes").is_visible()
    raw.locator("summary").click()
    assert raw.locator("ul.changes").inner_text() == 'home_language: "00" → "01"'
    screenshot(page, "history-en")
    page.get_by_role("button", name="Español").click()
    page.wait_for_load_state()
    first = page.locator("table.history tbody tr p.event").first.inner_text()
    assert first == "Idioma del hogar: Inglés → Español"
    screenshot(page, "history-es")


@pytest.mark.django_db(transaction=True)
def test_focus_goes_to_the_username_then_to_the_error_summary(
    page: Any, live_server: Any, world: World, screenshot: Any
) -> None:
    page.goto(f"{live_server.url}/login/")
    page.wait_for_function("document.activeElement.id === 'id_username'")
    page.get_by_label("Username").fill(world.users["registrar"].username)
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    page.wait_for_function("document.activeElement.id === 'login-error'")
    screenshot(page, "focus-login-error")
    page.goto(f"{live_server.url}/register/")
    page.get_by_role("button", name="Send me a code").click()
    page.wait_for_load_state()
    page.wait_for_function("document.activeElement.getAttribute('role') === 'alert'")
    assert "error" in focused(page)
    screenshot(page, "focus-form-error")
