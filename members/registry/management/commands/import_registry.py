"""Load a registry spreadsheet from the command line, for files beyond the web page's limit.

    python manage.py import_registry รายชื่อสหกรณ์.xlsx --source cooperative_office
    python manage.py import_registry รายชื่อสหกรณ์.xlsx --source cooperative_office --apply

Without --apply it only checks the file and prints what would happen. With --apply it
checks and writes in one go, everything or nothing (the same rules as the web import,
under the same lock, so it never runs at the same time as another apply), and records the
import with its file. Any error gives a non-zero exit status.
"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from members.reference import RegistrySource
from members.registry import preview as previews
from members.registry import services, spreadsheet
from members.registry.models import ImportStatus, RegistryImport
from songkhla_network.uploads import MEGABYTE, SPREADSHEETS, check_upload

MAX_FILE_BYTES = 500 * MEGABYTE


class Command(BaseCommand):
    help = "นำเข้ารายชื่อองค์กรจากไฟล์ทะเบียน (เอ็กเซลหรือซีเอสวี) ตรวจสอบก่อน แล้วนำเข้าทั้งไฟล์เมื่อใส่ --apply"

    def add_arguments(self, parser):
        parser.add_argument("file", help="ไฟล์ .xlsx หรือ .csv")
        parser.add_argument(
            "--source",
            required=True,
            choices=RegistrySource.values,
            help="หน่วยงานเจ้าของทะเบียน",
        )
        parser.add_argument(
            "--apply", action="store_true", help="นำเข้าจริง (ถ้าไม่ใส่ จะตรวจสอบอย่างเดียว)"
        )
        parser.add_argument("--user", default="", help="ชื่อบัญชีผู้ใช้ที่บันทึกเป็นผู้นำเข้า")

    def handle(self, *args, file, source, apply, user, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"ไม่พบไฟล์ {path}")
        importer = None
        if user:
            importer = get_user_model().objects.filter(username=user).first()
            if importer is None:
                raise CommandError(f"ไม่พบบัญชีผู้ใช้ {user}")
        self.verbose = options.get("verbosity", 1) > 1
        with path.open("rb") as handle:
            upload = File(handle, name=path.name)
            try:
                check_upload(
                    upload,
                    SPREADSHEETS,
                    max_bytes=MAX_FILE_BYTES,
                    kinds="ไฟล์เอ็กเซล (.xlsx) และไฟล์ซีเอสวี (.csv)",
                )
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from None
            self.stdout.write(f"ไฟล์ {path.name} จาก{RegistrySource(source).label}")
            if not apply:
                preview = previews.preview_registry(upload, max_rows=spreadsheet.COMMAND_MAX_ROWS)
                self._report(preview)
                if preview.has_errors:
                    raise CommandError(self._refusal(preview))
                self.stdout.write("ตรวจสอบแล้วไม่มีข้อผิดพลาด ยังไม่ได้นำเข้า ใส่ --apply เพื่อนำเข้า")
                return
            try:
                with transaction.atomic():
                    result, preview = services.apply_registry(
                        upload, source=source, user=importer, max_rows=spreadsheet.COMMAND_MAX_ROWS
                    )
                    record = RegistryImport(
                        source=source,
                        file_name=path.name[:200],
                        uploaded_by=importer,
                        status=ImportStatus.APPLIED,
                        applied_at=timezone.now(),
                        created_count=result.created,
                        updated_count=result.updated,
                        unchanged_count=result.unchanged,
                    )
                    handle.seek(0)
                    record.file.save(path.name, File(handle), save=False)
                    record.save()
            except services.RegistryError as refusal:
                self._report(refusal.preview)
                raise CommandError(self._refusal(refusal.preview)) from None
        self._report(preview)
        self.stdout.write(
            self.style.SUCCESS(
                f"นำเข้าแล้ว: สร้างใหม่ {result.created:,} ปรับปรุง {result.updated:,} "
                f"ไม่เปลี่ยนแปลง {result.unchanged:,} (บันทึกการนำเข้าหมายเลข {record.pk})"
            )
        )

    def _report(self, preview: previews.Preview) -> None:
        counts = preview.counts
        self.stdout.write(
            f"อ่านได้ {len(preview.rows):,} แถว: "
            + " · ".join(
                f"{label} {counts[action]:,}" for action, label in previews.ACTION_LABELS.items()
            )
        )
        if self.verbose:
            for row in preview.rows:
                if row.action == previews.UPDATE:
                    changes = "; ".join(f"{c.label} {c.old} → {c.new}" for c in row.changes)
                    self.stdout.write(f"แถวที่ {row.row} {row.name}: {changes}")
        for row_number, message in preview.errors():
            where = f"แถวที่ {row_number}" if row_number is not None else "ไฟล์"
            self.stderr.write(f"{where}: {message}")

    @staticmethod
    def _refusal(preview: previews.Preview) -> str:
        return (
            f"พบข้อผิดพลาด {len(preview.errors()):,} รายการ ยังไม่ได้นำเข้าแถวใดเลย กรุณาแก้ไขไฟล์แล้วลองใหม่"
        )
