"""The figures of a purchase round, computed in a fixed number of queries.

`round_figures` reads the round's items, orders, lines, allocations, deliveries, pickups
and payments once each (about ten queries whatever the number of districts, groups and
products) and derives everything the pages, the PDF and the exports show: the total per
product, the tier reached and the unit price everyone pays, each group's and district's
quantities, what is still to deliver and to pick up, money due, paid and outstanding, and
the savings against the reference prices.

`round_summary` gives the same figures per product and per district without reading the
groups (sums in SQL), for the round page at province and district level and the
deliveries page: a provincial round has a line for thousands of groups. The pages that
show a few groups (a district's receiving page, a representative's own groups) ask
round_figures for those groups only (`organizations`).
"""

import copy
import operator
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from functools import reduce

from django.db.models import (
    Count,
    Exists,
    F,
    FilteredRelation,
    Max,
    Min,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Sum,
)
from django.db.models.functions import ExtractYear

from centers.models import Center, CenterLevel, MembershipStatus
from members.models import Organization
from transactions.common.money import ZERO, to_satang

from .models import (
    SENT_TO_SUPPLIER,
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
    PurchaseTarget,
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
    def product(self):
        return self.item.product

    @property
    def short(self) -> bool:
        return self.item.supplied_quantity is not None and self.item.supplied_quantity < self.total

    @property
    def to_deliver(self) -> Decimal:
        return max(self.entitled - self.delivered, ZERO)

    @property
    def next_tier(self):
        for tier in self.tiers:
            if tier.min_quantity > self.total:
                return tier
        return None


@dataclass
class GroupFigures:
    organization: Organization
    center: Center
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

    def to_pick_up(self, item_id) -> Decimal:
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

    def to_deliver(self, item_id) -> Decimal:
        return max(self.entitled.get(item_id, ZERO) - self.delivered.get(item_id, ZERO), ZERO)

    def on_hand(self, item_id) -> Decimal:
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

    def district(self, center_id) -> DistrictFigures | None:
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


def counted_totals(purchase_round: PurchaseRound) -> dict:
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


def round_figures(purchase_round: PurchaseRound, centers=None, organizations=None) -> RoundFigures:
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
    group_paid, district_paid = defaultdict(Decimal), defaultdict(Decimal)
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
    organizations = Organization.objects.in_bulk(group_ids)
    by_center = {
        center.pk: DistrictFigures(
            center=center,
            order=orders.get(center.pk),
            counted=center.pk in counted_orders,
        )
        for center in centers
    }
    groups: dict[int, GroupFigures] = {}

    def group_of(organization_id, center_id):
        group = groups.get(organization_id)
        if group is None:
            center = next((d.center for d in by_center.values() if d.center.pk == center_id), None)
            group = groups[organization_id] = GroupFigures(
                organization=organizations[organization_id], center=center
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


def targets_with_progress() -> list[PurchaseTarget]:
    """The yearly targets, each with what was `bought` towards it and its `percent`:
    what was billed in rounds sent to the supplier in the year, the districts' submitted
    lines, or for a product delivered short the groups' allocations. Three queries."""
    targets = list(PurchaseTarget.objects.select_related("product"))
    if not targets:
        return targets

    def of_targets(path):
        # The targets' products and years only, not every line ever ordered.
        return reduce(
            operator.or_,
            (
                Q(
                    item__product_id=target.product_id,
                    **{f"{path}ordered_on__year": target.year},
                )
                for target in targets
            ),
        )

    lines = OrderLine.objects.filter(
        of_targets("order__round__"),
        order__status=OrderStatus.SUBMITTED,
        order__round__status__in=SENT_TO_SUPPLIER,
        item__supplied_quantity__isnull=True,
    ).annotate(year=ExtractYear("order__round__ordered_on"))
    allocations = Allocation.objects.filter(
        of_targets("round__"),
        round__status__in=SENT_TO_SUPPLIER,
        item__supplied_quantity__isnull=False,
    ).annotate(year=ExtractYear("round__ordered_on"))
    bought = defaultdict(Decimal)
    for rows in (lines, allocations):
        for product_id, year, total in (
            rows.values("item__product_id", "year")
            .annotate(total=Sum("quantity"))
            .order_by()
            .values_list("item__product_id", "year", "total")
        ):
            bought[(product_id, year)] += total
    for target in targets:
        target.bought = bought.get((target.product_id, target.year), ZERO)
        target.percent = min(int(target.bought * 100 / target.quantity), 100)
    return targets


def ordering_groups(center: Center) -> list[Organization]:
    """The groups that order through a district center: its active members."""
    return list(
        Organization.objects.filter(
            memberships__center=center, memberships__status=MembershipStatus.ACTIVE
        )
        .order_by("kind", "name")
        .distinct()
    )


def rounds_for_list(visible):
    """The round list: centers and counts in one query."""
    return visible.select_related("center__district", "supplier").annotate(
        item_count=Count("items", distinct=True),
        submitted_count=Count(
            "orders", filter=Q(orders__status=OrderStatus.SUBMITTED), distinct=True
        ),
    )


@dataclass
class DistrictSummary(DistrictFigures):
    """A district's figures without its groups: what the round page shows per district."""

    groups_outstanding: Decimal = ZERO
    has_groups: bool = False  # a group counted in the round orders through the district


@dataclass
class RoundSummary(RoundFigures):
    """The round's figures without the groups (`groups` is empty): the totals per product
    and per district of round_figures, for the round page. What needs each group
    (pickup_complete, paid_in_full, the groups themselves) is round_figures's alone."""

    groups_paid: Decimal = ZERO
    groups_outstanding: Decimal = ZERO


def round_summary(
    purchase_round: PurchaseRound, centers=None, *, pickups=True, group_payments=True
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
    delivered = defaultdict(Decimal)
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
    district_paid = defaultdict(Decimal)
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
    group_paid = defaultdict(Decimal)  # by the district the group ordered through
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
    groups_paid = sum(group_paid.values(), ZERO)
    if not pickups:
        for figures in [*by_item.values(), *by_center.values()]:
            figures.picked_up = None
    if not group_payments:
        groups_paid = None
        for district in by_center.values():
            district.paid_by_groups = district.groups_outstanding = None
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


def recorded_submission_keys(order: DistrictOrder | None, limit: int = 20) -> list[uuid.UUID]:
    """The keys of the order's latest saves: the order page gives them to the browser,
    which so learns that a save whose answer it never got went through."""
    if order is None or order.pk is None:
        return []
    keys = (
        order.history.exclude(last_submission_key=None)
        .order_by("-history_date", "-history_id")
        .values_list("last_submission_key", flat=True)[: limit * 3]
    )
    # A submit or a return repeats the key of the save before it.
    return list(dict.fromkeys(keys))[:limit]


# What waits for whom (the home page) --------------------------------------------------

# A round under way: taking orders, or between its close and being settled.
UNDER_WAY = (RoundStatus.OPEN, RoundStatus.CLOSED, RoundStatus.ORDERED, RoundStatus.DELIVERED)


@dataclass
class OrderDue:
    """A district's order in an open round: what it has saved or submitted so far."""

    round: PurchaseRound
    center: Center
    order: DistrictOrder | None
    groups_ordered: int = 0  # groups with a line in the order
    groups: int = 0  # the district's active member groups

    @property
    def status(self) -> str:
        return self.order.status if self.order else ""

    @property
    def status_label(self) -> str:
        return self.order.get_status_display() if self.order else "ยังไม่ได้บันทึก"


def district_orders_due(rounds, centers) -> list[OrderDue]:
    """Each open round of `rounds` (a queryset) that takes an order from one of `centers`
    (the province's rounds, and a district's own), with that district's order as saved,
    its number of groups that ordered and of active groups, soonest closing first.
    Three queries."""
    centers = list(
        centers.select_related("district")
        .annotate(
            groups=Count("memberships", filter=Q(memberships__status=MembershipStatus.ACTIVE))
        )
        .order_by("district__code")
    )
    if not centers:
        return []
    open_rounds = list(
        rounds.filter(status=RoundStatus.OPEN)
        .filter(Q(center__level=CenterLevel.PROVINCIAL) | Q(center__in=centers))
        .select_related("center__district")
        .order_by("closes_at", "pk")
    )
    orders = {
        (order.round_id, order.center_id): order
        for order in DistrictOrder.objects.filter(round__in=open_rounds, center__in=centers)
        .select_related("updated_by", "submitted_by")
        .annotate(groups_ordered=Count("lines__organization", distinct=True))
    }
    due = []
    for purchase_round in open_rounds:
        for center in centers:
            if purchase_round.center.level == CenterLevel.DISTRICT and (
                purchase_round.center_id != center.pk
            ):
                continue
            order = orders.get((purchase_round.pk, center.pk))
            due.append(
                OrderDue(
                    round=purchase_round,
                    center=center,
                    order=order,
                    groups_ordered=order.groups_ordered if order else 0,
                    groups=center.groups,
                )
            )
    return due


def open_round_count(rounds) -> int:
    """How many of `rounds` (a queryset) take orders now. One query."""
    return rounds.filter(status=RoundStatus.OPEN).count()


def rounds_under_way(rounds) -> list[PurchaseRound]:
    """The rounds of `rounds` (a queryset) still to run: drafts, and rounds from opening to
    settling, each with `item_count` and `submitted_count`; the next deadline first. One
    query."""
    return list(
        rounds_for_list(rounds.filter(status__in=(RoundStatus.DRAFT, *UNDER_WAY))).order_by(
            "closes_at", "pk"
        )
    )


@dataclass
class GroupRound:
    """A group's part in a round under way: what it ordered, what it owes at the tier the
    round reached (for the allocation after a short delivery), what it paid."""

    round: PurchaseRound
    organization: Organization
    ordered: list = field(default_factory=list)  # (RoundItem, quantity), all its lines
    counted: bool = False  # its district's order counts (submitted, or the round is open)
    amount: Decimal = ZERO
    paid: Decimal = ZERO

    @property
    def outstanding(self) -> Decimal:
        return self.amount - self.paid


def group_rounds(rounds, organization_ids) -> list[GroupRound]:
    """Each of the groups' rounds under way among `rounds` (a queryset): every open round
    (a group orders through its district's coordinator, so the representative sees what
    was entered for it), and every later one in which the group ordered or paid. The money
    follows round_figures (the same tiers, allocations and rounding), in a fixed number of
    queries for any number of rounds and groups."""
    organizations = Organization.objects.in_bulk(list(organization_ids))
    if not organizations:
        return []
    by_round = {
        purchase_round.pk: purchase_round
        for purchase_round in rounds.filter(status__in=UNDER_WAY)
        .select_related("center__district")
        .order_by("closes_at", "pk")
    }
    if not by_round:
        return []
    lines = list(
        OrderLine.objects.filter(order__round__in=list(by_round), organization__in=organizations)
        .values_list("order__round_id", "order__status", "organization_id", "item_id", "quantity")
        .order_by("item_id")
    )
    paid = {
        (round_id, organization_id): total
        for round_id, organization_id, total in Payment.objects.filter(
            round__in=list(by_round), kind=PaymentKind.GROUP, organization__in=organizations
        )
        .values("round_id", "organization_id")
        .annotate(total=Sum("amount"))
        .values_list("round_id", "organization_id", "total")
        .order_by()
    }
    shown = {(round_id, organization_id) for round_id, _, organization_id, _, _ in lines}
    shown |= set(paid)
    shown |= {
        (round_id, organization_id)
        for round_id, purchase_round in by_round.items()
        if purchase_round.status == RoundStatus.OPEN
        for organization_id, organization in organizations.items()
        if purchase_round.center.level == CenterLevel.PROVINCIAL
        or purchase_round.center.district_id == organization.district_id
    }
    if not shown:
        return []
    round_ids = sorted({round_id for round_id, _ in shown})
    items = {
        item.pk: item
        for item in RoundItem.objects.filter(round__in=round_ids)
        .select_related("product")
        .prefetch_related(Prefetch("tiers", queryset=PriceTier.objects.order_by("min_quantity")))
    }
    # The network total of each item, as counted_totals counts it for its round.
    counting = Q(order__round__status__in=(RoundStatus.DRAFT, RoundStatus.OPEN)) | Q(
        order__status=OrderStatus.SUBMITTED
    )
    places = Decimal(1).scaleb(-OrderLine._meta.get_field("quantity").decimal_places)
    totals = {
        item_id: total.quantize(places)
        for item_id, total in OrderLine.objects.filter(counting, item__round__in=round_ids)
        .values("item_id")
        .annotate(total=Sum("quantity"))
        .values_list("item_id", "total")
        .order_by()
    }
    allocated = defaultdict(dict)  # (round, group) -> item -> quantity
    for round_id, organization_id, item_id, quantity in Allocation.objects.filter(
        round__in=round_ids, organization__in=organizations
    ).values_list("round_id", "organization_id", "item_id", "quantity"):
        allocated[(round_id, organization_id)][item_id] = quantity

    position = {round_id: index for index, round_id in enumerate(by_round)}
    found = {
        key: GroupRound(round=by_round[key[0]], organization=organizations[key[1]])
        for key in sorted(shown, key=lambda key: (position[key[0]], key[1]))
    }
    counted = defaultdict(dict)  # (round, group) -> item -> quantity in counted orders
    for round_id, order_status, organization_id, item_id, quantity in lines:
        key = (round_id, organization_id)
        group = found[key]
        group.ordered.append((items[item_id], quantity))
        if counts_drafts(group.round) or order_status == OrderStatus.SUBMITTED:
            group.counted = True
            counted[key][item_id] = counted[key].get(item_id, ZERO) + quantity
    for key, group in found.items():
        group.paid = paid.get(key, ZERO)
        if not group.counted:
            continue
        # What the group receives: its order, or its allocation after a short delivery.
        entitled = {
            item_id: allocated[key].get(item_id, quantity)
            if items[item_id].supplied_quantity is not None
            else quantity
            for item_id, quantity in counted[key].items()
        }
        for item_id, quantity in allocated[key].items():
            entitled.setdefault(item_id, quantity)
        for item_id, quantity in entitled.items():
            item = items[item_id]
            price = item.price_for(totals.get(item_id, ZERO), list(item.tiers.all()))
            group.amount += to_satang(quantity * price)
    return list(found.values())
