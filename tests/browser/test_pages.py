"""The web shell in a real browser: sign-in per role, search, denial, Spanish, phone.

Each test drives several pages: on PostgreSQL every live-server test pays for a
database flush, so the tests are few and each walks a whole story.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests import factories as f
from tests.browser.conftest import PHONE
from tests.conftest import ROLES, World

pytestmark = pytest.mark.browser


def sign_in(page: Any, base_url: str, username: str, password: str = f.PASSWORD) -> None:
    page.goto(f"{base_url}/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def sign_out(page: Any) -> None:
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state()


def has_no_horizontal_scroll(page: Any) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


def unlabelled_inputs(page: Any) -> list[str]:
    """Ids or names of visible form fields that have no label."""
    return list(
        page.evaluate(
            """[...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
               .filter(el => el.labels.length === 0 && !el.getAttribute('aria-label'))
               .map(el => el.id || el.name)"""
        )
    )


def add_obrien(world: World) -> None:
    student = f.StudentFactory(given_name="Seán", family_name="O’Brien")
    f.EnrollmentFactory(student=student, school=world.own)


@pytest.mark.browser
def test_each_role_signs_in_through_the_form_to_its_own_dashboard(
    page: Any, live_server: Any, world: World, screenshot: Any
) -> None:
    for role in ROLES:
        sign_in(page, live_server.url, world.users[role].username)
        assert page.url.endswith("/dashboard/"), role
        assert page.locator("h1").get_attribute("data-role") == role
        assert unlabelled_inputs(page) == [], role
        screenshot(page, f"dashboard-{role}-desktop")
        sign_out(page)
        assert page.url.endswith("/login/"), role


@pytest.mark.browser
def test_wrong_password_shows_an_error(
    page: Any, live_server: Any, world: World, screenshot: Any
) -> None:
    sign_in(page, live_server.url, "teacher-user", "not-the-password")
    assert "do not match" in page.get_by_role("alert").inner_text()
    assert page.url.endswith("/login/")
    assert page.get_by_label("Username").input_value() == "teacher-user"
    screenshot(page, "login-error-desktop")


@pytest.mark.browser
def test_search_as_you_type_finds_obrien(
    page: Any, live_server: Any, world: World, screenshot: Any
) -> None:
    add_obrien(world)
    sign_in(page, live_server.url, "registrar-user")
    page.get_by_role("link", name="Find a student").click()
    page.get_by_label("Student name").press_sequentially("obrien", delay=20)
    result = page.locator("#results").get_by_role("link", name="Seán O’Brien")
    result.wait_for()
    assert "1 student found" in page.locator("#search-status").inner_text()
    assert "q=obrien" in page.url  # htmx put the query in the address bar
    screenshot(page, "search-desktop")
    assert unlabelled_inputs(page) == []
    result.click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Seán O’Brien"
    screenshot(page, "profile-registrar-desktop")
    page.get_by_role("link", name="Record history").click()
    page.wait_for_load_state()
    assert "Record history" in page.locator("h1").inner_text()
    screenshot(page, "history-registrar-desktop")


@pytest.mark.browser
def test_search_works_without_javascript(browser: Any, live_server: Any, world: World) -> None:
    add_obrien(world)
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        sign_in(page, live_server.url, "registrar-user")
        page.goto(f"{live_server.url}/students/")
        page.get_by_label("Student name").fill("obrien")
        page.get_by_role("button", name="Search", exact=True).click()
        page.wait_for_load_state()
        assert page.get_by_role("link", name="Seán O’Brien").count() == 1
    finally:
        context.close()


@pytest.mark.browser
def test_teacher_opening_another_schools_student_gets_404(
    page: Any, live_server: Any, world: World, screenshot: Any
) -> None:
    sign_in(page, live_server.url, "teacher-user")
    response = page.goto(f"{live_server.url}/students/{world.other_student.pk}/")
    assert response.status == 404
    assert page.locator("h1").inner_text() == "Page not found"
    assert "Bo Other" not in page.content()
    screenshot(page, "404-teacher-desktop")


@pytest.mark.browser
def test_switching_to_spanish_translates_the_pages(
    page: Any, live_server: Any, world: World, screenshot: Any
) -> None:
    sign_in(page, live_server.url, "teacher-user")
    page.get_by_role("button", name="Español").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "es"
    assert page.locator("h1").inner_text() == "Panel del docente"
    assert page.get_by_role("button", name="Cerrar sesión").is_visible()
    screenshot(page, "dashboard-teacher-desktop-es")
    page.goto(f"{live_server.url}/students/{world.own_student.pk}/")
    assert page.get_by_role("heading", name="Identidad").is_visible()
    screenshot(page, "profile-teacher-desktop-es")
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Identity").is_visible()


@pytest.mark.browser
def test_pages_fit_a_phone_without_horizontal_scrolling(
    phone: Any, live_server: Any, world: World, screenshot: Any
) -> None:
    assert phone.viewport_size == PHONE
    phone.goto(f"{live_server.url}/login/")
    assert has_no_horizontal_scroll(phone)
    screenshot(phone, "login-phone")
    phone.keyboard.press("Tab")
    assert "Skip to main content" in phone.evaluate("document.activeElement.textContent")
    for role in ("district_admin", "school_admin", "teacher", "guardian"):
        sign_in(phone, live_server.url, world.users[role].username)
        assert phone.locator("h1").get_attribute("data-role") == role
        assert has_no_horizontal_scroll(phone), role
        screenshot(phone, f"dashboard-{role}-phone")
        sign_out(phone)
    sign_in(phone, live_server.url, "nurse-user")
    phone.get_by_role("button", name="Español").click()
    phone.wait_for_load_state()
    phone.goto(f"{live_server.url}/students/?q=own")
    assert has_no_horizontal_scroll(phone)
    screenshot(phone, "search-nurse-phone-es")
    phone.goto(f"{live_server.url}/students/{world.own_student.pk}/")
    assert has_no_horizontal_scroll(phone)
    screenshot(phone, "profile-nurse-phone-es")
