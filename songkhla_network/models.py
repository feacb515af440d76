from axes.models import AccessAttempt
from django.db import models

from . import thai


class SignInLockout(AccessAttempt):
    """django-axes' record of failed sign-ins, as admins see it: in Thai, to unlock."""

    class Meta:
        proxy = True
        verbose_name = "การระงับการเข้าสู่ระบบ"
        verbose_name_plural = "การระงับการเข้าสู่ระบบ"

    def __str__(self):
        return f"{self.username} จากที่อยู่เครื่อง {self.ip_address}"


class JobRun(models.Model):
    """One run of a periodic job (songkhla_network.periodic) in its time slot. The pair is
    unique: a second scheduler started in the same slot finds it taken and skips the job,
    so no job runs twice."""

    job = models.CharField("งาน", max_length=64)
    slot = models.DateTimeField("ช่วงเวลา")
    started_at = models.DateTimeField("เริ่ม")
    finished_at = models.DateTimeField("เสร็จ", null=True, blank=True)
    ok = models.BooleanField("สำเร็จ", null=True)
    summary = models.TextField("ผลการทำงาน", blank=True)

    class Meta:
        verbose_name = "การทำงานตามกำหนดเวลา"
        verbose_name_plural = "การทำงานตามกำหนดเวลา"
        ordering = ["-started_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["job", "slot"], name="job_run_once_per_slot")
        ]
        indexes = [models.Index(fields=["started_at"], name="job_run_started")]

    def __str__(self):
        return f"{self.job} {thai.be_datetime(self.slot)}"
