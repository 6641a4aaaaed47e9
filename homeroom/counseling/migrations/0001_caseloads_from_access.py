"""Caseloads move here from the access app. The table stays where it is
(``access_caseloadassignment``): only Django's picture of which app owns it changes."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("access", "0007_updated_at_and_sourced_id"),
        ("people", "0006_updated_at_and_sourced_id"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="CaseloadAssignment",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "counselor",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="caseload",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "student",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="counselors",
                                to="people.student",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "access_caseloadassignment",
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("counselor", "student"), name="unique_caseload"
                            )
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
