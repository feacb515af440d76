"""A round's figures per product and per district summed in SQL, without reading its
groups: round_summary, for the pages of a round with thousands of groups."""

import copy
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    Count,
    Exists,
    F,
    FilteredRelation,
    Max,
    Min,
    OuterRef,
    Q,
    Subquery,
    Sum,
)

from centers.models import Center
from transactions.common.money import ZERO, to_satang

from ..models import (
    Delivery,
    OrderLine,
    OrderStatus,
    Payment,
    PaymentKind,
    Pickup,
    PurchaseRound,
    RoundStatus,
)
from .figures import (
    DistrictFigures,
    ItemFigures,
    RoundFigures,
    counts_drafts,
    participating_centers,
    round_figures,
    round_items,
)


@dataclass
class DistrictSummary(DistrictFigures):
    """A district's figures without its groups: what the round page shows per district."""

    # None: the groups' payments not asked for (round_summary's group_payments=False).
    groups_outstanding: Decimal | None = ZERO  # type: ignore[assignment]
    has_groups: bool = False  # a group counted in the round orders through the district


@dataclass
class RoundSummary(RoundFigures):
    """The round's figures without the groups (`groups` is empty): the totals per product
    and per district of round_figures, for the round page. What needs each group
    (pickup_complete, paid_in_full, the groups themselves) is round_figures's alone."""

    # None: the groups' payments not asked for (group_payments=False).
    groups_paid: Decimal | None = ZERO  # type: ignore[assignment]
    groups_outstanding: Decimal | None = ZERO  # type: ignore[assignment]


def round_summary(
    purchase_round: PurchaseRound,
    centers: list[Center] | None = None,
    *,
    pickups: bool = True,
    group_payments: bool = True,
) -> RoundFigures:
    """The figures the round page shows at province and district level (per product and
    per district, never per group), equal to round_figures's, computed from sums in SQL:
    the queries return one row per district, product and quantity ordered (with the number
    of groups that ordered it), so neither the lines nor the groups are loaded, and each
    group's amount is still rounded per product as the groups are billed (`money`).

    The rare rounds this cannot sum exactly, where a short delivery has the groups
    receive their allocations or a group ordered through two districts, get
    round_figures itself.

    The pickups and the groups' payments cost the most to attribute to districts: a page
    that does not show them asks for them with `pickups=False` or `group_payments=False`
    and gets None in their place (picked_up; paid_by_groups, groups_paid and
    groups_outstanding), never a zero that looks like a figure."""
    items = round_items(purchase_round)
    if any(item.supplied_quantity is not None for item in items):
        return round_figures(purchase_round, centers=centers)
    lines = OrderLine.objects.filter(order__round=purchase_round)
    in_two_districts = (
        lines.order_by()
        .values("organization_id")
        .annotate(first=Min("order__center_id"), last=Max("order__center_id"))
        .filter(first__lt=F("last"))
    )
    # count(), not exists(): under a LIMIT PostgreSQL walks every line of every round in
    # group order, hoping to stop early.
    if in_two_districts.count():
        return round_figures(purchase_round, centers=centers)
    include_drafts = counts_drafts(purchase_round)
    orders = {
        order.center_id: order
        for order in purchase_round.orders.select_related(
            "updated_by", "submitted_by", "allocation_confirmed_by"
        )
    }
    counted_orders = {
        center_id
        for center_id, order in orders.items()
        if include_drafts or order.status == OrderStatus.SUBMITTED
    }
    # (center, item, quantity, number of groups): a group orders an item once per order.
    quantities = list(
        lines.values("order__center_id", "item_id", "quantity")
        .annotate(groups=Count("id"))
        .order_by()
        .values_list("order__center_id", "item_id", "quantity", "groups")
    )
    delivered: defaultdict[tuple[int, int], Decimal] = defaultdict(Decimal)
    for center_id, item_id, quantity in (
        Delivery.objects.filter(round=purchase_round)
        .values("center_id", "item_id")
        .annotate(total=Sum("quantity"))
        .order_by()
        .values_list("center_id", "item_id", "total")
    ):
        delivered[(center_id, item_id)] = quantity

    # Pickups of the groups' ordered items, by the district the group ordered that item
    # through: each pickup joined to its group's line of the item (at most one, checked
    # above), in one hash or merge join; a pickup without a line has no district.
    picked_up = []
    if pickups:
        picked_up = list(
            Pickup.objects.filter(round=purchase_round)
            .annotate(
                line=FilteredRelation(
                    "item__lines",
                    condition=Q(
                        item__lines__organization_id=F("organization_id"),
                        # The round's items, so the join reads the round's lines only.
                        item__lines__item_id__in=[item.pk for item in items],
                    ),
                )
            )
            .values("line__order__center_id", "item_id")
            .annotate(total=Sum("quantity"))
            .order_by()
            .values_list("line__order__center_id", "item_id", "total")
        )
    district_paid: defaultdict[int, Decimal] = defaultdict(Decimal)
    for center_id, amount in (
        Payment.objects.filter(round=purchase_round)
        .exclude(kind=PaymentKind.GROUP)
        .values("center_id")
        .annotate(total=Sum("amount"))
        .order_by()
        .values_list("center_id", "total")
    ):
        district_paid[center_id] += amount
    # A group's payments go to the district it ordered through. They are recorded at that
    # district's center: those are summed by center (a semi-join); the others, normally
    # none, look up the district the group ordered through one by one.
    # By the district the group ordered through.
    group_paid: defaultdict[int, Decimal] = defaultdict(Decimal)
    if group_payments:
        paid = Payment.objects.filter(round=purchase_round, kind=PaymentKind.GROUP)
        at_ordering_center = Exists(
            lines.filter(
                order__center_id=OuterRef("center_id"), organization_id=OuterRef("organization_id")
            )
        )
        elsewhere = paid.filter(~at_ordering_center).annotate(
            ordered_through=Subquery(
                lines.filter(organization_id=OuterRef("organization_id"))
                .order_by()
                .values("order__center_id")[:1]
            )
        )
        for center_id, amount in [
            *paid.filter(at_ordering_center)
            .values("center_id")
            .annotate(total=Sum("amount"))
            .order_by()
            .values_list("center_id", "total"),
            *elsewhere.values("ordered_through")
            .annotate(total=Sum("amount"))
            .order_by()
            .values_list("ordered_through", "total"),
        ]:
            if center_id in counted_orders:
                group_paid[center_id] += amount

    by_item = {item.pk: ItemFigures(item=item, tiers=list(item.tiers.all())) for item in items}
    for center_id, item_id, quantity, groups in quantities:
        if center_id in counted_orders:
            by_item[item_id].total += quantity * groups
    for figures in by_item.values():
        figures.price = figures.item.price_for(figures.total, figures.tiers)
        figures.tier = figures.item.tier_for(figures.total, figures.tiers)

    centers = participating_centers(purchase_round) if centers is None else centers
    by_center = {
        center.pk: DistrictSummary(
            center=center, order=orders.get(center.pk), counted=center.pk in counted_orders
        )
        for center in centers
    }
    network_amount, network_savings, has_savings = ZERO, ZERO, False
    for center_id, item_id, quantity, groups in quantities:
        district = by_center.get(center_id)
        if district is not None:
            district.ordered[item_id] = district.ordered.get(item_id, ZERO) + quantity * groups
        if center_id not in counted_orders:
            continue
        figures = by_item[item_id]
        value = to_satang(quantity * figures.price) * groups
        figures.amount += value
        figures.entitled += quantity * groups
        network_amount += value
        saved = None
        reference = figures.item.reference_price
        if reference is not None:
            saved = to_satang(quantity * (reference - figures.price)) * groups
            figures.savings = (figures.savings or ZERO) + saved
            network_savings += saved
            has_savings = True
        if district is not None:
            district.has_groups = True
            district.amount += value
            district.entitled[item_id] = district.entitled.get(item_id, ZERO) + quantity * groups
            district.picked_up.setdefault(item_id, ZERO)
            if saved is not None:
                district.savings += saved
    for center_id, item_id, quantity in picked_up:
        by_item[item_id].picked_up += quantity
        district = by_center.get(center_id)
        if district is not None and center_id in counted_orders:
            district.picked_up[item_id] = district.picked_up.get(item_id, ZERO) + quantity
    for district in by_center.values():
        for item in items:
            district.delivered[item.pk] = delivered.get((district.center.pk, item.pk), ZERO)
        district.paid_to_province = district_paid.get(district.center.pk, ZERO)
        district.paid_by_groups = group_paid.get(district.center.pk, ZERO)
        district.groups_outstanding = district.amount - district.paid_by_groups
    for (_, item_id), quantity in delivered.items():
        by_item[item_id].delivered += quantity
    for figures in by_item.values():
        if figures.item.reference_price is None:
            figures.savings = None
    groups_paid: Decimal | None = sum(group_paid.values(), ZERO)
    if not pickups:
        for shown in [*by_item.values(), *by_center.values()]:
            shown.picked_up = None  # type: ignore[attr-defined]  # None, never a zero: not summed
    if not group_payments:
        groups_paid = None
        for district in by_center.values():
            # None, never a zero: not summed.
            district.paid_by_groups = district.groups_outstanding = None  # type: ignore[assignment]
    return RoundSummary(
        round=purchase_round,
        items=list(by_item.values()),
        districts=[by_center[center.pk] for center in centers],
        groups={},
        amount=network_amount,
        savings=network_savings,
        has_savings=has_savings,
        groups_paid=groups_paid,
        groups_outstanding=None if groups_paid is None else network_amount - groups_paid,
    )


def supplier_order_preview(purchase_round: PurchaseRound) -> RoundFigures:
    """The figures the supplier order would use, whatever the round's status now: the
    submitted district orders only, as from the close on (what the close and the order
    confirmations show before they are confirmed). Per product and district, no groups."""
    closed = copy.copy(purchase_round)
    closed.status = RoundStatus.CLOSED
    return round_summary(closed, pickups=False, group_payments=False)
