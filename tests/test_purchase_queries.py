"""Round pages run a constant number of queries whatever the number of groups, districts
and products (zeal, in the test settings, also fails any row-by-row loading)."""

import uuid
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from members.models import OrganizationKind
from transactions.purchases import selectors
from transactions.purchases.models import (
    Delivery,
    OrderLine,
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
    # An order's lines protect it: they go first.
    OrderLine.objects.filter(order__round=purchase_round).delete()
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


def _save_queries(client, purchase_round, quantity) -> int:
    """Queries of one save of the Rattaphum grid with `quantity` in every cell."""
    rattaphum = center_of("9009")
    order = purchase_round.orders.filter(center=rattaphum).first()
    data = {"version": str(order.version if order else 0), "submission_key": str(uuid.uuid4())}
    cells = [
        f"{group.pk}_{item.pk}"
        for group in active_groups(rattaphum)
        for item in purchase_round.items.all()
    ]
    for cell in cells:
        data[f"q_{cell}"] = quantity
    if not quantity:  # clearing the lines, confirmed (the removals' list seen)
        data["confirmed"] = " ".join(cells)
    url = reverse("purchase_order_entry", args=[purchase_round.pk, "9009"])
    with CaptureQueriesContext(connection) as captured:
        response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:500]
    return len(captured)


def test_saving_an_order_runs_a_constant_number_of_queries(login):
    """Creating, changing and clearing every line of the grid: no query per line."""
    purchase_round = make_round()
    client = login("rattaphum_coord")
    counts = []
    for groups, products in ((0, 0), (20, 3)):
        rattaphum = center_of("9009")
        for index in range(products):
            RoundItem.objects.create(
                round=purchase_round,
                product=product(f"สินค้าบันทึก {index}", unit="sack", places=0),
                unit_price=D("500"),
            )
        for _ in range(groups):
            group = OrganizationFactory(
                kind=OrganizationKind.HOUSEWIFE_GROUP, district=district("9009")
            )
            MembershipFactory(organization=group, center=rattaphum)
        _save_queries(client, purchase_round, "")  # no lines: the order exists
        counts.append(
            [_save_queries(client, purchase_round, quantity) for quantity in ("3", "4", "")]
        )
    small, large = counts
    assert small == large, f"{small} queries with few lines, {large} with many"


# The round page's figures (selectors.round_summary): sums in SQL, equal to round_figures.

ITEM_FIGURES = (
    "total", "price", "tier", "amount", "entitled", "delivered", "picked_up", "savings",
    "to_deliver", "short", "next_tier",
)  # fmt: skip
DISTRICT_FIGURES = (
    "order", "counted", "ordered", "entitled", "delivered", "picked_up", "amount",
    "paid_by_groups", "paid_to_province", "savings", "status_label", "outstanding_to_province",
    "groups_outstanding", "delivery_complete",
)  # fmt: skip
ROUND_FIGURES = (
    "amount", "savings", "has_savings", "groups_paid", "groups_outstanding", "districts_paid",
    "districts_outstanding", "outstanding", "delivery_complete",
)  # fmt: skip


def shown(value):
    """A figure as the page shows it: the value and its written form (10.00, not 10)."""
    if isinstance(value, dict):
        return sorted((key, str(amount)) for key, amount in value.items())
    return value, str(value)


def assert_same_figures(purchase_round, centers=None):
    expected = selectors.round_figures(purchase_round, centers=centers)
    summary = selectors.round_summary(purchase_round, centers=centers)
    for mine, theirs in zip(summary.items, expected.items, strict=True):
        for name in ITEM_FIGURES:
            assert shown(getattr(mine, name)) == shown(getattr(theirs, name)), name
    for mine, theirs in zip(summary.districts, expected.districts, strict=True):
        assert mine.center == theirs.center
        for name in DISTRICT_FIGURES:
            assert shown(getattr(mine, name)) == shown(getattr(theirs, name)), name
    for name in ROUND_FIGURES:
        assert shown(getattr(summary, name)) == shown(getattr(expected, name)), name
    return summary


def odd_prices(purchase_round):
    """Prices and quantities whose amounts round per group (x.xx5), so a sum rounded once
    would differ from the groups' bills added up."""
    for item in purchase_round.items.all():
        item.unit_price, item.reference_price = D("333.335"), D("351.115")
        item.save()
    for line in OrderLine.objects.filter(order__round=purchase_round).order_by("pk")[::2]:
        line.quantity = D("1.5")
        line.save()


@pytest.mark.parametrize(
    "status", [RoundStatus.DRAFT, RoundStatus.OPEN, RoundStatus.ORDERED, RoundStatus.SETTLED]
)
def test_the_round_summary_equals_the_round_figures(db, status):
    purchase_round = make_round(status=status)
    grow(purchase_round, groups=6, products=2)
    odd_prices(purchase_round)
    summary = assert_same_figures(purchase_round)
    assert isinstance(summary, selectors.RoundSummary) and summary.groups == {}
    assert_same_figures(purchase_round, centers=[center_of("9009")])
    assert_same_figures(purchase_round, centers=[])


def test_the_round_summary_of_a_district_round(db):
    purchase_round = make_round(status=RoundStatus.ORDERED)
    purchase_round.center = center_of("9009")
    purchase_round.save()
    grow(purchase_round, groups=3, products=1)
    assert purchase_round.orders.filter(center=center_of("9011")).exists()
    assert_same_figures(purchase_round)


def test_short_deliveries_and_groups_in_two_districts_use_the_round_figures(db):
    purchase_round = make_round(status=RoundStatus.ORDERED)
    grow(purchase_round, groups=2, products=1)
    moved = active_groups(center_of("9009"))[0]  # a group that ordered through both
    hatyai_order = purchase_round.orders.get(center=center_of("9011"))
    for item in purchase_round.items.all():
        OrderLine.objects.create(order=hatyai_order, organization=moved, item=item, quantity=D("1"))
    assert not isinstance(selectors.round_summary(purchase_round), selectors.RoundSummary)
    assert_same_figures(purchase_round)

    purchase_round = make_round(status=RoundStatus.ORDERED)
    grow(purchase_round, groups=2, products=1)
    item = purchase_round.items.first()
    item.supplied_quantity = D("1")
    item.save()
    assert not isinstance(selectors.round_summary(purchase_round), selectors.RoundSummary)


@pytest.mark.parametrize("status", [RoundStatus.OPEN, RoundStatus.ORDERED])
def test_the_round_summary_runs_a_constant_number_of_queries(db, status):
    purchase_round = make_round(status=status)
    grow(purchase_round, groups=1, products=1)
    with CaptureQueriesContext(connection) as small:
        selectors.round_summary(purchase_round)
    grow(purchase_round, groups=25, products=4)
    with CaptureQueriesContext(connection) as large:
        summary = selectors.round_summary(purchase_round)
    assert isinstance(summary, selectors.RoundSummary)
    assert len(small) == len(large) <= 12
    # Rows per district, product and quantity: neither the lines nor the groups.
    assert not any("members_organization" in query["sql"] for query in large.captured_queries)
