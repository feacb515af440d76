"""Reviews and sign-offs of a center's monthly report.

The figures themselves are computed from the live data (reports.figures); a sign-off keeps
them as they were signed, so a later correction shows as a difference, not a silent change.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from centers.models import Center


class ReportReview(models.Model):
    """A committee member marks the month's report as reviewed, with an optional comment."""

    center = models.ForeignKey(
        Center, verbose_name="ศูนย์", on_delete=models.CASCADE, related_name="report_reviews"
    )
    year = models.PositiveIntegerField("ปี ค.ศ.")
    month = models.PositiveSmallIntegerField("เดือน")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="ผู้ตรวจทาน",
        on_delete=models.PROTECT,
        related_name="report_reviews",
    )
    comment = models.TextField("ความเห็น", blank=True)
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
        return f"{self.center} {self.month}/{self.year}: {self.reviewer}"


class ReportSignOff(models.Model):
    """The chair signs the month off; `figures` keeps the report as signed."""

    center = models.ForeignKey(
        Center, verbose_name="ศูนย์", on_delete=models.CASCADE, related_name="report_signoffs"
    )
    year = models.PositiveIntegerField("ปี ค.ศ.")
    month = models.PositiveSmallIntegerField("เดือน")
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
        return f"{self.center} {self.month}/{self.year}"
