"""Joint purchase pages. Views stay thin: the policy decides (songkhla_network.access),
services change data, selectors compute the figures."""

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import HttpResponseClientRedirect

from centers.models import Center, CenterLevel
from members.models import Organization
from songkhla_network import access, thai
from songkhla_network.access import RoundView
from songkhla_network.documents import download
from songkhla_network.fields import BEDateFormField
from transactions.common.money import to_satang

from . import selectors, services
from .forms import (
    CopyRoundForm,
    DeliveryForm,
    DistrictPaymentForm,
    GroupPaymentForm,
    ItemFormSet,
    OrderGridForm,
    PickupForm,
    RoundForm,
    SuppliedForm,
    TierFormSet,
    formset_changes,
    parse_decimal,
)
from .models import (
    Allocation,
    OrderLine,
    OrderStatus,
    PaymentKind,
    PurchaseRound,
    RoundItem,
    RoundStatus,
)

ZERO = Decimal("0")
EDITABLE = (RoundStatus.DRAFT, RoundStatus.OPEN, RoundStatus.CLOSED)


def _round(pk) -> PurchaseRound:
    return get_object_or_404(
        PurchaseRound.objects.select_related("center__district", "center__host", "supplier"), pk=pk
    )


def _visible_round(request, pk) -> PurchaseRound:
    purchase_round = _round(pk)
    access.enforce(access.round_decision(request.user, purchase_round))
    return purchase_round


def _managed_round(request, pk) -> PurchaseRound:
    purchase_round = _visible_round(request, pk)
    if not access.manages_round(request.user, purchase_round):
        raise PermissionDenied("เฉพาะผู้ดูแลรอบการซื้อนี้ (ฝ่ายการตลาดหรือผู้ประสานงานศูนย์ที่เปิดรอบ)")
    return purchase_round


def _district(purchase_round, code) -> Center:
    center = get_object_or_404(
        Center.objects.select_related("district", "host"),
        level=CenterLevel.DISTRICT,
        district__code=code,
    )
    if not purchase_round.is_provincial and purchase_round.center_id != center.pk:
        raise Http404("ศูนย์นี้ไม่อยู่ในรอบการซื้อนี้")
    return center


# The round list --------------------------------------------------------------------


def round_list(request):
    rounds = list(selectors.rounds_for_list(access.rounds(request.user)))
    targets = selectors.targets_with_progress()
    sections = [
        ("รอบที่เปิดรับคำสั่งซื้อและร่าง", [r for r in rounds if r.status in ("draft", "open")]),
        (
            "รอบที่กำลังดำเนินการ",
            [r for r in rounds if r.status in ("closed", "ordered", "delivered")],
        ),
        ("รอบที่ปิดแล้ว", [r for r in rounds if r.status in ("settled", "cancelled")]),
    ]
    return render(
        request,
        "transactions/round_list.html",
        {
            "sections": sections,
            "has_rounds": bool(rounds),
            "targets": targets,
            "may_open": access.may_open_rounds(request.user),
            "may_view_catalogue": access.may_view_catalogue(request.user),
        },
    )


# Creating and editing a round ---------------------------------------------------------


def round_create(request):
    if not access.may_open_rounds(request.user):
        raise PermissionDenied("เปิดรอบการซื้อร่วมได้เฉพาะฝ่ายการตลาดของศูนย์จังหวัดและผู้ประสานงานศูนย์อำเภอ")
    centers = access.centers_for_new_round(request.user)
    recorder = request.user if access.may_record_past_round(request.user) else None
    form = RoundForm(request.POST or None, centers=centers, recorder=recorder)
    formset = ItemFormSet(request.POST or None, instance=form.instance, prefix="items")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        purchase_round = services.round_create(
            purchase_round=form.save(commit=False),
            items=[item for item, _ in formset_changes(formset)],
            by=request.user,
        )
        if purchase_round.recorded_afterwards:
            messages.success(
                request,
                "สร้างรอบที่บันทึกย้อนหลังแล้ว (สถานะร่าง) กดเปิดรับคำสั่งซื้อ แล้วบันทึกคำสั่งซื้อของแต่ละอำเภอ "
                "พร้อมวันที่ส่ง ทุกขั้นตอนจะลงวันที่ตามที่เกิดขึ้นจริง",
            )
        else:
            messages.success(request, "สร้างรอบการซื้อร่วมแล้ว (สถานะร่าง) ตรวจสอบแล้วกดเปิดรับคำสั่งซื้อ")
        return redirect(purchase_round)
    return render(
        request,
        "transactions/round_form.html",
        {"form": form, "formset": formset, "title": "เปิดรอบการซื้อร่วมใหม่"},
    )


def round_edit(request, pk):
    purchase_round = _managed_round(request, pk)
    if purchase_round.status not in EDITABLE:
        raise PermissionDenied("รอบที่สั่งซื้อจากผู้จำหน่ายแล้วแก้ไขไม่ได้")
    prices_locked = services.prices_locked(purchase_round)
    form = RoundForm(request.POST or None, instance=purchase_round, centers=Center.objects.all())
    formset = None
    if not prices_locked:
        ordered = set(
            OrderLine.objects.filter(item__round=purchase_round).values_list("item_id", flat=True)
        )
        formset = ItemFormSet(
            request.POST or None,
            instance=purchase_round,
            prefix="items",
            form_kwargs={"ordered_item_ids": ordered},
        )
    if request.method == "POST" and form.is_valid() and (formset is None or formset.is_valid()):
        try:
            services.round_update(
                purchase_round=form.save(commit=False),
                items=None if formset is None else formset_changes(formset),
                by=request.user,
            )
        except services.RoundError as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, "บันทึกการแก้ไขรอบแล้ว")
            return redirect(purchase_round)
    return render(
        request,
        "transactions/round_form.html",
        {
            "form": form,
            "formset": formset,
            "round": purchase_round,
            "items": purchase_round.items.select_related("product") if prices_locked else [],
            "title": "แก้ไขรอบการซื้อร่วม",
        },
    )


def item_tiers(request, pk, item_pk):
    purchase_round = _managed_round(request, pk)
    item = get_object_or_404(
        RoundItem.objects.select_related("product"), pk=item_pk, round=purchase_round
    )
    editable = not services.prices_locked(purchase_round)
    formset = TierFormSet(request.POST or None, instance=item, prefix="tiers")
    if request.method == "POST":
        if not editable:
            raise PermissionDenied(services.PRICES_LOCKED)
        if formset.is_valid():
            try:
                services.round_tiers_update(
                    purchase_round=purchase_round, tiers=formset_changes(formset), by=request.user
                )
            except services.RoundError as refusal:
                messages.error(request, str(refusal))
            else:
                messages.success(request, f"บันทึกขั้นราคาของ{item.product} แล้ว")
                return redirect(purchase_round)
    return render(
        request,
        "transactions/item_tiers.html",
        {"round": purchase_round, "item": item, "formset": formset, "editable": editable},
    )


def round_copy(request, pk):
    source = _managed_round(request, pk)
    form = CopyRoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        copy = services.copy_round(
            source, request.user, form.cleaned_data["opens_at"], form.cleaned_data["closes_at"]
        )
        messages.success(request, "สร้างรอบใหม่จากรอบเดิมแล้ว ตรวจสอบราคาแล้วกดเปิดรับคำสั่งซื้อ")
        return redirect(copy)
    return render(request, "transactions/round_copy.html", {"round": source, "form": form})


def _finish(request, url):
    """After a POST: back to the page. An htmx request gets a client-side redirect, not
    the page swapped into its target."""
    if request.htmx:
        return HttpResponseClientRedirect(url)
    return redirect(url)


def _confirm(request, context):
    """A confirmation step: the page, or for htmx its card in place of the button."""
    template = "transactions/confirm.html"
    if request.htmx:
        template += "#confirm"
    return render(request, template, context)


def _transition_confirmation(purchase_round, name, note, ordered_on=None) -> dict:
    """What a close before its time, the supplier order or a cancellation will do: the
    totals the supplier order uses (the submitted district orders), and who is left out."""
    action = services.ACTIONS[name]
    figures = selectors.supplier_order_preview(purchase_round)
    return {
        "round": purchase_round,
        "kind": name,
        "title": {
            "close": "ปิดรับคำสั่งซื้อก่อนกำหนด",
            "order": "สั่งซื้อจากผู้จำหน่าย",
            "cancel": "ยกเลิกรอบการซื้อ",
        }[name],
        "label": action.label,
        "button": f"ยืนยัน{action.label}",
        "danger": name == "cancel",
        "figures": figures,
        "submitted": [district for district in figures.districts if district.counted],
        "left_out": [district for district in figures.districts if not district.counted],
        "with_orders": [district for district in figures.districts if district.ordered],
        "note": note,
        "ordered_on": ordered_on,
        "action_url": reverse("purchase_round_transition", args=[purchase_round.pk]),
        "carry": [("action", name), ("note", note), *_carried_date("ordered_on", ordered_on)],
        "back": purchase_round.get_absolute_url(),
    }


@require_POST
@vary_on_headers("HX-Request")
def round_transition(request, pk):
    """A state change of the round. What cannot be taken back (a close before its time,
    the supplier order, a cancellation) first answers with a confirmation step carrying
    the same fields; it goes through with `confirmed`."""
    purchase_round = _managed_round(request, pk)
    note = request.POST.get("note", "")  # its length: services._check_note
    action = request.POST.get("action", "")
    try:
        ordered_on = _posted_date(request, "ordered_on")
        if not request.POST.get("confirmed") and services.asks_confirmation(purchase_round, action):
            services.check_transition(purchase_round, action, note, ordered_on=ordered_on)
            return _confirm(
                request, _transition_confirmation(purchase_round, action, note, ordered_on)
            )
        services.transition(purchase_round, action, request.user, note, ordered_on=ordered_on)
    except services.RoundError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"{services.ACTIONS[action].label}แล้ว")
    return _finish(request, purchase_round.get_absolute_url())


def _posted_date(request, name):
    """A BE date typed into a small form (a round recorded afterwards: the day of a step),
    or None when left empty; a bad one is refused with the field's Thai message."""
    try:
        return BEDateFormField(required=False).clean(request.POST.get(name, ""))
    except ValidationError as error:
        raise services.RoundError(error.messages[0], field=name) from None


# The round page -----------------------------------------------------------------------


def _view_centers(request, purchase_round, view):
    participating = selectors.participating_centers(purchase_round)
    if view is RoundView.FULL:
        return participating
    scope = access.scope_of(request.user)
    if view is RoundView.DISTRICT:
        return [c for c in participating if c.district_id in scope.district_ids]
    if view is RoundView.GROUP:
        districts = set(
            Organization.objects.filter(pk__in=scope.organization_ids).values_list(
                "district_id", flat=True
            )
        )
        return [c for c in participating if c.district_id in districts]
    return []


def round_detail(request, pk):
    purchase_round = _visible_round(request, pk)
    view = access.round_view(request.user, purchase_round)
    centers = _view_centers(request, purchase_round, view)
    # Per product and district from sums in SQL; no groups to load but the user's own.
    # The page shows no pickups, and the groups' payments only in a district's round.
    figures = selectors.round_summary(
        purchase_round,
        centers=centers,
        pickups=False,
        group_payments=not purchase_round.is_provincial,
    )
    my_groups = []
    if view is RoundView.GROUP:
        own = access.scope_of(request.user).organization_ids
        my_groups = list(
            selectors.round_figures(
                purchase_round, centers=centers, organizations=own
            ).groups.values()
        )
    manages = access.manages_round(request.user, purchase_round)
    for district in figures.districts:
        district.may_open = (
            access.district_order_decision(
                request.user, purchase_round, district.center, round_visible=True
            )
            is access.Decision.ALLOW
        )
    return render(
        request,
        "transactions/round_detail.html",
        {
            "round": purchase_round,
            "figures": figures,
            "view": view.value,
            "my_groups": my_groups,
            "manages": manages,
            "actions": services.available_actions(purchase_round) if manages else [],
            # A round recorded afterwards asks the day it was sent to the supplier.
            "dated_actions": ("order",) if purchase_round.recorded_afterwards else (),
            "confirm_actions": {
                action.name
                for action in services.ACTIONS.values()
                if services.asks_confirmation(purchase_round, action.name)
            },
            "events": purchase_round.events.select_related("by") if view is RoundView.FULL else [],
            "editable": manages and purchase_round.status in EDITABLE,
            "after_order": purchase_round.sent_to_supplier,
            "documents": view is RoundView.FULL,
        },
    )


# Order entry --------------------------------------------------------------------------


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


def _entry_figures(purchase_round, center):
    """What the order entry page needs of the round, without the whole network's detail
    (selectors.round_figures loads every line and group of every district): the products
    with their tiers and counted network totals, the district's order and its lines."""
    items = selectors.round_items(purchase_round)
    order = (
        purchase_round.orders.filter(center=center)
        .select_related("updated_by", "submitted_by", "returned_by")
        .order_by("pk")
        .first()
    )
    totals = selectors.counted_totals(purchase_round)
    figures_items = [
        selectors.ItemFigures(
            item=item, tiers=list(item.tiers.all()), total=totals.get(item.pk, ZERO)
        )
        for item in items
    ]
    saved, district_ordered = {}, {}
    for organization_id, item_id, quantity in (
        OrderLine.objects.filter(order__round=purchase_round, order__center=center)
        .order_by()
        .values_list("organization_id", "item_id", "quantity")
    ):
        saved[(organization_id, item_id)] = quantity
        district_ordered[item_id] = district_ordered.get(item_id, ZERO) + quantity
    return figures_items, order, saved, district_ordered


def _entry_context(request, purchase_round, center, form=None, error=None):
    figures_items, order, saved, district_ordered = _entry_figures(purchase_round, center)
    groups = selectors.ordering_groups(center)
    # Groups no longer active that still hold lines stay visible, read-only.
    active_ids = {group.pk for group in groups}
    former = sorted(
        {key[0] for key in saved} - active_ids,
    )
    former_groups = list(Organization.objects.filter(pk__in=former)) if former else []
    items = [item_figures.item for item_figures in figures_items]
    may_edit = access.may_edit_order(request.user, center, purchase_round)
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
    rows, columns, total = _grid(groups, figures_items, typed, district_ordered)
    for column in columns:
        product = column["product"]
        column["label"] = f"{product.name} ({product.get_unit_display()})"
    for row in rows:
        group = row["group"]
        row["cells"] = [
            (form.cell(group, column["item"], f"{group.name}: {column['label']}"), column)
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
        "may_submit": access.may_submit_order(request.user, center, purchase_round)
        and purchase_round.accepts_orders
        and not locked,
        "may_return": access.may_return_order(request.user, purchase_round)
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
    purchase_round = _visible_round(request, pk)
    center = _district(purchase_round, code)
    access.enforce(
        access.district_order_decision(request.user, purchase_round, center, round_visible=True)
    )
    if request.method != "POST":
        return render(
            request,
            "transactions/order_entry.html",
            _entry_context(request, purchase_round, center),
        )
    if not access.may_edit_order(request.user, center, purchase_round):
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
    organizations.update(Organization.objects.in_bulk(missing))
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


def _carried_date(name, day) -> list:
    """A date typed before the confirmation step, carried through it as it is typed."""
    return [(name, thai.be_date(day, "numeric"))] if day else []


def _submit_confirmation(purchase_round, center, version, submitted_on=None) -> dict:
    """What is sent: the district's saved totals per product at today's prices."""
    figures_items, order, saved, district_ordered = _entry_figures(purchase_round, center)
    groups = selectors.ordering_groups(center)
    _, columns, total = _grid(groups, figures_items, saved, district_ordered)
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
        "carry": [("version", version), *_carried_date("submitted_on", submitted_on)],
        "back": reverse("purchase_order_entry", args=[purchase_round.pk, center.district.code]),
    }


@require_POST
@vary_on_headers("HX-Request")
def order_submit(request, pk, code):
    """Submit the district's order. It locks until returned: a confirmation step first
    (what is sent, what happens next) carrying the version; `confirmed` submits."""
    purchase_round = _visible_round(request, pk)
    center = _district(purchase_round, code)
    access.enforce(
        access.district_order_decision(request.user, purchase_round, center, round_visible=True)
    )
    if not access.may_submit_order(request.user, center, purchase_round):
        raise PermissionDenied("ส่งคำสั่งซื้อได้เฉพาะผู้ประสานงานหรือประธานคณะกรรมการศูนย์อำเภอนี้")
    try:
        version = int(request.POST.get("version", "-1"))
    except ValueError:
        version = -1
    try:
        submitted_on = _posted_date(request, "submitted_on")
        if not request.POST.get("confirmed") and services.check_submit(
            purchase_round, center, version, submitted_on=submitted_on
        ):
            return _confirm(
                request, _submit_confirmation(purchase_round, center, version, submitted_on)
            )
        services.submit_order(
            purchase_round, center, request.user, version, submitted_on=submitted_on
        )
    except services.RoundError as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, "ส่งคำสั่งซื้อของอำเภอให้ศูนย์จังหวัดแล้ว คำสั่งซื้อจะแก้ไขไม่ได้จนกว่าจะถูกส่งคืน")
    return _finish(
        request, reverse("purchase_order_entry", args=[purchase_round.pk, center.district.code])
    )


@require_POST
def order_return(request, pk, code):
    purchase_round = _visible_round(request, pk)
    center = _district(purchase_round, code)
    if not access.may_return_order(request.user, purchase_round):
        raise PermissionDenied("ส่งคืนคำสั่งซื้อได้เฉพาะผู้ดูแลรอบ (ฝ่ายการตลาดของศูนย์จังหวัด)")
    try:
        services.return_order(purchase_round, center, request.user, request.POST.get("note", ""))
    except services.RoundError as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, f"ส่งคืนคำสั่งซื้อให้{center}แก้ไขแล้ว")
    return redirect("purchase_order_entry", pk=purchase_round.pk, code=code)


# Delivery, pickup, allocation and payment ---------------------------------------------


def district_receiving(request, pk, code):
    """A district's goods and money after the supplier order: deliveries received, what
    each group picks up and pays, and the allocation of a short delivery."""
    purchase_round = _visible_round(request, pk)
    center = _district(purchase_round, code)
    access.enforce(
        access.district_order_decision(request.user, purchase_round, center, round_visible=True)
    )
    may_handle = access.may_handle_district(request.user, purchase_round, center)
    groups = Organization.objects.filter(
        pk__in=OrderLine.objects.filter(order__round=purchase_round, order__center=center).values(
            "organization_id"
        )
    ).order_by("name")
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
                request.POST, purchase_round=purchase_round, groups=groups, prefix="pickup"
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
                request.POST, purchase_round=purchase_round, groups=groups, prefix="payment"
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
                        purchase_round, center, _allocation_quantities(request.POST), request.user
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
    allocations = list(
        Allocation.objects.filter(round=purchase_round, center=center).select_related(
            "organization", "item__product"
        )
    )
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
            "allocations": allocations,
            "deliveries": purchase_round.deliveries.filter(center=center).select_related(
                "item__product", "recorded_by"
            ),
            "pickups": purchase_round.pickups.filter(organization__in=groups).select_related(
                "item__product", "organization"
            ),
            "payments": purchase_round.payments.filter(
                kind=PaymentKind.GROUP, center=center
            ).select_related("organization"),
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
    purchase_round = _visible_round(request, pk)
    view = access.round_view(request.user, purchase_round)
    if view in (RoundView.GROUP, RoundView.TOTALS):
        raise PermissionDenied("หน้านี้สำหรับฝ่ายการตลาดและผู้ประสานงานศูนย์อำเภอ")
    centers = _view_centers(request, purchase_round, view)
    manages = access.manages_round(request.user, purchase_round)
    record_centers = Center.objects.filter(
        pk__in=[
            c.pk for c in centers if access.may_record_delivery(request.user, purchase_round, c)
        ]
    ).select_related("district")
    after_order = purchase_round.sent_to_supplier
    forms = {
        "delivery": DeliveryForm(
            purchase_round=purchase_round, centers=record_centers, prefix="delivery"
        ),
        "supplied": SuppliedForm(purchase_round=purchase_round, prefix="supplied"),
        "payment": DistrictPaymentForm(
            purchase_round=purchase_round,
            centers=Center.objects.filter(pk__in=[c.pk for c in centers]),
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
            if not access.may_record_district_payment(request.user, purchase_round):
                raise PermissionDenied("บันทึกการชำระเงินของศูนย์อำเภอได้เฉพาะฝ่ายการตลาดของศูนย์จังหวัด")
            form = forms["payment"] = DistrictPaymentForm(
                request.POST,
                purchase_round=purchase_round,
                centers=Center.objects.filter(pk__in=[c.pk for c in centers]),
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
            "may_pay": access.may_record_district_payment(request.user, purchase_round)
            and recording,
            "deliveries": purchase_round.deliveries.filter(center__in=centers).select_related(
                "item__product", "center__district", "recorded_by"
            ),
            "district_payments": purchase_round.payments.filter(
                kind=PaymentKind.DISTRICT, center__in=centers
            ).select_related("center"),
        },
    )


# Documents ----------------------------------------------------------------------------


def _document_round(request, pk):
    """Documents import WeasyPrint and openpyxl on first use, not at start-up."""
    purchase_round = _visible_round(request, pk)
    if access.round_view(request.user, purchase_round) is not RoundView.FULL:
        raise PermissionDenied("เอกสารของรอบนี้สำหรับผู้ดูแลรอบและคณะกรรมการเท่านั้น")
    return purchase_round, selectors.round_figures(purchase_round)


def purchase_order_pdf(request, pk):
    from . import documents

    purchase_round, figures = _document_round(request, pk)
    return download(
        documents.purchase_order_pdf(purchase_round, figures),
        "application/pdf",
        f"purchase-order-{purchase_round.pk}.pdf",
    )


def orders_xlsx(request, pk):
    from . import documents

    purchase_round, figures = _document_round(request, pk)
    return download(
        documents.orders_xlsx(purchase_round, figures),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        f"orders-{purchase_round.pk}.xlsx",
    )


def orders_csv(request, pk):
    from . import documents

    purchase_round, figures = _document_round(request, pk)
    return download(
        documents.orders_csv(purchase_round, figures).encode("utf-8"),
        "text/csv; charset=utf-8",
        f"orders-{purchase_round.pk}.csv",
    )
