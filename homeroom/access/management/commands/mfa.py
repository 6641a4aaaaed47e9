"""``homeroom mfa link USERNAME``: a single-use enrolment URL; ``mfa reset``: remove devices."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.urls import reverse

from homeroom.access.mfa import LINK_HOURS, mfa_link_issue, mfa_reset
from homeroom.access.models import User


class Command(BaseCommand):
    help = "Authenticator enrolment: issue a single-use link, or reset a user's devices."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        link = sub.add_parser("link", help="Print a single-use enrolment link for a user.")
        link.add_argument("username")
        link.add_argument(
            "--base-url", default=None, help="Site address (default: HOMEROOM_BASE_URL)."
        )
        reset = sub.add_parser("reset", help="Remove a user's authenticators (a lost phone).")
        reset.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"no user named {options['username']!r}")
        if options["action"] == "reset":
            count = mfa_reset(user=user)
            self.stdout.write(f"Removed {count} authenticator(s) of {user.username}.")
            return
        if not user.is_active:
            raise CommandError(f"user {user.username!r} is disabled")
        secret = mfa_link_issue(user=user)
        base = (options["base_url"] or settings.HOMEROOM_BASE_URL).rstrip("/")
        self.stderr.write(
            f"Enrolment link for {user.username} (works once, for {LINK_HOURS} hours, "
            "only when signed in as them; older links no longer work):"
        )
        self.stdout.write(base + reverse("mfa_enrol", args=[secret]))
