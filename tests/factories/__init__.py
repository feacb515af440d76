"""Factories (factory-boy): a rule's test builds what it needs and says so, instead of
finding it in the demo by title or name. The demo stays the cast of the browser tests and
the permission matrix.

    center = DistrictCenterFactory()         # in a district of its own, under the province
    groups = member_groups(center, 2)        # two active member groups
    coordinator = staff_user(center)         # the district's coordinator
    purchase_round = PurchaseRoundFactory()  # provincial, open, one item with a tier
    order(purchase_round, center, {(groups[0], purchase_round.items.get()): D("10")})
    advance_round(purchase_round, "settled", by=admin_user())

They write through each app's services, as its pages do. By area: network (districts,
centers, organizations, people, memberships, committees and seats, users and roles),
purchases, meetings, members (rosters, baseline profiles), reports."""

from .meetings import FIVE_SEATS, AgendaItemFactory, MeetingFactory, at, hold
from .members import (
    BaselineProfileFactory,
    OrganizationLinkFactory,
    RosterFactory,
    RosterMemberFactory,
    advance_roster,
    member_group,
    national_id,
)
from .network import (
    CommitteeFactory,
    CommitteeMembershipFactory,
    DistrictCenterFactory,
    DistrictFactory,
    MembershipFactory,
    OrganizationFactory,
    PersonFactory,
    ProvincialCenterFactory,
    RepresentativeFactory,
    StaffAssignmentFactory,
    UserFactory,
    admin_user,
    chair_user,
    district,
    district_center,
    district_of,
    member_groups,
    province,
    provincial_center,
    representative_user,
    seat_user,
    staff_user,
)
from .purchases import (
    DEFAULT_ITEM,
    DeliveryFactory,
    DistrictOrderFactory,
    OrderLineFactory,
    PaymentFactory,
    PickupFactory,
    PriceTierFactory,
    ProductFactory,
    PurchaseRoundFactory,
    ReferencePriceFactory,
    RoundItemFactory,
    SupplierFactory,
    advance_round,
    order,
    priced,
)
from .reports import ReportReviewFactory, ReportSignOffFactory

__all__ = [
    "DEFAULT_ITEM",
    "FIVE_SEATS",
    "AgendaItemFactory",
    "BaselineProfileFactory",
    "CommitteeFactory",
    "CommitteeMembershipFactory",
    "DeliveryFactory",
    "DistrictCenterFactory",
    "DistrictFactory",
    "DistrictOrderFactory",
    "MeetingFactory",
    "MembershipFactory",
    "OrderLineFactory",
    "OrganizationFactory",
    "OrganizationLinkFactory",
    "PaymentFactory",
    "PersonFactory",
    "PickupFactory",
    "PriceTierFactory",
    "ProductFactory",
    "ProvincialCenterFactory",
    "PurchaseRoundFactory",
    "ReportReviewFactory",
    "ReportSignOffFactory",
    "RepresentativeFactory",
    "RosterFactory",
    "RosterMemberFactory",
    "RoundItemFactory",
    "StaffAssignmentFactory",
    "SupplierFactory",
    "UserFactory",
    "admin_user",
    "advance_roster",
    "advance_round",
    "at",
    "chair_user",
    "district",
    "district_center",
    "district_of",
    "hold",
    "member_group",
    "member_groups",
    "national_id",
    "order",
    "priced",
    "province",
    "provincial_center",
    "representative_user",
    "seat_user",
    "staff_user",
    "ReferencePriceFactory",
]
