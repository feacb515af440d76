"""Monthly reports: figures from data built here, comparisons, reviews, sign-off kept as
signed, access, the PDF's text and the XLSX's cells, constant queries. Each test builds
its district centers, rounds, meetings and users (tests/factories)."""

import datetime
import io
import re
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from centers.models import Center, Committee
from meetings import services as meetings
from meetings.models import ActionItem, ActionStatus, AttendanceStatus
from reports import figures
from reports.models import ReportSignOff
from transactions.purchases.models import Payment, PaymentKind, PurchaseRound, RoundStatus

from ..factories import (
    CommitteeFactory,
    DistrictCenterFactory,
    MembershipFactory,
    OrganizationFactory,
    ProductFactory,
    PurchaseRoundFactory,
    UserFactory,
    chair_user,
    member_groups,
    order,
    priced,
    province,
    representative_user,
    seat_user,
    staff_user,
)
from ..pdf_helpers import flat, fonts_of, page_lines, pdf_text

D = Decimal
pytestmark = pytest.mark.usefixtures("demo")
SIX_SEATS = ["chair", "secretary", "member", "member", "member", "member"]


def at(day: datetime.date, hour=9):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 30)))


@dataclass
class Month:
    """What the february fixture built: the round, the district center and its board."""

    round: PurchaseRound
    center: Center
    board: Committee

    @property
    def code(self) -> str:
        return self.center.district.code


def district_center() -> Center:
    """A district center with its executive committee of six and two active groups."""
    center = DistrictCenterFactory()
    CommitteeFactory(center=center, kind="executive", seats=SIX_SEATS)
    member_groups(center, 2)
    return center


def groups_of(center) -> list:
    return [
        m.organization
        for m in center.memberships.filter(status="active")
        .select_related("organization")
        .order_by("organization__name")
    ]


def ordered_round(ordered_on: datetime.date, items) -> PurchaseRound:
    """A provincial round, ordered on `ordered_on`."""
    purchase_round = PurchaseRoundFactory(status=RoundStatus.ORDERED, items=items)
    purchase_round.ordered_on = ordered_on
    purchase_round.save()
    return purchase_round


@pytest.fixture
def february():
    """February 2027 (กุมภาพันธ์ 2570) in a district center built here:
    a provincial round ordered on 10 Feb: the district 60 t + 50 t, another district 40 t;
    150 t reach the 100 t tier (14,500 instead of 15,000; reference 16,000); group 1 paid
    500,000; one group joined on 5 Feb; one held meeting (5 of 6 present), one action item
    assigned there and due 20 Feb, still open."""
    purchase_round = ordered_round(
        datetime.date(2027, 2, 10),
        [priced("ปุ๋ยรายงาน", D("15000"), D("16000"), [(D("100"), D("14500"))])],
    )
    item = purchase_round.items.get()
    center, other = district_center(), district_center()
    g1, g2 = groups_of(center)
    order(purchase_round, center, {(g1, item): D("60"), (g2, item): D("50")})
    order(purchase_round, other, {(groups_of(other)[0], item): D("40")})
    Payment.objects.create(
        round=purchase_round,
        kind=PaymentKind.GROUP,
        center=center,
        organization=g1,
        paid_on=datetime.date(2027, 2, 20),
        amount=D("500000"),
    )
    newcomer = OrganizationFactory(district=center.district)
    MembershipFactory(
        organization=newcomer,
        center=center,
        applied_on=datetime.date(2027, 1, 20),
        joined_on=datetime.date(2027, 2, 5),
    )
    board = center.committees.get()
    meeting = meetings.create_meeting(board, at(datetime.date(2027, 2, 4)), "ห้องประชุม", None)
    seats = meetings.committee_members(board, datetime.date(2027, 2, 4))
    assert len(seats) == 6
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
        organization=center.host,
        due_on=datetime.date(2027, 2, 20),
    )
    return Month(round=purchase_round, center=center, board=board)


def marketing_user():
    """The chair of the provincial marketing subcommittee."""
    committee = CommitteeFactory(center=province(), kind="marketing", seats=["chair"])
    return seat_user(committee, "chair")


@pytest.fixture
def as_user(client):
    """as_user(user): the test client, signed in as `user`."""

    def _as(user):
        client.force_login(user)
        return client

    return _as


def test_a_district_month_in_figures(february):
    data = figures.report(february.center, 2027, 2)
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
    now = figures.month_figures(february.round.center, 2027, 2)
    assert D(now["purchases"]["products"][0]["quantity"]) == D("150")
    assert D(now["purchases"]["value"]) == D("150") * D("14500")


def test_an_action_done_in_the_month_is_not_overdue(february):
    action = ActionItem.objects.get(committee=february.board)  # แจ้งราคาให้กลุ่ม
    later = meetings.create_meeting(february.board, at(datetime.date(2027, 2, 25)), "ห้อง", None)
    meetings.follow_up(action, later, ActionStatus.DONE, "แจ้งครบแล้ว", None)
    # The minutes are typed in March: the meeting's date counts, not the typing.
    action.updates.filter(status="done").update(at=at(datetime.date(2027, 3, 2)))
    assert figures.month_figures(february.center, 2027, 2)["actions"] == {
        "opened": 1,
        "done": 1,
        "overdue": 0,
    }


def test_the_report_page_shows_the_three_periods_and_charts(as_user, february):
    chair = chair_user(february.center)
    page = as_user(chair).get(f"/reports/{february.code}/2570/2/").content.decode()
    assert "รายงานประจำเดือนกุมภาพันธ์ 2570" in page
    assert "มกราคม 2570" in page and "กุมภาพันธ์ 2569" in page
    assert "1,595,000.00 บาท" in page and "165,000.00 บาท" in page
    assert "<svg" in page and "มูลค่าการซื้อร่วมตามสินค้า" in page


def test_review_once_with_a_comment(as_user):
    center = district_center()
    client = as_user(chair_user(center, first_name="บุญเลิศ", last_name="ชูช่วย"))
    url = reverse("report_review", args=[center.district.code, 2569, 10])
    client.post(url, {"comment": "ยอดซื้อปุ๋ยลดลง ต้องติดตาม"})
    response = client.post(url, {"comment": "อีกครั้ง"}, follow=True)
    page = response.content.decode()
    assert "คุณตรวจทานรายงานเดือนนี้แล้ว" in page
    assert "บุญเลิศ ชูช่วย · ยอดซื้อปุ๋ยลดลง ต้องติดตาม" in page


def test_the_chair_signs_off_and_a_later_change_shows_as_a_difference(client):
    center = district_center()
    code = center.district.code
    coordinator, chair = staff_user(center), chair_user(center)
    sign = reverse("report_sign", args=[code, 2569, 10])
    client.force_login(coordinator)
    assert client.post(sign).status_code == 403
    client.force_login(chair)
    client.post(sign)
    signoff = ReportSignOff.objects.get(center=center, year=2026, month=10)
    joined_then = signoff.figures["members"]["joined"]
    group = OrganizationFactory(district=center.district)
    MembershipFactory(
        organization=group,
        center=center,
        applied_on=datetime.date(2026, 10, 1),
        joined_on=datetime.date(2026, 10, 15),
    )
    page = client.get(f"/reports/{code}/2569/10/").content.decode()
    assert "มีตัวเลขที่เปลี่ยนหลังลงนาม" in page and "เปลี่ยนหลังลงนาม" in page
    signoff.refresh_from_db()
    assert signoff.figures["members"]["joined"] == joined_then  # kept as signed
    assert client.post(sign, follow=True).content.decode().count("ลงนามรับรองแล้ว") >= 1
    assert ReportSignOff.objects.filter(center=center).count() == 1
    this_month = timezone.localdate()
    future = reverse("report_sign", args=[code, this_month.year + 543, this_month.month])
    assert "ลงนามรับรองได้เมื่อสิ้นเดือนแล้ว" in client.post(future, follow=True).content.decode()
    client.force_login(staff_user(province()))
    page = client.get("/reports/province/2569/10/").content.decode()
    row = page.split(f"อำเภอ{center.district.name}</a>", 1)[1][:120]
    assert "ลงนามแล้ว" in row


def test_who_sees_which_report(as_user):
    center, other = district_center(), district_center()
    code = center.district.code
    report = f"/reports/{code}/2569/10/"
    representative = representative_user(groups_of(center)[0])
    chair = chair_user(center, first_name="บุญเลิศ", last_name="ชูช่วย")
    observer = UserFactory()
    assert as_user(staff_user(other)).get(report).status_code == 404
    assert as_user(representative).get(report).status_code == 403
    assert as_user(representative).get("/reports/province/2569/10/").status_code == 200
    as_user(chair).post(reverse("report_review", args=[code, 2569, 10]), {"comment": "ดีมาก"})
    page = as_user(observer).get(report).content.decode()
    assert "ตรวจทานแล้ว 1 คน" in page and "บุญเลิศ" not in page
    assert (
        as_user(observer).post(reverse("report_review", args=[code, 2569, 10])).status_code == 403
    )
    assert as_user(chair).get(f"/reports/{code}/2569/13/").status_code == 404


def test_the_pdf_and_the_xlsx(as_user, february):
    from openpyxl import load_workbook

    client = as_user(staff_user(february.center))
    pdf = client.get(f"/reports/{february.code}/2570/2/report.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    reader, text = pdf_text(pdf.content)
    assert abs(float(reader.pages[0].mediabox.width) - 595.28) < 1
    for expected in (
        "รายงานประจำเดือนกุมภาพันธ์ 2570",
        february.center.name,
        "1,595,000.00 บาท",
        "หน้า 1 จาก",
    ):
        assert flat(expected) in flat(text), expected
    xlsx = client.get(f"/reports/{february.code}/2570/2/report.xlsx")
    workbook = load_workbook(io.BytesIO(xlsx.content))
    sheet = workbook["รายงานประจำเดือน"]
    assert sheet["A4"].value == "มูลค่าการซื้อร่วม"
    assert D(str(sheet["B4"].value)) == D("1595000")
    products = workbook["การซื้อร่วมตามสินค้า"]
    assert products["A2"].value == "ปุ๋ยรายงาน" and D(str(products["C2"].value)) == D("110")


def test_the_pdf_charts_print_their_thai_labels_shaped(as_user, february):
    """WeasyPrint drew the charts' SVG <text> letter by letter, unshaped and in system
    fonts (Loma, DejaVu Sans): Thai printed with dotted circles where its vowels and tone
    marks belong. The bars stay an SVG, without text; values and labels are HTML, shaped
    in Sarabun like the rest of the PDF, and the browser page shows the same figure."""
    client = as_user(staff_user(february.center))
    page = client.get(f"/reports/{february.code}/2570/2/").content.decode()
    drawings = re.findall(r"<svg\b.*?</svg>", page, flags=re.S)
    assert drawings and not any("<text" in drawing for drawing in drawings)
    labels = ["ปุ๋ยรายงาน", "การประชุมที่จัด", "ครบองค์ประชุม", "เรื่องที่เสร็จ", "เรื่องที่เลยกำหนด"]
    for label in labels:
        assert f"<span>{label}</span>" in page  # the page's chart labels: the same HTML
    assert '<span class="chart-value"' in page and ">1,595,000</span>" in page

    pdf = client.get(f"/reports/{february.code}/2570/2/report.pdf")
    reader, text = pdf_text(pdf.content)
    assert fonts_of(reader) <= {"Sarabun", "Sarabun-Bold"}  # Sarabun has no ◌ to print
    assert "\u25cc" not in text
    lines = [line for lines in page_lines(reader) for line in lines]
    for label in labels:
        assert any(label in line for line in lines), label
    assert "1,595,000" in lines  # the bar's value, a line of its own over the bar


def test_the_report_runs_in_constant_queries(as_user, february):
    client = as_user(staff_user(province()))
    center = february.center
    other = february.round.orders.exclude(center=center).get().center
    district_report = f"/reports/{february.code}/2570/2/"

    def count(url):
        # Seen once first: the dashboard sums a year again on the first view after a change.
        assert client.get(url).status_code == 200
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    small = (count(district_report), count("/reports/province/2570/2/"))
    for index in range(3):
        more = ordered_round(
            datetime.date(2027, 2, 12),
            [priced(f"สินค้ารายงาน {index}", D("100"), D("120"), [(D("5"), D("90"))])],
        )
        order(more, center, {(g, more.items.get()): D("3") for g in groups_of(center)})
    large = (count(district_report), count("/reports/province/2570/2/"))
    small_dashboard = count("/reports/dashboard/?year=2570")
    assert small == large
    assert max(large) <= 60
    for index in range(3):
        extra = ordered_round(
            datetime.date(2027, 3, 1), [priced(f"สินค้าแดชบอร์ด {index}", D("100"), D("120"))]
        )
        order(extra, other, {(groups_of(other)[0], extra.items.get()): D("2")})
    assert count("/reports/dashboard/?year=2570") == small_dashboard


def test_the_dashboard_for_the_province_and_for_a_district(as_user):
    """2010 (2553), a year without the demo's purchases: a target of 5,000 t of a
    fertilizer; one district bought 580 t at 9,600, another 420 t."""
    from transactions.purchases.services import target_set

    product = ProductFactory(name="ปุ๋ยเคมีสูตรแดชบอร์ดทดสอบ")
    target_set(product=product, year=2010, quantity=D("5000"), note="", by=None)
    purchase_round = ordered_round(
        datetime.date(2010, 6, 1), [priced(product.name, D("9600"), D("10000"))]
    )
    item = purchase_round.items.get()
    center, other = district_center(), district_center()
    buyer = groups_of(center)[0]
    order(purchase_round, center, {(buyer, item): D("580")})
    order(purchase_round, other, {(groups_of(other)[0], item): D("420")})
    name, other_name = f"อำเภอ{center.district.name}", f"อำเภอ{other.district.name}"
    page = as_user(staff_user(province())).get("/reports/dashboard/?year=2553").content.decode()
    assert product.name in page  # the 2553 target of 5,000 t
    assert "1,000.00" in page and "(20%)" in page  # 1,000 t bought of 5,000 t
    assert name in page and other_name in page
    assert "5,568,000.00 บาท" in page  # the district's 580 t at 9,600
    district = as_user(staff_user(center)).get("/reports/dashboard/?year=2553").content.decode()
    assert name in district and other_name not in district
    assert "(11%)" in district  # the district's 580 t of the 5,000 t target
    observer = as_user(UserFactory()).get("/reports/dashboard/?year=2553").content.decode()
    assert buyer.name not in observer
    representative = representative_user(buyer)
    assert as_user(representative).get("/reports/dashboard/").status_code == 403


def test_the_marketing_subcommittee_sets_a_yearly_target(as_user):
    from transactions.purchases.models import PurchaseTarget

    fertilizer = ProductFactory(name="ปุ๋ยเคมีสูตรเป้าหมายทดสอบ")
    data = {
        "product": str(fertilizer.pk),
        "be_year": "2570",
        "quantity": "๖,๐๐๐",
        "note": "แผนปี 2570",
    }
    coordinator, marketing = staff_user(district_center()), marketing_user()
    assert as_user(coordinator).post("/reports/dashboard/", data).status_code == 403
    response = as_user(marketing).post("/reports/dashboard/", data)
    assert response["Location"] == "/reports/dashboard/?year=2570"
    target = PurchaseTarget.objects.get(product=fertilizer, year=2027)
    assert target.quantity == D("6000")
    page = as_user(marketing).get("/reports/dashboard/?year=2570").content.decode()
    assert "6,000.00" in page
    bad = as_user(marketing).post("/reports/dashboard/", data | {"be_year": "2027"})
    assert "กรุณากรอกปีเป็น พ.ศ." in bad.content.decode()


def test_after_a_short_delivery_the_groups_owe_for_what_they_received(february):
    from transactions.purchases import services as purchases
    from transactions.purchases.models import Allocation

    item = february.round.items.get()
    purchases.set_supplied_quantity(item, D("120"), staff_user(province()))
    allocated = sum(
        Allocation.objects.filter(item=item, center=february.center).values_list(
            "quantity", flat=True
        )
    )
    owed = figures.month_figures(february.center, 2027, 2)["outstanding"]
    assert D(owed["districts"]) == allocated * D("14500")
    assert D(owed["groups"]) == allocated * D("14500") - D("500000")


def test_the_map_ignores_an_odd_year(as_user):
    assert as_user(staff_user(province())).get("/reports/map/?year=²").status_code == 200
