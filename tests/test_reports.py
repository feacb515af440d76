"""Monthly reports: figures from data built here, comparisons, reviews, sign-off kept as
signed, access, the PDF's text and the XLSX's cells, constant queries."""

import datetime
import io
import re
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from centers.models import Committee
from meetings import services as meetings
from meetings.models import ActionItem, ActionStatus, AttendanceStatus
from reports import figures
from reports.models import ReportSignOff
from transactions.purchases.models import Payment, PaymentKind, RoundStatus

from .factories import MembershipFactory, OrganizationFactory
from .factories import district as district_of
from .pdf_helpers import flat, fonts_of, page_lines, pdf_text
from .purchase_helpers import active_groups, district, make_round, order

D = Decimal
pytestmark = pytest.mark.usefixtures("demo")
BOARD = "คณะกรรมการบริหารศูนย์ฯ อำเภอรัตภูมิ"


def at(day: datetime.date, hour=9):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 30)))


@pytest.fixture
def february():
    """February 2027 (กุมภาพันธ์ 2570) in Rattaphum, built here:
    a provincial round ordered on 10 Feb: Rattaphum 60 t + 50 t, Hat Yai 40 t; 150 t reach
    the 100 t tier (14,500 instead of 15,000; reference 16,000); group 1 paid 500,000;
    one group joined on 5 Feb; one held meeting (5 of 6 present), one action item assigned
    there and due 20 Feb, still open."""
    purchase_round = make_round(
        status=RoundStatus.ORDERED,
        items=[("ปุ๋ยรายงาน", D("15000"), D("16000"), [(D("100"), D("14500"))])],
    )
    purchase_round.ordered_on = datetime.date(2027, 2, 10)
    purchase_round.save()
    item = purchase_round.items.get()
    rattaphum, hatyai = district("9009"), district("9011")
    g1, g2 = active_groups(rattaphum)[:2]
    order(purchase_round, rattaphum, {(g1, item): D("60"), (g2, item): D("50")})
    order(purchase_round, hatyai, {(active_groups(hatyai)[0], item): D("40")})
    Payment.objects.create(
        round=purchase_round,
        kind=PaymentKind.GROUP,
        center=rattaphum,
        organization=g1,
        paid_on=datetime.date(2027, 2, 20),
        amount=D("500000"),
    )
    newcomer = OrganizationFactory(district=district_of("9009"))
    MembershipFactory(
        organization=newcomer,
        center=rattaphum,
        applied_on=datetime.date(2027, 1, 20),
        joined_on=datetime.date(2027, 2, 5),
    )
    board = Committee.objects.get(name=BOARD)
    ActionItem.objects.filter(committee=board).delete()  # the demo's year: not this test's
    meeting = meetings.create_meeting(board, at(datetime.date(2027, 2, 4)), "ห้องประชุม", None)
    seats = meetings.committee_members(board, datetime.date(2027, 2, 4))
    meetings.record_attendance(
        meeting,
        {
            seat.person_id: (
                AttendanceStatus.PRESENT if index < 5 else AttendanceStatus.LEAVE,
                "" if index < 5 else "ไปราชการ",
            )
            for index, seat in enumerate(seats)
        },
        None,
    )
    meetings.mark_held(meeting, datetime.time(9, 30), datetime.time(11), None)
    item4 = meeting.agenda.create(section=4, position=1, title="ซื้อปุ๋ย")
    meetings.add_action(
        item4,
        None,
        title="แจ้งราคาให้กลุ่ม",
        organization=rattaphum.host,
        due_on=datetime.date(2027, 2, 20),
    )
    return purchase_round


def test_a_district_month_in_figures(february):
    data = figures.report(district("9009"), 2027, 2)
    now = data["current"]
    (row,) = now["purchases"]["products"]
    assert (row["product"], D(row["quantity"])) == ("ปุ๋ยรายงาน", D("110"))
    assert D(row["value"]) == D("110") * D("14500")  # the tier the network's 150 t reached
    assert D(now["purchases"]["savings"]) == D("110") * D("1500")
    assert D(now["outstanding"]["groups"]) == D("1595000") - D("500000")
    assert D(now["outstanding"]["districts"]) == D("1595000")
    assert now["members"]["joined"] == 1 and now["members"]["left"] == 0
    assert now["meetings"] == {"held": 1, "with_quorum": 1, "attendance_rate": "83.3"}
    assert now["actions"] == {"opened": 1, "done": 0, "overdue": 1}
    before = data["previous"]
    assert before["purchases"]["products"] == [] and before["meetings"]["held"] == 0
    assert data["last_year"]["purchases"]["value"] == "0"


def test_the_province_sees_the_whole_networks_purchases(february):
    now = figures.month_figures(february.center, 2027, 2)
    assert D(now["purchases"]["products"][0]["quantity"]) == D("150")
    assert D(now["purchases"]["value"]) == D("150") * D("14500")


def test_an_action_done_in_the_month_is_not_overdue(february):
    action = ActionItem.objects.get(title="แจ้งราคาให้กลุ่ม")
    board = Committee.objects.get(name=BOARD)
    later = meetings.create_meeting(board, at(datetime.date(2027, 2, 25)), "ห้อง", None)
    meetings.follow_up(action, later, ActionStatus.DONE, "แจ้งครบแล้ว", None)
    # The minutes are typed in March: the meeting's date counts, not the typing.
    action.updates.filter(status="done").update(at=at(datetime.date(2027, 3, 2)))
    assert figures.month_figures(district("9009"), 2027, 2)["actions"] == {
        "opened": 1,
        "done": 1,
        "overdue": 0,
    }


def test_the_report_page_shows_the_three_periods_and_charts(login, february):
    page = login("rattaphum_chair").get("/reports/9009/2570/2/").content.decode()
    assert "รายงานประจำเดือนกุมภาพันธ์ 2570" in page
    assert "มกราคม 2570" in page and "กุมภาพันธ์ 2569" in page
    assert "1,595,000.00 บาท" in page and "165,000.00 บาท" in page
    assert "<svg" in page and "มูลค่าการซื้อร่วมตามสินค้า" in page


def test_review_once_with_a_comment(login, demo):
    client = login("rattaphum_chair")
    url = reverse("report_review", args=["9009", 2569, 10])
    client.post(url, {"comment": "ยอดซื้อปุ๋ยลดลง ต้องติดตาม"})
    response = client.post(url, {"comment": "อีกครั้ง"}, follow=True)
    page = response.content.decode()
    assert "คุณตรวจทานรายงานเดือนนี้แล้ว" in page
    assert "บุญเลิศ ชูช่วย · ยอดซื้อปุ๋ยลดลง ต้องติดตาม" in page


def test_the_chair_signs_off_and_a_later_change_shows_as_a_difference(login, demo):
    coordinator = login("rattaphum_coord")
    sign = reverse("report_sign", args=["9009", 2569, 10])
    assert coordinator.post(sign).status_code == 403
    chair = login("rattaphum_chair")
    chair.post(sign)
    signoff = ReportSignOff.objects.get(center=district("9009"), year=2026, month=10)
    joined_then = signoff.figures["members"]["joined"]
    group = OrganizationFactory(district=district_of("9009"))
    MembershipFactory(
        organization=group,
        center=district("9009"),
        applied_on=datetime.date(2026, 10, 1),
        joined_on=datetime.date(2026, 10, 15),
    )
    page = chair.get("/reports/9009/2569/10/").content.decode()
    assert "มีตัวเลขที่เปลี่ยนหลังลงนาม" in page and "เปลี่ยนหลังลงนาม" in page
    signoff.refresh_from_db()
    assert signoff.figures["members"]["joined"] == joined_then  # kept as signed
    assert chair.post(sign, follow=True).content.decode().count("ลงนามรับรองแล้ว") >= 1
    assert ReportSignOff.objects.filter(center=district("9009")).count() == 1
    this_month = timezone.localdate()
    future = reverse("report_sign", args=["9009", this_month.year + 543, this_month.month])
    assert "ลงนามรับรองได้เมื่อสิ้นเดือนแล้ว" in chair.post(future, follow=True).content.decode()
    province = login("prov_coord").get("/reports/province/2569/10/").content.decode()
    rattaphum_row = province.split("อำเภอรัตภูมิ</a>", 1)[1][:120]
    assert "ลงนามแล้ว" in rattaphum_row


def test_who_sees_which_report(login, demo):
    assert login("hatyai_coord").get("/reports/9009/2569/10/").status_code == 404
    assert login("group_rep").get("/reports/9009/2569/10/").status_code == 403
    assert login("group_rep").get("/reports/province/2569/10/").status_code == 200
    login("rattaphum_chair").post(
        reverse("report_review", args=["9009", 2569, 10]), {"comment": "ดีมาก"}
    )
    page = login("observer").get("/reports/9009/2569/10/").content.decode()
    assert "ตรวจทานแล้ว 1 คน" in page and "บุญเลิศ" not in page
    assert (
        login("observer").post(reverse("report_review", args=["9009", 2569, 10])).status_code == 403
    )
    assert login("rattaphum_chair").get("/reports/9009/2569/13/").status_code == 404


def test_the_pdf_and_the_xlsx(login, february):
    from openpyxl import load_workbook

    client = login("rattaphum_coord")
    pdf = client.get("/reports/9009/2570/2/report.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    reader, text = pdf_text(pdf.content)
    assert abs(float(reader.pages[0].mediabox.width) - 595.28) < 1
    for expected in (
        "รายงานประจำเดือนกุมภาพันธ์ 2570",
        "ศูนย์ประสานงานเครือข่ายระดับอำเภอรัตภูมิ",
        "1,595,000.00 บาท",
        "หน้า 1 จาก",
    ):
        assert flat(expected) in flat(text), expected
    workbook = load_workbook(io.BytesIO(client.get("/reports/9009/2570/2/report.xlsx").content))
    sheet = workbook["รายงานประจำเดือน"]
    assert sheet["A4"].value == "มูลค่าการซื้อร่วม"
    assert D(str(sheet["B4"].value)) == D("1595000")
    products = workbook["การซื้อร่วมตามสินค้า"]
    assert products["A2"].value == "ปุ๋ยรายงาน" and D(str(products["C2"].value)) == D("110")


def test_the_pdf_charts_print_their_thai_labels_shaped(login, february):
    """WeasyPrint drew the charts' SVG <text> letter by letter, unshaped and in system
    fonts (Loma, DejaVu Sans): Thai printed with dotted circles where its vowels and tone
    marks belong. The bars stay an SVG, without text; values and labels are HTML, shaped
    in Sarabun like the rest of the PDF, and the browser page shows the same figure."""
    client = login("rattaphum_coord")
    page = client.get("/reports/9009/2570/2/").content.decode()
    drawings = re.findall(r"<svg\b.*?</svg>", page, flags=re.S)
    assert drawings and not any("<text" in drawing for drawing in drawings)
    labels = ["ปุ๋ยรายงาน", "การประชุมที่จัด", "ครบองค์ประชุม", "เรื่องที่เสร็จ", "เรื่องที่เลยกำหนด"]
    for label in labels:
        assert f"<span>{label}</span>" in page  # the page's chart labels: the same HTML
    assert '<span class="chart-value"' in page and ">1,595,000</span>" in page

    reader, text = pdf_text(client.get("/reports/9009/2570/2/report.pdf").content)
    assert fonts_of(reader) <= {"Sarabun", "Sarabun-Bold"}  # Sarabun has no ◌ to print
    assert "\u25cc" not in text
    lines = [line for lines in page_lines(reader) for line in lines]
    for label in labels:
        assert any(label in line for line in lines), label
    assert "1,595,000" in lines  # the bar's value, a line of its own over the bar


def test_the_report_runs_in_constant_queries(login, february):
    client = login("prov_coord")

    def count(url):
        # Seen once first: the dashboard sums a year again on the first view after a change.
        assert client.get(url).status_code == 200
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    small = (count("/reports/9009/2570/2/"), count("/reports/province/2570/2/"))
    for index in range(3):
        more = make_round(
            status=RoundStatus.ORDERED,
            items=[(f"สินค้ารายงาน {index}", D("100"), D("120"), [(D("5"), D("90"))])],
        )
        more.ordered_on = datetime.date(2027, 2, 12)
        more.save()
        groups = active_groups(district("9009"))
        order(more, district("9009"), {(g, more.items.get()): D("3") for g in groups})
    large = (count("/reports/9009/2570/2/"), count("/reports/province/2570/2/"))
    small_dashboard = count("/reports/dashboard/?year=2570")
    assert small == large
    assert max(large) <= 60
    for index in range(3):
        extra = make_round(
            status=RoundStatus.ORDERED,
            items=[(f"สินค้าแดชบอร์ด {index}", D("100"), D("120"), [])],
        )
        extra.ordered_on = datetime.date(2027, 3, 1)
        extra.save()
        order(
            extra,
            district("9011"),
            {(active_groups(district("9011"))[0], extra.items.get()): D("2")},
        )
    assert count("/reports/dashboard/?year=2570") == small_dashboard


def test_the_dashboard_for_the_province_and_for_a_district(login, demo):
    page = login("prov_coord").get("/reports/dashboard/?year=2548").content.decode()
    assert "ปุ๋ยเคมีสูตร 15-15-15" in page  # the 2548 target of 5,000 t
    assert "1,000.00" in page and "(20%)" in page  # 1,000 t bought of 5,000 t
    assert "อำเภอรัตภูมิ" in page and "อำเภอหาดใหญ่" in page
    assert "5,568,000.00 บาท" in page  # Rattaphum's 580 t at 9,600
    district = login("rattaphum_coord").get("/reports/dashboard/?year=2548").content.decode()
    assert "อำเภอรัตภูมิ" in district and "อำเภอหาดใหญ่" not in district
    assert "(11%)" in district  # Rattaphum's 580 t of the 5,000 t target
    observer = login("observer").get("/reports/dashboard/?year=2548").content.decode()
    assert "สหกรณ์กองทุนสวนยางบ้านท่าชะมวง จำกัด" not in observer
    assert login("group_rep").get("/reports/dashboard/").status_code == 403


def test_the_marketing_subcommittee_sets_a_yearly_target(login, demo):
    from transactions.catalogue.models import Product
    from transactions.purchases.models import PurchaseTarget

    fertilizer = Product.objects.get(name="ปุ๋ยเคมีสูตร 15-15-15")
    data = {
        "product": str(fertilizer.pk),
        "be_year": "2570",
        "quantity": "๖,๐๐๐",
        "note": "แผนปี 2570",
    }
    assert login("rattaphum_coord").post("/reports/dashboard/", data).status_code == 403
    response = login("prov_marketing").post("/reports/dashboard/", data)
    assert response["Location"] == "/reports/dashboard/?year=2570"
    target = PurchaseTarget.objects.get(product=fertilizer, year=2027)
    assert target.quantity == D("6000")
    page = login("prov_marketing").get("/reports/dashboard/?year=2570").content.decode()
    assert "6,000.00" in page
    bad = login("prov_marketing").post("/reports/dashboard/", data | {"be_year": "2027"})
    assert "กรุณากรอกปีเป็น พ.ศ." in bad.content.decode()


def test_after_a_short_delivery_the_groups_owe_for_what_they_received(february):
    from transactions.purchases import services as purchases
    from transactions.purchases.models import Allocation

    item = february.items.get()
    purchases.set_supplied_quantity(item, D("120"), User.objects.get(username="prov_coord"))
    allocated = sum(
        Allocation.objects.filter(item=item, center=district("9009")).values_list(
            "quantity", flat=True
        )
    )
    owed = figures.month_figures(district("9009"), 2027, 2)["outstanding"]
    assert D(owed["districts"]) == allocated * D("14500")
    assert D(owed["groups"]) == allocated * D("14500") - D("500000")


def test_the_map_ignores_an_odd_year(login, demo):
    assert login("prov_coord").get("/reports/map/?year=²").status_code == 200
