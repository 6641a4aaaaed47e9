"""On PostgreSQL, a trigram index so that name search by any part of a name is fast.

``search_key`` holds folded names; searches are ``search_key LIKE '%token%'``,
which a GIN index with ``gin_trgm_ops`` serves. SQLite scans, which is fine at
demo sizes.
"""

from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm;")
    for table, name in (
        ("people_student", "student_search_trgm"),
        ("people_guardian", "guardian_search_trgm"),
    ):
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin (search_key gin_trgm_ops);"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS student_search_trgm;")
    schema_editor.execute("DROP INDEX IF EXISTS guardian_search_trgm;")


class Migration(migrations.Migration):
    dependencies = [("people", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
