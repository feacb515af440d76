from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from songkhla_network import backup


class Command(BaseCommand):
    help = (
        "สำรองฐานข้อมูลและไฟล์แนบ (MEDIA_ROOT) ไว้ในไฟล์เดียว songkhla-ปปปปดดวว-ชชนนวว.tar.gz / "
        "Back up the database and MEDIA_ROOT into one archive."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dir",
            type=Path,
            default=Path(settings.BASE_DIR) / "var" / "backups",
            help="โฟลเดอร์ที่เก็บสำเนา (ค่าเริ่มต้น var/backups) / where the archive goes",
        )
        parser.add_argument(
            "--keep",
            type=int,
            default=None,
            help="เก็บสำเนาล่าสุดไว้เท่านี้ไฟล์ ลบที่เก่ากว่า / keep this many newest archives",
        )

    def handle(self, *args, dir, keep, **options):
        if keep is not None and keep < 1:
            raise CommandError("--keep ต้องเป็นอย่างน้อย 1 / --keep must be at least 1")
        try:
            outcome = backup.backup(dir, keep=keep)
        except backup.BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"สำรองข้อมูลแล้ว: {outcome.path} ({backup.size_text(outcome.size)}) / "
                f"Backup written: {outcome.path}"
            )
        )
        self.stdout.write(
            f"ฐานข้อมูล {outcome.tables:,} ตาราง {outcome.rows:,} แถว "
            f"ไฟล์แนบ {outcome.files:,} ไฟล์ / "
            f"Database: {outcome.tables:,} tables, {outcome.rows:,} rows; "
            f"media: {outcome.files:,} files"
        )
        for note in outcome.notes:
            self.stdout.write(note)
