import datetime

import pytest
from django.core.exceptions import ValidationError

from centers.models import Position
from members.models import OrganizationKind

from ..factories import (
    CommitteeFactory,
    CommitteeMembershipFactory,
    DistrictCenterFactory,
    OrganizationFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db


def test_current_members_follow_the_term():
    committee = CommitteeFactory(center=DistrictCenterFactory())
    running = CommitteeMembershipFactory(committee=committee)
    ended = CommitteeMembershipFactory(
        committee=committee,
        term_start=datetime.date(2022, 1, 1),
        term_end=datetime.date(2024, 12, 31),
    )
    on = datetime.date(2026, 11, 24)
    assert list(committee.members.current(on)) == [running]
    assert running.is_current(on) and not ended.is_current(on)


def test_one_chair_at_a_time():
    committee = CommitteeFactory(center=DistrictCenterFactory())
    CommitteeMembershipFactory(committee=committee, position=Position.CHAIR)
    second = CommitteeMembershipFactory.build(
        committee=committee,
        position=Position.CHAIR,
        person=PersonFactory(organization__district=committee.center.district),
    )
    with pytest.raises(ValidationError) as error:
        second.full_clean()
    assert "มีประธานได้คนเดียว" in " ".join(error.value.messages)


def test_term_end_before_start_is_refused():
    committee = CommitteeFactory(center=DistrictCenterFactory())
    seat = CommitteeMembershipFactory.build(
        committee=committee,
        person=PersonFactory(organization__district=committee.center.district),
        term_start=datetime.date(2025, 1, 1),
        term_end=datetime.date(2024, 1, 1),
    )
    with pytest.raises(ValidationError) as error:
        seat.full_clean()
    assert "ต้องไม่ก่อนวันเริ่มวาระ" in " ".join(error.value.messages)


def test_a_district_committee_draws_on_its_own_district():
    elsewhere = DistrictCenterFactory()
    other_group = OrganizationFactory(
        kind=OrganizationKind.SAVINGS_GROUP, district=elsewhere.district
    )
    seat = CommitteeMembershipFactory.build(
        committee=CommitteeFactory(center=DistrictCenterFactory(district__name="ทดสอบรัตภูมิ")),
        person=PersonFactory(organization=other_group),
    )
    with pytest.raises(ValidationError) as error:
        seat.full_clean()
    assert "ต้องมาจากองค์กรในอำเภอทดสอบรัตภูมิ" in " ".join(error.value.messages)


def test_moving_a_committee_member_to_another_district_is_refused():
    chair = CommitteeMembershipFactory(
        committee=CommitteeFactory(center=DistrictCenterFactory()), position=Position.CHAIR
    ).person
    chair.organization = OrganizationFactory(district=DistrictCenterFactory().district)
    with pytest.raises(ValidationError) as error:
        chair.full_clean()
    assert "ให้บันทึกวันสิ้นสุดวาระก่อนย้ายสังกัด" in " ".join(error.value.messages)
