"""updated_at (indexed) and a stable sourced_id on the records other systems sync.

sourced_id is added nullable, every existing row is given its own UUID (PostgreSQL:
gen_random_uuid(), 13 or later; elsewhere uuid4 in batches), then it becomes unique.

On SQLite, altering a column rebuilds the table, which drops the triggers of
0003_one_primary_enrollment_per_day: they are created again at the end (same SQL).
"""

import uuid

import django.utils.timezone
from django.db import migrations, models

APP = "enrollment"
MODELS = ("Enrollment",)


def fill_sourced_ids(apps, schema_editor):
    """Give every existing row its own sourced_id (AddField gave them all one value)."""
    for name in MODELS:
        model = apps.get_model(APP, name)
        if schema_editor.connection.vendor == "postgresql":
            table = schema_editor.quote_name(model._meta.db_table)
            schema_editor.execute(f"UPDATE {table} SET sourced_id = gen_random_uuid()")
            continue
        batch = []
        for pk in model.objects.order_by("pk").values_list("pk", flat=True).iterator():
            batch.append(model(pk=pk, sourced_id=uuid.uuid4()))
            if len(batch) >= 5000:
                model.objects.bulk_update(batch, ["sourced_id"])
                batch = []
        model.objects.bulk_update(batch, ["sourced_id"])


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
SQLITE_TRIGGERS = [
    "DROP TRIGGER IF EXISTS enrollment_one_primary_insert;",
    "DROP TRIGGER IF EXISTS enrollment_one_primary_update;",
    f"CREATE TRIGGER enrollment_one_primary_insert BEFORE INSERT ON enrollment_enrollment "
    f"{WHEN} BEGIN {OVERLAP} END;",
    f"CREATE TRIGGER enrollment_one_primary_update BEFORE UPDATE ON enrollment_enrollment "
    f"{WHEN} BEGIN {OVERLAP} END;",
]


def restore_sqlite_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for sql in SQLITE_TRIGGERS:
        schema_editor.execute(sql, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("enrollment", "0005_enrollment_claims"),
    ]

    operations = [
        # Undoing this migration rebuilds the table again: the triggers come back last.
        migrations.RunPython(migrations.RunPython.noop, restore_sqlite_triggers),
        migrations.AddField(
            model_name="enrollment",
            name="sourced_id",
            field=models.UUIDField(
                default=uuid.uuid4,
                editable=False,
                null=True,
                help_text="Each enrollment its own: next year's, made by the rollover, gets a new one.",
            ),
        ),
        migrations.AddField(
            model_name="enrollment",
            name="updated_at",
            field=models.DateTimeField(
                auto_now=True, db_index=True, default=django.utils.timezone.now
            ),
            preserve_default=False,
        ),
        migrations.RunPython(fill_sourced_ids, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="enrollment",
            name="sourced_id",
            field=models.UUIDField(
                default=uuid.uuid4,
                editable=False,
                unique=True,
                help_text="Each enrollment its own: next year's, made by the rollover, gets a new one.",
            ),
        ),
        migrations.RunPython(restore_sqlite_triggers, migrations.RunPython.noop),
    ]
