"""Member rosters (ส่งรายชื่อสมาชิก): each member group keeps the list of its individual
members; it reaches the province through the district center (submitted → forwarded).
Rows hold personal data (PDPA): no history table copies them, national IDs are shown
masked except to the roles that need them, every unmasked view is logged, and removing a
member erases the data while the row (and so every count) stays.

App label `rosters`. Until issue 15 these models were the members app's: their tables keep
its names (members_roster…)."""

from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

from members.validators import validate_national_id, validate_thai_phone
from songkhla_network.fields import NOTE_LENGTH, BEDateField


class RosterStatus(models.TextChoices):
    DRAFT = "draft", "กำลังจัดทำ"
    SUBMITTED = "submitted", "ส่งศูนย์อำเภอแล้ว"
    FORWARDED = "forwarded", "ศูนย์อำเภอส่งจังหวัดแล้ว"
    RETURNED = "returned", "ส่งกลับให้แก้ไข"


class Roster(models.Model):
    organization = models.OneToOneField(
        "members.Organization",
        verbose_name="องค์กร",
        on_delete=models.PROTECT,
        related_name="roster",
    )
    status = models.CharField(
        "สถานะ", max_length=16, choices=RosterStatus.choices, default=RosterStatus.DRAFT
    )
    status_changed_at = models.DateTimeField("เปลี่ยนสถานะเมื่อ", null=True, blank=True)
    updated_at = models.DateTimeField("แก้ไขล่าสุด", auto_now=True)

    class Meta:
        db_table = "members_roster"
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
        db_table = "members_rosterevent"
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
        db_table = "members_rostermember"
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
            # current in more than one roster found in one ordered pass (selectors.listed_twice).
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
    matches the version and the last member's id (figures.roster_figures), otherwise the
    next view builds them again."""

    version = models.PositiveBigIntegerField("รุ่นของรายชื่อ", default=0, editable=False)
    built_from = models.CharField("คำนวณจาก", max_length=64, blank=True)
    built_at = models.DateTimeField("คำนวณเมื่อ", null=True, blank=True)

    class Meta:
        db_table = "members_rosterfigures"
        verbose_name = "ตัวเลขภาพรวมทะเบียนรายชื่อ (คำนวณไว้)"
        verbose_name_plural = "ตัวเลขภาพรวมทะเบียนรายชื่อ (คำนวณไว้)"

    def __str__(self):
        return self.built_from or "-"

    @classmethod
    def members_changed(cls) -> None:
        """Mark the stored figures out of date, in the transaction of a write to roster
        members (RosterMember.save and delete; services.roster_upload's bulk writes)."""
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
        db_table = "members_rosterfiguresrow"
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
        db_table = "members_nationalidview"
        ordering = ["-viewed_at", "-pk"]
        verbose_name = "บันทึกการดูเลขประจำตัวประชาชน"
        verbose_name_plural = "บันทึกการดูเลขประจำตัวประชาชน"

    def __str__(self):
        return f"{self.user} ดูเลขประจำตัวของสมาชิกหมายเลข {self.member_id}"
