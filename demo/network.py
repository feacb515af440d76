"""The demo network: the people every test, demo and new contributor meets.

Idempotent: every row is found by its natural key and brought to the values
below, so running it twice changes nothing.
"""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model

from centers.models import (
    Center,
    CenterLevel,
    Committee,
    CommitteeKind,
    CommitteeMembership,
    Membership,
    MembershipStatus,
    PlanningRecord,
    Position,
    StaffAssignment,
)
from members.models import District, Organization, OrganizationKind, Person, Representative
from members.reference import load_districts
from transactions.catalogue.models import Partner, PartnerLocation, PartnerRole, Support

from .records import upsert

DEMO_PASSWORD = "songkhla-demo"
FEDERATION_NAME = "ชุมนุมสหกรณ์การเกษตรสงขลา จำกัด"
PROVINCIAL_CENTER_NAME = "ศูนย์ประสานงานเครือข่ายองค์กรประชาชนระดับจังหวัดสงขลา"

# The current committee term: 1 ม.ค. 2568 – 31 ธ.ค. 2570.
TERM_START = datetime.date(2025, 1, 1)
TERM_END = datetime.date(2027, 12, 31)
# The previous term, ended.
OLD_TERM_START = datetime.date(2023, 1, 1)
OLD_TERM_END = datetime.date(2024, 12, 31)

K = OrganizationKind
S = MembershipStatus

# (name, kind, status, registration number, members) per pilot district.
RATTAPHUM_GROUPS = [
    ("สหกรณ์กองทุนสวนยางบ้านท่าชะมวง จำกัด", K.RUBBER_FUND_COOP, S.ACTIVE, "สข.0921/2540", 148),
    ("สหกรณ์กองทุนสวนยางบ้านควนรู จำกัด", K.RUBBER_FUND_COOP, S.ACTIVE, "สข.0934/2541", 112),
    ("สหกรณ์กองทุนสวนยางเขาพระพัฒนา จำกัด", K.RUBBER_FUND_COOP, S.APPLIED, "สข.0957/2543", 86),
    ("กลุ่มออมทรัพย์เพื่อการผลิตบ้านคูหาใต้", K.SAVINGS_GROUP, S.ACTIVE, "", 230),
    ("กลุ่มออมทรัพย์เพื่อการผลิตบ้านกำแพงเพชร", K.SAVINGS_GROUP, S.ACTIVE, "", 175),
    ("กลุ่มออมทรัพย์เพื่อการผลิตบ้านทุ่งโพธิ์", K.SAVINGS_GROUP, S.SUSPENDED, "", 64),
    ("กลุ่มแม่บ้านเกษตรกรบ้านท่าชะมวง", K.HOUSEWIFE_GROUP, S.ACTIVE, "", 35),
    ("กลุ่มแม่บ้านเกษตรกรบ้านควนรู", K.HOUSEWIFE_GROUP, S.ACTIVE, "", 28),
    ("กลุ่มแม่บ้านเกษตรกรบ้านเขาพระ", K.HOUSEWIFE_GROUP, S.LEFT, "", 19),
    ("กลุ่มผู้เลี้ยงโคพื้นเมืองรัตภูมิ", K.OTHER_GROUP, S.ACTIVE, "", 42),
    ("กลุ่มปลูกผักปลอดสารพิษบ้านคูหาใต้", K.OTHER_GROUP, S.APPLIED, "", 23),
]
HATYAI_GROUPS = [
    ("สหกรณ์กองทุนสวนยางบ้านทุ่งตำเสา จำกัด", K.RUBBER_FUND_COOP, S.ACTIVE, "สข.0812/2539", 167),
    ("สหกรณ์กองทุนสวนยางบ้านพรุ จำกัด", K.RUBBER_FUND_COOP, S.ACTIVE, "สข.0845/2542", 121),
    ("กลุ่มออมทรัพย์เพื่อการผลิตบ้านคลองแห", K.SAVINGS_GROUP, S.ACTIVE, "", 310),
    ("กลุ่มออมทรัพย์เพื่อการผลิตบ้านพะตง", K.SAVINGS_GROUP, S.APPLIED, "", 96),
    ("กลุ่มแม่บ้านเกษตรกรบ้านฉลุง", K.HOUSEWIFE_GROUP, S.ACTIVE, "", 31),
    ("กลุ่มแม่บ้านเกษตรกรบ้านน้ำน้อย", K.HOUSEWIFE_GROUP, S.ACTIVE, "", 26),
    ("กลุ่มวิสาหกิจชุมชนแปรรูปยางบ้านท่าข้าม", K.OTHER_GROUP, S.ACTIVE, "", 38),
    ("กลุ่มเลี้ยงผึ้งชันโรงบ้านคูเต่า", K.OTHER_GROUP, S.APPLIED, "", 17),
]
PROVINCIAL_MEMBERS = [
    ("สหกรณ์ออมทรัพย์ครูสงขลา จำกัด", K.SAVINGS_COOP, "9001", S.ACTIVE, "สข.0012/2503", 9850),
    ("สหกรณ์ออมทรัพย์พนักงานยางพาราสงขลา จำกัด", K.SAVINGS_COOP, "9011", S.ACTIVE, "สข.0488/2530", 1240),
    ("สหกรณ์ร้านค้าชาวสวนยางหาดใหญ่ จำกัด", K.SHOP_COOP, "9011", S.ACTIVE, "สข.0603/2535", 870),
    ("สหกรณ์ร้านค้าชุมชนสะเดา จำกัด", K.SHOP_COOP, "9010", S.APPLIED, "สข.0711/2538", 430),
]

# (username, first name, last name, staff/superuser)
USERS = [
    ("admin", "สมศักดิ์", "ผู้ดูแลระบบ", True),
    ("prov_marketing", "วิไลวรรณ", "ศรีสุวรรณ", False),
    ("prov_coord", "ประพันธ์", "แก้วมณี", False),
    ("rattaphum_coord", "สุนิสา", "ทองคำ", False),
    ("rattaphum_chair", "บุญเลิศ", "ชูช่วย", False),
    ("hatyai_coord", "อนุชา", "หมัดอาหลี", False),
    ("group_rep", "จันทร์เพ็ญ", "ขาวสะอาด", False),
    ("observer", "ดร.ปิยะนุช", "วงศ์วิทยา", False),
]


def _organization(name, kind, district, registration_number="", member_count=None, **extra):
    organization = upsert(
        Organization,
        name=name,
        defaults={
            "kind": kind,
            "district": district,
            "registration_number": registration_number,
            "member_count": member_count,
            **extra,
        },
    )
    return organization


def _membership(organization, center, status, applied_on):
    joined = applied_on + datetime.timedelta(days=30)
    values = {
        "status": status,
        "applied_on": applied_on,
        "joined_on": None if status == S.APPLIED else joined,
        "decided_on": None if status == S.APPLIED else joined,
        "mou_signed_on": None if status == S.APPLIED else joined,
        "left_on": joined + datetime.timedelta(days=400) if status == S.LEFT else None,
    }
    return upsert(Membership, values, organization=organization, center=center)


def _person(title, first_name, last_name, organization, phone=""):
    person = upsert(
        Person,
        first_name=first_name,
        last_name=last_name,
        defaults={"title": title, "organization": organization, "phone": phone},
    )
    return person


def _seat(committee, person, position, start=TERM_START, end=TERM_END):
    seat = upsert(
        CommitteeMembership,
        committee=committee,
        person=person,
        term_start=start,
        defaults={"position": position, "term_end": end},
    )
    return seat


def _committee(center, kind, name):
    committee = upsert(Committee, center=center, name=name, defaults={"kind": kind})
    return committee


def _center(level, name, host, parent=None, district=None, founded_on=None):
    center = upsert(
        Center,
        host=host,
        defaults={
            "level": level,
            "name": name,
            "parent": parent,
            "district": district,
            "founded_on": founded_on,
        },
    )
    return center


def seed_network() -> tuple[dict, Center, dict]:
    """The districts' centers, member groups, committees and demo accounts: returns the
    accounts by username, the provincial center and the district centers by code."""
    load_districts(District)  # a flushed test database has lost the migration's rows
    districts = {district.code: district for district in District.objects.all()}
    mueang, rattaphum, hatyai = districts["9001"], districts["9009"], districts["9011"]

    federation = _organization(
        FEDERATION_NAME,
        K.FEDERATION,
        mueang,
        "สข.0001/2518",
        None,
        address="ถนนรามวิถี ตำบลบ่อยาง อำเภอเมืองสงขลา จังหวัดสงขลา 90000",
        phone="074-311234",
        founded_on=datetime.date(1975, 6, 1),
    )
    province = _center(
        CenterLevel.PROVINCIAL,
        PROVINCIAL_CENTER_NAME,
        federation,
        founded_on=datetime.date(2004, 3, 1),
    )

    district_centers = {}
    for index, (code, district) in enumerate(sorted(districts.items())):
        host = _organization(
            f"สหกรณ์การเกษตร{district.name} จำกัด",
            K.AGRICULTURAL_COOP,
            district,
            f"สข.{100 + index:04d}/2520",
            800 + 97 * index,
        )
        center = _center(
            CenterLevel.DISTRICT,
            f"ศูนย์ประสานงานเครือข่ายระดับอำเภอ{district.name}",
            host,
            parent=province,
            district=district,
            founded_on=datetime.date(2004, 5, 1),
        )
        district_centers[code] = center
        # The district center's MOU with the province, through its host cooperative.
        _membership(host, province, S.ACTIVE, datetime.date(2004, 5, 1))

    for name, kind, code, status, number, members in PROVINCIAL_MEMBERS:
        organization = _organization(name, kind, districts[code], number, members)
        _membership(organization, province, status, datetime.date(2005, 2, 1))

    groups = {}
    for district, rows in ((rattaphum, RATTAPHUM_GROUPS), (hatyai, HATYAI_GROUPS)):
        for name, kind, status, number, members in rows:
            organization = _organization(name, kind, district, number, members)
            _membership(
                organization, district_centers[district.code], status, datetime.date(2004, 5, 15)
            )
            groups[name] = organization

    rattaphum_center = district_centers["9009"]
    hatyai_center = district_centers["9011"]

    # Provincial committees.
    board = _committee(province, CommitteeKind.EXECUTIVE, "คณะกรรมการศูนย์ประสานงานเครือข่ายระดับจังหวัด")
    marketing = _committee(province, CommitteeKind.MARKETING, "คณะอนุกรรมการฝ่ายการตลาด")
    teachers = Organization.objects.get(name="สหกรณ์ออมทรัพย์ครูสงขลา จำกัด")
    rattaphum_coop = rattaphum_center.host
    hatyai_coop = hatyai_center.host
    _seat(board, _person("นาย", "ประเสริฐ", "รัตนพันธ์", federation, "081-234-5601"), Position.CHAIR)
    _seat(board, _person("นาง", "สุภาพร", "เพชรรัตน์", teachers, "081-234-5602"), Position.VICE_CHAIR)
    _seat(board, _person("นาย", "ประพันธ์", "แก้วมณี", federation, "081-234-5603"), Position.SECRETARY)
    _seat(
        board, _person("นาย", "สมชาย", "อินทร์แก้ว", rattaphum_coop, "081-234-5604"), Position.MEMBER
    )
    _seat(board, _person("นาย", "มานพ", "ดำแก้ว", hatyai_coop, "081-234-5605"), Position.MEMBER)
    _seat(
        board,
        _person("นาย", "เจริญ", "ศักดิ์สิทธิ์", federation, "081-234-5606"),
        Position.CHAIR,
        OLD_TERM_START,
        OLD_TERM_END,
    )
    _seat(
        marketing, _person("นาง", "วิไลวรรณ", "ศรีสุวรรณ", federation, "081-234-5611"), Position.CHAIR
    )
    _seat(
        marketing,
        _person("นาย", "สมชาย", "อินทร์แก้ว", rattaphum_coop, "081-234-5604"),
        Position.MEMBER,
    )
    _seat(
        marketing, _person("นาย", "มานพ", "ดำแก้ว", hatyai_coop, "081-234-5605"), Position.SECRETARY
    )

    # District committees: leaders of the member groups of the district.
    rattaphum_board = _committee(
        rattaphum_center, CommitteeKind.EXECUTIVE, "คณะกรรมการบริหารศูนย์ฯ อำเภอรัตภูมิ"
    )
    _seat(
        rattaphum_board,
        _person("นาย", "บุญเลิศ", "ชูช่วย", groups[RATTAPHUM_GROUPS[0][0]], "089-765-4301"),
        Position.CHAIR,
    )
    _seat(
        rattaphum_board,
        _person("นาง", "สมศรี", "แก้วประดิษฐ์", groups[RATTAPHUM_GROUPS[4][0]], "089-765-4302"),
        Position.VICE_CHAIR,
    )
    _seat(
        rattaphum_board,
        _person("นางสาว", "สุนิสา", "ทองคำ", rattaphum_coop, "089-765-4303"),
        Position.SECRETARY,
    )
    _seat(
        rattaphum_board,
        _person("นาง", "อำไพ", "สุขเกษม", groups[RATTAPHUM_GROUPS[6][0]], "089-765-4304"),
        Position.TREASURER,
    )
    _seat(
        rattaphum_board,
        _person("นาย", "สุรินทร์", "หนูนุ่ม", groups[RATTAPHUM_GROUPS[1][0]], "089-765-4305"),
        Position.MEMBER,
    )
    _seat(
        rattaphum_board,
        _person("นาย", "ดำรง", "ทองสุข", groups[RATTAPHUM_GROUPS[9][0]], "089-765-4306"),
        Position.MEMBER,
    )
    hatyai_board = _committee(
        hatyai_center, CommitteeKind.EXECUTIVE, "คณะกรรมการบริหารศูนย์ฯ อำเภอหาดใหญ่"
    )
    _seat(
        hatyai_board,
        _person("นาย", "อับดุลเลาะ", "หมัดหลี", groups[HATYAI_GROUPS[0][0]], "086-555-0101"),
        Position.CHAIR,
    )
    _seat(
        hatyai_board,
        _person("นาย", "อนุชา", "หมัดอาหลี", hatyai_coop, "086-555-0102"),
        Position.SECRETARY,
    )
    _seat(
        hatyai_board,
        _person("นาง", "ละเอียด", "บัวทอง", groups[HATYAI_GROUPS[2][0]], "086-555-0103"),
        Position.TREASURER,
    )

    users = _users()
    _roles(users, province, rattaphum_center, hatyai_center, groups[RATTAPHUM_GROUPS[3][0]])
    return users, province, district_centers


DECLINED_GROUP = "กลุ่มทำขนมบ้านเขาพระ"
DECLINED_REASON = (
    "กลุ่มเพิ่งจัดตั้งไม่ถึงหนึ่งปี ยังไม่มีบัญชีและรายชื่อสมาชิกที่ชัดเจน "
    "ที่ประชุมให้กลุ่มจัดทำบัญชีและส่งรายชื่อสมาชิกแล้วยื่นใบสมัครใหม่ในปีถัดไป"
)
# (group, signatories of its MOU with the Rattaphum center)
MOU_SIGNATORIES = [
    (
        "สหกรณ์กองทุนสวนยางบ้านท่าชะมวง จำกัด",
        "นายบุญเลิศ ชูช่วย ประธานกรรมการสหกรณ์กองทุนสวนยางบ้านท่าชะมวง จำกัด\n"
        "นายสมชาย อินทร์แก้ว ผู้จัดการสหกรณ์การเกษตรรัตภูมิ จำกัด (ศูนย์ประสานงานระดับอำเภอรัตภูมิ)",
    ),
    (
        "กลุ่มออมทรัพย์เพื่อการผลิตบ้านคูหาใต้",
        "นางจันทร์เพ็ญ ขาวสะอาด ผู้แทนกลุ่มออมทรัพย์เพื่อการผลิตบ้านคูหาใต้\n"
        "นายสมชาย อินทร์แก้ว ผู้จัดการสหกรณ์การเกษตรรัตภูมิ จำกัด (ศูนย์ประสานงานระดับอำเภอรัตภูมิ)",
    ),
]


def seed_applications(users, province, district_centers) -> None:
    """Applications waiting for a decision, one declined, MOUs (issue 7)."""
    rattaphum, hatyai = district_centers["9009"], district_centers["9011"]
    waiting = [
        (rattaphum, RATTAPHUM_GROUPS, users["rattaphum_coord"]),
        (hatyai, HATYAI_GROUPS, users["hatyai_coord"]),
    ]
    for center, rows, coordinator in waiting:
        for name, _kind, status, *_ in rows:
            if status == S.APPLIED:
                upsert(
                    Membership,
                    {"recorded_by": coordinator},
                    organization=Organization.objects.get(name=name),
                    center=center,
                )
    for name, _kind, _code, status, *_ in PROVINCIAL_MEMBERS:
        if status == S.APPLIED:
            upsert(
                Membership,
                {"recorded_by": users["prov_coord"]},
                organization=Organization.objects.get(name=name),
                center=province,
            )

    # A declined application: recorded by the coordinator, then declined by the chair,
    # each step in the membership's history (written once; later runs find it).
    group = _organization(DECLINED_GROUP, K.OTHER_GROUP, rattaphum.district, "", 12)
    applied_on, decided_on = datetime.date(2025, 3, 3), datetime.date(2025, 3, 20)
    if not Membership.objects.filter(organization=group, center=rattaphum).exists():
        membership = Membership(
            organization=group,
            center=rattaphum,
            status=S.APPLIED,
            applied_on=applied_on,
            recorded_by=users["rattaphum_coord"],
        )
        membership._history_user = users["rattaphum_coord"]
        membership.full_clean()
        membership.save()
        membership.status = S.DECLINED
        membership.decided_on = decided_on
        membership.decided_by = users["rattaphum_chair"]
        membership.decision_reason = DECLINED_REASON
        membership._history_user = users["rattaphum_chair"]
        membership.full_clean()
        membership.save()
    upsert(
        Membership,
        {
            "status": S.DECLINED,
            "applied_on": applied_on,
            "recorded_by": users["rattaphum_coord"],
            "decided_on": decided_on,
            "decided_by": users["rattaphum_chair"],
            "decision_reason": DECLINED_REASON,
        },
        organization=group,
        center=rattaphum,
    )

    for name, signatories in MOU_SIGNATORIES:
        upsert(
            Membership,
            {"mou_signatories": signatories},
            organization=Organization.objects.get(name=name),
            center=rattaphum,
        )


def _link(user, first_name, last_name):
    person = Person.objects.get(first_name=first_name, last_name=last_name)
    if person.user_id != user.pk:
        person.user = user
        person.save(update_fields=["user"])


def _assign(user, center):
    StaffAssignment.objects.get_or_create(
        user=user, center=center, defaults={"starts_on": TERM_START}
    )


def _roles(users, province, rattaphum, hatyai, represented_group) -> None:
    """Each demo account's role, from the network's own data (issue 3)."""
    _link(users["prov_marketing"], "วิไลวรรณ", "ศรีสุวรรณ")  # chair, marketing subcommittee
    _link(users["prov_coord"], "ประพันธ์", "แก้วมณี")
    _assign(users["prov_coord"], province)  # the federation's marketing department
    _link(users["rattaphum_coord"], "สุนิสา", "ทองคำ")
    _assign(users["rattaphum_coord"], rattaphum)
    _link(users["rattaphum_chair"], "บุญเลิศ", "ชูช่วย")  # chair of the Rattaphum committee
    _link(users["hatyai_coord"], "อนุชา", "หมัดอาหลี")
    _assign(users["hatyai_coord"], hatyai)
    _person("นาง", "จันทร์เพ็ญ", "ขาวสะอาด", represented_group, "089-765-4310")
    _link(users["group_rep"], "จันทร์เพ็ญ", "ขาวสะอาด")
    Representative.objects.get_or_create(user=users["group_rep"], organization=represented_group)
    # observer: no role at all; a partner sees the aggregate figures only.


def _users() -> dict:
    User = get_user_model()
    users = {}
    for username, first_name, last_name, is_admin in USERS:
        user, _ = User.objects.update_or_create(
            username=username,
            defaults={
                "first_name": first_name,
                "last_name": last_name,
                "is_staff": is_admin,
                "is_superuser": is_admin,
                "is_active": True,
            },
        )
        if not user.check_password(DEMO_PASSWORD):
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        users[username] = user
    return users


# ระยะที่ 2 of the report: what the workshops wrote down, and who supports the network.
WORKSHOP = "การประชุมเชิงปฏิบัติการวิเคราะห์จุดแข็งจุดอ่อน"
PLANNING = {
    "province": [
        ("vision", "เป็นศูนย์กลางเชื่อมโยงเครือข่ายองค์กรประชาชนทั้งระดับอำเภอและระดับจังหวัดอย่างถาวร"),
        ("mission", "ประสานการซื้อร่วม ขายร่วม และการกู้ยืมระหว่างองค์กรสมาชิก เพื่อลดต้นทุนและเพิ่มอำนาจต่อรอง"),
        ("strategy", "เริ่มจากอำเภอที่มีความพร้อม ขยายผลทั่วจังหวัด และสำรวจตลาดก่อนทำธุรกิจร่วมกัน"),
        ("strength", "มีชุมนุมสหกรณ์การเกษตรสงขลาเป็นศูนย์กลาง และสหกรณ์ออมทรัพย์ที่เข้มแข็งพร้อมสนับสนุนการเงิน"),
        ("weakness", "องค์กรสมาชิกยังขาดข้อมูลและแผนธุรกิจร่วมกัน"),
        ("opportunity", "นโยบายจังหวัดสหกรณ์ของผู้ว่าราชการจังหวัด (27 ก.พ. 2548)"),
        ("threat", "ราคาปุ๋ยและยางพาราผันผวน"),
        ("problem", "ผู้นำบางองค์กรยังไม่เห็นคุณค่าของการรวมกลุ่ม"),
    ],
    "9009": [
        ("vision", "เครือข่ายองค์กรประชาชนอำเภอรัตภูมิร่วมซื้อร่วมขายเพื่อรายได้ของสมาชิก"),
        ("strategy", "ซื้อน้ำกรดร่วมกันและรวบรวมน้ำยางขายร่วมกัน"),
        ("strength", "ผู้นำสหกรณ์กองทุนสวนยางมีอุดมการณ์และอุทิศตัว"),
        ("weakness", "กลุ่มแม่บ้านเกษตรกรบางกลุ่มยังไม่มีระบบบัญชี"),
        ("problem", "ขาดการสำรวจตลาดก่อนทำธุรกิจร่วมกัน"),
    ],
}
SUPPORTERS = [
    # (partner, centre key, what, amount, date)
    (
        "องค์การบริหารส่วนจังหวัดสงขลา",
        "province",
        "งบประมาณสร้างโรงงานที่วิทยาลัยเกษตรและเทคโนโลยีสงขลา",
        4_000_000,
        datetime.date(2005, 6, 1),
    ),
    (
        "ศูนย์ถ่ายทอดเทคโนโลยีผลิตภัณฑ์ยาง คณะวิทยาศาสตร์ มหาวิทยาลัยสงขลานครินทร์",
        "9009",
        "โรงงานแปรรูปยางร่วมกับสมาชิกอำเภอรัตภูมิ",
        None,
        datetime.date(2005, 8, 1),
    ),
]


def seed_planning(province, rattaphum) -> None:
    centers = {"province": province, "9009": rattaphum}
    for key, rows in PLANNING.items():
        for kind, text in rows:
            upsert(
                PlanningRecord,
                {"recorded_on": datetime.date(2005, 3, 15), "source": WORKSHOP},
                center=centers[key],
                kind=kind,
                text=text,
            )
    for name, key, description, amount, given_on in SUPPORTERS:
        partner = upsert(
            Partner,
            {"role": PartnerRole.SUPPORTER, "location": PartnerLocation.OUTSIDE},
            name=name,
        )
        upsert(
            Support,
            {
                "amount": Decimal(amount) if amount is not None else None,
                "given_on": given_on,
            },
            center=centers[key],
            partner=partner,
            description=description,
        )
