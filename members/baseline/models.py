"""Baseline profiles (ข้อมูลพื้นฐาน, ระยะที่ 1): an organization's survey (capital, main
products, notes) and its existing links to other organizations, which the network map
draws.

App label `baseline`. Until issue 15 these models were the members app's: their tables
and history tables keep its names (members_baselineprofile, members_organizationlink,
db_table and HistoricalRecords(table_name=...))."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from songkhla_network.fields import NOTE_LENGTH, BEDateField
from songkhla_network.numbers import BoundedDecimalField, within_column

# An organization's working capital, in baht: the province's largest savings cooperatives
# hold tens of billions.
CAPITAL_MAXIMUM = 100_000_000_000


class BaselineProfile(models.Model):
    """An organization's baseline survey (ข้อมูลพื้นฐาน): capital, main products, notes.
    Members are Organization.member_count; interests are transactions.ProductInterest;
    links are OrganizationLink."""

    organization = models.OneToOneField(
        "members.Organization",
        verbose_name="องค์กร",
        on_delete=models.CASCADE,
        related_name="profile",
    )
    surveyed_on = BEDateField("วันที่สำรวจ", default=timezone.localdate)
    capital = BoundedDecimalField(
        "ทุนดำเนินงาน (บาท)",
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        maximum=CAPITAL_MAXIMUM,
    )
    main_products = models.TextField("ผลผลิตหรือสินค้าหลัก", max_length=1_000, blank=True)
    note = models.TextField("ข้อสังเกตจากการสำรวจ", max_length=NOTE_LENGTH, blank=True)

    history = HistoricalRecords(
        table_name="members_historicalbaselineprofile",
        verbose_name="ประวัติข้อมูลพื้นฐาน",
        verbose_name_plural="ประวัติข้อมูลพื้นฐาน",
    )

    class Meta:
        db_table = "members_baselineprofile"
        verbose_name = "ข้อมูลพื้นฐานองค์กร"
        verbose_name_plural = "ข้อมูลพื้นฐานองค์กร"
        constraints = [
            within_column(
                "capital", max_digits=14, decimal_places=2, name="baseline_profile_capital_fits"
            )
        ]

    def __str__(self):
        return f"ข้อมูลพื้นฐาน{self.organization}"


class LinkKind(models.TextChoices):
    BUYS_FROM = "buys_from", "ซื้อสินค้าหรือปัจจัยการผลิตจาก"
    SELLS_TO = "sells_to", "ขายผลผลิตให้"
    FINANCE = "finance", "กู้ยืมหรือรับเงินทุนจาก"
    KNOWLEDGE = "knowledge", "รับความรู้หรือการฝึกอบรมจาก"
    OTHER = "other", "ความร่วมมืออื่น"


class OrganizationLink(models.Model):
    """An existing link of an organization to another (in the network or outside it),
    from the baseline survey; the network map draws them."""

    organization = models.ForeignKey(
        "members.Organization", verbose_name="องค์กร", on_delete=models.CASCADE, related_name="links"
    )
    kind = models.CharField("ลักษณะความเชื่อมโยง", max_length=16, choices=LinkKind.choices)
    partner_organization = models.ForeignKey(
        "members.Organization",
        verbose_name="องค์กรในระบบ",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="linked_from",
    )
    partner_name = models.CharField(
        "ชื่อหน่วยงานภายนอก", max_length=200, blank=True, help_text="เมื่อคู่ความร่วมมือไม่มีในระบบ"
    )
    description = models.CharField("รายละเอียด", max_length=300, blank=True)

    history = HistoricalRecords(
        table_name="members_historicalorganizationlink",
        verbose_name="ประวัติความเชื่อมโยง",
        verbose_name_plural="ประวัติความเชื่อมโยง",
    )

    class Meta:
        db_table = "members_organizationlink"
        ordering = ["organization", "kind", "pk"]
        verbose_name = "ความเชื่อมโยงกับองค์กรอื่น"
        verbose_name_plural = "ความเชื่อมโยงกับองค์กรอื่น"
        constraints = [
            models.CheckConstraint(
                condition=Q(partner_organization__isnull=False) | ~Q(partner_name=""),
                name="organization_link_has_partner",
                violation_error_message="กรุณาเลือกองค์กรในระบบหรือพิมพ์ชื่อหน่วยงานภายนอก",
            ),
            models.CheckConstraint(
                condition=~Q(partner_organization=models.F("organization")),
                name="organization_link_not_to_itself",
                violation_error_message="องค์กรเชื่อมโยงกับตนเองไม่ได้",
            ),
        ]

    def __str__(self):
        return f"{self.organization} {self.get_kind_display()} {self.partner_label}"

    @property
    def partner_label(self) -> str:
        return self.partner_organization.name if self.partner_organization_id else self.partner_name
