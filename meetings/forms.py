import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from members.models import Organization, Person
from songkhla_network import thai
from songkhla_network.fields import NOTE_LENGTH, TEXT_LENGTH, BEDateFormField, ThaiTimeFormField
from songkhla_network.uploads import IMAGES, MEGABYTE, OFFICE, PDF, check_upload

from .models import (
    ActionItem,
    ActionStatus,
    AgendaItem,
    AttendanceStatus,
    Guest,
    Meeting,
    MeetingKind,
    MeetingStatus,
)
from .services import schedule_warnings

MAX_UPLOAD_BYTES = 10 * MEGABYTE
ALLOWED_UPLOADS = {**PDF, **IMAGES, **OFFICE}


class ConfirmedDayMixin:
    """A meeting day that deserves a second look (a weekend, a public holiday, a day
    already past: services.schedule_warnings) is taken once the user has seen the
    warnings and confirmed that very day: the confirm button sends it back as
    `confirmed_day` (so changing the date asks again). No JavaScript needed.
    `day_warnings` lists the warnings; `unconfirmed_day` is the day awaiting a yes."""

    CONFIRM = "confirmed_day"
    day_warnings: list[str] = []
    unconfirmed_day = None

    @property
    def only_needs_confirmation(self) -> bool:
        return self.unconfirmed_day is not None and list(self.errors) == ["__all__"]

    def check_day(self, day: datetime.date) -> None:
        self.day_warnings = schedule_warnings(day)
        if self.day_warnings and self.data.get(self.CONFIRM) != day.isoformat():
            self.unconfirmed_day = day
            self.add_error(None, ValidationError("กรุณายืนยันวันนัดประชุม", code="confirm"))


class ScheduleForm(ConfirmedDayMixin, forms.Form):
    day = BEDateFormField(label="วันที่ประชุม")
    time = ThaiTimeFormField(label="เวลา", initial=datetime.time(9, 30))
    place = forms.CharField(label="สถานที่", max_length=200)
    kind = forms.ChoiceField(label="ประเภทการประชุม", choices=MeetingKind.choices)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("day"):
            self.check_day(cleaned["day"])
        return cleaned

    def starts_at(self):
        return thai.local_datetime(self.cleaned_data["day"], self.cleaned_data["time"])


class MeetingForm(ConfirmedDayMixin, forms.ModelForm):
    day = BEDateFormField(label="วันที่ประชุม")
    time = ThaiTimeFormField(label="เวลานัด")

    class Meta:
        model = Meeting
        fields = [
            "place",
            "kind",
            "status",
            "opened_at",
            "closed_at",
            "recorder",
            "checker",
            "note",
        ]
        widgets = {
            "note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        local = self.instance.local_start
        self.initial.setdefault("day", local.date())
        self.initial.setdefault("time", local.time().replace(second=0, microsecond=0))
        for name in ("recorder", "checker"):
            self.fields[name].queryset = people
            self.fields[name].empty_label = "ยังไม่ระบุ"

    def starts_at(self):
        return thai.local_datetime(self.cleaned_data["day"], self.cleaned_data["time"])

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("day") and cleaned.get("time"):
            starts_at = thai.local_datetime(cleaned["day"], cleaned["time"])
            if (
                timezone.localtime(starts_at).year
                != timezone.localtime(self.instance.starts_at).year
            ):
                self.add_error("day", "ย้ายการประชุมข้ามปีไม่ได้ เพราะเลขครั้งที่นับตามปี ให้ยกเลิกแล้วนัดใหม่")
            else:
                self.instance.starts_at = starts_at
                if "day" in self.changed_data:  # moved: a weekend, a holiday, the past?
                    self.check_day(cleaned["day"])
        held = cleaned.get("status") == MeetingStatus.HELD
        if held and not (cleaned.get("opened_at") and cleaned.get("closed_at")):
            self.add_error("opened_at", "การประชุมที่ประชุมแล้วต้องมีเวลาเริ่มและเลิกประชุม")
        opened, closed = cleaned.get("opened_at"), cleaned.get("closed_at")
        if opened and closed and closed < opened:
            self.add_error("closed_at", "เวลาเลิกประชุมต้องไม่ก่อนเวลาเริ่มประชุม")
        return cleaned


class AttendanceForm(forms.Form):
    status = forms.ChoiceField(
        label="การมาประชุม", choices=AttendanceStatus.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(label="เหตุผล", max_length=200, required=False)

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("status") == AttendanceStatus.LEAVE
            and not cleaned.get("reason", "").strip()
        ):
            self.add_error("reason", "กรุณาระบุเหตุผลที่ลาประชุม")
        return cleaned


class GuestForm(forms.ModelForm):
    class Meta:
        model = Guest
        fields = ["name", "position", "organization"]


class AgendaItemForm(forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = ["title", "position", "presenter", "details", "minutes", "resolution"]
        widgets = {
            "details": forms.Textarea(attrs={"rows": 3}),
            "minutes": forms.Textarea(attrs={"rows": 5}),
            "resolution": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {"position": "ลำดับของเรื่องย่อยภายใต้ระเบียบวาระ เช่น 2 คือเรื่องที่ 4.2"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.is_heading:
            del self.fields["position"]  # the five standard items keep their place

    def clean_position(self):
        position = self.cleaned_data["position"]
        if position < 1:
            raise ValidationError("ลำดับเรื่องย่อยเริ่มที่ 1")
        taken = (
            AgendaItem.objects.filter(
                meeting_id=self.instance.meeting_id,
                section=self.instance.section,
                position=position,
            )
            .exclude(pk=self.instance.pk)
            .first()
        )
        if taken is not None:
            raise ValidationError(f"เรื่อง {taken.number} ใช้ลำดับนี้แล้ว กรุณาเลือกลำดับอื่น")
        return position


class SubItemForm(forms.Form):
    section = forms.TypedChoiceField(
        label="ภายใต้ระเบียบวาระที่",
        coerce=int,
        choices=[(1, "1"), (3, "3"), (4, "4"), (5, "5")],
        initial=4,
    )
    title = forms.CharField(label="เรื่อง", max_length=300)
    presenter = forms.CharField(label="ผู้นำเสนอ", max_length=200, required=False)


class ActionForm(forms.ModelForm):
    class Meta:
        model = ActionItem
        fields = ["title", "person", "organization", "due_on"]

    def __init__(self, *args, people, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people
        self.fields["organization"].queryset = organizations
        self.fields["person"].empty_label = "—"
        self.fields["organization"].empty_label = "—"

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("person") and not cleaned.get("organization"):
            self.add_error("person", "กรุณาระบุผู้รับผิดชอบ (บุคคลหรือองค์กร)")
        return cleaned


class FollowUpForm(forms.Form):
    status = forms.ChoiceField(label="สถานะ", choices=ActionStatus.choices)
    note = forms.CharField(
        label="ความคืบหน้า",
        required=False,
        max_length=NOTE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class AttachmentForm(forms.Form):
    file = forms.FileField(label="ไฟล์เอกสาร (พีดีเอฟ รูปภาพ หรือไฟล์สำนักงาน ไม่เกิน 10 เมกะไบต์)")

    def clean_file(self):
        return check_upload(
            self.cleaned_data["file"],
            ALLOWED_UPLOADS,
            max_bytes=MAX_UPLOAD_BYTES,
            kinds="ไฟล์พีดีเอฟ รูปภาพ (พีเอ็นจี เจพีจี) และไฟล์สำนักงาน (เวิร์ด เอ็กเซล พาวเวอร์พอยต์)",
        )


class ApproveForm(forms.Form):
    amendments = forms.CharField(
        label="ข้อแก้ไข (ถ้ามี)",
        required=False,
        max_length=TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="ถ้าที่ประชุมรับรองโดยมีการแก้ไข ให้บันทึกข้อแก้ไขไว้ที่นี่",
    )


class AmendmentForm(forms.Form):
    text = forms.CharField(
        label="ข้อความที่แก้ไข", max_length=TEXT_LENGTH, widget=forms.Textarea(attrs={"rows": 2})
    )


def people_of(committee):
    """People who may record, check or answer for an action item: for a district
    committee the people of that district's organizations, for the province everyone."""
    people = Person.objects.select_related("organization").order_by("first_name")
    if committee.center.district_id:
        return people.filter(organization__district_id=committee.center.district_id)
    return people


def organizations_of(committee):
    center = committee.center
    if center.district_id:
        return Organization.objects.filter(district_id=center.district_id).order_by("name")
    return Organization.objects.order_by("name")
