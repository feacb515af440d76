"""The marketing subcommittee's yearly targets of joint purchases."""

from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from songkhla_network import thai
from songkhla_network.numbers import BoundedDecimalField, BoundedIntegerField, within_column
from transactions.catalogue.models import TOTAL_CEILING, Product
from transactions.common.money import QUANTITY

TARGET_YEARS = thai.CE_YEAR_RANGE  # stored CE: a BE year typed in admin is refused


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
