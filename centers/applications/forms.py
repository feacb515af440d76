"""Forms of the application pages (issue 7): record an application, decide it, record
the MOU. The rules themselves live in the model and in centers/applications/services.py."""

from django import forms
from django.db.models import Q
from django.utils import timezone

from centers.models import OPEN_STATUSES, Center, CenterLevel, Membership, MembershipStatus
from members.models import (
    DISTRICT_LEVEL_KINDS,
    MEMBER_COUNT_MAXIMUM,
    PROVINCIAL_LEVEL_KINDS,
    District,
    Organization,
    OrganizationKind,
)
from songkhla_network.fields import ADDRESS_LENGTH, NOTE_LENGTH, BEDateFormField
from songkhla_network.numbers import ThaiIntegerField
from songkhla_network.uploads import IMAGES, MEGABYTE, PDF, check_upload

MAX_SCAN_BYTES = 10 * MEGABYTE
SCAN_TYPES = {**PDF, **IMAGES}
SCAN_KINDS = "ไฟล์พีดีเอฟ หรือรูปภาพ (เจพีจี พีเอ็นจี) ไม่เกิน 10 เมกะไบต์"
NEW_ORGANIZATION_KINDS = [
    (value, label)
    for value, label in OrganizationKind.choices
    if value != OrganizationKind.FEDERATION
]


class CenterChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, center):
        return center.name


class OrganizationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, organization):
        return f"{organization.name} (อำเภอ{organization.district.name})"


def organizations_that_may_apply(centers):
    """Organizations that may apply to one of `centers` and have no membership that has
    not ended: groups of the centers' districts; provincial-level ones and district
    center hosts when the provincial center is among them."""
    district_ids = [center.district_id for center in centers if center.district_id]
    query = Q(
        district_id__in=district_ids,
        kind__in=(*DISTRICT_LEVEL_KINDS, OrganizationKind.AGRICULTURAL_COOP),
        hosted_center__isnull=True,
    )
    if any(center.level == CenterLevel.PROVINCIAL for center in centers):
        query |= Q(kind__in=PROVINCIAL_LEVEL_KINDS) | Q(hosted_center__level=CenterLevel.DISTRICT)
    return (
        Organization.objects.filter(query)
        .exclude(memberships__status__in=OPEN_STATUSES)
        .select_related("district")
        .order_by("district__code", "name")
    )


class ApplicationForm(forms.Form):
    """An application: the center, then either an organization already in the system or
    a new one (created together with its application)."""

    center = CenterChoiceField(label="ศูนย์ที่สมัคร", queryset=Center.objects.none())
    organization = OrganizationChoiceField(
        label="เลือกองค์กร",
        queryset=Organization.objects.none(),
        required=False,
        to_field_name="public_id",
        empty_label="— ไม่เลือก (เพิ่มองค์กรใหม่ด้านล่าง) —",
        help_text="แสดงเฉพาะองค์กรที่ยังไม่มีสมาชิกภาพหรือใบสมัครที่ยังไม่สิ้นสุด",
    )
    name = forms.CharField(label="ชื่อองค์กรใหม่", max_length=200, required=False)
    kind = forms.ChoiceField(
        label="ประเภทองค์กร",
        choices=[("", "— เลือกประเภท —"), *NEW_ORGANIZATION_KINDS],
        required=False,
    )
    registration_number = forms.CharField(label="เลขทะเบียน (ถ้ามี)", max_length=50, required=False)
    district = forms.ModelChoiceField(
        label="อำเภอที่ตั้งองค์กร",
        queryset=District.objects.order_by("code"),
        required=False,
        to_field_name="code",
        empty_label="— เลือกอำเภอ —",
        help_text="สำหรับองค์กรระดับจังหวัด องค์กรที่สมัครศูนย์ระดับอำเภออยู่ในอำเภอของศูนย์เสมอ",
    )
    phone = forms.CharField(label="โทรศัพท์", max_length=30, required=False)
    member_count = ThaiIntegerField(
        label="จำนวนสมาชิก (คน)", unit="คน", max_value=MEMBER_COUNT_MAXIMUM
    )
    address = forms.CharField(
        label="ที่อยู่",
        required=False,
        max_length=ADDRESS_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    applied_on = BEDateFormField(label="วันที่ยื่นใบสมัคร")
    note = forms.CharField(
        label="หมายเหตุ",
        required=False,
        max_length=NOTE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, centers, **kwargs):
        super().__init__(*args, **kwargs)
        self.centers = list(centers)
        self.fields["center"].queryset = Center.objects.filter(
            pk__in=[center.pk for center in self.centers]
        ).select_related("district")
        self.fields["organization"].queryset = organizations_that_may_apply(self.centers)
        self.has_provincial = any(c.level == CenterLevel.PROVINCIAL for c in self.centers)
        if not self.has_provincial:
            del self.fields["district"]
        self.initial.setdefault("applied_on", timezone.localdate())
        if len(self.centers) == 1:
            self.initial.setdefault("center", self.centers[0].pk)

    def clean_applied_on(self):
        applied_on = self.cleaned_data["applied_on"]
        if applied_on > timezone.localdate():
            raise forms.ValidationError("วันที่ยื่นใบสมัครต้องไม่เป็นวันในอนาคต")
        return applied_on

    def clean(self):
        cleaned = super().clean()
        existing = cleaned.get("organization")
        new_name = (cleaned.get("name") or "").strip()
        if existing and new_name:
            self.add_error("name", "เลือกองค์กรที่มีอยู่ในระบบ หรือกรอกองค์กรใหม่ อย่างใดอย่างหนึ่งเท่านั้น")
        elif not existing and not new_name and "organization" not in self.errors:
            self.add_error("organization", "กรุณาเลือกองค์กรที่มีอยู่ในระบบ หรือกรอกชื่อองค์กรใหม่ด้านล่าง")
        elif new_name:
            if not cleaned.get("kind"):
                self.add_error("kind", "กรุณาเลือกประเภทองค์กร")
            center = cleaned.get("center")
            if (
                center is not None
                and center.level == CenterLevel.PROVINCIAL
                and not cleaned.get("district")
                and "district" in self.fields
            ):
                self.add_error("district", "กรุณาเลือกอำเภอที่ตั้งขององค์กร")
        return cleaned

    def applicant(self) -> Organization:
        """The organization that applies: the chosen one, or a new one (not yet saved)."""
        data = self.cleaned_data
        if data.get("organization"):
            return data["organization"]
        center = data["center"]
        district = center.district if center.district_id else data.get("district")
        return Organization(
            name=data["name"].strip(),
            kind=data["kind"],
            registration_number=data["registration_number"].strip(),
            district=district,
            phone=data["phone"].strip(),
            member_count=data["member_count"],
            address=data["address"].strip(),
        )


class ApproveForm(forms.Form):
    joined_on = BEDateFormField(
        label="วันที่อนุมัติและเข้าเป็นสมาชิก",
        help_text="วันที่ประธานหรือคณะกรรมการอนุมัติ องค์กรเป็นสมาชิกตั้งแต่วันนี้",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="approve", **kwargs)
        self.initial.setdefault("joined_on", timezone.localdate())


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label="เหตุผลที่ไม่อนุมัติ",
        max_length=Membership._meta.get_field("decision_reason").max_length,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "กรุณาระบุเหตุผลที่ไม่อนุมัติใบสมัคร"},
        help_text="ผู้ประสานงานและองค์กรที่สมัครจะเห็นเหตุผลนี้",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="decline", **kwargs)

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError("กรุณาระบุเหตุผลที่ไม่อนุมัติใบสมัคร")
        return reason


class MouForm(forms.Form):
    signed_on = BEDateFormField(
        label="วันที่ลงนามบันทึกข้อตกลงความร่วมมือ",
        error_messages={"required": "กรุณาระบุวันที่ลงนามบันทึกข้อตกลง"},
    )
    signatories = forms.CharField(
        label="ผู้ลงนาม",
        max_length=Membership._meta.get_field("mou_signatories").max_length,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="ชื่อและตำแหน่งของผู้ลงนามทุกฝ่าย บรรทัดละหนึ่งคน",
        error_messages={"required": "กรุณาระบุผู้ลงนามอย่างน้อยหนึ่งคน (บรรทัดละหนึ่งคน)"},
    )
    scan = forms.FileField(
        label="สำเนาบันทึกข้อตกลงที่ลงนามแล้ว",
        required=False,
        help_text=f"รับ{SCAN_KINDS}",
        widget=forms.FileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )

    def __init__(self, *args, membership, **kwargs):
        super().__init__(*args, prefix="mou", **kwargs)
        self.membership = membership
        if membership.mou_scan:
            kept = f"มีไฟล์ “{membership.mou_scan_name}” แล้ว แนบใหม่เฉพาะเมื่อต้องการแทนที่"
            self.fields["scan"].help_text = f"{kept} (รับ{SCAN_KINDS})"
        self.initial.setdefault("signed_on", membership.mou_signed_on)
        self.initial.setdefault("signatories", membership.mou_signatories)

    def clean_scan(self):
        scan = self.cleaned_data.get("scan")
        if not scan:
            if not self.membership.mou_scan:
                raise forms.ValidationError("กรุณาแนบสำเนาบันทึกข้อตกลงที่ลงนามแล้ว")
            return None
        return check_upload(
            scan, SCAN_TYPES, max_bytes=MAX_SCAN_BYTES, kinds="ไฟล์พีดีเอฟ หรือรูปภาพ (เจพีจี พีเอ็นจี)"
        )


class ApplicationFilterForm(forms.Form):
    status = forms.ChoiceField(
        label="สถานะ",
        choices=[("", "ทุกสถานะ"), *MembershipStatus.choices],
        required=False,
    )
    center = CenterChoiceField(
        label="ศูนย์", queryset=Center.objects.none(), required=False, empty_label="ทุกศูนย์"
    )

    def __init__(self, *args, centers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["center"].queryset = centers
