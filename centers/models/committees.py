"""Committees and their seats, the staff assigned to a center, and its planning records."""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from members.models import Person
from songkhla_network.fields import NOTE_LENGTH, BEDateField
from songkhla_network.numbers import BoundedDecimalField

from .centers import Center, CenterLevel


class CommitteeKind(models.TextChoices):
    EXECUTIVE = "executive", "คณะกรรมการบริหารศูนย์"
    MARKETING = "marketing", "คณะอนุกรรมการฝ่ายการตลาด"
    OTHER = "other", "คณะทำงานอื่น"


class Committee(models.Model):
    center = models.ForeignKey(
        Center, verbose_name="ศูนย์", on_delete=models.PROTECT, related_name="committees"
    )
    kind = models.CharField("ประเภทคณะ", max_length=16, choices=CommitteeKind.choices)
    name = models.CharField("ชื่อคณะกรรมการ", max_length=200)
    quorum_fraction = BoundedDecimalField(
        "สัดส่วนองค์ประชุม",
        max_digits=3,
        decimal_places=2,
        default=Decimal("0.50"),
        maximum=Decimal("0.99"),
        positive=True,
        help_text="ครบองค์ประชุมเมื่อกรรมการมาประชุมเกินสัดส่วนนี้ของกรรมการทั้งหมด (0.50 = เกินกึ่งหนึ่ง)",
    )

    history = HistoricalRecords(
        verbose_name="ประวัติคณะกรรมการ", verbose_name_plural="ประวัติคณะกรรมการ"
    )

    class Meta:
        ordering = ["center", "kind", "name"]
        verbose_name = "คณะกรรมการ"
        verbose_name_plural = "คณะกรรมการ"
        constraints = [
            models.UniqueConstraint(
                fields=["center", "name"],
                name="committee_name_unique_per_center",
                violation_error_message="ศูนย์นี้มีคณะกรรมการชื่อนี้อยู่แล้ว",
            )
        ]

    def __str__(self):
        return self.name

    def quorum_for(self, members: int) -> int:
        """The fewest present that make a quorum: more than the fraction of the members
        (10 members, 0.50: 6 present)."""
        return int(Decimal(members) * self.quorum_fraction) + 1


class Position(models.TextChoices):
    CHAIR = "chair", "ประธาน"
    VICE_CHAIR = "vice_chair", "รองประธาน"
    SECRETARY = "secretary", "เลขานุการ"
    TREASURER = "treasurer", "เหรัญญิก"
    MEMBER = "member", "กรรมการ"


POSITION_ORDER = models.Case(
    *(models.When(position=value, then=index) for index, value in enumerate(Position.values)),
    output_field=models.IntegerField(),
)


class CommitteeMembershipQuerySet(models.QuerySet):
    def current(self, on: datetime.date | None = None):
        """Members whose term runs on the given day (today in Bangkok by default)."""
        on = on or timezone.localdate()
        return self.filter(Q(term_end__isnull=True) | Q(term_end__gte=on), term_start__lte=on)

    def by_position(self):
        return self.order_by(POSITION_ORDER, "person__first_name")


class CommitteeMembership(models.Model):
    committee = models.ForeignKey(
        Committee, verbose_name="คณะกรรมการ", on_delete=models.CASCADE, related_name="members"
    )
    person = models.ForeignKey(
        Person,
        verbose_name="บุคคล",
        on_delete=models.PROTECT,
        related_name="committee_memberships",
    )
    position = models.CharField("ตำแหน่ง", max_length=16, choices=Position.choices)
    term_start = BEDateField("เริ่มวาระ")
    term_end = BEDateField("สิ้นสุดวาระ", null=True, blank=True)

    objects = CommitteeMembershipQuerySet.as_manager()

    history = HistoricalRecords(verbose_name="ประวัติกรรมการ", verbose_name_plural="ประวัติกรรมการ")

    class Meta:
        ordering = ["committee", POSITION_ORDER.asc(), "term_start"]
        verbose_name = "กรรมการ"
        verbose_name_plural = "กรรมการ"
        constraints = [
            models.CheckConstraint(
                condition=Q(term_end__isnull=True) | Q(term_end__gte=models.F("term_start")),
                name="committee_term_end_after_start",
                violation_error_message="วันสิ้นสุดวาระต้องไม่ก่อนวันเริ่มวาระ",
            )
        ]

    def __str__(self):
        return f"{self.person} — {self.get_position_display()} {self.committee}"

    def is_current(self, on: datetime.date | None = None) -> bool:
        on = on or timezone.localdate()
        return self.term_start <= on and (self.term_end is None or self.term_end >= on)

    def _overlapping(self):
        if self.committee.pk is None:
            return CommitteeMembership.objects.none()
        siblings = CommitteeMembership.objects.filter(committee=self.committee).exclude(pk=self.pk)
        if self.term_end:
            siblings = siblings.filter(term_start__lte=self.term_end)
        return siblings.filter(Q(term_end__isnull=True) | Q(term_end__gte=self.term_start))

    def clean(self):
        # In an admin inline on a new committee, committee is set but has no id yet.
        try:
            committee, person = self.committee, self.person
        except (Committee.DoesNotExist, Person.DoesNotExist):
            return
        if not self.term_start:
            return
        if self.term_end and self.term_end < self.term_start:
            raise ValidationError({"term_end": "วันสิ้นสุดวาระต้องไม่ก่อนวันเริ่มวาระ"})
        overlapping = self._overlapping()
        if overlapping.filter(person_id=self.person_id).exists():
            raise ValidationError({"person": f"{self.person} อยู่ในคณะกรรมการนี้ในช่วงวาระที่ซ้อนกันอยู่แล้ว"})
        if self.position == Position.CHAIR and overlapping.filter(position=Position.CHAIR).exists():
            raise ValidationError(
                {"position": "คณะกรรมการนี้มีประธานในช่วงวาระเดียวกันอยู่แล้ว (มีประธานได้คนเดียว)"}
            )
        center = committee.center
        organization = person.organization
        if (
            center.level == CenterLevel.DISTRICT
            and organization is not None
            and organization.district_id != center.district_id
        ):
            raise ValidationError(
                {
                    "person": f"กรรมการศูนย์ระดับอำเภอ{center.district} ต้องมาจากองค์กรในอำเภอ"
                    f"{center.district} ({self.person} สังกัด{organization} อำเภอ"
                    f"{organization.district})"
                }
            )


class StaffAssignmentQuerySet(models.QuerySet):
    def current(self, on: datetime.date | None = None):
        on = on or timezone.localdate()
        return self.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on), starts_on__lte=on)


class StaffAssignment(models.Model):
    """A user assigned to work for a center: at the provincial center the federation's
    marketing department (provincial coordinator), at a district center the district
    coordinator."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="บัญชีผู้ใช้ระบบ",
        on_delete=models.CASCADE,
        related_name="staff_assignments",
    )
    center = models.ForeignKey(
        Center, verbose_name="ศูนย์", on_delete=models.PROTECT, related_name="staff_assignments"
    )
    starts_on = BEDateField("เริ่มปฏิบัติงาน", default=timezone.localdate)
    ends_on = BEDateField("สิ้นสุดการปฏิบัติงาน", null=True, blank=True)

    objects = StaffAssignmentQuerySet.as_manager()

    history = HistoricalRecords(
        verbose_name="ประวัติเจ้าหน้าที่ประสานงาน", verbose_name_plural="ประวัติเจ้าหน้าที่ประสานงาน"
    )

    class Meta:
        ordering = ["center", "starts_on"]
        verbose_name = "เจ้าหน้าที่ประสานงาน"
        verbose_name_plural = "เจ้าหน้าที่ประสานงาน"
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="staff_assignment_ends_after_start",
                violation_error_message="วันสิ้นสุดต้องไม่ก่อนวันเริ่มปฏิบัติงาน",
            )
        ]

    def __str__(self):
        role = "เจ้าหน้าที่ฝ่ายการตลาด" if self.center.is_provincial else "ผู้ประสานงาน"
        return f"{self.user.get_full_name() or self.user.get_username()} — {role} {self.center}"


class PlanningKind(models.TextChoices):
    VISION = "vision", "วิสัยทัศน์"
    MISSION = "mission", "พันธกิจ"
    STRATEGY = "strategy", "กลยุทธ์"
    STRENGTH = "strength", "จุดแข็ง"
    WEAKNESS = "weakness", "จุดอ่อน"
    OPPORTUNITY = "opportunity", "โอกาส"
    THREAT = "threat", "อุปสรรค"
    PROBLEM = "problem", "ปัญหาและข้อจำกัด"


class PlanningRecord(models.Model):
    """ระยะที่ 2 of the report: a center's vision, mission and strategies, and the SWOT items
    and problems its workshops found, each dated."""

    center = models.ForeignKey(
        Center, verbose_name="ศูนย์", on_delete=models.CASCADE, related_name="planning_records"
    )
    kind = models.CharField("ประเภท", max_length=16, choices=PlanningKind.choices)
    text = models.TextField("ข้อความ", max_length=NOTE_LENGTH)
    recorded_on = BEDateField("วันที่", default=timezone.localdate)
    source = models.CharField(
        "ที่มา", max_length=200, blank=True, help_text="เช่น การประชุมเชิงปฏิบัติการ 15 มี.ค. 2548"
    )

    history = HistoricalRecords(
        verbose_name="ประวัติแผนและการวิเคราะห์", verbose_name_plural="ประวัติแผนและการวิเคราะห์"
    )

    class Meta:
        ordering = ["center_id", "kind", "recorded_on", "pk"]
        verbose_name = "แผนและการวิเคราะห์ของศูนย์"
        verbose_name_plural = "แผนและการวิเคราะห์ของศูนย์"

    def __str__(self):
        return f"{self.get_kind_display()}: {self.text[:40]}"
