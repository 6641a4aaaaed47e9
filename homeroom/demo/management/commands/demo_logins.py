"""``homeroom demo_logins``: the demo users, their password and where to sign in."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from homeroom.access.models import User
from homeroom.demo.staffing import DEMO_PASSWORD, DEMO_USERNAMES
from homeroom.lib.env import envint


def demo_url(path: str) -> str:
    """Where ``make demo`` serves ``path``: its runserver and this command read ``PORT``."""
    return f"http://127.0.0.1:{envint('PORT', 8000)}{path}"


class Command(BaseCommand):
    help = "Print one demo login per role."

    def handle(self, *args: Any, **options: Any) -> None:
        present = set(
            User.objects.filter(username__in=DEMO_USERNAMES.values()).values_list(
                "username", flat=True
            )
        )
        if not present:
            self.stdout.write("No demo users yet: run `homeroom seed` first.")
            return
        rows = [(role.label, name) for role, name in DEMO_USERNAMES.items() if name in present]
        width = max(len(str(label)) for label, _ in rows)
        user_width = max(len(name) for _, name in rows)
        self.stdout.write(f"Sign in at {demo_url('/login/')}")
        self.stdout.write(f"{'Role':<{width}}  {'Username':<{user_width}}  Password")
        for label, name in rows:
            self.stdout.write(f"{label!s:<{width}}  {name:<{user_width}}  {DEMO_PASSWORD}")
        self.stdout.write(
            f"Families pre-register at {demo_url('/register/')}; in the demo their "
            "verification code (email or text message) is printed in this terminal."
        )
