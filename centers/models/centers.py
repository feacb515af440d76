"""Centers and the memberships of organizations in them."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from members.models import (
    DISTRICT_LEVEL_KINDS,
    PROVINCIAL_LEVEL_KINDS,
    District,
    Organization,
    OrganizationKind,
)
from songkhla_network.fields import NOTE_LENGTH, BEDateField
from songkhla_network.uploads import random_path


class CenterLevel(models.TextChoices):
    PROVINCIAL = "provincial", "ระดับจังหวัด"
    DISTRICT = "district", "ระดับอำเภอ"


class CenterQuerySet(models.QuerySet):
    def districts(self):
        return self.filter(level=CenterLevel.DISTRICT)

    def provincial(self):
        return self.get(level=CenterLevel.PROVINCIAL)

    def of_district(self, code: str):
        """The district center of the district with this code (at most one row): how a
        URL names a district center."""
        return self.filter(level=CenterLevel.DISTRICT, district__code=code)


class Center(models.Model):
    """ศูนย์ประสานงานเครือข่าย: one provincial center, one center per district under it."""

    level = models.CharField("ระดับ", max_length=16, choices=CenterLevel.choices)
    name = models.CharField("ชื่อศูนย์", max_length=200, unique=True)
    host = models.OneToOneField(
        Organization,
        verbose_name="องค์กรที่ตั้งศูนย์",
        on_delete=models.PROTECT,
        related_name="hosted_center",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name="ศูนย์ระดับจังหวัดที่สังกัด",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="district_centers",
    )
    district = models.OneToOneField(
        District,
        verbose_name="อำเภอ",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="center",
    )
    founded_on = BEDateField("วันที่จัดตั้ง", null=True, blank=True)

    objects = CenterQuerySet.as_manager()

    history = HistoricalRecords(
        verbose_name="ประวัติศูนย์ประสานงาน", verbose_name_plural="ประวัติศูนย์ประสานงาน"
    )

    class Meta:
        ordering = ["level", "district__code"]
        verbose_name = "ศูนย์ประสานงาน"
        verbose_name_plural = "ศูนย์ประสานงาน"
        constraints = [
            models.UniqueConstraint(
                fields=["level"],
                condition=Q(level="provincial"),
                name="center_one_provincial",
                violation_error_message="มีศูนย์ประสานงานระดับจังหวัดอยู่แล้ว (มีได้ศูนย์เดียว)",
            ),
            models.CheckConstraint(
                condition=(
                    Q(level="provincial", parent__isnull=True, district__isnull=True)
                    | Q(level="district", parent__isnull=False, district__isnull=False)
                ),
                name="center_level_shape",
                violation_error_message=(
                    "ศูนย์ระดับอำเภอต้องระบุอำเภอและศูนย์ระดับจังหวัดที่สังกัด ส่วนศูนย์ระดับจังหวัดต้องไม่ระบุทั้งสองอย่าง"
                ),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        if self.level == CenterLevel.PROVINCIAL:
            return reverse("network_home")
        return reverse("center_detail", args=[self.district.code])

    @property
    def is_provincial(self) -> bool:
        return self.level == CenterLevel.PROVINCIAL

    def host_error(self, host: Organization) -> str | None:
        """Why `host` may not host this center, or None. Checked from both sides:
        here when the center changes, and in Organization.clean when the host does."""
        if self.level == CenterLevel.PROVINCIAL:
            if host.kind != OrganizationKind.FEDERATION:
                return "ศูนย์ระดับจังหวัดตั้งอยู่ที่ชุมนุมสหกรณ์"
            return None
        if host.kind != OrganizationKind.AGRICULTURAL_COOP:
            return "ศูนย์ระดับอำเภอตั้งอยู่ที่สหกรณ์การเกษตรของอำเภอ"
        if self.district_id and host.district_id != self.district_id:
            return f"องค์กรที่ตั้งศูนย์ระดับอำเภอต้องอยู่ในอำเภอเดียวกับศูนย์ (อำเภอ{self.district})"
        if host.pk:
            # A district center's host belongs at the provincial level, never a district member.
            clash = (
                host.memberships.open()
                .filter(center__level=CenterLevel.DISTRICT)
                .select_related("center")
                .first()
            )
            if clash:
                return (
                    f"{host} ยังเป็นสมาชิกของ{clash.center} "
                    "องค์กรที่ตั้งศูนย์ต้องสังกัดระดับจังหวัด ให้บันทึกการพ้นสมาชิกภาพก่อน"
                )
        return None

    def clean(self):
        errors = {}
        parent = self.parent if self.parent_id else None
        if self.level == CenterLevel.DISTRICT and parent and parent.level != CenterLevel.PROVINCIAL:
            errors["parent"] = "ศูนย์ระดับอำเภอต้องสังกัดศูนย์ระดับจังหวัด"
        if self.host_id:
            error = self.host_error(self.host)
            if error:
                errors["host"] = error
        if self.pk and self.host_id and "host" not in errors:
            previous = Center.objects.select_related("host").get(pk=self.pk)
            if previous.host_id != self.host_id:
                # The old host's provincial membership stands for this center; end it first.
                still_member = previous.host.memberships.open().filter(
                    center__level=CenterLevel.PROVINCIAL
                )
                if still_member.exists():
                    errors["host"] = (
                        f"ย้ายที่ตั้งศูนย์ไม่ได้: {previous.host} ยังเป็นสมาชิกระดับจังหวัดในนามของศูนย์นี้ "
                        "ให้บันทึกการพ้นสมาชิกภาพของที่ตั้งเดิมก่อน"
                    )
        if errors:
            raise ValidationError(errors)


class MembershipStatus(models.TextChoices):
    APPLIED = "applied", "ยื่นใบสมัคร"
    ACTIVE = "active", "เป็นสมาชิก"
    SUSPENDED = "suspended", "พักสมาชิกภาพ"
    LEFT = "left", "พ้นสมาชิกภาพ"
    DECLINED = "declined", "ไม่อนุมัติใบสมัคร"


OPEN_STATUSES = (MembershipStatus.APPLIED, MembershipStatus.ACTIVE, MembershipStatus.SUSPENDED)


# A membership that began: what counts as a member on a day, with its dates (members_on).
MEMBER_STATUSES = (MembershipStatus.ACTIVE, MembershipStatus.SUSPENDED, MembershipStatus.LEFT)


def members_on(day: datetime.date, prefix: str = "") -> Q:
    """The one definition of "a member on `day`" that /network/, the dashboard and the
    monthly reports count: joined on or before the day and not yet left (left_on is the
    first day out). A suspended member is still a member (its membership has not ended);
    applied and declined ones never joined. Dates only, so a past month's count does not
    change when a status changes later. `prefix` reaches memberships through a relation
    ("memberships__")."""
    return Q(**{f"{prefix}status__in": MEMBER_STATUSES, f"{prefix}joined_on__lte": day}) & (
        Q(**{f"{prefix}left_on__isnull": True}) | Q(**{f"{prefix}left_on__gt": day})
    )


class MembershipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=MembershipStatus.ACTIVE)

    def members_on(self, day: datetime.date):
        """Members of their centers on `day` (members_on)."""
        return self.filter(members_on(day))

    def open(self):
        """Not ended: applied, active or suspended."""
        return self.filter(status__in=OPEN_STATUSES)

    def open_first(self, *then: str):
        """Open memberships before ended ones, then by the given fields."""
        ended = models.Case(
            models.When(status__in=OPEN_STATUSES, then=models.Value(0)),
            default=models.Value(1),
            output_field=models.IntegerField(),
        )
        return self.order_by(ended, *then)


def mou_upload_to(membership, filename: str) -> str:
    """Scans live under a random name; the original name is kept in mou_scan_name."""
    return random_path("mou", filename)


class Membership(models.Model):
    """An organization's membership in a center (สมาชิกภาพ): the application recorded by
    the center's coordinator, the decision of the center's chair (or the province), and
    the MOU. A membership becomes active only through an approval (`decided_by`,
    `decided_on`; `joined_on` is the day membership starts)."""

    organization = models.ForeignKey(
        Organization,
        verbose_name="องค์กร",
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    center = models.ForeignKey(
        Center, verbose_name="ศูนย์", on_delete=models.PROTECT, related_name="memberships"
    )
    status = models.CharField(
        "สถานะ",
        max_length=16,
        choices=MembershipStatus.choices,
        default=MembershipStatus.APPLIED,
    )
    applied_on = BEDateField("วันที่ยื่นใบสมัคร", default=timezone.localdate)
    joined_on = BEDateField("วันที่เข้าเป็นสมาชิก", null=True, blank=True)
    left_on = BEDateField("วันที่พ้นสมาชิกภาพ", null=True, blank=True)
    mou_signed_on = BEDateField("วันที่ลงนามบันทึกข้อตกลงความร่วมมือ", null=True, blank=True)
    note = models.TextField("หมายเหตุ", max_length=NOTE_LENGTH, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="ผู้บันทึกใบสมัคร",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_on = BEDateField("วันที่พิจารณาใบสมัคร", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="ผู้พิจารณาใบสมัคร",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decision_reason = models.TextField("เหตุผลการพิจารณา", max_length=NOTE_LENGTH, blank=True)
    mou_signatories = models.TextField(
        "ผู้ลงนามบันทึกข้อตกลง",
        max_length=NOTE_LENGTH,
        blank=True,
        help_text="ชื่อและตำแหน่งของผู้ลงนามทุกฝ่าย บรรทัดละหนึ่งคน",
    )
    mou_scan = models.FileField("สำเนาบันทึกข้อตกลงที่ลงนามแล้ว", upload_to=mou_upload_to, blank=True)
    mou_scan_name = models.CharField("ชื่อไฟล์บันทึกข้อตกลง", max_length=200, blank=True)
    mou_scan_type = models.CharField("ชนิดไฟล์บันทึกข้อตกลง", max_length=100, blank=True)

    objects = MembershipQuerySet.as_manager()

    history = HistoricalRecords(verbose_name="ประวัติสมาชิกภาพ", verbose_name_plural="ประวัติสมาชิกภาพ")

    class Meta:
        ordering = ["center", "organization__name"]
        verbose_name = "สมาชิกภาพ"
        verbose_name_plural = "สมาชิกภาพ"
        constraints = [
            models.UniqueConstraint(
                fields=["organization"],
                condition=Q(status="active"),
                name="membership_one_active_per_organization",
                violation_error_message=(
                    "องค์กรนี้เป็นสมาชิกของศูนย์อื่นอยู่แล้ว องค์กรหนึ่งเป็นสมาชิกได้เพียงศูนย์เดียว"
                ),
            ),
            models.UniqueConstraint(
                fields=["organization", "center"],
                condition=Q(status__in=["applied", "active", "suspended"]),
                name="membership_one_open_per_center",
                violation_error_message="องค์กรนี้มีสมาชิกภาพกับศูนย์นี้ที่ยังไม่สิ้นสุดอยู่แล้ว",
            ),
            models.CheckConstraint(
                condition=Q(joined_on__isnull=True) | Q(joined_on__gte=models.F("applied_on")),
                name="membership_joined_after_applied",
                violation_error_message="วันที่เข้าเป็นสมาชิกต้องไม่ก่อนวันที่ยื่นใบสมัคร",
            ),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True)
                | Q(joined_on__isnull=True)
                | Q(left_on__gte=models.F("joined_on")),
                name="membership_left_after_joined",
                violation_error_message="วันที่พ้นสมาชิกภาพต้องไม่ก่อนวันที่เข้าเป็นสมาชิก",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["active", "suspended"]) | Q(joined_on__isnull=False),
                name="membership_member_has_joined_on",
                violation_error_message="สมาชิกที่เข้าแล้วต้องมีวันที่เข้าเป็นสมาชิก",
            ),
            models.CheckConstraint(
                condition=~Q(status="left") | Q(left_on__isnull=False),
                name="membership_left_has_left_on",
                violation_error_message="กรุณาระบุวันที่พ้นสมาชิกภาพ",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["active", "suspended"]) | Q(decided_on__isnull=False),
                name="membership_member_was_approved",
                violation_error_message="องค์กรเป็นสมาชิกได้เมื่อใบสมัครได้รับอนุมัติแล้วเท่านั้น",
            ),
            models.CheckConstraint(
                condition=~Q(status="declined")
                | (Q(decided_on__isnull=False) & ~Q(decision_reason="")),
                name="membership_declined_has_reason",
                violation_error_message="การไม่อนุมัติใบสมัครต้องระบุวันที่และเหตุผล",
            ),
        ]

    def __str__(self):
        return f"{self.organization} — {self.center} ({self.get_status_display()})"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def level_error(self) -> str | None:
        """Why this organization may not be a member of this center, or None (two-tier rule)."""
        org, center = self.organization, self.center
        hosted = getattr(org, "hosted_center", None) if org.pk else None
        if hosted is not None and hosted.pk == center.pk:
            return "องค์กรที่ตั้งศูนย์ไม่เป็นสมาชิกของศูนย์ของตนเอง"
        if org.kind == OrganizationKind.FEDERATION:
            return "ชุมนุมสหกรณ์เป็นที่ตั้งศูนย์ระดับจังหวัด ไม่สมัครเป็นสมาชิกของศูนย์ใด"
        hosts_district_center = hosted is not None and hosted.level == CenterLevel.DISTRICT
        if center.level == CenterLevel.PROVINCIAL:
            if org.kind in PROVINCIAL_LEVEL_KINDS or hosts_district_center:
                return None
            return (
                f"{org.get_kind_display()}เป็นสมาชิกของศูนย์ระดับอำเภอในอำเภอของตน "
                "ไม่เชื่อมกับระดับจังหวัดโดยตรง"
            )
        # District center.
        if org.kind in PROVINCIAL_LEVEL_KINDS:
            return f"{org.get_kind_display()}เป็นสมาชิกของศูนย์ระดับจังหวัด ไม่ใช่ศูนย์ระดับอำเภอ"
        if hosts_district_center:
            return "องค์กรที่ตั้งศูนย์ระดับอำเภอเป็นสมาชิกของศูนย์ระดับจังหวัด"
        if org.kind not in (*DISTRICT_LEVEL_KINDS, OrganizationKind.AGRICULTURAL_COOP):
            return f"{org.get_kind_display()}ไม่เป็นสมาชิกของศูนย์ระดับอำเภอ"
        if org.district_id != center.district_id:
            return (
                f"องค์กรในอำเภอ{org.district} เป็นสมาชิกได้เฉพาะศูนย์ระดับอำเภอ{org.district} ไม่ใช่{center}"
            )
        return None

    def clean(self):
        if not self.center_id:
            return
        try:
            organization = self.organization  # unsaved in an admin inline: still set
        except Organization.DoesNotExist:
            return
        error = self.level_error()
        if error:
            raise ValidationError({"center": error})
        if self.status in OPEN_STATUSES and organization.pk:
            others = organization.memberships.open().exclude(pk=self.pk).select_related("center")
            if self.status == MembershipStatus.ACTIVE:
                active = next((m for m in others if m.status == MembershipStatus.ACTIVE), None)
                if active:
                    raise ValidationError(
                        {
                            "status": f"{organization} เป็นสมาชิกของ{active.center}อยู่แล้ว "
                            "องค์กรหนึ่งเป็นสมาชิกได้เพียงศูนย์เดียว ให้บันทึกการพ้นสมาชิกภาพก่อน"
                        }
                    )
            other = next((m for m in others if m.center_id != self.center_id), None)
            if other:
                raise ValidationError(
                    {
                        "center": f"{organization} มีสมาชิกภาพกับ{other.center} "
                        f"({other.get_status_display()}) ที่ยังไม่สิ้นสุด"
                    }
                )
        if self.status == MembershipStatus.LEFT and not self.left_on:
            raise ValidationError({"left_on": "กรุณาระบุวันที่พ้นสมาชิกภาพ"})
        if (
            self.status in (MembershipStatus.ACTIVE, MembershipStatus.SUSPENDED)
            and not self.joined_on
        ):
            raise ValidationError({"joined_on": "กรุณาระบุวันที่เข้าเป็นสมาชิก"})
        if (
            self.status in (MembershipStatus.ACTIVE, MembershipStatus.SUSPENDED)
            and not self.decided_on
        ):
            raise ValidationError(
                {
                    "decided_on": "องค์กรเป็นสมาชิกได้เมื่อใบสมัครได้รับอนุมัติแล้วเท่านั้น "
                    "กรุณาระบุวันที่อนุมัติใบสมัคร (หรือใช้คำสั่งอนุมัติใบสมัคร)"
                }
            )
        if self.status == MembershipStatus.DECLINED and not (
            self.decided_on and self.decision_reason.strip()
        ):
            raise ValidationError({"decision_reason": "การไม่อนุมัติใบสมัครต้องระบุวันที่และเหตุผล"})
