import datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from songkhla_network import backup, thai


class Command(BaseCommand):
    help = (
        "กู้คืนฐานข้อมูลและไฟล์แนบจากไฟล์สำเนา (manage.py backup) ลงฐานข้อมูลที่ว่าง / "
        "Restore the database and MEDIA_ROOT from a backup archive into an empty database."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, help="ไฟล์สำเนา / the .tar.gz archive")
        parser.add_argument(
            "--force",
            action="store_true",
            help=(
                "แทนที่ฐานข้อมูลและไฟล์แนบที่มีอยู่ทั้งหมด / replace whatever the database and MEDIA_ROOT hold"
            ),
        )

    def handle(self, *args, archive, force, **options):
        try:
            outcome = backup.restore(archive, force=force)
        except backup.BackupError as error:
            raise CommandError(str(error)) from None
        taken = datetime.datetime.fromisoformat(outcome.created_at)
        self.stdout.write(
            self.style.SUCCESS(
                f"กู้คืนจาก {outcome.path} แล้ว (สำเนาเมื่อ {thai.be_datetime(taken)}) / "
                f"Restored from {outcome.path} (taken {taken:%Y-%m-%d %H:%M})"
            )
        )
        self.stdout.write(
            f"ฐานข้อมูล {outcome.tables:,} ตาราง {outcome.rows:,} แถว ตรงกับสำเนาทุกตาราง / "
            f"Database: {outcome.tables:,} tables, {outcome.rows:,} rows, every table as in "
            "the backup"
        )
        self.stdout.write(
            f"ไฟล์แนบ {outcome.files:,} ไฟล์ ({backup.size_text(outcome.size)}) "
            f"ใน {settings.MEDIA_ROOT} / Media: {outcome.files:,} files in {settings.MEDIA_ROOT}"
        )
        for note in outcome.notes:
            self.stdout.write(self.style.WARNING(note))
