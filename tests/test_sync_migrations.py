"""The ``*_updated_at_and_sourced_id`` migrations give every existing row its own id.

Rows are written at the current schema, the four migrations are undone (their columns
dropped) and applied again, as on a database that had those rows before the upgrade.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

from homeroom.access.models import User
from homeroom.enrollment.models import Enrollment
from homeroom.people.models import Guardian, Student, StudentGuardian
from homeroom.scheduling.models import Course, Section, SectionEnrollment
from tests import factories as f

BEFORE = [
    ("access", "0006_idempotency_purge_index"),
    ("people", "0005_sort_names_as_shown"),
    ("enrollment", "0005_enrollment_claims"),
    ("scheduling", "0001_initial"),
]
AFTER = [
    ("access", "0007_updated_at_and_sourced_id"),
    ("people", "0006_updated_at_and_sourced_id"),
    ("enrollment", "0006_updated_at_and_sourced_id"),
    ("scheduling", "0002_updated_at_and_sourced_id"),
]
MODELS = (Student, Guardian, StudentGuardian, Enrollment, Course, Section, SectionEnrollment, User)
SQLITE_TRIGGERS = {"enrollment_one_primary_insert", "enrollment_one_primary_update"}


def migrate(targets: list[tuple[str, str]]) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    if targets is AFTER:  # then on to today's schema, which the models (and later tests) use
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())


def sqlite_triggers() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        return {name for (name,) in cursor.fetchall()}


def some_of_everything() -> None:
    for _ in range(3):
        f.GuardianshipFactory()
        f.EnrollmentFactory()
        f.RosterFactory()
    f.SectionFactory()


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_upgrading_gives_existing_rows_distinct_sourced_ids() -> None:
    some_of_everything()
    counts = {m: m._default_manager.count() for m in MODELS}
    try:
        migrate(BEFORE)
        if connection.vendor == "sqlite":
            assert sqlite_triggers() >= SQLITE_TRIGGERS
    finally:
        migrate(AFTER)
    for model, count in counts.items():
        ids = list(model._default_manager.values_list("sourced_id", flat=True))
        assert len(ids) == count > 1
        assert None not in ids
        assert len(set(ids)) == count, f"{model._meta.label}: two rows share a sourced_id"
        assert all(v.version == 4 for v in ids)
        assert not model._default_manager.filter(updated_at__isnull=True).exists()
    if connection.vendor == "sqlite":
        assert sqlite_triggers() >= SQLITE_TRIGGERS


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_after_the_upgrade_the_database_still_refuses_overlapping_primaries() -> None:
    migrate(BEFORE)
    migrate(AFTER)
    first = f.EnrollmentFactory(entry_date=dt.date(2026, 8, 12))
    with pytest.raises(IntegrityError), transaction.atomic():
        Enrollment.objects.create(
            student=first.student,
            school=f.SchoolFactory(),
            grade_level="9",
            entry_date=dt.date(2026, 9, 1),
        )
