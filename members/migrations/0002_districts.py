"""Load the 16 districts of Songkhla (reference data, members.reference)."""

from django.db import migrations

from members.reference import SONGKHLA_DISTRICTS, load_districts


def load(apps, schema_editor):
    load_districts(apps.get_model("members", "District"))


def unload(apps, schema_editor):
    District = apps.get_model("members", "District")
    District.objects.filter(code__in=[code for code, _ in SONGKHLA_DISTRICTS]).delete()


class Migration(migrations.Migration):
    dependencies = [("members", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
