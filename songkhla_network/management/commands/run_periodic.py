"""The one entry point of periodic work (songkhla_network.periodic): run it every minute
from cron or a systemd timer. Running it twice at once does no job twice."""

import time

from django.core.management.base import BaseCommand
from django.utils import timezone

from songkhla_network.periodic import discover, run_due


class Command(BaseCommand):
    help = "ทำงานตามกำหนดเวลาที่ถึงกำหนด (เรียกทุกนาทีจาก cron หรือ systemd timer)"

    def add_arguments(self, parser):
        parser.add_argument("--job", help="ทำเฉพาะงานนี้")
        parser.add_argument(
            "--list", dest="show_jobs", action="store_true", help="แสดงงานทั้งหมดและรอบเวลา"
        )
        parser.add_argument(
            "--loop",
            action="store_true",
            help="ทำซ้ำทุกนาทีจนกว่าจะหยุด (สำหรับ make run; ระบบจริงใช้ cron หรือ systemd timer)",
        )

    def handle(self, *args, job=None, show_jobs=False, loop=False, **options):
        if show_jobs:
            for name, entry in sorted(discover().items()):
                minutes = int(entry.every.total_seconds() // 60)
                self.stdout.write(f"{name}: ทุก {minutes} นาที")
            return
        if job and job not in discover():
            self.stderr.write(f"ไม่มีงานชื่อ {job}")
            raise SystemExit(2)
        while True:
            for outcome in run_due(only=job):
                if outcome.ran:
                    self.stdout.write(f"{outcome.job}: {outcome.summary}")
            if not loop:
                return
            time.sleep(60 - timezone.now().second)
