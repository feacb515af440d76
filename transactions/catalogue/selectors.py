"""What the catalogue answers: a product's reference price on a day, the catalogue page's
products and partners."""

import datetime

from django.db.models import Prefetch, QuerySet

from .models import Partner, Product, ReferencePrice


def current_reference_price(product: Product, on: datetime.date) -> ReferencePrice | None:
    return (
        ReferencePrice.objects.filter(product=product, effective_on__lte=on)
        .order_by("-effective_on")
        .first()
    )


def products_with_prices() -> QuerySet[Product]:
    """Every product with its reference prices, the latest first."""
    return Product.objects.prefetch_related(
        Prefetch("reference_prices", queryset=ReferencePrice.objects.order_by("-effective_on"))
    )


def partners() -> QuerySet[Partner]:
    return Partner.objects.select_related("organization")
