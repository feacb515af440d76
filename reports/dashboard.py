"""The province's dashboard (and a district's own): targets and progress, purchases per
district, which centers met this month, members per district and kind, top savings. A
fixed number of queries for a year of data; on PostgreSQL no line of it is read into
Python.

The year's lines are summed in SQL: per district order and item (the totals that set each
round's tier price, what each product bought, and, when every line's money is whole
satang already - whole-baht prices, quantities of at most two decimals, as `min_scale`
tells - each district's value and savings: the quantity times the price is then the sum
of the rounded lines), then per group, each line rounded in SQL (exact numeric) and cut at
the groups that saved as much as the tenth. Other data is summed per district and group
with each line rounded in SQL; another database reads the lines and sums them in Python,
as before."""

import datetime
from collections import defaultdict
from decimal import Decimal

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import (
    Case,
    Count,
    DecimalField,
    F,
    Func,
    IntegerField,
    Max,
    Q,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Round
from django.utils import timezone

from centers.models import Center, CenterLevel, Membership, MembershipStatus
from meetings.selectors import centers_meeting_this_month
from members.models import Organization, OrganizationKind
from transactions.models import (
    DistrictOrder,
    OrderLine,
    OrderStatus,
    PurchaseTarget,
    RoundItem,
)

from .figures import SENT, ZERO, _money, _prices

MONEY = DecimalField(max_digits=14, decimal_places=2)
REFERENCED = Q(item__reference_price__isnull=False)


def _price(items, prices):
    """The price each line pays, in SQL: its item's base price, or the tier reached."""
    tiered = [item for item in items if prices[item.pk] != item.unit_price]
    if not tiered:
        return F("item__unit_price")
    return Case(
        *(When(item_id=item.pk, then=Value(prices[item.pk], MONEY)) for item in tiered),
        default=F("item__unit_price"),
        output_field=MONEY,
    )


def _whole_satang(amount: Decimal, places: int) -> bool:
    """Whether `amount` times any quantity of `places` decimals is whole satang."""
    return int(amount * 100) % 10**places == 0


def _per_order_and_item(lines, postgres: bool) -> list:
    """(order id, item id, quantity, decimals of the finest quantity): a few rows a round."""
    sums = {"total": Sum("quantity")}
    if postgres:
        sums["places"] = Max(Func(F("quantity"), function="min_scale", output_field=IntegerField()))
    rows = lines.values("order_id", "item_id").annotate(**sums)
    return [(row["order_id"], row["item_id"], row["total"], row.get("places", 3)) for row in rows]


def _sums_in_sql(lines, items, prices) -> list:
    """(center id, organization id, value, savings or None, lines with a reference price)
    per district and group, each line's money rounded before it is added."""
    price = _price(items, prices)
    return list(
        lines.values("order__center_id", "organization_id")
        .annotate(
            value=Sum(Round(F("quantity") * price, 2), output_field=MONEY),
            savings=Sum(
                Round(F("quantity") * (F("item__reference_price") - price), 2),
                filter=REFERENCED,
                output_field=MONEY,
            ),
            referenced=Count("pk", filter=REFERENCED),
        )
        .values_list("order__center_id", "organization_id", "value", "savings", "referenced")
    )


def _sums_in_python(lines, items, prices) -> list:
    by_item = {item.pk: item for item in items}
    sums = {}
    for center_id, organization_id, item_id, quantity in lines.values_list(
        "order__center_id", "organization_id", "item_id", "quantity"
    ):
        item, price = by_item[item_id], prices[item_id]
        row = sums.setdefault((center_id, organization_id), [ZERO, None, 0])
        row[0] += _money(quantity * price)
        if item.reference_price is not None:
            row[1] = (row[1] or ZERO) + _money(quantity * (item.reference_price - price))
            row[2] += 1
    return [
        (center_id, organization_id, *row) for (center_id, organization_id), row in sums.items()
    ]


def _top_group_savings_in_sql(lines, items, prices) -> dict:
    """The savings of the groups that saved at least as much as the tenth, each line
    rounded: summed in SQL and cut there, so ten-odd rows come back, not every group."""
    price = _price(items, prices)
    per_group = (
        lines.filter(REFERENCED)
        .values("organization_id")
        .annotate(
            saved=Sum(
                Round(F("quantity") * (F("item__reference_price") - price), 2), output_field=MONEY
            )
        )
        .values_list("organization_id", "saved")
    )
    try:
        sql, params = per_group.query.sql_with_params()
    except EmptyResultSet:  # no round in the year, or no district shown
        return {}
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH per_group AS ({sql}) SELECT organization_id, saved FROM per_group "
            "WHERE saved >= COALESCE("
            "(SELECT saved FROM per_group ORDER BY saved DESC OFFSET 9 LIMIT 1), "
            "(SELECT MIN(saved) FROM per_group))",
            params,
        )
        return dict(cursor.fetchall())


def _first_seen(lines, candidates) -> dict:
    """Where each group first appears in the lines as the old per-line loop read them
    (newest round first, then district code): ties in savings keep that order."""
    first = {}
    for organization_id, opens_at, round_id, code in lines.filter(
        REFERENCED, organization_id__in=candidates
    ).values_list(
        "organization_id",
        "order__round__opens_at",
        "order__round_id",
        "order__center__district__code",
    ):
        key = (-opens_at.timestamp(), -round_id, code)
        if organization_id not in first or key < first[organization_id]:
            first[organization_id] = key
    return first


def _purchases(start, end, items, district_ids) -> tuple:
    """(per district {"value", "savings"}, per product quantity, per group savings, the
    lines shown)."""
    postgres = connection.vendor == "postgresql"
    orders = {
        pk: (center_id, district_id)
        for pk, center_id, district_id in DistrictOrder.objects.filter(
            round__status__in=SENT,
            round__ordered_on__gte=start,
            round__ordered_on__lt=end,
            status=OrderStatus.SUBMITTED,
        )
        .order_by()
        .values_list("pk", "center_id", "center__district_id")
    }
    shown = [
        pk
        for pk, (_, district_id) in orders.items()
        if district_ids is None or district_id in district_ids
    ]
    counted = OrderLine.objects.filter(order_id__in=list(orders), item__in=items).order_by()
    lines = counted.filter(order_id__in=shown) if district_ids is not None else counted
    by_item = {item.pk: item for item in items}
    rows = _per_order_and_item(counted, postgres)
    totals, places = defaultdict(Decimal), defaultdict(int)
    per_product = defaultdict(Decimal)
    for order_id, item_id, quantity, finest in rows:
        totals[item_id] += quantity
        places[item_id] = max(places[item_id], finest)
        if district_ids is None or orders[order_id][1] in district_ids:
            per_product[by_item[item_id].product_id] += quantity
    prices = _prices(items, totals)

    per_district = defaultdict(lambda: {"value": ZERO, "savings": ZERO})
    exact = postgres and all(
        _whole_satang(prices[item.pk], places[item.pk])
        and (
            item.reference_price is None
            or _whole_satang(item.reference_price - prices[item.pk], places[item.pk])
        )
        for item in items
    )
    if exact:
        value, savings = defaultdict(Decimal), defaultdict(Decimal)
        for order_id, item_id, quantity, _ in rows:
            center_id, district_id = orders[order_id]
            if district_ids is not None and district_id not in district_ids:
                continue
            item, price = by_item[item_id], prices[item_id]
            value[center_id] += quantity * price
            if item.reference_price is not None:
                savings[center_id] += quantity * (item.reference_price - price)
        for center_id, amount in value.items():
            per_district[center_id]["value"] = _money(amount)
            if center_id in savings:
                per_district[center_id]["savings"] = _money(savings[center_id])
        top = _top_group_savings_in_sql(lines, items, prices)
        return per_district, per_product, top, lines
    per_group = {}
    sums = (_sums_in_sql if postgres else _sums_in_python)(lines, items, prices)
    for center_id, organization_id, value, saved, referenced in sums:
        per_district[center_id]["value"] += value
        if saved is not None:
            per_district[center_id]["savings"] += saved
        if referenced:
            per_group[organization_id] = per_group.get(organization_id, ZERO) + saved
    return per_district, per_product, per_group, lines


def dashboard(year: int, district_ids=None) -> dict:
    """district_ids: None for the whole province, else the districts to show."""
    start, end = datetime.date(year, 1, 1), datetime.date(year + 1, 1, 1)
    items = list(
        RoundItem.objects.filter(
            round__status__in=SENT, round__ordered_on__gte=start, round__ordered_on__lt=end
        )
        .select_related("product")
        .order_by("pk")
    )
    per_district, per_product, per_group, lines = _purchases(start, end, items, district_ids)

    centers = list(
        Center.objects.filter(level=CenterLevel.DISTRICT)
        .select_related("district")
        .order_by("district__code")
    )
    if district_ids is not None:
        centers = [c for c in centers if c.district_id in district_ids]
    for center in centers:
        center.value = per_district[center.pk]["value"]
        center.savings = per_district[center.pk]["savings"]

    targets = list(PurchaseTarget.objects.filter(year=year).select_related("product"))
    for target in targets:
        target.bought = per_product.get(target.product_id, ZERO)
        target.percent = min(int(target.bought * 100 / target.quantity), 100)

    members = defaultdict(dict)
    active = Membership.objects.filter(
        status=MembershipStatus.ACTIVE, center__level=CenterLevel.DISTRICT
    )
    if district_ids is not None:
        active = active.filter(center__district_id__in=district_ids)
    for center_id, kind, count in active.values_list("center_id", "organization__kind").annotate(
        count=Count("pk")
    ):
        members[center_id][kind] = count
    kinds = [
        kind for kind in OrganizationKind if any(kind.value in row for row in members.values())
    ]
    for center in centers:
        center.members = [(kind.label, members[center.pk].get(kind.value, 0)) for kind in kinds]
        center.member_total = sum(count for _, count in center.members)

    # The ten groups that saved most; those tied with the tenth are read too, to order
    # ties as before.
    ranked = sorted(per_group.values(), reverse=True)
    candidates = [
        organization_id
        for organization_id, saved in per_group.items()
        if len(ranked) <= 10 or saved >= ranked[9]
    ]
    names = Organization.objects.select_related("district").in_bulk(candidates)
    first = _first_seen(lines, candidates) if candidates else {}
    seen = sorted(candidates, key=lambda pk: (first.get(pk, ()), names[pk].name))
    top = sorted(((pk, per_group[pk]) for pk in seen), key=lambda row: row[1], reverse=True)[:10]
    today = timezone.localdate()
    month_shown = today if year == today.year else datetime.date(year, 12, 1)
    meeting_centers = centers_meeting_this_month(month_shown)
    if district_ids is not None:
        meeting_centers = [c for c in meeting_centers if c.district_id in district_ids]
    return {
        "year": year,
        "targets": targets,
        "centers": centers,
        "value": sum((c.value for c in centers), ZERO),
        "savings": sum((c.savings for c in centers), ZERO),
        "kinds": [kind.label for kind in kinds],
        "top_savings": [(names[organization_id], saved) for organization_id, saved in top],
        "meeting_centers": meeting_centers,
        "met": sum(1 for c in meeting_centers if c.held),
        "month_shown": month_shown,
    }
