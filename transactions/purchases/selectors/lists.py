"""Rounds for the list page, the yearly targets' progress, the groups that order through
a district, the keys of the forms already saved."""

import operator
import uuid
from collections import defaultdict
from decimal import Decimal
from functools import reduce
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import ExtractYear

from centers.models import Center, MembershipStatus
from members.models import Organization
from transactions.common.money import ZERO

from ..models import (
    SENT_TO_SUPPLIER,
    Allocation,
    DistrictOrder,
    OrderLine,
    OrderStatus,
    PurchaseRound,
    PurchaseTarget,
)


def targets_with_progress() -> list[PurchaseTarget]:
    """The yearly targets, each with what was `bought` towards it and its `percent`:
    what was billed in rounds sent to the supplier in the year, the districts' submitted
    lines, or for a product delivered short the groups' allocations. Three queries."""
    # Each target gets `bought` and `percent` (Any: mypy cannot know them).
    targets: list[Any] = list(PurchaseTarget.objects.select_related("product"))
    if not targets:
        return targets

    def of_targets(path: str) -> Q:
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
    bought: defaultdict[tuple[int, int], Decimal] = defaultdict(Decimal)
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


def rounds_for_list(visible: QuerySet[PurchaseRound]) -> QuerySet[PurchaseRound]:
    """The round list: centers and counts in one query."""
    return visible.select_related("center__district", "supplier").annotate(
        item_count=Count("items", distinct=True),
        submitted_count=Count(
            "orders", filter=Q(orders__status=OrderStatus.SUBMITTED), distinct=True
        ),
    )


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


def ordered_item_ids(purchase_round: PurchaseRound) -> set[int]:
    """The round's items that some group has ordered (their prices may not be removed)."""
    return set(
        OrderLine.objects.filter(item__round=purchase_round).values_list("item_id", flat=True)
    )
