"""updated_at (indexed) and a stable sourced_id on the records other systems sync.

sourced_id is added nullable, every existing row is given its own UUID (PostgreSQL:
gen_random_uuid(), 13 or later; elsewhere uuid4 in batches), then it becomes unique.
"""

import uuid

import django.utils.timezone
from django.db import migrations, models

APP = "access"
MODELS = ("User",)


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


class Migration(migrations.Migration):
    dependencies = [
        ("access", "0006_idempotency_purge_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="sourced_id",
            field=models.UUIDField(default=uuid.uuid4, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="user",
            name="updated_at",
            field=models.DateTimeField(
                auto_now=True, db_index=True, default=django.utils.timezone.now
            ),
            preserve_default=False,
        ),
        migrations.RunPython(fill_sourced_ids, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="user",
            name="sourced_id",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
    ]
