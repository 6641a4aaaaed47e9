"""The registrar's journey in a real browser: search, no match, new student, report, fix.

One test walks the whole story (each live-server test costs a database flush on
PostgreSQL); the same pages are then looked at on a phone.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests import factories as f
from tests.browser.test_pages import has_no_horizontal_scroll, sign_in, unlabelled_inputs
from tests.conftest import World

pytestmark = pytest.mark.browser


def no_schedule_names(page: Any) -> list[str]:
    section = page.locator("#no_schedule")
    if section.count() == 0:
        return []
    return [t.strip() for t in section.locator("tbody th").all_inner_texts()]


@pytest.mark.browser
def test_registrar_enrolls_a_new_child_and_places_them_from_the_report(
    page: Any, phone: Any, live_server: Any, world: World, screenshot: Any
) -> None:
    f.SectionFactory(course=f.CourseFactory(school=world.own, title="Biology"), capacity=30)
    sign_in(page, live_server.url, "registrar-user")

    # 1. Search the district first: nobody matches.
    page.get_by_role("link", name="Enroll", exact=True).click()
    page.get_by_label("Child's name").fill("Noa Quiñónez")
    page.get_by_label("Birth date").fill("2011-09-30")
    page.get_by_role("button", name="Search the district").click()
    page.wait_for_load_state()
    assert page.locator("#no-match").inner_text() == "No student in the district matches."
    assert unlabelled_inputs(page) == []
    screenshot(page, "intake-no-match-desktop")

    # 2. The new-student form, prefilled with what was typed.
    page.get_by_role("link", name="None of these: new student").click()
    page.wait_for_load_state()
    assert page.get_by_label("Child's given name").input_value() == "Noa"
    assert page.get_by_label("Child's family name (optional)").input_value() == "Quiñónez"
    assert page.get_by_label("Birth date").input_value() == "2011-09-30"
    page.get_by_label("Grade").select_option("9")
    page.get_by_label("Guardian's given name").fill("Inés")
    page.get_by_label("Relationship to the child").select_option("mother")
    page.get_by_label("Guardian's phone (optional)").fill("(213) 555-0177")
    assert unlabelled_inputs(page) == []
    screenshot(page, "new-student-desktop")
    page.get_by_role("button", name="Enroll", exact=True).click()
    page.wait_for_load_state()

    # 3. Enrolled.
    assert "is enrolled at Own High, grade 9" in page.locator(".messages").inner_text()
    assert page.locator("h1").inner_text() == "Noa Quiñónez"
    screenshot(page, "enrolled-desktop")

    # 4. The report lists the child under "no schedule"; the fix link places them.
    page.get_by_role("link", name="Nobody lost").click()
    page.wait_for_load_state()
    assert "Noa Quiñónez" in no_schedule_names(page)
    screenshot(page, "report-desktop")
    row = page.locator("#no_schedule tbody tr", has_text="Noa Quiñónez")
    row.get_by_role("link", name="Place in classes").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Classes of Noa Quiñónez"
    options = page.locator("#id_section option", has_text="Biology")
    page.locator("#id_section").select_option(options.first.get_attribute("value"))
    page.get_by_role("button", name="Place", exact=True).click()
    page.wait_for_load_state()
    assert "Placed in Biology" in page.locator(".messages").inner_text()
    screenshot(page, "placed-desktop")

    # 5. The row is gone.
    page.get_by_role("link", name="Nobody lost").click()
    page.wait_for_load_state()
    assert "Noa Quiñónez" not in no_schedule_names(page)

    # The same pages on a phone.
    sign_in(phone, live_server.url, "registrar-user")
    for path, name in (
        ("/enrollment/intake/?name=own", "intake-results-phone"),
        ("/enrollment/intake/new/?given_name=Noa", "new-student-phone"),
        ("/enrollment/nobody-lost/", "report-phone"),
        (f"/enrollment/{world.child.enrollments.get().pk}/", "manage-phone"),
        (f"/enrollment/{world.child.enrollments.get().pk}/schedule/", "schedule-phone"),
    ):
        phone.goto(f"{live_server.url}{path}")
        assert has_no_horizontal_scroll(phone), path
        screenshot(phone, name)
