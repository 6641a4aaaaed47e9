"""Bad input is refused with a clear answer, never a server error (issue 8, finding 8).

Each case the outside review crashed the system with is replayed here, through the API
(422 naming the field) and through the pages (400, or a form error, or a message).
"""

from __future__ import annotations

import json
import logging
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.test import Client, override_settings
from django.urls import reverse

from homeroom.enrollment.models import Enrollment, PreRegistration
from homeroom.people.models import Student
from tests.conftest import World

ROOT = Path(__file__).resolve().parents[1]
SENT_SMS: list[tuple[str, str]] = []


def collect_sms(phone: str, text: str) -> None:
    """A test SMS sender (``HOMEROOM_SMS_SENDER``): keeps what would be sent."""
    SENT_SMS.append((phone, text))


class FailingEmailBackend(BaseEmailBackend):
    """An email backend whose server is down."""

    def send_messages(self, email_messages: Any) -> int:
        raise ConnectionRefusedError("no mail server")


def api(world: World, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
    client = Client()
    call = getattr(client, method)
    if body is None:
        return call(path, **world.api("district_admin"))
    return call(
        path, data=json.dumps(body), content_type="application/json", **world.api("district_admin")
    )


def refused_field(response: Any) -> tuple[str, str]:
    """Where a 422 answer puts the fault: (body or query, the field's name)."""
    assert response.status_code == 422, response.content
    loc = response.json()["detail"][0]["loc"]
    return loc[0], loc[-1]


def new_student(world: World, **extra: Any) -> dict[str, Any]:
    return {
        "given_name": "Lena",
        "family_name": "Ortiz",
        "birth_date": "2011-02-03",
        "school": world.own.code,
        "grade_level": "9",
        "entry_date": "2026-08-12",
        **extra,
    }


def open_enrollment(world: World) -> Enrollment:
    return Enrollment.objects.get(student=world.own_student, exit_date__isnull=True)


# ---- control characters: the API ------------------------------------------------------------


@pytest.mark.parametrize("code", ["111\x00111", "111111\x00", "\x00"])
def test_nul_in_a_school_code_is_refused_naming_the_field(world: World, code: str) -> None:
    before = Student.objects.count()
    response = api(world, "post", "/api/v1/students", new_student(world, school=code))
    assert refused_field(response) == ("body", "school")
    assert "control character (U+0000)" in response.json()["detail"][0]["msg"]
    assert Student.objects.count() == before
    body = {"student": world.own_student.pk, "to_school": code, "date": "2026-09-01"}
    assert refused_field(api(world, "post", "/api/v1/transfers", body)) == ("body", "to_school")


def test_nul_in_gender_self_description_is_refused_and_nothing_changes(world: World) -> None:
    path = f"/api/v1/students/{world.own_student.pk}"
    response = api(world, "patch", path, {"gender_self_description": "a\x00b"})
    assert refused_field(response) == ("body", "gender_self_description")
    world.own_student.refresh_from_db()
    assert world.own_student.gender_self_description == ""


@pytest.mark.parametrize("char", ["\x01", "\t", "\n", "\x1b", "\x7f", "\x85", "\x9f", "\u2028"])
def test_every_control_character_is_refused_in_any_text_field(world: World, char: str) -> None:
    response = api(world, "post", "/api/v1/students", new_student(world, middle_name=f"A{char}"))
    assert refused_field(response) == ("body", "middle_name")


def test_a_lone_surrogate_is_refused(world: World) -> None:
    raw = '{"gender_self_description": "x\\ud800y"}'
    response = Client().patch(
        f"/api/v1/students/{world.own_student.pk}",
        data=raw,
        content_type="application/json",
        **world.api("district_admin"),
    )
    assert refused_field(response) == ("body", "gender_self_description")


def test_nul_in_a_query_parameter_is_refused_naming_it(world: World) -> None:
    response = api(world, "get", "/api/v1/students?q=ana%00")
    assert refused_field(response) == ("query", "q")


def test_unicode_text_and_names_still_pass_exactly_as_given(world: World) -> None:
    body = new_student(world, given_name="Nguyễn Thị", family_name="O’Brien-李", suffix="Jr.")
    response = api(world, "post", "/api/v1/students", body)
    assert response.status_code == 201, response.content
    assert response.json()["family_name"] == "O’Brien-李"


# ---- control characters: the pages ----------------------------------------------------------


def test_a_page_refuses_nul_in_a_query_parameter_with_400(world: World) -> None:
    response = world.client("registrar").get("/students/?q=ana%00")
    assert response.status_code == 400
    assert "control character (U+0000)" in response.content.decode()
    assert "“q”" in response.content.decode()


def test_a_page_refuses_a_control_character_in_a_form_and_changes_nothing(world: World) -> None:
    e = open_enrollment(world)
    response = world.client("registrar").post(
        reverse("enrollment:manage", args=[e.pk]),
        {"action": "no_show", "no_show-reason": "moved\x00away"},
    )
    assert response.status_code == 400
    e.refresh_from_db()
    assert e.exit_date is None


def test_the_public_registration_page_refuses_nul_too(db: None) -> None:
    response = Client().post(reverse("enrollment:family_start"), {"email": "", "phone": "555\x00"})
    assert response.status_code == 400
    assert not PreRegistration.objects.exists()


# ---- lengths --------------------------------------------------------------------------------


def test_a_reason_longer_than_its_column_is_refused_on_patch(world: World) -> None:
    path = f"/api/v1/students/{world.own_student.pk}"
    response = api(world, "patch", path, {"middle_name": "Jo", "reason": "x" * 301})
    assert refused_field(response) == ("body", "reason")
    world.own_student.refresh_from_db()
    assert world.own_student.middle_name == ""
    ok = api(world, "patch", path, {"middle_name": "Jo", "reason": "x" * 300})
    assert ok.status_code == 200, ok.content


def test_a_reason_longer_than_its_column_is_refused_on_exit(world: World) -> None:
    e = open_enrollment(world)
    body = {"exit_date": "2026-10-01", "exit_reason": "T200", "reason": "x" * 301}
    response = api(world, "post", f"/api/v1/enrollments/{e.pk}/exit", body)
    assert refused_field(response) == ("body", "reason")
    e.refresh_from_db()
    assert e.exit_date is None


def test_every_text_field_is_bounded_by_its_column(world: World) -> None:
    long_code = api(world, "post", "/api/v1/students", new_student(world, school="1" * 8))
    assert refused_field(long_code) == ("body", "school")
    long_text = new_student(world, gender_self_description="x" * 101)
    assert refused_field(api(world, "post", "/api/v1/students", long_text)) == (
        "body",
        "gender_self_description",
    )


# ---- dates ----------------------------------------------------------------------------------


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "1989-12-31"])
def test_entry_dates_out_of_range_are_refused(world: World, day: str) -> None:
    body = {
        "student": world.other_student.pk,
        "school": world.own.code,
        "grade_level": "9",
        "entry_date": day,
        "status": "20",
    }
    assert refused_field(api(world, "post", "/api/v1/enrollments", body)) == ("body", "entry_date")
    created = api(world, "post", "/api/v1/students", new_student(world, entry_date=day))
    assert refused_field(created) == ("body", "entry_date")


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_exit_and_transfer_dates_out_of_range_are_refused(world: World, day: str) -> None:
    e = open_enrollment(world)
    body = {"exit_date": day, "exit_reason": "T200"}
    response = api(world, "post", f"/api/v1/enrollments/{e.pk}/exit", body)
    assert refused_field(response) == ("body", "exit_date")
    e.refresh_from_db()
    assert e.exit_date is None
    moved = {"student": world.own_student.pk, "to_school": world.other.code, "date": day}
    assert refused_field(api(world, "post", "/api/v1/transfers", moved)) == ("body", "date")


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "1899-12-31"])
def test_birth_dates_out_of_range_are_refused(world: World, day: str) -> None:
    created = api(world, "post", "/api/v1/students", new_student(world, birth_date=day))
    assert refused_field(created) == ("body", "birth_date")


def test_the_exit_page_refuses_an_out_of_range_date_with_a_form_error(world: World) -> None:
    e = open_enrollment(world)
    response = world.client("registrar").post(
        reverse("enrollment:manage", args=[e.pk]),
        {"action": "exit", "exit-exit_date": "9999-12-31", "exit-exit_reason": "T200"},
    )
    assert response.status_code == 200
    assert "Enter a date between 1990-01-01 and" in str(
        response.context["forms"]["exit"].errors["exit_date"]
    )
    e.refresh_from_db()
    assert e.exit_date is None


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "1200-13-45", "yesterday"])
def test_the_report_falls_back_to_today_on_a_bad_date(world: World, day: str) -> None:
    response = world.client("district_admin").get(f"/enrollment/nobody-lost/?date={day}")
    assert response.status_code == 200
    assert "The report shows today." in response.content.decode()


# ---- pre-registration codes -----------------------------------------------------------------


def test_register_with_an_email_sends_the_code(db: None) -> None:
    response = Client().post(reverse("enrollment:family_start"), {"email": "f@example.org"})
    assert response["Location"] == reverse("enrollment:family_code")
    assert re.search(r"\b\d{6}\b", mail.outbox[-1].body)
    assert PreRegistration.objects.count() == 1


@override_settings(EMAIL_BACKEND="tests.test_bad_input.FailingEmailBackend")
def test_a_failed_email_leaves_no_row_and_does_not_count_against_the_limit(db: None) -> None:
    for _ in range(4):
        response = Client().post(reverse("enrollment:family_start"), {"email": "f@example.org"})
        assert response.status_code == 200
        assert "could not send the code" in response.content.decode()
    assert not PreRegistration.objects.exists()
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        response = Client().post(reverse("enrollment:family_start"), {"email": "f@example.org"})
    assert response["Location"] == reverse("enrollment:family_code")
    assert PreRegistration.objects.count() == 1


@override_settings(HOMEROOM_SMS_SENDER="tests.test_bad_input.collect_sms")
def test_an_sms_code_goes_to_the_sender_and_never_into_the_log(
    db: None, caplog: pytest.LogCaptureFixture
) -> None:
    SENT_SMS.clear()
    with caplog.at_level(logging.DEBUG):
        response = Client().post(reverse("enrollment:family_start"), {"phone": "(213) 555-0101"})
    assert response["Location"] == reverse("enrollment:family_code")
    (phone, text), *_ = SENT_SMS
    code = re.search(r"\b(\d{6})\b", text).group(1)  # type: ignore[union-attr]
    assert phone == "(213) 555-0101"
    assert code not in caplog.text
    assert "code sent" in caplog.text


def test_the_default_sms_sender_logs_no_code(db: None, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.DEBUG):
        response = Client().post(reverse("enrollment:family_start"), {"phone": "(213) 555-0101"})
    assert response["Location"] == reverse("enrollment:family_code")
    assert "sent to a number ending 01" in caplog.text
    assert not re.search(r"\b\d{6}\b", caplog.text)


def _settings_value(name: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "EMAIL_BACKEND")}
    return subprocess.run(
        [sys.executable, "-c", f"from django.conf import settings; print(settings.{name})"],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "homeroom.settings", **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_email_goes_to_the_console_outside_production_unless_configured() -> None:
    default = _settings_value("EMAIL_BACKEND")
    assert default.stdout.strip() == "django.core.mail.backends.console.EmailBackend"
    smtp = "django.core.mail.backends.smtp.EmailBackend"
    assert _settings_value("EMAIL_BACKEND", EMAIL_BACKEND=smtp).stdout.strip() == smtp


def test_production_refuses_to_start_without_an_smtp_server() -> None:
    production = {
        "HOMEROOM_ENV": "production",
        "SECRET_KEY": "k" * 20 + "-production-secret-for-the-check-only-0123456789",
    }
    refused = _settings_value("EMAIL_HOST", **production)
    assert refused.returncode != 0
    assert "EMAIL_HOST must be set" in refused.stderr
    ready = _settings_value("EMAIL_BACKEND", EMAIL_HOST="smtp.example.org", **production)
    assert ready.stdout.strip() == "django.core.mail.backends.smtp.EmailBackend"


@pytest.mark.parametrize("row", ["²", "٣", "9" * 30, "0", "-1"])
def test_a_posted_id_that_is_no_plain_number_is_a_miss_not_a_crash(world: World, row: str) -> None:
    """``"²".isdigit()`` is true and ``int("²")`` fails: ids posted in forms are parsed by
    one rule (ASCII digits, within a BigAutoField), on the classes page and the tokens page."""
    e = Enrollment.objects.get(student=world.own_student)
    client = world.client("registrar")
    url = reverse("scheduling:placement", args=[e.pk])
    assert client.post(url, {"action": "drop", "row": row}).status_code == 404
    revoke = client.post(reverse("account_tokens"), {"action": "revoke", "token": row})
    assert revoke.status_code == 302
