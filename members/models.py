"""Who is in the network: districts, organizations and the people who lead them."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from songkhla_network.fields import ADDRESS_LENGTH, BEDateField
from songkhla_network.numbers import BoundedIntegerField

from .reference import RegistrySource
from .validators import validate_thai_phone


class District(models.Model):
    """An อำเภอ of Songkhla (province code 90); reference data from a data migration."""

    code = models.CharField("รหัสอำเภอ", max_length=4, unique=True)
    name = models.CharField("ชื่ออำเภอ", max_length=100, unique=True)

    class Meta:
        ordering = ["code"]
        verbose_name = "อำเภอ"
        verbose_name_plural = "อำเภอ"

    def __str__(self):
        return self.name


class OrganizationKind(models.TextChoices):
    FEDERATION = "federation", "ชุมนุมสหกรณ์"
    AGRICULTURAL_COOP = "agricultural_coop", "สหกรณ์การเกษตร"
    RUBBER_FUND_COOP = "rubber_fund_coop", "สหกรณ์กองทุนสวนยาง"
    SAVINGS_GROUP = "savings_group", "กลุ่มออมทรัพย์เพื่อการผลิต"
    HOUSEWIFE_GROUP = "housewife_group", "กลุ่มแม่บ้านเกษตรกร"
    SAVINGS_COOP = "savings_coop", "สหกรณ์ออมทรัพย์"
    SHOP_COOP = "shop_coop", "สหกรณ์ร้านค้า"
    OTHER_GROUP = "other_group", "กลุ่มอื่น ๆ"


def kind_order(field: str = "kind"):
    """Sort by kind in the order of OrganizationKind (federation first), not by code."""
    return models.Case(
        *(
            models.When(**{field: value}, then=index)
            for index, value in enumerate(OrganizationKind.values)
        ),
        output_field=models.IntegerField(),
    )


# The two tiers (DOMAIN.md). Village groups join the district center of their own
# district; savings and shop cooperatives join the provincial center. An
# agricultural cooperative that hosts a district center belongs at the provincial
# level; one that does not is a member of its district's center.
DISTRICT_LEVEL_KINDS = (
    OrganizationKind.RUBBER_FUND_COOP,
    OrganizationKind.SAVINGS_GROUP,
    OrganizationKind.HOUSEWIFE_GROUP,
    OrganizationKind.OTHER_GROUP,
)
PROVINCIAL_LEVEL_KINDS = (OrganizationKind.SAVINGS_COOP, OrganizationKind.SHOP_COOP)


# A member organization's members: the largest cooperatives of the province count tens of
# thousands; the whole province has about 1.4 million people.
MEMBER_COUNT_MAXIMUM = 1_000_000


class OrganizationQuerySet(models.QuerySet):
    def in_district(self, district):
        return self.filter(district=district)

    def search(self, text: str):
        text = text.strip()
        if not text:
            return self
        return self.filter(Q(name__icontains=text) | Q(registration_number__icontains=text))


class Organization(models.Model):
    public_id = models.UUIDField("รหัสอ้างอิง", default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField("ชื่อองค์กร", max_length=200)
    kind = models.CharField("ประเภท", max_length=32, choices=OrganizationKind.choices)
    registration_number = models.CharField(
        "เลขทะเบียน",
        max_length=50,
        blank=True,
        help_text="เลขทะเบียนสหกรณ์หรือกลุ่ม (ถ้ามี)",
    )
    district = models.ForeignKey(
        District, verbose_name="อำเภอ", on_delete=models.PROTECT, related_name="organizations"
    )
    address = models.TextField("ที่อยู่", max_length=ADDRESS_LENGTH, blank=True)
    phone = models.CharField("โทรศัพท์", max_length=30, blank=True, validators=[validate_thai_phone])
    member_count = BoundedIntegerField(
        "จำนวนสมาชิก (คน)", null=True, blank=True, maximum=MEMBER_COUNT_MAXIMUM
    )
    founded_on = BEDateField("วันที่ก่อตั้ง", null=True, blank=True)
    registry_source = models.CharField(
        "แหล่งข้อมูลทะเบียน", max_length=32, choices=RegistrySource.choices, blank=True
    )

    objects = OrganizationQuerySet.as_manager()

    history = HistoricalRecords(verbose_name="ประวัติองค์กร", verbose_name_plural="ประวัติองค์กร")

    class Meta:
        ordering = ["name"]
        verbose_name = "องค์กร"
        verbose_name_plural = "องค์กร"
        constraints = [
            models.UniqueConstraint(
                fields=["registration_number"],
                condition=~Q(registration_number=""),
                name="organization_registration_number_unique",
                violation_error_message="มีองค์กรที่ใช้เลขทะเบียนนี้อยู่แล้ว",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("organization_detail", args=[self.public_id])

    @property
    def is_district_level_kind(self) -> bool:
        return self.kind in DISTRICT_LEVEL_KINDS

    def clean(self):
        # A change of kind or district must keep every open membership valid, and keep
        # the organization a valid host of the center it hosts.
        if self.pk is None:
            return
        errors = []
        hosted = getattr(self, "hosted_center", None)
        if hosted is not None:
            error = hosted.host_error(self)
            if error:
                errors.append(f"ไม่สามารถบันทึกได้ เพราะองค์กรนี้เป็นที่ตั้งของ{hosted}: {error}")
        for membership in self.memberships.open().select_related("center__district"):
            membership.organization = self
            error = membership.level_error()
            if error:
                errors.append(f"ไม่สามารถบันทึกได้: สมาชิกภาพกับ{membership.center} {error}")
        if errors:
            raise ValidationError(errors)


class Person(models.Model):
    """A leader or contact of an organization: committee members, representatives."""

    public_id = models.UUIDField("รหัสอ้างอิง", default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField("คำนำหน้า", max_length=30, blank=True)
    first_name = models.CharField("ชื่อ", max_length=100)
    last_name = models.CharField("นามสกุล", max_length=100)
    phone = models.CharField("โทรศัพท์", max_length=30, blank=True, validators=[validate_thai_phone])
    organization = models.ForeignKey(
        Organization,
        verbose_name="สังกัดองค์กร",
        # Not SET_NULL: a bulk update would change people without a history record.
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="people",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="บัญชีผู้ใช้ระบบ",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
        help_text="บัญชีที่ใช้เข้าระบบของบุคคลนี้ สิทธิ์กรรมการมาจากตำแหน่งในคณะกรรมการที่ยังอยู่ในวาระ",
    )

    history = HistoricalRecords(verbose_name="ประวัติบุคคล", verbose_name_plural="ประวัติบุคคล")

    class Meta:
        ordering = ["first_name", "last_name"]
        verbose_name = "บุคคล"
        verbose_name_plural = "บุคคล"

    def __str__(self):
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.title}{self.first_name} {self.last_name}".strip()

    def clean(self):
        # Moving a person to another organization must keep their running district
        # committee seats within the committee's district.
        if self.pk is None or self.organization_id is None:
            return
        district = self.organization.district
        for seat in self.committee_memberships.current().select_related("committee__center"):
            center = seat.committee.center
            if center.district_id is not None and center.district_id != district.pk:
                raise ValidationError(
                    {
                        "organization": f"{self.full_name} เป็นกรรมการของ{seat.committee}"
                        f"ซึ่งต้องมาจากองค์กรในอำเภอ{center.district} "
                        "ให้บันทึกวันสิ้นสุดวาระก่อนย้ายสังกัด"
                    }
                )


class Representative(models.Model):
    """A user who represents an organization (ผู้แทนกลุ่ม): sees that organization only."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="บัญชีผู้ใช้ระบบ",
        on_delete=models.CASCADE,
        related_name="representations",
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name="องค์กร",
        on_delete=models.CASCADE,
        related_name="representatives",
    )

    history = HistoricalRecords(verbose_name="ประวัติผู้แทนองค์กร", verbose_name_plural="ประวัติผู้แทนองค์กร")

    class Meta:
        verbose_name = "ผู้แทนองค์กร"
        verbose_name_plural = "ผู้แทนองค์กร"
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organization"],
                name="representative_unique",
                violation_error_message="บัญชีนี้เป็นผู้แทนขององค์กรนี้อยู่แล้ว",
            )
        ]

    def __str__(self):
        return f"{self.user.get_full_name() or self.user.get_username()} — ผู้แทน{self.organization}"
