"""The ``homeroom`` console script: Django's manage.py for this project."""

from __future__ import annotations

import os
import sys


def main() -> None:
    """Run a management command (``homeroom seed``, ``homeroom token create`` ...)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "homeroom.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
