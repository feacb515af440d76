"""The network's core, built inside a test: districts and their centers, organizations and
people, memberships, committees with their seats, and the users who hold each role.

A district center made here lies in a district of its own (code 99xx, not one of
Songkhla's), so nothing the demo seeded there counts in what a test checks. The provincial
center is one per network: `province()` finds it, or builds it when there is none."""

import datetime

import factory
from django.conf import settings

from centers.models import Center
from members.models import District

from .base import Factory

# Where the federation sits, and any organization not told otherwise (reference data:
# the districts come from a migration, not from the demo).
MUEANG = "9001"
RATTAPHUM = "9009"


def district(code: str):
    """One of Songkhla's districts (reference data)."""
    return District.objects.get(code=code)


def district_center(code: str):
    """The demo's center of a Songkhla district (tests that still lean on the demo)."""
    return Center.objects.get(level="district", district__code=code)


def provincial_center():
    return Center.objects.get(level="provincial")


def province():
    """The provincial center: the one there is, or a new one when the network has none."""
    existing = Center.objects.filter(level="provincial").first()
    return existing or ProvincialCenterFactory()


def district_of(center):
    """The district an organization of `center` lies in (the federation's for the province)."""
    return center.district if center.district_id else district(MUEANG)


class DistrictFactory(Factory):
    class Meta:
        model = "members.District"

    code = factory.Sequence(lambda n: f"99{n % 100:02d}")
    name = factory.Sequence(lambda n: f"ทดสอบ{n}")


class OrganizationFactory(Factory):
    class Meta:
        model = "members.Organization"

    name = factory.Sequence(lambda n: f"กลุ่มออมทรัพย์เพื่อการผลิตทดสอบ {n}")
    kind = "savings_group"
    district = factory.LazyFunction(lambda: district(RATTAPHUM))
    member_count = 50


class PersonFactory(Factory):
    class Meta:
        model = "members.Person"

    title = "นาย"
    first_name = factory.Sequence(lambda n: f"ทดสอบ{n}")
    last_name = "ใจดี"
    organization = factory.SubFactory(OrganizationFactory)


class ProvincialCenterFactory(Factory):
    """Only for a network without one: there is a single provincial center (use province())."""

    class Meta:
        model = "centers.Center"

    level = "provincial"
    name = "ศูนย์ประสานงานเครือข่ายองค์กรประชาชนระดับจังหวัดสงขลา"
    host = factory.SubFactory(
        OrganizationFactory,
        name="ชุมนุมสหกรณ์การเกษตรสงขลา จำกัด",
        kind="federation",
        district=factory.LazyFunction(lambda: district(MUEANG)),
        member_count=None,
    )
    founded_on = datetime.date(2004, 3, 1)


class DistrictCenterFactory(Factory):
    """A district center in a new district, hosted by the district's agricultural
    cooperative, which is (as in the network) an active member of the provincial center."""

    class Meta:
        model = "centers.Center"

    level = "district"
    district = factory.SubFactory(DistrictFactory)
    name = factory.LazyAttribute(lambda c: f"ศูนย์ประสานงานเครือข่ายระดับอำเภอ{c.district.name}")
    host = factory.SubFactory(
        OrganizationFactory,
        name=factory.LazyAttribute(lambda o: f"สหกรณ์การเกษตร{o.district.name} จำกัด"),
        kind="agricultural_coop",
        district=factory.SelfAttribute("..district"),
        member_count=800,
    )
    parent = factory.LazyFunction(province)
    founded_on = datetime.date(2004, 5, 1)

    @factory.post_generation
    def provincial_membership(center, create, extracted, **kwargs):
        """The host's MOU with the province (False: none)."""
        if create and extracted is not False:
            MembershipFactory(organization=center.host, center=center.parent, **kwargs)


def _member_kind(membership) -> str:
    return "savings_coop" if membership.center.level == "provincial" else "savings_group"


class MembershipFactory(Factory):
    """An organization's membership: by default an active member group of a new district
    center (a savings cooperative of the province's, for the provincial center)."""

    class Meta:
        model = "centers.Membership"

    center = factory.SubFactory(DistrictCenterFactory)
    organization = factory.SubFactory(
        OrganizationFactory,
        kind=factory.LazyAttribute(lambda o: _member_kind(o.factory_parent)),
        district=factory.LazyAttribute(lambda o: district_of(o.factory_parent.center)),
    )
    status = "active"
    applied_on = datetime.date(2024, 1, 10)
    joined_on = factory.LazyAttribute(
        lambda m: None if m.status in ("applied", "declined") else datetime.date(2024, 2, 1)
    )
    left_on = factory.LazyAttribute(
        lambda m: datetime.date(2025, 3, 1) if m.status == "left" else None
    )
    # Active and suspended memberships went through an approved application.
    decided_on = factory.LazyAttribute(
        lambda m: None if m.status in ("applied", "left") else (m.joined_on or m.applied_on)
    )
    decision_reason = factory.LazyAttribute(
        lambda m: "ยังไม่ครบเงื่อนไขการรับสมาชิก" if m.status == "declined" else ""
    )


def member_groups(center, count: int, **organization):
    """`count` new organizations, each an active member of `center`."""
    return [
        MembershipFactory(
            center=center, **{f"organization__{k}": v for k, v in organization.items()}
        ).organization
        for _ in range(count)
    ]


class CommitteeFactory(Factory):
    """A committee; `seats=["chair", "secretary", ...]` seats a new person of the center's
    district in each position (`seats__term_start=`, `seats__term_end=` for their term)."""

    class Meta:
        model = "centers.Committee"

    center = factory.SubFactory(DistrictCenterFactory)
    kind = "executive"
    name = factory.Sequence(lambda n: f"คณะทำงานทดสอบ {n}")

    @factory.post_generation
    def seats(committee, create, extracted, **kwargs):
        for position in extracted or ():
            CommitteeMembershipFactory(committee=committee, position=position, **kwargs)


class CommitteeMembershipFactory(Factory):
    """A seat, held by a new person of an organization in the committee's district."""

    class Meta:
        model = "centers.CommitteeMembership"

    committee = factory.SubFactory(CommitteeFactory)
    person = factory.SubFactory(
        PersonFactory,
        organization=factory.SubFactory(
            OrganizationFactory,
            district=factory.LazyAttribute(
                lambda o: district_of(o.factory_parent.factory_parent.committee.center)
            ),
        ),
    )
    position = "member"
    term_start = datetime.date(2025, 1, 1)
    term_end = datetime.date(2027, 12, 31)


# Users and their roles ----------------------------------------------------------------


class UserFactory(Factory):
    class Meta:
        model = settings.AUTH_USER_MODEL

    username = factory.Sequence(lambda n: f"test_user_{n}")
    first_name = factory.Sequence(lambda n: f"ผู้ใช้{n}")
    last_name = "ทดสอบ"
    email = ""


class StaffAssignmentFactory(Factory):
    """A user working for a center: the provincial center's marketing staff, or a district
    coordinator."""

    class Meta:
        model = "centers.StaffAssignment"

    user = factory.SubFactory(UserFactory)
    center = factory.SubFactory(DistrictCenterFactory)
    starts_on = datetime.date(2024, 1, 1)


class RepresentativeFactory(Factory):
    class Meta:
        model = "members.Representative"

    user = factory.SubFactory(UserFactory)
    organization = factory.SubFactory(OrganizationFactory)


def admin_user(**fields):
    return UserFactory(is_superuser=True, is_staff=True, **fields)


def staff_user(center, **fields):
    """The coordinator of a district center, or the provincial center's marketing staff."""
    return StaffAssignmentFactory(
        center=center, **{f"user__{k}": v for k, v in fields.items()}
    ).user


def seat_user(committee, position: str, **fields):
    """A user whose person holds a running seat on `committee` (a chair, a secretary…):
    the person already in that seat gets the account when the committee has one without
    an account (a committee has one chair), otherwise a new person takes a new seat."""
    seat = (
        committee.members.current()
        .filter(position=position, person__user__isnull=True)
        .select_related("person")
        .first()
    )
    user = UserFactory(**fields)
    if seat is None:
        CommitteeMembershipFactory(committee=committee, position=position, person__user=user)
    else:
        seat.person.user = user
        seat.person.save(update_fields=["user"])
    return user


def chair_user(center, **fields):
    """The chair of the center's executive committee (the committee is made if it has none)."""
    committee = center.committees.filter(kind="executive").first() or CommitteeFactory(
        center=center, kind="executive"
    )
    return seat_user(committee, "chair", **fields)


def representative_user(organization, **fields):
    return RepresentativeFactory(
        organization=organization, **{f"user__{k}": v for k, v in fields.items()}
    ).user
