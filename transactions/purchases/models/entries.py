"""Goods and money of a round, each recorded once: deliveries to the district centers,
pickups by the groups, payments from the groups and the districts."""

from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from centers.models import Center
from members.models import Organization
from songkhla_network.fields import BEDateField
from songkhla_network.numbers import BoundedDecimalField, within_column
from transactions.catalogue.models import LINE_CEILING, PAYMENT_MAXIMUM
from transactions.common.entries import RecordedEntry
from transactions.common.money import MONEY, QUANTITY

from .rounds import PurchaseRound, RoundItem


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
