"""Round pages run a constant number of queries whatever the number of groups, districts
and products (zeal, in the test settings, also fails any row-by-row loading)."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from members.models import OrganizationKind
from transactions.models import (
    Delivery,
    OrderStatus,
    Payment,
    PaymentKind,
    Pickup,
    PriceTier,
    RoundItem,
    RoundStatus,
)

from .factories import MembershipFactory, OrganizationFactory, district
from .purchase_helpers import active_groups, make_round, order, product
from .purchase_helpers import district as center_of

D = Decimal


def grow(purchase_round, groups: int, products: int) -> None:
    """More Rattaphum groups ordering, more products with tiers, deliveries, pickups and
    payments, and a Hat Yai order."""
    rattaphum, hatyai = center_of("9009"), center_of("9011")
    start = purchase_round.items.count()
    for index in range(products):
        item = RoundItem.objects.create(
            round=purchase_round,
            product=product(f"สินค้าทดสอบ {start + index}", unit="sack", places=0),
            unit_price=D("500"),
            reference_price=D("560"),
        )
        PriceTier.objects.create(item=item, min_quantity=D("100"), unit_price=D("480"))
    for _ in range(groups):
        group = OrganizationFactory(
            kind=OrganizationKind.HOUSEWIFE_GROUP, district=district("9009")
        )
        MembershipFactory(organization=group, center=rattaphum)
    items = list(purchase_round.items.all())
    lines = {(group, item): D("3") for group in active_groups(rattaphum) for item in items}
    purchase_round.orders.filter(center=rattaphum).delete()
    order(purchase_round, rattaphum, lines, status=OrderStatus.SUBMITTED)
    purchase_round.orders.filter(center=hatyai).delete()
    order(purchase_round, hatyai, {(active_groups(hatyai)[0], item): D("2") for item in items})
    for group in active_groups(rattaphum):
        for item in items:
            Pickup.objects.create(
                round=purchase_round, item=item, organization=group, picked_up_on="2026-11-20",
                quantity=D("1"),
            )  # fmt: skip
        Payment.objects.create(
            round=purchase_round, kind=PaymentKind.GROUP, center=rattaphum, organization=group,
            paid_on="2026-11-20", amount=D("10"),
        )  # fmt: skip
    for item in items:
        Delivery.objects.create(
            round=purchase_round, item=item, center=rattaphum, delivered_on="2026-11-20",
            quantity=D("5"),
        )  # fmt: skip


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


PAGES = [
    ("prov_coord", lambda r: r.get_absolute_url()),
    ("rattaphum_coord", lambda r: r.get_absolute_url()),
    ("rattaphum_coord", lambda r: reverse("purchase_order_entry", args=[r.pk, "9009"])),
    ("prov_coord", lambda r: reverse("purchase_district_receiving", args=[r.pk, "9009"])),
    ("prov_coord", lambda r: reverse("purchase_deliveries", args=[r.pk])),
    ("prov_coord", lambda r: reverse("purchase_round_list")),
]


@pytest.mark.parametrize("status", [RoundStatus.OPEN, RoundStatus.ORDERED])
@pytest.mark.parametrize(("role", "make_url"), PAGES)
def test_round_pages_run_a_constant_number_of_queries(login, role, make_url, status):
    purchase_round = make_round(status=status)
    client = login(role)
    grow(purchase_round, groups=1, products=1)
    small = queries(client, make_url(purchase_round))
    grow(purchase_round, groups=25, products=4)
    large = queries(client, make_url(purchase_round))
    assert small == large, f"{small} queries with little data, {large} with more"
    assert large <= 30
