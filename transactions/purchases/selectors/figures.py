"""Every figure of a round from its rows, in a fixed number of queries: round_figures."""

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, Q, QuerySet, Sum

from centers.models import Center, CenterLevel
from members.models import Organization
from transactions.catalogue.models import Product
from transactions.common.money import ZERO, to_satang

from ..models import (
    Allocation,
    Delivery,
    DistrictOrder,
    OrderLine,
    OrderStatus,
    Payment,
    PaymentKind,
    Pickup,
    PriceTier,
    PurchaseRound,
    RoundItem,
    RoundStatus,
)


def counts_drafts(purchase_round: PurchaseRound) -> bool:
    """While a round takes orders every saved line counts towards the projected total;
    from the close on, only what the districts submitted goes to the supplier."""
    return purchase_round.status in (RoundStatus.DRAFT, RoundStatus.OPEN)


@dataclass
class ItemFigures:
    item: RoundItem
    tiers: list
    total: Decimal = ZERO  # counted orders
    price: Decimal = ZERO
    tier: PriceTier | None = None
    amount: Decimal = ZERO
    entitled: Decimal = ZERO  # what the groups receive: the orders, or the allocation
    delivered: Decimal = ZERO
    picked_up: Decimal = ZERO
    savings: Decimal | None = None

    @property
    def product(self) -> Product:
        return self.item.product

    @property
    def short(self) -> bool:
        return self.item.supplied_quantity is not None and self.item.supplied_quantity < self.total

    @property
    def to_deliver(self) -> Decimal:
        return max(self.entitled - self.delivered, ZERO)

    @property
    def next_tier(self) -> PriceTier | None:
        for tier in self.tiers:
            if tier.min_quantity > self.total:
                return tier
        return None


@dataclass
class GroupFigures:
    organization: Organization
    center: Center | None  # None: a group of a district outside round_figures's `centers`
    ordered: dict = field(default_factory=dict)  # item id -> quantity
    entitled: dict = field(default_factory=dict)
    picked_up: dict = field(default_factory=dict)
    amount: Decimal = ZERO  # value of what the group receives, at the achieved prices
    paid: Decimal = ZERO
    savings: Decimal = ZERO
    has_savings: bool = False

    @property
    def outstanding(self) -> Decimal:
        return self.amount - self.paid

    def to_pick_up(self, item_id: int) -> Decimal:
        return max(self.entitled.get(item_id, ZERO) - self.picked_up.get(item_id, ZERO), ZERO)

    @property
    def to_pick_up_by_item(self) -> dict:
        return {item_id: self.to_pick_up(item_id) for item_id in self.entitled}

    @property
    def ordered_anything(self) -> bool:
        return any(self.ordered.values())


@dataclass
class DistrictFigures:
    center: Center
    order: DistrictOrder | None
    groups: list = field(default_factory=list)
    ordered: dict = field(default_factory=dict)  # item id -> quantity (all lines)
    entitled: dict = field(default_factory=dict)
    delivered: dict = field(default_factory=dict)
    picked_up: dict = field(default_factory=dict)
    amount: Decimal = ZERO
    paid_by_groups: Decimal = ZERO
    paid_to_province: Decimal = ZERO
    savings: Decimal = ZERO
    counted: bool = False

    @property
    def status_label(self) -> str:
        if self.order is None:
            return "ยังไม่ได้บันทึก"
        return self.order.get_status_display()

    @property
    def outstanding_to_province(self) -> Decimal:
        return self.amount - self.paid_to_province

    @property
    def groups_outstanding(self) -> Decimal:
        return sum((group.outstanding for group in self.groups), ZERO)

    @property
    def has_groups(self) -> bool:
        return bool(self.groups)

    def to_deliver(self, item_id: int) -> Decimal:
        return max(self.entitled.get(item_id, ZERO) - self.delivered.get(item_id, ZERO), ZERO)

    def on_hand(self, item_id: int) -> Decimal:
        return self.delivered.get(item_id, ZERO) - self.picked_up.get(item_id, ZERO)

    @property
    def delivery_complete(self) -> bool:
        return all(self.to_deliver(item_id) == 0 for item_id in self.entitled)

    @property
    def to_deliver_by_item(self) -> dict:
        return {item_id: self.to_deliver(item_id) for item_id in self.delivered}

    @property
    def on_hand_by_item(self) -> dict:
        return {item_id: self.on_hand(item_id) for item_id in self.delivered}


@dataclass
class RoundFigures:
    round: PurchaseRound
    items: list
    districts: list
    groups: dict
    amount: Decimal = ZERO
    savings: Decimal = ZERO
    has_savings: bool = False

    @property
    def groups_paid(self) -> Decimal:
        return sum((group.paid for group in self.groups.values()), ZERO)

    @property
    def groups_outstanding(self) -> Decimal:
        return sum((group.outstanding for group in self.groups.values()), ZERO)

    @property
    def districts_paid(self) -> Decimal:
        return sum((district.paid_to_province for district in self.districts), ZERO)

    @property
    def districts_outstanding(self) -> Decimal:
        return sum(
            (district.outstanding_to_province for district in self.districts if district.counted),
            ZERO,
        )

    @property
    def outstanding(self) -> Decimal:
        """What the round is still owed: by the districts to the province for a provincial
        round, by the groups to their district for a district round."""
        if self.round.is_provincial:
            return self.districts_outstanding
        return self.groups_outstanding

    @property
    def delivery_complete(self) -> bool:
        return all(item.to_deliver == 0 for item in self.items)

    @property
    def pickup_complete(self) -> bool:
        return all(
            group.to_pick_up(item_id) == 0
            for group in self.groups.values()
            for item_id in group.entitled
        )

    @property
    def paid_in_full(self) -> bool:
        groups_paid = all(group.outstanding <= 0 for group in self.groups.values())
        if not self.round.is_provincial:
            return groups_paid
        return groups_paid and all(
            district.outstanding_to_province <= 0 for district in self.districts if district.counted
        )

    def district(self, center_id: int) -> DistrictFigures | None:
        return next((d for d in self.districts if d.center.pk == center_id), None)


def round_items(purchase_round: PurchaseRound) -> list[RoundItem]:
    return list(
        purchase_round.items.select_related("product").prefetch_related(
            Prefetch("tiers", queryset=PriceTier.objects.order_by("min_quantity"))
        )
    )


def participating_centers(purchase_round: PurchaseRound) -> list[Center]:
    """The district centers that order in the round: all of them for a provincial round,
    the opening center for a district round."""
    if purchase_round.center.level == CenterLevel.DISTRICT:
        return [purchase_round.center]
    return list(
        Center.objects.filter(level=CenterLevel.DISTRICT)
        .select_related("district")
        .order_by("district__code")
    )


def counted_totals(purchase_round: PurchaseRound) -> dict[int, Decimal]:
    """The network total of each product (item id -> quantity) that sets its tier: every
    saved line while the round takes orders, the submitted orders from the close on."""
    counted = OrderLine.objects.filter(order__round=purchase_round)
    if not counts_drafts(purchase_round):
        counted = counted.filter(order__status=OrderStatus.SUBMITTED)
    # A sum keeps the lines' decimal places on PostgreSQL, not on SQLite: written as the
    # lines added up in Python would be (26.000, not 26).
    places = Decimal(1).scaleb(-OrderLine._meta.get_field("quantity").decimal_places)
    return {
        item_id: total.quantize(places)
        for item_id, total in counted.order_by()
        .values("item_id")
        .annotate(total=Sum("quantity"))
        .values_list("item_id", "total")
    }


def district_figures(purchase_round: PurchaseRound, center: Center) -> RoundFigures:
    """round_figures for one district and only the groups that ordered through it: what
    its receiving page shows and what a delivery or a pickup there is checked against (a
    provincial round has thousands of groups; a district a few hundred)."""
    return round_figures(
        purchase_round,
        centers=[center],
        organizations=OrderLine.objects.filter(
            order__round=purchase_round, order__center=center
        ).values("organization_id"),
    )


def round_figures(
    purchase_round: PurchaseRound,
    centers: list[Center] | None = None,
    organizations: Collection[int] | QuerySet[Any] | None = None,
) -> RoundFigures:
    """Every figure of the round. `centers` limits the district detail (not the network
    totals, which every viewer needs for the tier reached).

    `organizations` (ids, or a query of ids) limits the groups read to those, for the
    pages that show a few groups at province scale (a district's receiving page, a
    representative's own groups): each of those groups gets its full figures, the
    products keep the network's totals, tiers and prices (summed in SQL), but the
    products' and the round's money, entitled and picked-up figures, and the districts'
    group figures, then cover those groups only."""
    items = round_items(purchase_round)
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
    only = {} if organizations is None else {"organization_id__in": organizations}
    lines = list(
        OrderLine.objects.filter(order__round=purchase_round, **only).values_list(
            "order__center_id", "organization_id", "item_id", "quantity"
        )
    )
    short_items = {item.pk for item in items if item.supplied_quantity is not None}
    allocations = {}
    if short_items:
        allocations = {
            (organization_id, item_id): quantity
            for organization_id, item_id, quantity in Allocation.objects.filter(
                round=purchase_round, **only
            ).values_list("organization_id", "item_id", "quantity")
        }
    delivered = defaultdict(Decimal)
    for center_id, item_id, quantity in (
        Delivery.objects.filter(round=purchase_round)
        .values("center_id", "item_id")
        .annotate(total=Sum("quantity"))
        .values_list("center_id", "item_id", "total")
    ):
        delivered[(center_id, item_id)] = quantity
    picked_up = defaultdict(Decimal)
    for organization_id, item_id, quantity in (
        Pickup.objects.filter(round=purchase_round, **only)
        .values("organization_id", "item_id")
        .annotate(total=Sum("quantity"))
        .values_list("organization_id", "item_id", "total")
    ):
        picked_up[(organization_id, item_id)] = quantity
    payments = Payment.objects.filter(round=purchase_round)
    if organizations is not None:  # the districts' payments, and those groups'
        payments = payments.filter(Q(kind=PaymentKind.DISTRICT) | Q(**only))
    group_paid: defaultdict[int, Decimal] = defaultdict(Decimal)
    district_paid: defaultdict[int, Decimal] = defaultdict(Decimal)
    for kind, center_id, organization_id, amount in (
        payments.values("kind", "center_id", "organization_id")
        .annotate(total=Sum("amount"))
        .values_list("kind", "center_id", "organization_id", "total")
    ):
        if kind == PaymentKind.GROUP:
            group_paid[organization_id] += amount
        else:
            district_paid[center_id] += amount

    # Network totals per product, tier reached and the price everyone pays.
    by_item = {item.pk: ItemFigures(item=item, tiers=list(item.tiers.all())) for item in items}
    if organizations is None:
        for center_id, _, item_id, quantity in lines:
            if center_id in counted_orders:
                by_item[item_id].total += quantity
    else:
        for item_id, total in counted_totals(purchase_round).items():
            by_item[item_id].total = total
    for figures in by_item.values():
        figures.price = figures.item.price_for(figures.total, figures.tiers)
        figures.tier = figures.item.tier_for(figures.total, figures.tiers)

    # Groups and districts.
    centers = participating_centers(purchase_round) if centers is None else centers
    group_ids = {organization_id for _, organization_id, _, _ in lines}
    group_ids |= {organization_id for organization_id, _ in allocations}
    group_ids |= {organization_id for organization_id, _ in picked_up}
    group_ids |= set(group_paid)
    found_organizations = Organization.objects.in_bulk(group_ids)
    by_center = {
        center.pk: DistrictFigures(
            center=center,
            order=orders.get(center.pk),
            counted=center.pk in counted_orders,
        )
        for center in centers
    }
    groups: dict[int, GroupFigures] = {}

    def group_of(organization_id: int, center_id: int) -> GroupFigures:
        group = groups.get(organization_id)
        if group is None:
            center = next((d.center for d in by_center.values() if d.center.pk == center_id), None)
            group = groups[organization_id] = GroupFigures(
                organization=found_organizations[organization_id], center=center
            )
            if center_id in by_center:
                by_center[center_id].groups.append(group)
        return group

    for center_id, organization_id, item_id, quantity in lines:
        district = by_center.get(center_id)
        if district is not None:
            district.ordered[item_id] = district.ordered.get(item_id, ZERO) + quantity
        if center_id not in counted_orders:
            continue
        group = group_of(organization_id, center_id)
        group.ordered[item_id] = group.ordered.get(item_id, ZERO) + quantity

    # What each group receives: its order, or its allocation after a short delivery.
    for group in groups.values():
        for item_id, quantity in group.ordered.items():
            if item_id in short_items:
                quantity = allocations.get((group.organization.pk, item_id), quantity)
            group.entitled[item_id] = quantity
    for (organization_id, item_id), quantity in allocations.items():
        if organization_id in groups:
            groups[organization_id].entitled.setdefault(item_id, quantity)

    network_amount, network_savings, has_savings = ZERO, ZERO, False
    for group in groups.values():
        for item_id, quantity in group.entitled.items():
            figures = by_item[item_id]
            value = to_satang(quantity * figures.price)
            group.amount += value
            figures.amount += value
            figures.entitled += quantity
            reference = figures.item.reference_price
            if reference is not None:
                saved = to_satang(quantity * (reference - figures.price))
                group.savings += saved
                group.has_savings = True
                figures.savings = (figures.savings or ZERO) + saved
                network_savings += saved
                has_savings = True
            group.picked_up[item_id] = picked_up.get((group.organization.pk, item_id), ZERO)
        group.paid = group_paid.get(group.organization.pk, ZERO)
        network_amount += group.amount
    for (_, item_id), quantity in picked_up.items():
        by_item[item_id].picked_up += quantity

    for district in by_center.values():
        district.groups.sort(key=lambda group: group.organization.name)
        for group in district.groups:
            district.amount += group.amount
            district.savings += group.savings
            district.paid_by_groups += group.paid
            for item_id, quantity in group.entitled.items():
                district.entitled[item_id] = district.entitled.get(item_id, ZERO) + quantity
            for item_id, quantity in group.picked_up.items():
                district.picked_up[item_id] = district.picked_up.get(item_id, ZERO) + quantity
        for item in items:
            district.delivered[item.pk] = delivered.get((district.center.pk, item.pk), ZERO)
        district.paid_to_province = district_paid.get(district.center.pk, ZERO)
    for (_, item_id), quantity in delivered.items():
        by_item[item_id].delivered += quantity

    for figures in by_item.values():
        if figures.item.reference_price is None:
            figures.savings = None
    districts = [by_center[center.pk] for center in centers]
    return RoundFigures(
        round=purchase_round,
        items=list(by_item.values()),
        districts=districts,
        groups=groups,
        amount=network_amount,
        savings=network_savings,
        has_savings=has_savings,
    )
