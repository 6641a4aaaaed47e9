"""``homeroom seed --students N --seed S [--if-empty]``: build the demo district."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from homeroom.demo.builder import seed_district
from homeroom.demo.guard import demo_refusal
from homeroom.demo.requests import seed_requests
from homeroom.people.models import Student


class Command(BaseCommand):
    help = "Create a demo district with schools, staff, students and guardians."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--students", type=int, default=3000, help="How many students.")
        parser.add_argument("--seed", type=int, default=1, help="Same seed, same district.")
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing when students already exist."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        refusal = demo_refusal()
        if refusal is not None:
            raise CommandError(refusal)
        students: int = options["students"]
        if students < 1:
            raise CommandError("--students must be at least 1")
        if Student.objects.exists():
            if options["if_empty"]:
                self.stdout.write("Students already exist; nothing seeded.")
                return
            raise CommandError("The database already has students; seed a fresh database.")
        report = seed_district(students, options["seed"], progress=self.stderr.write)
        requests = seed_requests()
        self.stdout.write(
            f"Seeded {report.students:,} students in {report.schools} schools: "
            f"{report.stats.total_rows:,} rows in {report.seconds:.1f} s "
            f"({report.rows_per_second:,.0f} rows/s); {requests} enrollment requests."
        )
