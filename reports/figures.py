"""A center's month in figures, from the live data, in a fixed number of queries.

For a district center: its district's share of every round sent to the supplier in the
month (its submitted orders), its groups' balances, its members joining and leaving, its
committees' meetings and action items. For the provincial center: the whole network's
purchases, balances and memberships, and its own committees' meetings.

Quantities are what was billed: the submitted lines, or for a product the supplier
delivered short, the groups' allocations; the unit price is the tier the round's submitted
total reached; money is rounded per group and product, as groups are billed. Everything
returned is JSON-ready (Decimals as strings), so a sign-off can store it as signed.

The months of a report (this month, the previous one, the same month a year before) are
computed together: each kind of row is read once for all of them, grouped in SQL, and only
the rounds a month concerns are read: those sent to the supplier in it (its purchases) and
those still open at its end (its balances). A round closed before a month's end owes
nothing at that end (see `RoundState.closed_at`), so five years of settled rounds cost
nothing however many lines they hold.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    Min,
    OuterRef,
    Q,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from centers.models import Center, CenterLevel, Membership, members_on
from meetings.models import (
    ActionItem,
    ActionStatus,
    ActionUpdate,
    AttendanceStatus,
    Meeting,
    MeetingStatus,
)
from transactions.common.money import to_satang
from transactions.purchases.models import (
    SENT_TO_SUPPLIER,
    Allocation,
    OrderLine,
    OrderStatus,
    Payment,
    PaymentKind,
    PriceTier,
    PurchaseRound,
    RoundEvent,
    RoundItem,
    RoundStatus,
)

ZERO = Decimal("0")
ZERO_CENTS = Decimal("0.00")
SENT = SENT_TO_SUPPLIER


def month_start(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, 1)


def next_month(year: int, month: int) -> tuple[int, int]:
    return (year + 1, 1) if month == 12 else (year, month + 1)


def previous_month(year: int, month: int) -> tuple[int, int]:
    return (year - 1, 12) if month == 1 else (year, month - 1)


def _aware(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


def _tiers(items) -> dict:
    tiers = defaultdict(list)
    for tier in PriceTier.objects.filter(item__in=items).order_by():
        tiers[tier.item_id].append(tier)
    return tiers


def _prices(items: list[RoundItem], totals: dict, tiers: dict | None = None) -> dict:
    """Each item's price at the tier its total reached (`tiers`: _tiers(items), if read)."""
    tiers = _tiers(items) if tiers is None else tiers
    return {item.pk: item.price_for(totals.get(item.pk, ZERO), tiers[item.pk]) for item in items}


def _span(field: str, start, end) -> Q:
    return Q(**{f"{field}__gte": start, f"{field}__lt": end})


def _any_span(field: str, spans, aware=False) -> Q:
    condition = Q()
    for start, end in spans:
        condition |= _span(field, _aware(start), _aware(end)) if aware else _span(field, start, end)
    return condition


# Rounds: which a month concerns --------------------------------------------------------


@dataclass
class RoundState:
    """A round sent to the supplier, with what tells when it closed, and whether the
    center was billed in it (an order line or an allocation: the balance then reads
    "0.00" rather than "0" once the round is paid and closed)."""

    pk: int
    ordered_on: datetime.date
    provincial: bool
    settled: bool
    settled_at: datetime.datetime | None  # the last RoundEvent to settled
    last_paid: datetime.date | None  # the latest paid_on of its payments
    billed: bool

    def closed_at(self, end: datetime.date) -> bool:
        """Settled before `end`: the settlement (its RoundEvent, or for a round settled
        without one, its last payment) came before the day, and no payment is dated on
        or after it. Settling needs every group and district paid in full, so such a
        round owes nothing at `end`; a round settled later, or paid later, still shows
        what it owed then."""
        if not self.settled or (self.settled_at is None and self.last_paid is None):
            return False
        if self.settled_at is not None and self.settled_at >= _aware(end):
            return False
        return self.last_paid is None or self.last_paid < end


def _round_states(center: Center, last_end: datetime.date) -> list[RoundState]:
    """Every round sent to the supplier before `last_end`: one row per round (a few a
    month), never per line; each subquery is an index probe."""
    district = center.level == CenterLevel.DISTRICT
    lines = OrderLine.objects.filter(
        order__round=OuterRef("pk"),
        order__status=OrderStatus.SUBMITTED,
        item__supplied_quantity__isnull=True,
        **({"order__center": center} if district else {}),
    )
    allocations = Allocation.objects.filter(
        item__round=OuterRef("pk"),
        item__supplied_quantity__isnull=False,
        **({"center": center} if district else {}),
    )
    rows = (
        PurchaseRound.objects.filter(status__in=SENT, ordered_on__lt=last_end)
        .annotate(
            settled_at=Subquery(
                RoundEvent.objects.filter(round=OuterRef("pk"), to_status=RoundStatus.SETTLED)
                .order_by("-at")
                .values("at")[:1]
            ),
            last_paid=Subquery(
                Payment.objects.filter(round=OuterRef("pk"))
                .order_by("-paid_on")
                .values("paid_on")[:1]
            ),
            billed=ExpressionWrapper(
                Exists(lines) | Exists(allocations), output_field=BooleanField()
            ),
        )
        .order_by()
        .values_list(
            "pk", "ordered_on", "center__level", "status", "settled_at", "last_paid", "billed"
        )
    )
    return [
        RoundState(
            pk=pk,
            ordered_on=ordered_on,
            provincial=level == CenterLevel.PROVINCIAL,
            settled=status == RoundStatus.SETTLED,
            settled_at=settled_at,
            last_paid=last_paid,
            billed=billed,
        )
        for pk, ordered_on, level, status, settled_at, last_paid, billed in rows
    ]


# Purchases and balances ------------------------------------------------------------------


@dataclass
class ItemSums:
    """An item's submitted lines (the center's), or its allocations after a short
    delivery, summed as they are billed: each line's money rounded, then added."""

    quantity: Decimal = ZERO
    value: Decimal = ZERO
    savings: Decimal = ZERO
    lines: int = 0


def _trade(center: Center, spans: list) -> list[tuple[dict, dict]]:
    """(purchases, outstanding) for each (start, end) of `spans`."""
    district = center.level == CenterLevel.DISTRICT
    states = _round_states(center, max(end for _, end in spans))
    # Per month: the rounds it bought, those still owing at its end, and whether the
    # center was billed in a round closed by then (so its balance reads "0.00").
    bought, owing, billed, billed_by_province = [], [], [], []
    for start, end in spans:
        bought.append({r.pk for r in states if start <= r.ordered_on < end})
        owing.append({r.pk for r in states if r.ordered_on < end and not r.closed_at(end)})
        closed = [r for r in states if r.ordered_on < end and r.closed_at(end)]
        billed.append(any(r.billed for r in closed))
        billed_by_province.append(any(r.billed and r.provincial for r in closed))
    provincial = {r.pk for r in states if r.provincial}
    wanted = set().union(*bought, *owing)

    items = list(
        RoundItem.objects.filter(round_id__in=wanted).select_related("product").order_by("pk")
    )
    item_ids = [item.pk for item in items]
    by_item = {item.pk: item for item in items}
    counted = OrderLine.objects.filter(
        order__status=OrderStatus.SUBMITTED, item_id__in=item_ids
    ).order_by()
    mine = counted.filter(order__center=center) if district else counted
    grouped = list(
        mine.values("item_id", "quantity")
        .annotate(lines=Count("pk"))
        .values_list("item_id", "quantity", "lines")
    )
    # A product delivered short is billed by its allocations, not its lines.
    short = {item.pk for item in items if item.supplied_quantity is not None}
    owing_ids = set().union(*owing)
    allocated = []
    if short:
        allocations = Allocation.objects.filter(item_id__in=short, quantity__gt=0).order_by()
        if district:
            allocations = allocations.filter(center=center)
        allocated = list(
            allocations.values("item_id", "quantity")
            .annotate(rows=Count("pk"))
            .values_list("item_id", "quantity", "rows")
        )
    tiers = _tiers(items)
    if district:
        # The round's total only picks a tier: an item without tiers costs its base price
        # whatever the total, so only the tiered items the center is billed for (its
        # lines, or its allocations of a short delivery) have their round's total summed.
        priced = {item_id for item_id, _, _ in grouped} | {row[0] for row in allocated}
        tiered = [pk for pk in item_ids if tiers[pk] and pk in priced]
        totals = {}
        if tiered:
            totals = dict(
                counted.filter(item_id__in=tiered)
                .values("item_id")
                .annotate(total=Sum("quantity"))
                .values_list("item_id", "total")
            )
    else:
        totals = defaultdict(Decimal)
        for item_id, quantity, lines in grouped:
            totals[item_id] += quantity * lines
    prices = _prices(items, totals, tiers)
    sums = defaultdict(ItemSums)
    billed_rows = [row for row in grouped if row[0] not in short] + allocated
    for item_id, quantity, lines in billed_rows:
        item, price, row = by_item[item_id], prices[item_id], sums[item_id]
        row.quantity += quantity * lines
        row.value += to_satang(quantity * price) * lines
        if item.reference_price is not None:
            row.savings += to_satang(quantity * (item.reference_price - price)) * lines
        row.lines += lines

    paid = []
    if owing_ids:
        payments = Payment.objects.filter(round_id__in=owing_ids).order_by()
        if district:
            payments = payments.filter(center=center)
        paid = list(
            payments.values("round_id", "kind")
            .annotate(
                **{
                    f"paid_{index}": Sum("amount", filter=Q(paid_on__lt=end))
                    for index, (_, end) in enumerate(spans)
                }
            )
            .values_list("round_id", "kind", *(f"paid_{index}" for index in range(len(spans))))
        )

    results = []
    for index in range(len(spans)):
        purchases = _purchases_of(items, bought[index], sums)
        group_due = ZERO_CENTS if billed[index] else ZERO
        district_due = ZERO_CENTS if billed_by_province[index] else ZERO
        for item in items:
            if item.round_id not in owing[index] or not sums[item.pk].lines:
                continue
            group_due += sums[item.pk].value
            if item.round_id in provincial:
                district_due += sums[item.pk].value
        kinds = {}
        for round_id, kind, *amounts in paid:
            if round_id in owing[index] and amounts[index] is not None:
                kinds[kind] = kinds.get(kind, ZERO) + amounts[index]
        outstanding = {
            "groups": str(group_due - kinds.get(PaymentKind.GROUP, ZERO)),
            "districts": str(district_due - kinds.get(PaymentKind.DISTRICT, ZERO)),
        }
        results.append((purchases, outstanding))
    return results


def _purchases_of(items: list[RoundItem], rounds: set, sums: dict) -> dict:
    products = {}
    for item in items:
        if item.round_id not in rounds or not sums[item.pk].lines:
            continue
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
        row["quantity"] += sums[item.pk].quantity
        row["value"] += sums[item.pk].value
        if item.reference_price is not None:
            row["savings"] += sums[item.pk].savings
    rows = sorted(products.values(), key=lambda row: row["product"])
    return {
        "products": [
            {**row, **{k: str(row[k]) for k in ("quantity", "value", "savings")}} for row in rows
        ],
        "value": str(sum((row["value"] for row in rows), ZERO)),
        "savings": str(sum((row["savings"] for row in rows), ZERO)),
    }


# Members, meetings, action items ---------------------------------------------------------


def _members(center: Center, spans: list) -> list[dict]:
    memberships = Membership.objects.order_by()
    if center.level == CenterLevel.DISTRICT:
        memberships = memberships.filter(center=center)
    counts = {}
    for index, (start, end) in enumerate(spans):
        counts[f"joined_{index}"] = Count("pk", filter=_span("joined_on", start, end))
        counts[f"left_{index}"] = Count("pk", filter=_span("left_on", start, end))
        # Members on the month's last day, as /network/ counts them today.
        counts[f"active_{index}"] = Count("pk", filter=members_on(end - datetime.timedelta(days=1)))
    found = memberships.aggregate(**counts)
    return [
        {key: found[f"{key}_{index}"] for key in ("joined", "left", "active")}
        for index in range(len(spans))
    ]


def _meetings(center: Center, spans: list) -> list[dict]:
    """Held meetings of the center's committees, with quorum, and the attendance rate."""
    held = list(
        Meeting.objects.filter(committee__center=center, status=MeetingStatus.HELD)
        .filter(_any_span("starts_at", spans, aware=True))
        .annotate(
            rows=Count("attendance"),
            present=Count("attendance", filter=Q(attendance__status=AttendanceStatus.PRESENT)),
        )
        .order_by()
        .values_list("starts_at", "quorum_reached", "rows", "present")
    )
    results = []
    for start, end in spans:
        begin_at, end_at = _aware(start), _aware(end)
        meetings = [row for row in held if begin_at <= row[0] < end_at]
        rows = sum(row[2] for row in meetings)
        present = sum(row[3] for row in meetings)
        rate = (Decimal(present) * 100 / rows).quantize(Decimal("0.1")) if rows else None
        results.append(
            {
                "held": len(meetings),
                "with_quorum": sum(1 for row in meetings if row[1]),
                "attendance_rate": str(rate) if rate is not None else None,
            }
        )
    return results


def _actions(center: Center, spans: list) -> list[dict]:
    """Opened: assigned at a meeting of the month. Done: marked done at a meeting of the
    month (the meeting's date, not the day the minutes were typed). Overdue: due before
    the month's end and, by the last update up to then, still open.

    The items are counted in SQL (opened, and due before each month's end); only the
    updates that can change an answer are read: those marking an item done within a
    month, and those of items due before the last month's end (whose last status up to a
    month's end may close them). An item with no update counts as open."""
    last_end = max(end for _, end in spans)
    last_end_at = _aware(last_end)
    starts_at = "item__meeting__starts_at"
    counts = {}
    for index, (start, end) in enumerate(spans):
        counts[f"opened_{index}"] = Count("pk", filter=_span(starts_at, _aware(start), _aware(end)))
        counts[f"due_{index}"] = Count(
            "pk", filter=Q(**{f"{starts_at}__lt": _aware(end)}, due_on__lt=end)
        )
    found = (
        ActionItem.objects.filter(committee__center=center)
        .filter(
            _any_span(starts_at, spans, aware=True)
            | Q(**{f"{starts_at}__lt": last_end_at}, due_on__lt=last_end)
        )
        .order_by()
        .aggregate(**counts)
    )
    updates = list(
        ActionUpdate.objects.filter(action__committee__center=center)
        .annotate(when=Coalesce("meeting__starts_at", "at"))
        .filter(when__lt=last_end_at)
        .filter(
            (Q(status=ActionStatus.DONE) & _any_span("when", spans, aware=True))
            | Q(**{f"action__{starts_at}__lt": last_end_at}, action__due_on__lt=last_end)
        )
        .order_by("when", "pk")
        .values_list("action_id", "status", "when", f"action__{starts_at}", "action__due_on")
    )
    results = []
    for index, (start, end) in enumerate(spans):
        begin_at, end_at = _aware(start), _aware(end)
        last, done = {}, set()
        for action_id, status, when, assigned_at, due_on in updates:
            if when >= end_at:
                break
            last[action_id] = (status, assigned_at, due_on)
            if status == ActionStatus.DONE and when >= begin_at:
                done.add(action_id)
        # Of the items due by the month's end, those closed by their last update then.
        closed = sum(
            1
            for status, assigned_at, due_on in last.values()
            if assigned_at < end_at
            and due_on is not None
            and due_on < end
            and status not in (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)
        )
        results.append(
            {
                "opened": found[f"opened_{index}"],
                "done": len(done),
                "overdue": found[f"due_{index}"] - closed,
            }
        )
    return results


# A report -----------------------------------------------------------------------------


def first_month() -> tuple[int, int] | None:
    """The earliest (year, month) a report has figures for: the first membership, round
    sent to the supplier, or meeting held (a round recorded afterwards reaches back to
    its real month). None when there is no data yet. Three index-friendly aggregates."""
    first_meeting = Meeting.objects.filter(status=MeetingStatus.HELD).aggregate(
        first=Min("starts_at")
    )["first"]
    days = [
        Membership.objects.aggregate(first=Min("joined_on"))["first"],
        PurchaseRound.objects.filter(status__in=SENT).aggregate(first=Min("ordered_on"))["first"],
        timezone.localdate(first_meeting) if first_meeting else None,
    ]
    day = min((day for day in days if day is not None), default=None)
    return (day.year, day.month) if day else None


def months_figures(center: Center, months: list[tuple[int, int]]) -> list[dict]:
    """The figures of each (year, month), read together."""
    spans = [
        (month_start(year, month), month_start(*next_month(year, month))) for year, month in months
    ]
    trade = _trade(center, spans)
    members = _members(center, spans)
    meetings = _meetings(center, spans)
    actions = _actions(center, spans)
    return [
        {
            "year": year,
            "month": month,
            "purchases": trade[index][0],
            "outstanding": trade[index][1],
            "members": members[index],
            "meetings": meetings[index],
            "actions": actions[index],
        }
        for index, (year, month) in enumerate(months)
    ]


def month_figures(center: Center, year: int, month: int) -> dict:
    return months_figures(center, [(year, month)])[0]


def report(center: Center, year: int, month: int) -> dict:
    """This month beside the previous month and the same month a year before."""
    current, previous, last_year = months_figures(
        center, [(year, month), previous_month(year, month), (year - 1, month)]
    )
    return {"current": current, "previous": previous, "last_year": last_year}


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
