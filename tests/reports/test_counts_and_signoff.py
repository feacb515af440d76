"""One member count for a district on /network/, on the dashboard and in its monthly
report; a space before "แล้ว" after a date or a number; the province's month signed over
unsigned districts only after a page that names them (no JavaScript needed)."""

import datetime
import re

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone

from centers.models import Center, CenterLevel, Committee, MembershipStatus
from meetings import services as meetings
from reports import figures
from reports.models import ReportSignOff
from songkhla_network import thai

from ..factories import MembershipFactory, OrganizationFactory
from ..factories import district as district_of

pytestmark = pytest.mark.usefixtures("demo")


def text_of(response) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", response.content.decode(), flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def last_month() -> tuple[int, int]:
    today = timezone.localdate()
    return figures.previous_month(today.year, today.month)


def rattaphum() -> Center:
    return Center.objects.get(level=CenterLevel.DISTRICT, district__code="9009")


# Members: one count ------------------------------------------------------------------


def test_each_districts_member_count_is_the_same_on_network_dashboard_and_report(login):
    client = login("prov_coord")
    today = timezone.localdate()
    network = {
        c.district.code: c.active_total for c in client.get("/network/").context["district_centers"]
    }
    dashboard = {
        c.district.code: c.member_total
        for c in client.get("/reports/dashboard/").context["centers"]
    }
    be_year = thai.be_year(today)
    reports = {
        code: client.get(f"/reports/{code}/{be_year}/{today.month}/").context["data"]["current"][
            "members"
        ]["active"]
        for code in network
    }
    assert network == reports == dashboard
    # Rattaphum: seven active groups and one suspended, still a member (the demo); its row
    # on /network/ and the report's row say so on the page.
    assert network["9009"] == 8
    report = text_of(client.get(f"/reports/9009/{be_year}/{today.month}/"))
    assert "สมาชิก ณ สิ้นเดือน 8" in report
    assert "รวมที่พักสมาชิกภาพ" in report
    assert "รวมที่พักสมาชิกภาพ" in text_of(client.get("/network/"))


def test_a_member_counts_from_the_day_it_joined_until_the_day_it_left(login):
    center = rattaphum()
    group = OrganizationFactory(district=district_of("9009"))
    membership = MembershipFactory(
        organization=group,
        center=center,
        applied_on=datetime.date(2026, 1, 5),
        joined_on=datetime.date(2026, 2, 10),
    )
    march = figures.month_figures(center, 2026, 3)["members"]["active"]
    january = figures.month_figures(center, 2026, 1)["members"]["active"]
    assert march == january + 1
    membership.status = MembershipStatus.LEFT
    membership.left_on = datetime.date(2026, 3, 31)  # the first day out
    membership.save()
    assert figures.month_figures(center, 2026, 3)["members"]["active"] == march - 1
    assert figures.month_figures(center, 2026, 2)["members"]["active"] == march
    today = timezone.localdate()
    shown = {
        c.district.code: c.active_total
        for c in login("observer").get("/network/").context["district_centers"]
    }
    assert (
        shown["9009"] == figures.month_figures(center, today.year, today.month)["members"]["active"]
    )


# Spaces before "แล้ว" ------------------------------------------------------------------


def test_the_month_signed_message_has_its_space(login):
    year, month = last_month()
    client = login("rattaphum_chair")
    response = client.post(reverse("report_sign", args=["9009", year + 543, month]), follow=True)
    label = f"{thai.MONTHS_LONG[month - 1]} {year + 543}"
    assert f"ลงนามรับรองรายงานเดือน{label} แล้ว" in text_of(response)


def test_the_minutes_approved_message_and_the_meetings_page_have_their_space(login):
    board = Committee.objects.get(name="คณะกรรมการบริหารศูนย์ฯ อำเภอรัตภูมิ")
    day = datetime.date(2027, 2, 9)
    meeting = meetings.create_meeting(
        board, thai.local_datetime(day, datetime.time(9, 30)), "ห้องประชุม", None
    )
    meeting.status = "held"
    meeting.opened_at, meeting.closed_at = datetime.time(9, 35), datetime.time(11, 0)
    meeting.save()
    response = login("rattaphum_chair").post(
        reverse("meeting_approve", args=[meeting.pk]), follow=True
    )
    assert f"รับรองรายงานการประชุม{meeting.title_number} แล้ว" in text_of(response)
    home = text_of(login("prov_coord").get(reverse("meetings_home")))
    assert re.search(r"ประชุมประจำเดือน\S+ 25\d\d แล้ว", home)
    assert not re.search(r"\dแล้ว", home)


# The province signs over unsigned districts only after seeing them --------------------


def test_the_province_is_shown_the_unsigned_districts_before_it_signs(login):
    year, month = last_month()
    sign = reverse("report_sign", args=["province", year + 543, month])
    login("rattaphum_chair").post(reverse("report_sign", args=["9009", year + 543, month]))
    client = login("admin")  # (the same test client, signed in again)
    response = client.post(sign)
    assert response.status_code == 200
    assert not ReportSignOff.objects.filter(
        center__level=CenterLevel.PROVINCIAL, year=year, month=month
    ).exists()
    page = text_of(response)
    assert "ศูนย์อำเภอ 15 แห่งยังไม่ได้ลงนามรับรองรายงาน" in page
    listed = re.findall(r"<li>อำเภอ([^<]+)</li>", response.content.decode())
    assert len(listed) == 15 and "หาดใหญ่" in listed and "รัตภูมิ" not in listed
    assert f'<form method="post" action="{sign}"' in response.content.decode()  # no JS needed
    codes = re.search(r'name="unsigned" value="([^"]*)"', response.content.decode()).group(1)
    assert "9011" in codes.split(",") and "9009" not in codes.split(",")

    # A district signs in between: the page is shown again, with one fewer.
    ReportSignOff.objects.create(
        center=Center.objects.get(district__code="9011"),
        year=year,
        month=month,
        figures={},
        signed_by=User.objects.get(username="hatyai_coord"),  # (for the test: any user)
    )
    again = client.post(sign, {"unsigned": codes})
    assert again.status_code == 200 and "ศูนย์อำเภอ 14 แห่ง" in text_of(again)
    codes = re.search(r'name="unsigned" value="([^"]*)"', again.content.decode()).group(1)
    response = client.post(sign, {"unsigned": codes}, follow=True)
    assert ReportSignOff.objects.filter(
        center__level=CenterLevel.PROVINCIAL, year=year, month=month
    ).exists()
    assert "ลงนามรับรองแล้ว" in text_of(response)


def test_the_province_report_says_before_signing_that_districts_are_missing(login):
    year, month = last_month()
    page = text_of(login("admin").get(f"/reports/province/{year + 543}/{month}/"))
    assert "ยังมีศูนย์อำเภอที่ไม่ได้ลงนาม 16 แห่ง ระบบจะแสดงรายชื่อให้ยืนยันก่อน" in page


def test_a_district_signs_without_a_question(login):
    year, month = last_month()
    response = login("rattaphum_chair").post(
        reverse("report_sign", args=["9009", year + 543, month])
    )
    assert response.status_code == 302
    assert ReportSignOff.objects.filter(center=rattaphum(), year=year, month=month).exists()
