"""``homeroom rollover``: the year-end rollover of every school, or of some."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from homeroom.audit.context import Actor, acting_as
from homeroom.districts.models import School
from homeroom.enrollment.rollover import year_end_rollover
from homeroom.people.models import Student


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise CommandError(f"{text!r} is not a date (YYYY-MM-DD)") from exc


class Command(BaseCommand):
    help = "Close this year's enrollments and open next year's (promote, retain, graduate)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--last-day", required=True, help="Last day of this year.")
        parser.add_argument("--next-first-day", required=True, help="First day of next year.")
        parser.add_argument("--school", action="append", default=[], help="School code.")
        parser.add_argument(
            "--retain", action="append", default=[], help="District id of a retained student."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        schools = None
        if options["school"]:
            schools = list(School.objects.filter(code__in=options["school"]))
            missing = set(options["school"]) - {s.code for s in schools}
            if missing:
                raise CommandError(f"no school with code {sorted(missing)[0]}")
        retained = list(
            Student.objects.filter(district_id__in=options["retain"]).values_list("pk", flat=True)
        )
        if len(retained) != len(set(options["retain"])):
            raise CommandError("a --retain district id matches no student")
        try:
            with acting_as(Actor(user_id=None, label="rollover", via="command")):
                result = year_end_rollover(
                    last_day=_date(options["last_day"]),
                    next_first_day=_date(options["next_first_day"]),
                    schools=schools,
                    retained_student_ids=retained,
                )
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"promoted {result.promoted} (to another school {result.moved_school}), "
            f"retained {result.retained}, graduated {result.graduated}, "
            f"with no next school {len(result.unassigned)}"
        )
        if result.unassigned:
            self.stdout.write("They are listed in the nobody-lost report as not continued.")
