"""A family pre-registers in Spanish on a phone; the registrar completes it at the counter."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail

from homeroom.people.models import Student
from tests.browser.test_pages import has_no_horizontal_scroll, sign_in, unlabelled_inputs
from tests.conftest import World

pytestmark = pytest.mark.browser


def spanish(page: Any, heading: str) -> None:
    assert page.locator("html").get_attribute("lang") == "es"
    assert page.locator("h1").inner_text() == heading
    assert has_no_horizontal_scroll(page)
    assert unlabelled_inputs(page) == []


@pytest.mark.browser
def test_a_family_pre_registers_in_spanish_and_the_registrar_completes_it(
    page: Any, phone: Any, live_server: Any, world: World, screenshot: Any
) -> None:
    phone.goto(f"{live_server.url}/register/?lang=es")
    spanish(phone, "Preinscriba a su hijo o hija")
    assert "?lang" not in phone.url
    screenshot(phone, "prereg-start-phone-es")
    phone.get_by_label("Correo electrónico").fill("familia@example.org")
    phone.get_by_role("button", name="Envíenme un código").click()
    phone.wait_for_load_state()

    spanish(phone, "Escriba su código")
    assert "Enviamos un código de seis dígitos a familia@example.org" in phone.content()
    code = re.search(r"\b(\d{6})\b", mail.outbox[-1].body).group(1)  # type: ignore[union-attr]
    assert "código" in mail.outbox[-1].body
    phone.get_by_label("El código de seis dígitos").fill("000000" if code != "000000" else "111111")
    phone.get_by_role("button", name="Continuar").click()
    phone.wait_for_load_state()
    assert phone.locator(".field-error").count() == 1
    screenshot(phone, "prereg-code-error-phone-es")
    phone.get_by_label("El código de seis dígitos").fill(code)
    phone.get_by_role("button", name="Continuar").click()
    phone.wait_for_load_state()

    spanish(phone, "Sobre su hijo o hija")
    phone.get_by_label("Nombre del niño").fill("Mateo")
    phone.get_by_label("Apellidos del niño (opcional)").fill("Ñúñez")
    phone.get_by_label("Fecha de nacimiento del niño").fill("2012-02-02")
    phone.get_by_label("Escuela").select_option(label="Own High (9–12)")
    phone.get_by_label("Grado al que entrará").select_option("9")
    phone.get_by_label("Nombre del tutor").fill("Lucía")
    phone.get_by_label("Parentesco con el niño").select_option("mother")
    phone.get_by_label("Teléfono del tutor (opcional)").fill("(323) 555-0199")
    phone.get_by_label("Domicilio").fill("12 Main St, Los Angeles")
    screenshot(phone, "prereg-details-phone-es")
    phone.get_by_role("button", name="Enviar a la escuela").click()
    phone.wait_for_load_state()

    spanish(phone, "Gracias")
    text = phone.locator("main").inner_text()
    for document in ("Comprobante de domicilio", "Acta de nacimiento", "Cartilla de vacunación"):
        assert document in text
    screenshot(phone, "prereg-thanks-phone-es")

    # At the counter.
    sign_in(page, live_server.url, "registrar-user")
    page.get_by_role("link", name="Enroll", exact=True).click()
    page.get_by_role("link", name="pre-registrations").click()
    page.wait_for_load_state()
    page.get_by_role("link", name="Mateo Ñúñez").click()
    page.wait_for_load_state()
    assert "Pre-registration of Mateo" in page.locator("h1").inner_text()
    page.get_by_label("Proof of address").check()
    page.locator("#id_proof_of_address_date").fill("2026-10-01")
    page.get_by_label("Birth certificate or proof of age").check()
    page.get_by_label("Immunization record").check()
    screenshot(page, "prereg-review-desktop")
    page.get_by_role("button", name="Enroll", exact=True).click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Mateo Ñúñez"
    assert "is enrolled" in page.locator(".messages").inner_text()
    student = Student.objects.get(given_name="Mateo")
    assert student.documents.count() == 3
    screenshot(page, "prereg-completed-desktop")
