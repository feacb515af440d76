"""The factories build what the network's rules accept: every row they make passes its
model's checks, and a round reaches each status through the real services."""

import datetime
from decimal import Decimal

import pytest

from centers import scope
from transactions.purchases import selectors as purchase_selectors

from .factories import (
    AgendaItemFactory,
    BaselineProfileFactory,
    CommitteeFactory,
    DistrictCenterFactory,
    MeetingFactory,
    MembershipFactory,
    OrganizationLinkFactory,
    PurchaseRoundFactory,
    ReportSignOffFactory,
    RosterFactory,
    admin_user,
    advance_roster,
    advance_round,
    chair_user,
    member_groups,
    order,
    province,
    representative_user,
    seat_user,
    staff_user,
)

D = Decimal
pytestmark = pytest.mark.django_db


def test_a_district_center_and_its_members_pass_every_check():
    center = DistrictCenterFactory()
    center.full_clean()
    assert center.parent == province() and center.district.code.startswith("99")
    assert center.host.memberships.get().center == province()  # its MOU with the province
    for status in ("active", "suspended", "applied", "left", "declined"):
        MembershipFactory(center=center, status=status).full_clean()
    MembershipFactory(center=province()).full_clean()
    committee = CommitteeFactory(center=center, seats=["chair", "secretary", "member"])
    for seat in committee.members.all():
        seat.full_clean()
        seat.person.full_clean()
    assert committee.members.current(datetime.date(2026, 1, 1)).count() == 3


def test_role_helpers_give_the_roles_of_the_access_policy():
    center = DistrictCenterFactory()
    group = member_groups(center, 1)[0]
    assert scope.scope_of(staff_user(center)).coordinator_district_ids == {center.district_id}
    assert scope.scope_of(chair_user(center)).chair_district_ids == {center.district_id}
    board = CommitteeFactory(seats=["chair", "secretary", "member"])
    chair = seat_user(board, "chair")  # the chair there is gets the account
    assert board.members.get(position="chair").person.user == chair
    assert scope.scope_of(staff_user(province())).provincial_staff
    assert scope.scope_of(admin_user()).is_admin
    assert scope.scope_of(representative_user(group)).organization_ids == {group.pk}


@pytest.mark.parametrize(
    "status", ["open", "closed", "ordered", "delivered", "settled", "cancelled"]
)
def test_a_round_reaches_each_status_through_the_services(status):
    purchase_round = PurchaseRoundFactory(status="draft", minimum_total=D("1000"))
    item = purchase_round.items.get()
    center = DistrictCenterFactory()
    one, two = member_groups(center, 2)
    order(purchase_round, center, {(one, item): D("60"), (two, item): D("50")})
    advance_round(purchase_round, status, by=staff_user(province()))
    assert purchase_round.status == status
    figures = purchase_selectors.round_figures(purchase_round)
    assert figures.items[0].price == D("14500")  # 110 t reached the 100 t tier
    if status in ("delivered", "settled"):
        assert figures.delivery_complete
    if status == "settled":
        assert figures.pickup_complete and figures.outstanding == 0
    if status not in ("open", "closed", "cancelled"):
        assert purchase_round.order_number


def test_a_meeting_is_held_and_its_minutes_approved():
    meeting = MeetingFactory(present=4, present__on_leave=1)
    assert meeting.title_number == "ครั้งที่ 1/2569" and meeting.status == "held"
    assert meeting.quorum_reached
    item = AgendaItemFactory(meeting=meeting, minutes="สรุปแล้ว")
    assert item.number == "4.1" and item.minutes == "สรุปแล้ว"
    approved = MeetingFactory(
        committee=meeting.committee, present=3, minutes="amended", minutes__by=admin_user()
    )
    assert approved.minutes_locked and approved.amendments.count() == 1
    assert MeetingFactory().minutes_status == "draft"


def test_rosters_profiles_and_sign_offs():
    roster = RosterFactory(members=3)
    for member in roster.members.all():
        member.full_clean()
    center = roster.organization.memberships.get().center
    roster = advance_roster(roster, "submit", "forward", by=staff_user(center))
    assert roster.status == "forwarded"
    BaselineProfileFactory().full_clean()
    OrganizationLinkFactory().full_clean()
    sign_off = ReportSignOffFactory(center=center, by=chair_user(center))
    assert sign_off.figures
