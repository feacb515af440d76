"""A center's month in figures, from the live data, in a fixed number of queries.

For a district center: its district's share of every round sent to the supplier in the
month (its submitted orders), its groups' balances, its members joining and leaving, its
committees' meetings and action items. For the provincial center: the whole network's
purchases, balances and memberships, and its own committees' meetings.

Quantities are as ordered (a later short delivery is not subtracted); the unit price is the
tier the round's submitted total reached; money is rounded per group and product, as groups
are billed. Everything returned is JSON-ready (Decimals as strings), so a sign-off can
store it as signed.
"""

import datetime
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from centers.models import Center, CenterLevel, Membership
from meetings.models import (
    ActionItem,
    ActionStatus,
    ActionUpdate,
    Attendance,
    AttendanceStatus,
    Meeting,
    MeetingStatus,
)
from transactions.models import (
    Allocation,
    OrderLine,
    OrderStatus,
    Payment,
    PaymentKind,
    PriceTier,
    PurchaseRound,
    RoundItem,
    RoundStatus,
)

ZERO = Decimal("0")
CENT = Decimal("0.01")
SENT = (RoundStatus.ORDERED, RoundStatus.DELIVERED, RoundStatus.SETTLED)


def month_start(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, 1)


def next_month(year: int, month: int) -> tuple[int, int]:
    return (year + 1, 1) if month == 12 else (year, month + 1)


def previous_month(year: int, month: int) -> tuple[int, int]:
    return (year - 1, 12) if month == 1 else (year, month - 1)


def _aware(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


def _money(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def _prices(items: list[RoundItem], totals: dict) -> dict:
    tiers = defaultdict(list)
    for tier in PriceTier.objects.filter(item__in=items):
        tiers[tier.item_id].append(tier)
    return {item.pk: item.price_for(totals.get(item.pk, ZERO), tiers[item.pk]) for item in items}


def _purchases(center: Center, start: datetime.date, end: datetime.date) -> dict:
    rounds = PurchaseRound.objects.filter(
        status__in=SENT, ordered_on__gte=start, ordered_on__lt=end
    )
    items = list(RoundItem.objects.filter(round__in=rounds).select_related("product"))
    counted = OrderLine.objects.filter(order__status=OrderStatus.SUBMITTED, item__in=items)
    totals = dict(counted.values_list("item_id").annotate(total=Sum("quantity")))
    prices = _prices(items, totals)
    mine = counted
    if center.level == CenterLevel.DISTRICT:
        mine = counted.filter(order__center=center)
    by_item = {item.pk: item for item in items}
    products = {}
    for item_id, _, quantity in mine.values_list("item_id", "organization_id", "quantity"):
        item = by_item[item_id]
        row = products.setdefault(
            item.product.name,
            {
                "product": item.product.name,
                "unit": item.product.get_unit_display(),
                "places": item.product.decimal_places,
                "quantity": ZERO,
                "value": ZERO,
                "savings": ZERO,
            },
        )
        row["quantity"] += quantity
        row["value"] += _money(quantity * prices[item_id])
        if item.reference_price is not None:
            row["savings"] += _money(quantity * (item.reference_price - prices[item_id]))
    rows = sorted(products.values(), key=lambda row: row["product"])
    return {
        "products": [
            {**row, **{k: str(row[k]) for k in ("quantity", "value", "savings")}} for row in rows
        ],
        "value": str(sum((row["value"] for row in rows), ZERO)),
        "savings": str(sum((row["savings"] for row in rows), ZERO)),
    }


def _outstanding(center: Center, end: datetime.date) -> dict:
    """What was still owed at the end of the month, for rounds sent to the supplier by
    then: by the groups to their district, and by the districts to the province. After a
    short delivery the groups owe for what they were allocated, as they are billed."""
    rounds = PurchaseRound.objects.filter(status__in=SENT, ordered_on__lt=end)
    items = list(RoundItem.objects.filter(round__in=rounds).select_related("round__center"))
    counted = OrderLine.objects.filter(order__status=OrderStatus.SUBMITTED, item__in=items)
    totals = dict(counted.values_list("item_id").annotate(total=Sum("quantity")))
    prices = _prices(items, totals)
    by_item = {item.pk: item for item in items}
    short = {item.pk for item in items if item.supplied_quantity is not None}
    lines = counted.exclude(item_id__in=short)
    allocations = Allocation.objects.filter(item_id__in=short)
    payments = Payment.objects.filter(round__in=rounds, paid_on__lt=end)
    if center.level == CenterLevel.DISTRICT:
        lines = lines.filter(order__center=center)
        allocations = allocations.filter(center=center)
        payments = payments.filter(center=center)
    group_due = district_due = ZERO
    rows = [
        *lines.values_list("item_id", "quantity"),
        *allocations.values_list("item_id", "quantity"),
    ]
    for item_id, quantity in rows:
        value = _money(quantity * prices[item_id])
        group_due += value
        if by_item[item_id].round.center.level == CenterLevel.PROVINCIAL:
            district_due += value
    paid = dict(payments.values_list("kind").annotate(total=Sum("amount")))
    return {
        "groups": str(group_due - paid.get(PaymentKind.GROUP, ZERO)),
        "districts": str(district_due - paid.get(PaymentKind.DISTRICT, ZERO)),
    }


def _members(center: Center, start: datetime.date, end: datetime.date) -> dict:
    memberships = Membership.objects.all()
    if center.level == CenterLevel.DISTRICT:
        memberships = memberships.filter(center=center)
    counts = memberships.aggregate(
        joined=Count("pk", filter=Q(joined_on__gte=start, joined_on__lt=end)),
        left=Count("pk", filter=Q(left_on__gte=start, left_on__lt=end)),
        active=Count(
            "pk",
            filter=Q(joined_on__lt=end) & (Q(left_on__isnull=True) | Q(left_on__gte=end)),
        ),
    )
    return counts


def _meetings(center: Center, start: datetime.date, end: datetime.date) -> dict:
    held = Meeting.objects.filter(
        committee__center=center,
        status=MeetingStatus.HELD,
        starts_at__gte=_aware(start),
        starts_at__lt=_aware(end),
    )
    counts = held.aggregate(
        held=Count("pk"), with_quorum=Count("pk", filter=Q(quorum_reached=True))
    )
    attendance = Attendance.objects.filter(meeting__in=held).aggregate(
        rows=Count("pk"), present=Count("pk", filter=Q(status=AttendanceStatus.PRESENT))
    )
    rate = (
        (Decimal(attendance["present"]) * 100 / attendance["rows"]).quantize(Decimal("0.1"))
        if attendance["rows"]
        else None
    )
    return {
        "held": counts["held"],
        "with_quorum": counts["with_quorum"],
        "attendance_rate": str(rate) if rate is not None else None,
    }


def _actions(center: Center, start: datetime.date, end: datetime.date) -> dict:
    """Opened: assigned at a meeting of the month. Done: marked done at a meeting of the
    month (the meeting's date, not the day the minutes were typed). Overdue: due before
    the month's end and, by the last update up to then, still open."""
    begin_at, end_at = _aware(start), _aware(end)
    actions = ActionItem.objects.filter(committee__center=center)
    opened = actions.filter(
        item__meeting__starts_at__gte=begin_at, item__meeting__starts_at__lt=end_at
    ).count()
    last_status, done = {}, set()
    updates = (
        ActionUpdate.objects.filter(action__committee__center=center)
        .annotate(when=Coalesce("meeting__starts_at", "at"))
        .filter(when__lt=end_at)
        .order_by("when", "pk")
        .values_list("action_id", "status", "when")
    )
    for action_id, status, when in updates:
        last_status[action_id] = status
        if status == ActionStatus.DONE and when >= begin_at:
            done.add(action_id)
    due = actions.filter(item__meeting__starts_at__lt=end_at, due_on__lt=end).values_list(
        "pk", flat=True
    )
    overdue = sum(
        1
        for pk in due
        if last_status.get(pk, ActionStatus.OPEN) in (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)
    )
    return {"opened": opened, "done": len(done), "overdue": overdue}


def month_figures(center: Center, year: int, month: int) -> dict:
    start = month_start(year, month)
    end = month_start(*next_month(year, month))
    return {
        "year": year,
        "month": month,
        "purchases": _purchases(center, start, end),
        "outstanding": _outstanding(center, end),
        "members": _members(center, start, end),
        "meetings": _meetings(center, start, end),
        "actions": _actions(center, start, end),
    }


def report(center: Center, year: int, month: int) -> dict:
    """This month beside the previous month and the same month a year before."""
    return {
        "current": month_figures(center, year, month),
        "previous": month_figures(center, *previous_month(year, month)),
        "last_year": month_figures(center, year - 1, month),
    }


# The rows a report shows: (key path, label, kind). kind: money, count, percent.
ROWS = [
    (("purchases", "value"), "มูลค่าการซื้อร่วม", "money"),
    (("purchases", "savings"), "ประหยัดได้เมื่อเทียบราคาอ้างอิง", "money"),
    (("outstanding", "groups"), "ยอดค้างชำระของกลุ่ม ณ สิ้นเดือน", "money"),
    (("outstanding", "districts"), "ยอดค้างชำระของศูนย์อำเภอต่อศูนย์จังหวัด ณ สิ้นเดือน", "money"),
    (("members", "joined"), "สมาชิกเข้าใหม่", "count"),
    (("members", "left"), "สมาชิกพ้นสภาพ", "count"),
    (("members", "active"), "สมาชิก ณ สิ้นเดือน", "count"),
    (("meetings", "held"), "จำนวนการประชุมที่จัด", "count"),
    (("meetings", "with_quorum"), "การประชุมที่ครบองค์ประชุม", "count"),
    (("meetings", "attendance_rate"), "อัตราการมาประชุม (ร้อยละ)", "percent"),
    (("actions", "opened"), "เรื่องที่มอบหมายใหม่", "count"),
    (("actions", "done"), "เรื่องที่เสร็จในเดือน", "count"),
    (("actions", "overdue"), "เรื่องที่เลยกำหนด ณ สิ้นเดือน", "count"),
]


def value_at(figures: dict, path: tuple):
    value = figures
    for key in path:
        value = value.get(key) if isinstance(value, dict) else None
    return value


def table(report_data: dict, signed: dict | None = None) -> list[dict]:
    rows = []
    for path, label, kind in ROWS:
        row = {
            "label": label,
            "kind": kind,
            "current": value_at(report_data["current"], path),
            "previous": value_at(report_data["previous"], path),
            "last_year": value_at(report_data["last_year"], path),
        }
        if signed is not None:
            row["signed"] = value_at(signed, path)
            row["changed"] = str(row["signed"]) != str(row["current"])
        rows.append(row)
    return rows
