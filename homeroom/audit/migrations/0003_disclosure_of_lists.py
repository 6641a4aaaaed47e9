"""One disclosure row per read, naming every student it showed (DisclosureStudent).

Existing rows each named one student: they get their named-student row here. On
PostgreSQL the new table is append-only in the database too, like the others (0002).
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


BACKFILL = """
INSERT INTO audit_disclosurestudent (disclosure_id, student_id)
SELECT id, student_id FROM audit_disclosure WHERE student_id IS NOT NULL ORDER BY id
"""


def backfill(apps, schema_editor):
    schema_editor.execute(BACKFILL, params=None)


def append_only(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "CREATE TRIGGER audit_disclosurestudent_append_only BEFORE UPDATE OR DELETE "
        "ON audit_disclosurestudent FOR EACH ROW EXECUTE FUNCTION homeroom_audit_append_only();",
        params=None,
    )


def drop_append_only(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "DROP TRIGGER IF EXISTS audit_disclosurestudent_append_only ON audit_disclosurestudent;",
        params=None,
    )


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0002_append_only_in_database'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='DisclosureStudent',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('student_id', models.BigIntegerField()),
            ],
        ),
        migrations.AddField(
            model_name='disclosure',
            name='student_count',
            field=models.PositiveIntegerField(default=1),
        ),
        migrations.AlterField(
            model_name='disclosure',
            name='kind',
            field=models.CharField(choices=[('view', 'view'), ('list', 'list'), ('export', 'export')], max_length=10),
        ),
        migrations.AlterField(
            model_name='disclosure',
            name='student_id',
            field=models.BigIntegerField(db_index=True, help_text='The one student named; empty for a list of several.', null=True),
        ),
        migrations.AddIndex(
            model_name='disclosure',
            index=models.Index(fields=['actor', 'at'], name='disclosure_actor_at'),
        ),
        migrations.AddField(
            model_name='disclosurestudent',
            name='disclosure',
            field=models.ForeignKey(on_delete=django.db.models.deletion.DO_NOTHING, related_name='named', to='audit.disclosure'),
        ),
        migrations.AddIndex(
            model_name='disclosurestudent',
            index=models.Index(fields=['student_id', 'disclosure'], name='disclosure_named_student'),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
        migrations.RunPython(append_only, drop_append_only),
    ]
