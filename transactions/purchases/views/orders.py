"""A district's order: the entry grid of its groups, submitting it, returning it."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from transactions.common.money import ZERO, to_satang

from .. import policy, selectors, services
from ..forms import OrderGridForm
from ..models import OrderStatus, RoundStatus
from .shared import (
    carried_date,
    confirm,
    finish,
    posted_date,
    round_district,
    visible_district,
    visible_round,
)


def _grid(groups, figures_items, quantities, district_ordered):
    """Row, column and money totals of the grid; prices follow the network total with
    this district's typed quantities in place of its saved ones."""
    columns = []
    for item_figures in figures_items:
        item = item_figures.item
        district_total = sum(
            (quantities.get((group.pk, item.pk)) or ZERO for group in groups), ZERO
        )
        network_total = item_figures.total - district_ordered.get(item.pk, ZERO) + district_total
        price = item.price_for(network_total, item_figures.tiers)
        columns.append(
            {
                "item": item,
                "product": item.product,
                "district_total": district_total,
                "network_total": network_total,
                "price": price,
                "tier": item.tier_for(network_total, item_figures.tiers),
                "amount": ZERO,
            }
        )
    rows = []
    for group in groups:
        amount = ZERO
        for column in columns:
            # Rounded per group and product, as the groups are billed (to_satang).
            cell = to_satang(
                (quantities.get((group.pk, column["item"].pk)) or ZERO) * column["price"]
            )
            column["amount"] += cell
            amount += cell
        rows.append({"group": group, "amount": amount})
    total = sum((row["amount"] for row in rows), ZERO)
    return rows, columns, total


def _entry_context(request, purchase_round, center, form=None, error=None):
    entry = selectors.order_entry(purchase_round, center)
    figures_items, order, saved = entry.items, entry.order, entry.saved
    groups = selectors.ordering_groups(center)
    # Groups no longer active that still hold lines stay visible, read-only.
    active_ids = {group.pk for group in groups}
    former = sorted(
        {key[0] for key in saved} - active_ids,
    )
    former_groups = selectors.former_groups(former)
    items = [item_figures.item for item_figures in figures_items]
    may_edit = policy.may_edit_order(request.user, center, purchase_round)
    locked = order is not None and order.is_locked
    editable = may_edit and purchase_round.accepts_orders and not locked
    if form is None:
        form = OrderGridForm(
            groups=groups,
            items=items,
            quantities=saved,
            locked=not editable,
            initial={"version": order.version if order else 0},
        )
    typed = form.typed_quantities() if form.is_bound else saved
    rows, columns, total = _grid(groups, figures_items, typed, entry.district_ordered)
    for column in columns:
        product = column["product"]
        column["label"] = f"{product.name} ({product.get_unit_display()})"
    for row in rows:
        group = row["group"]
        row["cells"] = [
            (
                form.cell(group, column["item"], f"{group.name}: {column['label']}"),
                column,
            )
            for column in columns
        ]
    return {
        "round": purchase_round,
        "center": center,
        "order": order,
        "form": form,
        "rows": rows,
        "columns": columns,
        "total": total,
        "former_groups": former_groups,
        "former_lines": [
            (org, item, saved.get((org.pk, item.pk)))
            for org in former_groups
            for item in items
            if saved.get((org.pk, item.pk))
        ],
        "editable": editable,
        "may_edit": may_edit,
        "may_submit": policy.may_submit_order(request.user, center, purchase_round)
        and purchase_round.accepts_orders
        and not locked,
        "may_return": policy.may_return_order(request.user, purchase_round)
        and order is not None
        and order.status == OrderStatus.SUBMITTED
        and purchase_round.status == RoundStatus.OPEN,
        "error": error,
        # For the browser's drafts (static/js/keep.js): the version the form was drawn
        # from, and the saves recorded, so a save whose answer was lost is known saved.
        "keep_version": form["version"].value(),
        "recorded_keys": selectors.recorded_submission_keys(order) if editable else [],
    }


def order_entry(request, pk, code):
    purchase_round = visible_round(request, pk)
    center = visible_district(request, purchase_round, code)
    if request.method != "POST":
        return render(
            request,
            "transactions/order_entry.html",
            _entry_context(request, purchase_round, center),
        )
    if not policy.may_edit_order(request.user, center, purchase_round):
        raise PermissionDenied("บันทึกคำสั่งซื้อได้เฉพาะผู้ประสานงานของศูนย์อำเภอนี้")
    groups = selectors.ordering_groups(center)
    items = list(purchase_round.items.select_related("product"))
    form = OrderGridForm(request.POST, groups=groups, items=items, quantities={})
    if request.htmx and request.POST.get("preview"):
        context = _entry_context(request, purchase_round, center, form=form)
        return render(request, "transactions/order_entry.html#grid-totals", context)
    error = None
    if form.is_valid():
        try:
            _, saved = services.save_order(
                purchase_round,
                center,
                form.quantities(),
                version=form.cleaned_data["version"],
                submission_key=form.cleaned_data.get("submission_key"),
                user=request.user,
                allowed_groups={group.pk for group in groups},
                confirmed_removals=_confirmed_removals(request.POST.get("confirmed", "")),
            )
        except services.OrderConflict as conflict:
            # Show the current figures, not what this form held.
            context = _entry_context(request, purchase_round, center, error=str(conflict))
            return render(request, "transactions/order_entry.html", context, status=409)
        except services.RemovalsUnconfirmed as unconfirmed:
            # Nothing saved: the grid as typed, and what the save would remove, to confirm.
            context = _entry_context(request, purchase_round, center, form=form)
            context["removals"] = _removals(unconfirmed.removals, groups, items)
            context["confirm_removals"] = " ".join(
                f"{organization_id}_{item_id}"
                for organization_id, item_id, _ in unconfirmed.removals
            )
            return render(request, "transactions/order_entry.html", context)
        except services.RoundError as refusal:
            error = str(refusal)
        else:
            messages.success(
                request,
                "บันทึกคำสั่งซื้อแล้ว" if saved else "คำสั่งซื้อนี้บันทึกไปแล้ว ไม่ได้บันทึกซ้ำ",
            )
            return redirect("purchase_order_entry", pk=purchase_round.pk, code=code)
    else:
        error = "ยังไม่ได้บันทึก กรุณาแก้ไขช่องที่มีข้อความสีแดง"
    context = _entry_context(request, purchase_round, center, form=form, error=error)
    return render(request, "transactions/order_entry.html", context, status=400)


def _confirmed_removals(value: str) -> frozenset:
    """The lines the user saw listed and confirmed: "12_3 14_3" -> {(12, 3), (14, 3)}."""
    confirmed = set()
    for part in value.split():
        organization_id, _, item_id = part.partition("_")
        if organization_id.isdigit() and item_id.isdigit():
            confirmed.add((int(organization_id), int(item_id)))
    return frozenset(confirmed)


def _removals(removals, groups, items) -> list[dict]:
    """What a save would remove, with names: group, product, quantity, and whether the
    group is still a member (a former member's lines go on any save)."""
    organizations = {group.pk: group for group in groups}
    missing = {organization_id for organization_id, _, _ in removals} - set(organizations)
    organizations.update(selectors.organizations_by_pk(missing))
    by_pk = {item.pk: item for item in items}
    rows = [
        {
            "organization": organizations[organization_id],
            "item": by_pk[item_id],
            "quantity": quantity,
            "former": organization_id in missing,
        }
        for organization_id, item_id, quantity in removals
    ]
    return sorted(rows, key=lambda row: (row["organization"].name, row["item"].pk))


def _submit_confirmation(purchase_round, center, version, submitted_on=None) -> dict:
    """What is sent: the district's saved totals per product at today's prices."""
    entry = selectors.order_entry(purchase_round, center)
    figures_items, order, saved = entry.items, entry.order, entry.saved
    groups = selectors.ordering_groups(center)
    _, columns, total = _grid(groups, figures_items, saved, entry.district_ordered)
    provincial = purchase_round.is_provincial
    label = "ส่งคำสั่งซื้อของอำเภอ" if provincial else "ยืนยันคำสั่งซื้อรวมของอำเภอ"
    return {
        "round": purchase_round,
        "center": center,
        "order": order,
        "kind": "submit",
        "title": f"{label}{center.district.name}" + ("ให้ศูนย์จังหวัด" if provincial else ""),
        "label": label,
        "button": f"ยืนยัน{label}" if provincial else label,
        "columns": columns,
        "total": total,
        "ordering_groups": len({organization_id for organization_id, _ in saved}),
        "action_url": reverse(
            "purchase_order_submit", args=[purchase_round.pk, center.district.code]
        ),
        "submitted_on": submitted_on,
        "carry": [("version", version), *carried_date("submitted_on", submitted_on)],
        "back": reverse("purchase_order_entry", args=[purchase_round.pk, center.district.code]),
    }


@require_POST
@vary_on_headers("HX-Request")
def order_submit(request, pk, code):
    """Submit the district's order. It locks until returned: a confirmation step first
    (what is sent, what happens next) carrying the version; `confirmed` submits."""
    purchase_round = visible_round(request, pk)
    center = visible_district(request, purchase_round, code)
    if not policy.may_submit_order(request.user, center, purchase_round):
        raise PermissionDenied("ส่งคำสั่งซื้อได้เฉพาะผู้ประสานงานหรือประธานคณะกรรมการศูนย์อำเภอนี้")
    try:
        version = int(request.POST.get("version", "-1"))
    except ValueError:
        version = -1
    try:
        submitted_on = posted_date(request, "submitted_on")
        if not request.POST.get("confirmed") and services.check_submit(
            purchase_round, center, version, submitted_on=submitted_on
        ):
            return confirm(
                request,
                _submit_confirmation(purchase_round, center, version, submitted_on),
            )
        services.submit_order(
            purchase_round, center, request.user, version, submitted_on=submitted_on
        )
    except services.RoundError as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, "ส่งคำสั่งซื้อของอำเภอให้ศูนย์จังหวัดแล้ว คำสั่งซื้อจะแก้ไขไม่ได้จนกว่าจะถูกส่งคืน")
    return finish(
        request,
        reverse("purchase_order_entry", args=[purchase_round.pk, center.district.code]),
    )


@require_POST
def order_return(request, pk, code):
    purchase_round = visible_round(request, pk)
    center = round_district(purchase_round, code)
    if not policy.may_return_order(request.user, purchase_round):
        raise PermissionDenied("ส่งคืนคำสั่งซื้อได้เฉพาะผู้ดูแลรอบ (ฝ่ายการตลาดของศูนย์จังหวัด)")
    try:
        services.return_order(purchase_round, center, request.user, request.POST.get("note", ""))
    except services.RoundError as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, f"ส่งคืนคำสั่งซื้อให้{center}แก้ไขแล้ว")
    return redirect("purchase_order_entry", pk=purchase_round.pk, code=code)
