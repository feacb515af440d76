"""A round's life: its transitions (the status machine, each change an event), creating,
editing and copying it, and the checks every writer of a round asks."""

import datetime
from collections.abc import Sequence
from decimal import Decimal

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.db.models import Max, Model
from django.utils import timezone

from songkhla_network import thai
from songkhla_network.fields import NOTE_LENGTH
from transactions.catalogue.selectors import current_reference_price
from transactions.common.status import StatusMachine, Transition, record_status_event

from .. import selectors
from ..models import (
    OrderLine,
    OrderStatus,
    PriceTier,
    PurchaseRound,
    RoundEvent,
    RoundItem,
    RoundStatus,
)
from . import notices
from .errors import RoundError

Action = Transition  # a round's transition: its name, button label, sources, target


ACTIONS = StatusMachine(
    Action("open", "เปิดรับคำสั่งซื้อ", (RoundStatus.DRAFT,), RoundStatus.OPEN),
    Action("close", "ปิดรับคำสั่งซื้อ", (RoundStatus.OPEN,), RoundStatus.CLOSED),
    Action("reopen", "เปิดรับคำสั่งซื้ออีกครั้ง", (RoundStatus.CLOSED,), RoundStatus.OPEN, True),
    Action("order", "สั่งซื้อจากผู้จำหน่าย", (RoundStatus.CLOSED,), RoundStatus.ORDERED),
    Action("deliver", "บันทึกว่าส่งมอบครบแล้ว", (RoundStatus.ORDERED,), RoundStatus.DELIVERED),
    Action("settle", "ปิดรอบ (ชำระเงินครบ)", (RoundStatus.DELIVERED,), RoundStatus.SETTLED),
    Action(
        "cancel",
        "ยกเลิกรอบ",
        (RoundStatus.DRAFT, RoundStatus.OPEN, RoundStatus.CLOSED, RoundStatus.ORDERED),
        RoundStatus.CANCELLED,
        True,
    ),
)


def available_actions(purchase_round: PurchaseRound) -> list[Action]:
    return ACTIONS.available(purchase_round.status)


def asks_confirmation(
    purchase_round: PurchaseRound, name: str, now: datetime.datetime | None = None
) -> bool:
    """What cannot be taken back is confirmed first: sending the order to the supplier,
    cancelling, and closing before the closing time (districts still entering orders
    are left out; a reopening needs a reason)."""
    if name in ("order", "cancel"):
        return True
    if name == "close":
        return (now or timezone.now()) < purchase_round.closes_at
    return False


def check_transition(
    purchase_round: PurchaseRound,
    name: str,
    note: str = "",
    now: datetime.datetime | None = None,
    *,
    ordered_on: datetime.date | None = None,
) -> Action:
    """transition's refusals read without locks: a confirmation is asked only for a
    change that can go through. Returns the action."""
    action = ACTIONS.get(name)
    if action is None:
        raise RoundError("ไม่รู้จักคำสั่งนี้")
    if purchase_round.status not in action.sources:
        raise RoundError(
            f"รอบนี้อยู่ในสถานะ “{purchase_round.get_status_display()}” จึง{action.label}ไม่ได้"
        )
    now = now or timezone.now()
    _check_ordered(purchase_round, name, ordered_on, now)
    _check_transition(purchase_round, action, note, now)
    return action


def _check_ordered(
    purchase_round: PurchaseRound,
    name: str,
    ordered_on: datetime.date | None,
    now: datetime.datetime,
) -> None:
    """The supplier-order day is typed only in a round recorded afterwards, and there
    it is required."""
    past = purchase_round.recorded_afterwards
    if ordered_on is not None and not (past and name == "order"):
        raise RoundError("ระบุวันที่สั่งซื้อได้เฉพาะรอบที่บันทึกย้อนหลัง รอบปกติสั่งซื้อในวันที่กด", field="ordered_on")
    if past and name == "order":
        _check_ordered_on(purchase_round, ordered_on, now)


def _locked(purchase_round: PurchaseRound) -> PurchaseRound:
    return (
        PurchaseRound.objects.select_for_update().select_related("center").get(pk=purchase_round.pk)
    )


def record_event(
    purchase_round: PurchaseRound,
    from_status: str,
    user: User | None,
    note: str = "",
    *,
    at: datetime.datetime | None = None,
) -> None:
    """A RoundEvent for the round's current status: who, when, from what, why. `at`: when
    it happened, for a change entered afterwards (then also stamped with when it was
    entered)."""
    record_status_event(
        RoundEvent,
        round=purchase_round,
        from_status=from_status,
        to_status=purchase_round.status,
        by=user,
        at=at,
        note=note,
    )


NOON = datetime.time(12, 0)


def moment_on(
    day: datetime.date,
    *,
    after: datetime.datetime | None = None,
    before: datetime.datetime | None = None,
) -> datetime.datetime:
    """A moment on `day` for something whose date is known but not its time (a round
    recorded afterwards): noon in Bangkok, moved no earlier than `after` and no later than
    `before`, so that it keeps its place among the round's other moments."""
    moment = thai.local_datetime(day, NOON)
    if after is not None and moment < after:
        moment = after
    if before is not None and moment > before:
        moment = before
    return moment


def _be(day: datetime.date) -> str:
    return thai.be_date(day)


def _last_event_at(purchase_round: PurchaseRound) -> datetime.datetime | None:
    event = purchase_round.events.order_by("-at", "-pk").first()
    return event.at if event else None


def _closed_at(purchase_round: PurchaseRound) -> datetime.datetime:
    """When the round last stopped taking orders (its last change to closed)."""
    event = (
        purchase_round.events.filter(to_status=RoundStatus.CLOSED).order_by("-at", "-pk").first()
    )
    return event.at if event else purchase_round.closes_at


def _check_note(note: str) -> None:
    """A reason or note is kept in the round's history: a person's length, not a page's."""
    if len(note.strip()) > NOTE_LENGTH:
        raise RoundError(
            f"เหตุผลหรือหมายเหตุยาวได้ไม่เกิน {NOTE_LENGTH:,} ตัวอักษร "
            f"(ที่พิมพ์มา {len(note.strip()):,} ตัวอักษร) กรุณาสรุปให้สั้นลง"
        )


def _check_transition(
    purchase_round: PurchaseRound, action: Action, note: str, now: datetime.datetime
) -> None:
    _check_note(note)
    if action.needs_note and not note.strip():
        reasons = {"reopen": "กรุณาระบุเหตุผลที่เปิดรับคำสั่งซื้ออีกครั้ง", "cancel": "กรุณาระบุเหตุผลที่ยกเลิกรอบ"}
        raise RoundError(reasons[action.name])
    if action.name in ("open", "reopen"):
        if not purchase_round.items.exists():
            raise RoundError("ยังไม่มีสินค้าในรอบนี้ กรุณาเพิ่มสินค้าก่อนเปิดรับคำสั่งซื้อ")
        if purchase_round.closes_at <= now and not purchase_round.recorded_afterwards:
            raise RoundError(
                "เวลาปิดรับคำสั่งซื้อผ่านไปแล้ว "
                f"({thai.be_datetime(purchase_round.closes_at)}) กรุณาแก้ไขเวลาปิดก่อน "
                "ถ้าเป็นรอบที่เกิดขึ้นแล้ว ให้ฝ่ายการตลาดของศูนย์จังหวัดสร้างเป็นรอบที่บันทึกย้อนหลัง"
            )
    if action.name == "order":
        if purchase_round.supplier_id is None:
            raise RoundError("กรุณาระบุผู้จำหน่ายก่อนสั่งซื้อ")
        figures = selectors.round_figures(purchase_round)
        if figures.amount <= 0:
            raise RoundError("ยังไม่มีศูนย์อำเภอใดส่งคำสั่งซื้อ จึงสั่งซื้อจากผู้จำหน่ายไม่ได้")
        minimum = purchase_round.minimum_total
        if minimum is not None and figures.amount < minimum:
            raise RoundError(
                f"ยอดรวม {thai.baht(figures.amount)} ต่ำกว่ายอดขั้นต่ำ {thai.baht(minimum)} "
                "จึงไม่ส่งคำสั่งซื้อให้ผู้จำหน่าย (ยกเลิกรอบ หรือเปิดรับคำสั่งซื้ออีกครั้ง)"
            )
    if action.name == "deliver":
        figures = selectors.round_figures(purchase_round)
        if any(item.short for item in figures.items) and any(
            district.order and district.counted and district.order.allocation_confirmed_at is None
            for district in figures.districts
            if district.groups
        ):
            raise RoundError("ยังมีศูนย์อำเภอที่ยังไม่ยืนยันการจัดสรรสินค้าที่ส่งได้ไม่ครบ")
        if not figures.delivery_complete:
            missing = [
                f"{item.product} อีก {thai.number(item.to_deliver, item.product.decimal_places)} "
                f"{item.product.get_unit_display()}"
                for item in figures.items
                if item.to_deliver > 0
            ]
            raise RoundError("ผู้จำหน่ายยังส่งมอบไม่ครบ: " + ", ".join(missing))
    if action.name == "settle":
        figures = selectors.round_figures(purchase_round)
        if not figures.pickup_complete:
            raise RoundError("ยังมีกลุ่มที่ยังไม่ได้รับสินค้าครบ จึงปิดรอบไม่ได้")
        if not figures.paid_in_full:
            raise RoundError(
                f"ยังมียอดค้างชำระ {thai.baht(figures.outstanding or figures.groups_outstanding)} "
                "จึงปิดรอบไม่ได้"
            )


def transition(
    purchase_round: PurchaseRound,
    name: str,
    user: User | None,
    note: str = "",
    now: datetime.datetime | None = None,
    *,
    ordered_on: datetime.date | None = None,
) -> PurchaseRound:
    """Move the round to another state, or raise RoundError saying why not.

    A round recorded afterwards changes state on the dates it did: it opens at its
    opening time and closes at its closing time, is sent to the supplier on `ordered_on`
    (required for it, refused for any other round), is delivered on its last delivery's
    date and settled on its last payment's or pickup's; each event says when it was
    entered."""
    action = ACTIONS.get(name)
    if action is None:
        raise RoundError("ไม่รู้จักคำสั่งนี้")
    now = now or timezone.now()
    try:
        return _transition(purchase_round, action, user, note, now, ordered_on)
    except IntegrityError:
        # Two rounds ordered at the same moment drew the same purchase-order number.
        raise RoundError("มีการสั่งซื้ออีกรอบพร้อมกัน กรุณากดอีกครั้ง") from None


def _check_ordered_on(
    purchase_round: PurchaseRound, ordered_on: datetime.date | None, now: datetime.datetime
) -> None:
    """The supplier is sent the order after the round stopped taking orders, and not
    in the future."""
    if ordered_on is None:
        raise RoundError("กรุณาระบุวันที่สั่งซื้อจากผู้จำหน่าย", field="ordered_on")
    closed_on = timezone.localdate(_closed_at(purchase_round))
    if ordered_on < closed_on:
        raise RoundError(
            f"วันที่สั่งซื้อจากผู้จำหน่ายต้องไม่ก่อนวันที่ปิดรับคำสั่งซื้อ ({_be(closed_on)})",
            field="ordered_on",
        )
    if ordered_on > timezone.localdate(now):
        raise RoundError("วันที่สั่งซื้อจากผู้จำหน่ายต้องไม่เป็นวันในอนาคต", field="ordered_on")


def _happened_at(
    locked: PurchaseRound, name: str, now: datetime.datetime, ordered_on: datetime.date | None
) -> datetime.datetime | None:
    """When a change of a round recorded afterwards happened (None: now, as it is made)."""
    if name == "open":
        return locked.opens_at
    if name in ("close", "reopen"):
        # A reopening of a round recorded afterwards corrects what was entered: it is
        # placed at the closing time, where the round is closed again.
        return locked.closes_at
    after, day = _last_event_at(locked), None
    if name == "order":
        day = ordered_on
    elif name == "deliver":
        day = locked.deliveries.aggregate(last=Max("delivered_on"))["last"]
    elif name == "settle":
        day = max(
            filter(
                None,
                [
                    locked.deliveries.aggregate(last=Max("delivered_on"))["last"],
                    locked.pickups.aggregate(last=Max("picked_up_on"))["last"],
                    locked.payments.aggregate(last=Max("paid_on"))["last"],
                ],
            ),
            default=None,
        )
    if day is None:
        return None
    return moment_on(day, after=after, before=now)


def _transition(
    purchase_round: PurchaseRound,
    action: Action,
    user: User | None,
    note: str,
    now: datetime.datetime,
    ordered_on: datetime.date | None,
) -> PurchaseRound:
    name = action.name
    with transaction.atomic():
        locked = _locked(purchase_round)
        if locked.status not in action.sources:
            raise RoundError(f"รอบนี้อยู่ในสถานะ “{locked.get_status_display()}” จึง{action.label}ไม่ได้")
        past = locked.recorded_afterwards
        _check_ordered(locked, name, ordered_on, now)
        _check_transition(locked, action, note, now)
        if name == "order" and not past:
            ordered_on = timezone.localdate(now)
        at = _happened_at(locked, name, now, ordered_on) if past else None
        previous = locked.status
        locked.status = action.target
        fields = ["status"]
        if name == "order":
            assert ordered_on is not None  # today, or required by _check_ordered
            locked.ordered_on = ordered_on
            if not locked.order_number:
                locked.order_number = next_order_number(locked, ordered_on)
            fields += ["ordered_on", "order_number"]
        if name == "reopen":
            locked.reminded_at = None
            fields.append("reminded_at")
        locked._change_reason = note  # type: ignore[attr-defined]  # read by simple_history
        locked.save(update_fields=fields)
        record_event(locked, previous, user, note.strip(), at=at)
        if locked.status == RoundStatus.OPEN:
            notices.round_opened(locked, now=now)
    return locked


def next_order_number(purchase_round: PurchaseRound, ordered_on: datetime.date) -> str:
    """ใบสั่งซื้อ numbers run per Buddhist-Era year of the order: 3/2569."""
    year = ordered_on.year
    count = (
        PurchaseRound.objects.filter(ordered_on__year=year)
        .exclude(pk=purchase_round.pk)
        .exclude(order_number="")
        .count()
    )
    return f"{count + 1}/{year + thai.BE_OFFSET}"


PRICES_LOCKED = (
    "สินค้าและราคาของรอบนี้แก้ไขไม่ได้แล้ว เพราะมีศูนย์อำเภอส่งคำสั่งซื้อแล้วหรือปิดรับคำสั่งซื้อแล้ว "
    "ถ้าจำเป็นต้องแก้ ให้ส่งคืนคำสั่งซื้อที่ส่งมาแล้วก่อน"
)


def prices_locked(purchase_round: PurchaseRound) -> bool:
    """Products, prices and tiers stay as they were once a district has submitted its
    order or the round has closed: what the districts agreed to is what they pay."""
    if purchase_round.status not in (RoundStatus.DRAFT, RoundStatus.OPEN):
        return True
    return purchase_round.orders.filter(status=OrderStatus.SUBMITTED).exists()


def lock_for_edit(purchase_round: PurchaseRound, *, prices: bool) -> PurchaseRound:
    """Inside a transaction: lock the round and check it may still be edited (and, with
    prices=True, its products and prices)."""
    locked = _locked(purchase_round)
    if not locked.editable:
        raise RoundError("รอบที่สั่งซื้อจากผู้จำหน่ายแล้วแก้ไขไม่ได้")
    if prices and prices_locked(locked):
        raise RoundError(PRICES_LOCKED)
    return locked


ItemChanges = list[tuple[RoundItem, bool]]  # (item, delete?) in the order they are made


def _fill_reference_prices(purchase_round: PurchaseRound) -> None:
    """Items without a reference price take the product's latest one on the opening day."""
    day = timezone.localdate(purchase_round.opens_at)
    for item in purchase_round.items.select_related("product"):
        if item.reference_price is None:
            reference = current_reference_price(item.product, day)
            if reference is not None:
                item.reference_price = reference.price
                item.reference_price_on = reference.effective_on
                item.save(update_fields=["reference_price", "reference_price_on"])


def _apply(changes: Sequence[tuple[Model, bool]], by: User | None) -> None:
    for row, delete in changes:
        row._history_user = by  # type: ignore[attr-defined]  # read by simple_history
        if delete:
            row.delete()
        else:
            row.save()


def round_create(
    *, purchase_round: PurchaseRound, items: list[RoundItem], by: User | None
) -> PurchaseRound:
    """Save a new round (a draft: its center, title, supplier, dates and terms as the form
    set them, and for a round recorded afterwards who records it) with its products and
    prices. Products without a reference price take their latest; the round's history
    begins with its creation, dated at its opening for a round recorded afterwards."""
    with transaction.atomic():
        purchase_round.created_by = by
        purchase_round._history_user = by  # type: ignore[attr-defined]  # read by simple_history
        purchase_round.save()
        _apply([(item, False) for item in items], by)
        _fill_reference_prices(purchase_round)
        if purchase_round.recorded_afterwards:
            record_event(purchase_round, "", by, "สร้างรอบ (บันทึกย้อนหลัง)", at=purchase_round.opens_at)
        else:
            record_event(purchase_round, "", by, "สร้างรอบ")
    return purchase_round


def round_update(
    *, purchase_round: PurchaseRound, items: ItemChanges | None, by: User | None
) -> PurchaseRound:
    """Save the changes of a round not yet sent to the supplier, as the form set them;
    `items`: its products and prices changed, added and removed, or None while its prices
    are locked (prices_locked). A product with orders stays in the round."""
    with transaction.atomic():
        locked = lock_for_edit(purchase_round, prices=items is not None)
        removed = [item.pk for item, delete in items or [] if delete]
        if removed and OrderLine.objects.filter(item__in=removed).exists():
            raise RoundError("สินค้าที่มีคำสั่งซื้อแล้วลบออกจากรอบไม่ได้")
        purchase_round.status = locked.status
        purchase_round._history_user = by  # type: ignore[attr-defined]  # read by simple_history
        purchase_round.save()
        if items is not None:
            _apply(items, by)
            _fill_reference_prices(purchase_round)
    return purchase_round


def round_tiers_update(
    *, purchase_round: PurchaseRound, tiers: list[tuple[PriceTier, bool]], by: User | None
) -> None:
    """Save a product's volume prices in a round whose prices may still change."""
    with transaction.atomic():
        lock_for_edit(purchase_round, prices=True)
        _apply(tiers, by)


def copy_round(
    source: PurchaseRound,
    user: User | None,
    opens_at: datetime.datetime,
    closes_at: datetime.datetime,
) -> PurchaseRound:
    """A new draft with the source's products, prices, tiers and supplier; new dates."""
    with transaction.atomic():
        copy = PurchaseRound.objects.create(
            title=f"{source.title} (ฉบับคัดลอก)",
            center=source.center,
            supplier=source.supplier,
            opens_at=opens_at,
            closes_at=closes_at,
            minimum_total=source.minimum_total,
            note=source.note,
            delivery_terms=source.delivery_terms,
            copied_from=source,
            created_by=user,
        )
        for item in source.items.prefetch_related("tiers"):
            new_item = RoundItem.objects.create(
                round=copy,
                product=item.product,
                unit_price=item.unit_price,
                reference_price=item.reference_price,
                reference_price_on=item.reference_price_on,
            )
            new_item.tiers.bulk_create(
                [
                    type(tier)(
                        item=new_item, min_quantity=tier.min_quantity, unit_price=tier.unit_price
                    )
                    for tier in item.tiers.all()
                ]
            )
        record_event(copy, "", user, f"คัดลอกจากรอบ “{source.title}”")
    return copy


def _check_quantity(item: RoundItem, quantity: Decimal, *, total: bool = False) -> None:
    """A quantity of the item's product as one line (or a round's total): not negative,
    within its unit's maximum, in its decimal places. Every writer asks, whatever called it
    (a form checks first, with the same words)."""
    if not quantity.is_finite() or quantity < 0:
        raise RoundError(f"{item.product}: ปริมาณต้องเป็นตัวเลขไม่ติดลบ")
    error = item.product.quantity_error(quantity, total=total)
    if error:
        raise RoundError(error)
