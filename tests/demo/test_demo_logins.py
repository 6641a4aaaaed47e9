"""What a newcomer to the demo needs: the address it serves on, and where codes appear."""

from __future__ import annotations

import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from homeroom.access.choices import Role
from homeroom.demo.sms import print_sms
from homeroom.demo.staffing import DEMO_USERNAMES
from tests import factories as f

pytestmark = pytest.mark.django_db


def logins() -> str:
    f.UserFactory(username=DEMO_USERNAMES[Role.REGISTRAR])
    out = StringIO()
    call_command("demo_logins", stdout=out)
    return out.getvalue()


def test_it_prints_the_port_make_demo_serves_on(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PORT", "8031")
    out = logins()
    assert "Sign in at http://127.0.0.1:8031/login/" in out
    assert "http://127.0.0.1:8031/register/" in out
    assert "verification code" in out
    assert "printed in this terminal" in out


def test_without_a_port_it_is_the_makefile_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PORT", raising=False)
    assert "Sign in at http://127.0.0.1:8000/login/" in logins()


def test_the_default_port_is_the_makefiles() -> None:
    makefile = (Path(__file__).resolve().parents[2] / "Makefile").read_text()
    assert re.search(r"^PORT \?= 8000$", makefile, re.M)
    assert "PORT=$(PORT) $(BIN)/homeroom demo_logins" in makefile


def test_the_code_page_says_where_the_demo_prints_the_code(client: Client) -> None:
    client.post(reverse("enrollment:family_start"), {"email": "familia@example.org", "phone": ""})
    html = client.get(reverse("enrollment:family_code")).content.decode()
    assert "The code is printed in the terminal where `make demo` runs." in html


def test_the_demo_prints_a_text_message(capsys: pytest.CaptureFixture[str]) -> None:
    print_sms("+1 213 555 0101", "Your code is 123456.")
    assert "Text message to +1 213 555 0101:\nYour code is 123456." in capsys.readouterr().out
