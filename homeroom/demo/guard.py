"""Where the demo seeder may run: it creates demo-* logins with a published password."""

from __future__ import annotations

from django.conf import settings


def demo_refusal() -> str | None:
    """Why seeding demo logins is refused here, or None when it is allowed."""
    if settings.ENVIRONMENT == "production":
        return (
            "Refusing to seed: HOMEROOM_ENV=production. The seeder creates demo logins "
            "with a published password; it runs only on a development or demo database."
        )
    if not settings.HOMEROOM_DEMO:
        return (
            "Refusing to seed: HOMEROOM_DEMO is off. The seeder creates demo logins with a "
            "published password; set HOMEROOM_DEMO=true only on a demo database."
        )
    return None


class DemoRefused(RuntimeError):
    """Seeding demo logins was asked for where it is not allowed."""


def ensure_demo_allowed() -> None:
    reason = demo_refusal()
    if reason is not None:
        raise DemoRefused(reason)
