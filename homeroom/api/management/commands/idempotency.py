"""``homeroom idempotency purge``: delete stored API answers older than the retention."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from homeroom.api.idempotency import idempotency_purge


class Command(BaseCommand):
    help = "Manage Idempotency-Key records."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser(
            "purge",
            help="Delete records older than HOMEROOM_IDEMPOTENCY_RETENTION_HOURS (run hourly).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        deleted = idempotency_purge()
        hours = settings.HOMEROOM_IDEMPOTENCY_RETENTION_HOURS
        self.stdout.write(f"deleted {deleted} idempotency records older than {hours} hours")
