"""What waits for whom on the home page: the districts' orders due, the rounds under way,
a representative's groups in them."""

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, QuerySet, Sum

from centers.models import Center, CenterLevel, MembershipStatus
from members.models import Organization
from transactions.common.money import ZERO, to_satang

from ..models import (
    Allocation,
    DistrictOrder,
    OrderLine,
    OrderStatus,
    Payment,
    PaymentKind,
    PriceTier,
    PurchaseRound,
    RoundItem,
    RoundStatus,
)
from .figures import counts_drafts
from .lists import rounds_for_list

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


def district_orders_due(
    rounds: QuerySet[PurchaseRound], centers: QuerySet[Center]
) -> list[OrderDue]:
    """Each open round of `rounds` (a queryset) that takes an order from one of `centers`
    (the province's rounds, and a district's own), with that district's order as saved,
    its number of groups that ordered and of active groups, soonest closing first.
    Three queries."""
    district_centers = list(
        centers.select_related("district")
        .annotate(
            groups=Count("memberships", filter=Q(memberships__status=MembershipStatus.ACTIVE))
        )
        .order_by("district__code")
    )
    if not district_centers:
        return []
    open_rounds = list(
        rounds.filter(status=RoundStatus.OPEN)
        .filter(Q(center__level=CenterLevel.PROVINCIAL) | Q(center__in=district_centers))
        .select_related("center__district")
        .order_by("closes_at", "pk")
    )
    orders = {
        (order.round_id, order.center_id): order
        for order in DistrictOrder.objects.filter(
            round__in=open_rounds, center__in=district_centers
        )
        .select_related("updated_by", "submitted_by")
        .annotate(groups_ordered=Count("lines__organization", distinct=True))
    }
    due = []
    for purchase_round in open_rounds:
        for center in district_centers:
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


def open_round_count(rounds: QuerySet[PurchaseRound]) -> int:
    """How many of `rounds` (a queryset) take orders now. One query."""
    return rounds.filter(status=RoundStatus.OPEN).count()


def rounds_under_way(rounds: QuerySet[PurchaseRound]) -> list[PurchaseRound]:
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


def group_rounds(
    rounds: QuerySet[PurchaseRound], organization_ids: Collection[int]
) -> list[GroupRound]:
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
    # (round, group) -> item -> quantity
    allocated: defaultdict[tuple[int, int], dict[int, Decimal]] = defaultdict(dict)
    for round_id, organization_id, item_id, quantity in Allocation.objects.filter(
        round__in=round_ids, organization__in=organizations
    ).values_list("round_id", "organization_id", "item_id", "quantity"):
        allocated[(round_id, organization_id)][item_id] = quantity

    position = {round_id: index for index, round_id in enumerate(by_round)}
    found = {
        key: GroupRound(round=by_round[key[0]], organization=organizations[key[1]])
        for key in sorted(shown, key=lambda key: (position[key[0]], key[1]))
    }
    # (round, group) -> item -> quantity in counted orders
    counted: defaultdict[tuple[int, int], dict[int, Decimal]] = defaultdict(dict)
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
