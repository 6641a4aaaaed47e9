"""Caseloads now belong to the counseling app (its 0001 takes the same table over);
here the access app only forgets the model. No row and no column changes."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("access", "0007_updated_at_and_sourced_id"),
        ("counseling", "0001_caseloads_from_access"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="CaseloadAssignment")],
            database_operations=[],
        ),
    ]
