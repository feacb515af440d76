"""Registry imports (ระยะที่ 1): one registry spreadsheet, uploaded, previewed, then
applied all at once (or not).

App label `registry`. Until issue 15 this model was the members app's: its table keeps
its name (members_registryimport)."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from members.reference import RegistrySource
from songkhla_network.uploads import file_label, random_path


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
        db_table = "members_registryimport"
        ordering = ["-uploaded_at", "-pk"]
        verbose_name = "การนำเข้าข้อมูลทะเบียน"
        verbose_name_plural = "การนำเข้าข้อมูลทะเบียน"

    def __str__(self):
        return f"{file_label(self.file_name)} — {self.get_source_display()}"
