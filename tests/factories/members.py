"""An organization's own records, built inside a test: its member roster and the people
on it, and its baseline profile."""

import datetime
from decimal import Decimal

import factory

from members.rosters import services as rosters

from .base import Factory
from .network import MembershipFactory


def national_id(sequence: int) -> str:
    """A valid Thai national ID (the 13th digit is the check digit), one per sequence."""
    first_twelve = f"3{91000000000 + sequence * 41:011d}"
    total = sum(int(digit) * (13 - index) for index, digit in enumerate(first_twelve))
    return first_twelve + str((11 - total % 11) % 10)


def member_group(**fields):
    """A new organization that is an active member of a new district center."""
    return MembershipFactory(**{f"organization__{k}": v for k, v in fields.items()}).organization


class RosterFactory(Factory):
    """A member group's roster, a draft; members=N puts N consenting people on it
    (RosterMemberFactory's fields as members__...). Its status moves with advance_roster."""

    class Meta:
        model = "rosters.Roster"

    organization = factory.LazyFunction(member_group)
    status = "draft"

    @factory.post_generation
    def members(roster, create, extracted, **kwargs):
        for _ in range(extracted or 0):
            RosterMemberFactory(roster=roster, **kwargs)


class RosterMemberFactory(Factory):
    class Meta:
        model = "rosters.RosterMember"

    roster = factory.SubFactory(RosterFactory)
    title = "นาง"
    first_name = factory.Sequence(lambda n: f"สมาชิก{n}")
    last_name = "ทดสอบ"
    national_id = factory.Sequence(national_id)
    phone = factory.Sequence(lambda n: f"081-000-{n % 10000:04d}")
    joined_on = datetime.date(2017, 3, 15)
    consent = True
    consent_on = datetime.date(2026, 6, 1)


def advance_roster(roster, *actions: str, by, reason: str = ""):
    """Move a roster through roster_transition ("submit", "forward", "return"), in turn."""
    for action in actions:
        roster = rosters.roster_transition(
            organization=roster.organization, action=action, by=by, reason=reason
        )
    return roster


class BaselineProfileFactory(Factory):
    class Meta:
        model = "baseline.BaselineProfile"

    organization = factory.LazyFunction(member_group)
    surveyed_on = datetime.date(2026, 1, 15)
    capital = Decimal("1500000")
    main_products = "ยางพารา"
    note = ""


class OrganizationLinkFactory(Factory):
    """An organization's existing link to another organization of the network."""

    class Meta:
        model = "baseline.OrganizationLink"

    organization = factory.LazyFunction(member_group)
    kind = "buys_from"
    partner_organization = factory.LazyFunction(member_group)
    description = ""
