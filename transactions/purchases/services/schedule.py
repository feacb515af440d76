"""The timer's work (manage.py run_purchase_rounds): rounds opened and closed on time,
reminders a day before the close."""

import datetime
from typing import TextIO

from django.conf import settings
from django.core.mail import send_mass_mail
from django.utils import timezone

from centers.models import CenterLevel, StaffAssignment
from songkhla_network import thai

from .. import selectors
from ..models import OrderStatus, PurchaseRound, RoundStatus
from .errors import RoundError
from .rounds import transition


def run_schedule(
    now: datetime.datetime | None = None, stdout: TextIO | None = None
) -> dict[str, list[PurchaseRound]]:
    """The timer's work: open drafts whose time has come, close rounds whose closing time
    has passed, and remind the coordinators who have not submitted a day before closing.
    Safe to run as often as wanted; each step happens once."""
    now = now or timezone.now()
    done: dict[str, list[PurchaseRound]] = {"opened": [], "closed": [], "reminded": []}
    # A round recorded afterwards is run by whoever enters it, on its own dates.
    timed = PurchaseRound.objects.filter(recorded_afterwards_at__isnull=True)
    for purchase_round in timed.filter(
        status=RoundStatus.DRAFT, opens_at__lte=now, closes_at__gt=now
    ):
        try:
            transition(purchase_round, "open", None, "เปิดอัตโนมัติตามกำหนดเวลา", now=now)
            done["opened"].append(purchase_round)
        except RoundError:
            continue  # a draft without products waits for its owner
    for purchase_round in timed.filter(status=RoundStatus.OPEN, closes_at__lte=now):
        try:
            transition(purchase_round, "close", None, "ปิดอัตโนมัติตามกำหนดเวลา", now=now)
        except RoundError:
            continue  # closed by a person in the meantime
        done["closed"].append(purchase_round)
    for purchase_round in timed.filter(
        status=RoundStatus.OPEN,
        reminded_at__isnull=True,
        closes_at__gt=now,
        closes_at__lte=now + datetime.timedelta(days=1),
    ).select_related("center"):
        send_reminders(purchase_round, now)
        done["reminded"].append(purchase_round)
    return done


def send_reminders(purchase_round: PurchaseRound, now: datetime.datetime) -> int:
    """Email the coordinators of the districts that have not submitted."""
    submitted = set(
        purchase_round.orders.filter(status=OrderStatus.SUBMITTED).values_list(
            "center_id", flat=True
        )
    )
    centers = [
        center
        for center in selectors.participating_centers(purchase_round)
        if center.pk not in submitted
    ]
    assignments = (
        StaffAssignment.objects.current(timezone.localdate(now))
        .filter(center__in=centers, center__level=CenterLevel.DISTRICT)
        .select_related("user", "center")
    )
    messages = []
    for assignment in assignments:
        if not assignment.user.email or not assignment.user.is_active:
            continue
        body = (
            f"เรียน {assignment.user.get_full_name()}\n\n"
            f"รอบการซื้อร่วม “{purchase_round.title}” จะปิดรับคำสั่งซื้อ "
            f"{thai.be_datetime(purchase_round.closes_at, 'long')}\n"
            f"{assignment.center} ยังไม่ได้ส่งคำสั่งซื้อให้ศูนย์จังหวัด "
            "กรุณาบันทึกและส่งคำสั่งซื้อของกลุ่มในอำเภอก่อนเวลาปิด\n\n"
            "ระบบเครือข่ายองค์กรประชาชนจังหวัดสงขลา"
        )
        messages.append(
            (
                f"เตือน: ส่งคำสั่งซื้อ {purchase_round.title} ก่อนปิดรับ",
                body,
                settings.DEFAULT_FROM_EMAIL,
                [assignment.user.email],
            )
        )
    sent = send_mass_mail(messages, fail_silently=False) if messages else 0
    PurchaseRound.objects.filter(pk=purchase_round.pk).update(reminded_at=now)
    return sent
