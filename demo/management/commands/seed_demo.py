from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo.network import DEMO_PASSWORD, USERS
from demo.seed import seed_demo


class Command(BaseCommand):
    help = "สร้างข้อมูลสาธิตของเครือข่ายและบัญชีสาธิต (รันซ้ำได้ ไม่เปลี่ยนแปลงข้อมูลเดิม)"

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="รันแม้ DEBUG ปิดอยู่ (บัญชีสาธิตใช้รหัสผ่านที่ทุกคนรู้)",
        )

    def handle(self, *args, force=False, **options):
        # `make run` (settings_demo: DEMO_SITE) is a demo; elsewhere DEBUG off may be the
        # real system.
        if not (settings.DEBUG or getattr(settings, "DEMO_SITE", False)) and not force:
            raise CommandError(
                "ไม่สร้างข้อมูลสาธิตเพราะ DEBUG ปิดอยู่ (อาจเป็นระบบจริง): "
                "บัญชีสาธิตทุกบัญชีใช้รหัสผ่านเดียวกันที่เปิดเผย "
                "ถ้าแน่ใจว่าเป็นระบบทดลอง ให้รันซ้ำพร้อม --force"
            )
        seed_demo()
        usernames = ", ".join(username for username, *_ in USERS)
        self.stdout.write(
            self.style.SUCCESS(f"ข้อมูลสาธิตพร้อมแล้ว บัญชี: {usernames} (รหัสผ่าน {DEMO_PASSWORD})")
        )
