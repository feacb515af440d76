"""What a district's order entry page needs of a round, without the whole network's detail
(round_figures loads every line and group of every district)."""

from collections.abc import Collection
from dataclasses import dataclass
from decimal import Decimal

from centers.models import Center
from members.models import Organization
from transactions.common.money import ZERO

from ..models import DistrictOrder, OrderLine, PurchaseRound
from .figures import ItemFigures, counted_totals, round_items


@dataclass(frozen=True)
class OrderEntry:
    items: list[ItemFigures]  # the products with their tiers and counted network totals
    order: DistrictOrder | None  # the district's order, if it has one
    saved: dict[tuple[int, int], Decimal]  # (organization id, item id) -> quantity saved
    district_ordered: dict[int, Decimal]  # item id -> the district's saved total


def order_entry(purchase_round: PurchaseRound, center: Center) -> OrderEntry:
    """The round's products, the district's order and its saved lines."""
    items = round_items(purchase_round)
    order = (
        purchase_round.orders.filter(center=center)
        .select_related("updated_by", "submitted_by", "returned_by")
        .order_by("pk")
        .first()
    )
    totals = counted_totals(purchase_round)
    figures_items = [
        ItemFigures(item=item, tiers=list(item.tiers.all()), total=totals.get(item.pk, ZERO))
        for item in items
    ]
    saved: dict[tuple[int, int], Decimal] = {}
    district_ordered: dict[int, Decimal] = {}
    for organization_id, item_id, quantity in (
        OrderLine.objects.filter(order__round=purchase_round, order__center=center)
        .order_by()
        .values_list("organization_id", "item_id", "quantity")
    ):
        saved[(organization_id, item_id)] = quantity
        district_ordered[item_id] = district_ordered.get(item_id, ZERO) + quantity
    return OrderEntry(figures_items, order, saved, district_ordered)


def former_groups(pks: Collection[int]) -> list[Organization]:
    """Groups no longer members that still hold lines in an order (none: no query)."""
    return list(Organization.objects.filter(pk__in=pks)) if pks else []


def organizations_by_pk(pks: Collection[int]) -> dict[int, Organization]:
    """Organizations by id (none: no query)."""
    return Organization.objects.in_bulk(pks)
