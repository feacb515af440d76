"""Who may see the network's core: the centers, their committees' names, and the
organizations of a user's districts (the lists, the pages and the links to them).

The organization list and its filters: members/organizations/policy.py; phones and
national IDs: centers/personal_data.py; the scope and the answers: centers/scope.py."""

from django.db.models import Q, QuerySet

from members.models import Organization

from .models import Center, CenterLevel, Committee, CommitteeKind, Position
from .scope import Decision, Viewer, scope_of

# Centers ------------------------------------------------------------------------------


def center_decision(user: Viewer, center: Center) -> Decision:
    scope = scope_of(user)
    if center.level == CenterLevel.PROVINCIAL or scope.everywhere:
        return Decision.ALLOW
    if center.district_id in scope.district_ids:
        return Decision.ALLOW
    if scope.district_ids:
        return Decision.HIDE  # another district: it does not exist for a district user
    return Decision.FORBID


def may_view_center(user: Viewer, center: Center) -> bool:
    return center_decision(user, center) is Decision.ALLOW


def may_see_names(user: Viewer) -> bool:
    """Names of committee members and contacts: anyone with a role, never an observer."""
    return scope_of(user).has_role


# Committees ---------------------------------------------------------------------------


def chairs_center(user: Viewer, center: Center) -> bool:
    """Chair of the center's executive committee (a running seat)."""
    scope = scope_of(user)
    if center.district_id is not None:
        return center.district_id in scope.chair_district_ids
    chairs = {committee for committee, position in scope.seats if position == Position.CHAIR}
    return (
        bool(chairs)
        and Committee.objects.filter(
            pk__in=chairs, center=center, kind=CommitteeKind.EXECUTIVE
        ).exists()
    )


def chaired_committee_ids(user: Viewer) -> frozenset[int]:
    """The committees the user chairs (a running seat): whose minutes they approve."""
    return frozenset(
        committee for committee, position in scope_of(user).seats if position == Position.CHAIR
    )


def chaired_centers(user: Viewer) -> QuerySet[Center]:
    """The centers whose executive committee the user chairs."""
    chaired = Committee.objects.filter(
        pk__in=chaired_committee_ids(user), kind=CommitteeKind.EXECUTIVE
    )
    return Center.objects.filter(pk__in=chaired.values("center_id"))


# Organizations ------------------------------------------------------------------------


def visible_organizations(user: Viewer) -> QuerySet[Organization]:
    """The organizations the user may see (list pages filter through this)."""
    scope = scope_of(user)
    if scope.everywhere:
        return Organization.objects.all()
    return Organization.objects.filter(
        Q(district_id__in=scope.district_ids) | Q(pk__in=scope.organization_ids)
    )


def organization_decision(user: Viewer, organization: Organization) -> Decision:
    scope = scope_of(user)
    if not scope.sees_organizations:
        return Decision.FORBID
    if scope.everywhere:
        return Decision.ALLOW
    if organization.district_id in scope.district_ids or organization.pk in scope.organization_ids:
        return Decision.ALLOW
    return Decision.HIDE


def may_view_organization(user: Viewer, organization: Organization) -> bool:
    return organization_decision(user, organization) is Decision.ALLOW
