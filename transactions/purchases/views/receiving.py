"""After the supplier order: a district's receiving page (pickups, the groups' payments,
its allocation) and the round's deliveries page (deliveries, supplied quantities, the
districts' payments)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render

from transactions.common.money import ZERO

from .. import policy, selectors, services
from ..forms import (
    DeliveryForm,
    DistrictPaymentForm,
    GroupPaymentForm,
    PickupForm,
    SuppliedForm,
    parse_decimal,
)
from ..models import PaymentKind
from ..policy import RoundView
from .shared import view_centers, visible_district, visible_round


def district_receiving(request, pk, code):
    """A district's goods and money after the supplier order: deliveries received, what
    each group picks up and pays, and the allocation of a short delivery."""
    purchase_round = visible_round(request, pk)
    center = visible_district(request, purchase_round, code)
    may_handle = policy.may_handle_district(request.user, purchase_round, center)
    groups = selectors.ordered_groups(purchase_round, center)
    forms = {
        "pickup": PickupForm(purchase_round=purchase_round, groups=groups, prefix="pickup"),
        "payment": GroupPaymentForm(purchase_round=purchase_round, groups=groups, prefix="payment"),
    }
    if request.method == "POST":
        if not may_handle:
            raise PermissionDenied("บันทึกได้เฉพาะผู้ประสานงานของศูนย์อำเภอนี้และฝ่ายการตลาด")
        if not purchase_round.takes_entries:
            raise PermissionDenied(
                "บันทึกการรับสินค้าและการชำระเงินได้ระหว่างสั่งซื้อจากผู้จำหน่ายแล้วจนถึงก่อนปิดรอบ"
            )
        kind = request.POST.get("form")
        if kind == "pickup":
            form = forms["pickup"] = PickupForm(
                request.POST,
                purchase_round=purchase_round,
                groups=groups,
                prefix="pickup",
            )
            if form.is_valid():
                entry = form.save(commit=False)
                entry.round, entry.recorded_by = purchase_round, request.user
                entry.submission_key = form.cleaned_data["submission_key"]
                try:
                    saved = services.record_pickup(entry, center)
                except services.RoundError as refusal:
                    form.add_error(refusal.field or "quantity", str(refusal))
                else:
                    messages.success(
                        request,
                        "บันทึกการรับสินค้าแล้ว" if saved else "รายการนี้บันทึกไปแล้ว ไม่ได้บันทึกซ้ำ",
                    )
                    return redirect(request.path)
        elif kind == "payment":
            form = forms["payment"] = GroupPaymentForm(
                request.POST,
                purchase_round=purchase_round,
                groups=groups,
                prefix="payment",
            )
            if form.is_valid():
                entry = form.save(commit=False)
                entry.round, entry.recorded_by = purchase_round, request.user
                entry.kind, entry.center = PaymentKind.GROUP, center
                entry.submission_key = form.cleaned_data["submission_key"]
                try:
                    saved = services.record_payment(entry)
                except services.RoundError as refusal:
                    form.add_error(refusal.field or "amount", str(refusal))
                else:
                    messages.success(request, "บันทึกการชำระเงินแล้ว" if saved else "รายการนี้บันทึกไปแล้ว")
                    return redirect(request.path)
        elif kind in ("allocation", "confirm"):
            try:
                if kind == "allocation":
                    services.save_allocation(
                        purchase_round,
                        center,
                        _allocation_quantities(request.POST),
                        request.user,
                    )
                    messages.success(request, "บันทึกการจัดสรรแล้ว")
                else:
                    services.confirm_allocation(purchase_round, center, request.user)
                    messages.success(request, "ยืนยันการจัดสรรแล้ว")
            except services.RoundError as refusal:
                messages.error(request, str(refusal))
            except (ValueError, ValidationError):
                messages.error(request, "ปริมาณที่จัดสรรต้องเป็นตัวเลขไม่ติดลบ ยังไม่ได้บันทึกการจัดสรร")
            return redirect(request.path)
    figures = selectors.district_figures(purchase_round, center)
    district = figures.districts[0]
    records = selectors.district_records(purchase_round, center, groups=groups)
    return render(
        request,
        "transactions/district_receiving.html",
        {
            "round": purchase_round,
            "center": center,
            "figures": figures,
            "district": district,
            "forms": forms,
            "may_handle": may_handle and purchase_round.takes_entries,
            "after_order": purchase_round.sent_to_supplier,
            "allocations": records.allocations,
            "deliveries": records.deliveries,
            "pickups": records.pickups,
            "payments": records.payments,
        },
    )


def _allocation_quantities(data) -> dict:
    quantities = {}
    for key, value in data.items():
        if not key.startswith("a_"):
            continue
        _, organization_id, item_id = key.split("_")
        quantity = parse_decimal(value) or ZERO
        if quantity < 0:
            raise ValueError
        quantities[(int(organization_id), int(item_id))] = quantity
    return quantities


def deliveries(request, pk):
    """The supplier's deliveries to the district centers, what is still to deliver, the
    shortfall, and the districts' payments to the province."""
    purchase_round = visible_round(request, pk)
    view = policy.round_view(request.user, purchase_round)
    if view in (RoundView.GROUP, RoundView.TOTALS):
        raise PermissionDenied("หน้านี้สำหรับฝ่ายการตลาดและผู้ประสานงานศูนย์อำเภอ")
    centers = view_centers(request, purchase_round, view)
    manages = policy.may_manage_round(request.user, purchase_round)
    record_centers = selectors.centers_among(
        (c.pk for c in centers if policy.may_record_delivery(request.user, purchase_round, c)),
        with_district=True,
    )
    after_order = purchase_round.sent_to_supplier
    forms = {
        "delivery": DeliveryForm(
            purchase_round=purchase_round, centers=record_centers, prefix="delivery"
        ),
        "supplied": SuppliedForm(purchase_round=purchase_round, prefix="supplied"),
        "payment": DistrictPaymentForm(
            purchase_round=purchase_round,
            centers=selectors.centers_among(c.pk for c in centers),
            prefix="payment",
        ),
    }
    recording = purchase_round.takes_entries
    if request.method == "POST":
        if not recording:
            raise PermissionDenied("บันทึกการส่งมอบและการชำระเงินได้ระหว่างสั่งซื้อจากผู้จำหน่ายแล้วจนถึงก่อนปิดรอบ")
        kind = request.POST.get("form")
        if kind == "delivery":
            if not record_centers:
                raise PermissionDenied("บัญชีของคุณบันทึกการส่งมอบของรอบนี้ไม่ได้")
            form = forms["delivery"] = DeliveryForm(
                request.POST,
                purchase_round=purchase_round,
                centers=record_centers,
                prefix="delivery",
            )
            if form.is_valid():
                entry = form.save(commit=False)
                entry.round, entry.recorded_by = purchase_round, request.user
                entry.submission_key = form.cleaned_data["submission_key"]
                try:
                    saved = services.record_delivery(entry)
                except services.RoundError as refusal:
                    form.add_error(refusal.field or "quantity", str(refusal))
                else:
                    messages.success(
                        request,
                        "บันทึกการส่งมอบแล้ว" if saved else "รายการนี้บันทึกไปแล้ว ไม่ได้บันทึกซ้ำ",
                    )
                    return redirect(request.path)
        elif kind == "supplied":
            if not manages:
                raise PermissionDenied("บันทึกปริมาณที่ส่งได้จริงได้เฉพาะผู้ดูแลรอบ")
            form = forms["supplied"] = SuppliedForm(
                request.POST, purchase_round=purchase_round, prefix="supplied"
            )
            if form.is_valid():
                try:
                    services.set_supplied_quantity(
                        form.cleaned_data["item"],
                        form.cleaned_data["supplied_quantity"],
                        request.user,
                    )
                except services.RoundError as refusal:
                    form.add_error("supplied_quantity", str(refusal))
                else:
                    messages.success(
                        request,
                        "บันทึกปริมาณที่ส่งได้จริงแล้ว ระบบเฉลี่ยส่วนที่ขาดให้ศูนย์อำเภอและกลุ่มตามสัดส่วนที่สั่ง "
                        "ผู้ประสานงานอำเภอตรวจสอบและยืนยันการจัดสรร",
                    )
                    return redirect(request.path)
        elif kind == "payment":
            if not policy.may_record_district_payment(request.user, purchase_round):
                raise PermissionDenied("บันทึกการชำระเงินของศูนย์อำเภอได้เฉพาะฝ่ายการตลาดของศูนย์จังหวัด")
            form = forms["payment"] = DistrictPaymentForm(
                request.POST,
                purchase_round=purchase_round,
                centers=selectors.centers_among(c.pk for c in centers),
                prefix="payment",
            )
            if form.is_valid():
                entry = form.save(commit=False)
                entry.round, entry.recorded_by = purchase_round, request.user
                entry.kind = PaymentKind.DISTRICT
                entry.submission_key = form.cleaned_data["submission_key"]
                try:
                    saved = services.record_payment(entry)
                except services.RoundError as refusal:
                    form.add_error(refusal.field or "amount", str(refusal))
                else:
                    messages.success(request, "บันทึกการชำระเงินแล้ว" if saved else "รายการนี้บันทึกไปแล้ว")
                    return redirect(request.path)
    # Per product and district: sums in SQL, no groups to load. The page shows no
    # pickups, and the groups' payments only in a district's round.
    records = selectors.round_records(purchase_round, centers)
    figures = selectors.round_summary(
        purchase_round,
        centers=centers,
        pickups=False,
        group_payments=not purchase_round.is_provincial,
    )
    return render(
        request,
        "transactions/deliveries.html",
        {
            "round": purchase_round,
            "figures": figures,
            "forms": forms,
            "after_order": after_order,
            "manages": manages and recording,
            "may_record": bool(record_centers) and recording,
            "may_pay": policy.may_record_district_payment(request.user, purchase_round)
            and recording,
            "deliveries": records.deliveries,
            "district_payments": records.district_payments,
        },
    )
