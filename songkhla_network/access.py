"""The access policy: who may see and do what. Every view and every queryset asks here.

Roles come from the network's own data, read once per request (`scope_of`):

- network admin: a Django superuser, or staff of the federation, manages everything;
- province-wide: a running seat on the provincial committee or the marketing
  subcommittee (not on another working group) or a staff assignment to the provincial center
  (the federation's marketing department, "provincial coordinator");
- district: a running seat on a district center's committee, or a staff assignment to a
  district center (district coordinator): that district only;
- representative: a user linked to an organization: that organization only;
- anyone else signed in (a partner, an observer): aggregate figures and the network page.

A user may hold several roles; what they may do is the union.

Answers: ALLOW; FORBID (403: the object is within what the user may know exists, but the
role does not reach it); HIDE (404: outside the user's scope, it does not exist for them).
"""

import enum
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from centers.models import (
    Center,
    CenterLevel,
    CommitteeKind,
    CommitteeMembership,
    Position,
    StaffAssignment,
)
from members.models import Organization, Representative

# Seats that carry a role: the executive committees and the marketing subcommittee. A seat
# on another working group gives none.
ROLE_COMMITTEES = (CommitteeKind.EXECUTIVE, CommitteeKind.MARKETING)


class Decision(enum.Enum):
    ALLOW = "allow"
    FORBID = "forbid"
    HIDE = "hide"


@dataclass(frozen=True)
class Scope:
    is_admin: bool = False
    province_wide: bool = False
    provincial_staff: bool = False
    coordinator_district_ids: frozenset[int] = field(default_factory=frozenset)
    committee_district_ids: frozenset[int] = field(default_factory=frozenset)
    chair_district_ids: frozenset[int] = field(default_factory=frozenset)
    provincial_marketing: bool = False
    seats: frozenset[tuple[int, str]] = field(default_factory=frozenset)  # (committee, position)
    staff_center_ids: frozenset[int] = field(default_factory=frozenset)
    organization_ids: frozenset[int] = field(default_factory=frozenset)
    organization_district_ids: frozenset[int] = field(default_factory=frozenset)

    @property
    def district_ids(self) -> frozenset[int]:
        return self.coordinator_district_ids | self.committee_district_ids

    @property
    def everywhere(self) -> bool:
        return self.is_admin or self.province_wide

    @property
    def has_role(self) -> bool:
        """Any role beyond the aggregate figures every signed-in user sees."""
        return self.everywhere or bool(self.district_ids) or bool(self.organization_ids)

    @property
    def sees_organizations(self) -> bool:
        return self.has_role


ANONYMOUS = Scope()


def scope_of(user) -> Scope:
    """The user's roles on this request (three queries, then cached on the user object,
    which lives for one request; an ended term therefore counts from the next request)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return ANONYMOUS
    cached = getattr(user, "_network_scope", None)
    if cached is not None:
        return cached
    all_seats = list(
        CommitteeMembership.objects.current()
        .filter(person__user=user)
        .values_list(
            "committee__center__level",
            "committee__center__district_id",
            "committee__kind",
            "position",
            "committee_id",
        )
    )
    # Only executive and marketing seats carry a role; any seat lets one read one's own
    # committee's meetings.
    seat_rows = [row[:4] for row in all_seats if row[2] in ROLE_COMMITTEES]
    seat_levels = [(level, district) for level, district, _, _ in seat_rows]
    assignment_rows = list(
        StaffAssignment.objects.current()
        .filter(user=user)
        .values_list("center__level", "center__district_id", "center_id")
    )
    assignments = [(level, district) for level, district, _ in assignment_rows]
    represented = list(
        Representative.objects.filter(user=user).values_list(
            "organization_id", "organization__district_id"
        )
    )
    scope = Scope(
        is_admin=user.is_superuser or user.is_staff,
        province_wide=any(
            level == CenterLevel.PROVINCIAL for level, _ in seat_levels + assignments
        ),
        provincial_staff=any(level == CenterLevel.PROVINCIAL for level, _ in assignments),
        coordinator_district_ids=frozenset(
            district for level, district in assignments if level == CenterLevel.DISTRICT
        ),
        committee_district_ids=frozenset(
            district for level, district in seat_levels if level == CenterLevel.DISTRICT
        ),
        chair_district_ids=frozenset(
            district
            for level, district, kind, position in seat_rows
            if level == CenterLevel.DISTRICT
            and kind == CommitteeKind.EXECUTIVE
            and position == Position.CHAIR
        ),
        provincial_marketing=any(
            level == CenterLevel.PROVINCIAL and kind == CommitteeKind.MARKETING
            for level, _, kind, _ in seat_rows
        ),
        organization_ids=frozenset(organization for organization, _ in represented),
        organization_district_ids=frozenset(district for _, district in represented),
        seats=frozenset((row[4], row[3]) for row in all_seats),
        staff_center_ids=frozenset(center for _, _, center in assignment_rows),
    )
    user._network_scope = scope
    return scope


def enforce(decision: Decision) -> None:
    """Turn a refusal into the response the policy asks for."""
    if decision is Decision.HIDE:
        raise Http404("ไม่พบข้อมูลนี้")
    if decision is Decision.FORBID:
        raise PermissionDenied("บัญชีของคุณไม่มีสิทธิ์ดูข้อมูลนี้")


# Centers ------------------------------------------------------------------------------


def center_decision(user, center: Center) -> Decision:
    scope = scope_of(user)
    if center.level == CenterLevel.PROVINCIAL or scope.everywhere:
        return Decision.ALLOW
    if center.district_id in scope.district_ids:
        return Decision.ALLOW
    if scope.district_ids:
        return Decision.HIDE  # another district: it does not exist for a district user
    return Decision.FORBID


def may_view_center(user, center: Center) -> bool:
    return center_decision(user, center) is Decision.ALLOW


def may_see_names(user) -> bool:
    """Names of committee members and contacts: anyone with a role, never an observer."""
    return scope_of(user).has_role


# Organizations ------------------------------------------------------------------------


def organizations(user) -> QuerySet[Organization]:
    """The organizations the user may see (list pages filter through this)."""
    scope = scope_of(user)
    if scope.everywhere:
        return Organization.objects.all()
    return Organization.objects.filter(
        Q(district_id__in=scope.district_ids) | Q(pk__in=scope.organization_ids)
    )


def organization_decision(user, organization: Organization) -> Decision:
    scope = scope_of(user)
    if not scope.sees_organizations:
        return Decision.FORBID
    if scope.everywhere:
        return Decision.ALLOW
    if organization.district_id in scope.district_ids or organization.pk in scope.organization_ids:
        return Decision.ALLOW
    return Decision.HIDE


def organization_list_decision(user) -> Decision:
    return Decision.ALLOW if scope_of(user).sees_organizations else Decision.FORBID


def may_see_personal_data(user, organization: Organization | None) -> bool:
    """Phone numbers and national IDs of people: admins, the federation's staff, the
    coordinator of the organization's district and its own representatives. Everyone
    else sees them masked (mask_phone, mask_national_id)."""
    scope = scope_of(user)
    if scope.is_admin or scope.provincial_staff:
        return True
    if organization is None:
        return False
    return (
        organization.district_id in scope.coordinator_district_ids
        or organization.pk in scope.organization_ids
    )


def mask_phone(phone: str) -> str:
    """081-234-5601 -> 0xx-xxx-xx01: enough to recognise, not to call.

    The first digit and the last two stay; other digits become x; dashes stay."""
    total = sum(char.isdigit() for char in phone)
    if total < 4:
        return "x" * len(phone)
    masked, seen = [], 0
    for char in phone:
        if char.isdigit():
            masked.append(char if seen == 0 or seen >= total - 2 else "x")
            seen += 1
        else:
            masked.append(char)
    return "".join(masked)


def mark_visible(user, organizations) -> None:
    """Set `.visible` on each organization, so templates link only what the user may open."""
    for organization in organizations:
        organization.visible = organization_decision(user, organization) is Decision.ALLOW


# Joint purchases ----------------------------------------------------------------------
#
# A provincial round is run by the federation's marketing department and the marketing
# subcommittee; a district round by the district's coordinator. Orders are entered by the
# district's coordinator and submitted by the coordinator or the district committee chair.
# What a user sees of a round is one of four views (RoundView).


class RoundView(enum.Enum):
    FULL = "full"  # every district and group: admins, province-wide roles, the round's owners
    DISTRICT = "district"  # network totals, and the lines of the user's own districts
    GROUP = "group"  # network totals, and the user's own groups' lines, balances, savings
    TOTALS = "totals"  # totals per product only: observers and partners


def manages_round(user, purchase_round) -> bool:
    scope = scope_of(user)
    if scope.is_admin:
        return True
    if purchase_round.center.level == CenterLevel.PROVINCIAL:
        return scope.provincial_staff or scope.provincial_marketing
    return purchase_round.center.district_id in scope.coordinator_district_ids


def centers_for_new_round(user) -> QuerySet[Center]:
    """The centers the user may open a round for."""
    scope = scope_of(user)
    centers = Center.objects.select_related("district")
    if scope.is_admin:
        return centers.all()
    query = Q(district_id__in=scope.coordinator_district_ids)
    if scope.provincial_staff or scope.provincial_marketing:
        query |= Q(level=CenterLevel.PROVINCIAL)
    return centers.filter(query)


def may_open_rounds(user) -> bool:
    scope = scope_of(user)
    return (
        scope.is_admin
        or scope.provincial_staff
        or scope.provincial_marketing
        or bool(scope.coordinator_district_ids)
    )


def rounds(user):
    """The purchase rounds the user may see. Drafts only to those who run them; another
    district's own rounds never to a district user."""
    from transactions.purchases.models import PurchaseRound, RoundStatus

    scope = scope_of(user)
    if scope.everywhere:
        return PurchaseRound.objects.all()
    published = ~Q(status=RoundStatus.DRAFT)
    own_drafts = Q(center__district_id__in=scope.coordinator_district_ids)
    if not scope.district_ids and not scope.organization_ids:
        return PurchaseRound.objects.filter(published)  # observers: totals only
    districts = Q(center__district_id__in=scope.district_ids) | Q(
        center__district_id__in=scope.organization_district_ids
    )
    return PurchaseRound.objects.filter(
        (Q(center__level=CenterLevel.PROVINCIAL) & published) | (districts & published) | own_drafts
    )


def round_decision(user, purchase_round) -> Decision:
    """`rounds(user)` for one round already read, without a query (the order entry page
    asks twice a request): the same rule, which a test checks against the queryset for
    every demo user and round."""
    from transactions.purchases.models import RoundStatus

    scope = scope_of(user)
    if scope.everywhere:
        return Decision.ALLOW
    center = purchase_round.center
    published = purchase_round.status != RoundStatus.DRAFT
    if not scope.district_ids and not scope.organization_ids:
        return Decision.ALLOW if published else Decision.HIDE
    if center.district_id in scope.coordinator_district_ids:  # its own drafts too
        return Decision.ALLOW
    if published and (
        center.level == CenterLevel.PROVINCIAL
        or center.district_id in scope.district_ids
        or center.district_id in scope.organization_district_ids
    ):
        return Decision.ALLOW
    return Decision.HIDE


def round_view(user, purchase_round) -> RoundView:
    scope = scope_of(user)
    if scope.everywhere or manages_round(user, purchase_round):
        return RoundView.FULL
    if purchase_round.center.level == CenterLevel.DISTRICT and (
        purchase_round.center.district_id in scope.district_ids
    ):
        return RoundView.FULL  # the district's own round, for its committee
    if scope.district_ids:
        return RoundView.DISTRICT
    if scope.organization_ids:
        return RoundView.GROUP
    return RoundView.TOTALS


def district_order_decision(
    user, purchase_round, center: Center, round_visible: bool | None = None
) -> Decision:
    """May the user open this district's order page in the round? `round_visible`: the
    caller already knows the round is visible to the user (a page listing districts)."""
    scope = scope_of(user)
    if round_visible is None:
        round_visible = round_decision(user, purchase_round) is Decision.ALLOW
    if not round_visible:
        return Decision.HIDE
    if scope.everywhere or manages_round(user, purchase_round):
        return Decision.ALLOW
    if center.district_id in scope.district_ids:
        return Decision.ALLOW
    if scope.district_ids:
        return Decision.HIDE
    return Decision.FORBID


def may_record_past_round(user) -> bool:
    """Enter a round that already happened, with its real dates (e.g. the report's
    purchases of 2547): network admins and the federation's staff."""
    scope = scope_of(user)
    return scope.is_admin or scope.provincial_staff


def _records_past_round(user, purchase_round) -> bool:
    """Whoever enters a round recorded afterwards enters every district's order in it."""
    return (
        purchase_round is not None
        and purchase_round.recorded_afterwards
        and may_record_past_round(user)
        and manages_round(user, purchase_round)
    )


def may_edit_order(user, center: Center, purchase_round=None) -> bool:
    """The district's coordinator; in a round recorded afterwards (`purchase_round`), also
    the federation's staff and admins who enter it."""
    scope = scope_of(user)
    return (
        scope.is_admin
        or center.district_id in scope.coordinator_district_ids
        or _records_past_round(user, purchase_round)
    )


def may_submit_order(user, center: Center, purchase_round=None) -> bool:
    scope = scope_of(user)
    return (
        may_edit_order(user, center, purchase_round)
        or center.district_id in scope.chair_district_ids
    )


def may_return_order(user, purchase_round) -> bool:
    """Unlock a submitted order: those who run the round (the province for a provincial
    round, the district's coordinator for its own round)."""
    return manages_round(user, purchase_round)


def may_record_delivery(user, purchase_round, center: Center | None = None) -> bool:
    """Supplier deliveries: the round's owners, or the receiving district's coordinator."""
    if manages_round(user, purchase_round):
        return True
    scope = scope_of(user)
    if center is None:
        return bool(scope.coordinator_district_ids)
    return center.district_id in scope.coordinator_district_ids


def may_handle_district(user, purchase_round, center: Center) -> bool:
    """Pickups, group payments and the allocation among a district's groups: the district's
    coordinator, and the round's owners."""
    return may_edit_order(user, center) or manages_round(user, purchase_round)


def may_record_district_payment(user, purchase_round) -> bool:
    return purchase_round.center.level == CenterLevel.PROVINCIAL and manages_round(
        user, purchase_round
    )


def may_view_catalogue(user) -> bool:
    return scope_of(user).has_role


def may_edit_reference_prices(user) -> bool:
    scope = scope_of(user)
    return scope.is_admin or scope.provincial_staff or scope.provincial_marketing


# Meetings -----------------------------------------------------------------------------
#
# The secretary of a committee and the staff of its center prepare and record its
# meetings; the chair approves the minutes; members read. Province-wide roles and admins
# read every committee's meetings; others only their own committees'. Observers: counts.


def meeting_committees(user) -> QuerySet:
    """The committees whose meetings the user may read."""
    from centers.models import Committee

    scope = scope_of(user)
    if scope.everywhere:
        return Committee.objects.all()
    return Committee.objects.filter(
        Q(pk__in={committee for committee, _ in scope.seats})
        | Q(center_id__in=scope.staff_center_ids)
    )


def committee_decision(user, committee) -> Decision:
    scope = scope_of(user)
    if scope.everywhere:
        return Decision.ALLOW
    if committee.pk in {c for c, _ in scope.seats} or committee.center_id in scope.staff_center_ids:
        return Decision.ALLOW
    district = committee.center.district_id
    if district is not None and district not in scope.district_ids and scope.district_ids:
        return Decision.HIDE  # another district: it does not exist for a district user
    return Decision.FORBID


def may_prepare_meetings(user, committee) -> bool:
    """Schedule, set the agenda, record attendance, minutes and action items."""
    scope = scope_of(user)
    return (
        scope.is_admin
        or (committee.pk, Position.SECRETARY) in scope.seats
        or committee.center_id in scope.staff_center_ids
    )


def may_approve_minutes(user, committee) -> bool:
    scope = scope_of(user)
    return scope.is_admin or (committee.pk, Position.CHAIR) in scope.seats


# Monthly reports ----------------------------------------------------------------------
#
# A district's report: its committee and coordinators, and the province. Observers and
# partners get the figures (aggregates, no personal data) without reviewers' names.


def report_decision(user, center) -> Decision:
    scope = scope_of(user)
    if not scope.has_role:
        return Decision.ALLOW  # aggregates only; the template leaves names out
    return center_decision(user, center)


def may_see_report_names(user) -> bool:
    return scope_of(user).has_role


def may_review_report(user, center) -> bool:
    scope = scope_of(user)
    if scope.everywhere:
        return True
    return center.district_id is not None and center.district_id in scope.district_ids


def may_sign_report(user, center) -> bool:
    """The chair of the center's executive committee (or an admin) signs the month off."""
    scope = scope_of(user)
    return scope.is_admin or _chairs_center(scope, center)


def dashboard_decision(user) -> Decision:
    """The dashboard: the province's figures for province-wide roles and for observers, a
    district's own for its committee and coordinators. A group's representative with no
    other role follows the group on its round pages instead: FORBID."""
    scope = scope_of(user)
    if scope.organization_ids and not (scope.everywhere or scope.district_ids):
        return Decision.FORBID
    return Decision.ALLOW


def report_centers(user) -> QuerySet:
    """The centers whose reports the user may open (for the report chooser)."""
    scope = scope_of(user)
    centers = Center.objects.select_related("district").order_by("level", "district__code")
    if scope.everywhere or not scope.has_role:
        return centers
    return centers.filter(Q(level=CenterLevel.PROVINCIAL) | Q(district_id__in=scope.district_ids))


# Applications and MOUs ----------------------------------------------------------------
#
# A group applies through the center of its own district, a provincial-level member
# through the provincial center (the two-tier rule is Membership.level_error). The
# center's coordinator records the application; the chair of the center's executive
# committee decides (for the provincial center: the province's chair or the federation's
# staff); network admins may do both.


def application_centers(user) -> QuerySet[Center]:
    """The centers for which the user may record applications."""
    scope = scope_of(user)
    centers = Center.objects.select_related("district")
    if scope.is_admin:
        return centers.all()
    query = Q(district_id__in=scope.coordinator_district_ids)
    if scope.provincial_staff:
        query |= Q(level=CenterLevel.PROVINCIAL)
    return centers.filter(query)


def may_record_some_application(user) -> bool:
    """Whether the user records applications for any center (no query)."""
    scope = scope_of(user)
    return scope.is_admin or scope.provincial_staff or bool(scope.coordinator_district_ids)


def may_record_application(user, center: Center) -> bool:
    scope = scope_of(user)
    if scope.is_admin:
        return True
    if center.level == CenterLevel.PROVINCIAL:
        return scope.provincial_staff
    return center.district_id in scope.coordinator_district_ids


def _chairs_center(scope: Scope, center: Center) -> bool:
    """Chair of the center's executive committee (a running seat)."""
    from centers.models import Committee

    if center.district_id is not None:
        return center.district_id in scope.chair_district_ids
    chairs = {committee for committee, position in scope.seats if position == Position.CHAIR}
    return (
        bool(chairs)
        and Committee.objects.filter(
            pk__in=chairs, center=center, kind=CommitteeKind.EXECUTIVE
        ).exists()
    )


def may_decide_application(user, center: Center) -> bool:
    """Approve or decline: the center's chair; for the provincial center also the
    federation's staff (the province decides on provincial-level members)."""
    scope = scope_of(user)
    if scope.is_admin:
        return True
    if center.level == CenterLevel.PROVINCIAL and scope.provincial_staff:
        return True
    return _chairs_center(scope, center)


def applications(user):
    """The memberships (applications) the user may open."""
    from centers.models import Membership

    scope = scope_of(user)
    if scope.everywhere:
        return Membership.objects.all()
    return Membership.objects.filter(
        Q(center__district_id__in=scope.district_ids)
        | Q(organization_id__in=scope.organization_ids)
    )


def application_decision(user, membership) -> Decision:
    """Open a membership's application page (and its MOU scan)."""
    scope = scope_of(user)
    if scope.everywhere:
        return Decision.ALLOW
    center = membership.center
    if center.district_id is not None and center.district_id in scope.district_ids:
        return Decision.ALLOW
    if membership.organization_id in scope.organization_ids:
        return Decision.ALLOW
    if scope.district_ids or scope.organization_ids:
        return Decision.HIDE  # another district's, or another group's: not theirs to know
    return Decision.FORBID


def application_list_decision(user) -> Decision:
    """The applications page: anyone with a role sees the applications of their scope
    (a representative: the group's own); observers and partners get aggregates only."""
    return Decision.ALLOW if scope_of(user).has_role else Decision.FORBID


# Member rosters -----------------------------------------------------------------------
#
# A group's roster is kept by the group's representatives and its district's
# coordinator; the coordinator (or the district chair) forwards it to the province or
# returns it. The members' names are for those who work with them: admins, the
# federation's staff, the district's coordinator and executive chair, and the group's own
# representatives. Everyone else who follows rosters (province-wide committee seats, the
# other seats of the district's committee) sees counts and status only, on the overview.
# National IDs: see may_see_personal_data. Removing a member with their data erased (PDPA)
# is never locked by the roster's status.


def roster_decision(user, organization: Organization) -> Decision:
    """Open a group's roster page: members' names (IDs masked unless
    may_see_personal_data). FORBID for a role that sees the group's counts and status on
    the overview but not the names (the view says so); HIDE for another district's."""
    scope = scope_of(user)
    if not scope.has_role:
        return Decision.FORBID
    if scope.is_admin or scope.provincial_staff:
        return Decision.ALLOW
    if (
        organization.district_id in scope.coordinator_district_ids
        or organization.district_id in scope.chair_district_ids
        or organization.pk in scope.organization_ids
    ):
        return Decision.ALLOW
    if may_see_roster_status(user, organization):
        return Decision.FORBID
    return Decision.HIDE


def may_see_roster_status(user, organization: Organization) -> bool:
    """The roster's status and number of members (no names): those who may open the
    roster, and those whose overview lists the group's district."""
    scope = scope_of(user)
    return (
        scope.everywhere
        or organization.district_id in scope.district_ids
        or organization.pk in scope.organization_ids
    )


def may_edit_roster(user, organization: Organization) -> bool:
    """Add, change and upload members (while the roster is with the group); submit to
    the district."""
    scope = scope_of(user)
    return (
        scope.is_admin
        or organization.district_id in scope.coordinator_district_ids
        or organization.pk in scope.organization_ids
    )


def may_remove_roster_member(user, organization: Organization) -> bool:
    """Remove a member and erase their personal data, in any roster status: those who
    edit the roster, and the federation's staff."""
    return may_edit_roster(user, organization) or scope_of(user).provincial_staff


def may_forward_roster(user, organization: Organization) -> bool:
    """Forward to the province, or return to the group: the district."""
    scope = scope_of(user)
    return (
        scope.is_admin
        or organization.district_id in scope.coordinator_district_ids
        or organization.district_id in scope.chair_district_ids
    )


def may_return_roster(user, organization: Organization, status: str) -> bool:
    """Send a roster back to the group: the district while it is submitted or forwarded;
    the province (admins, the federation's staff) once it is forwarded."""
    from members.rosters.models import RosterStatus

    if status == RosterStatus.FORWARDED and scope_of(user).provincial_staff:
        return True
    return status in (RosterStatus.SUBMITTED, RosterStatus.FORWARDED) and may_forward_roster(
        user, organization
    )


def may_see_roster_duplicates(user, organization: Organization) -> bool:
    """Which other group lists the same national ID: those who review rosters (admins,
    province-wide roles, the committee and coordinators of the group's district); never the
    group itself, which would learn about another group's members."""
    scope = scope_of(user)
    return scope.everywhere or organization.district_id in scope.district_ids


def roster_template_decision(user) -> Decision:
    """The blank roster template: anyone who works with rosters."""
    return Decision.ALLOW if scope_of(user).has_role else Decision.FORBID


def roster_overview_decision(user) -> Decision:
    """Counts and status per district (province) or per group (district)."""
    scope = scope_of(user)
    if scope.everywhere or scope.district_ids:
        return Decision.ALLOW
    return Decision.FORBID


def roster_districts(user):
    """The district ids whose rosters the user may list; None means every district."""
    scope = scope_of(user)
    if scope.everywhere:
        return None
    return scope.district_ids


def mask_national_id(national_id: str) -> str:
    """1234567890123 -> x-xxxx-xxxxx-xx-3: the grouping of the card, the last digit only."""
    if not national_id:
        return ""
    if len(national_id) != 13:
        return "x" * len(national_id)
    return f"x-xxxx-xxxxx-xx-{national_id[-1]}"


def format_national_id(national_id: str) -> str:
    """1234567890123 -> 1-2345-67890-12-3, as printed on the card."""
    if len(national_id or "") != 13:
        return national_id or ""
    n = national_id
    return f"{n[0]}-{n[1:5]}-{n[5:10]}-{n[10:12]}-{n[12]}"


# Baseline data ------------------------------------------------------------------------


def may_import_registry(user) -> bool:
    """Load organizations from the registries: network admins and the federation's staff."""
    scope = scope_of(user)
    return scope.is_admin or scope.provincial_staff


def may_edit_profile(user, organization: Organization) -> bool:
    """The baseline profile, interests and links: admins, the federation's staff, the
    district's coordinator and the organization's own representatives."""
    scope = scope_of(user)
    return (
        scope.is_admin
        or scope.provincial_staff
        or organization.district_id in scope.coordinator_district_ids
        or organization.pk in scope.organization_ids
    )


# The survey links name other organizations (the organization page, the profile form, the
# network map). A user may see a partner named when they may open it; the centers' hosts
# and the provincial-level members (an open membership of the provincial center) are named
# to anyone with a role wherever they are, as the network map names them. Any other
# partner stays unnamed (the organization page counts them).


def _network_anchors() -> Q:
    """Organizations any user with a role may name: centers' hosts and provincial-level
    members."""
    from centers.models import OPEN_STATUSES, Membership

    provincial = Membership.objects.filter(
        center__level=CenterLevel.PROVINCIAL, status__in=OPEN_STATUSES
    )
    return Q(pk__in=Center.objects.values("host_id")) | Q(
        pk__in=provincial.values("organization_id")
    )


def anchor_exists(ref: str = "pk"):
    """An annotation for querysets: whether the organization at `ref` (a field of the
    outer query, e.g. "partner_organization_id") is a center's host or a provincial-level
    member; pass it to visible_partner as `anchor`, so no query runs per partner."""
    from django.db.models import Exists, OuterRef

    return Exists(Organization.objects.filter(_network_anchors(), pk=OuterRef(ref)))


def visible_partner(user, organization: Organization, *, anchor: bool | None = None) -> bool:
    """May the user see `organization` named as a partner in a survey link? `anchor`:
    whether it is a center's host or a provincial-level member (see anchor_exists); asked
    of the database when not given."""
    if organization_decision(user, organization) is Decision.ALLOW:
        return True
    if not scope_of(user).has_role:
        return False
    if anchor is None:
        anchor = Organization.objects.filter(_network_anchors(), pk=organization.pk).exists()
    return anchor


def partner_candidates(user, organization: Organization) -> QuerySet[Organization]:
    """The organizations the user may choose as a link partner on `organization`'s
    profile: those they may open in the same district, and the centers' hosts and the
    provincial-level members (never the organization itself)."""
    local = organizations(user).filter(district_id=organization.district_id).values("pk")
    return Organization.objects.filter(Q(pk__in=local) | _network_anchors()).exclude(
        pk=organization.pk
    )


# What waits for whom (the home page) --------------------------------------------------
#
# The rules above say what a user *may* do; an admin may do nearly anything anywhere.
# These say whose turn it is: the federation's own work waits for admins and the
# federation's staff, a district's for its coordinator and chair. Each is also a right
# above (a test holds them to it), never a wider one.


def order_centers(user) -> QuerySet[Center]:
    """The district centers whose orders wait for the user: entered by its coordinator,
    submitted by the coordinator or the district committee's chair."""
    scope = scope_of(user)
    return Center.objects.filter(
        level=CenterLevel.DISTRICT,
        district_id__in=scope.coordinator_district_ids | scope.chair_district_ids,
    )


def rounds_run_by(user):
    """The rounds the user runs: the province's for admins, the federation's staff and the
    marketing subcommittee; a district's own rounds for its coordinator."""
    from transactions.purchases.models import PurchaseRound

    scope = scope_of(user)
    query = Q(center__district_id__in=scope.coordinator_district_ids)
    if scope.is_admin or scope.provincial_staff or scope.provincial_marketing:
        query |= Q(center__level=CenterLevel.PROVINCIAL)
    return PurchaseRound.objects.filter(query)


def own_committees(user) -> QuerySet:
    """The committees the user sits on or works for (staff of their center): whose
    meetings are theirs, whatever else they may read."""
    from centers.models import Committee

    scope = scope_of(user)
    return Committee.objects.filter(
        Q(pk__in={committee for committee, _ in scope.seats})
        | Q(center_id__in=scope.staff_center_ids)
    )


def chaired_committee_ids(user) -> frozenset[int]:
    """The committees the user chairs (a running seat): whose minutes they approve."""
    return frozenset(
        committee for committee, position in scope_of(user).seats if position == Position.CHAIR
    )


def signing_centers(user) -> QuerySet[Center]:
    """The centers whose monthly reports the user signs off: those whose executive
    committee they chair."""
    from centers.models import Committee

    chaired = Committee.objects.filter(
        pk__in=chaired_committee_ids(user), kind=CommitteeKind.EXECUTIVE
    )
    return Center.objects.filter(pk__in=chaired.values("center_id"))


def application_queue_centers(user) -> QuerySet[Center]:
    """The centers whose applications wait for the user's decision: those whose executive
    committee they chair, and the provincial center for the federation's staff and admins
    (an admin may decide any, but a district's applications wait for its chair)."""
    scope = scope_of(user)
    query = Q(pk__in=signing_centers(user).values("pk"))
    if scope.is_admin or scope.provincial_staff:
        query |= Q(level=CenterLevel.PROVINCIAL)
    return Center.objects.filter(query)


def rosters_waiting_for(user) -> Q:
    """The rosters that wait for the user (a condition on Roster): those a district's
    groups submitted, for its coordinator and chair to forward or return; those the
    districts forwarded, for the federation's staff and admins to check."""
    from members.rosters.models import RosterStatus

    scope = scope_of(user)
    query = Q(
        status=RosterStatus.SUBMITTED,
        organization__district_id__in=scope.coordinator_district_ids | scope.chair_district_ids,
    )
    if scope.is_admin or scope.provincial_staff:
        query |= Q(status=RosterStatus.FORWARDED)
    return query
