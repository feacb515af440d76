"""The home page: every role lands where its work is, each block says what to do when it
is empty, the figures agree with the pages they summarise, and the page runs a constant
number of queries."""

import datetime
import re
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from centers.models import Committee, Membership, MembershipStatus
from demo.rosters import KUHA_TAI
from meetings import services as meeting_services
from meetings.models import Meeting, MeetingStatus
from members.models import Organization
from members.registry.models import ImportStatus, RegistryImport
from members.rosters.models import Roster, RosterStatus
from reports.figures import previous_month
from reports.models import ReportSignOff
from songkhla_network import access, thai
from transactions.purchases import selectors
from transactions.purchases.models import (
    Allocation,
    DistrictOrder,
    OrderStatus,
    Payment,
    PaymentKind,
    PurchaseRound,
    RoundStatus,
)

from .factories import MembershipFactory, OrganizationFactory
from .factories import district as district_of
from .permission_helpers import ROLES
from .purchase_helpers import active_groups, district, make_round, order, province

D = Decimal
pytestmark = pytest.mark.usefixtures("demo")
OPEN_ROUND = "ซื้อปุ๋ยร่วมกัน รอบเดือนธันวาคม 2569"  # provincial, open (seed_demo)
DISTRICT_ROUND = "ซื้อน้ำกรดฟอร์มิกร่วมกัน อำเภอรัตภูมิ"  # Rattaphum's own, open
RATTAPHUM_BOARD = "คณะกรรมการบริหารศูนย์ฯ อำเภอรัตภูมิ"
SIGNED_IN = [role for role in ROLES if role != "anonymous"]


def text_of(response) -> str:
    html = response.content.decode()
    html = html[html.index("<main") : html.index("</main>")]
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def section(response, heading_id: str) -> str:
    """The text of one block of the home page ('' when the page has no such block)."""
    html = response.content.decode()
    found = re.search(
        rf'<section[^>]*aria-labelledby="{heading_id}".*?</section>', html, flags=re.S
    )
    return " ".join(re.sub(r"<[^>]+>", " ", found.group(0)).split()) if found else ""


def home(login, role):
    response = login(role).get(reverse("home"))
    assert response.status_code == 200
    return response


def last_month_label() -> str:
    today = timezone.localdate()
    year, month = previous_month(today.year, today.month)
    return f"{thai.MONTHS_LONG[month - 1]} {year + thai.BE_OFFSET}"


# Each role's landing -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "blocks"),
    [
        ("admin", {"rounds", "applications", "rosters", "imports"}),
        ("prov_coord", {"rounds", "applications", "rosters", "imports", "meetings"}),
        ("prov_marketing", {"rounds", "minutes", "meetings"}),
        ("rattaphum_coord", {"orders", "rounds", "rosters", "meetings"}),
        (
            "rattaphum_chair",
            {"orders", "minutes", "signoff", "applications", "rosters", "meetings"},
        ),
        ("hatyai_coord", {"orders", "rounds", "rosters", "meetings"}),
        ("group_rep", {"group"}),
        ("observer", set()),
    ],
)
def test_each_role_lands_on_the_blocks_of_its_work(login, role, blocks):
    response = home(login, role)
    every = {
        "orders", "rounds", "minutes", "signoff", "applications", "rosters", "imports",
        "group", "meetings",
    }  # fmt: skip
    shown = {block for block in every if section(response, f"{block}-heading")}
    assert shown == blocks
    assert section(response, "overview-heading")  # everyone: the network's figures


def test_a_coordinator_sees_the_open_rounds_with_deadlines_and_the_orders_state(login):
    fertilizer = PurchaseRound.objects.get(title=OPEN_ROUND)
    orders = section(home(login, "rattaphum_coord"), "orders-heading")
    deadline = thai.be_datetime(fertilizer.closes_at)
    assert f"{OPEN_ROUND} · อำเภอรัตภูมิ กำลังบันทึก กลุ่มที่สั่งแล้ว 4 จาก 7 กลุ่ม" in orders
    assert f"ปิดรับ {deadline}" in orders
    assert "ส่งคำสั่งซื้อให้ศูนย์จังหวัดก่อนปิดรับ" in orders
    assert DISTRICT_ROUND in orders  # the district's own round too
    assert "ยืนยันคำสั่งซื้อของอำเภอก่อนปิดรับ" in orders
    entry = reverse("purchase_order_entry", args=[fertilizer.pk, "9009"])
    assert f'href="{entry}"' in home(login, "rattaphum_coord").content.decode()

    hat_yai = section(home(login, "hatyai_coord"), "orders-heading")
    assert f"{OPEN_ROUND} · อำเภอหาดใหญ่ ส่งศูนย์จังหวัดแล้ว" in hat_yai
    assert DISTRICT_ROUND not in hat_yai  # Rattaphum's own round is not Hat Yai's


def test_a_returned_order_says_why_and_a_closed_round_leaves_the_list(login):
    fertilizer = PurchaseRound.objects.get(title=OPEN_ROUND)
    DistrictOrder.objects.filter(round=fertilizer, center=district("9011")).update(
        status=OrderStatus.RETURNED, returned_reason="จำนวนปุ๋ยของกลุ่มบ้านฉลุงเกินที่ตกลง"
    )
    orders = section(home(login, "hatyai_coord"), "orders-heading")
    assert "ส่งคืนให้แก้ไข" in orders
    assert "ส่งคืนให้แก้ไขเพราะ จำนวนปุ๋ยของกลุ่มบ้านฉลุงเกินที่ตกลง" in orders

    PurchaseRound.objects.filter(status=RoundStatus.OPEN).update(status=RoundStatus.CLOSED)
    orders = section(home(login, "hatyai_coord"), "orders-heading")
    assert "ตอนนี้ไม่มีรอบที่เปิดรับคำสั่งซื้อจากอำเภอของคุณ" in orders


def test_a_coordinator_sees_the_meetings_to_prepare(login):
    board = Committee.objects.get(name=RATTAPHUM_BOARD)
    meetings = section(home(login, "rattaphum_coord"), "meetings-heading")
    assert RATTAPHUM_BOARD in meetings
    # The demo's December meeting (3 Dec) is past and still marked scheduled.
    overdue = Meeting.objects.get(committee=board, status=MeetingStatus.SCHEDULED)
    if overdue.starts_at < timezone.now():
        assert f"เลยวันนัดแล้ว {overdue.title_number}" in meetings
        assert "บันทึกการมาประชุมและรายงานการประชุม หรือยกเลิก" in meetings
    assert "ยังไม่ได้นัดประชุมครั้งถัดไป นัดประชุมได้ที่หน้าคณะกรรมการ" in meetings

    starts = timezone.now() + datetime.timedelta(days=10)
    meeting = meeting_services.create_meeting(
        board, starts, "ห้องประชุมสหกรณ์การเกษตรรัตภูมิ", User.objects.get(username="admin")
    )
    meetings = section(home(login, "rattaphum_coord"), "meetings-heading")
    assert f"ครั้งถัดไป {meeting.title_number} {thai.be_datetime(starts)}" in meetings
    assert "เตรียมวาระและเอกสารก่อนประชุม" in meetings
    chair = section(home(login, "rattaphum_chair"), "meetings-heading")
    assert f"ครั้งถัดไป {meeting.title_number}" in chair
    assert "เตรียมวาระ" not in chair  # the chair does not prepare


def test_a_chair_sees_the_minutes_to_approve_and_the_months_to_sign(login):
    response = home(login, "rattaphum_chair")
    minutes = section(response, "minutes-heading")
    draft = Meeting.objects.get(
        committee__name=RATTAPHUM_BOARD, status=MeetingStatus.HELD, minutes_status="draft"
    )
    assert f"{RATTAPHUM_BOARD} {draft.title_number}" in minutes
    assert f'href="{draft.get_absolute_url()}"' in response.content.decode()

    signoff = section(response, "signoff-heading")
    assert f"เดือน{last_month_label()} ศูนย์ประสานงานเครือข่ายระดับอำเภอรัตภูมิ" in signoff
    today = timezone.localdate()
    year, month = previous_month(today.year, today.month)
    ReportSignOff.objects.create(
        center=district("9009"),
        year=year,
        month=month,
        signed_by=User.objects.get(username="rattaphum_chair"),
        figures={},
    )
    assert last_month_label() not in section(home(login, "rattaphum_chair"), "signoff-heading")

    applications = section(response, "applications-heading")
    assert "สหกรณ์กองทุนสวนยางเขาพระพัฒนา จำกัด" in applications
    assert "สหกรณ์ร้านค้าชุมชนสะเดา จำกัด" not in applications  # the province decides


def test_a_chair_with_nothing_waiting_is_told_so(login):
    Meeting.objects.filter(status=MeetingStatus.HELD).update(minutes_status="approved")
    Membership.objects.filter(status=MembershipStatus.APPLIED).update(
        status=MembershipStatus.DECLINED,
        decided_on=timezone.localdate(),
        decision_reason="ยังไม่ครบเงื่อนไขการเป็นสมาชิก",
    )
    response = home(login, "rattaphum_chair")
    assert "ไม่มีรายงานการประชุมที่รอคุณรับรอง" in section(response, "minutes-heading")
    assert "ไม่มีใบสมัครที่รอการพิจารณา" in section(response, "applications-heading")


def test_the_federation_sees_what_waits_for_it(login):
    for role in ("prov_coord", "admin"):
        response = home(login, role)
        rounds = section(response, "rounds-heading")
        assert f"{OPEN_ROUND} เปิดรับคำสั่งซื้อ อำเภอส่งแล้ว 1 จาก 16" in rounds
        assert DISTRICT_ROUND not in rounds  # Rattaphum's coordinator runs it
        assert "สหกรณ์ร้านค้าชุมชนสะเดา จำกัด" in section(response, "applications-heading")
        assert KUHA_TAI in section(response, "rosters-heading")  # forwarded by Rattaphum
        assert "ศูนย์อำเภอส่งจังหวัดแล้ว" in section(response, "rosters-heading")
        assert "รายชื่อกลุ่มอำเภอรัตภูมิ" in section(response, "imports-heading")
    # Past its closing time, the round asks to be closed; closed, to be sent.
    fertilizer = PurchaseRound.objects.get(title=OPEN_ROUND)
    PurchaseRound.objects.filter(pk=fertilizer.pk).update(
        closes_at=timezone.now() - datetime.timedelta(hours=1)
    )
    rounds = section(home(login, "prov_marketing"), "rounds-heading")
    assert "เลยเวลาปิดรับแล้ว ปิดรับคำสั่งซื้อ" in rounds
    PurchaseRound.objects.filter(pk=fertilizer.pk).update(status=RoundStatus.CLOSED)
    rounds = section(home(login, "prov_marketing"), "rounds-heading")
    assert "ตรวจคำสั่งซื้อที่อำเภอส่งมา (1 จาก 16) แล้วสั่งซื้อจากผู้จำหน่าย" in rounds


def test_the_federation_with_nothing_waiting_is_told_what_to_do(login):
    PurchaseRound.objects.filter(center__level="provincial").update(status=RoundStatus.SETTLED)
    Roster.objects.update(status=RosterStatus.DRAFT)
    RegistryImport.objects.update(status=ImportStatus.DISCARDED)
    response = home(login, "prov_coord")
    assert "ไม่มีรอบที่กำลังดำเนินการ เปิดรอบใหม่ได้ที่ เปิดรอบการซื้อร่วมใหม่" in section(
        response, "rounds-heading"
    )
    assert "ไม่มีทะเบียนรายชื่อที่รอคุณส่งต่อหรือตรวจ" in section(response, "rosters-heading")
    assert "ไม่มีไฟล์ที่รอยืนยัน" in section(response, "imports-heading")


def test_a_group_representative_sees_the_groups_orders_and_balance(login):
    group = Organization.objects.get(name=KUHA_TAI)
    fertilizer = PurchaseRound.objects.get(title=OPEN_ROUND)
    figures = selectors.round_figures(fertilizer, organizations=[group.pk]).groups[group.pk]
    assert figures.amount > 0
    block = section(home(login, "group_rep"), "group-heading")
    assert f"ยอดเงิน {thai.baht(figures.amount)} · ชำระแล้ว 0.00 บาท" in block
    assert f"ค้างชำระ {thai.baht(figures.amount)}" in block
    assert "ยังไม่มีคำสั่งซื้อของกลุ่มในรอบนี้" in block  # the district's own round
    assert f"ทะเบียนรายชื่อสมาชิกของ{KUHA_TAI}: ศูนย์อำเภอส่งจังหวัดแล้ว" in block

    Payment.objects.create(
        round=fertilizer,
        kind=PaymentKind.GROUP,
        center=district("9009"),
        organization=group,
        paid_on=timezone.localdate(),
        amount=D("100000"),
    )
    block = section(home(login, "group_rep"), "group-heading")
    assert f"ค้างชำระ {thai.baht(figures.amount - D('100000'))}" in block


def test_a_group_with_no_round_under_way_is_told_what_to_do(login):
    PurchaseRound.objects.update(status=RoundStatus.SETTLED)
    block = section(home(login, "group_rep"), "group-heading")
    assert "กลุ่มยังไม่มีคำสั่งซื้อในรอบที่กำลังดำเนินการ" in block
    assert "แจ้งจำนวนที่ต้องการกับผู้ประสานงานศูนย์อำเภอ" in block


def test_an_observer_lands_on_the_figures_without_names(login):
    response = home(login, "observer")
    text = text_of(response)
    assert "ภาพรวมเครือข่าย" in text and "งานของฉัน" not in text
    open_rounds = PurchaseRound.objects.filter(status=RoundStatus.OPEN).count()
    assert f"รอบการซื้อร่วมที่เปิดรับคำสั่งซื้อ {open_rounds} รอบ" in text
    assert "ศูนย์ที่ประชุมประจำเดือนแล้วในเดือนนี้" in text
    assert f"รายงานเดือน{last_month_label()} ศูนย์อำเภอลงนามรับรองแล้ว 0 จาก 16 ศูนย์" in text
    assert "ผูกบัญชีกับบทบาทของคุณ" in text
    for name in ("ประเสริฐ", "บุญเลิศ", KUHA_TAI):
        assert name not in text
    html = response.content.decode()
    assert reverse("report_dashboard") in html
    assert "/network/organizations/" not in html


def test_the_member_count_is_the_network_pages(login):
    network = login("observer").get(reverse("network_home"))
    total = sum(center.active_total for center in network.context["district_centers"])
    text = text_of(home(login, "observer"))
    assert f"องค์กรสมาชิกของศูนย์ประสานงานระดับอำเภอ {total} องค์กร ใน 16 อำเภอ" in text


def test_signing_in_lands_on_the_home_page(client):
    response = client.post(
        reverse("login"), {"username": "rattaphum_coord", "password": "songkhla-demo"}
    )
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert "งานของฉัน" in text_of(client.get(response["Location"]))


# The figures agree with the pages ------------------------------------------------------


def test_a_groups_balance_is_the_round_pages_in_every_state(demo):
    """group_rounds reads many rounds at once; each group's money must be what
    round_figures gives the round page: at the tier reached, for what it receives after a
    short delivery, without the orders a district never submitted."""
    rattaphum, hatyai = district("9009"), district("9011")
    r1, r2 = active_groups(rattaphum)[:2]
    h1 = active_groups(hatyai)[0]
    short = make_round(status=RoundStatus.DELIVERED)
    item = short.items.get()
    order(short, rattaphum, {(r1, item): D("80"), (r2, item): D("40")})
    order(short, hatyai, {(h1, item): D("30")}, status=OrderStatus.DRAFT)  # not submitted
    item.supplied_quantity = D("90")
    item.save()
    Allocation.objects.create(
        round=short, item=item, center=rattaphum, organization=r1, quantity=D("60")
    )
    Allocation.objects.create(
        round=short, item=item, center=rattaphum, organization=r2, quantity=D("30")
    )
    Payment.objects.create(
        round=short, kind=PaymentKind.GROUP, center=rattaphum, organization=r1,
        paid_on=timezone.localdate(), amount=D("1000"),
    )  # fmt: skip
    tiered = make_round(status=RoundStatus.CLOSED)
    item = tiered.items.get()
    order(tiered, rattaphum, {(r1, item): D("70"), (r2, item): D("35")})  # 105 t: the tier
    groups = [r1.pk, r2.pk, h1.pk]
    found = {
        (row.round.pk, row.organization.pk): row
        for row in selectors.group_rounds(PurchaseRound.objects.all(), groups)
    }
    for purchase_round in PurchaseRound.objects.filter(status__in=selectors.UNDER_WAY):
        expected = selectors.round_figures(purchase_round, organizations=groups).groups
        for organization_id in groups:
            row = found.get((purchase_round.pk, organization_id))
            figures = expected.get(organization_id)
            if figures is None:
                assert row is None or row.amount == 0, (purchase_round, organization_id)
                continue
            assert (row.amount, row.paid) == (figures.amount, figures.paid), (
                purchase_round,
                organization_id,
            )
    # 120 t ordered reach the 100 t tier; r1 pays for the 60 t it was allocated.
    assert found[(short.pk, r1.pk)].amount == D("60") * D("14500")
    assert found[(short.pk, h1.pk)].counted is False
    assert found[(tiered.pk, r1.pk)].amount == D("70") * D("14500")  # the tier reached


def test_what_waits_for_a_user_is_always_theirs_to_do(demo):
    """The home page's 'whose turn' never offers more than the policy's 'may'."""
    from centers.models import Center

    rounds = list(PurchaseRound.objects.select_related("center"))
    centers = list(Center.objects.all())
    rosters = list(Roster.objects.select_related("organization"))
    for username in SIGNED_IN:
        user = User.objects.get(username=username)
        for purchase_round in access.rounds_run_by(user).select_related("center"):
            assert access.manages_round(user, purchase_round), (username, purchase_round)
        for center in access.order_centers(user):
            assert access.may_submit_order(user, center), (username, center)
        for center in access.signing_centers(user):
            assert access.may_sign_report(user, center), (username, center)
        for center in access.application_queue_centers(user):
            assert access.may_decide_application(user, center), (username, center)
        waiting = set(Roster.objects.filter(access.rosters_waiting_for(user)))
        for roster in rosters:
            if roster in waiting:
                organization = roster.organization
                assert access.may_forward_roster(user, organization) or access.may_return_roster(
                    user, organization, roster.status
                ), (username, roster)
        for committee in access.own_committees(user):
            assert access.committee_decision(user, committee) is access.Decision.ALLOW
        assert len(rounds) and len(centers)


# Queries -------------------------------------------------------------------------------


def grow(count: int) -> None:
    """More of everything the home page lists, for every role."""
    rattaphum, hatyai = district("9009"), district("9011")
    kuha_tai = Organization.objects.get(name=KUHA_TAI)
    admin = User.objects.get(username="admin")
    groups = active_groups(rattaphum)
    board = Committee.objects.get(name=RATTAPHUM_BOARD)
    marketing = Committee.objects.get(name="คณะอนุกรรมการฝ่ายการตลาด")
    for index in range(count):
        provincial = make_round(center=province())
        item = provincial.items.get()
        order(provincial, rattaphum, {(group, item): D("2") for group in groups}, OrderStatus.DRAFT)
        order(provincial, hatyai, {(active_groups(hatyai)[0], item): D("3")})
        Payment.objects.create(
            round=provincial, kind=PaymentKind.GROUP, center=rattaphum, organization=kuha_tai,
            paid_on=timezone.localdate(), amount=D("10"),
        )  # fmt: skip
        own = make_round(center=rattaphum, status=RoundStatus.ORDERED)
        order(own, rattaphum, {(kuha_tai, own.items.get()): D("4")})
        for committee in (board, marketing):
            held = meeting_services.create_meeting(
                committee, timezone.now() - datetime.timedelta(days=40 + index), "ห้องประชุม", admin
            )
            Meeting.objects.filter(pk=held.pk).update(status=MeetingStatus.HELD)
            meeting_services.create_meeting(
                committee, timezone.now() + datetime.timedelta(days=20 + index), "ห้องประชุม", admin
            )
        for center in (rattaphum, province()):
            MembershipFactory(
                center=center,
                status=MembershipStatus.APPLIED,
                organization=OrganizationFactory(district=district_of("9009")),
            )
        for status in (RosterStatus.SUBMITTED, RosterStatus.FORWARDED):
            Roster.objects.create(
                organization=OrganizationFactory(district=district_of("9009")), status=status
            )
        RegistryImport.objects.create(
            source="cooperative_office", file="registry/test.xlsx", file_name=f"ทะเบียน {index}.xlsx"
        )


def queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("home"))
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("role", SIGNED_IN)
def test_the_home_page_runs_a_constant_number_of_queries(login, role):
    client = login(role)
    grow(1)
    small = queries(client)
    grow(6)
    large = queries(client)
    assert small == large, f"{role}: {small} queries with little data, {large} with more"
    assert large <= 25


def test_a_coordinator_whose_center_has_no_committee_is_told_who_adds_one(login):
    Committee.objects.filter(center=district("9011")).delete()
    meetings = section(home(login, "hatyai_coord"), "meetings-heading")
    assert "ศูนย์ของคุณยังไม่มีคณะกรรมการ ผู้ดูแลระบบเพิ่มได้ที่หน้าผู้ดูแลระบบ" in meetings
