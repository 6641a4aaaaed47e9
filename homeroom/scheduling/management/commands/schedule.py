"""``homeroom schedule <solve|validate|generate|resolve|greedy> ...``.

A thin wrapper: the engine (homeroom_engine) parses its own arguments, so this command
hands it the raw argv after ``schedule`` and exits with its code.
"""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand

from homeroom_engine.cli import main


class Command(BaseCommand):
    help = "Build master schedules and student schedules (see docs/scheduling.md)."

    def run_from_argv(self, argv: list[str]) -> None:
        sys.exit(main(argv[2:]))

    def handle(self, *args: Any, **options: Any) -> None:
        sys.exit(main(list(args)))

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("args", nargs="*")
