"""A year's purchase target for a product (the dashboard's form)."""

from decimal import Decimal

from django.contrib.auth.models import User
from django.db import transaction

from transactions.catalogue.models import Product

from ..models import PurchaseTarget


@transaction.atomic
def target_set(
    *, product: Product, year: int, quantity: Decimal, note: str, by: User
) -> tuple[PurchaseTarget, bool]:
    """Sets the target of a product for a year (CE): made, or changed if it was set.
    Returns the target and whether it is new. The audit trail records `by` through the
    request (django-simple-history's middleware), as for every write."""
    return PurchaseTarget.objects.update_or_create(
        product=product, year=year, defaults={"quantity": quantity, "note": note}
    )
