"""Reviews and sign-offs of a center's monthly report.

The figures themselves are computed from the live data (reports.figures); a sign-off keeps
them as they were signed, so a later correction shows as a difference, not a silent change.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from centers.models import Center
from songkhla_network import thai
from songkhla_network.fields import NOTE_LENGTH


class ReportReview(models.Model):
    """A committee member marks the month's report as reviewed, with an optional comment."""

    center = models.ForeignKey(
        Center, verbose_name="ศูนย์", on_delete=models.PROTECT, related_name="report_reviews"
    )
    year = models.PositiveIntegerField("ปี ค.ศ.", editable=False)
    month = models.PositiveSmallIntegerField("เดือน", editable=False)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="ผู้ตรวจทาน",
        on_delete=models.PROTECT,
        related_name="report_reviews",
    )
    comment = models.TextField("ความเห็น", max_length=NOTE_LENGTH, blank=True)
    at = models.DateTimeField("ตรวจทานเมื่อ", default=timezone.now)

    class Meta:
        ordering = ["center", "-year", "-month", "at"]
        verbose_name = "การตรวจทานรายงานประจำเดือน"
        verbose_name_plural = "การตรวจทานรายงานประจำเดือน"
        constraints = [
            models.UniqueConstraint(
                fields=["center", "year", "month", "reviewer"],
                name="report_review_once_per_reviewer",
                violation_error_message="คุณตรวจทานรายงานเดือนนี้แล้ว",
            )
        ]

    def __str__(self):
        return f"{self.center} {self.month}/{thai.year_text(self.year)}: {self.reviewer}"


class ReportSignOff(models.Model):
    """The chair signs the month off; `figures` keeps the report as signed."""

    center = models.ForeignKey(
        # PROTECT: a signed month is evidence; it goes with nothing.
        Center,
        verbose_name="ศูนย์",
        on_delete=models.PROTECT,
        related_name="report_signoffs",
    )
    year = models.PositiveIntegerField("ปี ค.ศ.", editable=False)
    month = models.PositiveSmallIntegerField("เดือน", editable=False)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="ผู้ลงนาม",
        on_delete=models.PROTECT,
        related_name="report_signoffs",
    )
    at = models.DateTimeField("ลงนามเมื่อ", default=timezone.now)
    figures = models.JSONField("ตัวเลข ณ วันลงนาม")

    class Meta:
        ordering = ["center", "-year", "-month"]
        verbose_name = "การรับรองรายงานประจำเดือน"
        verbose_name_plural = "การรับรองรายงานประจำเดือน"
        constraints = [
            models.UniqueConstraint(
                fields=["center", "year", "month"],
                name="report_signed_once_per_month",
                violation_error_message="รายงานเดือนนี้ลงนามรับรองแล้ว",
            )
        ]

    def __str__(self):
        return f"{self.center} {self.month}/{thai.year_text(self.year)}"  # 10/2569


class PurchaseYear(models.Model):
    """A year's purchases as the dashboard sums them, kept so a view does not sum every
    order line of the year again (reports.dashboard.year_totals). Derived data: valid while
    `fingerprint` matches the year's orders in rounds sent to the supplier (their rounds,
    statuses and versions: an order's lines change only with its version, and only while
    its round is open); otherwise the next view builds it again."""

    year = models.PositiveIntegerField("ปี ค.ศ.", primary_key=True)
    fingerprint = models.CharField("ลายนิ้วมือของคำสั่งซื้อ", max_length=64)
    built_at = models.DateTimeField("คำนวณเมื่อ", default=timezone.now)

    class Meta:
        verbose_name = "ยอดซื้อร่วมรายปี (คำนวณไว้)"
        verbose_name_plural = "ยอดซื้อร่วมรายปี (คำนวณไว้)"

    def __str__(self):
        return str(self.year)


class PurchaseYearGroup(models.Model):
    """One group's purchases in one district's orders over the year: each line's money
    rounded as billed, then added."""

    year = models.ForeignKey(
        PurchaseYear, verbose_name="ปี", on_delete=models.CASCADE, related_name="groups"
    )
    center = models.ForeignKey(
        Center, verbose_name="ศูนย์อำเภอ", on_delete=models.CASCADE, related_name="+"
    )
    organization = models.ForeignKey(
        "members.Organization", verbose_name="กลุ่ม", on_delete=models.CASCADE, related_name="+"
    )
    # Sums, never typed (editable=False).
    value = models.DecimalField("มูลค่า (บาท)", max_digits=16, decimal_places=2, editable=False)
    savings = models.DecimalField("ประหยัดได้ (บาท)", max_digits=16, decimal_places=2, editable=False)
    referenced = models.PositiveIntegerField("รายการที่มีราคาอ้างอิง", editable=False)

    class Meta:
        verbose_name = "ยอดซื้อร่วมรายปีของกลุ่ม (คำนวณไว้)"
        verbose_name_plural = "ยอดซื้อร่วมรายปีของกลุ่ม (คำนวณไว้)"
        constraints = [
            models.UniqueConstraint(
                fields=["year", "center", "organization"], name="purchase_year_group_once"
            )
        ]

    def __str__(self):
        return f"{self.year_id} {self.center_id} {self.organization_id}"


class PurchaseYearProduct(models.Model):
    """What one district's orders bought of a product over the year."""

    year = models.ForeignKey(
        PurchaseYear, verbose_name="ปี", on_delete=models.CASCADE, related_name="products"
    )
    center = models.ForeignKey(
        Center, verbose_name="ศูนย์อำเภอ", on_delete=models.CASCADE, related_name="+"
    )
    product = models.ForeignKey(
        "catalogue.Product", verbose_name="สินค้า", on_delete=models.CASCADE, related_name="+"
    )
    quantity = models.DecimalField("ปริมาณ", max_digits=16, decimal_places=3, editable=False)

    class Meta:
        verbose_name = "ยอดซื้อร่วมรายปีตามสินค้า (คำนวณไว้)"
        verbose_name_plural = "ยอดซื้อร่วมรายปีตามสินค้า (คำนวณไว้)"
        constraints = [
            models.UniqueConstraint(
                fields=["year", "center", "product"], name="purchase_year_product_once"
            )
        ]

    def __str__(self):
        return f"{self.year_id} {self.center_id} {self.product_id}"
