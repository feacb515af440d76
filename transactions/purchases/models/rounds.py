"""A purchase round: its statuses and their events, its products with their prices and
volume tiers."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from centers.models import Center, CenterLevel
from songkhla_network.fields import NOTE_LENGTH, BEDateField
from songkhla_network.numbers import BoundedDecimalField, within_column
from transactions.catalogue.models import (
    PRICE_CEILING,
    TOTAL_CEILING,
    Partner,
    PartnerRole,
    Product,
)
from transactions.common.money import MONEY, QUANTITY
from transactions.common.status import StatusEvent, happened_before_recorded

ROUND_TOTAL_MAXIMUM = Decimal(10_000_000_000)


class RoundStatus(models.TextChoices):
    DRAFT = "draft", "ร่าง"
    OPEN = "open", "เปิดรับคำสั่งซื้อ"
    CLOSED = "closed", "ปิดรับคำสั่งซื้อ"
    ORDERED = "ordered", "สั่งซื้อจากผู้จำหน่ายแล้ว"
    DELIVERED = "delivered", "ส่งมอบครบแล้ว"
    SETTLED = "settled", "ชำระเงินครบ ปิดรอบ"
    CANCELLED = "cancelled", "ยกเลิก"


# Sent to the supplier: what these rounds bought is bought (a year's progress towards its
# targets, the monthly reports, the dashboard, the map's links).
SENT_TO_SUPPLIER = (RoundStatus.ORDERED, RoundStatus.DELIVERED, RoundStatus.SETTLED)


# Before the supplier order (and not cancelled): the round's details may still change.
EDITABLE = (RoundStatus.DRAFT, RoundStatus.OPEN, RoundStatus.CLOSED)
# Deliveries, payments and allocations are recorded between the supplier order and the
# settlement; a settled (or cancelled) round is closed to them.
TAKING_ENTRIES = (RoundStatus.ORDERED, RoundStatus.DELIVERED)


RECORDED_AFTER_CLOSING = "รอบที่บันทึกย้อนหลังต้องปิดรับคำสั่งซื้อไปแล้ว ถ้ายังไม่ถึงเวลาปิด ให้เปิดเป็นรอบปกติ"


class PurchaseRoundQuerySet(models.QuerySet):
    def provincial(self):
        return self.filter(center__level=CenterLevel.PROVINCIAL)


class PurchaseRound(models.Model):
    """รอบการซื้อร่วม: opened by the provincial center (province-wide) or by a district
    center for its own groups."""

    title = models.CharField("ชื่อรอบการซื้อ", max_length=200)
    center = models.ForeignKey(
        Center, verbose_name="ศูนย์ที่เปิดรอบ", on_delete=models.PROTECT, related_name="rounds"
    )
    supplier = models.ForeignKey(
        Partner,
        verbose_name="ผู้จำหน่าย",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="rounds",
        limit_choices_to={"role": PartnerRole.SUPPLIER},
    )
    opens_at = models.DateTimeField("เปิดรับคำสั่งซื้อ")
    closes_at = models.DateTimeField("ปิดรับคำสั่งซื้อ")
    status = models.CharField(
        "สถานะ", max_length=16, choices=RoundStatus.choices, default=RoundStatus.DRAFT
    )
    minimum_total = BoundedDecimalField(
        "ยอดรวมขั้นต่ำที่จะสั่งซื้อ (บาท)",
        **MONEY,
        null=True,
        blank=True,
        maximum=ROUND_TOTAL_MAXIMUM,
        positive=True,
        help_text="ถ้ายอดรวมไม่ถึง จะไม่ส่งคำสั่งซื้อให้ผู้จำหน่าย",
    )
    note = models.TextField("รายละเอียด", max_length=NOTE_LENGTH, blank=True)
    delivery_terms = models.TextField(
        "เงื่อนไขการส่งมอบและการชำระเงิน", max_length=NOTE_LENGTH, blank=True
    )
    order_number = models.CharField("เลขที่ใบสั่งซื้อ", max_length=40, blank=True)
    ordered_on = BEDateField("วันที่สั่งซื้อ", null=True, blank=True)
    copied_from = models.ForeignKey(
        "self",
        verbose_name="คัดลอกจากรอบ",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="copies",
    )
    reminded_at = models.DateTimeField("ส่งอีเมลเตือนเมื่อ", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="ผู้สร้าง",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField("สร้างเมื่อ", default=timezone.now)
    # A round that already happened, entered afterwards with its real dates (opening,
    # closing, the districts' submissions, the supplier order, deliveries, pickups,
    # payments): who entered it and when. Its state changes are dated as they happened,
    # and the timer leaves it alone.
    recorded_afterwards_at = models.DateTimeField("บันทึกย้อนหลังเมื่อ", null=True, blank=True)
    recorded_afterwards_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="บันทึกย้อนหลังโดย",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = PurchaseRoundQuerySet.as_manager()

    history = HistoricalRecords(
        verbose_name="ประวัติรอบการซื้อร่วม", verbose_name_plural="ประวัติรอบการซื้อร่วม"
    )

    class Meta:
        ordering = ["-opens_at", "-pk"]
        verbose_name = "รอบการซื้อร่วม"
        verbose_name_plural = "รอบการซื้อร่วม"
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")),
                name="round_closes_after_opening",
                violation_error_message="เวลาปิดรับคำสั่งซื้อต้องหลังเวลาเปิด",
            ),
            models.UniqueConstraint(
                fields=["order_number"],
                condition=~Q(order_number=""),
                name="round_order_number_unique",
                violation_error_message="เลขที่ใบสั่งซื้อนี้ใช้แล้ว",
            ),
            models.CheckConstraint(
                condition=Q(recorded_afterwards_at__isnull=True)
                | Q(closes_at__lte=models.F("recorded_afterwards_at")),
                name="round_recorded_afterwards_closed_before",
                violation_error_message=RECORDED_AFTER_CLOSING,
            ),
            within_column("minimum_total", **MONEY, name="round_minimum_total_fits"),
        ]
        indexes = [models.Index(fields=["status", "closes_at"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("purchase_round_detail", args=[self.pk])

    @property
    def is_provincial(self) -> bool:
        return self.center.level == CenterLevel.PROVINCIAL

    @property
    def editable(self) -> bool:
        return self.status in EDITABLE

    @property
    def sent_to_supplier(self) -> bool:
        return self.status in SENT_TO_SUPPLIER

    @property
    def takes_entries(self) -> bool:
        """Deliveries, payments and allocations may be recorded (pickups also once
        settled: a group may collect what it paid for)."""
        return self.status in TAKING_ENTRIES

    @property
    def recorded_afterwards(self) -> bool:
        return self.recorded_afterwards_at is not None

    @property
    def accepts_orders(self) -> bool:
        """Open, and before its closing time; a round recorded afterwards takes its
        districts' orders while open, its closing time long past."""
        if self.status != RoundStatus.OPEN:
            return False
        return self.recorded_afterwards or timezone.now() < self.closes_at

    def clean(self):
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": "เวลาปิดรับคำสั่งซื้อต้องหลังเวลาเปิด"})
        recorded = self.recorded_afterwards_at
        if recorded is not None and self.closes_at and self.closes_at > recorded:
            raise ValidationError({"closes_at": RECORDED_AFTER_CLOSING})


class RoundEvent(StatusEvent):
    """A state change of a round: who, when, from what to what, and why."""

    round = models.ForeignKey(
        PurchaseRound, verbose_name="รอบการซื้อ", on_delete=models.CASCADE, related_name="events"
    )
    from_status = models.CharField(
        "จากสถานะ", max_length=16, choices=RoundStatus.choices, blank=True
    )
    to_status = models.CharField("เป็นสถานะ", max_length=16, choices=RoundStatus.choices)

    class Meta(StatusEvent.Meta):
        verbose_name = "การเปลี่ยนสถานะรอบ"
        verbose_name_plural = "การเปลี่ยนสถานะรอบ"
        constraints = [happened_before_recorded("round_event_happened_before_recorded")]

    def __str__(self):
        return f"{self.round}: {self.get_to_status_display()}"


class RoundItem(models.Model):
    """A product in a round with its unit price, the reference price it is compared with,
    and (after a short delivery) the quantity the supplier actually supplies."""

    round = models.ForeignKey(
        PurchaseRound, verbose_name="รอบการซื้อ", on_delete=models.CASCADE, related_name="items"
    )
    product = models.ForeignKey(
        Product, verbose_name="สินค้า", on_delete=models.PROTECT, related_name="round_items"
    )
    unit_price = BoundedDecimalField(
        "ราคาต่อหน่วย (บาท)", **MONEY, maximum=PRICE_CEILING, positive=True
    )
    reference_price = BoundedDecimalField(
        "ราคาอ้างอิงต่อหน่วย (บาท)",
        **MONEY,
        null=True,
        blank=True,
        maximum=PRICE_CEILING,
        positive=True,
        help_text="ราคาที่กลุ่มต้องจ่ายถ้าซื้อเอง ใช้คำนวณเงินที่ประหยัดได้",
    )
    reference_price_on = BEDateField("ราคาอ้างอิง ณ วันที่", null=True, blank=True)
    supplied_quantity = BoundedDecimalField(
        "ปริมาณที่ผู้จำหน่ายส่งได้จริง",
        **QUANTITY,
        null=True,
        blank=True,
        maximum=TOTAL_CEILING,
        help_text="กรอกเมื่อผู้จำหน่ายส่งได้น้อยกว่าที่สั่ง ระบบจะเฉลี่ยส่วนที่ขาดตามสัดส่วนที่สั่ง",
    )

    history = HistoricalRecords(verbose_name="ประวัติสินค้าในรอบ", verbose_name_plural="ประวัติสินค้าในรอบ")

    class Meta:
        ordering = ["round", "product__category", "product__name"]
        verbose_name = "สินค้าในรอบการซื้อ"
        verbose_name_plural = "สินค้าในรอบการซื้อ"
        constraints = [
            models.UniqueConstraint(
                fields=["round", "product"],
                name="round_item_product_once",
                violation_error_message="สินค้านี้อยู่ในรอบนี้แล้ว",
            ),
            within_column("unit_price", **MONEY, name="round_item_unit_price_fits"),
            within_column("reference_price", **MONEY, name="round_item_reference_price_fits"),
            within_column("supplied_quantity", **QUANTITY, name="round_item_supplied_fits"),
        ]

    def __str__(self):
        return f"{self.product} ({self.round})"

    def clean(self):
        if not self.product_id:
            return
        errors = {}
        for name in ("unit_price", "reference_price"):
            error = self.product.price_error(getattr(self, name))
            if error:
                errors[name] = error
        if self.supplied_quantity is not None:
            error = self.product.quantity_error(self.supplied_quantity, total=True)
            if error:
                errors["supplied_quantity"] = error
        if errors:
            raise ValidationError(errors)

    def price_for(self, total: Decimal, tiers=None) -> Decimal:
        """The unit price when the round's total of this product is `total`: the lowest
        price among the tiers whose threshold the total reaches, else the base price."""
        tiers = self.tiers.all() if tiers is None else tiers
        price = self.unit_price
        for tier in tiers:
            if total >= tier.min_quantity and tier.unit_price < price:
                price = tier.unit_price
        return price

    def tier_for(self, total: Decimal, tiers=None):
        tiers = self.tiers.all() if tiers is None else tiers
        reached = [tier for tier in tiers if total >= tier.min_quantity]
        return max(reached, key=lambda tier: tier.min_quantity) if reached else None


class PriceTier(models.Model):
    """A volume price: from `min_quantity` (the round's total of the product) the unit
    price is `unit_price` for everyone in the round."""

    item = models.ForeignKey(
        RoundItem, verbose_name="สินค้าในรอบ", on_delete=models.CASCADE, related_name="tiers"
    )
    min_quantity = BoundedDecimalField(
        "เมื่อยอดรวมถึง", **QUANTITY, maximum=TOTAL_CEILING, positive=True
    )
    unit_price = BoundedDecimalField(
        "ราคาต่อหน่วย (บาท)", **MONEY, maximum=PRICE_CEILING, positive=True
    )

    class Meta:
        ordering = ["item", "min_quantity"]
        verbose_name = "ขั้นราคาตามปริมาณ"
        verbose_name_plural = "ขั้นราคาตามปริมาณ"
        constraints = [
            models.UniqueConstraint(
                fields=["item", "min_quantity"],
                name="price_tier_threshold_once",
                violation_error_message="มีขั้นราคาที่ปริมาณนี้แล้ว",
            ),
            within_column("min_quantity", **QUANTITY, name="price_tier_min_quantity_fits"),
            within_column("unit_price", **MONEY, name="price_tier_unit_price_fits"),
        ]

    def __str__(self):
        return f"{self.item.product}: ตั้งแต่ {self.min_quantity} ราคา {self.unit_price}"

    def clean(self):
        if not self.item_id:
            return
        product, errors = self.item.product, {}
        if self.min_quantity is not None:
            error = product.quantity_error(self.min_quantity, total=True)
            if error:
                errors["min_quantity"] = error
        error = product.price_error(self.unit_price)
        if error:
            errors["unit_price"] = error
        if errors:
            raise ValidationError(errors)
