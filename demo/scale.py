"""A province of realistic shape, for benchmarks: `manage.py seed_scale --factor N`.

Factor 1 is about the size of Songkhla's network: 1,000 organizations, 30,000 members
on the groups' rosters, five years of monthly provincial purchase rounds with an order
from every active group, and monthly meetings of every committee with attendance and
action items. Factor 10 is ten times each (ten times the committees too: each center gets
working groups). Built on top of the demo data with bulk inserts; the same factor gives
the same data (a seeded random generator, dates counted back from a fixed month).

The data is marked: registration numbers start with "จล." (จำลอง), so a second run can
refuse instead of doubling it, and usernames of the 50 coordinators start with
"coord_scale_".
"""

import datetime
import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from centers.models import (
    Center,
    CenterLevel,
    Committee,
    CommitteeKind,
    CommitteeMembership,
    Membership,
    MembershipStatus,
    Position,
    StaffAssignment,
)
from meetings.models import (
    ActionItem,
    ActionStatus,
    AgendaItem,
    Attendance,
    AttendanceStatus,
    Meeting,
    MeetingKind,
    MeetingStatus,
    MinutesStatus,
)
from members.models import Organization, OrganizationKind, Person
from members.rosters.models import Roster, RosterMember, RosterStatus
from members.validators import national_id_check_digit
from transactions.catalogue.models import Product
from transactions.purchases.models import (
    Delivery,
    DistrictOrder,
    OrderLine,
    OrderStatus,
    Payment,
    PaymentKind,
    Pickup,
    PurchaseRound,
    RoundItem,
    RoundStatus,
)

MARK = "จล."
USER_PREFIX = "coord_scale_"
COORDINATORS = 50
MONTHS = 60
BATCH = 5_000
# The last month of the five years: fixed, so the data does not depend on the day it is built.
LAST_MONTH = datetime.date(2026, 12, 1)

FIRST_NAMES = [
    "สมชาย", "สมศรี", "บุญมี", "มาลี", "ประยูร", "สุดา", "วิชัย", "อำไพ", "สมพร", "จำเนียร",
    "อับดุลเลาะ", "ฮาลีเมาะ", "สุริยา", "กาญจนา", "ธีระ", "ปราณี", "ชัยวัฒน์", "นงลักษณ์",
    "ประเสริฐ", "รัชนี", "สมบัติ", "ละเอียด", "วันเพ็ญ", "ดำรง", "เจริญ", "สายใจ",
]  # fmt: skip
LAST_NAMES = [
    "ทองคำ", "แก้วมณี", "ชูช่วย", "หมัดหลี", "ศรีสุวรรณ", "เพชรรัตน์", "ดำแก้ว", "สุขเกษม",
    "หนูนุ่ม", "บัวทอง", "อินทร์แก้ว", "รัตนพันธ์", "ขาวสะอาด", "ทองสุข", "แสงจันทร์",
    "นิลสุวรรณ", "เหล็มหมัด", "จันทร์หอม", "พรหมทอง", "ศรีเมือง",
]  # fmt: skip
VILLAGES = [
    "ท่าข้าม", "ควนลัง", "คลองแห", "น้ำน้อย", "ทุ่งลาน", "บางเหรียง", "คูเต่า", "พะตง",
    "ทุ่งหวัง", "เกาะแต้ว", "ควนโส", "ปากบาง", "นาหว้า", "บ้านไร่", "ท่าหิน", "วัดขนุน",
]  # fmt: skip
GROUP_KINDS = [
    (OrganizationKind.RUBBER_FUND_COOP, 30),
    (OrganizationKind.SAVINGS_GROUP, 30),
    (OrganizationKind.HOUSEWIFE_GROUP, 25),
    (OrganizationKind.OTHER_GROUP, 15),
]
AGENDA = [
    (1, "เรื่องที่ประธานแจ้งให้ที่ประชุมทราบ"),
    (2, "รับรองรายงานการประชุมครั้งที่แล้ว"),
    (3, "เรื่องสืบเนื่องจากการประชุมครั้งที่แล้ว"),
    (4, "เรื่องเพื่อพิจารณา: แผนการซื้อปุ๋ยร่วมกันเดือนถัดไป"),
    (5, "เรื่องอื่น ๆ"),
]


class ScaleDataExists(Exception):
    pass


def _months_back(count: int) -> list[datetime.date]:
    """The first day of each of the `count` months ending at LAST_MONTH, oldest first."""
    months, day = [], LAST_MONTH
    for _ in range(count):
        months.append(day)
        day = (day - datetime.timedelta(days=1)).replace(day=1)
    return months[::-1]


def _aware(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(day.year, day.month, day.day, hour))


class Builder:
    def __init__(self, factor: float, out=None):
        if factor <= 0:
            raise ValueError("factor must be positive")
        self.factor = factor
        self.random = random.Random(f"songkhla-scale-{factor}")
        self.out = out or (lambda text: None)
        self.counts: dict[str, int] = {}
        self._id_serial = 0

    def scaled(self, base: int) -> int:
        return max(1, round(base * self.factor))

    def _bulk(self, model, rows, label: str):
        created = model.objects.bulk_create(rows, batch_size=BATCH)
        self.counts[label] = self.counts.get(label, 0) + len(created)
        return created

    @transaction.atomic
    def build(self) -> dict[str, int]:
        if Organization.objects.filter(registration_number__startswith=MARK).exists():
            raise ScaleDataExists
        self.province = Center.objects.get(level=CenterLevel.PROVINCIAL)
        self.districts = list(Center.objects.filter(level=CenterLevel.DISTRICT).order_by("pk"))
        self.user = get_user_model().objects.filter(is_superuser=True).order_by("pk").first()
        self._organizations()
        self._rosters()
        self._coordinators()
        self._committees()
        self._rounds()
        self._meetings()
        return self.counts

    # Organizations and memberships -----------------------------------------------------

    def _organizations(self) -> None:
        total = self.scaled(1000)
        provincial = max(1, total // 50)
        kinds = [kind for kind, _ in GROUP_KINDS]
        weights = [weight for _, weight in GROUP_KINDS]
        rows = []
        for index in range(total):
            center = self.districts[index % len(self.districts)]
            if index < provincial:
                kind = (OrganizationKind.SAVINGS_COOP, OrganizationKind.SHOP_COOP)[index % 2]
                name = f"{kind.label}จำลอง {index + 1} จำกัด"
            else:
                kind = self.random.choices(kinds, weights)[0]
                village = self.random.choice(VILLAGES)
                name = f"{kind.label}บ้าน{village} หมู่ {index % 12 + 1} ({index + 1})"
            rows.append(
                Organization(
                    name=name,
                    kind=kind,
                    district_id=center.district_id,
                    registration_number=f"{MARK}{self.factor:g}/{index + 1:06d}",
                    member_count=self.random.randint(15, 400),
                )
            )
        self.organizations = self._bulk(Organization, rows, "องค์กร")
        by_district = {center.district_id: center for center in self.districts}
        memberships = []
        self.active_groups: dict[int, list[Organization]] = {c.pk: [] for c in self.districts}
        for index, organization in enumerate(self.organizations):
            center = self.province if index < provincial else by_district[organization.district_id]
            roll = self.random.random()
            status = (
                MembershipStatus.ACTIVE
                if roll < 0.88
                else MembershipStatus.APPLIED
                if roll < 0.92
                else MembershipStatus.SUSPENDED
                if roll < 0.96
                else MembershipStatus.LEFT
            )
            applied = datetime.date(
                2004 + self.random.randint(0, 15), self.random.randint(1, 12), 1
            )
            joined = None if status == MembershipStatus.APPLIED else applied.replace(day=20)
            memberships.append(
                Membership(
                    organization=organization,
                    center=center,
                    status=status,
                    applied_on=applied,
                    joined_on=joined,
                    decided_on=joined,
                    mou_signed_on=joined,
                    left_on=datetime.date(2021, 6, 30) if status == MembershipStatus.LEFT else None,
                )
            )
            if status == MembershipStatus.ACTIVE and center.level == CenterLevel.DISTRICT:
                self.active_groups[center.pk].append(organization)
        self._bulk(Membership, memberships, "สมาชิกภาพ")

    # Rosters ----------------------------------------------------------------------------

    def _national_id(self) -> str:
        self._id_serial += 1
        first = f"3{90 + self._id_serial % 10:02d}{self._id_serial:09d}"[:12]
        return first + str(national_id_check_digit(first))

    def _rosters(self) -> None:
        groups = [org for org in self.organizations if org.kind not in _PROVINCIAL_KINDS]
        rosters = self._bulk(
            Roster,
            [
                Roster(
                    organization=organization,
                    status=RosterStatus.FORWARDED,
                    status_changed_at=_aware(datetime.date(2025, 1, 15)),
                )
                for organization in groups
            ],
            "ทะเบียนรายชื่อ",
        )
        target = self.scaled(30_000)
        per_roster, extra = divmod(target, len(rosters))
        members = []
        for index, roster in enumerate(rosters):
            for _ in range(per_roster + (1 if index < extra else 0)):
                consent = self.random.random() < 0.95
                members.append(
                    RosterMember(
                        roster=roster,
                        title=self.random.choice(("นาย", "นาง", "นางสาว")),
                        first_name=self.random.choice(FIRST_NAMES),
                        last_name=self.random.choice(LAST_NAMES),
                        national_id=self._national_id() if consent else "",
                        phone=f"08{self.random.randint(10_000_000, 99_999_999)}",
                        joined_on=datetime.date(2010 + self.random.randint(0, 14), 1, 1),
                        consent=consent,
                        consent_on=datetime.date(2025, 1, 10) if consent else None,
                        added_on=datetime.date(2025, 1, 10),
                    )
                )
                if len(members) >= BATCH:
                    self._bulk(RosterMember, members, "สมาชิกในทะเบียน")
                    members = []
        self._bulk(RosterMember, members, "สมาชิกในทะเบียน")

    # People: coordinators and committees ---------------------------------------------

    def _coordinators(self) -> None:
        User = get_user_model()
        password = make_password("songkhla-demo")
        users = self._bulk(
            User,
            [
                User(
                    username=f"{USER_PREFIX}{index + 1:02d}",
                    first_name="ผู้ประสานงานจำลอง",
                    last_name=f"{index + 1}",
                    password=password,
                )
                for index in range(COORDINATORS)
            ],
            "ผู้ใช้",
        )
        self._bulk(
            StaffAssignment,
            [
                StaffAssignment(
                    user=user,
                    center=self.districts[index % len(self.districts)],
                    starts_on=datetime.date(2020, 1, 1),
                )
                for index, user in enumerate(users)
            ],
            "เจ้าหน้าที่ประสานงาน",
        )

    def _committees(self) -> None:
        """Each center gets `factor` committees (its executive committee and working
        groups), seven seats each, held by people of the district's organizations."""
        per_center = self.scaled(1)
        committees = []
        for center in [self.province, *self.districts]:
            for number in range(per_center):
                committees.append(
                    Committee(
                        center=center,
                        kind=CommitteeKind.OTHER,
                        name=f"คณะทำงานจำลอง {number + 1} {center.name}",
                    )
                )
        self.committees = self._bulk(Committee, committees, "คณะกรรมการ")
        organizations_of = {}
        for organization in self.organizations:
            organizations_of.setdefault(organization.district_id, []).append(organization)
        people = []
        for committee in self.committees:
            pool = organizations_of.get(committee.center.district_id) or self.organizations
            for _ in range(7):
                people.append(
                    Person(
                        title="นาย",
                        first_name=self.random.choice(FIRST_NAMES),
                        last_name=self.random.choice(LAST_NAMES),
                        organization=self.random.choice(pool),
                    )
                )
        people = self._bulk(Person, people, "บุคคล")
        positions = [
            Position.CHAIR,
            Position.VICE_CHAIR,
            Position.SECRETARY,
            Position.TREASURER,
            Position.MEMBER,
            Position.MEMBER,
            Position.MEMBER,
        ]
        seats = []
        self.seats_of: dict[int, list[tuple[Person, str]]] = {}
        for index, committee in enumerate(self.committees):
            for offset, position in enumerate(positions):
                person = people[index * 7 + offset]
                seats.append(
                    CommitteeMembership(
                        committee=committee,
                        person=person,
                        position=position,
                        term_start=datetime.date(2021, 1, 1),
                    )
                )
                self.seats_of.setdefault(committee.pk, []).append((person, position))
        self._bulk(CommitteeMembership, seats, "กรรมการ")

    # Joint purchases --------------------------------------------------------------------

    def _rounds(self) -> None:
        products = list(Product.objects.filter(is_active=True).order_by("pk")[:2])
        if not products:
            products = [
                Product.objects.create(
                    name="ปุ๋ยจำลอง", unit="ton", category="inputs", decimal_places=2
                )
            ]
        months = _months_back(MONTHS)
        rounds = self._bulk(
            PurchaseRound,
            [
                PurchaseRound(
                    title=f"ซื้อปุ๋ยร่วมกันจำลอง {month:%m/%Y} ({self.factor:g})",
                    center=self.province,
                    opens_at=_aware(month),
                    closes_at=_aware(month + datetime.timedelta(days=10), 16),
                    status=RoundStatus.OPEN if month == months[-1] else RoundStatus.SETTLED,
                    ordered_on=None if month == months[-1] else month + datetime.timedelta(days=12),
                    order_number=""
                    if month == months[-1]
                    else f"{MARK}{self.factor:g}/{month:%Y%m}",
                    created_by=self.user,
                )
                for month in months
            ],
            "รอบซื้อร่วม",
        )
        items = self._bulk(
            RoundItem,
            [
                RoundItem(
                    round=purchase_round,
                    product=product,
                    unit_price=Decimal("14500") + 100 * index,
                    reference_price=Decimal("16000") + 100 * index,
                )
                for purchase_round in rounds
                for index, product in enumerate(products)
            ],
            "สินค้าในรอบ",
        )
        items_of = {}
        for item in items:
            items_of.setdefault(item.round_id, []).append(item)
        orders = self._bulk(
            DistrictOrder,
            [
                DistrictOrder(
                    round=purchase_round,
                    center=center,
                    status=OrderStatus.SUBMITTED
                    if purchase_round.status != RoundStatus.OPEN
                    else OrderStatus.DRAFT,
                    version=1,
                    updated_at=purchase_round.opens_at,
                    updated_by=self.user,
                    submitted_at=purchase_round.closes_at
                    if purchase_round.status != RoundStatus.OPEN
                    else None,
                    submitted_by=self.user if purchase_round.status != RoundStatus.OPEN else None,
                )
                for purchase_round in rounds
                for center in self.districts
            ],
            "คำสั่งซื้อของอำเภอ",
        )
        lines, pickups, payments, deliveries = [], [], [], []
        by_round = {purchase_round.pk: purchase_round for purchase_round in rounds}
        for order in orders:
            purchase_round = by_round[order.round_id]
            settled = purchase_round.status == RoundStatus.SETTLED
            day = purchase_round.opens_at.date() + datetime.timedelta(days=20)
            delivered: dict[int, Decimal] = {}
            owed = Decimal(0)
            for group in self.active_groups[order.center_id]:
                for index, item in enumerate(items_of[order.round_id]):
                    if index and self.random.random() < 0.5:
                        continue
                    quantity = Decimal(self.random.randint(1, 40)) / 4
                    lines.append(
                        OrderLine(order=order, organization=group, item=item, quantity=quantity)
                    )
                    if settled:
                        delivered[item.pk] = delivered.get(item.pk, Decimal(0)) + quantity
                        pickups.append(
                            Pickup(
                                round=purchase_round,
                                item=item,
                                organization=group,
                                picked_up_on=day,
                                quantity=quantity,
                                recorded_by=self.user,
                            )
                        )
                        amount = quantity * item.unit_price
                        owed += amount
                        payments.append(
                            Payment(
                                round=purchase_round,
                                kind=PaymentKind.GROUP,
                                center_id=order.center_id,
                                organization=group,
                                paid_on=day,
                                amount=amount,
                                recorded_by=self.user,
                            )
                        )
            for item_id, quantity in delivered.items():
                deliveries.append(
                    Delivery(
                        round=purchase_round,
                        item_id=item_id,
                        center_id=order.center_id,
                        delivered_on=day - datetime.timedelta(days=3),
                        quantity=quantity,
                        recorded_by=self.user,
                    )
                )
            if settled and owed:
                payments.append(
                    Payment(
                        round=purchase_round,
                        kind=PaymentKind.DISTRICT,
                        center_id=order.center_id,
                        paid_on=day + datetime.timedelta(days=5),
                        amount=owed,
                        recorded_by=self.user,
                    )
                )
            if len(lines) >= BATCH:
                self._flush_trade(lines, pickups, payments, deliveries)
                lines, pickups, payments, deliveries = [], [], [], []
        self._flush_trade(lines, pickups, payments, deliveries)
        self.open_round = rounds[-1]

    def _flush_trade(self, lines, pickups, payments, deliveries) -> None:
        self._bulk(OrderLine, lines, "รายการสั่งซื้อ")
        self._bulk(Delivery, deliveries, "การส่งมอบ")
        self._bulk(Pickup, pickups, "การรับสินค้า")
        self._bulk(Payment, payments, "การชำระเงิน")

    # Meetings ---------------------------------------------------------------------------

    def _meetings(self) -> None:
        months = _months_back(MONTHS)
        meetings = []
        for committee in self.committees:
            numbers: dict[int, int] = {}
            for month in months:
                be_year = month.year + 543
                numbers[be_year] = numbers.get(be_year, 0) + 1
                upcoming = month == months[-1]
                meetings.append(
                    Meeting(
                        committee=committee,
                        year=be_year,
                        number=numbers[be_year],
                        kind=MeetingKind.MONTHLY,
                        status=MeetingStatus.SCHEDULED if upcoming else MeetingStatus.HELD,
                        starts_at=_aware(month + datetime.timedelta(days=14), 13),
                        place=f"ห้องประชุม{committee.center.name}",
                        minutes_status=MinutesStatus.DRAFT if upcoming else MinutesStatus.APPROVED,
                        quorum_reached=not upcoming,
                    )
                )
        meetings = self._bulk(Meeting, meetings, "การประชุม")
        agenda, attendance, actions = [], [], []
        for meeting in meetings:
            for section, title in AGENDA:
                agenda.append(AgendaItem(meeting=meeting, section=section, title=title))
            if meeting.status != MeetingStatus.HELD:
                continue
            for person, position in self.seats_of[meeting.committee_id]:
                present = self.random.random() < 0.85
                attendance.append(
                    Attendance(
                        meeting=meeting,
                        person=person,
                        position=Position(position).label,
                        status=AttendanceStatus.PRESENT if present else AttendanceStatus.LEAVE,
                        reason="" if present else "ติดภารกิจ",
                    )
                )
        agenda = self._bulk(AgendaItem, agenda, "ระเบียบวาระ")
        self._bulk(Attendance, attendance, "การมาประชุม")
        item4 = {item.meeting_id: item for item in agenda if item.section == 4}
        for meeting in meetings:
            if meeting.status != MeetingStatus.HELD:
                continue
            due = meeting.starts_at.date() + datetime.timedelta(days=30)
            for number in range(2):
                person, _ = self.seats_of[meeting.committee_id][number + 2]
                actions.append(
                    ActionItem(
                        committee_id=meeting.committee_id,
                        item=item4[meeting.pk],
                        title=f"ติดตามการสั่งซื้อของกลุ่มสมาชิก ข้อ {number + 1}",
                        person=person,
                        due_on=due,
                        status=ActionStatus.DONE if due < LAST_MONTH else ActionStatus.OPEN,
                    )
                )
        self._bulk(ActionItem, actions, "เรื่องที่ต้องติดตาม")


_PROVINCIAL_KINDS = (OrganizationKind.SAVINGS_COOP, OrganizationKind.SHOP_COOP)
