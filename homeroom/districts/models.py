"""The district, its schools, its calendar and its buildings."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q

from homeroom.districts.choices import GRADE_ORDER, DayKind, GradeLevel, SchoolLevel

seven_digits = RegexValidator(r"^[0-9]{7}\Z", "Must be exactly 7 digits (0-9).")


class ReceivingSchoolAccess(models.TextChoices):
    """When a school that asks to enroll another school's student sees the whole record."""

    AFTER_CONFIRMATION = "after_confirmation", "after the current school or district confirms"
    IMMEDIATE = "immediate", "at once (the current school is notified)"


class District(models.Model):
    """A local education agency, identified by its 7-digit county-district code."""

    name = models.CharField(max_length=200)
    cds_code = models.CharField(max_length=7, unique=True, validators=[seven_digits])
    receiving_school_access = models.CharField(
        max_length=20,
        choices=ReceivingSchoolAccess.choices,
        default=ReceivingSchoolAccess.AFTER_CONFIRMATION,
        help_text=(
            "A secondary enrollment or transfer-in asked for by a school that does not hold "
            "the student's record: wait for the current school (or the district) to confirm, "
            "or take effect at once."
        ),
    )

    def __str__(self) -> str:
        return self.name


class School(models.Model):
    """A school of the district; ``code`` is the 7-digit state school code."""

    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="schools")
    name = models.CharField(max_length=200)
    code = models.CharField(max_length=7, unique=True, validators=[seven_digits])
    level = models.CharField(max_length=20, choices=SchoolLevel.choices)
    low_grade = models.CharField(max_length=2, choices=GradeLevel.choices)
    high_grade = models.CharField(max_length=2, choices=GradeLevel.choices)
    next_school = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="feeder_schools",
        help_text="Where students go after this school's highest grade (feeder pattern).",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def county_district_code(self) -> str:
        return self.district.cds_code

    def clean(self) -> None:
        if GRADE_ORDER[self.low_grade] > GRADE_ORDER[self.high_grade]:
            raise ValidationError({"high_grade": "The grade span ends before it starts."})

    def serves_grade(self, grade: str) -> bool:
        """Whether ``grade`` lies within the school's grade span."""
        low, high = GRADE_ORDER[self.low_grade], GRADE_ORDER[self.high_grade]
        return low <= GRADE_ORDER[grade] <= high


class SchoolYear(models.Model):
    """A school year of the district, such as 2026-27."""

    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="years")
    name = models.CharField(max_length=20)
    start_date = models.DateField()
    end_date = models.DateField()

    class Meta:
        ordering = ["start_date"]
        constraints = [
            models.UniqueConstraint(fields=["district", "name"], name="unique_year_name"),
            models.CheckConstraint(
                condition=Q(end_date__gt=F("start_date")), name="year_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Term(models.Model):
    """A term of a school year (a semester, trimester or quarter)."""

    school_year = models.ForeignKey(SchoolYear, on_delete=models.CASCADE, related_name="terms")
    code = models.CharField(max_length=10)
    name = models.CharField(max_length=50)
    start_date = models.DateField()
    end_date = models.DateField()

    class Meta:
        ordering = ["start_date"]
        constraints = [
            models.UniqueConstraint(fields=["school_year", "code"], name="unique_term_code"),
            models.CheckConstraint(
                condition=Q(end_date__gt=F("start_date")), name="term_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.school_year} {self.code}"


class GradingPeriod(models.Model):
    """A marking period within a term; grades are reported at its end."""

    term = models.ForeignKey(Term, on_delete=models.CASCADE, related_name="grading_periods")
    code = models.CharField(max_length=10)
    name = models.CharField(max_length=50)
    start_date = models.DateField()
    end_date = models.DateField()

    class Meta:
        ordering = ["start_date"]
        constraints = [
            models.UniqueConstraint(fields=["term", "code"], name="unique_grading_period_code"),
        ]

    def __str__(self) -> str:
        return f"{self.term} {self.code}"


class Period(models.Model):
    """A named period of a school's day ("1", "2", "Advisory")."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="periods")
    code = models.CharField(max_length=10)
    name = models.CharField(max_length=50)
    order = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["school", "order"]
        constraints = [
            models.UniqueConstraint(fields=["school", "code"], name="unique_period_code"),
        ]

    def __str__(self) -> str:
        return self.name


class BellSchedule(models.Model):
    """Which periods meet when on one kind of day (regular, minimum, A day, B day)."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="bell_schedules")
    name = models.CharField(max_length=50)

    class Meta:
        ordering = ["school", "name"]
        constraints = [
            models.UniqueConstraint(fields=["school", "name"], name="unique_bell_schedule_name"),
        ]

    def __str__(self) -> str:
        return f"{self.school}: {self.name}"


class BellSchedulePeriod(models.Model):
    """One period meeting at set times in a bell schedule; block days list fewer."""

    bell_schedule = models.ForeignKey(
        BellSchedule, on_delete=models.CASCADE, related_name="meetings"
    )
    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="meetings")
    start_time = models.TimeField()
    end_time = models.TimeField()

    class Meta:
        ordering = ["bell_schedule", "start_time"]
        constraints = [
            models.UniqueConstraint(
                fields=["bell_schedule", "period"], name="unique_period_per_bell_schedule"
            ),
            models.CheckConstraint(
                condition=Q(end_time__gt=F("start_time")), name="meeting_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.period} {self.start_time:%H:%M}-{self.end_time:%H:%M}"

    @property
    def minutes(self) -> int:
        start = self.start_time.hour * 60 + self.start_time.minute
        return self.end_time.hour * 60 + self.end_time.minute - start


class Calendar(models.Model):
    """A school's instructional calendar for one school year."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="calendars")
    school_year = models.ForeignKey(SchoolYear, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["school", "school_year"], name="unique_calendar"),
        ]

    def __str__(self) -> str:
        return f"{self.school} {self.school_year}"


class CalendarDay(models.Model):
    """One dated day of a calendar, typed, with the bell schedule it follows."""

    calendar = models.ForeignKey(Calendar, on_delete=models.CASCADE, related_name="days")
    date = models.DateField()
    kind = models.CharField(max_length=20, choices=DayKind.choices)
    bell_schedule = models.ForeignKey(
        BellSchedule, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    rotation = models.CharField(max_length=10, blank=True, help_text="Rotation label: A, B ...")

    class Meta:
        ordering = ["calendar", "date"]
        constraints = [
            models.UniqueConstraint(fields=["calendar", "date"], name="unique_calendar_day"),
            models.CheckConstraint(
                condition=Q(kind__in=["instructional", "minimum"], bell_schedule__isnull=False)
                | Q(kind__in=["holiday", "staff"], bell_schedule__isnull=True),
                name="school_days_have_bells",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.kind}"

    @property
    def is_instructional(self) -> bool:
        return self.kind in (DayKind.INSTRUCTIONAL, DayKind.MINIMUM)


class Room(models.Model):
    """A room of a school, with its seats and features such as ``science-lab``."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="rooms")
    number = models.CharField(max_length=20)
    capacity = models.PositiveSmallIntegerField(validators=[MinValueValidator(1)])
    features = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["school", "number"]
        constraints = [
            models.UniqueConstraint(fields=["school", "number"], name="unique_room_number"),
            models.CheckConstraint(condition=Q(capacity__gt=0), name="room_has_seats"),
        ]

    def __str__(self) -> str:
        return f"{self.school} {self.number}"
