"""The rounds: the list, creating, editing and copying a round, its price tiers, its
state changes, and the round's page."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from centers.models import Center
from centers.scope import represented_organization_ids
from transactions.catalogue.policy import may_view_catalogue

from .. import policy, selectors, services
from ..forms import CopyRoundForm, ItemFormSet, RoundForm, TierFormSet, formset_changes
from ..models import RoundItem
from ..policy import RoundView
from .shared import (
    carried_date,
    confirm,
    finish,
    managed_round,
    posted_date,
    view_centers,
    visible_round,
)


def round_list(request):
    rounds = list(selectors.rounds_for_list(policy.visible_rounds(request.user)))
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
            "may_open": policy.may_open_rounds(request.user),
            "may_view_catalogue": may_view_catalogue(request.user),
        },
    )


def round_create(request):
    if not policy.may_open_rounds(request.user):
        raise PermissionDenied("เปิดรอบการซื้อร่วมได้เฉพาะฝ่ายการตลาดของศูนย์จังหวัดและผู้ประสานงานศูนย์อำเภอ")
    centers = policy.centers_for_new_round(request.user)
    recorder = request.user if policy.may_record_past_round(request.user) else None
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
    purchase_round = managed_round(request, pk)
    if not purchase_round.editable:
        raise PermissionDenied("รอบที่สั่งซื้อจากผู้จำหน่ายแล้วแก้ไขไม่ได้")
    prices_locked = services.prices_locked(purchase_round)
    form = RoundForm(request.POST or None, instance=purchase_round, centers=Center.objects.all())
    formset = None
    if not prices_locked:
        ordered = selectors.ordered_item_ids(purchase_round)
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
    purchase_round = managed_round(request, pk)
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
                    purchase_round=purchase_round,
                    tiers=formset_changes(formset),
                    by=request.user,
                )
            except services.RoundError as refusal:
                messages.error(request, str(refusal))
            else:
                messages.success(request, f"บันทึกขั้นราคาของ{item.product} แล้ว")
                return redirect(purchase_round)
    return render(
        request,
        "transactions/item_tiers.html",
        {
            "round": purchase_round,
            "item": item,
            "formset": formset,
            "editable": editable,
        },
    )


def round_copy(request, pk):
    source = managed_round(request, pk)
    form = CopyRoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        copy = services.copy_round(
            source,
            request.user,
            form.cleaned_data["opens_at"],
            form.cleaned_data["closes_at"],
        )
        messages.success(request, "สร้างรอบใหม่จากรอบเดิมแล้ว ตรวจสอบราคาแล้วกดเปิดรับคำสั่งซื้อ")
        return redirect(copy)
    return render(request, "transactions/round_copy.html", {"round": source, "form": form})


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
        "carry": [
            ("action", name),
            ("note", note),
            *carried_date("ordered_on", ordered_on),
        ],
        "back": purchase_round.get_absolute_url(),
    }


@require_POST
@vary_on_headers("HX-Request")
def round_transition(request, pk):
    """A state change of the round. What cannot be taken back (a close before its time,
    the supplier order, a cancellation) first answers with a confirmation step carrying
    the same fields; it goes through with `confirmed`."""
    purchase_round = managed_round(request, pk)
    note = request.POST.get("note", "")  # its length: services._check_note
    action = request.POST.get("action", "")
    try:
        ordered_on = posted_date(request, "ordered_on")
        if not request.POST.get("confirmed") and services.asks_confirmation(purchase_round, action):
            services.check_transition(purchase_round, action, note, ordered_on=ordered_on)
            return confirm(
                request,
                _transition_confirmation(purchase_round, action, note, ordered_on),
            )
        services.transition(purchase_round, action, request.user, note, ordered_on=ordered_on)
    except services.RoundError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"{services.ACTIONS[action].label}แล้ว")
    return finish(request, purchase_round.get_absolute_url())


def round_detail(request, pk):
    purchase_round = visible_round(request, pk)
    view = policy.round_view(request.user, purchase_round)
    centers = view_centers(request, purchase_round, view)
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
        own = represented_organization_ids(request.user)
        my_groups = list(
            selectors.round_figures(
                purchase_round, centers=centers, organizations=own
            ).groups.values()
        )
    manages = policy.may_manage_round(request.user, purchase_round)
    for district in figures.districts:
        district.may_open = policy.may_open_district_order(
            request.user, purchase_round, district.center, round_visible=True
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
            "editable": manages and purchase_round.editable,
            "after_order": purchase_round.sent_to_supplier,
            "documents": view is RoundView.FULL,
        },
    )
