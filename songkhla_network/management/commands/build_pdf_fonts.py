from django.core.management.base import BaseCommand, CommandError

from songkhla_network import pdf_fonts


class Command(BaseCommand):
    help = (
        "สร้างไฟล์ฟอนต์สารบรรณ (Sarabun) สำหรับเอกสารพีดีเอฟจากไฟล์ฟอนต์ของหน้าเว็บ "
        "(static/vendor/sarabun) ไทยและละตินรวมไฟล์เดียว และสระอำที่คัดลอกข้อความออกมาได้ถูกต้อง"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--check",
            action="store_true",
            help="ตรวจเท่านั้นว่าไฟล์ที่มีอยู่ตรงกับที่สร้างได้ (ไม่เขียนไฟล์)",
        )

    def handle(self, *args, check, **options):
        if check:
            stale = pdf_fonts.stale()
            if stale:
                names = ", ".join(path.name for path in stale)
                raise CommandError(f"ไฟล์ฟอนต์พีดีเอฟไม่ตรงกับที่สร้างได้: {names}")
            self.stdout.write("ไฟล์ฟอนต์พีดีเอฟตรงกับที่สร้างได้")
            return
        for weight in pdf_fonts.WEIGHTS:
            path = pdf_fonts.pdf_font_path(weight)
            path.write_bytes(pdf_fonts.build(weight))
            self.stdout.write(f"เขียน {path.name} แล้ว")
