"""What the districts order for their groups in a round, and what each group receives
after a short delivery."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from centers.models import Center
from members.models import Organization
from songkhla_network.fields import NOTE_LENGTH
from songkhla_network.numbers import BoundedDecimalField, within_column
from transactions.catalogue.models import LINE_CEILING
from transactions.common.money import QUANTITY

from .rounds import PurchaseRound, RoundItem


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
