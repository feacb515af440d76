"""The registry upload form (ระยะที่ 1): the source and the file, whose columns and rows
are checked before it is stored."""

from django import forms
from django.core.exceptions import ValidationError

from members.reference import RegistrySource
from songkhla_network.spreadsheets import read_table
from songkhla_network.uploads import MEGABYTE, SPREADSHEETS, check_upload

from .spreadsheet import COLUMNS, WEB_MAX_ROWS, table_problems

MAX_UPLOAD_BYTES = 10 * MEGABYTE


class RegistryUploadForm(forms.Form):
    source = forms.ChoiceField(
        label="แหล่งข้อมูลทะเบียน",
        choices=[("", "— เลือกหน่วยงานเจ้าของทะเบียน —"), *RegistrySource.choices],
    )
    file = forms.FileField(
        label="ไฟล์รายชื่อองค์กร (เอ็กเซลหรือซีเอสวี ไม่เกิน 10 เมกะไบต์)",
        help_text=f"ไม่เกิน {WEB_MAX_ROWS:,} แถวต่อไฟล์ หัวคอลัมน์ตามแบบฟอร์ม "
        "หรือตามที่ทะเบียนของหน่วยงานใช้ เช่น ชื่อสหกรณ์ ประเภทสหกรณ์ ทะเบียนเลขที่",
    )

    def clean_file(self):
        upload = check_upload(
            self.cleaned_data["file"],
            SPREADSHEETS,
            max_bytes=MAX_UPLOAD_BYTES,
            kinds="ไฟล์เอ็กเซลและไฟล์ซีเอสวี",
        )
        problems = table_problems(read_table(upload, COLUMNS, max_rows=WEB_MAX_ROWS))
        if problems:
            raise ValidationError(problems)
        upload.seek(0)
        return upload
