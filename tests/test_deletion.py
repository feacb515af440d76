"""A deletion never silently drops what the network's money, goods or minutes depend on:
the record is protected (the database and admin say why, in Thai) or ended with a date."""

import datetime
from decimal import Decimal

import pytest
from django.db import models
from django.db.models import ProtectedError
from django.urls import reverse
from django.utils import timezone
from zeal import zeal_ignore

from centers.models import Center, Committee, Membership, MembershipStatus
from meetings import services as meetings
from meetings.models import Amendment, Meeting
from members.models import Organization
from transactions.purchases.models import DistrictOrder, OrderLine, Payment, PurchaseRound

from .factories import district_center
from .purchase_helpers import active_groups, district, make_round, order
from .test_admin import organization_form
from .test_network_pages import text_of

D = Decimal
REFUSED = "ลบไม่ได้"


def _membership(status):
    return (
        Membership.objects.filter(status=status)
        .select_related("organization", "center")
        .order_by("pk")
        .first()
    )


# Memberships in admin --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "reason"),
    [
        (MembershipStatus.ACTIVE, "ให้บันทึกสถานะ “พ้นสมาชิกภาพ” พร้อมวันที่พ้นสมาชิกภาพแทน"),
        (MembershipStatus.LEFT, "เป็นประวัติของเครือข่าย"),
    ],
)
def test_admin_cannot_delete_a_membership_that_made_a_member(admin_client_demo, status, reason):
    membership = _membership(status)
    url = reverse("admin:centers_membership_delete", args=[membership.pk])
    page = text_of(admin_client_demo.get(url))
    assert reason in page and REFUSED in page
    response = admin_client_demo.post(url, {"post": "yes"})
    assert response.status_code == 200
    assert Membership.objects.filter(pk=membership.pk).exists()
    response = admin_client_demo.post(
        reverse("admin:centers_membership_changelist"),
        {"action": "delete_selected", "_selected_action": [membership.pk], "post": "yes"},
    )
    assert reason in text_of(response)
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_admin_may_delete_an_application_never_decided(admin_client_demo):
    membership = _membership(MembershipStatus.APPLIED)
    url = reverse("admin:centers_membership_delete", args=[membership.pk])
    assert admin_client_demo.post(url, {"post": "yes"}).status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()


def test_the_organization_page_in_admin_cannot_delete_its_membership_either(admin_client_demo):
    membership = _membership(MembershipStatus.ACTIVE)
    organization = membership.organization
    data = organization_form(
        name=organization.name,
        kind=organization.kind,
        district=organization.district_id,
        member_count=str(organization.member_count or ""),
        founded_on="",
        **{"memberships-TOTAL_FORMS": "1", "memberships-INITIAL_FORMS": "1"},
    )
    data |= {
        "memberships-0-id": membership.pk,
        "memberships-0-organization": organization.pk,
        "memberships-0-center": membership.center_id,
        "memberships-0-status": membership.status,
        "memberships-0-applied_on": membership.applied_on.strftime("%d/%m/")
        + str(membership.applied_on.year + 543),
        "memberships-0-DELETE": "on",
    }
    with zeal_ignore():
        response = admin_client_demo.post(
            reverse("admin:members_organization_change", args=[organization.pk]), data
        )
    assert response.status_code == 200
    assert "ยังไม่สิ้นสุด จึงลบไม่ได้" in text_of(response)
    assert Membership.objects.filter(pk=membership.pk).exists()


# What money, goods and minutes hang on ---------------------------------------------------


def test_a_center_is_never_deleted_in_admin(admin_client_demo):
    center = district_center("9009")
    url = reverse("admin:centers_center_delete", args=[center.pk])
    assert admin_client_demo.post(url, {"post": "yes"}).status_code == 403
    assert Center.objects.filter(pk=center.pk).exists()


def test_an_organization_with_orders_and_payments_is_protected_in_admin(admin_client_demo):
    line = OrderLine.objects.select_related("organization").first()
    organization = line.organization
    url = reverse("admin:members_organization_delete", args=[organization.pk])
    with zeal_ignore():
        page = text_of(admin_client_demo.get(url))
        assert "รายการสั่งซื้อของกลุ่ม" in page
        assert admin_client_demo.post(url, {"post": "yes"}).status_code == 200
    assert Organization.objects.filter(pk=organization.pk).exists()


def test_a_committee_with_meetings_is_protected_in_admin(admin_client_demo):
    committee = Committee.objects.filter(meetings__isnull=False).first()
    url = reverse("admin:centers_committee_delete", args=[committee.pk])
    with zeal_ignore():
        assert "การประชุม" in text_of(admin_client_demo.get(url))
        assert admin_client_demo.post(url, {"post": "yes"}).status_code == 200
    assert Committee.objects.filter(pk=committee.pk).exists()


def test_a_round_with_order_lines_or_payments_keeps_them(demo):
    """Before, deleting a round (or a district's order) took its lines and payments with it."""
    purchase_round = make_round()
    item = purchase_round.items.get()
    rattaphum = district("9009")
    group = active_groups(rattaphum)[0]
    order(purchase_round, rattaphum, {(group, item): D("5")})
    with pytest.raises(ProtectedError):
        purchase_round.delete()
    with pytest.raises(ProtectedError):
        DistrictOrder.objects.get(round=purchase_round).delete()
    assert OrderLine.objects.filter(order__round=purchase_round).count() == 1
    OrderLine.objects.filter(order__round=purchase_round).delete()
    Payment.objects.create(
        round=purchase_round,
        kind="group",
        center=rattaphum,
        organization=group,
        paid_on=datetime.date(2026, 11, 20),
        amount=D("500"),
    )
    with pytest.raises(ProtectedError):
        purchase_round.delete()
    Payment.objects.filter(round=purchase_round).delete()
    purchase_round.delete()  # with nothing recorded (an empty order at most), it may go
    assert not PurchaseRound.objects.filter(pk=purchase_round.pk).exists()


def test_approved_minutes_keep_their_meetings(demo):
    committee = Committee.objects.get(name="คณะกรรมการบริหารศูนย์ฯ อำเภอรัตภูมิ")
    first, second = (
        meetings.create_meeting(
            committee,
            timezone.make_aware(datetime.datetime(2027, month, 9, 9, 30)),
            "ห้องประชุม",
            None,
        )
        for month in (3, 4)
    )
    Meeting.objects.filter(pk=first.pk).update(approved_in=second)
    with pytest.raises(ProtectedError):
        second.delete()  # before: the first meeting silently lost where it was approved
    Meeting.objects.filter(pk=first.pk).update(approved_in=None)
    Amendment.objects.create(meeting=first, text="แก้ไขชื่อผู้มาประชุม")
    with pytest.raises(ProtectedError):
        first.delete()
    assert Amendment.objects.filter(meeting=first).exists()


@pytest.mark.parametrize(
    "field",
    [
        "transactions.OrderLine.order",
        "transactions.Allocation.round",
        "transactions.Allocation.item",
        "transactions.Delivery.round",
        "transactions.Pickup.round",
        "transactions.Payment.round",
        "catalogue.Support.center",
        "centers.Committee.center",
        "centers.StaffAssignment.center",
        "reports.ReportReview.center",
        "reports.ReportSignOff.center",
        "meetings.Meeting.approved_in",
        "meetings.ActionUpdate.meeting",
        "meetings.Amendment.meeting",
        "meetings.Amendment.approved_in",
    ],
)
def test_what_money_goods_minutes_and_signatures_hang_on_is_protected(field):
    """Each of these was CASCADE or SET_NULL: deleting the parent dropped the records or
    their link without a word."""
    from django.apps import apps

    app_label, model, name = field.split(".")
    on_delete = apps.get_model(app_label, model)._meta.get_field(name).remote_field.on_delete
    assert on_delete is models.PROTECT
