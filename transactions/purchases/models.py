"""Joint purchasing (ซื้อร่วมกัน): purchase rounds, the districts' orders, and the goods
and money of a round.

Orders flow up the hierarchy — group → district center → provincial center → supplier —
and goods and money flow back down: deliveries to the district centers, pickups by the
groups, payments from the groups to their district and from the districts to the province.
The products, their reference prices and the partners are the shared catalogue's
(transactions.catalogue).

Business rules live in services.py (state changes, order saving, allocation) and the
figures in selectors.py; models hold the data and the rules of a single row.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from centers.models import Center, CenterLevel
from members.models import Organization
from songkhla_network import thai
from songkhla_network.fields import NOTE_LENGTH, BEDateField
from songkhla_network.numbers import BoundedDecimalField, BoundedIntegerField, within_column
from transactions.catalogue.models import (
    LINE_CEILING,
    PAYMENT_MAXIMUM,
    PRICE_CEILING,
    TOTAL_CEILING,
    Partner,
    PartnerRole,
    Product,
)
from transactions.common.entries import RecordedEntry
from transactions.common.money import MONEY, QUANTITY
from transactions.common.status import StatusEvent, happened_before_recorded

ROUND_TOTAL_MAXIMUM = Decimal(10_000_000_000)
TARGET_YEARS = thai.CE_YEAR_RANGE  # stored CE: a BE year typed in admin is refused


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


class OrderStatus(models.TextChoices):
    DRAFT = "draft", "กำลังบันทึก"
    SUBMITTED = "submitted", "ส่งศูนย์จังหวัดแล้ว"
    RETURNED = "returned", "ส่งคืนให้แก้ไข"


class DistrictOrder(models.Model):
    """A district center's consolidated order in a round: the lines of its groups.

    `version` rises with every save; a form carries the version it was drawn from, so a
    second coordinator saving over the first gets a conflict instead of a lost update.
    """

    round = models.ForeignKey(
        PurchaseRound, verbose_name="รอบการซื้อ", on_delete=models.CASCADE, related_name="orders"
    )
    center = models.ForeignKey(
        Center, verbose_name="ศูนย์อำเภอ", on_delete=models.PROTECT, related_name="orders"
    )
    status = models.CharField(
        "สถานะ", max_length=16, choices=OrderStatus.choices, default=OrderStatus.DRAFT
    )
    version = models.PositiveIntegerField("ฉบับที่", default=0, editable=False)
    last_submission_key = models.UUIDField(null=True, blank=True, editable=False)
    updated_at = models.DateTimeField("บันทึกล่าสุดเมื่อ", null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="บันทึกล่าสุดโดย",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    submitted_at = models.DateTimeField("ส่งเมื่อ", null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="ส่งโดย",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    returned_reason = models.TextField("เหตุผลที่ส่งคืน", max_length=NOTE_LENGTH, blank=True)
    # A return is not an edit of the figures: who returned it is kept apart from who
    # last saved them (updated_at, updated_by).
    returned_at = models.DateTimeField("ส่งคืนเมื่อ", null=True, blank=True)
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="ส่งคืนโดย",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    allocation_confirmed_at = models.DateTimeField("ยืนยันการจัดสรรเมื่อ", null=True, blank=True)
    allocation_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="ยืนยันการจัดสรรโดย",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    history = HistoricalRecords(
        verbose_name="ประวัติคำสั่งซื้อของอำเภอ", verbose_name_plural="ประวัติคำสั่งซื้อของอำเภอ"
    )

    class Meta:
        ordering = ["round", "center__district__code"]
        verbose_name = "คำสั่งซื้อของศูนย์อำเภอ"
        verbose_name_plural = "คำสั่งซื้อของศูนย์อำเภอ"
        constraints = [
            models.UniqueConstraint(
                fields=["round", "center"],
                name="district_order_once_per_round",
                violation_error_message="ศูนย์นี้มีคำสั่งซื้อในรอบนี้แล้ว",
            )
        ]

    def __str__(self):
        return f"{self.center} — {self.round}"

    def get_absolute_url(self):
        return reverse("purchase_order_entry", args=[self.round_id, self.center.district.code])

    @property
    def is_locked(self) -> bool:
        return self.status == OrderStatus.SUBMITTED


class OrderLine(models.Model):
    order = models.ForeignKey(
        # PROTECT: deleting an order (or its round) never drops what groups ordered; a
        # round without lines (an empty order at most) can still go.
        DistrictOrder,
        verbose_name="คำสั่งซื้อของอำเภอ",
        on_delete=models.PROTECT,
        related_name="lines",
    )
    organization = models.ForeignKey(
        Organization, verbose_name="กลุ่ม", on_delete=models.PROTECT, related_name="order_lines"
    )
    item = models.ForeignKey(
        # RESTRICT: an item with orders cannot be removed from its round.
        RoundItem,
        verbose_name="สินค้า",
        on_delete=models.RESTRICT,
        related_name="lines",
    )
    quantity = BoundedDecimalField("ปริมาณ", **QUANTITY, maximum=LINE_CEILING, positive=True)

    class Meta:
        ordering = ["order", "organization__name", "item"]
        verbose_name = "รายการสั่งซื้อของกลุ่ม"
        verbose_name_plural = "รายการสั่งซื้อของกลุ่ม"
        constraints = [
            models.UniqueConstraint(
                fields=["order", "organization", "item"],
                name="order_line_once",
                violation_error_message="กลุ่มนี้สั่งสินค้านี้ในรอบนี้แล้ว",
            ),
            models.CheckConstraint(
                condition=Q(quantity__gt=0),
                name="order_line_positive",
                violation_error_message="ปริมาณต้องมากกว่าศูนย์",
            ),
            within_column("quantity", **QUANTITY, name="order_line_quantity_fits"),
        ]

    def __str__(self):
        return f"{self.organization}: {self.item.product} {self.quantity}"


class Allocation(models.Model):
    """After a short delivery: the quantity a group receives (and pays for) of a product.
    Proposed in proportion to the orders, adjusted by the coordinator, then confirmed."""

    # What a group is billed for: never dropped with its round or product.
    round = models.ForeignKey(
        PurchaseRound, verbose_name="รอบการซื้อ", on_delete=models.PROTECT, related_name="allocations"
    )
    item = models.ForeignKey(
        RoundItem, verbose_name="สินค้า", on_delete=models.PROTECT, related_name="allocations"
    )
    center = models.ForeignKey(
        Center, verbose_name="ศูนย์อำเภอ", on_delete=models.PROTECT, related_name="+"
    )
    organization = models.ForeignKey(
        Organization, verbose_name="กลุ่ม", on_delete=models.PROTECT, related_name="allocations"
    )
    quantity = BoundedDecimalField("ปริมาณที่ได้รับจัดสรร", **QUANTITY, maximum=LINE_CEILING)

    class Meta:
        ordering = ["round", "center__district__code", "organization__name", "item"]
        verbose_name = "การจัดสรรสินค้า"
        verbose_name_plural = "การจัดสรรสินค้า"
        constraints = [
            models.UniqueConstraint(
                fields=["item", "organization"],
                name="allocation_once",
                violation_error_message="กลุ่มนี้ได้รับจัดสรรสินค้านี้แล้ว",
            ),
            models.CheckConstraint(
                condition=Q(quantity__gte=0),
                name="allocation_not_negative",
                violation_error_message="ปริมาณที่จัดสรรต้องไม่ติดลบ",
            ),
            within_column("quantity", **QUANTITY, name="allocation_quantity_fits"),
        ]

    def __str__(self):
        return f"{self.organization}: {self.item.product} {self.quantity}"


class Delivery(RecordedEntry):
    """Goods from the supplier arriving at a district center (partial deliveries allowed)."""

    round = models.ForeignKey(
        # PROTECT: goods and money recorded stay; a round that has them is cancelled.
        PurchaseRound,
        verbose_name="รอบการซื้อ",
        on_delete=models.PROTECT,
        related_name="deliveries",
    )
    item = models.ForeignKey(
        RoundItem, verbose_name="สินค้า", on_delete=models.PROTECT, related_name="deliveries"
    )
    center = models.ForeignKey(
        Center, verbose_name="ส่งถึงศูนย์อำเภอ", on_delete=models.PROTECT, related_name="deliveries"
    )
    delivered_on = BEDateField("วันที่ส่งมอบ")
    quantity = BoundedDecimalField("ปริมาณที่ส่งมอบ", **QUANTITY, maximum=LINE_CEILING, positive=True)
    vehicle = models.CharField("ทะเบียนรถ", max_length=40, blank=True)
    delivery_note = models.CharField("เลขที่ใบส่งของ", max_length=60, blank=True)

    history = HistoricalRecords(verbose_name="ประวัติการส่งมอบ", verbose_name_plural="ประวัติการส่งมอบ")

    class Meta:
        ordering = ["round", "delivered_on", "pk"]
        verbose_name = "การส่งมอบสินค้าถึงศูนย์อำเภอ"
        verbose_name_plural = "การส่งมอบสินค้าถึงศูนย์อำเภอ"
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gt=0),
                name="delivery_positive",
                violation_error_message="ปริมาณต้องมากกว่าศูนย์",
            ),
            within_column("quantity", **QUANTITY, name="delivery_quantity_fits"),
        ]

    def __str__(self):
        return f"{self.center}: {self.item.product} {self.quantity}"


class Pickup(RecordedEntry):
    """A group collecting its goods at its district center."""

    round = models.ForeignKey(
        # PROTECT: goods and money recorded stay; a round that has them is cancelled.
        PurchaseRound,
        verbose_name="รอบการซื้อ",
        on_delete=models.PROTECT,
        related_name="pickups",
    )
    item = models.ForeignKey(
        RoundItem, verbose_name="สินค้า", on_delete=models.PROTECT, related_name="pickups"
    )
    organization = models.ForeignKey(
        Organization, verbose_name="กลุ่ม", on_delete=models.PROTECT, related_name="pickups"
    )
    picked_up_on = BEDateField("วันที่รับสินค้า")
    quantity = BoundedDecimalField("ปริมาณที่รับ", **QUANTITY, maximum=LINE_CEILING, positive=True)

    history = HistoricalRecords(verbose_name="ประวัติการรับสินค้า", verbose_name_plural="ประวัติการรับสินค้า")

    class Meta:
        ordering = ["round", "picked_up_on", "pk"]
        verbose_name = "การรับสินค้าของกลุ่ม"
        verbose_name_plural = "การรับสินค้าของกลุ่ม"
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gt=0),
                name="pickup_positive",
                violation_error_message="ปริมาณต้องมากกว่าศูนย์",
            ),
            within_column("quantity", **QUANTITY, name="pickup_quantity_fits"),
        ]

    def __str__(self):
        return f"{self.organization}: {self.item.product} {self.quantity}"


class PaymentKind(models.TextChoices):
    GROUP = "group", "กลุ่มชำระให้ศูนย์อำเภอ"
    DISTRICT = "district", "ศูนย์อำเภอชำระให้ศูนย์จังหวัด"


class Payment(RecordedEntry):
    round = models.ForeignKey(
        # PROTECT: goods and money recorded stay; a round that has them is cancelled.
        PurchaseRound,
        verbose_name="รอบการซื้อ",
        on_delete=models.PROTECT,
        related_name="payments",
    )
    kind = models.CharField("ประเภทการชำระ", max_length=16, choices=PaymentKind.choices)
    center = models.ForeignKey(
        Center, verbose_name="ศูนย์อำเภอ", on_delete=models.PROTECT, related_name="payments"
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name="กลุ่มที่ชำระ",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="payments",
    )
    paid_on = BEDateField("วันที่ชำระ")
    amount = BoundedDecimalField("จำนวนเงิน (บาท)", **MONEY, maximum=PAYMENT_MAXIMUM, positive=True)
    reference = models.CharField("เลขที่ใบเสร็จ/หลักฐาน", max_length=60, blank=True)

    history = HistoricalRecords(
        verbose_name="ประวัติการชำระเงิน", verbose_name_plural="ประวัติการชำระเงิน"
    )

    class Meta:
        ordering = ["round", "paid_on", "pk"]
        verbose_name = "การชำระเงิน"
        verbose_name_plural = "การชำระเงิน"
        # The monthly reports ask for a round's latest payment (when it was paid in full):
        # one probe instead of a read of all its payments.
        indexes = [models.Index(fields=["round", "paid_on"], name="payment_round_paid_on")]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0),
                name="payment_positive",
                violation_error_message="จำนวนเงินต้องมากกว่าศูนย์",
            ),
            models.CheckConstraint(
                condition=Q(kind="group", organization__isnull=False)
                | Q(kind="district", organization__isnull=True),
                name="payment_kind_shape",
                violation_error_message="การชำระของกลุ่มต้องระบุกลุ่ม การชำระของศูนย์อำเภอต้องไม่ระบุกลุ่ม",
            ),
            within_column("amount", **MONEY, name="payment_amount_fits"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.amount} บาท"


class PurchaseTarget(models.Model):
    """A yearly joint-purchase target set by the marketing subcommittee, e.g. fertilizer
    5,000 t in 2548; progress is what the year's rounds bought."""

    product = models.ForeignKey(
        Product, verbose_name="สินค้า", on_delete=models.PROTECT, related_name="targets"
    )
    year = BoundedIntegerField(
        "ปี ค.ศ.",
        minimum=TARGET_YEARS.start,
        maximum=TARGET_YEARS.stop - 1,
        grouped=False,
        help_text="เก็บเป็นปี ค.ศ. หน้าจอแสดงเป็นปี พ.ศ.",
    )
    quantity = BoundedDecimalField("ปริมาณเป้าหมาย", **QUANTITY, maximum=TOTAL_CEILING, positive=True)
    note = models.CharField("หมายเหตุ", max_length=200, blank=True)

    history = HistoricalRecords(verbose_name="ประวัติเป้าหมาย", verbose_name_plural="ประวัติเป้าหมาย")

    class Meta:
        ordering = ["-year", "product__name"]
        verbose_name = "เป้าหมายการซื้อร่วม"
        verbose_name_plural = "เป้าหมายการซื้อร่วม"
        constraints = [
            models.UniqueConstraint(
                fields=["product", "year"],
                name="purchase_target_once_per_year",
                violation_error_message="สินค้านี้มีเป้าหมายของปีนี้แล้ว",
            ),
            within_column("quantity", **QUANTITY, name="purchase_target_quantity_fits"),
        ]

    def __str__(self):
        return f"{self.product} ปี {self.year + 543}"

    def clean(self):
        if self.product_id and self.quantity is not None:
            error = self.product.quantity_error(self.quantity, total=True)
            if error:
                raise ValidationError({"quantity": error})

    @property
    def be_year(self) -> int:
        return self.year + 543
