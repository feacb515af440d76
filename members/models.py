"""Who is in the network: districts, organizations and the people who lead them."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from songkhla_network.fields import ADDRESS_LENGTH, NOTE_LENGTH, BEDateField
from songkhla_network.numbers import BoundedDecimalField, BoundedIntegerField, within_column
from songkhla_network.uploads import random_path

from .validators import validate_national_id, validate_thai_phone


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
# An organization's working capital, in baht: the province's largest savings cooperatives
# hold tens of billions.
CAPITAL_MAXIMUM = 100_000_000_000


class RegistrySource(models.TextChoices):
    """The registries the baseline (ระยะที่ 1) is loaded from."""

    COOPERATIVE_OFFICE = "cooperative_office", "สำนักงานสหกรณ์จังหวัดสงขลา"
    COMMUNITY_DEVELOPMENT = "community_development", "สำนักงานพัฒนาชุมชนจังหวัดสงขลา"
    AGRICULTURE_OFFICE = "agriculture_office", "สำนักงานเกษตรจังหวัดสงขลา"
    OTHER = "other", "แหล่งอื่น"


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


# Member rosters (ส่งรายชื่อสมาชิก) -------------------------------------------------------
#
# Each member group keeps the list of its individual members; it reaches the province
# through the district center (submitted → forwarded). Rows hold personal data (PDPA):
# no history table copies them, national IDs are shown masked except to the roles that
# need them, every unmasked view is logged, and removing a member erases the data while
# the row (and so every count) stays.


class RosterStatus(models.TextChoices):
    DRAFT = "draft", "กำลังจัดทำ"
    SUBMITTED = "submitted", "ส่งศูนย์อำเภอแล้ว"
    FORWARDED = "forwarded", "ศูนย์อำเภอส่งจังหวัดแล้ว"
    RETURNED = "returned", "ส่งกลับให้แก้ไข"


class Roster(models.Model):
    organization = models.OneToOneField(
        Organization, verbose_name="องค์กร", on_delete=models.PROTECT, related_name="roster"
    )
    status = models.CharField(
        "สถานะ", max_length=16, choices=RosterStatus.choices, default=RosterStatus.DRAFT
    )
    status_changed_at = models.DateTimeField("เปลี่ยนสถานะเมื่อ", null=True, blank=True)
    updated_at = models.DateTimeField("แก้ไขล่าสุด", auto_now=True)

    class Meta:
        ordering = ["organization__name"]
        verbose_name = "ทะเบียนรายชื่อสมาชิก"
        verbose_name_plural = "ทะเบียนรายชื่อสมาชิก"

    def __str__(self):
        return f"รายชื่อสมาชิก{self.organization}"

    @property
    def is_editable(self) -> bool:
        return self.status in (RosterStatus.DRAFT, RosterStatus.RETURNED)


class RosterAction(models.TextChoices):
    UPLOADED = "uploaded", "นำเข้าจากไฟล์"
    ADDED = "added", "เพิ่มสมาชิก"
    EDITED = "edited", "แก้ไขข้อมูลสมาชิก"
    REMOVED = "removed", "ลบสมาชิกและข้อมูลส่วนบุคคล"
    SUBMITTED = "submitted", "ส่งศูนย์อำเภอ"
    FORWARDED = "forwarded", "ส่งต่อจังหวัด"
    RETURNED = "returned", "ส่งกลับให้แก้ไข"


class RosterEvent(models.Model):
    """What happened to a roster, by whom. Notes never carry personal data."""

    roster = models.ForeignKey(
        Roster, verbose_name="ทะเบียน", on_delete=models.CASCADE, related_name="events"
    )
    action = models.CharField("การดำเนินการ", max_length=16, choices=RosterAction.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="ผู้ดำเนินการ",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField("เมื่อ", default=timezone.now)
    count = models.PositiveIntegerField("จำนวน (คน)", null=True, blank=True, editable=False)
    note = models.TextField("หมายเหตุ", max_length=NOTE_LENGTH, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = "ประวัติทะเบียนรายชื่อ"
        verbose_name_plural = "ประวัติทะเบียนรายชื่อ"

    def __str__(self):
        return f"{self.get_action_display()} {self.roster}"


class RosterMemberQuerySet(models.QuerySet):
    def current(self):
        return self.filter(removed_on__isnull=True)


class RosterMember(models.Model):
    roster = models.ForeignKey(
        Roster, verbose_name="ทะเบียน", on_delete=models.PROTECT, related_name="members"
    )
    title = models.CharField("คำนำหน้า", max_length=30, blank=True)
    first_name = models.CharField("ชื่อ", max_length=100, blank=True)
    last_name = models.CharField("นามสกุล", max_length=100, blank=True)
    national_id = models.CharField(
        "เลขประจำตัวประชาชน",
        max_length=13,
        blank=True,
        db_index=True,
        validators=[validate_national_id],
    )
    phone = models.CharField("โทรศัพท์", max_length=30, blank=True, validators=[validate_thai_phone])
    joined_on = BEDateField("วันที่เข้าเป็นสมาชิกกลุ่ม", null=True, blank=True)
    consent = models.BooleanField("ยินยอมให้เครือข่ายเก็บข้อมูลส่วนบุคคล", default=False)
    consent_on = BEDateField("วันที่ให้ความยินยอม", null=True, blank=True)
    added_on = BEDateField("วันที่บันทึกเข้าทะเบียน", default=timezone.localdate)
    removed_on = BEDateField("วันที่ออกจากทะเบียน", null=True, blank=True)
    erased_at = models.DateTimeField("ลบข้อมูลส่วนบุคคลเมื่อ", null=True, blank=True)
    # The add form's key (no personal data): the same form sent again, after an answer
    # lost on a bad connection, adds no second member.
    submission_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    objects = RosterMemberQuerySet.as_manager()

    class Meta:
        ordering = ["roster", "pk"]
        verbose_name = "สมาชิกในทะเบียน"
        verbose_name_plural = "สมาชิกในทะเบียน"
        constraints = [
            models.UniqueConstraint(
                fields=["roster", "national_id"],
                condition=~Q(national_id="") & Q(removed_on__isnull=True),
                name="roster_member_national_id_once_per_roster",
                violation_error_message="เลขประจำตัวประชาชนนี้อยู่ในรายชื่อของกลุ่มนี้แล้ว",
            ),
            models.CheckConstraint(
                condition=Q(national_id="") | Q(consent=True),
                name="roster_member_national_id_needs_consent",
                violation_error_message="เก็บเลขประจำตัวประชาชนได้เมื่อสมาชิกให้ความยินยอมแล้วเท่านั้น",
            ),
            models.CheckConstraint(
                condition=Q(erased_at__isnull=True)
                | (Q(first_name="") & Q(last_name="") & Q(national_id="") & Q(phone="")),
                name="roster_member_erased_is_empty",
                violation_error_message="สมาชิกที่ลบข้อมูลแล้วต้องไม่มีข้อมูลส่วนบุคคลเหลืออยู่",
            ),
        ]
        indexes = [
            # The roster overview at province scale (hundreds of thousands of members):
            # current members counted per roster from the index alone, and the national IDs
            # current in more than one roster found in one ordered pass (rosters.py).
            models.Index(
                fields=["roster"],
                condition=Q(removed_on__isnull=True),
                name="roster_member_current",
            ),
            models.Index(
                fields=["national_id", "roster"],
                condition=Q(removed_on__isnull=True) & ~Q(national_id=""),
                name="roster_member_current_id",
            ),
        ]

    def __str__(self):
        if self.erased_at:
            return "สมาชิกที่ลบข้อมูลแล้ว"
        return f"{self.title}{self.first_name} {self.last_name}".strip()

    def save(self, *args, **kwargs):
        with transaction.atomic(savepoint=False):
            super().save(*args, **kwargs)
            RosterFigures.members_changed()  # the overview's stored figures

    def delete(self, *args, **kwargs):
        with transaction.atomic(savepoint=False):
            deleted = super().delete(*args, **kwargs)
            RosterFigures.members_changed()
        return deleted

    @property
    def full_name(self) -> str:
        return str(self)


class RosterFigures(models.Model):
    """The state of the roster overview's stored figures (RosterFiguresRow), one row
    (pk 1). Derived data: `version` is raised in the same transaction by every write to
    roster members (members_changed); the figures are valid while `built_from`
    matches the version and the last member's id (rosters.roster_figures), otherwise the
    next view builds them again."""

    version = models.PositiveBigIntegerField("รุ่นของรายชื่อ", default=0, editable=False)
    built_from = models.CharField("คำนวณจาก", max_length=64, blank=True)
    built_at = models.DateTimeField("คำนวณเมื่อ", null=True, blank=True)

    class Meta:
        verbose_name = "ตัวเลขภาพรวมทะเบียนรายชื่อ (คำนวณไว้)"
        verbose_name_plural = "ตัวเลขภาพรวมทะเบียนรายชื่อ (คำนวณไว้)"

    def __str__(self):
        return self.built_from or "-"

    @classmethod
    def members_changed(cls) -> None:
        """Mark the stored figures out of date, in the transaction of a write to roster
        members (RosterMember.save and delete; rosters.roster_upload's bulk writes)."""
        bump = cls.objects.filter(pk=1)
        if not bump.update(version=models.F("version") + 1):
            cls.objects.get_or_create(pk=1)  # waits for a first build creating the row
            bump.update(version=models.F("version") + 1)


class RosterFiguresRow(models.Model):
    """One roster's figures as last built: its current members, and those of them whose
    national ID is current in another roster too. Only rosters with a current member have
    a row."""

    roster = models.OneToOneField(
        Roster,
        verbose_name="ทะเบียน",
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="figures",
    )
    current = models.PositiveIntegerField("สมาชิกปัจจุบัน", editable=False)
    flagged = models.PositiveIntegerField("เลขประจำตัวซ้ำกับทะเบียนอื่น", editable=False)

    class Meta:
        verbose_name = "ตัวเลขของทะเบียนรายชื่อ (คำนวณไว้)"
        verbose_name_plural = "ตัวเลขของทะเบียนรายชื่อ (คำนวณไว้)"

    def __str__(self):
        return f"{self.roster_id}: {self.current}/{self.flagged}"


class NationalIdView(models.Model):
    """One showing of an unmasked national ID: who saw whose, when, where (PDPA log)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="ผู้ดู",
        on_delete=models.PROTECT,
        related_name="+",
    )
    member = models.ForeignKey(
        RosterMember, verbose_name="สมาชิก", on_delete=models.PROTECT, related_name="id_views"
    )
    viewed_at = models.DateTimeField("เมื่อ", default=timezone.now, db_index=True)
    where = models.CharField("หน้า", max_length=200, blank=True)

    class Meta:
        ordering = ["-viewed_at", "-pk"]
        verbose_name = "บันทึกการดูเลขประจำตัวประชาชน"
        verbose_name_plural = "บันทึกการดูเลขประจำตัวประชาชน"

    def __str__(self):
        return f"{self.user} ดูเลขประจำตัวของสมาชิกหมายเลข {self.member_id}"


# Baseline data (ระยะที่ 1) ---------------------------------------------------------------


def registry_upload_to(batch, filename: str) -> str:
    """Registry files live under a random name; the original is kept in file_name."""
    return random_path("imports", filename)


class ImportStatus(models.TextChoices):
    PENDING = "pending", "รอตรวจสอบและยืนยัน"
    APPLIED = "applied", "นำเข้าแล้ว"
    DISCARDED = "discarded", "ยกเลิก"


class RegistryImport(models.Model):
    """One registry spreadsheet: uploaded, previewed, then applied all at once (or not)."""

    source = models.CharField("แหล่งข้อมูล", max_length=32, choices=RegistrySource.choices)
    file = models.FileField("ไฟล์", upload_to=registry_upload_to)
    file_name = models.CharField("ชื่อไฟล์", max_length=200)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="ผู้นำเข้า",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    uploaded_at = models.DateTimeField("อัปโหลดเมื่อ", default=timezone.now)
    status = models.CharField(
        "สถานะ", max_length=16, choices=ImportStatus.choices, default=ImportStatus.PENDING
    )
    applied_at = models.DateTimeField("นำเข้าเมื่อ", null=True, blank=True)
    created_count = models.PositiveIntegerField("สร้างใหม่", default=0, editable=False)
    updated_count = models.PositiveIntegerField("ปรับปรุง", default=0, editable=False)
    unchanged_count = models.PositiveIntegerField("ไม่เปลี่ยนแปลง", default=0, editable=False)

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        verbose_name = "การนำเข้าข้อมูลทะเบียน"
        verbose_name_plural = "การนำเข้าข้อมูลทะเบียน"

    def __str__(self):
        from songkhla_network.uploads import file_label

        return f"{file_label(self.file_name)} — {self.get_source_display()}"


class BaselineProfile(models.Model):
    """An organization's baseline survey (ข้อมูลพื้นฐาน): capital, main products, notes.
    Members are Organization.member_count; interests are catalogue.ProductInterest;
    links are OrganizationLink."""

    organization = models.OneToOneField(
        Organization, verbose_name="องค์กร", on_delete=models.CASCADE, related_name="profile"
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

    history = HistoricalRecords(verbose_name="ประวัติข้อมูลพื้นฐาน", verbose_name_plural="ประวัติข้อมูลพื้นฐาน")

    class Meta:
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
        Organization, verbose_name="องค์กร", on_delete=models.CASCADE, related_name="links"
    )
    kind = models.CharField("ลักษณะความเชื่อมโยง", max_length=16, choices=LinkKind.choices)
    partner_organization = models.ForeignKey(
        Organization,
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
        verbose_name="ประวัติความเชื่อมโยง", verbose_name_plural="ประวัติความเชื่อมโยง"
    )

    class Meta:
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
