import time

from django.core.management.base import BaseCommand, CommandError

from demo.scale import Builder, ScaleDataExists


class Command(BaseCommand):
    help = (
        "สร้างข้อมูลจำลองขนาดจังหวัดต่อจากข้อมูลสาธิต (ตัวคูณ 1 ≈ 1,000 องค์กร 30,000 สมาชิก "
        "รอบซื้อร่วมรายเดือน 5 ปี และการประชุมรายเดือนของทุกคณะ) สำหรับวัดความเร็ว"
    )

    def add_arguments(self, parser):
        parser.add_argument("--factor", type=float, default=1.0, help="ตัวคูณขนาดข้อมูล (เช่น 1 หรือ 10)")

    def handle(self, *args, factor, **options):
        if factor <= 0:
            raise CommandError("ตัวคูณต้องมากกว่า 0")
        start = time.perf_counter()
        try:
            counts = Builder(factor).build()
        except ScaleDataExists:
            raise CommandError(
                "ฐานข้อมูลนี้มีข้อมูลจำลองอยู่แล้ว (เลขทะเบียนขึ้นต้นด้วย จล.) "
                "ให้สร้างฐานข้อมูลใหม่ (migrate และ seed_demo) ก่อนสร้างอีกครั้ง"
            ) from None
        for label, count in counts.items():
            self.stdout.write(f"{label}: {count:,}")
        self.stdout.write(
            self.style.SUCCESS(
                f"สร้างข้อมูลจำลองตัวคูณ {factor:g} เสร็จใน {time.perf_counter() - start:.1f} วินาที"
            )
        )
