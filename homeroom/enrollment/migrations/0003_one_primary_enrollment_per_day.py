"""At most one primary enrollment per student on any date, enforced by the database.

PostgreSQL: an exclusion constraint over the half-open date range [entry, exit).
SQLite: triggers that refuse an overlapping primary row. A no-show (exit == entry)
is an empty range and overlaps nothing.
"""

from django.db import migrations

PG_UP = """
CREATE EXTENSION IF NOT EXISTS btree_gist;
ALTER TABLE enrollment_enrollment ADD CONSTRAINT one_primary_enrollment_per_day
    EXCLUDE USING gist (student_id WITH =, daterange(entry_date, exit_date, '[)') WITH &&)
    WHERE (status = '10');
"""
PG_DOWN = (
    "ALTER TABLE enrollment_enrollment DROP CONSTRAINT IF EXISTS one_primary_enrollment_per_day;"
)

OVERLAP = """
    SELECT RAISE(ABORT, 'one_primary_enrollment_per_day: overlapping primary enrollment')
    WHERE EXISTS (
        SELECT 1 FROM enrollment_enrollment e
        WHERE e.student_id = NEW.student_id AND e.status = '10' AND e.id IS NOT NEW.id
          AND (e.exit_date IS NULL OR e.exit_date > e.entry_date)
          AND (e.exit_date IS NULL OR e.exit_date > NEW.entry_date)
          AND (NEW.exit_date IS NULL OR e.entry_date < NEW.exit_date)
    );
"""
WHEN = "WHEN NEW.status = '10' AND (NEW.exit_date IS NULL OR NEW.exit_date > NEW.entry_date)"
SQLITE_UP = [
    f"CREATE TRIGGER enrollment_one_primary_insert BEFORE INSERT ON enrollment_enrollment "
    f"{WHEN} BEGIN {OVERLAP} END;",
    f"CREATE TRIGGER enrollment_one_primary_update BEFORE UPDATE ON enrollment_enrollment "
    f"{WHEN} BEGIN {OVERLAP} END;",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS enrollment_one_primary_insert;",
    "DROP TRIGGER IF EXISTS enrollment_one_primary_update;",
]


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_UP, params=None)
    elif vendor == "sqlite":
        for sql in SQLITE_UP:
            schema_editor.execute(sql, params=None)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_DOWN, params=None)
    elif vendor == "sqlite":
        for sql in SQLITE_DOWN:
            schema_editor.execute(sql, params=None)


class Migration(migrations.Migration):
    dependencies = [("enrollment", "0002_no_shows_and_arrival")]
    operations = [migrations.RunPython(forwards, backwards)]
