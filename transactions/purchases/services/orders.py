"""A district's order in a round: saving its groups' lines, submitting it to the province,
returning it to the district."""

import datetime
import uuid
from decimal import Decimal

from django.contrib.auth.models import User
from django.db import connection, transaction
from django.utils import timezone

from centers.models import Center
from songkhla_network import thai

from .. import selectors
from ..models import DistrictOrder, OrderLine, OrderStatus, PurchaseRound, RoundStatus
from . import notices
from .errors import OrderConflict, RemovalsUnconfirmed, RoundError
from .rounds import _be, _check_note, _check_quantity, _locked, moment_on


def order_for(purchase_round: PurchaseRound, center: Center) -> DistrictOrder:
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
    center: Center,
    quantities: dict[tuple[int, int], Decimal | None],
    *,
    version: int,
    submission_key: uuid.UUID | None,
    user: User | None,
    allowed_groups: set[int],
    confirmed_removals: frozenset[tuple[int, int]] = frozenset(),
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


def _submitted_at(
    purchase_round: PurchaseRound, submitted_on: datetime.date | None
) -> datetime.datetime:
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


def _check_submit(
    purchase_round: PurchaseRound, center: Center, order: DistrictOrder | None, version: int
) -> None:
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
    center: Center,
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
    center: Center,
    user: User | None,
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


def return_order(
    purchase_round: PurchaseRound, center: Center, user: User | None, reason: str
) -> DistrictOrder:
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
        notices.order_returned(order)
    return order
