"""The province's dashboard (and a district's own): targets and progress, purchases per
district, which centers met this month, members per district and kind, top savings. A
fixed number of queries however much data there is.

A year's purchases are summed once into stored totals (PurchaseYear: per district and
group, each line's money rounded as billed; per district and product, the quantities) and
read from there; they are summed again when the year's sent orders or allocations change.
What counts is what was billed: the submitted lines, or for a product the supplier
delivered short, the groups' allocations (at the price the orders' total reached). The
year's order lines are read only for the groups tied at the top, to order the ties."""

import datetime
import hashlib
from collections import defaultdict
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import (
    Case,
    Count,
    DecimalField,
    F,
    Q,
    Sum,
    Value,
    When,
    Window,
)
from django.db.models.functions import Rank, Round
from django.utils import timezone

from centers.models import Center, CenterLevel, Membership
from meetings.selectors import centers_meeting_this_month
from members.models import Organization, OrganizationKind
from transactions.common.money import to_satang
from transactions.purchases.models import (
    Allocation,
    DistrictOrder,
    OrderLine,
    OrderStatus,
    PurchaseTarget,
    RoundItem,
)

from .figures import SENT, ZERO, _prices
from .models import PurchaseYear, PurchaseYearGroup, PurchaseYearProduct

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


def _sums_in_python(lines, items, prices, center="order__center_id") -> list:
    """_sums_in_sql's rows, added up in Python; `center`: the path to the district (the
    allocations of a short delivery carry their own)."""
    by_item = {item.pk: item for item in items}
    sums = {}
    for center_id, organization_id, item_id, quantity in lines.values_list(
        center, "organization_id", "item_id", "quantity"
    ):
        item, price = by_item[item_id], prices[item_id]
        row = sums.setdefault((center_id, organization_id), [ZERO, None, 0])
        row[0] += to_satang(quantity * price)
        if item.reference_price is not None:
            row[1] = (row[1] or ZERO) + to_satang(quantity * (item.reference_price - price))
            row[2] += 1
    return [
        (center_id, organization_id, *row) for (center_id, organization_id), row in sums.items()
    ]


def _sent_in(year: int, path: str = "round__") -> dict:
    """The lookups of rounds sent to the supplier in the year, from a model at `path`."""
    return {
        f"{path}status__in": SENT,
        f"{path}ordered_on__gte": datetime.date(year, 1, 1),
        f"{path}ordered_on__lt": datetime.date(year + 1, 1, 1),
    }


def _year_lines(year: int):
    """The order lines the dashboard counts: submitted orders of rounds sent to the
    supplier in the year."""
    return OrderLine.objects.filter(
        **_sent_in(year, "order__round__"), order__status=OrderStatus.SUBMITTED
    ).order_by()


def _year_allocations(year: int):
    """What the groups received of the year's products delivered short: billed instead
    of their order lines."""
    return Allocation.objects.filter(
        **_sent_in(year), item__supplied_quantity__isnull=False
    ).order_by()


def _fingerprint(year: int) -> str:
    """What the year's totals follow: the orders of its sent rounds, their status and
    version (saving an order raises its version; lines change in no other way, and prices
    are fixed before a round is sent), and the products delivered short with their
    allocations (rare; a handful of rows)."""
    orders = (
        DistrictOrder.objects.filter(**_sent_in(year))
        .order_by("pk")
        .values_list("pk", "round_id", "status", "version")
    )
    short = (
        RoundItem.objects.filter(**_sent_in(year), supplied_quantity__isnull=False)
        .order_by("pk")
        .values_list("pk", "supplied_quantity")
    )
    allocations = _year_allocations(year).order_by("pk").values_list("pk", "quantity")
    state = (list(orders), list(short), list(allocations))
    return hashlib.sha256(repr(state).encode()).hexdigest()


def _merged(*parts) -> list:
    """Rows (center, organization, value, savings or None, referenced) added up by
    district and group."""
    merged = {}
    for rows in parts:
        for center_id, organization_id, value, savings, referenced in rows:
            row = merged.setdefault((center_id, organization_id), [ZERO, None, 0])
            row[0] += value
            if savings is not None:
                row[1] = (row[1] or ZERO) + savings
            row[2] += referenced
    return [
        (center_id, organization_id, *row) for (center_id, organization_id), row in merged.items()
    ]


def _build(summary: PurchaseYear) -> None:
    """Sum the year's lines again into `summary`'s rows: per district and group, each
    line's money rounded in SQL (exact numeric) on PostgreSQL and in Python elsewhere; per
    district and product, the quantities. A product delivered short counts its
    allocations (summed in Python: a handful of rows) instead of its lines."""
    year = summary.year
    lines = _year_lines(year)
    items = list(RoundItem.objects.filter(**_sent_in(year)).order_by("pk"))
    # The tier each product reached: its round's submitted total, short delivery or not.
    totals = dict(
        lines.values("item_id").annotate(total=Sum("quantity")).values_list("item_id", "total")
    )
    prices = _prices(items, totals)
    sums = _sums_in_sql if connection.vendor == "postgresql" else _sums_in_python
    short = [item.pk for item in items if item.supplied_quantity is not None]
    billed = lines.exclude(item_id__in=short) if short else lines
    allocations = _year_allocations(year)
    rows = sums(billed, items, prices)
    if short:
        rows = _merged(rows, _sums_in_python(allocations, items, prices, center="center_id"))
    quantities = list(
        billed.values("order__center_id", "item__product_id")
        .annotate(quantity=Sum("quantity"))
        .values_list("order__center_id", "item__product_id", "quantity")
    )
    if short:
        quantities += list(
            allocations.values("center_id", "item__product_id")
            .annotate(quantity=Sum("quantity"))
            .values_list("center_id", "item__product_id", "quantity")
        )
    per_product = defaultdict(Decimal)
    for center_id, product_id, quantity in quantities:
        per_product[(center_id, product_id)] += quantity
    summary.groups.all().delete()
    summary.products.all().delete()
    PurchaseYearGroup.objects.bulk_create(
        PurchaseYearGroup(
            year=summary,
            center_id=center_id,
            organization_id=organization_id,
            value=value,
            savings=savings or ZERO,
            referenced=referenced,
        )
        for center_id, organization_id, value, savings, referenced in rows
    )
    PurchaseYearProduct.objects.bulk_create(
        PurchaseYearProduct(
            year=summary, center_id=center_id, product_id=product_id, quantity=quantity
        )
        for (center_id, product_id), quantity in per_product.items()
    )


def year_totals(year: int) -> PurchaseYear:
    """The year's stored totals, built again first if the year's orders changed since.
    Two requests that find them out of date build them once: the second waits on the
    first's row lock and then finds them current."""
    fingerprint = _fingerprint(year)
    summary = PurchaseYear.objects.filter(year=year).first()
    if summary is not None and summary.fingerprint == fingerprint:
        return summary
    with transaction.atomic():
        PurchaseYear.objects.get_or_create(year=year, defaults={"fingerprint": ""})
        summary = PurchaseYear.objects.select_for_update().get(year=year)
        fingerprint = _fingerprint(year)
        if summary.fingerprint != fingerprint:
            _build(summary)
            summary.fingerprint = fingerprint
            summary.built_at = timezone.now()
            summary.save()
    return summary


def _first_seen(lines, candidates) -> dict:
    """Where each group first appears in the lines, newest round first, then district
    code: ties in savings keep that order."""
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


def _purchases(year, district_ids) -> tuple:
    """(per district {"value", "savings"}, per product quantity, the savings of the groups
    that saved at least as much as the tenth, the lines shown), from the stored totals."""
    summary = year_totals(year)
    groups = PurchaseYearGroup.objects.filter(year=summary).order_by()
    products = PurchaseYearProduct.objects.filter(year=summary).order_by()
    lines = _year_lines(year)
    if district_ids is not None:
        groups = groups.filter(center__district_id__in=district_ids)
        products = products.filter(center__district_id__in=district_ids)
        lines = lines.filter(order__center__district_id__in=district_ids)
    per_district = defaultdict(lambda: {"value": ZERO, "savings": ZERO})
    for center_id, value, savings in (
        groups.values("center_id")
        .annotate(value=Sum("value"), savings=Sum("savings"))
        .values_list("center_id", "value", "savings")
    ):
        per_district[center_id] = {"value": to_satang(value), "savings": to_satang(savings)}
    per_product = {
        product_id: total.quantize(Decimal("0.001"))
        for product_id, total in products.values("product_id")
        .annotate(total=Sum("quantity"))
        .values_list("product_id", "total")
    }
    # Ranked in SQL: a rank of at most ten keeps those tied with the tenth.
    top = {
        organization_id: to_satang(saved)
        for organization_id, saved in groups.filter(referenced__gt=0)
        .values("organization_id")
        .annotate(saved=Sum("savings"))
        .annotate(rank=Window(Rank(), order_by=F("saved").desc()))
        .filter(rank__lte=10)
        .values_list("organization_id", "saved")
    }
    return per_district, per_product, top, lines


def dashboard(year: int, district_ids=None) -> dict:
    """district_ids: None for the whole province, else the districts to show."""
    per_district, per_product, per_group, lines = _purchases(year, district_ids)

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

    # Members as /network/ and the monthly reports count them: today, or at a past year's end.
    today = timezone.localdate()
    members_day = today if year >= today.year else datetime.date(year, 12, 31)
    members = defaultdict(dict)
    active = Membership.objects.members_on(members_day).filter(center__level=CenterLevel.DISTRICT)
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

    # The ten groups that saved most (with those tied with the tenth, ranked in SQL): the
    # ties are ordered by where each group first appears, then by name.
    candidates = list(per_group)
    names = Organization.objects.select_related("district").in_bulk(candidates)
    first = _first_seen(lines, candidates) if candidates else {}
    seen = sorted(candidates, key=lambda pk: (first.get(pk, ()), names[pk].name))
    top = sorted(((pk, per_group[pk]) for pk in seen), key=lambda row: row[1], reverse=True)[:10]
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
        "members_day": members_day,
    }
