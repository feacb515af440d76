import datetime

import factory

from centers.models import (
    Center,
    CenterLevel,
    Committee,
    CommitteeKind,
    CommitteeMembership,
    Membership,
    MembershipStatus,
    Position,
)
from members.models import District, Organization, OrganizationKind, Person


def district(code: str) -> District:
    return District.objects.get(code=code)


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"กลุ่มออมทรัพย์เพื่อการผลิตทดสอบ {n}")
    kind = OrganizationKind.SAVINGS_GROUP
    district = factory.LazyFunction(lambda: district("9009"))
    member_count = 50


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    title = "นาย"
    first_name = factory.Sequence(lambda n: f"ทดสอบ{n}")
    last_name = "ใจดี"
    organization = factory.SubFactory(OrganizationFactory)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    organization = factory.SubFactory(OrganizationFactory)
    status = MembershipStatus.ACTIVE
    applied_on = datetime.date(2024, 1, 10)
    joined_on = datetime.date(2024, 2, 1)
    # Active and suspended memberships went through an approved application.
    decided_on = factory.LazyAttribute(
        lambda m: (
            None if m.status in (MembershipStatus.APPLIED, MembershipStatus.LEFT) else m.joined_on
        )
    )


class CommitteeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Committee

    kind = CommitteeKind.EXECUTIVE
    name = factory.Sequence(lambda n: f"คณะทำงานทดสอบ {n}")


class CommitteeMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommitteeMembership

    committee = factory.SubFactory(CommitteeFactory)
    person = factory.SubFactory(PersonFactory)
    position = Position.MEMBER
    term_start = datetime.date(2025, 1, 1)
    term_end = datetime.date(2027, 12, 31)


def district_center(code: str) -> Center:
    return Center.objects.get(level=CenterLevel.DISTRICT, district__code=code)


def provincial_center() -> Center:
    return Center.objects.get(level=CenterLevel.PROVINCIAL)
