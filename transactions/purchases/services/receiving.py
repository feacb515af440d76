"""After the supplier order: a short delivery's allocation, and the deliveries, pickups
and payments, each recorded once."""

import datetime
from collections import defaultdict
from decimal import Decimal

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from centers.models import Center
from songkhla_network import thai
from transactions.catalogue.models import PAYMENT_MAXIMUM
from transactions.common.entries import record_once
from transactions.common.money import ZERO, split_in_proportion

from .. import selectors
from ..models import (
    Allocation,
    Delivery,
    DistrictOrder,
    OrderLine,
    Payment,
    Pickup,
    PurchaseRound,
    RoundItem,
    RoundStatus,
)
from .errors import RoundError
from .rounds import _be, _check_quantity, _locked


def set_supplied_quantity(item: RoundItem, supplied: Decimal | None, user: User | None) -> None:
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


def save_allocation(
    purchase_round: PurchaseRound,
    center: Center,
    quantities: dict[tuple[int, int], Decimal],
    user: User | None,
) -> None:
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
        totals_before: dict[RoundItem, Decimal] = {}
        totals_after: dict[RoundItem, Decimal] = {}
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


def confirm_allocation(purchase_round: PurchaseRound, center: Center, user: User | None) -> None:
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


def _check_entry_day(
    purchase_round: PurchaseRound, day: datetime.date, *, field: str, what: str
) -> None:
    """A delivery, pickup or payment comes after the round's order to the supplier, and
    is recorded once it happened (not dated in the future)."""
    if day > timezone.localdate():
        raise RoundError(f"{what}ต้องไม่เป็นวันในอนาคต", field=field)
    ordered_on = purchase_round.ordered_on
    if ordered_on is not None and day < ordered_on:
        raise RoundError(f"{what}ต้องไม่ก่อนวันที่สั่งซื้อจากผู้จำหน่าย ({_be(ordered_on)})", field=field)


def _available_from(
    purchase_round: PurchaseRound, center: Center, item: RoundItem, day: datetime.date
) -> Decimal:
    """What a pickup on `day` may take of the item at the center: the least the center
    holds on any day from `day` on, by the deliveries and pickups recorded so far (goods
    are picked up only after they reached the center, and a later pickup keeps what it
    took)."""
    moves: defaultdict[datetime.date, Decimal] = defaultdict(Decimal)
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


def record_pickup(entry: Pickup, center: Center) -> bool:
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
