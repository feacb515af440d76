"""What changes the catalogue."""

from django.contrib.auth.models import User
from django.db import transaction

from .models import ReferencePrice


@transaction.atomic
def reference_price_record(*, price: ReferencePrice, by: User) -> ReferencePrice:
    """Records a reference price the form built (product, price, date, source). Prices
    are dated, so a new one never overwrites the one before it."""
    price.full_clean()
    price.save()
    return price
