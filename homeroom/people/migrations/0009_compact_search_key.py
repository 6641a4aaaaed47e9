"""The compact search key: each name part folded with its inner gaps closed.

``compact_key`` ("Smith-Jones" -> ``smithjones``, "St. Pierre" -> ``stpierre``) is what
the header search and the intake search match every query token against, so on
PostgreSQL it carries the GIN trigram index that ``search_key`` carried (migration
0002), and those indexes go: one key, one index design, for both searches. Existing
rows are backfilled here; SQLite scans, which is fine at demo sizes.
"""

from django.db import migrations, models

from homeroom.lib.names import compact_key  # a pure function; no app models

NAME_FIELDS = (
    "given_name",
    "middle_name",
    "family_name",
    "suffix",
    "preferred_given_name",
    "preferred_family_name",
)
TRIGRAM = (
    ("people_student", "student_compact_trgm", "student_search_trgm"),
    ("people_guardian", "guardian_compact_trgm", "guardian_search_trgm"),
)


def fill_compact_keys(apps, schema_editor):
    for model in ("Student", "Guardian", "Staff"):
        Model = apps.get_model("people", model)
        batch = []
        for p in Model.objects.order_by("id").only(*NAME_FIELDS).iterator(chunk_size=5000):
            p.compact_key = compact_key(getattr(p, f) for f in NAME_FIELDS)
            batch.append(p)
            if len(batch) >= 5000:
                Model.objects.bulk_update(batch, ["compact_key"])
                batch = []
        if batch:
            Model.objects.bulk_update(batch, ["compact_key"])


def swap_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm;")
    for table, new, old in TRIGRAM:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {new} ON {table} USING gin (compact_key gin_trgm_ops);"
        )
        schema_editor.execute(f"DROP INDEX IF EXISTS {old};")


def restore_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, new, old in TRIGRAM:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {old} ON {table} USING gin (search_key gin_trgm_ops);"
        )
        schema_editor.execute(f"DROP INDEX IF EXISTS {new};")


class Migration(migrations.Migration):
    dependencies = [("people", "0008_home_language_survey")]

    operations = [
        migrations.AddField(
            model_name="guardian",
            name="compact_key",
            field=models.CharField(
                default="", editable=False, help_text="Folded parts, gaps closed.", max_length=800
            ),
        ),
        migrations.AddField(
            model_name="staff",
            name="compact_key",
            field=models.CharField(
                default="", editable=False, help_text="Folded parts, gaps closed.", max_length=800
            ),
        ),
        migrations.AddField(
            model_name="student",
            name="compact_key",
            field=models.CharField(
                default="", editable=False, help_text="Folded parts, gaps closed.", max_length=800
            ),
        ),
        migrations.RunPython(fill_compact_keys, migrations.RunPython.noop),
        migrations.RunPython(swap_trigram_indexes, restore_trigram_indexes),
    ]
