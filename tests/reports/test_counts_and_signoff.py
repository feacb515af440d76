"""One member count for a district on /network/, on the dashboard and in its monthly
report; a space before "แล้ว" after a date or a number; the province's month signed over
unsigned districts only after a page that names them (no JavaScript needed). Each test
builds its district centers and users (tests/factories)."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from centers.models import Center, CenterLevel, MembershipStatus
from meetings import services as meetings
from reports import figures
from reports.models import ReportSignOff
from songkhla_network import thai

from ..factories import (
    FIVE_SEATS,
    CommitteeFactory,
    DistrictCenterFactory,
    MembershipFactory,
    OrganizationFactory,
    ReportSignOffFactory,
    UserFactory,
    admin_user,
    chair_user,
    member_groups,
    province,
    staff_user,
)

pytestmark = pytest.mark.usefixtures("demo")


@pytest.fixture
def as_user(client):
    """as_user(user): the test client, signed in as `user`."""

    def _as(user):
        client.force_login(user)
        return client

    return _as


def district_count() -> int:
    return Center.objects.filter(level=CenterLevel.DISTRICT).count()


def text_of(response) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", response.content.decode(), flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def last_month() -> tuple[int, int]:
    today = timezone.localdate()
    return figures.previous_month(today.year, today.month)


# Members: one count ------------------------------------------------------------------


def test_each_districts_member_count_is_the_same_on_network_dashboard_and_report(as_user):
    # A district center with seven active groups and one suspended, still a member.
    center = DistrictCenterFactory()
    member_groups(center, 7)
    MembershipFactory(center=center, status=MembershipStatus.SUSPENDED)
    code = center.district.code
    client = as_user(staff_user(province()))
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
    # Its row on /network/ and the report's row say so on the page.
    assert network[code] == 8
    report = text_of(client.get(f"/reports/{code}/{be_year}/{today.month}/"))
    assert "สมาชิก ณ สิ้นเดือน 8" in report
    assert "รวมที่พักสมาชิกภาพ" in report
    assert "รวมที่พักสมาชิกภาพ" in text_of(client.get("/network/"))


def test_a_member_counts_from_the_day_it_joined_until_the_day_it_left(as_user):
    center = DistrictCenterFactory()
    member_groups(center, 2)
    group = OrganizationFactory(district=center.district)
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
        for c in as_user(UserFactory()).get("/network/").context["district_centers"]
    }
    assert (
        shown[center.district.code]
        == figures.month_figures(center, today.year, today.month)["members"]["active"]
    )


# Spaces before "แล้ว" ------------------------------------------------------------------


def test_the_month_signed_message_has_its_space(as_user):
    year, month = last_month()
    center = DistrictCenterFactory()
    client = as_user(chair_user(center))
    response = client.post(
        reverse("report_sign", args=[center.district.code, year + 543, month]), follow=True
    )
    label = f"{thai.MONTHS_LONG[month - 1]} {year + 543}"
    assert f"ลงนามรับรองรายงานเดือน{label} แล้ว" in text_of(response)


def test_the_minutes_approved_message_and_the_meetings_page_have_their_space(as_user):
    center = DistrictCenterFactory()
    board = CommitteeFactory(center=center, seats=FIVE_SEATS)
    chair = chair_user(center)
    day = datetime.date(2027, 2, 9)
    meeting = meetings.create_meeting(
        board, thai.local_datetime(day, datetime.time(9, 30)), "ห้องประชุม", None
    )
    meeting.status = "held"
    meeting.opened_at, meeting.closed_at = datetime.time(9, 35), datetime.time(11, 0)
    meeting.save()
    response = as_user(chair).post(reverse("meeting_approve", args=[meeting.pk]), follow=True)
    assert f"รับรองรายงานการประชุม{meeting.title_number} แล้ว" in text_of(response)
    home = text_of(as_user(staff_user(province())).get(reverse("meetings_home")))
    assert re.search(r"ประชุมประจำเดือน\S+ 25\d\d แล้ว", home)
    assert not re.search(r"\dแล้ว", home)


# The province signs over unsigned districts only after seeing them --------------------


def test_the_province_is_shown_the_unsigned_districts_before_it_signs(as_user):
    year, month = last_month()
    center, other = DistrictCenterFactory(), DistrictCenterFactory()
    districts = district_count()
    sign = reverse("report_sign", args=["province", year + 543, month])
    as_user(chair_user(center)).post(
        reverse("report_sign", args=[center.district.code, year + 543, month])
    )
    client = as_user(admin_user())  # (the same test client, signed in again)
    response = client.post(sign)
    assert response.status_code == 200
    assert not ReportSignOff.objects.filter(
        center__level=CenterLevel.PROVINCIAL, year=year, month=month
    ).exists()
    page = text_of(response)
    assert f"ศูนย์อำเภอ {districts - 1} แห่งยังไม่ได้ลงนามรับรองรายงาน" in page
    listed = re.findall(r"<li>อำเภอ([^<]+)</li>", response.content.decode())
    assert len(listed) == districts - 1
    assert other.district.name in listed and center.district.name not in listed
    assert f'<form method="post" action="{sign}"' in response.content.decode()  # no JS needed
    codes = re.search(r'name="unsigned" value="([^"]*)"', response.content.decode()).group(1)
    assert other.district.code in codes.split(",")
    assert center.district.code not in codes.split(",")

    # A district signs in between: the page is shown again, with one fewer.
    ReportSignOffFactory(center=other, year=year, month=month, by=UserFactory())
    again = client.post(sign, {"unsigned": codes})
    assert again.status_code == 200 and f"ศูนย์อำเภอ {districts - 2} แห่ง" in text_of(again)
    codes = re.search(r'name="unsigned" value="([^"]*)"', again.content.decode()).group(1)
    response = client.post(sign, {"unsigned": codes}, follow=True)
    assert ReportSignOff.objects.filter(
        center__level=CenterLevel.PROVINCIAL, year=year, month=month
    ).exists()
    assert "ลงนามรับรองแล้ว" in text_of(response)


def test_the_province_report_says_before_signing_that_districts_are_missing(as_user):
    year, month = last_month()
    DistrictCenterFactory()
    districts = district_count()
    page = text_of(as_user(admin_user()).get(f"/reports/province/{year + 543}/{month}/"))
    expected = f"ยังมีศูนย์อำเภอที่ไม่ได้ลงนาม {districts} แห่ง ระบบจะแสดงรายชื่อให้ยืนยันก่อน"
    assert expected in page


def test_a_district_signs_without_a_question(as_user):
    year, month = last_month()
    center = DistrictCenterFactory()
    response = as_user(chair_user(center)).post(
        reverse("report_sign", args=[center.district.code, year + 543, month])
    )
    assert response.status_code == 302
    assert ReportSignOff.objects.filter(center=center, year=year, month=month).exists()
