"""Time the monthly report over a year of province-wide data (a benchmark, not a test).

    DEBUG=1 python manage.py bench_reports --groups 20 --runs 5

Builds, inside a transaction that is rolled back at the end, a year of joint purchases for
every district (twelve provincial rounds, each with an order from every active group of
every district), then renders the province's and a district's report as HTML and as PDF,
and prints the median time and the number of queries of each. The database is left as it
was. Run it on PostgreSQL for figures that mean something.
"""

import datetime
import statistics
import time
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from centers.models import Center, CenterLevel, Membership, MembershipStatus
from members.models import Organization, OrganizationKind
from transactions.catalogue.models import Product
from transactions.purchases.models import (
    DistrictOrder,
    OrderLine,
    OrderStatus,
    PurchaseRound,
    RoundItem,
    RoundStatus,
)


class Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "จับเวลารายงานประจำเดือนด้วยข้อมูลทั้งจังหวัดหนึ่งปี (ข้อมูลทดสอบถูกยกเลิกเมื่อจบ)"

    def add_arguments(self, parser):
        parser.add_argument("--groups", type=int, default=20, help="กลุ่มต่ออำเภอ")
        parser.add_argument("--runs", type=int, default=5, help="จำนวนรอบที่จับเวลา")
        parser.add_argument("--year", type=int, default=2030, help="ปี ค.ศ. ของข้อมูลทดสอบ")

    def handle(self, *args, groups, runs, year, **options):
        try:
            with transaction.atomic():
                self._build(groups, year)
                self._measure(runs, year)
                raise Rollback
        except Rollback:
            self.stdout.write("ยกเลิกข้อมูลทดสอบแล้ว ฐานข้อมูลกลับเป็นเหมือนเดิม")

    def _build(self, groups: int, year: int) -> None:
        province = Center.objects.get(level=CenterLevel.PROVINCIAL)
        districts = list(Center.objects.filter(level=CenterLevel.DISTRICT))
        organizations = Organization.objects.bulk_create(
            Organization(
                name=f"กลุ่มทดสอบความเร็ว {center.district_id}-{index}",
                kind=OrganizationKind.SAVINGS_GROUP,
                district_id=center.district_id,
            )
            for center in districts
            for index in range(groups)
        )
        joined = datetime.date(year - 1, 1, 10)
        Membership.objects.bulk_create(
            Membership(
                organization=organization,
                center=next(c for c in districts if c.district_id == organization.district_id),
                status=MembershipStatus.ACTIVE,
                applied_on=joined,
                joined_on=joined,
                decided_on=joined,
            )
            for organization in organizations
        )
        product, _ = Product.objects.get_or_create(
            name="ปุ๋ยทดสอบความเร็ว", defaults={"unit": "ton", "category": "inputs"}
        )
        for month in range(1, 13):
            opens = timezone.make_aware(datetime.datetime(year, month, 1, 8))
            purchase_round = PurchaseRound.objects.create(
                title=f"รอบทดสอบความเร็ว {month}/{year}",
                center=province,
                opens_at=opens,
                closes_at=opens + datetime.timedelta(days=10),
                status=RoundStatus.ORDERED,
                ordered_on=datetime.date(year, month, 15),
            )
            item = RoundItem.objects.create(
                round=purchase_round,
                product=product,
                unit_price=Decimal("15000"),
                reference_price=Decimal("16000"),
            )
            orders = DistrictOrder.objects.bulk_create(
                DistrictOrder(
                    round=purchase_round, center=center, status=OrderStatus.SUBMITTED, version=1
                )
                for center in districts
            )
            by_district = {order.center.district_id: order for order in orders}
            OrderLine.objects.bulk_create(
                OrderLine(
                    order=by_district[organization.district_id],
                    organization=organization,
                    item=item,
                    quantity=Decimal("2.5"),
                )
                for organization in organizations
            )
        self.stdout.write(
            f"ข้อมูลทดสอบ: {len(districts)} อำเภอ × {groups} กลุ่ม, 12 รอบ, "
            f"{12 * len(organizations):,} รายการสั่งซื้อ"
        )

    def _measure(self, runs: int, year: int) -> None:
        admin = get_user_model().objects.filter(is_superuser=True).first()
        client = Client()
        client.force_login(admin)
        be = year + 543
        district = Center.objects.filter(level=CenterLevel.DISTRICT).first().district.code
        for label, url in (
            ("รายงานจังหวัด", f"/reports/province/{be}/6/"),
            ("รายงานจังหวัด พีดีเอฟ", f"/reports/province/{be}/6/report.pdf"),
            ("รายงานอำเภอ", f"/reports/{district}/{be}/6/"),
            ("แดชบอร์ดทั้งปี", f"/reports/dashboard/?year={be}"),
        ):
            timings = []
            queries = 0
            for _ in range(runs):
                with CaptureQueriesContext(connection) as captured:
                    start = time.perf_counter()
                    response = client.get(url, HTTP_HOST="127.0.0.1")
                    timings.append((time.perf_counter() - start) * 1000)
                queries = len(captured)
                assert response.status_code == 200, (url, response.status_code)
            self.stdout.write(
                f"{label}: มัธยฐาน {statistics.median(timings):.0f} มิลลิวินาที "
                f"(ต่ำสุด {min(timings):.0f}) · {queries} คำสั่งฐานข้อมูล"
            )
