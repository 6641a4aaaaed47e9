"""``homeroom token create USERNAME``: print a new API token on the last line."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from homeroom.access.models import User
from homeroom.access.services import token_create


class Command(BaseCommand):
    help = "Manage API tokens."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="Issue a token for a user.")
        create.add_argument("username")
        create.add_argument("--name", default="", help="What the token is for.")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"no user named {options['username']!r}")
        if not user.is_active:
            raise CommandError(f"user {user.username!r} is disabled")
        secret = token_create(user=user, name=options["name"])
        self.stderr.write(f"Token for {user.username} (shown once; it acts with their roles):")
        self.stdout.write(secret)
