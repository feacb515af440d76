"""Before the columns are checked (0007), repair what SQLite kept beyond them.

Until now a number typed on a page had no ceiling, and SQLite stores any number in a
decimal column (1000000000000 in a 14-digit quantity with 3 decimals, 1e30 as a float,
1E+400 as infinity). Django cannot read such a row back, so every page of its round failed,
and nothing in the application could reach the row to correct it. PostgreSQL refused
them (numeric overflow), so there this migration finds nothing.

Such a figure is no one's real figure. An order line, delivery, pickup, payment or
allocation holding one is deleted, and its round's history says so (the district's order
gets a new version, so a form drawn before conflicts instead of saving over it); a price
tier, reference price, target or product interest holding one is deleted; an optional
figure (a round's minimum total, a reference price, the supplied quantity, a grant's
amount) is emptied; a round item's unit price is set to the highest price a unit may have,
and its round's history asks for the price to be corrected.
"""

from django.db import migrations
from django.utils import timezone

QUANTITY = (14, 3)
MONEY = (14, 2)
PRICE_CEILING = 1_000_000  # transactions.models.PRICE_CEILING when this was written

# (model, field, column type, what to do)
ENTRIES = [
    ("OrderLine", "quantity", QUANTITY, "delete"),
    ("Delivery", "quantity", QUANTITY, "delete"),
    ("Pickup", "quantity", QUANTITY, "delete"),
    ("Payment", "amount", MONEY, "delete"),
    ("Allocation", "quantity", QUANTITY, "delete"),
]
DEFINITIONS = [
    ("PriceTier", "min_quantity", QUANTITY, "delete"),
    ("PriceTier", "unit_price", MONEY, "delete"),
    ("ReferencePrice", "price", MONEY, "delete"),
    ("PurchaseTarget", "quantity", QUANTITY, "delete"),
    ("ProductInterest", "quantity_per_year", QUANTITY, "delete"),
    ("PurchaseRound", "minimum_total", MONEY, "empty"),
    ("RoundItem", "reference_price", MONEY, "empty"),
    ("RoundItem", "supplied_quantity", QUANTITY, "empty"),
    ("Support", "amount", MONEY, "empty"),
    ("RoundItem", "unit_price", MONEY, "ceiling"),
]
LABELS = {
    "OrderLine": "รายการสั่งซื้อ",
    "Delivery": "การส่งมอบ",
    "Pickup": "การรับสินค้า",
    "Payment": "การชำระเงิน",
    "Allocation": "การจัดสรร",
}


def _ceiling(digits):
    max_digits, places = digits
    return f"{10 ** (max_digits - places) - 1}.{'9' * places}"


def _beyond(schema_editor, model, field_name, digits):
    """Primary keys (and round ids where there is one) of rows whose figure lies beyond
    its column, read with SQL: the ORM cannot read them."""
    quote = schema_editor.connection.ops.quote_name
    column = quote(model._meta.get_field(field_name).column)
    ceiling = _ceiling(digits)
    if model._meta.model_name == "purchaseround":
        round_column = quote("id")
    elif any(field.name == "round" for field in model._meta.fields):
        round_column = quote(model._meta.get_field("round").column)
    else:
        round_column = "NULL"
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {quote('id')}, {round_column} FROM {quote(model._meta.db_table)} "
            f"WHERE {column} > {ceiling} OR {column} < -{ceiling}"
        )
        return cursor.fetchall()


def _model(apps, name):
    """The model as this migration knew it; with today's models (tests call repair with
    them), the catalogue's moved to their own app (catalogue 0001), keeping their tables."""
    try:
        return apps.get_model("transactions", name)
    except LookupError:
        return apps.get_model("catalogue", name)


def repair(apps, schema_editor):
    quote = schema_editor.connection.ops.quote_name
    notes = {}  # round id -> [note]
    for name, field_name, digits, action in ENTRIES + DEFINITIONS:
        model = _model(apps, name)
        rows = _beyond(schema_editor, model, field_name, digits)
        if not rows:
            continue
        ids = [row[0] for row in rows]
        table, column = quote(model._meta.db_table), quote(model._meta.get_field(field_name).column)
        marks = ", ".join(["%s"] * len(ids))
        with schema_editor.connection.cursor() as cursor:
            if name == "OrderLine":
                order_column = quote(model._meta.get_field("order").column)
                cursor.execute(
                    f"SELECT DISTINCT {order_column} FROM {table} WHERE {quote('id')} IN ({marks})",
                    ids,
                )
                orders = [row[0] for row in cursor.fetchall()]
                DistrictOrder = apps.get_model("transactions", "DistrictOrder")
                for order in DistrictOrder.objects.filter(pk__in=orders):
                    order.version += 1
                    order.save(update_fields=["version"])
                rounds = dict(
                    DistrictOrder.objects.filter(pk__in=orders).values_list("pk", "round_id")
                )
                cursor.execute(
                    f"SELECT {order_column} FROM {table} WHERE {quote('id')} IN ({marks})", ids
                )
                rows = [(None, rounds[order]) for (order,) in cursor.fetchall()]
            if action == "delete":
                cursor.execute(f"DELETE FROM {table} WHERE {quote('id')} IN ({marks})", ids)
            elif action == "empty":
                cursor.execute(
                    f"UPDATE {table} SET {column} = NULL WHERE {quote('id')} IN ({marks})", ids
                )
            else:
                cursor.execute(
                    f"UPDATE {table} SET {column} = {PRICE_CEILING} WHERE {quote('id')} IN ({marks})",
                    ids,
                )
        for _, round_id in rows:
            if round_id is None:
                continue
            if name in LABELS:
                label = f"ลบ{LABELS[name]}ที่มีตัวเลขเกินกว่าที่ระบบเก็บได้"
            elif action == "ceiling":
                label = f"ราคาต่อหน่วยเกินกว่าที่ระบบเก็บได้ ตั้งไว้ที่ {PRICE_CEILING:,} บาท กรุณาแก้ไขราคา"
            else:
                label = "ล้างตัวเลขที่เกินกว่าที่ระบบเก็บได้"
            notes.setdefault(round_id, []).append(label)
    if not notes:
        return
    PurchaseRound = apps.get_model("transactions", "PurchaseRound")
    RoundEvent = apps.get_model("transactions", "RoundEvent")
    now = timezone.now()
    for purchase_round in PurchaseRound.objects.filter(pk__in=notes):
        counted = {}
        for label in notes[purchase_round.pk]:
            counted[label] = counted.get(label, 0) + 1
        text = "; ".join(f"{label} {count} รายการ" for label, count in counted.items())
        RoundEvent.objects.create(
            round=purchase_round,
            from_status=purchase_round.status,
            to_status=purchase_round.status,
            at=now,
            note=f"ปรับปรุงระบบ: {text}"[:2000],
        )


class Migration(migrations.Migration):
    dependencies = [
        ("transactions", "0007_order_returned_at_by"),
    ]

    operations = [migrations.RunPython(repair, migrations.RunPython.noop)]
