"""What joint purchasing tells people (notifications.notify): who hears of each event and
what it says, in Thai. Called inside the event's transaction; a round recorded afterwards
tells no one (its events are history). Messages name rounds, districts and dates only:
no phone, no national ID, no other group's figures."""

import datetime
from collections import defaultdict

from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone

from centers.models import (
    Center,
    CenterLevel,
    CommitteeKind,
    CommitteeMembership,
    Position,
    StaffAssignment,
)
from notifications.kinds import Kind
from notifications.services import notify
from songkhla_network import thai

from .. import selectors
from ..models import DistrictOrder, PurchaseRound


def district_coordinators(centers: list[Center], day: datetime.date) -> dict[int, list[User]]:
    """The current coordinators of these district centers, by center id. One query."""
    found: dict[int, list[User]] = defaultdict(list)
    for assignment in (
        StaffAssignment.objects.current(day)
        .filter(center__in=centers, center__level=CenterLevel.DISTRICT, user__is_active=True)
        .select_related("user")
        .order_by("pk")
    ):
        found[assignment.center_id].append(assignment.user)
    return found


def district_chairs(centers: list[Center], day: datetime.date) -> dict[int, list[User]]:
    """The chairs of these district centers' executive committees who have an account, by
    center id. One query."""
    found: dict[int, list[User]] = defaultdict(list)
    for seat in (
        CommitteeMembership.objects.current(day)
        .filter(
            committee__center__in=centers,
            committee__center__level=CenterLevel.DISTRICT,
            committee__kind=CommitteeKind.EXECUTIVE,
            position=Position.CHAIR,
            person__user__is_active=True,
        )
        .select_related("person__user", "committee")
        .order_by("pk")
    ):
        found[seat.committee.center_id].append(seat.person.user)
    return found


def _order_url(purchase_round: PurchaseRound, center: Center) -> str:
    assert center.district is not None  # a district center
    return reverse("purchase_order_entry", args=[purchase_round.pk, center.district.code])


def round_opened(purchase_round: PurchaseRound, *, now: datetime.datetime) -> int:
    """Each district the round concerns: its coordinators and its chair, with the way to
    its order page."""
    if purchase_round.recorded_afterwards:
        return 0
    centers = selectors.participating_centers(purchase_round)  # district centers
    day = timezone.localdate(now)
    coordinators, chairs = district_coordinators(centers, day), district_chairs(centers, day)
    closes = thai.be_datetime(purchase_round.closes_at, "long")
    told = 0
    for center in centers:
        told += len(
            notify(
                kind=Kind.ROUND_OPENED,
                event_key=f"round:{purchase_round.pk}:opened:{now:%Y%m%d%H%M%S}",
                recipients=[*coordinators[center.pk], *chairs[center.pk]],
                title=f"เปิดรอบซื้อร่วม “{purchase_round.title}”",
                body=(
                    f"รอบการซื้อร่วม “{purchase_round.title}” เปิดรับคำสั่งซื้อแล้ว "
                    f"ปิดรับ {closes}\n"
                    f"ผู้ประสานงาน{center} บันทึกคำสั่งซื้อของกลุ่มในอำเภอ "
                    "แล้วส่งให้ศูนย์จังหวัดก่อนเวลาปิด"
                ),
                url=_order_url(purchase_round, center),
            )
        )
    return told


def round_closing(
    purchase_round: PurchaseRound, centers: list[Center], *, day: datetime.date
) -> int:
    """The coordinators of the districts that have not submitted, a day before closing."""
    coordinators = district_coordinators(centers, day)
    closes = thai.be_datetime(purchase_round.closes_at, "long")
    told = 0
    for center in centers:
        told += len(
            notify(
                kind=Kind.ROUND_CLOSING,
                event_key=(
                    f"round:{purchase_round.pk}:closing:{purchase_round.closes_at:%Y%m%d%H%M}"
                ),
                recipients=coordinators[center.pk],
                title=f"เตือน: ส่งคำสั่งซื้อ {purchase_round.title} ก่อนปิดรับ",
                body=(
                    f"รอบการซื้อร่วม “{purchase_round.title}” จะปิดรับคำสั่งซื้อ {closes}\n"
                    f"{center} ยังไม่ได้ส่งคำสั่งซื้อให้ศูนย์จังหวัด "
                    "กรุณาบันทึกและส่งคำสั่งซื้อของกลุ่มในอำเภอก่อนเวลาปิด"
                ),
                url=_order_url(purchase_round, center),
            )
        )
    return told


def order_returned(order: DistrictOrder) -> int:
    """The district's coordinators: the order came back, with the reason."""
    purchase_round, center = order.round, order.center
    return len(
        notify(
            kind=Kind.ORDER_RETURNED,
            event_key=f"order:{order.pk}:returned:{order.version}",
            recipients=district_coordinators([center], timezone.localdate())[center.pk],
            title=f"คำสั่งซื้อ{center} ถูกส่งกลับให้แก้ไข",
            body=(
                f"ศูนย์จังหวัดส่งคำสั่งซื้อ{center} ในรอบ “{purchase_round.title}” "
                f"กลับให้แก้ไข เหตุผล: {order.returned_reason}\n"
                "แก้ไขแล้วส่งอีกครั้งก่อนเวลาปิดรับ "
                f"{thai.be_datetime(purchase_round.closes_at, 'long')}"
            ),
            url=_order_url(purchase_round, center),
        )
    )
