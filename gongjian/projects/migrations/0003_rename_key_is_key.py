from django.db import migrations, models


class Migration(migrations.Migration):
    """重点项目 is `is_key` in the code (`key` sat beside cache keys); the API field and exports stay
    `key`, and so does the column (raw SQL of the benchmarks reads it): a change of state only."""

    dependencies = [
        ("projects", "0002_changenotice_progressattachment_publishedsnapshot_and_more"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                *(migrations.RenameField(model_name=model, old_name="key", new_name="is_key")
                  for model in ("project", "historicalproject", "publishedsnapshot")),
                *(migrations.AlterField(model_name=model, name="is_key",
                                        field=models.BooleanField(db_column="key", default=False,
                                                                  verbose_name="重点项目"))
                  for model in ("project", "historicalproject", "publishedsnapshot")),
            ],
            database_operations=[],
        ),
    ]
