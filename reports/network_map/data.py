"""What the network map reads from the network: one query each, whatever the number of
groups, partners or rounds.

The period is a Buddhist-Era year (the current one by default) for meetings, its Christian
year (`ce_year`) for dates: a round belongs to the year it was ordered in, or, while it is
open, the year it opened in.
"""

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q

from centers.models import Center, CenterLevel, Membership, MembershipStatus
from meetings.models import Attendance, AttendanceStatus, Meeting, MeetingKind, MeetingStatus
from members.models import OrganizationLink
from songkhla_network import access
from transactions.catalogue.models import PartnerLocation, PartnerRole, Support
from transactions.purchases.models import (
    SENT_TO_SUPPLIER,
    DistrictOrder,
    OrderLine,
    OrderStatus,
    PurchaseRound,
    RoundStatus,
)

ORDERED_STATUSES = SENT_TO_SUPPLIER
UNDER_WAY_STATUSES = (RoundStatus.OPEN, RoundStatus.CLOSED)


def map_centers() -> list[Center]:
    """Every center, the provincial one first, then the districts by code."""
    return list(
        Center.objects.select_related("district", "host").order_by("level", "district__code")
    )


def _period(ce_year: int, prefix: str = "") -> Q:
    """Rounds of the year: ordered in it, or still open and opened in it."""
    p = prefix
    return (
        Q(**{f"{p}status__in": ORDERED_STATUSES, f"{p}ordered_on__year": ce_year})
        | Q(
            **{
                f"{p}status__in": ORDERED_STATUSES,
                f"{p}ordered_on__isnull": True,
                f"{p}opens_at__year": ce_year,
            }
        )
        | Q(**{f"{p}status__in": UNDER_WAY_STATUSES, f"{p}opens_at__year": ce_year})
    )


# Memberships ------------------------------------------------------------------------------


def province_memberships(province: Center) -> list[Membership]:
    """The open memberships of the provincial center (the district centers' hosts and the
    provincial-level members), by name."""
    return list(
        Membership.objects.open()
        .filter(center=province)
        .select_related("organization")
        .order_by("organization__name")
    )


def district_memberships(center: Center, province: Center) -> list[Membership]:
    """The open memberships of the district's groups, and the district's own membership of
    the province (its host's), by name."""
    return list(
        Membership.objects.open()
        .filter(Q(center=center) | Q(center=province, organization_id=center.host_id))
        .select_related("organization")
        # What the map and its table read: a district has hundreds of groups.
        .only(
            "status",
            "center_id",
            "organization__name",
            "organization__kind",
            "organization__district_id",
            "organization__public_id",
        )
        .order_by("organization__name")
    )


# Rounds, orders and support ---------------------------------------------------------------


@dataclass
class PartnerDealing:
    """A partner and a center that dealt with each other in rounds of the year."""

    partner_id: int
    name: str
    role: str
    location: str
    center_id: int
    ordered: bool = False  # at least one round already ordered (else all still open)
    products: list[str] = field(default_factory=list)

    @property
    def role_label(self) -> str:
        return PartnerRole(self.role).label

    @property
    def location_label(self) -> str:
        return PartnerLocation(self.location).label


def partner_dealings(ce_year: int, centers: list[Center]) -> list[PartnerDealing]:
    """Partners linked to the centers they dealt with in rounds of the year, and those that
    supported a center that year (two queries: the rounds with their products, the support)."""
    rows = (
        PurchaseRound.objects.filter(_period(ce_year), supplier__isnull=False)
        .filter(center__in=centers)
        .values_list(
            "status",
            "center_id",
            "supplier_id",
            "supplier__name",
            "supplier__role",
            "supplier__location",
            "items__product__name",
        )
        .order_by("supplier__name", "center_id", "pk", "items__product__name")
    )
    dealings: dict[tuple[int, int], PartnerDealing] = {}
    for status, center_id, partner_id, name, role, location, product in rows:
        dealing = dealings.setdefault(
            (partner_id, center_id),
            PartnerDealing(partner_id, name, role, location, center_id),
        )
        dealing.ordered = dealing.ordered or status in ORDERED_STATUSES
        if product is not None and product not in dealing.products:
            dealing.products.append(product)
    # Partners and support (ภาคีสนับสนุน) given in the year: outside links too.
    for center_id, partner_id, name, role, location, description in Support.objects.filter(
        center__in=centers, given_on__year=ce_year
    ).values_list(
        "center_id",
        "partner_id",
        "partner__name",
        "partner__role",
        "partner__location",
        "description",
    ):
        dealing = dealings.setdefault(
            (partner_id, center_id),
            PartnerDealing(partner_id, name, role, location, center_id, ordered=True),
        )
        dealing.ordered = True
        dealing.products.append(f"สนับสนุน{description}")
    return list(dealings.values())


def provincial_products(ce_year: int, centers: list[Center]) -> dict[int, list[str]]:
    """What each district bought in the provincial rounds of the year (submitted orders).

    Read from the orders and the rounds' products, with one index probe for a line of each
    (order, product): the lines themselves grow with the groups (a year of rounds at scale
    is over a hundred thousand), the pairs do not."""
    rows = (
        DistrictOrder.objects.filter(
            _period(ce_year, "round__"),
            status=OrderStatus.SUBMITTED,
            round__center__level=CenterLevel.PROVINCIAL,
            center__in=centers,
        )
        .filter(
            Exists(OrderLine.objects.filter(order=OuterRef("pk"), item=OuterRef("round__items")))
        )
        .values_list("center_id", "round__items__product__name")
        .distinct()
        .order_by("center_id", "round__items__product__name")
    )
    products: dict[int, list[str]] = {}
    for center_id, name in rows:
        products.setdefault(center_id, []).append(name)
    return products


def group_products(ce_year: int, center: Center) -> dict[int, list[str]]:
    """Organization id -> the products its lines of the district's submitted orders of the
    year asked for."""
    ordered: dict[int, list[str]] = {}
    for organization_id, name in (
        OrderLine.objects.filter(
            _period(ce_year, "order__round__"),
            order__center=center,
            order__status=OrderStatus.SUBMITTED,
        )
        .values_list("organization_id", "item__product__name")
        .distinct()
        .order_by("organization_id", "item__product__name")
    ):
        ordered.setdefault(organization_id, []).append(name)
    return ordered


# Meetings ---------------------------------------------------------------------------------


def monthly_meeting_centers(year: int, centers: list[Center]) -> set[int]:
    """The centers whose committees held a monthly meeting in the (BE) year."""
    return set(
        Meeting.objects.filter(
            status=MeetingStatus.HELD,
            kind=MeetingKind.MONTHLY,
            year=year,
            committee__center__in=centers,
        )
        .values_list("committee__center_id", flat=True)
        .order_by()
        .distinct()
    )


def monthly_meeting_organizations(year: int, center: Center) -> set[int]:
    """The organizations whose people were present at the district's monthly meetings
    held in the (BE) year."""
    return set(
        Attendance.objects.filter(
            meeting__committee__center=center,
            meeting__status=MeetingStatus.HELD,
            meeting__kind=MeetingKind.MONTHLY,
            meeting__year=year,
            status=AttendanceStatus.PRESENT,
            person__organization__isnull=False,
        )
        .values_list("person__organization_id", flat=True)
        .order_by()
        .distinct()
    )


# Links from the baseline survey (ระยะที่ 1) ------------------------------------------------

IN_NETWORK = (MembershipStatus.ACTIVE, MembershipStatus.SUSPENDED)


def survey_links(
    ce_year: int,
    organization_ids: list[int],
    *,
    incoming: bool,
    members_of: Center | None = None,
) -> list[OrganizationLink]:
    """The survey links of the organizations on the map (`incoming`: and the links to them
    recorded by others), as of the year (one query). The organizations: `organization_ids`
    and, with `members_of`, those with an open membership of that center, asked as a
    subquery: a district's hundreds of groups written into the SQL one by one took longer
    to send and plan than the query took to run."""
    member = Membership.objects.filter(status__in=IN_NETWORK)
    ends = Q(organization_id__in=organization_ids)
    partner_ends = Q(partner_organization_id__in=organization_ids)
    if members_of is not None:
        groups = Membership.objects.open().filter(center=members_of).values("organization_id")
        ends |= Q(organization_id__in=groups)
        partner_ends |= Q(partner_organization_id__in=groups)
    if incoming:
        ends |= partner_ends
    return list(
        OrganizationLink.objects.filter(ends)
        .filter(
            Q(organization__profile__isnull=True)
            | Q(organization__profile__surveyed_on__year__lte=ce_year)
        )
        .select_related("organization__district", "partner_organization__district")
        .annotate(
            organization_member=Exists(member.filter(organization=OuterRef("organization_id"))),
            organization_host=Exists(Center.objects.filter(host=OuterRef("organization_id"))),
            partner_member=Exists(member.filter(organization=OuterRef("partner_organization_id"))),
            partner_host=Exists(Center.objects.filter(host=OuterRef("partner_organization_id"))),
            organization_anchor=access.anchor_exists("organization_id"),
            partner_anchor=access.anchor_exists("partner_organization_id"),
        )
        .order_by("organization__name", "kind", "pk")
    )
