"""The purchase pages at province scale: figures summed in SQL, or read for a few groups
only, must equal what selectors.round_figures computes from every line, and each page
must run as many queries with many groups as with few."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from members.models import Organization, OrganizationKind
from transactions.purchases import selectors, services
from transactions.purchases.models import (
    OrderLine,
    OrderStatus,
    Payment,
    PaymentKind,
    Pickup,
    PurchaseTarget,
    RoundStatus,
)

from .factories import OrganizationFactory
from .purchase_helpers import active_groups, make_round, order, product
from .purchase_helpers import district as center_of
from .test_purchase_queries import (
    assert_same_figures,
    grow,
    odd_prices,
    queries,
    shown,
)

D = Decimal
KHUHATAI = "กลุ่มออมทรัพย์เพื่อการผลิตบ้านคูหาใต้"  # group_rep's group, in Rattaphum

GROUP_FIGURES = (
    "ordered", "entitled", "picked_up", "amount", "paid", "savings", "has_savings",
    "outstanding", "to_pick_up_by_item", "ordered_anything",
)  # fmt: skip
DISTRICT_GROUP_FIGURES = (
    "order", "counted", "ordered", "entitled", "delivered", "picked_up", "amount",
    "paid_by_groups", "paid_to_province", "savings", "groups_outstanding", "delivery_complete",
    "to_deliver_by_item", "on_hand_by_item", "has_groups",
)  # fmt: skip


def untidy(purchase_round):
    """What a real round accumulates besides tidy orders: a pickup and a payment of a group
    that has no line, a payment recorded at another district's center, and a returned
    Hat Yai order (counted while the round takes orders, not after)."""
    rattaphum, hatyai = center_of("9009"), center_of("9011")
    stranger = OrganizationFactory(kind=OrganizationKind.HOUSEWIFE_GROUP)
    item = purchase_round.items.first()
    Pickup.objects.create(
        round=purchase_round, item=item, organization=stranger, picked_up_on="2026-11-21",
        quantity=D("2"),
    )  # fmt: skip
    Payment.objects.create(
        round=purchase_round, kind=PaymentKind.GROUP, center=rattaphum, organization=stranger,
        paid_on="2026-11-21", amount=D("7.35"),
    )  # fmt: skip
    Payment.objects.create(
        round=purchase_round, kind=PaymentKind.GROUP, center=hatyai,
        organization=active_groups(rattaphum)[1], paid_on="2026-11-21", amount=D("12.50"),
    )  # fmt: skip
    Payment.objects.create(
        round=purchase_round, kind=PaymentKind.DISTRICT, center=rattaphum,
        paid_on="2026-11-21", amount=D("100"),
    )  # fmt: skip
    purchase_round.orders.filter(center=hatyai).update(status=OrderStatus.RETURNED)


def assert_summary_without(purchase_round, **skipped):
    """round_summary without pickups or groups' payments: None in their place, every other
    figure as round_figures's."""
    full = selectors.round_figures(purchase_round)
    summary = selectors.round_summary(purchase_round, **skipped)
    assert isinstance(summary, selectors.RoundSummary)
    names = ["total", "price", "amount", "entitled", "delivered", "savings", "to_deliver"]
    for mine, theirs in zip(summary.items, full.items, strict=True):
        for name in names:
            assert shown(getattr(mine, name)) == shown(getattr(theirs, name)), name
        assert (mine.picked_up is None) == (not skipped.get("pickups", True))
    districts = ["ordered", "entitled", "amount", "savings", "outstanding_to_province"]
    for mine, theirs in zip(summary.districts, full.districts, strict=True):
        for name in districts:
            assert shown(getattr(mine, name)) == shown(getattr(theirs, name)), name
        assert mine.has_groups == bool(theirs.groups)
        if skipped.get("group_payments", True) is False:
            assert mine.paid_by_groups is None and mine.groups_outstanding is None
    for name in ("amount", "savings", "districts_outstanding"):
        assert shown(getattr(summary, name)) == shown(getattr(full, name)), name
    if skipped.get("group_payments", True) is False:
        assert summary.groups_paid is None and summary.groups_outstanding is None


@pytest.mark.parametrize(
    "status", [RoundStatus.OPEN, RoundStatus.ORDERED, RoundStatus.DELIVERED, RoundStatus.SETTLED]
)
def test_the_summary_equals_the_figures_with_partial_deliveries_and_stray_entries(db, status):
    purchase_round = make_round(status=status)
    grow(purchase_round, groups=5, products=2)
    odd_prices(purchase_round)
    untidy(purchase_round)
    summary = assert_same_figures(purchase_round)
    assert isinstance(summary, selectors.RoundSummary)
    full = selectors.round_figures(purchase_round)
    for mine, theirs in zip(summary.districts, full.districts, strict=True):
        assert mine.has_groups == bool(theirs.groups) == theirs.has_groups
    assert_same_figures(purchase_round, centers=[center_of("9011")])
    assert_summary_without(purchase_round, pickups=False)
    assert_summary_without(purchase_round, pickups=False, group_payments=False)


def test_the_summary_of_a_district_round_with_stray_entries(db):
    purchase_round = make_round(center=center_of("9009"), status=RoundStatus.DELIVERED)
    grow(purchase_round, groups=3, products=1)
    untidy(purchase_round)
    assert isinstance(assert_same_figures(purchase_round), selectors.RoundSummary)
    assert_summary_without(purchase_round, pickups=False)


def test_a_round_without_products_or_lines(db):
    purchase_round = make_round(items=(), status=RoundStatus.ORDERED)
    summary = assert_same_figures(purchase_round)
    assert summary.items == [] and summary.amount == 0


# round_figures(organizations=...): a few groups' figures, as the whole round's.


def assert_same_groups(purchase_round, center):
    """The receiving page's figures (the district's groups read alone) equal the whole
    round's, group by group and in the same order."""
    full = selectors.round_figures(purchase_round, centers=[center])
    mine = selectors.round_figures(
        purchase_round,
        centers=[center],
        organizations=OrderLine.objects.filter(
            order__round=purchase_round, order__center=center
        ).values("organization_id"),
    )
    for ours, theirs in zip(mine.items, full.items, strict=True):
        for name in ("total", "price", "tier", "next_tier", "short"):
            assert shown(getattr(ours, name)) == shown(getattr(theirs, name)), name
    [ours], [theirs] = mine.districts, full.districts
    for name in DISTRICT_GROUP_FIGURES:
        assert shown(getattr(ours, name)) == shown(getattr(theirs, name)), name
    assert [g.organization for g in ours.groups] == [g.organization for g in theirs.groups]
    for group, expected in zip(ours.groups, theirs.groups, strict=True):
        assert group.center == expected.center
        for name in GROUP_FIGURES:
            assert shown(getattr(group, name)) == shown(getattr(expected, name)), name
    for organization_id, group in mine.groups.items():
        expected = full.groups[organization_id]
        for name in GROUP_FIGURES:
            assert shown(getattr(group, name)) == shown(getattr(expected, name)), name
    return mine


@pytest.mark.parametrize("status", [RoundStatus.OPEN, RoundStatus.ORDERED, RoundStatus.SETTLED])
def test_a_districts_groups_read_alone_equal_the_whole_rounds(db, status):
    purchase_round = make_round(status=status)
    grow(purchase_round, groups=4, products=2)
    odd_prices(purchase_round)
    untidy(purchase_round)
    for code in ("9009", "9011"):
        assert_same_groups(purchase_round, center_of(code))


def test_a_group_in_two_districts_and_a_short_delivery_read_alone(db):
    purchase_round = make_round(status=RoundStatus.ORDERED)
    grow(purchase_round, groups=3, products=1)
    odd_prices(purchase_round)
    moved = active_groups(center_of("9009"))[0]  # orders through Hat Yai too
    hatyai_order = purchase_round.orders.get(center=center_of("9011"))
    hatyai_order.status = OrderStatus.SUBMITTED
    hatyai_order.save()
    for item in purchase_round.items.all():
        OrderLine.objects.create(order=hatyai_order, organization=moved, item=item, quantity=D("1"))
    assert not isinstance(selectors.round_summary(purchase_round), selectors.RoundSummary)
    assert_same_groups(purchase_round, center_of("9009"))
    assert_same_groups(purchase_round, center_of("9011"))

    item = purchase_round.items.order_by("pk").first()
    services.set_supplied_quantity(item, D("10"), User.objects.get(username="prov_coord"))
    assert purchase_round.allocations.exists()
    for code in ("9009", "9011"):
        mine = assert_same_groups(purchase_round, center_of(code))
        assert any(group.entitled != group.ordered for group in mine.groups.values())
    assert_same_figures(purchase_round)


def _my_groups(client, purchase_round):
    response = client.get(purchase_round.get_absolute_url())
    assert response.status_code == 200
    assert response.context["view"] == "group"
    return response.context["my_groups"]


@pytest.mark.parametrize("status", [RoundStatus.OPEN, RoundStatus.DELIVERED])
def test_a_representative_sees_the_same_group_figures(login, status):
    purchase_round = make_round(status=status)
    grow(purchase_round, groups=3, products=2)
    odd_prices(purchase_round)
    untidy(purchase_round)
    mine = Organization.objects.get(name=KHUHATAI)
    Payment.objects.create(
        round=purchase_round, kind=PaymentKind.GROUP, center=center_of("9009"), organization=mine,
        paid_on="2026-11-22", amount=D("3.33"),
    )  # fmt: skip
    [group] = _my_groups(login("group_rep"), purchase_round)
    expected = selectors.round_figures(purchase_round).groups[mine.pk]
    assert group.organization == mine
    for name in GROUP_FIGURES:
        assert shown(getattr(group, name)) == shown(getattr(expected, name)), name
    page = login("group_rep").get(purchase_round.get_absolute_url()).content.decode()
    assert f"{expected.paid:,.2f}" in page and f"{expected.amount:,.2f}" in page


def test_a_representative_whose_group_did_not_order(login):
    purchase_round = make_round(status=RoundStatus.ORDERED)
    grow(purchase_round, groups=1, products=1)
    OrderLine.objects.filter(order__round=purchase_round, organization__name=KHUHATAI).delete()
    assert _my_groups(login("group_rep"), purchase_round) == []


def test_the_deliveries_page_lists_the_districts_with_groups(login):
    purchase_round = make_round(status=RoundStatus.DELIVERED)
    grow(purchase_round, groups=2, products=1)
    purchase_round.orders.filter(center=center_of("9011")).update(status=OrderStatus.SUBMITTED)
    page = login("prov_coord").get(reverse("purchase_deliveries", args=[purchase_round.pk]))
    rows = page.content.decode()
    assert reverse("purchase_district_receiving", args=[purchase_round.pk, "9009"]) in rows
    assert reverse("purchase_district_receiving", args=[purchase_round.pk, "9011"]) in rows
    assert reverse("purchase_district_receiving", args=[purchase_round.pk, "9001"]) not in rows


def test_a_target_counts_its_own_product_and_year_only(login):
    fertilizer = product("ปุ๋ยเป้าหมายทดสอบ")
    target = PurchaseTarget.objects.create(product=fertilizer, year=2031, quantity=D("100"))
    rattaphum = center_of("9009")
    group = active_groups(rattaphum)[0]
    items = (("ปุ๋ยเป้าหมายทดสอบ", D("100"), None, []),)
    for year, quantity in ((2031, D("30")), (2030, D("50")), (2031, D("7"))):
        purchase_round = make_round(items=items, status=RoundStatus.SETTLED)
        purchase_round.ordered_on = datetime.date(year, 3, 1)
        purchase_round.save()
        order(purchase_round, rattaphum, {(group, purchase_round.items.get()): quantity})
    unsent = make_round(items=items, status=RoundStatus.CLOSED)
    unsent.ordered_on = datetime.date(2031, 3, 1)
    unsent.save()
    order(unsent, rattaphum, {(group, unsent.items.get()): D("1000")})
    response = login("prov_coord").get(reverse("purchase_round_list"))
    [shown_target] = [t for t in response.context["targets"] if t.pk == target.pk]
    assert shown_target.bought == D("37") and shown_target.percent == 37


# Queries: as many with many groups as with few, for every page and viewer touched.

PAGES = [
    ("group_rep", lambda r: r.get_absolute_url()),
    ("observer", lambda r: r.get_absolute_url()),
    ("hatyai_coord", lambda r: r.get_absolute_url()),
    ("rattaphum_coord", lambda r: reverse("purchase_deliveries", args=[r.pk])),
    ("rattaphum_coord", lambda r: reverse("purchase_district_receiving", args=[r.pk, "9009"])),
    ("prov_coord", lambda r: reverse("purchase_district_receiving", args=[r.pk, "9011"])),
    ("prov_coord", lambda r: reverse("purchase_deliveries", args=[r.pk])),
    ("prov_coord", lambda r: r.get_absolute_url()),
    ("prov_coord", lambda r: reverse("purchase_round_list")),
]


@pytest.mark.parametrize("status", [RoundStatus.OPEN, RoundStatus.DELIVERED, RoundStatus.SETTLED])
@pytest.mark.parametrize(("role", "make_url"), PAGES)
def test_the_pages_run_as_many_queries_at_any_size(login, role, make_url, status):
    purchase_round = make_round(status=status)
    client = login(role)
    grow(purchase_round, groups=1, products=1)
    untidy(purchase_round)
    small = queries(client, make_url(purchase_round))
    grow(purchase_round, groups=30, products=3)
    untidy(purchase_round)
    large = queries(client, make_url(purchase_round))
    assert small == large, f"{small} queries with little data, {large} with more"
    assert large <= 30


def test_the_round_summary_queries_do_not_depend_on_the_size(db):
    purchase_round = make_round(status=RoundStatus.SETTLED)
    grow(purchase_round, groups=1, products=1)
    counts = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as captured:
            summary = selectors.round_summary(purchase_round, pickups=False, group_payments=False)
        assert isinstance(summary, selectors.RoundSummary)
        counts.append(len(captured))
        grow(purchase_round, groups=20, products=2)
    assert counts[0] == counts[1]
