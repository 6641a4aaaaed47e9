"""factory_boy factories for every core record; tests build data only through these."""

from __future__ import annotations

import datetime as dt

import factory
from factory.django import DjangoModelFactory

from homeroom.access.models import RoleAssignment, User
from homeroom.counseling.models import CaseloadAssignment
from homeroom.districts.models import District, Period, Room, School, SchoolYear, Term
from homeroom.enrollment.models import Enrollment
from homeroom.people.models import Guardian, Staff, Student, StudentGuardian
from homeroom.people.services import reserve_district_numbers
from homeroom.scheduling.models import Course, Section, SectionEnrollment

PASSWORD = "correct-horse-battery-staple"


class DistrictFactory(DjangoModelFactory):
    class Meta:
        model = District
        django_get_or_create = ("cds_code",)

    name = "Test Unified School District"
    cds_code = "1964733"


class SchoolFactory(DjangoModelFactory):
    class Meta:
        model = School

    district = factory.SubFactory(DistrictFactory)
    name = factory.Sequence(lambda n: f"School {n}")
    code = factory.Sequence(lambda n: f"{6000000 + n:07d}")
    level = "high"
    low_grade = "9"
    high_grade = "12"


class SchoolYearFactory(DjangoModelFactory):
    class Meta:
        model = SchoolYear
        django_get_or_create = ("district", "name")

    district = factory.SubFactory(DistrictFactory)
    name = "2026-27"
    start_date = dt.date(2026, 7, 1)
    end_date = dt.date(2027, 6, 30)


class TermFactory(DjangoModelFactory):
    class Meta:
        model = Term
        django_get_or_create = ("school_year", "code")

    school_year = factory.SubFactory(SchoolYearFactory)
    code = "Y"
    name = "Full year"
    start_date = dt.date(2026, 8, 12)
    end_date = dt.date(2027, 6, 10)


class PeriodFactory(DjangoModelFactory):
    class Meta:
        model = Period

    school = factory.SubFactory(SchoolFactory)
    code = factory.Sequence(lambda n: str(n % 9 + 1))
    name = factory.LazyAttribute(lambda p: f"Period {p.code}")
    order = factory.LazyAttribute(lambda p: int(p.code))


class RoomFactory(DjangoModelFactory):
    class Meta:
        model = Room

    school = factory.SubFactory(SchoolFactory)
    number = factory.Sequence(lambda n: f"R{100 + n}")
    capacity = 32
    features = factory.LazyFunction(list)


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def saved(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            self.save()


class RoleFactory(DjangoModelFactory):
    class Meta:
        model = RoleAssignment

    user = factory.SubFactory(UserFactory)
    role = "teacher"
    school = factory.SubFactory(SchoolFactory)


class StaffFactory(DjangoModelFactory):
    class Meta:
        model = Staff

    given_name = factory.Faker("first_name")
    family_name = factory.Faker("last_name")
    employee_id = factory.Sequence(lambda n: f"E{n:06d}")
    user = factory.SubFactory(UserFactory)


class StudentFactory(DjangoModelFactory):
    class Meta:
        model = Student

    district_id = factory.LazyFunction(lambda: reserve_district_numbers(1)[0])
    given_name = factory.Faker("first_name")
    family_name = factory.Faker("last_name")
    birth_date = dt.date(2011, 3, 14)


class GuardianFactory(DjangoModelFactory):
    class Meta:
        model = Guardian

    given_name = factory.Faker("first_name")
    family_name = factory.Faker("last_name")
    phone = factory.Sequence(lambda n: f"+1 213 555 {n % 10000:04d}")


class GuardianshipFactory(DjangoModelFactory):
    class Meta:
        model = StudentGuardian

    student = factory.SubFactory(StudentFactory)
    guardian = factory.SubFactory(GuardianFactory)
    relationship = "mother"


class EnrollmentFactory(DjangoModelFactory):
    class Meta:
        model = Enrollment

    student = factory.SubFactory(StudentFactory)
    school = factory.SubFactory(SchoolFactory)
    grade_level = "9"
    entry_date = dt.date(2020, 8, 12)


class CourseFactory(DjangoModelFactory):
    class Meta:
        model = Course

    school = factory.SubFactory(SchoolFactory)
    code = factory.Sequence(lambda n: f"C{n:04d}")
    title = factory.Sequence(lambda n: f"Course {n}")


class SectionFactory(DjangoModelFactory):
    class Meta:
        model = Section

    course = factory.SubFactory(CourseFactory)
    code = factory.Sequence(lambda n: f"{n:02d}")
    term = factory.SubFactory(TermFactory)
    teacher = factory.SubFactory(UserFactory)


class RosterFactory(DjangoModelFactory):
    class Meta:
        model = SectionEnrollment

    section = factory.SubFactory(SectionFactory)
    student = factory.SubFactory(StudentFactory)
    entry_date = dt.date(2020, 8, 12)


class CaseloadFactory(DjangoModelFactory):
    class Meta:
        model = CaseloadAssignment

    counselor = factory.SubFactory(UserFactory)
    student = factory.SubFactory(StudentFactory)
