"""Monthly meetings of the committees (ประชุมประจำเดือน), in the Thai official style:
numbered per committee and Buddhist-Era year, the standard five-item agenda, attendance and
quorum, minutes with resolutions (มติที่ประชุม), and action items carried forward (PDCA)
until they are done.

Rules that span rows live in services.py; the figures and lists in selectors.py.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q, Sum
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from centers.models import Committee
from members.models import Organization, Person
from songkhla_network import thai
from songkhla_network.fields import (
    MINUTES_LENGTH,
    NOTE_LENGTH,
    TEXT_LENGTH,
    BEDateField,
    ThaiTimeField,
)
from songkhla_network.numbers import BoundedSmallIntegerField

# The standard agenda (ระเบียบวาระ) of a Thai committee meeting.
STANDARD_AGENDA = (
    "เรื่องที่ประธานแจ้งให้ที่ประชุมทราบ",
    "เรื่องรับรองรายงานการประชุมครั้งที่แล้ว",
    "เรื่องสืบเนื่อง",
    "เรื่องเพื่อพิจารณา",
    "เรื่องอื่น ๆ (ถ้ามี)",
)
CONFIRMATION_ITEM = 2  # รับรองรายงานการประชุมครั้งที่แล้ว
FOLLOW_UP_ITEM = 3  # เรื่องสืบเนื่อง
MAX_SUB_ITEMS = 30  # sub-items under one agenda item (4.1 ... 4.30)
# All the agenda items' texts of one meeting together, in characters: about twenty-five
# printed pages of minutes, drawn as a PDF in seconds.
MEETING_TEXT_LENGTH = 60_000


class MeetingKind(models.TextChoices):
    MONTHLY = "monthly", "ประชุมประจำเดือน"
    EXTRAORDINARY = "extraordinary", "ประชุมวาระพิเศษ"
    WORKSHOP = "workshop", "ประชุมเชิงปฏิบัติการ"


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", "นัดประชุมแล้ว"
    HELD = "held", "ประชุมแล้ว"
    CANCELLED = "cancelled", "ยกเลิก"


class MinutesStatus(models.TextChoices):
    DRAFT = "draft", "ร่างรายงานการประชุม"
    APPROVED = "approved", "รับรองแล้ว"
    AMENDED = "amended", "รับรองโดยมีการแก้ไข"


class MeetingQuerySet(models.QuerySet):
    def with_draft_minutes(self):
        """Meetings whose minutes are not yet approved: still editable (the query form of
        Meeting.minutes_locked)."""
        return self.filter(minutes_status=MinutesStatus.DRAFT)


class Meeting(models.Model):
    committee = models.ForeignKey(
        Committee, verbose_name="คณะกรรมการ", on_delete=models.PROTECT, related_name="meetings"
    )
    year = models.PositiveIntegerField("ปี พ.ศ.", editable=False)  # numbered by services
    number = models.PositiveIntegerField("ครั้งที่", editable=False)
    kind = models.CharField(
        "ประเภทการประชุม", max_length=16, choices=MeetingKind.choices, default=MeetingKind.MONTHLY
    )
    status = models.CharField(
        "สถานะ", max_length=16, choices=MeetingStatus.choices, default=MeetingStatus.SCHEDULED
    )
    starts_at = models.DateTimeField("วันและเวลานัดประชุม")
    place = models.CharField("สถานที่", max_length=200)
    opened_at = ThaiTimeField("เริ่มประชุมเวลา", null=True, blank=True)
    closed_at = ThaiTimeField("เลิกประชุมเวลา", null=True, blank=True)
    recorder = models.ForeignKey(
        Person,
        verbose_name="ผู้จดรายงานการประชุม",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    checker = models.ForeignKey(
        Person,
        verbose_name="ผู้ตรวจรายงานการประชุม",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    minutes_status = models.CharField(
        "สถานะรายงานการประชุม",
        max_length=16,
        choices=MinutesStatus.choices,
        default=MinutesStatus.DRAFT,
    )
    approved_at = models.DateTimeField("รับรองรายงานเมื่อ", null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="รับรองรายงานโดย",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_in = models.ForeignKey(
        "self",
        verbose_name="รับรองในการประชุม",
        on_delete=models.PROTECT,  # the meeting that approved these minutes stays
        null=True,
        blank=True,
        related_name="approved_minutes",
    )
    note = models.TextField("หมายเหตุ", max_length=NOTE_LENGTH, blank=True)
    quorum_reached = models.BooleanField(
        "ครบองค์ประชุม",
        null=True,
        blank=True,
        editable=False,
        help_text="คำนวณเมื่อบันทึกการมาประชุม ใช้แสดงในรายการโดยไม่ต้องนับใหม่",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="ผู้นัดประชุม",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = MeetingQuerySet.as_manager()

    history = HistoricalRecords(verbose_name="ประวัติการประชุม", verbose_name_plural="ประวัติการประชุม")

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = "การประชุม"
        verbose_name_plural = "การประชุม"
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "year", "number"],
                name="meeting_number_once_per_committee_year",
                violation_error_message="คณะกรรมการนี้มีการประชุมครั้งที่นี้ของปีนี้แล้ว",
            ),
            models.CheckConstraint(
                condition=Q(opened_at__isnull=True)
                | Q(closed_at__isnull=True)
                | Q(closed_at__gte=models.F("opened_at")),
                name="meeting_closes_after_opening",
                violation_error_message="เวลาเลิกประชุมต้องไม่ก่อนเวลาเริ่มประชุม",
            ),
        ]
        indexes = [models.Index(fields=["committee", "starts_at"])]

    def __str__(self):
        return f"{self.committee} {self.title_number}"

    def get_absolute_url(self):
        return reverse("meeting_detail", args=[self.pk])

    @property
    def title_number(self) -> str:
        return f"ครั้งที่ {self.number}/{self.year}"

    @property
    def local_start(self):
        return timezone.localtime(self.starts_at)

    @property
    def lacks_quorum(self) -> bool:
        """Held without a quorum: flagged on every page that shows the meeting."""
        return self.status == MeetingStatus.HELD and self.quorum_reached is False

    @property
    def minutes_locked(self) -> bool:
        """The minutes are approved (as they are or amended): from then on read-only,
        corrections are recorded amendments. The one place this rule is written
        (MeetingQuerySet.with_draft_minutes is its query form)."""
        return self.minutes_status != MinutesStatus.DRAFT

    @property
    def date_text(self) -> str:
        return thai.be_date(self.local_start.date(), "long")


class AgendaItem(models.Model):
    """ระเบียบวาระ: the five standard items and their sub-items (4.1, 4.2 ...)."""

    meeting = models.ForeignKey(
        Meeting, verbose_name="การประชุม", on_delete=models.CASCADE, related_name="agenda"
    )
    section = models.PositiveSmallIntegerField("ระเบียบวาระที่", editable=False)
    position = BoundedSmallIntegerField("ลำดับเรื่อง", default=0, maximum=MAX_SUB_ITEMS)
    title = models.CharField("เรื่อง", max_length=300)
    presenter = models.CharField("ผู้นำเสนอ", max_length=200, blank=True)
    details = models.TextField("รายละเอียด", max_length=TEXT_LENGTH, blank=True)
    minutes = models.TextField("สรุปการประชุม", max_length=MINUTES_LENGTH, blank=True)
    resolution = models.TextField("มติที่ประชุม", max_length=TEXT_LENGTH, blank=True)

    history = HistoricalRecords(
        verbose_name="ประวัติระเบียบวาระ", verbose_name_plural="ประวัติระเบียบวาระ"
    )

    class Meta:
        ordering = ["meeting_id", "section", "position", "pk"]
        verbose_name = "ระเบียบวาระ"
        verbose_name_plural = "ระเบียบวาระ"
        # The minutes PDF draws them: the database refuses what no form would take.
        constraints = [
            models.CheckConstraint(
                condition=LessThanOrEqual(Length(name), limit),
                name=f"agenda_item_{name}_fits",
                violation_error_message="ข้อความของระเบียบวาระยาวเกินกว่าที่ระบบเก็บได้",
            )
            for name, limit in (
                ("details", TEXT_LENGTH),
                ("minutes", MINUTES_LENGTH),
                ("resolution", TEXT_LENGTH),
            )
        ]

    def __str__(self):
        return f"{self.number} {self.title}"

    @property
    def is_heading(self) -> bool:
        return self.position == 0

    def clean(self):
        if not self.meeting_id:
            return
        texts = Length("details") + Length("minutes") + Length("resolution")
        others = (
            AgendaItem.objects.filter(meeting_id=self.meeting_id)
            .exclude(pk=self.pk)
            .aggregate(total=Sum(texts))["total"]
        )
        total = (others or 0) + len(self.details) + len(self.minutes) + len(self.resolution)
        if total > MEETING_TEXT_LENGTH:
            raise ValidationError(
                f"ข้อความของทุกระเบียบวาระในการประชุมครั้งนี้รวมกันได้ไม่เกิน {MEETING_TEXT_LENGTH:,} ตัวอักษร "
                f"(บันทึกนี้จะทำให้รวมเป็น {total:,} ตัวอักษร) กรุณาสรุปให้กระชับ"
            )

    @property
    def number(self) -> str:
        return str(self.section) if self.is_heading else f"{self.section}.{self.position}"


class Attachment(models.Model):
    item = models.ForeignKey(
        AgendaItem, verbose_name="ระเบียบวาระ", on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField("ไฟล์", upload_to="meetings/%Y/%m/")
    name = models.CharField("ชื่อไฟล์", max_length=200)
    content_type = models.CharField("ชนิดไฟล์", max_length=100)
    size = models.PositiveIntegerField("ขนาด (ไบต์)", editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField("อัปโหลดเมื่อ", default=timezone.now)

    class Meta:
        ordering = ["item_id", "uploaded_at"]
        verbose_name = "เอกสารประกอบ"
        verbose_name_plural = "เอกสารประกอบ"

    def __str__(self):
        return self.name


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", "มาประชุม"
    ABSENT = "absent", "ไม่มาประชุม"
    LEAVE = "leave", "ลาประชุม"


class Attendance(models.Model):
    meeting = models.ForeignKey(
        Meeting, verbose_name="การประชุม", on_delete=models.CASCADE, related_name="attendance"
    )
    person = models.ForeignKey(
        Person, verbose_name="กรรมการ", on_delete=models.PROTECT, related_name="attendance"
    )
    position = models.CharField("ตำแหน่งในคณะ", max_length=40, blank=True)
    status = models.CharField("การมาประชุม", max_length=16, choices=AttendanceStatus.choices)
    reason = models.CharField("เหตุผล", max_length=200, blank=True)

    history = HistoricalRecords(
        verbose_name="ประวัติการมาประชุม", verbose_name_plural="ประวัติการมาประชุม"
    )

    class Meta:
        ordering = ["meeting_id", "pk"]
        verbose_name = "การมาประชุมของกรรมการ"
        verbose_name_plural = "การมาประชุมของกรรมการ"
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "person"],
                name="attendance_once_per_person",
                violation_error_message="บันทึกการมาประชุมของกรรมการคนนี้แล้ว",
            )
        ]

    def __str__(self):
        return f"{self.person}: {self.get_status_display()}"


class Guest(models.Model):
    """ผู้เข้าร่วมประชุม: invited, not committee members."""

    meeting = models.ForeignKey(
        Meeting, verbose_name="การประชุม", on_delete=models.CASCADE, related_name="guests"
    )
    name = models.CharField("ชื่อ-นามสกุล", max_length=200)
    organization = models.CharField("หน่วยงาน", max_length=200, blank=True)
    position = models.CharField("ตำแหน่ง", max_length=100, blank=True)

    class Meta:
        ordering = ["meeting_id", "pk"]
        verbose_name = "ผู้เข้าร่วมประชุม"
        verbose_name_plural = "ผู้เข้าร่วมประชุม"

    def __str__(self):
        return self.name


class ActionStatus(models.TextChoices):
    OPEN = "open", "ยังไม่เริ่ม"
    IN_PROGRESS = "in_progress", "กำลังดำเนินการ"
    DONE = "done", "เสร็จแล้ว"
    DROPPED = "dropped", "ยกเลิก"


OPEN_ACTION_STATUSES = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)


class ActionItemQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=OPEN_ACTION_STATUSES)

    def overdue(self, on=None):
        return self.open().filter(due_on__lt=on or timezone.localdate())


class ActionItem(models.Model):
    """What a meeting decided someone should do, followed until done (PDCA)."""

    committee = models.ForeignKey(
        Committee, verbose_name="คณะกรรมการ", on_delete=models.PROTECT, related_name="action_items"
    )
    item = models.ForeignKey(
        AgendaItem,
        verbose_name="ระเบียบวาระที่มอบหมาย",
        on_delete=models.PROTECT,
        related_name="action_items",
    )
    title = models.CharField("สิ่งที่ต้องทำ", max_length=300)
    person = models.ForeignKey(
        Person,
        verbose_name="ผู้รับผิดชอบ (บุคคล)",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="action_items",
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name="ผู้รับผิดชอบ (องค์กร)",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="action_items",
    )
    due_on = BEDateField("กำหนดเสร็จ", null=True, blank=True)
    status = models.CharField(
        "สถานะ", max_length=16, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    progress = models.TextField("ความคืบหน้าล่าสุด", max_length=NOTE_LENGTH, blank=True)

    objects = ActionItemQuerySet.as_manager()

    history = HistoricalRecords(
        verbose_name="ประวัติเรื่องที่มอบหมาย", verbose_name_plural="ประวัติเรื่องที่มอบหมาย"
    )

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = "เรื่องที่มอบหมาย"
        verbose_name_plural = "เรื่องที่มอบหมาย"
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False) | Q(organization__isnull=False),
                name="action_item_has_someone_responsible",
                violation_error_message="กรุณาระบุผู้รับผิดชอบ (บุคคลหรือองค์กร)",
            )
        ]

    def __str__(self):
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_ACTION_STATUSES

    @property
    def responsible(self) -> str:
        names = [str(x) for x in (self.person, self.organization) if x is not None]
        return " / ".join(names)

    def is_overdue(self, on=None) -> bool:
        return (
            self.is_open and self.due_on is not None and self.due_on < (on or timezone.localdate())
        )


class ActionUpdate(models.Model):
    """A step in an action item's history: its status and note at a meeting."""

    action = models.ForeignKey(
        ActionItem, verbose_name="เรื่องที่มอบหมาย", on_delete=models.CASCADE, related_name="updates"
    )
    meeting = models.ForeignKey(
        Meeting,
        verbose_name="ติดตามในการประชุม",
        on_delete=models.PROTECT,  # a follow-up recorded at a meeting stays with it
        null=True,
        blank=True,
        related_name="action_updates",
    )
    status = models.CharField("สถานะ", max_length=16, choices=ActionStatus.choices)
    note = models.TextField("ความคืบหน้า", max_length=NOTE_LENGTH, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField("เมื่อ", default=timezone.now)

    class Meta:
        ordering = ["action_id", "at", "pk"]
        verbose_name = "การติดตามเรื่องที่มอบหมาย"
        verbose_name_plural = "การติดตามเรื่องที่มอบหมาย"

    def __str__(self):
        return f"{self.action}: {self.get_status_display()}"

    @property
    def happened_at(self):
        """When this step happened: at its meeting (the meeting's date and time, however
        much later the minutes were typed), else when it was recorded. The reports count
        by the same moment (reports.figures._actions)."""
        return self.meeting.starts_at if self.meeting_id else self.at

    @property
    def recorded_later(self) -> bool:
        """Typed on another day than the one it happened on (shown beside it)."""
        return timezone.localdate(self.at) != timezone.localdate(self.happened_at)


class Amendment(models.Model):
    """A correction to approved minutes: never an edit, always a new recorded row."""

    meeting = models.ForeignKey(
        # PROTECT: approved minutes and their corrections are evidence.
        Meeting,
        verbose_name="การประชุม",
        on_delete=models.PROTECT,
        related_name="amendments",
    )
    text = models.TextField("ข้อความที่แก้ไข", max_length=TEXT_LENGTH)
    approved_in = models.ForeignKey(
        Meeting,
        verbose_name="รับรองการแก้ไขในการประชุม",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField("บันทึกเมื่อ", default=timezone.now)

    class Meta:
        ordering = ["meeting_id", "at"]
        verbose_name = "การแก้ไขรายงานการประชุม"
        verbose_name_plural = "การแก้ไขรายงานการประชุม"
        constraints = [
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("text"), TEXT_LENGTH),
                name="amendment_text_fits",
                violation_error_message="ข้อความที่แก้ไขยาวเกินกว่าที่ระบบเก็บได้",
            )
        ]

    def __str__(self):
        return self.text[:50]
