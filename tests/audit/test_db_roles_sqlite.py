"""``homeroom db_roles`` says clearly that it needs PostgreSQL."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor == "postgresql", reason="the SQLite answer")
def test_db_roles_refuses_sqlite_with_a_clear_message() -> None:
    with pytest.raises(CommandError, match="needs PostgreSQL"):
        call_command("db_roles", owner="o", app="a", stdout=io.StringIO())
