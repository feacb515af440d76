"""The province's dashboard (and a district's own): targets and progress, purchases per
district, which centers met this month, members per district and kind, top savings. A
fixed number of queries for a year of data."""

import datetime
from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, Sum
from django.utils import timezone

from centers.models import Center, CenterLevel, Membership, MembershipStatus
from meetings.selectors import centers_meeting_this_month
from members.models import Organization, OrganizationKind
from transactions.models import OrderLine, OrderStatus, PurchaseRound, PurchaseTarget, RoundItem

from .figures import SENT, ZERO, _money, _prices


def dashboard(year: int, district_ids=None) -> dict:
    """district_ids: None for the whole province, else the districts to show."""
    start, end = datetime.date(year, 1, 1), datetime.date(year + 1, 1, 1)
    rounds = PurchaseRound.objects.filter(
        status__in=SENT, ordered_on__gte=start, ordered_on__lt=end
    )
    items = list(RoundItem.objects.filter(round__in=rounds).select_related("product"))
    counted = OrderLine.objects.filter(order__status=OrderStatus.SUBMITTED, item__in=items)
    totals = dict(counted.values_list("item_id").annotate(total=Sum("quantity")))
    prices = _prices(items, totals)
    by_item = {item.pk: item for item in items}
    lines = counted
    if district_ids is not None:
        lines = lines.filter(order__center__district_id__in=district_ids)

    per_district = defaultdict(lambda: {"value": ZERO, "savings": ZERO})
    per_product = defaultdict(Decimal)
    per_group = defaultdict(Decimal)
    for center_id, organization_id, item_id, quantity in lines.values_list(
        "order__center_id", "organization_id", "item_id", "quantity"
    ):
        item = by_item[item_id]
        price = prices[item_id]
        per_district[center_id]["value"] += _money(quantity * price)
        per_product[item.product_id] += quantity
        if item.reference_price is not None:
            saved = _money(quantity * (item.reference_price - price))
            per_district[center_id]["savings"] += saved
            per_group[organization_id] += saved

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

    top = sorted(per_group.items(), key=lambda row: row[1], reverse=True)[:10]
    names = Organization.objects.select_related("district").in_bulk(
        [organization_id for organization_id, _ in top]
    )
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
