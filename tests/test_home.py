"""The home page: every role lands where its work is, each block says what to do when it
is empty, the figures agree with the pages they summarise, and the page runs a constant
number of queries. Each test builds the centers, rounds, meetings and users it needs
(tests/factories); the demo's cast is tests/demo/test_home_demo.py."""

import datetime
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from centers.models import Committee, MembershipStatus
from centers.selectors import district_centers_with_counts
from meetings import services as meeting_services
from meetings.models import Meeting, MeetingStatus
from members.registry.models import ImportStatus, RegistryImport
from members.rosters.models import Roster, RosterStatus
from reports.figures import previous_month
from songkhla_network import thai
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

from .factories import (
    FIVE_SEATS,
    CommitteeFactory,
    CommitteeMembershipFactory,
    DistrictCenterFactory,
    MeetingFactory,
    MembershipFactory,
    OrganizationFactory,
    PaymentFactory,
    PurchaseRoundFactory,
    ReportSignOffFactory,
    RosterFactory,
    UserFactory,
    admin_user,
    at,
    chair_user,
    member_groups,
    order,
    province,
    representative_user,
    seat_user,
    staff_user,
)

D = Decimal
pytestmark = pytest.mark.usefixtures("demo")
OPEN_ROUND = "ซื้อปุ๋ยร่วมกัน รอบทดสอบหน้าแรก"  # provincial, open (built by each test)
DISTRICT_ROUND = "ซื้อน้ำกรดฟอร์มิกร่วมกัน รอบทดสอบของอำเภอ"  # a district's own, open
ROLES = [
    "admin", "prov_marketing", "prov_coord", "district_coord", "district_chair",
    "other_coord", "group_rep", "observer",
]  # fmt: skip


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


@pytest.fixture
def home(client):
    """home(user): the home page as `user` sees it."""

    def _home(user):
        client.force_login(user)
        response = client.get(reverse("home"))
        assert response.status_code == 200
        return response

    return _home


def last_month_label() -> str:
    today = timezone.localdate()
    year, month = previous_month(today.year, today.month)
    return f"{thai.MONTHS_LONG[month - 1]} {year + thai.BE_OFFSET}"


def marketing_user():
    """The chair of the provincial marketing subcommittee."""
    committee = CommitteeFactory(center=province(), kind="marketing", seats=FIVE_SEATS)
    return seat_user(committee, "chair")


def district_count() -> int:
    """The number of district centers in the network (the home page's 'of N')."""
    return len(district_centers_with_counts())


# Each role's landing -------------------------------------------------------------------


def test_a_coordinator_sees_the_open_rounds_with_deadlines_and_the_orders_state(home):
    center, other = DistrictCenterFactory(), DistrictCenterFactory()
    groups = member_groups(center, 7)
    fertilizer = PurchaseRoundFactory(title=OPEN_ROUND)
    item = fertilizer.items.get()
    order(fertilizer, center, {(g, item): D("5") for g in groups[:4]}, OrderStatus.DRAFT)
    order(fertilizer, other, {(member_groups(other, 1)[0], item): D("3")})
    PurchaseRoundFactory(title=DISTRICT_ROUND, center=center)
    coordinator, other_coordinator = staff_user(center), staff_user(other)

    response = home(coordinator)
    orders = section(response, "orders-heading")
    deadline = thai.be_datetime(fertilizer.closes_at)
    name = center.district.name
    assert f"{OPEN_ROUND} · อำเภอ{name} กำลังบันทึก กลุ่มที่สั่งแล้ว 4 จาก 7 กลุ่ม" in orders
    assert f"ปิดรับ {deadline}" in orders
    assert "ส่งคำสั่งซื้อให้ศูนย์จังหวัดก่อนปิดรับ" in orders
    assert DISTRICT_ROUND in orders  # the district's own round too
    assert "ยืนยันคำสั่งซื้อของอำเภอก่อนปิดรับ" in orders
    entry = reverse("purchase_order_entry", args=[fertilizer.pk, center.district.code])
    assert f'href="{entry}"' in response.content.decode()

    elsewhere = section(home(other_coordinator), "orders-heading")
    assert f"{OPEN_ROUND} · อำเภอ{other.district.name} ส่งศูนย์จังหวัดแล้ว" in elsewhere
    assert DISTRICT_ROUND not in elsewhere  # the other district's own round is not its


def test_a_returned_order_says_why_and_a_closed_round_leaves_the_list(home):
    center = DistrictCenterFactory()
    fertilizer = PurchaseRoundFactory(title=OPEN_ROUND)
    order(fertilizer, center, {(member_groups(center, 1)[0], fertilizer.items.get()): D("3")})
    coordinator = staff_user(center)
    DistrictOrder.objects.filter(round=fertilizer, center=center).update(
        status=OrderStatus.RETURNED, returned_reason="จำนวนปุ๋ยของกลุ่มบ้านฉลุงเกินที่ตกลง"
    )
    orders = section(home(coordinator), "orders-heading")
    assert "ส่งคืนให้แก้ไข" in orders
    assert "ส่งคืนให้แก้ไขเพราะ จำนวนปุ๋ยของกลุ่มบ้านฉลุงเกินที่ตกลง" in orders

    PurchaseRound.objects.filter(status=RoundStatus.OPEN).update(status=RoundStatus.CLOSED)
    orders = section(home(coordinator), "orders-heading")
    assert "ตอนนี้ไม่มีรอบที่เปิดรับคำสั่งซื้อจากอำเภอของคุณ" in orders


def test_a_coordinator_sees_the_meetings_to_prepare(home):
    center = DistrictCenterFactory()
    board = CommitteeFactory(center=center, seats=FIVE_SEATS)
    coordinator, chair = staff_user(center), chair_user(center)
    # A meeting five days ago, still marked scheduled.
    overdue = MeetingFactory(committee=board, starts_at=timezone.now() - datetime.timedelta(days=5))
    meetings = section(home(coordinator), "meetings-heading")
    assert board.name in meetings
    assert overdue.starts_at < timezone.now()
    assert f"เลยวันนัดแล้ว {overdue.title_number}" in meetings
    assert "บันทึกการมาประชุมและรายงานการประชุม หรือยกเลิก" in meetings
    assert "ยังไม่ได้นัดประชุมครั้งถัดไป นัดประชุมได้ที่หน้าคณะกรรมการ" in meetings

    starts = timezone.now() + datetime.timedelta(days=10)
    meeting = meeting_services.create_meeting(board, starts, "ห้องประชุมสหกรณ์", admin_user())
    meetings = section(home(coordinator), "meetings-heading")
    assert f"ครั้งถัดไป {meeting.title_number} {thai.be_datetime(starts)}" in meetings
    assert "เตรียมวาระและเอกสารก่อนประชุม" in meetings
    chairs = section(home(chair), "meetings-heading")
    assert f"ครั้งถัดไป {meeting.title_number}" in chairs
    assert "เตรียมวาระ" not in chairs  # the chair does not prepare


def test_a_chair_sees_the_minutes_to_approve_and_the_months_to_sign(home):
    center = DistrictCenterFactory()
    board = CommitteeFactory(center=center, seats=FIVE_SEATS)
    chair = chair_user(center)
    draft = MeetingFactory(committee=board, starts_at=at(2026, 11, 10), present=5)
    applying = MembershipFactory(center=center, status=MembershipStatus.APPLIED).organization
    to_province = MembershipFactory(center=province(), status=MembershipStatus.APPLIED)
    response = home(chair)
    minutes = section(response, "minutes-heading")
    assert draft.status == MeetingStatus.HELD and draft.minutes_status == "draft"
    assert f"{board.name} {draft.title_number}" in minutes
    assert f'href="{draft.get_absolute_url()}"' in response.content.decode()

    signoff = section(response, "signoff-heading")
    assert f"เดือน{last_month_label()} {center.name}" in signoff
    today = timezone.localdate()
    year, month = previous_month(today.year, today.month)
    ReportSignOffFactory(center=center, year=year, month=month, by=chair)
    assert last_month_label() not in section(home(chair), "signoff-heading")

    applications = section(response, "applications-heading")
    assert applying.name in applications
    assert to_province.organization.name not in applications  # the province decides


def test_a_chair_with_nothing_waiting_is_told_so(home):
    center = DistrictCenterFactory()
    board = CommitteeFactory(center=center, seats=FIVE_SEATS)
    chair = chair_user(center)
    MeetingFactory(committee=board, starts_at=at(2026, 11, 10), present=5, minutes="approved")
    MembershipFactory(center=center, status=MembershipStatus.DECLINED)
    response = home(chair)
    assert "ไม่มีรายงานการประชุมที่รอคุณรับรอง" in section(response, "minutes-heading")
    assert "ไม่มีใบสมัครที่รอการพิจารณา" in section(response, "applications-heading")


def test_the_federation_sees_what_waits_for_it(home):
    center, other = DistrictCenterFactory(), DistrictCenterFactory()
    fertilizer = PurchaseRoundFactory(title=OPEN_ROUND)
    order(fertilizer, center, {(member_groups(center, 1)[0], fertilizer.items.get()): D("3")})
    PurchaseRoundFactory(title=DISTRICT_ROUND, center=other)  # its coordinator runs it
    applicant = MembershipFactory(center=province(), status=MembershipStatus.APPLIED)
    forwarded = RosterFactory(organization=member_groups(center, 1)[0], status="forwarded")
    RegistryImport.objects.create(
        source="cooperative_office",
        file="registry/test.xlsx",
        file_name="รายชื่อกลุ่มทดสอบหน้าแรก.xlsx",
    )
    districts = district_count()
    for user in (staff_user(province()), admin_user()):
        response = home(user)
        rounds = section(response, "rounds-heading")
        assert f"{OPEN_ROUND} เปิดรับคำสั่งซื้อ อำเภอส่งแล้ว 1 จาก {districts}" in rounds
        assert DISTRICT_ROUND not in rounds  # the district's coordinator runs it
        assert applicant.organization.name in section(response, "applications-heading")
        rosters = section(response, "rosters-heading")
        assert forwarded.organization.name in rosters  # forwarded by its district
        assert "ศูนย์อำเภอส่งจังหวัดแล้ว" in rosters
        assert "รายชื่อกลุ่มทดสอบหน้าแรก" in section(response, "imports-heading")
    # Past its closing time, the round asks to be closed; closed, to be sent.
    marketing = marketing_user()
    PurchaseRound.objects.filter(pk=fertilizer.pk).update(
        closes_at=timezone.now() - datetime.timedelta(hours=1)
    )
    rounds = section(home(marketing), "rounds-heading")
    assert "เลยเวลาปิดรับแล้ว ปิดรับคำสั่งซื้อ" in rounds
    PurchaseRound.objects.filter(pk=fertilizer.pk).update(status=RoundStatus.CLOSED)
    rounds = section(home(marketing), "rounds-heading")
    assert f"ตรวจคำสั่งซื้อที่อำเภอส่งมา (1 จาก {districts}) แล้วสั่งซื้อจากผู้จำหน่าย" in rounds


def test_the_federation_with_nothing_waiting_is_told_what_to_do(home):
    PurchaseRound.objects.filter(center__level="provincial").update(status=RoundStatus.SETTLED)
    Roster.objects.update(status=RosterStatus.DRAFT)
    RegistryImport.objects.update(status=ImportStatus.DISCARDED)
    response = home(staff_user(province()))
    assert "ไม่มีรอบที่กำลังดำเนินการ เปิดรอบใหม่ได้ที่ เปิดรอบการซื้อร่วมใหม่" in section(
        response, "rounds-heading"
    )
    assert "ไม่มีทะเบียนรายชื่อที่รอคุณส่งต่อหรือตรวจ" in section(response, "rosters-heading")
    assert "ไม่มีไฟล์ที่รอยืนยัน" in section(response, "imports-heading")


def test_a_group_representative_sees_the_groups_orders_and_balance(home):
    center = DistrictCenterFactory()
    group, neighbour = member_groups(center, 2)
    fertilizer = PurchaseRoundFactory(title=OPEN_ROUND)
    item = fertilizer.items.get()
    order(fertilizer, center, {(group, item): D("12"), (neighbour, item): D("3")})
    PurchaseRoundFactory(title=DISTRICT_ROUND, center=center)  # the group orders nothing
    RosterFactory(organization=group, status="forwarded")
    representative = representative_user(group)
    figures = selectors.round_figures(fertilizer, organizations=[group.pk]).groups[group.pk]
    assert figures.amount > 0
    block = section(home(representative), "group-heading")
    assert f"ยอดเงิน {thai.baht(figures.amount)} · ชำระแล้ว 0.00 บาท" in block
    assert f"ค้างชำระ {thai.baht(figures.amount)}" in block
    assert "ยังไม่มีคำสั่งซื้อของกลุ่มในรอบนี้" in block  # the district's own round
    assert f"ทะเบียนรายชื่อสมาชิกของ{group.name}: ศูนย์อำเภอส่งจังหวัดแล้ว" in block

    PaymentFactory(
        round=fertilizer, center=center, organization=group, amount=D("100000")
    )  # a group payment, today
    block = section(home(representative), "group-heading")
    assert f"ค้างชำระ {thai.baht(figures.amount - D('100000'))}" in block


def test_a_group_with_no_round_under_way_is_told_what_to_do(home):
    center = DistrictCenterFactory()
    group = member_groups(center, 1)[0]
    fertilizer = PurchaseRoundFactory(title=OPEN_ROUND)
    order(fertilizer, center, {(group, fertilizer.items.get()): D("3")})
    PurchaseRound.objects.update(status=RoundStatus.SETTLED)
    block = section(home(representative_user(group)), "group-heading")
    assert "กลุ่มยังไม่มีคำสั่งซื้อในรอบที่กำลังดำเนินการ" in block
    assert "แจ้งจำนวนที่ต้องการกับผู้ประสานงานศูนย์อำเภอ" in block


def test_an_observer_lands_on_the_figures_without_names(home):
    center = DistrictCenterFactory()
    group = member_groups(center, 1, name="กลุ่มออมทรัพย์บ้านลับตาทดสอบ")[0]
    CommitteeMembershipFactory(
        committee=CommitteeFactory(center=center),
        position="chair",
        person__first_name="ประเสริฐศักดิ์",
        person__last_name="นามลับ",
    )
    PurchaseRoundFactory(title=OPEN_ROUND)
    response = home(UserFactory())  # no role at all
    text = text_of(response)
    assert "ภาพรวมเครือข่าย" in text and "งานของฉัน" not in text
    open_rounds = PurchaseRound.objects.filter(status=RoundStatus.OPEN).count()
    assert f"รอบการซื้อร่วมที่เปิดรับคำสั่งซื้อ {open_rounds} รอบ" in text
    assert "ศูนย์ที่ประชุมประจำเดือนแล้วในเดือนนี้" in text
    signed = f"ศูนย์อำเภอลงนามรับรองแล้ว 0 จาก {district_count()} ศูนย์"
    assert f"รายงานเดือน{last_month_label()} {signed}" in text
    assert "ผูกบัญชีกับบทบาทของคุณ" in text
    for name in ("ประเสริฐศักดิ์", "นามลับ", group.name):
        assert name not in text
    html = response.content.decode()
    assert reverse("report_dashboard") in html
    assert "/network/organizations/" not in html


def test_the_member_count_is_the_network_pages(client, home):
    member_groups(DistrictCenterFactory(), 3)
    observer = UserFactory()
    client.force_login(observer)
    network = client.get(reverse("network_home"))
    total = sum(center.active_total for center in network.context["district_centers"])
    districts = len(network.context["district_centers"])
    text = text_of(home(observer))
    assert f"องค์กรสมาชิกของศูนย์ประสานงานระดับอำเภอ {total} องค์กร ใน {districts} อำเภอ" in text


def test_signing_in_lands_on_the_home_page(client):
    coordinator = staff_user(DistrictCenterFactory(), username="coord_signs_in")
    coordinator.set_password("songkhla-test")
    coordinator.save()
    response = client.post(
        reverse("login"), {"username": "coord_signs_in", "password": "songkhla-test"}
    )
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert "งานของฉัน" in text_of(client.get(response["Location"]))


# The figures agree with the pages ------------------------------------------------------


def test_a_groups_balance_is_the_round_pages_in_every_state(demo):
    """group_rounds reads many rounds at once; each group's money must be what
    round_figures gives the round page: at the tier reached, for what it receives after a
    short delivery, without the orders a district never submitted."""
    first, second = DistrictCenterFactory(), DistrictCenterFactory()
    r1, r2 = member_groups(first, 2)
    (h1,) = member_groups(second, 1)
    short = PurchaseRoundFactory(status=RoundStatus.DELIVERED)
    item = short.items.get()
    order(short, first, {(r1, item): D("80"), (r2, item): D("40")})
    order(short, second, {(h1, item): D("30")}, status=OrderStatus.DRAFT)  # not submitted
    item.supplied_quantity = D("90")
    item.save()
    Allocation.objects.create(
        round=short, item=item, center=first, organization=r1, quantity=D("60")
    )
    Allocation.objects.create(
        round=short, item=item, center=first, organization=r2, quantity=D("30")
    )
    Payment.objects.create(
        round=short, kind=PaymentKind.GROUP, center=first, organization=r1,
        paid_on=timezone.localdate(), amount=D("1000"),
    )  # fmt: skip
    tiered = PurchaseRoundFactory(status=RoundStatus.CLOSED)
    item = tiered.items.get()
    order(tiered, first, {(r1, item): D("70"), (r2, item): D("35")})  # 105 t: the tier
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


# Queries -------------------------------------------------------------------------------


@pytest.fixture
def cast():
    """A user of each kind, with the centers, committees and group they work in: two
    district centers (the first with its executive committee and five active groups) and
    the provincial marketing subcommittee."""
    center, other = DistrictCenterFactory(), DistrictCenterFactory()
    groups = member_groups(center, 5)
    member_groups(other, 2)
    board = CommitteeFactory(center=center, seats=FIVE_SEATS)
    marketing = CommitteeFactory(center=province(), kind="marketing", seats=FIVE_SEATS)
    users = {
        "admin": admin_user(),
        "prov_marketing": seat_user(marketing, "chair"),
        "prov_coord": staff_user(province()),
        "district_coord": staff_user(center),
        "district_chair": chair_user(center),
        "other_coord": staff_user(other),
        "group_rep": representative_user(groups[0]),
        "observer": UserFactory(),
    }
    assert set(users) == set(ROLES)
    return {
        "center": center,
        "other": other,
        "groups": groups,
        "board": board,
        "marketing": marketing,
        "users": users,
    }


def grow(cast, count: int) -> None:
    """More of everything the home page lists, for every role."""
    center, other, groups = cast["center"], cast["other"], cast["groups"]
    represented = groups[0]
    admin = cast["users"]["admin"]
    other_group = other.memberships.filter(status=MembershipStatus.ACTIVE).first().organization
    for index in range(count):
        provincial = PurchaseRoundFactory()
        item = provincial.items.get()
        order(provincial, center, {(group, item): D("2") for group in groups}, OrderStatus.DRAFT)
        order(provincial, other, {(other_group, item): D("3")})
        Payment.objects.create(
            round=provincial, kind=PaymentKind.GROUP, center=center, organization=represented,
            paid_on=timezone.localdate(), amount=D("10"),
        )  # fmt: skip
        own = PurchaseRoundFactory(center=center, status=RoundStatus.ORDERED)
        order(own, center, {(represented, own.items.get()): D("4")})
        for committee in (cast["board"], cast["marketing"]):
            held = meeting_services.create_meeting(
                committee, timezone.now() - datetime.timedelta(days=40 + index), "ห้องประชุม", admin
            )
            Meeting.objects.filter(pk=held.pk).update(status=MeetingStatus.HELD)
            meeting_services.create_meeting(
                committee, timezone.now() + datetime.timedelta(days=20 + index), "ห้องประชุม", admin
            )
        for applied_to in (center, province()):
            MembershipFactory(
                center=applied_to,
                status=MembershipStatus.APPLIED,
                organization=OrganizationFactory(district=center.district),
            )
        for status in (RosterStatus.SUBMITTED, RosterStatus.FORWARDED):
            RosterFactory(
                organization=MembershipFactory(
                    center=center, organization__district=center.district
                ).organization,
                status=status,
            )
        RegistryImport.objects.create(
            source="cooperative_office", file="registry/test.xlsx", file_name=f"ทะเบียน {index}.xlsx"
        )


def queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("home"))
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("role", ROLES)
def test_the_home_page_runs_a_constant_number_of_queries(client, cast, role):
    client.force_login(cast["users"][role])
    grow(cast, 1)
    small = queries(client)
    grow(cast, 6)
    large = queries(client)
    assert small == large, f"{role}: {small} queries with little data, {large} with more"
    assert large <= 25


def test_a_coordinator_whose_center_has_no_committee_is_told_who_adds_one(home):
    center = DistrictCenterFactory()
    Committee.objects.filter(center=center).delete()  # (a new center has none)
    meetings = section(home(staff_user(center)), "meetings-heading")
    assert "ศูนย์ของคุณยังไม่มีคณะกรรมการ ผู้ดูแลระบบเพิ่มได้ที่หน้าผู้ดูแลระบบ" in meetings
