"""The demo's applications (issue 7): the declined one with its history, and who recorded
the waiting ones. Moved here unchanged from tests/centers/test_applications.py: it is
about the demo's content (issue 15)."""

import pytest
from django.urls import reverse

from centers.models import Membership, MembershipStatus
from demo.network import DECLINED_GROUP, DECLINED_REASON

pytestmark = pytest.mark.usefixtures("demo")

APPLIED_GROUP = "สหกรณ์กองทุนสวนยางเขาพระพัฒนา จำกัด"  # APPLIED at Rattaphum (seed_demo)
SHOP_COOP = "สหกรณ์ร้านค้าชุมชนสะเดา จำกัด"  # APPLIED at the provincial center


def membership_of(name) -> Membership:
    return (
        Membership.objects.select_related("organization", "center")
        .filter(organization__name=name)
        .order_by("-pk")
        .first()
    )


def detail(membership):
    return reverse("application_detail", args=[membership.pk])


def test_the_demo_declined_application_has_its_history(login):
    membership = membership_of(DECLINED_GROUP)
    assert membership.status == MembershipStatus.DECLINED
    assert membership.decision_reason == DECLINED_REASON
    assert membership.decided_by.username == "rattaphum_chair"
    assert membership.recorded_by.username == "rattaphum_coord"
    history = login("rattaphum_coord").get(detail(membership)).context["history"]
    assert [(change.who, change.new) for change in history] == [
        ("สุนิสา ทองคำ", "ยื่นใบสมัคร"),
        ("บุญเลิศ ชูช่วย", "ไม่อนุมัติใบสมัคร"),
    ]
    assert DECLINED_REASON in history[1].detail
    # Waiting demo applications carry the coordinator who recorded them.
    assert membership_of(APPLIED_GROUP).recorded_by.username == "rattaphum_coord"
    assert membership_of("กลุ่มเลี้ยงผึ้งชันโรงบ้านคูเต่า").recorded_by.username == "hatyai_coord"
    assert membership_of(SHOP_COOP).recorded_by.username == "prov_coord"
