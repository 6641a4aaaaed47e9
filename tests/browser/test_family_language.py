"""A family pre-registers in Spanish and answers the Home Language Survey in Spanish; the
registrar completes it; Spanish is what the record keeps, and the survey is on the page."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail

from homeroom.people.models import HomeLanguageSurvey, Student
from tests.browser.test_pages import has_no_horizontal_scroll, sign_in, unlabelled_inputs
from tests.conftest import World

pytestmark = pytest.mark.browser

QUESTIONS = (
    "¿Qué idioma aprendió su hijo o hija cuando comenzó a hablar?",
    "¿Qué idioma habla su hijo o hija con más frecuencia en casa?",
    "¿Qué idioma usan ustedes (los padres o tutores) con más frecuencia al hablar con su hijo",
    "¿Qué idioma hablan con más frecuencia los adultos en casa",
)


def _to_details(phone: Any, base: str) -> None:
    phone.goto(f"{base}/register/?lang=es")
    phone.get_by_label("Correo electrónico").fill("familia@example.org")
    phone.get_by_role("button", name="Envíenme un código").click()
    phone.wait_for_load_state()
    code = re.search(r"\b(\d{6})\b", mail.outbox[-1].body).group(1)  # type: ignore[union-attr]
    phone.get_by_label("El código de seis dígitos").fill(code)
    phone.get_by_role("button", name="Continuar").click()
    phone.wait_for_load_state()


@pytest.mark.browser
def test_the_spanish_family_journey_keeps_spanish(
    page: Any, phone: Any, live_server: Any, world: World, screenshot: Any
) -> None:
    _to_details(phone, live_server.url)
    assert phone.locator("html").get_attribute("lang") == "es"
    preferred = phone.get_by_label("Idioma en que prefiere que nos comuniquemos con usted")
    # The language the family reads the pages in is what the questions start at.
    assert preferred.input_value() == "01"
    phone.get_by_label("Nombre del niño").fill("Mateo")
    phone.get_by_label("Apellidos del niño (opcional)").fill("Ñúñez")
    phone.get_by_label("Fecha de nacimiento del niño").fill("2012-02-02")
    phone.get_by_label("Escuela").select_option(label="Own High (9–12)")
    phone.get_by_label("Grado al que entrará").select_option("9")
    phone.get_by_label("Nombre del tutor").fill("Lucía")
    phone.get_by_label("Parentesco con el niño").select_option("mother")
    phone.get_by_label("Domicilio").fill("12 Main St, Los Angeles")
    preferred.select_option(label="Español")
    for question in QUESTIONS:
        phone.get_by_label(question).select_option(label="Español")
    assert has_no_horizontal_scroll(phone)
    assert unlabelled_inputs(phone) == []
    screenshot(phone, "language-details-phone-es")
    phone.get_by_role("button", name="Enviar a la escuela").click()
    phone.wait_for_load_state()
    assert phone.locator("h1").inner_text() == "Gracias"
    assert mail.outbox[-1].subject == "Recibimos su preinscripción"

    sign_in(page, live_server.url, "registrar-user")
    page.goto(f"{live_server.url}/enrollment/preregistrations/")
    page.get_by_role("link", name="Mateo Ñúñez").click()
    page.wait_for_load_state()
    survey_card = page.locator("section", has_text="Home Language Survey")
    assert "Language first learned" in survey_card.inner_text()
    assert "English proficiency assessment (ELPAC) needed" in survey_card.inner_text()
    screenshot(page, "language-review-desktop")
    page.get_by_label("Proof of address").check()
    page.get_by_label("Birth certificate or proof of age").check()
    page.get_by_label("Immunization record").check()
    page.get_by_role("button", name="Enroll", exact=True).click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Mateo Ñúñez"
    panel = page.locator("#home-language-survey")
    assert panel.locator("dd").first.inner_text() == "Spanish"
    assert "Lucía (Mother)" in panel.inner_text()
    screenshot(page, "language-student-desktop")

    student = Student.objects.get(given_name="Mateo")
    guardian = student.guardianships.get().guardian
    assert (student.home_language, guardian.preferred_language) == ("01", "01")
    assert HomeLanguageSurvey.objects.get(student=student).needs_english_assessment
