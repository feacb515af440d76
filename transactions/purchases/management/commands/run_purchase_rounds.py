"""The purchase rounds' timer, at once. The scheduler (`manage.py run_periodic`) runs the
same work every minute as the job `purchase_rounds` (transactions/purchases/jobs.py).

Opens drafts whose opening time has come, closes rounds whose closing time has passed,
and emails the coordinators of districts that have not submitted, once, a day before
closing. Running it twice does nothing twice.
"""

from django.core.management.base import BaseCommand

from transactions.purchases import services


class Command(BaseCommand):
    help = "เปิดและปิดรอบการซื้อร่วมตามกำหนดเวลา และส่งอีเมลเตือนอำเภอที่ยังไม่ส่งคำสั่งซื้อ"

    def handle(self, *args, **options):
        done = services.run_schedule()
        for label, key in (("เปิดรอบ", "opened"), ("ปิดรอบ", "closed"), ("ส่งอีเมลเตือน", "reminded")):
            for purchase_round in done[key]:
                self.stdout.write(f"{label}: {purchase_round.title}")
        if not any(done.values()):
            self.stdout.write("ไม่มีรอบที่ต้องเปิด ปิด หรือเตือนในขณะนี้")
