"""Rounds built inside a test, so figures are checked against numbers the test chose."""

import datetime
from decimal import Decimal

from django.utils import timezone

from centers.models import Center, CenterLevel, Membership, MembershipStatus
from transactions.catalogue.models import Partner, PartnerLocation, PartnerRole, Product
from transactions.purchases.models import (
    DistrictOrder,
    OrderLine,
    OrderStatus,
    PriceTier,
    PurchaseRound,
    RoundItem,
    RoundStatus,
)

D = Decimal


def province():
    return Center.objects.get(level=CenterLevel.PROVINCIAL)


def district(code):
    return Center.objects.get(level=CenterLevel.DISTRICT, district__code=code)


def active_groups(center):
    return [
        m.organization
        for m in Membership.objects.filter(center=center, status=MembershipStatus.ACTIVE)
        .select_related("organization")
        .order_by("organization__name")
    ]


def product(name="ปุ๋ยทดสอบ 16-16-8", unit="ton", places=2):
    product, _ = Product.objects.get_or_create(
        name=name, defaults={"unit": unit, "category": "inputs", "decimal_places": places}
    )
    return product


def supplier(name="บริษัทปุ๋ยทดสอบ จำกัด"):
    partner, _ = Partner.objects.get_or_create(
        name=name,
        defaults={
            "role": PartnerRole.SUPPLIER,
            "location": PartnerLocation.OUTSIDE_PROVINCE,
            "address": "กรุงเทพมหานคร",
        },
    )
    return partner


DEFAULT_ITEMS = (("ปุ๋ยทดสอบ 16-16-8", D("15000"), D("16000"), [(D("100"), D("14500"))]),)


def make_round(
    center=None,
    status=RoundStatus.OPEN,
    items=DEFAULT_ITEMS,
    with_supplier=True,
    minimum_total=None,
    closes_in=datetime.timedelta(days=5),
):
    """A round with products (name, price, reference price, [(threshold, tier price)])."""
    now = timezone.now()
    purchase_round = PurchaseRound.objects.create(
        title="รอบทดสอบ",
        center=center or province(),
        supplier=supplier() if with_supplier else None,
        opens_at=now - datetime.timedelta(days=1),
        closes_at=now + closes_in,
        status=status,
        minimum_total=minimum_total,
    )
    for name, price, reference, tiers in items:
        item = RoundItem.objects.create(
            round=purchase_round,
            product=product(name),
            unit_price=price,
            reference_price=reference,
        )
        for threshold, tier_price in tiers:
            PriceTier.objects.create(item=item, min_quantity=threshold, unit_price=tier_price)
    return purchase_round


def order(purchase_round, center, quantities, status=OrderStatus.SUBMITTED):
    """quantities: {(organization, item): quantity}."""
    district_order, _ = DistrictOrder.objects.get_or_create(round=purchase_round, center=center)
    district_order.status = status
    district_order.version = 1
    district_order.save()
    for (organization, item), quantity in quantities.items():
        OrderLine.objects.create(
            order=district_order, organization=organization, item=item, quantity=quantity
        )
    return district_order
