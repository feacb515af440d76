"""Who returned a district's order, and when, kept apart from who last saved its figures.

Until now a return wrote the returner into updated_by / updated_at, so the order page
named the province as the figures' last editor. The order's history tells the two
apart: a row that turns a submitted order into a returned one is a return; any other
row whose updated_at moved is a save."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def split_returns_from_saves(apps, schema_editor):
    DistrictOrder = apps.get_model("transactions", "DistrictOrder")
    History = apps.get_model("transactions", "HistoricalDistrictOrder")
    returned = set(
        History.objects.filter(status="returned").values_list("id", flat=True).distinct()
    )
    for order_id in returned:
        rows = History.objects.filter(id=order_id).order_by("history_date", "history_id")
        saved_at = saved_by = returned_at = returned_by = None
        previous = None
        for row in rows:
            if row.status == "returned" and previous is not None and previous.status == "submitted":
                returned_at, returned_by = row.updated_at, row.updated_by_id
            elif previous is None or row.updated_at != previous.updated_at:
                saved_at, saved_by = row.updated_at, row.updated_by_id
            previous = row
        if returned_at is None:
            continue
        DistrictOrder.objects.filter(pk=order_id).update(
            updated_at=saved_at,
            updated_by_id=saved_by,
            returned_at=returned_at,
            returned_by_id=returned_by,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("transactions", "0006_round_recorded_afterwards"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="districtorder",
            name="returned_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="ส่งคืนเมื่อ"),
        ),
        migrations.AddField(
            model_name="districtorder",
            name="returned_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="ส่งคืนโดย",
            ),
        ),
        migrations.AddField(
            model_name="historicaldistrictorder",
            name="returned_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="ส่งคืนเมื่อ"),
        ),
        migrations.AddField(
            model_name="historicaldistrictorder",
            name="returned_by",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="ส่งคืนโดย",
            ),
        ),
        migrations.RunPython(split_returns_from_saves, migrations.RunPython.noop),
    ]
