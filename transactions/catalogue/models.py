"""The catalogue the network's businesses share (joint purchasing today; selling, loans
and welfare next): products with their units, what a figure of a product can sensibly be,
reference prices, partners and what they support, and the organizations' interest in
buying or selling a product together (from the baseline survey: a catalogue fact every
business reads, not a purchase).

These models were purchasing's (app label "transactions") until issue 15: each keeps its
table, and so does its history (db_table, HistoricalRecords(table_name=...))."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from centers.models import Center
from members.models import Organization
from songkhla_network.fields import ADDRESS_LENGTH, BEDateField
from songkhla_network.numbers import (
    BoundedDecimalField,
    BoundedSmallIntegerField,
    shown,
    within_column,
)
from transactions.common.money import MONEY, QUANTITY


class Unit(models.TextChoices):
    TON = "ton", "ตัน"
    SACK = "sack", "กระสอบ (50 กก.)"
    KILOGRAM = "kg", "กิโลกรัม"
    LITRE = "litre", "ลิตร"


# What a figure of a product can sensibly be, by its unit. A line: a group's order of a
# product in one round, a delivery, a pickup, an allocation (10,000 t of fertilizer is
# twice the province's plan for a whole year). A total: a round's total or a year's
# target of a product across the province, a hundred lines. A price: per unit, in baht.
LINE_MAXIMUM = {
    Unit.TON: Decimal(10_000),
    Unit.SACK: Decimal(200_000),
    Unit.KILOGRAM: Decimal(1_000_000),
    Unit.LITRE: Decimal(1_000_000),
}
TOTAL_MAXIMUM = {unit: maximum * 100 for unit, maximum in LINE_MAXIMUM.items()}
PRICE_MAXIMUM = {
    Unit.TON: Decimal(1_000_000),
    Unit.SACK: Decimal(50_000),
    Unit.KILOGRAM: Decimal(10_000),
    Unit.LITRE: Decimal(10_000),
}
# The columns hold the largest of them; each product is held to its unit's (clean()).
LINE_CEILING = max(LINE_MAXIMUM.values())
TOTAL_CEILING = max(TOTAL_MAXIMUM.values())
PRICE_CEILING = max(PRICE_MAXIMUM.values())
# Money that is not a unit price: a payment, a grant (a district pays the province tens
# of millions of baht for a province-wide round), and a round's minimum total.
PAYMENT_MAXIMUM = Decimal(1_000_000_000)


class Category(models.TextChoices):
    INPUTS = "inputs", "ปัจจัยการผลิต"
    CONSUMER = "consumer", "สินค้าอุปโภคบริโภค"


class Product(models.Model):
    name = models.CharField("ชื่อสินค้า", max_length=200, unique=True)
    unit = models.CharField("หน่วย", max_length=16, choices=Unit.choices)
    category = models.CharField("หมวดสินค้า", max_length=16, choices=Category.choices)
    decimal_places = BoundedSmallIntegerField(
        "ทศนิยมของปริมาณ",
        default=0,
        maximum=3,
        help_text="จำนวนตำแหน่งทศนิยมที่สั่งได้ เช่น ตัน 2 ตำแหน่ง กระสอบ 0 ตำแหน่ง",
    )
    is_active = models.BooleanField("ยังจำหน่าย", default=True)

    history = HistoricalRecords(
        table_name="transactions_historicalproduct",
        verbose_name="ประวัติสินค้า",
        verbose_name_plural="ประวัติสินค้า",
    )

    class Meta:
        db_table = "transactions_product"
        ordering = ["category", "name"]
        verbose_name = "สินค้า"
        verbose_name_plural = "สินค้า"

    def __str__(self):
        return self.name

    @property
    def quantum(self) -> Decimal:
        return Decimal(1).scaleb(-self.decimal_places)

    @property
    def line_maximum(self) -> Decimal:
        return LINE_MAXIMUM.get(self.unit, LINE_CEILING)

    @property
    def total_maximum(self) -> Decimal:
        return TOTAL_MAXIMUM.get(self.unit, TOTAL_CEILING)

    @property
    def price_maximum(self) -> Decimal:
        return PRICE_MAXIMUM.get(self.unit, PRICE_CEILING)

    def quantity_error(self, quantity: Decimal, *, total: bool = False) -> str | None:
        """Why `quantity` of this product cannot be one line (or, with total=True, a
        round's or a year's total), or None: its decimal places and its unit's maximum."""
        unit = self.get_unit_display()
        maximum = self.total_maximum if total else self.line_maximum
        if quantity > maximum:
            return f"{self.name} ต้องไม่เกิน {shown(maximum)} {unit}"
        exponent = quantity.normalize().as_tuple().exponent
        if isinstance(exponent, int) and -exponent > self.decimal_places:
            if self.decimal_places == 0:
                return f"{self.name} นับเป็นจำนวนเต็ม{unit} ไม่มีทศนิยม"
            return f"{self.name} มีทศนิยมได้ไม่เกิน {self.decimal_places} ตำแหน่ง"
        return None

    def price_error(self, price: Decimal | None) -> str | None:
        """Why `price` cannot be this product's price per unit, or None."""
        if price is not None and price > self.price_maximum:
            unit = self.get_unit_display()
            return f"ราคาของ{self.name}ต้องไม่เกิน {shown(self.price_maximum)} บาทต่อ{unit}"
        return None


class ReferencePrice(models.Model):
    """What a group pays buying alone, per unit, on a date: the baseline of the savings."""

    product = models.ForeignKey(
        Product,
        verbose_name="สินค้า",
        on_delete=models.CASCADE,
        related_name="reference_prices",
    )
    price = BoundedDecimalField(
        "ราคาอ้างอิงต่อหน่วย (บาท)", **MONEY, maximum=PRICE_CEILING, positive=True
    )
    effective_on = BEDateField("ใช้ตั้งแต่วันที่")
    source = models.CharField("แหล่งที่มาของราคา", max_length=200, blank=True)

    history = HistoricalRecords(
        table_name="transactions_historicalreferenceprice",
        verbose_name="ประวัติราคาอ้างอิง",
        verbose_name_plural="ประวัติราคาอ้างอิง",
    )

    class Meta:
        db_table = "transactions_referenceprice"
        ordering = ["product", "-effective_on"]
        verbose_name = "ราคาอ้างอิง"
        verbose_name_plural = "ราคาอ้างอิง"
        constraints = [
            models.UniqueConstraint(
                fields=["product", "effective_on"],
                name="reference_price_one_per_day",
                violation_error_message="สินค้านี้มีราคาอ้างอิงของวันนี้อยู่แล้ว",
            ),
            within_column("price", **MONEY, name="reference_price_price_fits"),
        ]

    def __str__(self):
        return f"{self.product} {self.price} บาท"

    def clean(self):
        if self.product_id and self.price is not None:
            error = self.product.price_error(self.price)
            if error:
                raise ValidationError({"price": error})


class PartnerRole(models.TextChoices):
    SUPPLIER = "supplier", "ผู้จำหน่าย"
    BUYER = "buyer", "ผู้รับซื้อ"
    SUPPORTER = "supporter", "ภาคีสนับสนุน"


class PartnerLocation(models.TextChoices):
    """Where a partner sits relative to the network: the legend of the network map."""

    WITHIN = "within", "ภายในเครือข่าย"
    OUTSIDE = "outside", "ภายนอกเครือข่าย"
    OUTSIDE_PROVINCE = "outside_province", "ภายนอกจังหวัด"


class Partner(models.Model):
    name = models.CharField("ชื่อคู่ค้า", max_length=200, unique=True)
    role = models.CharField("บทบาท", max_length=16, choices=PartnerRole.choices)
    location = models.CharField("ความเชื่อมโยง", max_length=20, choices=PartnerLocation.choices)
    organization = models.ForeignKey(
        Organization,
        verbose_name="องค์กรในเครือข่าย",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="partner_records",
        help_text="เฉพาะคู่ค้าที่เป็นองค์กรในเครือข่าย",
    )
    address = models.TextField("ที่อยู่", max_length=ADDRESS_LENGTH, blank=True)
    phone = models.CharField("โทรศัพท์", max_length=40, blank=True)
    contact_name = models.CharField("ผู้ติดต่อ", max_length=200, blank=True)
    tax_id = models.CharField("เลขประจำตัวผู้เสียภาษี", max_length=13, blank=True)

    history = HistoricalRecords(
        table_name="transactions_historicalpartner",
        verbose_name="ประวัติคู่ค้า",
        verbose_name_plural="ประวัติคู่ค้า",
    )

    class Meta:
        db_table = "transactions_partner"
        ordering = ["name"]
        verbose_name = "คู่ค้า"
        verbose_name_plural = "คู่ค้า"

    def __str__(self):
        return self.name

    def clean(self):
        if self.location == PartnerLocation.WITHIN and not self.organization_id:
            raise ValidationError({"organization": "คู่ค้าภายในเครือข่ายต้องระบุองค์กรในเครือข่าย"})
        if self.location != PartnerLocation.WITHIN and self.organization_id:
            raise ValidationError({"organization": "ระบุองค์กรในเครือข่ายเฉพาะคู่ค้าภายในเครือข่ายเท่านั้น"})


class Support(models.Model):
    """ภาคีสนับสนุน: who supports a center with what (e.g. อบจ.สงขลา, 4,000,000 บาท)."""

    center = models.ForeignKey(
        Center, verbose_name="ศูนย์ที่ได้รับการสนับสนุน", on_delete=models.PROTECT, related_name="supports"
    )
    partner = models.ForeignKey(
        Partner, verbose_name="ภาคีสนับสนุน", on_delete=models.PROTECT, related_name="supports"
    )
    description = models.CharField("สนับสนุนเรื่อง", max_length=300)
    amount = BoundedDecimalField(
        "จำนวนเงิน (บาท)", **MONEY, null=True, blank=True, maximum=PAYMENT_MAXIMUM
    )
    given_on = BEDateField("วันที่")

    history = HistoricalRecords(
        table_name="transactions_historicalsupport",
        verbose_name="ประวัติการสนับสนุน",
        verbose_name_plural="ประวัติการสนับสนุน",
    )

    class Meta:
        db_table = "transactions_support"
        ordering = ["center_id", "-given_on", "pk"]
        verbose_name = "การสนับสนุนจากภาคี"
        verbose_name_plural = "การสนับสนุนจากภาคี"
        constraints = [within_column("amount", **MONEY, name="support_amount_fits")]

    def __str__(self):
        return f"{self.partner}: {self.description}"


class ProductInterest(models.Model):
    """From the baseline survey: an organization's interest in buying or selling a product
    together with the network, and roughly how much a year."""

    organization = models.ForeignKey(
        Organization,
        verbose_name="องค์กร",
        on_delete=models.CASCADE,
        related_name="product_interests",
    )
    product = models.ForeignKey(
        Product, verbose_name="สินค้า", on_delete=models.PROTECT, related_name="interests"
    )
    joint_purchase = models.BooleanField("สนใจซื้อร่วม", default=False)
    joint_sale = models.BooleanField("สนใจขายร่วม", default=False)
    quantity_per_year = BoundedDecimalField(
        "ปริมาณต่อปีโดยประมาณ", **QUANTITY, null=True, blank=True, maximum=TOTAL_CEILING
    )

    history = HistoricalRecords(
        table_name="transactions_historicalproductinterest",
        verbose_name="ประวัติความสนใจซื้อขายร่วม",
        verbose_name_plural="ประวัติความสนใจซื้อขายร่วม",
    )

    class Meta:
        db_table = "transactions_productinterest"
        ordering = ["organization", "product__name"]
        verbose_name = "ความสนใจซื้อขายร่วม"
        verbose_name_plural = "ความสนใจซื้อขายร่วม"
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "product"],
                name="product_interest_once_per_product",
                violation_error_message="บันทึกความสนใจสินค้านี้ขององค์กรนี้ไว้แล้ว",
            ),
            models.CheckConstraint(
                condition=Q(joint_purchase=True) | Q(joint_sale=True),
                name="product_interest_buy_or_sell",
                violation_error_message="กรุณาเลือกอย่างน้อยหนึ่งอย่าง: สนใจซื้อร่วมหรือขายร่วม",
            ),
            within_column("quantity_per_year", **QUANTITY, name="product_interest_quantity_fits"),
        ]

    def __str__(self):
        return f"{self.organization}: {self.product}"

    def clean(self):
        if self.product_id and self.quantity_per_year is not None:
            error = self.product.quantity_error(self.quantity_per_year, total=True)
            if error:
                raise ValidationError({"quantity_per_year": error})
