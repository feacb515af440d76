"""The scheduler's own upkeep (songkhla_network.periodic)."""

import datetime

from django.core.management import call_command
from django.utils import timezone

from .models import JobRun
from .periodic import periodic_job

KEEP_JOB_RUNS = datetime.timedelta(days=30)


@periodic_job("housekeeping", every=datetime.timedelta(days=1))
def housekeeping() -> str:
    """Forget job runs older than 30 days and finished task results older than 14 days
    (failed ones after 60)."""
    deleted, _ = JobRun.objects.filter(started_at__lt=timezone.now() - KEEP_JOB_RUNS).delete()
    call_command(
        "prune_db_task_results", "--min-age-days", "14", "--failed-min-age-days", "60", verbosity=0
    )
    return f"ลบบันทึกการทำงานเก่า {deleted} รายการ"
