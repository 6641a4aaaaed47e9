"""Effective-dated enrollment: one answer to "which school on this date"."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from homeroom.enrollment.models import Enrollment
from homeroom.enrollment.selectors import school_on
from homeroom.enrollment.services import enrollment_create, student_admit
from homeroom.lib.errors import Conflict, RuleError
from homeroom.people.models import Student
from tests import factories as f

D = dt.date


@pytest.mark.django_db
def test_school_on_a_date_follows_entry_and_exclusive_exit() -> None:
    a, b = f.SchoolFactory(), f.SchoolFactory()
    student = f.StudentFactory()
    f.EnrollmentFactory(
        student=student,
        school=a,
        entry_date=D(2026, 8, 12),
        exit_date=D(2027, 1, 10),
        exit_reason="T160",
    )
    f.EnrollmentFactory(student=student, school=b, entry_date=D(2027, 1, 10))
    assert school_on(student, D(2026, 8, 11)) is None
    assert school_on(student, D(2026, 8, 12)) == a
    assert school_on(student, D(2027, 1, 9)) == a
    assert school_on(student, D(2027, 1, 10)) == b


@pytest.mark.django_db
def test_second_primary_enrollment_is_a_conflict_naming_the_school() -> None:
    student = f.StudentFactory()
    first = f.SchoolFactory(name="Lincoln High")
    enrollment_create(student=student, school=first, grade_level="9", entry_date=D(2026, 8, 12))
    with pytest.raises(Conflict, match="Lincoln High"):
        enrollment_create(
            student=student, school=f.SchoolFactory(), grade_level="9", entry_date=D(2026, 9, 1)
        )
    assert student.enrollments.count() == 1


@pytest.mark.django_db
def test_secondary_enrollment_may_overlap_a_primary() -> None:
    student = f.StudentFactory()
    enrollment_create(
        student=student, school=f.SchoolFactory(), grade_level="9", entry_date=D(2026, 8, 12)
    )
    enrollment_create(
        student=student,
        school=f.SchoolFactory(),
        grade_level="9",
        entry_date=D(2026, 8, 12),
        status="20",
    )
    assert student.enrollments.count() == 2


@pytest.mark.django_db
def test_grade_outside_the_school_span_is_refused() -> None:
    elementary = f.SchoolFactory(level="elementary", low_grade="TK", high_grade="5")
    with pytest.raises(RuleError) as info:
        enrollment_create(
            student=f.StudentFactory(),
            school=elementary,
            grade_level="9",
            entry_date=D(2026, 8, 12),
        )
    assert info.value.field == "grade_level"


@pytest.mark.django_db
def test_admit_creates_both_or_neither() -> None:
    elementary = f.SchoolFactory(level="elementary", low_grade="TK", high_grade="5")
    with pytest.raises(RuleError):
        student_admit(
            school=elementary,
            grade_level="9",
            entry_date=D(2026, 8, 12),
            given_name="Lost",
            birth_date=D(2012, 1, 1),
        )
    assert not Student.objects.filter(given_name="Lost").exists()
    student, enrollment = student_admit(
        school=elementary,
        grade_level="K",
        entry_date=D(2026, 8, 12),
        given_name="Found",
        birth_date=D(2021, 1, 1),
    )
    assert enrollment.student == student


@pytest.mark.django_db
def test_district_ids_are_unique_and_never_reused() -> None:
    made = [f.StudentFactory().district_id for _ in range(5)]
    Student.objects.filter(district_id=made[-1]).delete()
    again = f.StudentFactory().district_id
    assert len(set(made)) == 5
    assert again not in made


@pytest.mark.django_db
def test_database_refuses_overlapping_primaries_even_past_the_service() -> None:
    student = f.StudentFactory()
    a, b = f.SchoolFactory(), f.SchoolFactory()
    Enrollment.objects.create(student=student, school=a, grade_level="9", entry_date=D(2026, 8, 12))
    with pytest.raises(IntegrityError), transaction.atomic():
        Enrollment.objects.create(
            student=student, school=b, grade_level="9", entry_date=D(2026, 9, 1)
        )
    Enrollment.objects.create(
        student=student, school=b, grade_level="9", entry_date=D(2026, 9, 1), status="20"
    )


@pytest.mark.django_db
def test_database_refuses_a_silent_second_record_of_one_child() -> None:
    f.StudentFactory(given_name="Seán", family_name="O'Brien", birth_date=D(2012, 1, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        f.StudentFactory(given_name="SEAN", family_name="O’Brien", birth_date=D(2012, 1, 1))
