"""``homeroom db_roles --owner O --app A``: the owner and the restricted application role."""

from __future__ import annotations

import os
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction

from homeroom.audit import db_roles


def _secret(variable: str | None) -> str | None:
    """The password held in environment ``variable`` (never given on the command line)."""
    if not variable:
        return None
    value = os.environ.get(variable, "")
    if not value:
        raise CommandError(f"environment variable {variable} is empty or unset")
    return value


class Command(BaseCommand):
    help = (
        "PostgreSQL only: create or correct the owner role (owns the schema; run migrations "
        "as it) and the application role (no TRUNCATE, UPDATE or DELETE on the audit tables), "
        "then grant. Run as a superuser; --grant-only may run as the owner."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--owner", required=True, help="Role that owns the schema.")
        parser.add_argument("--app", required=True, help="Role the application connects as.")
        parser.add_argument(
            "--password-env", help="Environment variable holding the application role's password."
        )
        parser.add_argument(
            "--owner-password-env",
            help="Environment variable holding the owner's password (else the owner is NOLOGIN).",
        )
        parser.add_argument(
            "--grant-only",
            action="store_true",
            help="Only re-apply the application role's grants (e.g. after migrate).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if connection.vendor != "postgresql":
            raise CommandError(
                f"db_roles needs PostgreSQL; this database is {connection.vendor} "
                "(SQLite has no roles: the demo runs without them)"
            )
        owner, app = options["owner"], options["app"]
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                if not options["grant_only"]:
                    db_roles.ensure_roles(
                        cursor,
                        owner=owner,
                        app=app,
                        owner_password=_secret(options["owner_password_env"]),
                        app_password=_secret(options["password_env"]),
                    )
                    db_roles.transfer_ownership(cursor, owner=owner)
                append_only = db_roles.apply_grants(cursor, owner=owner, app=app)
                found = db_roles.problems(cursor, owner=owner, app=app)
                if found:
                    raise db_roles.DbRolesError("; ".join(found))
        except db_roles.DbRolesError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"{app}: SELECT, INSERT only on {', '.join(append_only)}; "
            f"ordinary tables read-write; {owner} owns the schema."
        )
