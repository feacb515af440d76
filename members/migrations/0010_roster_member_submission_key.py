"""A roster member keeps the key of the form that added them (no personal data), so the
same form sent twice, after an answer lost on a bad connection, adds one member."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0009_roster_figures"),
    ]

    operations = [
        migrations.AddField(
            model_name="rostermember",
            name="submission_key",
            field=models.UUIDField(blank=True, editable=False, null=True, unique=True),
        ),
    ]
