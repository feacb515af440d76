"""Forms of the member roster pages (issue 7)."""

import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from members.validators import national_id_digits, validate_national_id, validate_thai_phone
from songkhla_network.uploads import SPREADSHEETS, check_upload

from .models import RosterMember
from .rules import (
    CONSENT_DATE_WITHOUT_CONSENT,
    FUTURE_DATE,
    ID_ALREADY_LISTED,
    ID_NEEDS_CONSENT,
    NO_PERSONAL_NUMBERS,
    clean_phone,
    has_personal_number,
)
from .spreadsheet import MAX_UPLOAD_BYTES


class RosterMemberForm(forms.ModelForm):
    """One member, added or edited. A national ID only with consent; the same ID once
    among the roster's current members."""

    national_id = forms.CharField(
        label="เลขประจำตัวประชาชน",
        required=False,
        max_length=30,
        help_text="13 หลัก มีขีดหรือเว้นวรรคก็ได้ ใส่ได้เฉพาะเมื่อสมาชิกยินยอม",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    phone = forms.CharField(
        label="โทรศัพท์",
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )
    consent = forms.TypedChoiceField(
        label="ยินยอมให้เครือข่ายเก็บข้อมูลส่วนบุคคล",
        choices=[("True", "ยินยอม"), ("False", "ไม่ยินยอม (บันทึกเฉพาะชื่อ)")],
        coerce=lambda value: value == "True",
        widget=forms.RadioSelect,
        error_messages={"required": "กรุณาเลือกว่าสมาชิกยินยอมหรือไม่"},
    )

    class Meta:
        model = RosterMember
        fields = [
            "title",
            "first_name",
            "last_name",
            "national_id",
            "phone",
            "joined_on",
            "consent",
            "consent_on",
        ]
        help_texts = {"consent_on": "ว่างไว้ได้ ระบบใช้วันนี้เมื่อสมาชิกยินยอม"}

    # Only an addition uses it (services.member_add): sent twice, it adds one member.
    submission_key = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, roster=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.roster = roster
        if self.instance.pk:
            del self.fields["submission_key"]
        elif not self.is_bound:
            self.initial["submission_key"] = uuid.uuid4()
        self.fields["first_name"].required = True
        self.fields["last_name"].required = True
        self.fields["first_name"].error_messages["required"] = "กรุณากรอกชื่อ"
        self.fields["last_name"].error_messages["required"] = "กรุณากรอกนามสกุล"

    def clean_national_id(self):
        national_id = national_id_digits(self.cleaned_data["national_id"])
        if national_id:
            validate_national_id(national_id)
        return national_id

    def clean_phone(self):
        phone = clean_phone(self.cleaned_data["phone"])
        if phone:
            validate_thai_phone(phone)
        return phone

    def _not_future(self, name):
        value = self.cleaned_data.get(name)
        if value and value > timezone.localdate():
            raise ValidationError(FUTURE_DATE)
        return value

    def clean_joined_on(self):
        return self._not_future("joined_on")

    def clean_consent_on(self):
        return self._not_future("consent_on")

    def clean(self):
        cleaned = super().clean()
        consent = cleaned.get("consent")
        national_id = cleaned.get("national_id")
        if consent is None:
            return cleaned
        if national_id and not consent:
            self.add_error("national_id", ID_NEEDS_CONSENT)
        elif national_id and self.roster is not None:
            others = self.roster.members.current().filter(national_id=national_id)
            if self.instance.pk:
                others = others.exclude(pk=self.instance.pk)
            if others.exists():
                self.add_error("national_id", ID_ALREADY_LISTED)
        if not consent and cleaned.get("consent_on"):
            self.add_error("consent_on", CONSENT_DATE_WITHOUT_CONSENT)
        elif consent and not cleaned.get("consent_on") and "consent_on" not in self.errors:
            cleaned["consent_on"] = timezone.localdate()
        return cleaned


class RosterUploadForm(forms.Form):
    file = forms.FileField(
        label=f"ไฟล์รายชื่อ (เอ็กเซลหรือซีเอสวี ไม่เกิน {MAX_UPLOAD_BYTES // 1024 // 1024} เมกะไบต์)",
        widget=forms.FileInput(attrs={"accept": ".xlsx,.csv"}),
        error_messages={"required": "กรุณาเลือกไฟล์รายชื่อ"},
    )

    def clean_file(self):
        return check_upload(
            self.cleaned_data["file"],
            SPREADSHEETS,
            max_bytes=MAX_UPLOAD_BYTES,
            kinds="ไฟล์เอ็กเซลหรือไฟล์ซีเอสวี",
        )


class RosterReturnForm(forms.Form):
    """The reason a roster goes back to the group. It is kept in the roster's history and
    shown to the group, and erasing a member never reaches it: no personal numbers."""

    reason = forms.CharField(
        label="เหตุผลที่ส่งกลับ",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="บอกกลุ่มว่าต้องแก้ไขอะไร (เช่น แถวที่หรือลำดับที่) ห้ามใส่เลขประจำตัวประชาชนหรือหมายเลขโทรศัพท์",
        error_messages={"required": "กรุณาระบุเหตุผลที่ส่งกลับ"},
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"]
        if has_personal_number(reason):
            raise ValidationError(NO_PERSONAL_NUMBERS)
        return reason
