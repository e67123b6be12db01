"""A fresh install holds the standard opinion categories, so the first opinion can be entered at once."""

from django.db import migrations

from gongjian.solicitation.categories import add_missing_standard


def add_standard(apps, schema_editor):
    add_missing_standard(apps.get_model("solicitation", "Category"))


class Migration(migrations.Migration):
    dependencies = [("solicitation", "0004_opinion_round_category")]

    operations = [migrations.RunPython(add_standard, migrations.RunPython.noop)]
