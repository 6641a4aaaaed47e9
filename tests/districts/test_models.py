"""The district's records: grade spans, feeder patterns, codes, calendars and rooms."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from homeroom.districts.choices import GRADE_ORDER, DayKind, GradeLevel
from homeroom.districts.models import (
    BellSchedule,
    BellSchedulePeriod,
    Calendar,
    CalendarDay,
    District,
    ReceivingSchoolAccess,
    School,
    SchoolYear,
    Term,
)
from tests import factories as f

pytestmark = pytest.mark.django_db


# ---- grades -------------------------------------------------------------------------------


def test_grades_are_ordered_from_transitional_kindergarten_to_twelfth() -> None:
    ordered = sorted(GRADE_ORDER, key=GRADE_ORDER.__getitem__)
    assert ordered == ["TK", "K", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12"]
    assert set(GRADE_ORDER) == {g.value for g in GradeLevel}


@pytest.mark.parametrize(
    ("low", "high", "inside", "outside"),
    [
        ("TK", "5", ["TK", "K", "1", "5"], ["6", "9", "12"]),
        ("K", "8", ["K", "6", "8"], ["TK", "9", "10"]),
        ("6", "8", ["6", "7", "8"], ["5", "K", "9", "10"]),
        # "10" < "9" as text: the span must compare grades by order, not spelling.
        ("9", "12", ["9", "10", "11", "12"], ["TK", "K", "1", "8"]),
        ("12", "12", ["12"], ["11", "TK"]),
    ],
)
def test_a_school_serves_exactly_the_grades_of_its_span(
    low: str, high: str, inside: list[str], outside: list[str]
) -> None:
    school = f.SchoolFactory(low_grade=low, high_grade=high)
    assert [g for g in inside if not school.serves_grade(g)] == []
    assert [g for g in outside if school.serves_grade(g)] == []


def test_a_span_that_ends_before_it_starts_is_refused_on_the_high_grade() -> None:
    school = f.SchoolFactory.build(
        district=f.DistrictFactory(), low_grade="9", high_grade="K", code="1234567"
    )
    with pytest.raises(ValidationError) as caught:
        school.full_clean()
    assert "high_grade" in caught.value.message_dict


def test_a_span_of_one_grade_and_a_span_past_ten_are_valid() -> None:
    district = f.DistrictFactory()
    for low, high in (("5", "5"), ("9", "12"), ("TK", "12")):
        f.SchoolFactory.build(
            district=district, low_grade=low, high_grade=high, code="1234567"
        ).full_clean()


# ---- codes --------------------------------------------------------------------------------


NOT_SEVEN_DIGITS = ["123456", "12345678", "12a4567", "123 567", "-123456", ""]
# ``\d`` would also match other scripts' digits (full-width ones were accepted once).
FULL_WIDTH = pytest.param(
    "\uff11\uff12\uff13\uff14\uff15\uff16\uff17",
    id="full-width-digits",
)


@pytest.mark.parametrize("code", [*NOT_SEVEN_DIGITS, FULL_WIDTH])
def test_district_and_school_codes_must_be_seven_ascii_digits(code: str) -> None:
    district = District(name="Elsewhere Unified", cds_code=code)
    with pytest.raises(ValidationError) as on_district:
        district.full_clean()
    assert "cds_code" in on_district.value.message_dict
    school = f.SchoolFactory.build(district=f.DistrictFactory(), code=code)
    with pytest.raises(ValidationError) as on_school:
        school.full_clean()
    assert "code" in on_school.value.message_dict


def test_seven_digit_codes_with_leading_zeros_are_kept_as_written() -> None:
    district = District(name="Zero Unified", cds_code="0012345")
    district.full_clean()
    district.save()
    school = f.SchoolFactory(district=district, code="0000001")
    school.full_clean()
    assert School.objects.get(pk=school.pk).code == "0000001"
    assert school.county_district_code == "0012345"


def test_school_codes_are_unique_across_the_state() -> None:
    f.SchoolFactory(code="3333333")
    with pytest.raises(IntegrityError), transaction.atomic():
        f.SchoolFactory(code="3333333", district=f.DistrictFactory(cds_code="7654321"))


# ---- the district's choices and the feeder pattern ----------------------------------------


def test_a_new_district_waits_for_confirmation_before_a_receiving_school_sees_a_record() -> None:
    district = District.objects.create(name="New Unified", cds_code="7000001")
    district.refresh_from_db()
    assert district.receiving_school_access == ReceivingSchoolAccess.AFTER_CONFIRMATION


def test_feeder_pattern_links_each_school_to_the_next_and_back() -> None:
    high = f.SchoolFactory(name="High", level="high", low_grade="9", high_grade="12")
    middle = f.SchoolFactory(
        name="Middle", level="middle", low_grade="6", high_grade="8", next_school=high
    )
    elem_a = f.SchoolFactory(
        name="Elem A", level="elementary", low_grade="TK", high_grade="5", next_school=middle
    )
    elem_b = f.SchoolFactory(
        name="Elem B", level="elementary", low_grade="K", high_grade="5", next_school=middle
    )
    assert set(middle.feeder_schools.all()) == {elem_a, elem_b}
    assert list(high.feeder_schools.all()) == [middle]
    assert high.next_school is None
    # Following the pattern from kindergarten reaches a school for every grade up to 12.
    chain = [elem_a]
    while chain[-1].next_school is not None:
        chain.append(chain[-1].next_school)
    assert chain == [elem_a, middle, high]
    served = [g for g in GradeLevel if any(s.serves_grade(g) for s in chain)]
    assert served == list(GradeLevel)


def test_closing_the_next_school_leaves_its_feeders_without_one() -> None:
    middle = f.SchoolFactory(level="middle", low_grade="6", high_grade="8")
    elem = f.SchoolFactory(level="elementary", low_grade="K", high_grade="5", next_school=middle)
    middle.delete()
    elem.refresh_from_db()
    assert elem.next_school is None


def test_a_district_with_schools_cannot_be_deleted() -> None:
    school = f.SchoolFactory()
    with pytest.raises(ProtectedError):
        school.district.delete()
    assert School.objects.filter(pk=school.pk).exists()


def test_schools_list_by_name() -> None:
    district = f.DistrictFactory()
    for name in ("Vista", "Alder", "Mesa"):
        f.SchoolFactory(name=name, district=district)
    assert [s.name for s in School.objects.all()] == ["Alder", "Mesa", "Vista"]


# ---- school years, terms and calendars ----------------------------------------------------


def test_a_school_year_must_end_after_it_starts() -> None:
    district = f.DistrictFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        SchoolYear.objects.create(
            district=district,
            name="2027-28",
            start_date=dt.date(2027, 7, 1),
            end_date=dt.date(2027, 7, 1),
        )


def test_a_year_name_is_unique_within_a_district_only() -> None:
    year = f.SchoolYearFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        SchoolYear.objects.create(
            district=year.district,
            name=year.name,
            start_date=dt.date(2030, 7, 1),
            end_date=dt.date(2031, 6, 30),
        )
    other = f.DistrictFactory(cds_code="7000002", name="Other Unified")
    SchoolYear.objects.create(
        district=other, name=year.name, start_date=year.start_date, end_date=year.end_date
    )
    assert SchoolYear.objects.filter(name=year.name).count() == 2


def test_terms_of_a_year_are_ordered_by_start_and_must_end_after_they_start() -> None:
    year = f.SchoolYearFactory()
    spring = f.TermFactory(
        school_year=year, code="S2", start_date=dt.date(2027, 1, 11), end_date=dt.date(2027, 6, 10)
    )
    fall = f.TermFactory(
        school_year=year, code="S1", start_date=dt.date(2026, 8, 12), end_date=dt.date(2026, 12, 18)
    )
    assert list(year.terms.all()) == [fall, spring]
    with pytest.raises(IntegrityError), transaction.atomic():
        Term.objects.create(
            school_year=year,
            code="Q9",
            name="Backwards",
            start_date=dt.date(2027, 3, 1),
            end_date=dt.date(2027, 2, 1),
        )


def test_a_school_year_in_use_by_a_calendar_cannot_be_deleted() -> None:
    school = f.SchoolFactory()
    year = f.SchoolYearFactory(district=school.district)
    Calendar.objects.create(school=school, school_year=year)
    with pytest.raises(ProtectedError):
        year.delete()


def _calendar_with_bells() -> tuple[Calendar, BellSchedule]:
    school = f.SchoolFactory()
    calendar = Calendar.objects.create(school=school, school_year=f.SchoolYearFactory())
    bells = BellSchedule.objects.create(school=school, name="Regular")
    return calendar, bells


def test_school_days_follow_a_bell_schedule_and_days_off_do_not() -> None:
    calendar, bells = _calendar_with_bells()
    monday = CalendarDay.objects.create(
        calendar=calendar,
        date=dt.date(2026, 8, 17),
        kind=DayKind.INSTRUCTIONAL,
        bell_schedule=bells,
    )
    short = CalendarDay.objects.create(
        calendar=calendar, date=dt.date(2026, 8, 18), kind=DayKind.MINIMUM, bell_schedule=bells
    )
    holiday = CalendarDay.objects.create(
        calendar=calendar, date=dt.date(2026, 9, 7), kind=DayKind.HOLIDAY
    )
    staff = CalendarDay.objects.create(
        calendar=calendar, date=dt.date(2026, 10, 9), kind=DayKind.STAFF
    )
    assert [d.is_instructional for d in (monday, short, holiday, staff)] == [
        True,
        True,
        False,
        False,
    ]


@pytest.mark.parametrize(
    ("kind", "with_bells"),
    [(DayKind.INSTRUCTIONAL, False), (DayKind.MINIMUM, False), (DayKind.HOLIDAY, True)],
)
def test_a_day_whose_bells_do_not_match_its_kind_is_refused(kind: str, with_bells: bool) -> None:
    calendar, bells = _calendar_with_bells()
    with pytest.raises(IntegrityError), transaction.atomic():
        CalendarDay.objects.create(
            calendar=calendar,
            date=dt.date(2026, 8, 20),
            kind=kind,
            bell_schedule=bells if with_bells else None,
        )


def test_a_calendar_has_one_entry_per_date() -> None:
    calendar, bells = _calendar_with_bells()
    day = dt.date(2026, 8, 17)
    CalendarDay.objects.create(calendar=calendar, date=day, kind=DayKind.HOLIDAY)
    with pytest.raises(IntegrityError), transaction.atomic():
        CalendarDay.objects.create(
            calendar=calendar, date=day, kind=DayKind.INSTRUCTIONAL, bell_schedule=bells
        )


def test_a_meeting_counts_its_minutes_and_must_end_after_it_starts() -> None:
    _calendar, bells = _calendar_with_bells()
    first = f.PeriodFactory(school=bells.school, code="1")
    second = f.PeriodFactory(school=bells.school, code="2")
    meeting = BellSchedulePeriod.objects.create(
        bell_schedule=bells, period=first, start_time=dt.time(8, 5), end_time=dt.time(9, 2)
    )
    assert meeting.minutes == 57
    with pytest.raises(IntegrityError), transaction.atomic():
        BellSchedulePeriod.objects.create(
            bell_schedule=bells, period=second, start_time=dt.time(10, 0), end_time=dt.time(10, 0)
        )


def test_a_room_needs_seats_and_a_number_unique_in_its_school() -> None:
    room = f.RoomFactory(number="B12")
    with pytest.raises(IntegrityError), transaction.atomic():
        f.RoomFactory(school=room.school, number="B12")
    with pytest.raises(IntegrityError), transaction.atomic():
        f.RoomFactory(school=room.school, number="B13", capacity=0)
    f.RoomFactory(number="B12")  # the same number at another school is another room
