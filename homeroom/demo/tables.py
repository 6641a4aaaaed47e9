"""The columns the seeder writes for each model, in row-tuple order."""

from __future__ import annotations

from homeroom.access.models import RoleAssignment, User
from homeroom.audit.bulk import EVENTS
from homeroom.audit.loader import Table
from homeroom.counseling.models import CaseloadAssignment
from homeroom.districts.models import (
    BellSchedule,
    BellSchedulePeriod,
    Calendar,
    CalendarDay,
    Period,
    Room,
    School,
)
from homeroom.enrollment.models import Enrollment
from homeroom.people.models import (
    NAME_FIELDS,
    Guardian,
    HomeLanguageSurvey,
    Staff,
    Student,
    StudentGuardian,
)
from homeroom.scheduling.models import Course, Section, SectionEnrollment

NAMES = (*NAME_FIELDS, "search_key", "sort_key", "compact_key")
# The last columns of every synced table (``SYNCED``): when the row last changed and its
# stable external id. ``context.Buffer.add`` appends their values to each row.
SYNC = ("updated_at", "sourced_id")

USER = Table(
    User,
    (
        "id", "password", "last_login", "is_superuser", "username", "first_name", "last_name",
        "email", "is_staff", "is_active", "date_joined", "preferred_language", *SYNC,
    ),
)  # fmt: skip
SCHOOL = Table(
    School,
    ("id", "district_id", "name", "code", "level", "low_grade", "high_grade", "next_school_id"),
)
PERIOD = Table(Period, ("id", "school_id", "code", "name", "order"))
BELL = Table(BellSchedule, ("id", "school_id", "name"))
BELL_PERIOD = Table(
    BellSchedulePeriod, ("id", "bell_schedule_id", "period_id", "start_time", "end_time")
)
CALENDAR = Table(Calendar, ("id", "school_id", "school_year_id"))
CALENDAR_DAY = Table(
    CalendarDay, ("id", "calendar_id", "date", "kind", "bell_schedule_id", "rotation")
)
ROOM = Table(Room, ("id", "school_id", "number", "capacity", "features"))
STAFF = Table(Staff, ("id", *NAMES, "employee_id", "email", "user_id"))
ROLE = Table(RoleAssignment, ("id", "user_id", "role", "school_id", "start_date", "end_date"))
COURSE = Table(Course, ("id", "school_id", "code", "title", "closed_on", *SYNC))
SECTION = Table(
    Section,
    (
        "id", "course_id", "code", "term_id", "period_id", "room_id", "teacher_id", "capacity",
        "closed_on", *SYNC,
    ),
)  # fmt: skip
STUDENT = Table(
    Student,
    (
        "id", "district_id", "identity_key", "duplicate_ordinal", "ssid", *NAMES, "birth_date",
        "gender",
        "gender_self_description", "home_language", "user_id", "created_at", *SYNC,
    ),
)  # fmt: skip
GUARDIAN = Table(
    Guardian,
    ("id", *NAMES, "email", "phone", "phone_key", "preferred_language", "user_id", *SYNC),
)
GUARDIANSHIP = Table(
    StudentGuardian,
    (
        "id", "student_id", "guardian_id", "relationship", "custody", "contact_order",
        "lives_with", "educational_rights", "emergency_contact", "pickup_allowed", "sensitivity",
        *SYNC,
    ),
)  # fmt: skip
LANGUAGE_SURVEY = Table(
    HomeLanguageSurvey,
    (
        "id", "student_id", "answered_on", "answered_by", "first_language",
        "child_home_language", "language_with_child", "adults_language", "source",
        "recorded_by_id", "created_at", "updated_at",
    ),
)  # fmt: skip
ENROLLMENT = Table(
    Enrollment,
    (
        "id", "student_id", "school_id", "grade_level", "status", "entry_date", "arrived_on",
        "exit_date", "exit_reason", "created_at", *SYNC,
    ),
)  # fmt: skip
ROSTER = Table(
    SectionEnrollment, ("id", "section_id", "student_id", "entry_date", "exit_date", *SYNC)
)
CASELOAD = Table(CaseloadAssignment, ("id", "counselor_id", "student_id"))
AUDIT = EVENTS  # written by homeroom.audit.bulk with the rows of AUDITED tables

# Parents before children: rows are flushed in this order.
ORDER = (
    USER, SCHOOL, PERIOD, BELL, BELL_PERIOD, CALENDAR, CALENDAR_DAY, ROOM, STAFF, ROLE,
    COURSE, SECTION, STUDENT, GUARDIAN, GUARDIANSHIP, LANGUAGE_SURVEY, ENROLLMENT, ROSTER,
    CASELOAD, AUDIT,
)  # fmt: skip
# Rows of these tables are student data or say who may see it: they are written through
# ``audit.bulk.create_rows``, which gives each the create event the recorder would write.
AUDITED = (
    USER, ROLE, STUDENT, GUARDIAN, GUARDIANSHIP, LANGUAGE_SURVEY, ENROLLMENT, ROSTER, CASELOAD,
)  # fmt: skip
# Records other systems sync: their rows end with the ``SYNC`` columns.
SYNCED = (USER, COURSE, SECTION, STUDENT, GUARDIAN, GUARDIANSHIP, ENROLLMENT, ROSTER)
