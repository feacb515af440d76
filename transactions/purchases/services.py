"""The rules of joint purchasing: state changes of a round, saving and submitting a
district's order, allocating a short delivery, and the timer's work.

Every function that changes data locks the round row first (SELECT ... FOR UPDATE), so
a close and an order save never interleave: either the save lands before the close, or
it waits, sees the round closed and is refused.
"""

import datetime
import uuid
from collections import defaultdict
from decimal import Decimal

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import IntegrityError, connection, transaction
from django.db.models import Max, Model
from django.utils import timezone

from centers.models import CenterLevel, StaffAssignment
from songkhla_network import thai
from songkhla_network.fields import NOTE_LENGTH
from transactions.catalogue.models import PAYMENT_MAXIMUM
from transactions.catalogue.selectors import current_reference_price
from transactions.common.entries import record_once
from transactions.common.money import ZERO, split_in_proportion
from transactions.common.status import StatusMachine, Transition, record_status_event

from . import selectors
from .models import (
    Allocation,
    Delivery,
    DistrictOrder,
    OrderLine,
    OrderStatus,
    Payment,
    Pickup,
    PriceTier,
    PurchaseRound,
    RoundEvent,
    RoundItem,
    RoundStatus,
)


class RoundError(Exception):
    """A refused action; the message is Thai and meant for the user. `field`: the form
    field the refusal is about (a date), for the form to show it beside that field."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


class OrderConflict(RoundError):
    """Someone else saved the district's order since this form was drawn."""


class RemovalsUnconfirmed(RoundError):
    """The save would delete lines the groups had ordered, and the user has not yet
    confirmed it. `removals`: [(organization id, item id, quantity)], nothing saved."""

    def __init__(self, removals):
        self.removals = removals
        super().__init__("การบันทึกนี้จะลบคำสั่งซื้อเดิมของกลุ่ม กรุณาตรวจสอบรายการแล้วยืนยัน")


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


def asks_confirmation(purchase_round: PurchaseRound, name: str, now=None) -> bool:
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
    now=None,
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


def _check_ordered(purchase_round: PurchaseRound, name: str, ordered_on, now) -> None:
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


def record_event(purchase_round, from_status, user, note="", *, at=None):
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


def moment_on(day: datetime.date, *, after=None, before=None) -> datetime.datetime:
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


def _last_event_at(purchase_round: PurchaseRound):
    event = purchase_round.events.order_by("-at", "-pk").first()
    return event.at if event else None


def _closed_at(purchase_round: PurchaseRound):
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


def _check_transition(purchase_round: PurchaseRound, action: Action, note: str, now) -> None:
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
    user,
    note: str = "",
    now=None,
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


def _check_ordered_on(purchase_round: PurchaseRound, ordered_on, now) -> None:
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


def _happened_at(locked: PurchaseRound, name: str, now, ordered_on):
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


def _transition(purchase_round, action, user, note, now, ordered_on) -> PurchaseRound:
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
            locked.ordered_on = ordered_on
            if not locked.order_number:
                locked.order_number = next_order_number(locked, ordered_on)
            fields += ["ordered_on", "order_number"]
        if name == "reopen":
            locked.reminded_at = None
            fields.append("reminded_at")
        locked._change_reason = note
        locked.save(update_fields=fields)
        record_event(locked, previous, user, note.strip(), at=at)
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
    if locked.status not in (RoundStatus.DRAFT, RoundStatus.OPEN, RoundStatus.CLOSED):
        raise RoundError("รอบที่สั่งซื้อจากผู้จำหน่ายแล้วแก้ไขไม่ได้")
    if prices and prices_locked(locked):
        raise RoundError(PRICES_LOCKED)
    return locked


# Creating and editing a round ---------------------------------------------------------

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


def _apply(changes: list[tuple[Model, bool]], by) -> None:
    for row, delete in changes:
        row._history_user = by
        if delete:
            row.delete()
        else:
            row.save()


def round_create(*, purchase_round: PurchaseRound, items: list[RoundItem], by) -> PurchaseRound:
    """Save a new round (a draft: its center, title, supplier, dates and terms as the form
    set them, and for a round recorded afterwards who records it) with its products and
    prices. Products without a reference price take their latest; the round's history
    begins with its creation, dated at its opening for a round recorded afterwards."""
    with transaction.atomic():
        purchase_round.created_by = by
        purchase_round._history_user = by
        purchase_round.save()
        _apply([(item, False) for item in items], by)
        _fill_reference_prices(purchase_round)
        if purchase_round.recorded_afterwards:
            record_event(purchase_round, "", by, "สร้างรอบ (บันทึกย้อนหลัง)", at=purchase_round.opens_at)
        else:
            record_event(purchase_round, "", by, "สร้างรอบ")
    return purchase_round


def round_update(*, purchase_round: PurchaseRound, items: ItemChanges | None, by) -> PurchaseRound:
    """Save the changes of a round not yet sent to the supplier, as the form set them;
    `items`: its products and prices changed, added and removed, or None while its prices
    are locked (prices_locked). A product with orders stays in the round."""
    with transaction.atomic():
        locked = lock_for_edit(purchase_round, prices=items is not None)
        removed = [item.pk for item, delete in items or [] if delete]
        if removed and OrderLine.objects.filter(item__in=removed).exists():
            raise RoundError("สินค้าที่มีคำสั่งซื้อแล้วลบออกจากรอบไม่ได้")
        purchase_round.status = locked.status
        purchase_round._history_user = by
        purchase_round.save()
        if items is not None:
            _apply(items, by)
            _fill_reference_prices(purchase_round)
    return purchase_round


def round_tiers_update(
    *, purchase_round: PurchaseRound, tiers: list[tuple[PriceTier, bool]], by
) -> None:
    """Save a product's volume prices in a round whose prices may still change."""
    with transaction.atomic():
        lock_for_edit(purchase_round, prices=True)
        _apply(tiers, by)


# Orders -------------------------------------------------------------------------------


def order_for(purchase_round: PurchaseRound, center) -> DistrictOrder:
    order, _ = DistrictOrder.objects.get_or_create(round=purchase_round, center=center)
    return order


def _shared_round_lock(purchase_round: PurchaseRound) -> PurchaseRound:
    """The round row locked FOR SHARE on PostgreSQL: saves of different districts run side
    by side (each district's order row, locked FOR UPDATE, still serialises its own
    saves), while a close, which takes the round row FOR UPDATE, waits for the saves under
    way and they for it, as with the exclusive lock. SQLite has no row locks: there every
    transaction begins IMMEDIATE (settings) and holds the database's write lock, so the
    save runs whole before or after a close."""
    if connection.vendor != "postgresql":
        return _locked(purchase_round)
    table = PurchaseRound._meta.db_table
    return PurchaseRound.objects.raw(
        f'SELECT * FROM "{table}" WHERE "id" = %s FOR SHARE', [purchase_round.pk]
    )[0]


def save_order(
    purchase_round: PurchaseRound,
    center,
    quantities: dict,
    *,
    version: int,
    submission_key: uuid.UUID | None,
    user,
    allowed_groups: set,
    confirmed_removals: frozenset = frozenset(),
) -> tuple[DistrictOrder, bool]:
    """Replace the district's lines by `quantities` {(organization id, item id): quantity}.

    Returns (order, saved). saved is False when this exact form was already saved (a
    double submission, or a retry after a lost answer, even when others saved since):
    nothing is written twice. Raises OrderConflict when someone saved since `version`,
    RoundError when the round no longer takes orders or the order is locked, and
    RemovalsUnconfirmed when lines a group had ordered would go (a cleared cell, a
    group no longer a member) that are not among `confirmed_removals` {(organization
    id, item id)}: the user saw the list of what goes and confirmed it.
    """
    with transaction.atomic():
        locked_round = _shared_round_lock(purchase_round)
        order = (
            DistrictOrder.objects.select_for_update()
            .filter(round=locked_round, center=center)
            .order_by("pk")
            .first()
        )
        if order is None:
            order, _ = DistrictOrder.objects.get_or_create(round=locked_round, center=center)
            order = DistrictOrder.objects.select_for_update().get(pk=order.pk)
        if submission_key is not None and _already_saved(order, submission_key):
            return order, False
        if not locked_round.accepts_orders:
            raise RoundError("รอบนี้ปิดรับคำสั่งซื้อแล้ว คำสั่งซื้อนี้จึงไม่ได้บันทึก")
        if order.is_locked:
            raise RoundError("ส่งคำสั่งซื้อของอำเภอนี้ให้ศูนย์จังหวัดแล้ว แก้ไขไม่ได้จนกว่าศูนย์จังหวัดจะส่งคืน")
        if order.version != version:
            raise OrderConflict(_conflict_message(order))
        items = {item.pk: item for item in locked_round.items.select_related("product")}
        for (organization_id, item_id), quantity in quantities.items():
            if organization_id not in allowed_groups:
                raise RoundError("มีกลุ่มที่ไม่ใช่สมาชิกของศูนย์อำเภอนี้ในคำสั่งซื้อ")
            if item_id not in items:
                raise RoundError("มีสินค้าที่ไม่อยู่ในรอบนี้ในคำสั่งซื้อ")
            if quantity is not None:
                _check_quantity(items[item_id], quantity)
        existing = {
            (organization_id, item_id): (pk, stored)
            for pk, organization_id, item_id, stored in order.lines.order_by().values_list(
                "pk", "organization_id", "item_id", "quantity"
            )
        }
        # A changed line is replaced (nothing refers to a line; one DELETE and one INSERT
        # cost less than an UPDATE per line or bulk_update's CASE).
        to_create, to_delete, cleared = [], [], []
        for key, quantity in quantities.items():
            pk, stored = existing.pop(key, (None, None))
            if pk is not None and quantity != stored:
                to_delete.append(pk)
                if not quantity:
                    cleared.append((key, stored))
            if quantity and quantity != stored:
                to_create.append(
                    OrderLine(
                        order=order, organization_id=key[0], item_id=key[1], quantity=quantity
                    )
                )
        # Lines of groups that are no longer active members go: no order for them.
        former = [
            (key, stored) for key, (_, stored) in existing.items() if key[0] not in allowed_groups
        ]
        to_delete += [existing[key][0] for key, _ in former]
        removals = [(key[0], key[1], stored) for key, stored in cleared + former]
        if any((key[0], key[1]) not in confirmed_removals for key in removals):
            raise RemovalsUnconfirmed(removals)
        if to_delete:
            OrderLine.objects.filter(pk__in=to_delete).delete()
        OrderLine.objects.bulk_create(to_create)
        order.version += 1
        order.last_submission_key = submission_key
        order.updated_at = timezone.now()
        order.updated_by = user
        if order.status == OrderStatus.RETURNED:
            order.status = OrderStatus.DRAFT
        order.save()
    return order, True


def _submitted_at(purchase_round: PurchaseRound, submitted_on) -> datetime.datetime:
    """When a district's order was submitted: now, or in a round recorded afterwards the
    day it was (`submitted_on`), while the round took orders."""
    if not purchase_round.recorded_afterwards:
        if submitted_on is not None:
            raise RoundError("ระบุวันที่ส่งได้เฉพาะรอบที่บันทึกย้อนหลัง รอบปกติส่งในวันที่กด", field="submitted_on")
        return timezone.now()
    if submitted_on is None:
        raise RoundError("กรุณาระบุวันที่อำเภอส่งคำสั่งซื้อ", field="submitted_on")
    opened = timezone.localdate(purchase_round.opens_at)
    closed = timezone.localdate(purchase_round.closes_at)
    if not opened <= submitted_on <= closed:
        raise RoundError(
            f"วันที่ส่งคำสั่งซื้อต้องอยู่ระหว่างวันที่เปิดและปิดรับคำสั่งซื้อของรอบ ({_be(opened)} ถึง {_be(closed)})",
            field="submitted_on",
        )
    return moment_on(submitted_on, after=purchase_round.opens_at, before=purchase_round.closes_at)


def _already_saved(order: DistrictOrder, submission_key: uuid.UUID) -> bool:
    """Was the form with this key saved, as the last save or an earlier one (its history)?"""
    if order.last_submission_key == submission_key:
        return True
    return order.history.filter(last_submission_key=submission_key).exists()


def _conflict_message(order: DistrictOrder) -> str:
    """Why this form's version is not the order's: a save by someone, or a return."""
    if order.returned_at and (order.updated_at is None or order.returned_at > order.updated_at):
        who = order.returned_by.get_full_name() if order.returned_by else "ศูนย์จังหวัด"
        return (
            f"{who} ส่งคืนคำสั่งซื้อของอำเภอนี้เมื่อ {thai.be_datetime(order.returned_at)} "
            "หลังจากที่คุณเปิดหน้านี้ ตัวเลขด้านล่างเป็นตัวเลขล่าสุด กรุณาตรวจสอบแล้วบันทึกอีกครั้ง"
        )
    who = order.updated_by.get_full_name() if order.updated_by else "ผู้ใช้อื่น"
    return (
        f"{who} บันทึกคำสั่งซื้อของอำเภอนี้ไปแล้วเมื่อ {thai.be_datetime(order.updated_at)} "
        "ระหว่างที่คุณกำลังแก้ไข ตัวเลขด้านล่างเป็นตัวเลขล่าสุด กรุณาตรวจสอบแล้วบันทึกอีกครั้ง"
    )


def _check_submit(purchase_round, center, order, version: int) -> None:
    """Raise RoundError when the district's order may not be submitted as drawn."""
    if not purchase_round.accepts_orders:
        raise RoundError("รอบนี้ปิดรับคำสั่งซื้อแล้ว จึงส่งคำสั่งซื้อไม่ได้")
    if (order.version if order else 0) != version:
        raise OrderConflict("คำสั่งซื้อมีการแก้ไขหลังจากที่คุณเปิดหน้านี้ กรุณาตรวจสอบตัวเลขล่าสุดแล้วกดส่งอีกครั้ง")
    if order is None or not order.lines.exists():
        raise RoundError("ยังไม่มีรายการสั่งซื้อ กรุณากรอกปริมาณแล้วบันทึกก่อนส่ง")
    active = {group.pk for group in selectors.ordering_groups(center)}
    if order.lines.exclude(organization_id__in=active).exists():
        raise RoundError("มีรายการของกลุ่มที่ไม่ได้เป็นสมาชิกอยู่แล้ว กดบันทึกอีกครั้งเพื่อลบรายการนั้นก่อนส่ง")


def check_submit(
    purchase_round: PurchaseRound,
    center,
    version: int,
    *,
    submitted_on: datetime.date | None = None,
) -> bool:
    """submit_order's refusals read without locks, so that a confirmation is asked only
    for a submission that can go through. False: already submitted, nothing to ask."""
    order = purchase_round.orders.filter(center=center).order_by("pk").first()
    if order is not None and order.status == OrderStatus.SUBMITTED:
        return False
    _check_submit(purchase_round, center, order, version)
    _submitted_at(purchase_round, submitted_on)
    return True


def submit_order(
    purchase_round: PurchaseRound,
    center,
    user,
    version: int,
    *,
    submitted_on: datetime.date | None = None,
) -> DistrictOrder:
    """Lock the district's order and send it to the province. `submitted_on`: in a round
    recorded afterwards, the day the district submitted it (required there)."""
    with transaction.atomic():
        locked_round = _locked(purchase_round)
        order, _ = DistrictOrder.objects.get_or_create(round=locked_round, center=center)
        order = DistrictOrder.objects.select_for_update().get(pk=order.pk)
        if order.status == OrderStatus.SUBMITTED:
            return order  # a double click: already submitted
        _check_submit(locked_round, center, order, version)
        submitted_at = _submitted_at(locked_round, submitted_on)
        order.status = OrderStatus.SUBMITTED
        order.submitted_at = submitted_at
        order.submitted_by = user
        order.returned_reason = ""
        order.save()
    return order


def return_order(purchase_round: PurchaseRound, center, user, reason: str) -> DistrictOrder:
    if not reason.strip():
        raise RoundError("กรุณาระบุเหตุผลที่ส่งคืนให้อำเภอแก้ไข")
    _check_note(reason)
    with transaction.atomic():
        locked_round = _locked(purchase_round)
        if locked_round.status != RoundStatus.OPEN:
            raise RoundError("ส่งคืนได้เฉพาะระหว่างเปิดรับคำสั่งซื้อ ถ้าปิดรอบแล้วให้เปิดรับคำสั่งซื้ออีกครั้งก่อน")
        order = (
            DistrictOrder.objects.select_for_update()
            .filter(round=locked_round, center=center)
            .order_by("pk")  # no ordering joins: FOR UPDATE refuses outer joins
            .first()
        )
        if order is None or order.status != OrderStatus.SUBMITTED:
            raise RoundError("คำสั่งซื้อนี้ยังไม่ได้ส่งมา จึงส่งคืนไม่ได้")
        order.status = OrderStatus.RETURNED
        order.returned_reason = reason.strip()
        # A new version: a submit form drawn before the return must not go through
        # unread. The figures are unchanged, so their last editor stays who saved them.
        order.version += 1
        order.returned_at = timezone.now()
        order.returned_by = user
        order.save()
    return order


# Short deliveries ---------------------------------------------------------------------


def set_supplied_quantity(item: RoundItem, supplied: Decimal | None, user) -> None:
    """Record what the supplier can deliver of a product and propose the allocation: the
    shortfall falls on the districts in proportion to their orders, then on the groups
    of each district in proportion to theirs. Confirmations are cleared."""
    with transaction.atomic():
        purchase_round = _locked(item.round)
        if purchase_round.status != RoundStatus.ORDERED:
            raise RoundError("บันทึกปริมาณที่ส่งได้จริงได้เมื่อสั่งซื้อจากผู้จำหน่ายแล้วเท่านั้น")
        figures = selectors.round_figures(purchase_round)
        item_figures = next(f for f in figures.items if f.item.pk == item.pk)
        if supplied is not None and supplied > item_figures.total:
            raise RoundError(
                "ปริมาณที่ส่งได้จริงมากกว่าที่สั่ง "
                f"({thai.number(item_figures.total, item.product.decimal_places)}) ไม่ต้องจัดสรร"
            )
        if supplied is not None:
            _check_quantity(item, supplied, total=True)
        if supplied is not None and supplied == item_figures.total:
            supplied = None  # nothing short
        item.supplied_quantity = supplied
        item.save(update_fields=["supplied_quantity"])
        Allocation.objects.filter(item=item).delete()
        DistrictOrder.objects.filter(round=purchase_round).update(
            allocation_confirmed_at=None, allocation_confirmed_by=None
        )
        if supplied is None:
            return
        quantum = item.product.quantum
        districts = {
            district.center.pk: district.ordered.get(item.pk, ZERO)
            for district in figures.districts
            if district.counted
        }
        district_shares = split_in_proportion(supplied, districts, quantum)
        rows = []
        for district in figures.districts:
            if district.center.pk not in district_shares:
                continue
            weights = {
                group.organization.pk: group.ordered.get(item.pk, ZERO) for group in district.groups
            }
            weights = {key: value for key, value in weights.items() if value > 0}
            for organization_id, quantity in split_in_proportion(
                district_shares[district.center.pk], weights, quantum
            ).items():
                rows.append(
                    Allocation(
                        round=purchase_round,
                        item=item,
                        center=district.center,
                        organization_id=organization_id,
                        quantity=quantity,
                    )
                )
        Allocation.objects.bulk_create(rows)


def save_allocation(purchase_round: PurchaseRound, center, quantities: dict, user) -> None:
    """Adjust the allocation among a district's groups {(organization id, item id): qty}.
    The district's total per product stays what the province allocated to it."""
    with transaction.atomic():
        locked_round = _locked(purchase_round)
        if locked_round.status != RoundStatus.ORDERED:
            raise RoundError("แก้ไขการจัดสรรได้เฉพาะรอบที่สั่งซื้อจากผู้จำหน่ายแล้วเท่านั้น")
        order = (
            DistrictOrder.objects.select_for_update()
            .filter(round=locked_round, center=center)
            .order_by("pk")  # no ordering joins: FOR UPDATE refuses outer joins
            .first()
        )
        if order is None:
            raise RoundError("ศูนย์นี้ไม่มีคำสั่งซื้อในรอบนี้ จึงไม่มีการจัดสรร")
        if order.allocation_confirmed_at is not None:
            raise RoundError("ยืนยันการจัดสรรแล้ว แก้ไขไม่ได้")
        rows = {
            (row.organization_id, row.item_id): row
            for row in Allocation.objects.filter(round=locked_round, center=center).select_related(
                "item__product"
            )
        }
        totals_before, totals_after = {}, {}
        for key, row in rows.items():
            totals_before[row.item] = totals_before.get(row.item, ZERO) + row.quantity
            quantity = quantities.get(key, row.quantity)
            totals_after[row.item] = totals_after.get(row.item, ZERO) + quantity
        for item, before in totals_before.items():
            if totals_after[item] != before:
                unit = item.product.get_unit_display()
                places = item.product.decimal_places
                raise RoundError(
                    f"{item.product}: ยอดรวมที่จัดสรรให้กลุ่มต้องเท่ากับ "
                    f"{thai.number(before, places)} {unit} ที่อำเภอได้รับจัดสรร "
                    f"(ตอนนี้ {thai.number(totals_after[item], places)} {unit})"
                )
        for key, row in rows.items():
            if key in quantities:
                _check_quantity(row.item, quantities[key])
        changed = []
        for key, row in rows.items():
            if key in quantities and quantities[key] != row.quantity:
                row.quantity = quantities[key]
                changed.append(row)
        Allocation.objects.bulk_update(changed, ["quantity"])


def confirm_allocation(purchase_round: PurchaseRound, center, user) -> None:
    with transaction.atomic():
        locked_round = _locked(purchase_round)
        if locked_round.status != RoundStatus.ORDERED:
            raise RoundError("ยืนยันการจัดสรรได้เฉพาะรอบที่สั่งซื้อจากผู้จำหน่ายแล้วเท่านั้น")
        order = (
            DistrictOrder.objects.select_for_update()
            .filter(round=locked_round, center=center)
            .order_by("pk")  # no ordering joins: FOR UPDATE refuses outer joins
            .first()
        )
        if order is None:
            raise RoundError("ศูนย์นี้ไม่มีคำสั่งซื้อในรอบนี้ จึงไม่มีการจัดสรร")
        if order.allocation_confirmed_at is None:
            order.allocation_confirmed_at = timezone.now()
            order.allocation_confirmed_by = user
            order.save(update_fields=["allocation_confirmed_at", "allocation_confirmed_by"])


# Copying and the timer ----------------------------------------------------------------


def copy_round(source: PurchaseRound, user, opens_at, closes_at) -> PurchaseRound:
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


def run_schedule(now=None, stdout=None) -> dict:
    """The timer's work: open drafts whose time has come, close rounds whose closing time
    has passed, and remind the coordinators who have not submitted a day before closing.
    Safe to run as often as wanted; each step happens once."""
    now = now or timezone.now()
    done = {"opened": [], "closed": [], "reminded": []}
    # A round recorded afterwards is run by whoever enters it, on its own dates.
    timed = PurchaseRound.objects.filter(recorded_afterwards_at__isnull=True)
    for purchase_round in timed.filter(
        status=RoundStatus.DRAFT, opens_at__lte=now, closes_at__gt=now
    ):
        try:
            transition(purchase_round, "open", None, "เปิดอัตโนมัติตามกำหนดเวลา", now=now)
            done["opened"].append(purchase_round)
        except RoundError:
            continue  # a draft without products waits for its owner
    for purchase_round in timed.filter(status=RoundStatus.OPEN, closes_at__lte=now):
        try:
            transition(purchase_round, "close", None, "ปิดอัตโนมัติตามกำหนดเวลา", now=now)
        except RoundError:
            continue  # closed by a person in the meantime
        done["closed"].append(purchase_round)
    for purchase_round in timed.filter(
        status=RoundStatus.OPEN,
        reminded_at__isnull=True,
        closes_at__gt=now,
        closes_at__lte=now + datetime.timedelta(days=1),
    ).select_related("center"):
        send_reminders(purchase_round, now)
        done["reminded"].append(purchase_round)
    return done


def send_reminders(purchase_round: PurchaseRound, now) -> int:
    """Email the coordinators of the districts that have not submitted."""
    submitted = set(
        purchase_round.orders.filter(status=OrderStatus.SUBMITTED).values_list(
            "center_id", flat=True
        )
    )
    centers = [
        center
        for center in selectors.participating_centers(purchase_round)
        if center.pk not in submitted
    ]
    assignments = (
        StaffAssignment.objects.current(timezone.localdate(now))
        .filter(center__in=centers, center__level=CenterLevel.DISTRICT)
        .select_related("user", "center")
    )
    messages = []
    for assignment in assignments:
        if not assignment.user.email or not assignment.user.is_active:
            continue
        body = (
            f"เรียน {assignment.user.get_full_name()}\n\n"
            f"รอบการซื้อร่วม “{purchase_round.title}” จะปิดรับคำสั่งซื้อ "
            f"{thai.be_datetime(purchase_round.closes_at, 'long')}\n"
            f"{assignment.center} ยังไม่ได้ส่งคำสั่งซื้อให้ศูนย์จังหวัด "
            "กรุณาบันทึกและส่งคำสั่งซื้อของกลุ่มในอำเภอก่อนเวลาปิด\n\n"
            "ระบบเครือข่ายองค์กรประชาชนจังหวัดสงขลา"
        )
        messages.append(
            (
                f"เตือน: ส่งคำสั่งซื้อ {purchase_round.title} ก่อนปิดรับ",
                body,
                settings.DEFAULT_FROM_EMAIL,
                [assignment.user.email],
            )
        )
    sent = send_mass_mail(messages, fail_silently=False) if messages else 0
    PurchaseRound.objects.filter(pk=purchase_round.pk).update(reminded_at=now)
    return sent


def _check_quantity(item: RoundItem, quantity: Decimal, *, total: bool = False) -> None:
    """A quantity of the item's product as one line (or a round's total): not negative,
    within its unit's maximum, in its decimal places. Every writer asks, whatever called it
    (a form checks first, with the same words)."""
    if not quantity.is_finite() or quantity < 0:
        raise RoundError(f"{item.product}: ปริมาณต้องเป็นตัวเลขไม่ติดลบ")
    error = item.product.quantity_error(quantity, total=total)
    if error:
        raise RoundError(error)


def _check_entry_day(purchase_round: PurchaseRound, day, *, field: str, what: str) -> None:
    """A delivery, pickup or payment comes after the round's order to the supplier, and
    is recorded once it happened (not dated in the future)."""
    if day > timezone.localdate():
        raise RoundError(f"{what}ต้องไม่เป็นวันในอนาคต", field=field)
    ordered_on = purchase_round.ordered_on
    if ordered_on is not None and day < ordered_on:
        raise RoundError(f"{what}ต้องไม่ก่อนวันที่สั่งซื้อจากผู้จำหน่าย ({_be(ordered_on)})", field=field)


def _available_from(purchase_round: PurchaseRound, center, item, day) -> Decimal:
    """What a pickup on `day` may take of the item at the center: the least the center
    holds on any day from `day` on, by the deliveries and pickups recorded so far (goods
    are picked up only after they reached the center, and a later pickup keeps what it
    took)."""
    moves = defaultdict(Decimal)
    for delivered_on, quantity in Delivery.objects.filter(
        round=purchase_round, center=center, item=item
    ).values_list("delivered_on", "quantity"):
        moves[delivered_on] += quantity
    groups = OrderLine.objects.filter(order__round=purchase_round, order__center=center)
    for picked_up_on, quantity in Pickup.objects.filter(
        round=purchase_round, item=item, organization_id__in=groups.values("organization_id")
    ).values_list("picked_up_on", "quantity"):
        moves[picked_up_on] -= quantity
    held = sum((quantity for moved_on, quantity in moves.items() if moved_on <= day), ZERO)
    lowest = held
    for moved_on in sorted(moved_on for moved_on in moves if moved_on > day):
        held += moves[moved_on]
        lowest = min(lowest, held)
    return max(lowest, ZERO)


def record_payment(entry: Payment) -> bool:
    """Save a group's payment to its district or a district's to the province, dated
    after the supplier order and not in the future; under the round's lock. False: this
    form was already saved."""

    def check(purchase_round: PurchaseRound) -> None:
        if not (ZERO < entry.amount <= PAYMENT_MAXIMUM):
            raise RoundError(f"จำนวนเงินต้องมากกว่าศูนย์และไม่เกิน {thai.baht(PAYMENT_MAXIMUM)}")
        if not purchase_round.takes_entries:
            raise RoundError("บันทึกการชำระเงินได้ระหว่างสั่งซื้อจากผู้จำหน่ายแล้วจนถึงก่อนปิดรอบ")
        _check_entry_day(purchase_round, entry.paid_on, field="paid_on", what="วันที่ชำระ")

    return record_once(entry, lock=lambda: _locked(entry.round), check=check)


def record_delivery(entry: Delivery) -> bool:
    """Save a supplier delivery to a district center, no more than the center still awaits.
    The check and the insert happen under the round's lock, so two people recording the
    same truck from two phones cannot both pass. False: this form was already saved."""

    def check(purchase_round: PurchaseRound) -> None:
        if not purchase_round.takes_entries:
            raise RoundError("บันทึกการส่งมอบได้หลังสั่งซื้อจากผู้จำหน่ายแล้วเท่านั้น")
        _check_entry_day(purchase_round, entry.delivered_on, field="delivered_on", what="วันที่ส่งมอบ")
        item = entry.item
        _check_quantity(item, entry.quantity)
        district = selectors.district_figures(purchase_round, entry.center).districts[0]
        remaining = district.to_deliver(item.pk)
        if entry.quantity > remaining:
            places, unit = item.product.decimal_places, item.product.get_unit_display()
            raise RoundError(
                f"เกินกว่าที่ศูนย์นี้ยังรอรับ ({thai.number(remaining, places)} {unit}) "
                "ตรวจสอบปริมาณหรือการจัดสรรอีกครั้ง"
            )

    return record_once(entry, lock=lambda: _locked(entry.round), check=check)


def record_pickup(entry: Pickup, center) -> bool:
    """Save a group's pickup at its district center: no more than the group still has to
    collect, nor than the center has on hand. Under the round's lock; False when this form
    was already saved."""

    def check(purchase_round: PurchaseRound) -> None:
        if purchase_round.status not in (
            RoundStatus.ORDERED,
            RoundStatus.DELIVERED,
            RoundStatus.SETTLED,
        ):
            raise RoundError("บันทึกการรับสินค้าได้หลังสั่งซื้อจากผู้จำหน่ายแล้วเท่านั้น")
        _check_entry_day(purchase_round, entry.picked_up_on, field="picked_up_on", what="วันที่รับสินค้า")
        item = entry.item
        _check_quantity(item, entry.quantity)
        figures = selectors.district_figures(purchase_round, center)
        group = figures.groups.get(entry.organization_id)
        places, unit = item.product.decimal_places, item.product.get_unit_display()
        due = group.to_pick_up(item.pk) if group else ZERO
        if entry.quantity > due:
            raise RoundError(f"เกินกว่าที่กลุ่มนี้ยังต้องรับ ({thai.number(due, places)} {unit})")
        on_hand = figures.districts[0].on_hand(item.pk)
        if entry.quantity > on_hand:
            raise RoundError(
                f"ศูนย์มี{item.product}อยู่ {thai.number(on_hand, places)} {unit} "
                "(ผู้จำหน่ายยังส่งไม่ครบ) บันทึกการส่งมอบถึงศูนย์ก่อน"
            )
        available = _available_from(purchase_round, center, item, entry.picked_up_on)
        if entry.quantity > available:
            raise RoundError(
                f"ณ วันที่ {_be(entry.picked_up_on)} ศูนย์มี{item.product}ที่ส่งมอบถึงแล้วให้รับได้ "
                f"{thai.number(available, places)} {unit} "
                "กลุ่มรับสินค้าได้ไม่ก่อนวันที่ผู้จำหน่ายส่งมอบถึงศูนย์",
                field="picked_up_on",
            )

    return record_once(entry, lock=lambda: _locked(entry.round), check=check)
