"""The seeder creates logins with a published password: never in production, nor with
HOMEROOM_DEMO off."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from homeroom.access.models import User
from homeroom.demo.builder import seed_district
from homeroom.demo.guard import DemoRefused

ROOT = Path(__file__).resolve().parents[2]


def _seed() -> None:
    call_command("seed", students=20, seed=1, stdout=io.StringIO(), stderr=io.StringIO())


@pytest.mark.django_db
@override_settings(ENVIRONMENT="production", HOMEROOM_DEMO=True)
def test_seed_refuses_in_production_whatever_homeroom_demo_says() -> None:
    with pytest.raises(CommandError, match="HOMEROOM_ENV=production"):
        _seed()
    assert not User.objects.filter(username__startswith="demo-").exists()


@pytest.mark.django_db
@override_settings(HOMEROOM_DEMO=False)
def test_seed_refuses_when_homeroom_demo_is_off() -> None:
    with pytest.raises(CommandError, match="HOMEROOM_DEMO is off"):
        _seed()
    assert not User.objects.exists()


@pytest.mark.django_db
@override_settings(HOMEROOM_DEMO=False)
def test_the_builder_itself_refuses_too() -> None:
    with pytest.raises(DemoRefused):
        seed_district(20, 1)
    assert not User.objects.exists()


def _setting_in(env: dict[str, str]) -> str:
    base = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "HOMEROOM_DEMO")}
    result = subprocess.run(
        [sys.executable, "-c", "from homeroom import settings; print(settings.HOMEROOM_DEMO)"],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def test_homeroom_demo_is_off_by_default_in_production_and_on_in_development() -> None:
    production = {
        "HOMEROOM_ENV": "production",
        "SECRET_KEY": "k" * 50,
        "EMAIL_HOST": "smtp.example.org",
    }
    assert _setting_in(production) == "False"
    assert _setting_in({"HOMEROOM_ENV": "development"}) == "True"
    assert _setting_in({"HOMEROOM_ENV": "development", "HOMEROOM_DEMO": "false"}) == "False"
