"""The figures a user sees in a database, as JSON: what the migration test of issue 15
compares before and after the catalogue left purchasing.

`python tests/migration_figures.py` prints them for the database DATABASE_URL names; the
figures of the demo as built and seeded before issue 15 (with the same script at that
schema) are tests/data/demo_before_issue15.json."""

import json
import os
import sys
from pathlib import Path


def figures() -> dict:
    from django.contrib.admin.models import LogEntry
    from django.contrib.auth.models import User

    from transactions.catalogue.models import (
        Partner,
        Product,
        ProductInterest,
        ReferencePrice,
        Support,
    )
    from transactions.purchases.models import Payment, PurchaseRound, PurchaseTarget
    from transactions.purchases.selectors import round_figures

    def text(value):
        return None if value is None else str(value)

    rounds = {}
    for purchase_round in PurchaseRound.objects.order_by("pk"):
        shown = round_figures(purchase_round)
        rounds[str(purchase_round.pk)] = {
            "title": purchase_round.title,
            "status": purchase_round.get_status_display(),
            "center": str(purchase_round.center),
            "supplier": text(purchase_round.supplier),
            "amount": text(shown.amount),
            "savings": text(shown.savings),
            "groups_paid": text(shown.groups_paid),
            "districts_paid": text(shown.districts_paid),
            "outstanding": text(shown.outstanding),
            "payments": text(sum(p.amount for p in Payment.objects.filter(round=purchase_round))),
            "items": [
                {
                    "product": str(item.product),
                    "unit": item.product.get_unit_display(),
                    "ordered": text(item.total),
                    "price": text(item.price),
                    "amount": text(item.amount),
                    "delivered": text(item.delivered),
                    "picked_up": text(item.picked_up),
                    "savings": text(item.savings),
                }
                for item in shown.items
            ],
            "districts": [
                {
                    "center": str(district.center),
                    "status": district.status_label,
                    "amount": text(district.amount),
                    "paid_by_groups": text(district.paid_by_groups),
                    "paid_to_province": text(district.paid_to_province),
                }
                for district in shown.districts
                if district.groups or district.order
            ],
        }
    prov_coord = User.objects.get(username="prov_coord")
    return {
        "rounds": rounds,
        "products": [
            [
                product.name,
                product.get_unit_display(),
                product.get_category_display(),
                product.history.count(),
            ]
            for product in Product.objects.all()
        ],
        "reference_prices": [str(price) for price in ReferencePrice.objects.all()],
        "partners": [[str(p), p.get_role_display()] for p in Partner.objects.all()],
        "supports": [[str(s.center), str(s), text(s.amount)] for s in Support.objects.all()],
        "targets": [str(target) for target in PurchaseTarget.objects.all()],
        "interests": [str(interest) for interest in ProductInterest.objects.all()],
        "admin_log": [
            [entry.content_type.app_label, entry.content_type.model, str(entry.get_edited_object())]
            for entry in LogEntry.objects.order_by("pk")
        ],
        "prov_coord_permissions": sorted(prov_coord.get_all_permissions()),
    }


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "songkhla_network.settings")
    import django

    django.setup()
    json.dump(figures(), sys.stdout, ensure_ascii=False, indent=1, sort_keys=True)
