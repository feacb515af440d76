"""The two-tier rule (DOMAIN.md) holds in the model and, where it can, in the database."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from centers.models import Center, CenterLevel, Membership, MembershipStatus
from members.models import OrganizationKind

from ..factories import (
    DistrictCenterFactory,
    DistrictFactory,
    MembershipFactory,
    OrganizationFactory,
    district,
    province,
)

pytestmark = pytest.mark.django_db


def build(organization, center, status=MembershipStatus.ACTIVE):
    return Membership(
        organization=organization,
        center=center,
        status=status,
        applied_on=datetime.date(2024, 1, 1),
        joined_on=None if status == MembershipStatus.APPLIED else datetime.date(2024, 2, 1),
        decided_on=None if status == MembershipStatus.APPLIED else datetime.date(2024, 2, 1),
    )


def messages_of(error: pytest.ExceptionInfo) -> str:
    return " ".join(error.value.messages)


def test_a_rattaphum_group_joins_the_rattaphum_center():
    rattaphum = DistrictCenterFactory()
    group = OrganizationFactory(kind=OrganizationKind.RUBBER_FUND_COOP, district=rattaphum.district)
    build(group, rattaphum).full_clean()


@pytest.mark.parametrize(
    "kind",
    [
        OrganizationKind.RUBBER_FUND_COOP,
        OrganizationKind.SAVINGS_GROUP,
        OrganizationKind.HOUSEWIFE_GROUP,
        OrganizationKind.OTHER_GROUP,
    ],
)
def test_a_village_group_cannot_join_the_provincial_center(kind):
    group = OrganizationFactory(kind=kind, district=DistrictCenterFactory().district)
    with pytest.raises(ValidationError) as error:
        build(group, province()).full_clean()
    assert "ไม่เชื่อมกับระดับจังหวัดโดยตรง" in messages_of(error)


def test_a_hat_yai_group_cannot_join_the_rattaphum_center():
    group = OrganizationFactory(kind=OrganizationKind.HOUSEWIFE_GROUP, district=district("9011"))
    with pytest.raises(ValidationError) as error:
        build(group, DistrictCenterFactory()).full_clean()
    assert "เป็นสมาชิกได้เฉพาะศูนย์ระดับอำเภอหาดใหญ่" in messages_of(error)


@pytest.mark.parametrize("kind", [OrganizationKind.SAVINGS_COOP, OrganizationKind.SHOP_COOP])
def test_savings_and_shop_cooperatives_belong_at_the_provincial_level(kind):
    rattaphum = DistrictCenterFactory()
    coop = OrganizationFactory(kind=kind, district=rattaphum.district)
    build(coop, province()).full_clean()
    with pytest.raises(ValidationError) as error:
        build(coop, rattaphum).full_clean()
    assert "ไม่ใช่ศูนย์ระดับอำเภอ" in messages_of(error)


def test_a_district_centers_host_belongs_at_the_provincial_level():
    rattaphum = DistrictCenterFactory()
    host = rattaphum.host
    with pytest.raises(ValidationError) as error:
        build(host, rattaphum).full_clean()
    assert "ไม่เป็นสมาชิกของศูนย์ของตนเอง" in messages_of(error)
    other = OrganizationFactory(
        kind=OrganizationKind.AGRICULTURAL_COOP, district=rattaphum.district
    )
    # A non-host agricultural cooperative is a member of its district's center.
    build(other, rattaphum).full_clean()
    with pytest.raises(ValidationError):
        build(other, province()).full_clean()


def test_the_federation_is_no_member():
    federation = province().host
    with pytest.raises(ValidationError):
        build(federation, province()).full_clean()


def test_a_second_active_membership_is_refused_with_a_thai_message():
    rattaphum = DistrictCenterFactory()
    group = OrganizationFactory(kind=OrganizationKind.SAVINGS_GROUP, district=rattaphum.district)
    MembershipFactory(organization=group, center=rattaphum)
    second = build(group, rattaphum)
    with pytest.raises(ValidationError) as error:
        second.full_clean()
    assert "เป็นสมาชิกได้เพียงศูนย์เดียว" in messages_of(error)


def test_the_database_refuses_two_active_memberships_of_one_organization():
    """Even code that skips full_clean() cannot make an organization active twice."""
    coop = OrganizationFactory(kind=OrganizationKind.SAVINGS_COOP, district=district("9001"))
    MembershipFactory(organization=coop, center=province())
    other_center = DistrictCenterFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        build(coop, other_center).save()
    assert Membership.objects.filter(organization=coop).count() == 1


def test_the_database_refuses_an_active_membership_without_a_join_date():
    rattaphum = DistrictCenterFactory()
    group = OrganizationFactory(district=rattaphum.district)
    membership = build(group, rattaphum)
    membership.joined_on = None
    with pytest.raises(IntegrityError), transaction.atomic():
        membership.save()


def test_a_left_membership_does_not_block_rejoining():
    rattaphum = DistrictCenterFactory()
    group = OrganizationFactory(district=rattaphum.district)
    MembershipFactory(
        organization=group,
        center=rattaphum,
        status=MembershipStatus.LEFT,
        left_on=datetime.date(2024, 6, 1),
    )
    build(group, rattaphum).full_clean()


def test_membership_dates_must_run_forward():
    rattaphum = DistrictCenterFactory()
    group = OrganizationFactory(district=rattaphum.district)
    membership = build(group, rattaphum)
    membership.joined_on = datetime.date(2023, 1, 1)  # before applied_on
    with pytest.raises(ValidationError) as error:
        membership.full_clean()
    assert "ต้องไม่ก่อนวันที่ยื่นใบสมัคร" in messages_of(error)


def test_moving_an_organization_to_another_district_is_refused_while_it_is_a_member():
    rattaphum = DistrictCenterFactory(name="ศูนย์ประสานงานเครือข่ายระดับอำเภอทดสอบรัตภูมิ")
    group = OrganizationFactory(district=rattaphum.district)
    MembershipFactory(organization=group, center=rattaphum)
    group.district = district("9011")
    with pytest.raises(ValidationError) as error:
        group.full_clean()
    assert "ศูนย์ประสานงานเครือข่ายระดับอำเภอทดสอบรัตภูมิ" in messages_of(error)


def test_there_is_one_provincial_center_and_district_centers_have_a_district():
    province()  # the network's provincial center
    federation_like = OrganizationFactory(kind=OrganizationKind.FEDERATION)
    second = Center(level=CenterLevel.PROVINCIAL, name="ศูนย์ที่สอง", host=federation_like)
    with pytest.raises(ValidationError) as error:
        second.full_clean()
    assert "มีศูนย์ประสานงานระดับจังหวัดอยู่แล้ว" in messages_of(error)
    host = OrganizationFactory(kind=OrganizationKind.AGRICULTURAL_COOP)
    shapeless = Center(level=CenterLevel.DISTRICT, name="ศูนย์ไม่มีอำเภอ", host=host)
    with pytest.raises(IntegrityError), transaction.atomic():
        shapeless.save()


def test_a_district_center_is_hosted_in_its_own_district():
    host = OrganizationFactory(kind=OrganizationKind.AGRICULTURAL_COOP, district=district("9011"))
    center = Center(
        level=CenterLevel.DISTRICT,
        name="ศูนย์ทดสอบ",
        host=host,
        district=DistrictFactory(),
        parent=province(),
    )
    with pytest.raises(ValidationError) as error:
        center.full_clean()
    assert "อยู่ในอำเภอเดียวกับศูนย์" in messages_of(error)


def test_a_center_cannot_move_to_a_new_host_while_the_old_one_is_its_provincial_member():
    rattaphum = DistrictCenterFactory()
    old_host = rattaphum.host
    new_host = OrganizationFactory(
        kind=OrganizationKind.AGRICULTURAL_COOP, district=rattaphum.district, name="สหกรณ์ใหม่"
    )
    rattaphum.host = new_host
    with pytest.raises(ValidationError) as error:
        rattaphum.full_clean()
    assert "ให้บันทึกการพ้นสมาชิกภาพของที่ตั้งเดิมก่อน" in messages_of(error)
    # After the old host's provincial membership ends, the move is allowed.
    membership = old_host.memberships.get(center=province())
    membership.status = MembershipStatus.LEFT
    membership.left_on = datetime.date(2026, 1, 31)
    membership.save()
    rattaphum.full_clean()


def test_a_host_cannot_change_into_a_kind_that_may_not_host():
    host = DistrictCenterFactory(name="ศูนย์ประสานงานเครือข่ายระดับอำเภอทดสอบหาดใหญ่").host
    host.kind = OrganizationKind.HOUSEWIFE_GROUP
    with pytest.raises(ValidationError) as error:
        host.full_clean()
    assert "เป็นที่ตั้งของศูนย์ประสานงานเครือข่ายระดับอำเภอทดสอบหาดใหญ่" in messages_of(error)
    host.refresh_from_db()
    host.district = district("9001")
    with pytest.raises(ValidationError) as error:
        host.full_clean()
    assert "อยู่ในอำเภอเดียวกับศูนย์" in messages_of(error)


def test_the_federation_stays_a_federation_while_it_hosts_the_provincial_center():
    federation = province().host
    federation.kind = OrganizationKind.SHOP_COOP
    with pytest.raises(ValidationError) as error:
        federation.full_clean()
    assert "ศูนย์ระดับจังหวัดตั้งอยู่ที่ชุมนุมสหกรณ์" in messages_of(error)


@pytest.mark.parametrize(
    ("level", "kind", "message"),
    [
        ("district", OrganizationKind.RUBBER_FUND_COOP, "ตั้งอยู่ที่สหกรณ์การเกษตรของอำเภอ"),
        ("provincial", OrganizationKind.AGRICULTURAL_COOP, "ตั้งอยู่ที่ชุมนุมสหกรณ์"),
    ],
)
def test_only_the_right_kind_hosts_a_center(level, kind, message):
    center = DistrictCenterFactory() if level == "district" else province()
    center.host = OrganizationFactory(kind=kind, district=DistrictCenterFactory().district)
    with pytest.raises(ValidationError) as error:
        center.full_clean()
    assert message in messages_of(error)


def test_a_host_with_a_district_membership_cannot_host():
    center = DistrictCenterFactory()
    coop = OrganizationFactory(kind=OrganizationKind.AGRICULTURAL_COOP, district=center.district)
    MembershipFactory(organization=coop, center=center)
    center.host = coop
    with pytest.raises(ValidationError) as error:
        center.full_clean()
    assert "องค์กรที่ตั้งศูนย์ต้องสังกัดระดับจังหวัด" in messages_of(error)
