import datetime
import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from songkhla_network import thai
from songkhla_network.fields import BEDateFormField, ThaiTimeFormField

# The Thai number fields every app uses live below the apps; imported here as before.
from songkhla_network.numbers import ThaiDecimalField, ThaiIntegerField, parse_number
from transactions.catalogue.models import (
    LINE_CEILING,
    PAYMENT_MAXIMUM,
    PRICE_CEILING,
    TOTAL_CEILING,
    Partner,
    PartnerRole,
    Product,
)
from transactions.common.entries import SubmissionKeyMixin

from .models import (
    RECORDED_AFTER_CLOSING,
    ROUND_TOTAL_MAXIMUM,
    Delivery,
    Payment,
    Pickup,
    PriceTier,
    PurchaseRound,
    RoundItem,
    RoundStatus,
)

parse_decimal = parse_number  # the name the views know


def _dated_today(form, purchase_round, name: str) -> None:
    """A delivery, pickup or payment form starts at today's date; in a round recorded
    afterwards it starts empty, so the day it really happened is typed, not today."""
    if purchase_round.recorded_afterwards:
        form.fields[name].help_text = "รอบที่บันทึกย้อนหลัง: กรอกวันที่ที่เกิดขึ้นจริง"
    else:
        form.fields[name].initial = timezone.localdate()


def cell_name(organization_id, item_id) -> str:
    return f"q_{organization_id}_{item_id}"


class OrderGridForm(forms.Form):
    """Quantities of every product for every group of a district.

    The cells are not Django fields: a district has hundreds of groups, and building and
    rendering a field per cell was most of the page's time. Each product has one
    ThaiDecimalField that cleans its column's cells (the same Thai messages), and
    `cell()` gives the template the plain data it draws an input from (name, value,
    label, error), in the markup Django's TextInput would give."""

    version = ThaiIntegerField(widget=forms.HiddenInput, required=True, max_value=2**31 - 1)
    submission_key = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, groups, items, quantities, locked=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.groups, self.items = groups, items
        self.saved, self.locked = quantities, locked
        self.columns = {
            item.pk: ThaiDecimalField(
                places=item.product.decimal_places,
                unit=item.product.get_unit_display(),
                max_value=item.product.line_maximum,
            )
            for item in items
        }
        self.cell_errors = {}  # cell name -> the first message
        if not self.is_bound:
            self.initial.setdefault("submission_key", uuid.uuid4())

    def clean(self):
        cleaned = super().clean()
        for group in self.groups:
            for item in self.items:
                name = cell_name(group.pk, item.pk)
                try:
                    cleaned[name] = self.columns[item.pk].clean(self.data.get(name))
                except ValidationError as error:
                    self.cell_errors[name] = error.messages[0]
                    self._errors[name] = self.error_class(error.error_list)
        return cleaned

    def cell(self, group, item, label) -> dict:
        """What the template needs to draw one cell's input and its error."""
        name = cell_name(group.pk, item.pk)
        if self.is_bound and not self.locked:
            value = self.data.get(name)
            error = self.cell_errors.get(name, "") if self.errors else ""
        else:
            value = self.columns[item.pk].prepare_value(self.saved.get((group.pk, item.pk)))
            error = ""
        return {
            "name": name,
            "value": None if value == "" or value is None else str(value),
            "label": label,
            "error": error,
            "disabled": self.locked,
        }

    def quantities(self) -> dict:
        """{(organization id, item id): quantity or None} from the cleaned cells."""
        return {
            (group.pk, item.pk): self.cleaned_data.get(cell_name(group.pk, item.pk))
            for group in self.groups
            for item in self.items
        }

    def typed_quantities(self) -> dict:
        """What the cells hold now, valid ones only (for totals while typing)."""
        self.is_valid()  # cleans every cell, once
        result = {}
        for group in self.groups:
            for item in self.items:
                name = cell_name(group.pk, item.pk)
                if name not in self.cell_errors:
                    result[(group.pk, item.pk)] = self.cleaned_data.get(name)
        return result


class RoundForm(forms.ModelForm):
    opens_on = BEDateFormField(label="วันที่เปิดรับคำสั่งซื้อ")
    opens_time = ThaiTimeFormField(label="เวลาเปิด", initial=datetime.time(8, 0))
    closes_on = BEDateFormField(label="วันที่ปิดรับคำสั่งซื้อ")
    closes_time = ThaiTimeFormField(label="เวลาปิด", initial=datetime.time(16, 30))
    minimum_total = ThaiDecimalField(
        label="ยอดรวมขั้นต่ำที่จะสั่งซื้อ (บาท)",
        places=2,
        allow_zero=False,
        max_value=ROUND_TOTAL_MAXIMUM,
        help_text="ถ้ายอดรวมไม่ถึง จะไม่ส่งคำสั่งซื้อให้ผู้จำหน่าย เว้นว่างได้",
    )

    recorded_afterwards = forms.BooleanField(
        label="บันทึกย้อนหลัง: รอบนี้เกิดขึ้นแล้ว",
        required=False,
        help_text=(
            "สำหรับบันทึกรอบในอดีตตามวันที่จริง เช่น การซื้อปุ๋ยร่วมกันเดือนกรกฎาคม 2547 "
            "ทุกขั้นตอน (เปิด ปิด วันที่อำเภอส่ง วันที่สั่งซื้อ ส่งมอบ รับสินค้า ชำระเงิน) "
            "ลงวันที่ตามที่เกิดขึ้นจริง และบันทึกว่าใครบันทึกย้อนหลังเมื่อใด"
        ),
    )

    DATES = ("opens_on", "opens_time", "closes_on", "closes_time")

    class Meta:
        model = PurchaseRound
        fields = ["title", "center", "supplier", "minimum_total", "note", "delivery_terms"]
        widgets = {
            "note": forms.Textarea(attrs={"rows": 3}),
            "delivery_terms": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, centers, recorder=None, **kwargs):
        """`recorder`: the user creating the round, if they may record a past round (the
        choice is offered on a new round only)."""
        super().__init__(*args, **kwargs)
        self.recorder = recorder
        self.fields["center"].queryset = centers
        self.fields["center"].empty_label = None
        self.fields["supplier"].queryset = Partner.objects.filter(role=PartnerRole.SUPPLIER)
        self.fields["supplier"].empty_label = "ยังไม่ระบุ"
        if self.instance.pk or recorder is None:
            del self.fields["recorded_afterwards"]
        if self.instance.pk:
            self.fields["center"].disabled = True
            for prefix, value in (
                ("opens", self.instance.opens_at),
                ("closes", self.instance.closes_at),
            ):
                local = timezone.localtime(value)
                self.initial[f"{prefix}_on"] = local.date()
                self.initial[f"{prefix}_time"] = local.time().replace(second=0, microsecond=0)
            if self.instance.recorded_afterwards and self.instance.status != RoundStatus.DRAFT:
                # Its opening and closing are events already dated by these times.
                for name in self.DATES:
                    self.fields[name].disabled = True
                    self.fields[name].help_text = "รอบที่บันทึกย้อนหลังแก้วันที่ได้เฉพาะขณะเป็นร่าง"

    def clean(self):
        cleaned = super().clean()
        parts = [cleaned.get(name) for name in self.DATES]
        if all(part is not None for part in parts):
            opens_at, closes_at = thai.local_datetime(*parts[:2]), thai.local_datetime(*parts[2:])
            recorded = self.instance.recorded_afterwards_at
            if cleaned.get("recorded_afterwards"):
                recorded = timezone.now()
            if closes_at <= opens_at:
                self.add_error("closes_on", "เวลาปิดรับคำสั่งซื้อต้องหลังเวลาเปิด")
            elif recorded is not None and closes_at > recorded:
                self.add_error("closes_on", RECORDED_AFTER_CLOSING)
            else:
                self.instance.opens_at, self.instance.closes_at = opens_at, closes_at
                if cleaned.get("recorded_afterwards"):
                    self.instance.recorded_afterwards_at = recorded
                    self.instance.recorded_afterwards_by = self.recorder
        return cleaned


class RoundItemForm(forms.ModelForm):
    """A product of the round; RoundItem.clean holds its prices to its unit's maximum."""

    unit_price = ThaiDecimalField(
        label="ราคาต่อหน่วย (บาท)",
        places=2,
        allow_zero=False,
        required=True,
        max_value=PRICE_CEILING,
    )
    reference_price = ThaiDecimalField(
        label="ราคาอ้างอิงต่อหน่วย (บาท)",
        places=2,
        allow_zero=False,
        max_value=PRICE_CEILING,
        help_text="เว้นว่างเพื่อใช้ราคาอ้างอิงล่าสุดของสินค้า",
    )

    class Meta:
        model = RoundItem
        fields = ["product", "unit_price", "reference_price"]

    def __init__(self, *args, ordered_item_ids=frozenset(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["product"].queryset = Product.objects.filter(is_active=True)
        if self.instance.pk and self.instance.pk in ordered_item_ids:
            # Lines point at this item: changing its product would change what was ordered.
            self.fields["product"].disabled = True
            self.fields["product"].queryset = Product.objects.all()
            self.fields["product"].help_text = "มีคำสั่งซื้อสินค้านี้แล้ว จึงเปลี่ยนสินค้าไม่ได้"


def formset_changes(formset: forms.BaseModelFormSet) -> list[tuple[models.Model, bool]]:
    """What `formset.save()` would write, in the order it would, without writing:
    (row, True) for a row to delete, (row, False) for a changed or new row. A service
    makes the changes under its own lock."""
    formset.save(commit=False)
    deleted = {id(row) for row in formset.deleted_objects}
    changed = {id(row) for row, _ in formset.changed_objects}
    changes = [
        (form.instance, id(form.instance) in deleted)
        for form in formset.initial_forms
        if id(form.instance) in deleted | changed
    ]
    return changes + [(row, False) for row in formset.new_objects]


class BaseItemFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        seen = set()
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or form.cleaned_data.get("DELETE"):
                continue
            product = form.cleaned_data.get("product")
            if product is None:
                continue
            if product in seen:
                form.add_error("product", "สินค้านี้อยู่ในรอบแล้ว ใส่ได้ครั้งเดียว")
            seen.add(product)


ItemFormSet = forms.inlineformset_factory(
    PurchaseRound,
    RoundItem,
    form=RoundItemForm,
    formset=BaseItemFormSet,
    extra=2,
    can_delete=True,
)


class TierForm(forms.ModelForm):
    """A price tier; PriceTier.clean holds it to its product's unit."""

    min_quantity = ThaiDecimalField(
        label="เมื่อยอดรวมถึง", places=3, allow_zero=False, required=True, max_value=TOTAL_CEILING
    )
    unit_price = ThaiDecimalField(
        label="ราคาต่อหน่วย (บาท)",
        places=2,
        allow_zero=False,
        required=True,
        max_value=PRICE_CEILING,
    )

    class Meta:
        model = PriceTier
        fields = ["min_quantity", "unit_price"]


class BaseTierFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        base = self.instance.unit_price
        rows = []
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or form.cleaned_data.get("DELETE"):
                continue
            quantity, price = (
                form.cleaned_data.get("min_quantity"),
                form.cleaned_data.get("unit_price"),
            )
            if quantity is None or price is None:
                continue
            if price >= base:
                form.add_error("unit_price", f"ราคาขั้นนี้ต้องต่ำกว่าราคาปกติ {thai.baht(base)}")
            rows.append((quantity, price, form))
        rows.sort(key=lambda row: row[0])
        for (q1, p1, _), (q2, p2, form) in zip(rows, rows[1:], strict=False):
            if q1 == q2:
                form.add_error("min_quantity", "มีขั้นราคาที่ปริมาณนี้แล้ว")
            elif p2 >= p1:
                form.add_error("unit_price", "ขั้นที่ปริมาณมากกว่าต้องมีราคาต่ำกว่า")


TierFormSet = forms.inlineformset_factory(
    RoundItem, PriceTier, form=TierForm, formset=BaseTierFormSet, extra=2, can_delete=True
)


class CopyRoundForm(forms.Form):
    opens_on = BEDateFormField(label="วันที่เปิดรับคำสั่งซื้อ")
    opens_time = ThaiTimeFormField(label="เวลาเปิด", initial=datetime.time(8, 0))
    closes_on = BEDateFormField(label="วันที่ปิดรับคำสั่งซื้อ")
    closes_time = ThaiTimeFormField(label="เวลาปิด", initial=datetime.time(16, 30))

    def clean(self):
        cleaned = super().clean()
        parts = [
            cleaned.get(name) for name in ("opens_on", "opens_time", "closes_on", "closes_time")
        ]
        if all(part is not None for part in parts):
            cleaned["opens_at"], cleaned["closes_at"] = (
                thai.local_datetime(*parts[:2]),
                thai.local_datetime(*parts[2:]),
            )
            if cleaned["closes_at"] <= cleaned["opens_at"]:
                self.add_error("closes_on", "เวลาปิดรับคำสั่งซื้อต้องหลังเวลาเปิด")
        return cleaned


class DeliveryForm(SubmissionKeyMixin, forms.ModelForm):
    quantity = ThaiDecimalField(
        label="ปริมาณที่ส่งมอบ", places=3, allow_zero=False, required=True, max_value=LINE_CEILING
    )

    class Meta:
        model = Delivery
        fields = ["center", "item", "delivered_on", "quantity", "vehicle", "delivery_note", "note"]

    def __init__(self, *args, purchase_round, centers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["center"].queryset = centers
        self.fields["item"].queryset = purchase_round.items.select_related("product")
        self.fields["item"].label_from_instance = lambda item: item.product.name
        _dated_today(self, purchase_round, "delivered_on")

    def clean(self):
        cleaned = super().clean()
        _check_quantity(self, cleaned.get("item"), cleaned.get("quantity"))
        return cleaned


def _check_quantity(form, item, quantity, *, total=False) -> None:
    """The product's own decimal places and its unit's maximum, on the quantity field."""
    if item is not None and quantity is not None and "quantity" not in form.errors:
        error = item.product.quantity_error(quantity, total=total)
        if error:
            form.add_error("quantity", error)


class SuppliedForm(forms.Form):
    item = forms.ModelChoiceField(label="สินค้า", queryset=RoundItem.objects.none())
    supplied_quantity = ThaiDecimalField(
        label="ปริมาณที่ผู้จำหน่ายส่งได้จริง",
        places=3,
        max_value=TOTAL_CEILING,
        help_text="เว้นว่างถ้าส่งได้ครบตามที่สั่ง",
    )

    def __init__(self, *args, purchase_round, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = purchase_round.items.select_related("product")
        self.fields["item"].label_from_instance = lambda item: item.product.name


class PickupForm(SubmissionKeyMixin, forms.ModelForm):
    quantity = ThaiDecimalField(
        label="ปริมาณที่รับ", places=3, allow_zero=False, required=True, max_value=LINE_CEILING
    )

    class Meta:
        model = Pickup
        fields = ["organization", "item", "picked_up_on", "quantity", "note"]

    def __init__(self, *args, purchase_round, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = groups
        self.fields["item"].queryset = purchase_round.items.select_related("product")
        self.fields["item"].label_from_instance = lambda item: item.product.name
        _dated_today(self, purchase_round, "picked_up_on")

    def clean(self):
        cleaned = super().clean()
        _check_quantity(self, cleaned.get("item"), cleaned.get("quantity"))
        return cleaned


class GroupPaymentForm(SubmissionKeyMixin, forms.ModelForm):
    amount = ThaiDecimalField(
        label="จำนวนเงิน (บาท)",
        places=2,
        allow_zero=False,
        required=True,
        max_value=PAYMENT_MAXIMUM,
    )

    class Meta:
        model = Payment
        fields = ["organization", "paid_on", "amount", "reference", "note"]

    def __init__(self, *args, purchase_round, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = groups
        self.fields["organization"].required = True
        _dated_today(self, purchase_round, "paid_on")


class DistrictPaymentForm(SubmissionKeyMixin, forms.ModelForm):
    amount = ThaiDecimalField(
        label="จำนวนเงิน (บาท)",
        places=2,
        allow_zero=False,
        required=True,
        max_value=PAYMENT_MAXIMUM,
    )

    class Meta:
        model = Payment
        fields = ["center", "paid_on", "amount", "reference", "note"]
        labels = {"center": "ศูนย์อำเภอที่ชำระ"}

    def __init__(self, *args, purchase_round, centers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["center"].queryset = centers
        _dated_today(self, purchase_round, "paid_on")
