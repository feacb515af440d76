"""Who may see, keep, forward and return a group's member roster.

A group's roster is kept by the group's representatives and its district's
coordinator; the coordinator (or the district chair) forwards it to the province or
returns it. The members' names are for those who work with them: admins, the
federation's staff, the district's coordinator and executive chair, and the group's own
representatives. Everyone else who follows rosters (province-wide committee seats, the
other seats of the district's committee) sees counts and status only, on the overview.
National IDs: centers.personal_data.may_see_personal_data. Removing a member with their
data erased (PDPA) is never locked by the roster's status."""

from django.db.models import Q

from centers.scope import Decision, Viewer, scope_of
from members.models import Organization

from .models import RosterStatus


def roster_decision(user: Viewer, organization: Organization) -> Decision:
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


def may_open_roster(user: Viewer, organization: Organization) -> bool:
    return roster_decision(user, organization) is Decision.ALLOW


def may_see_roster_status(user: Viewer, organization: Organization) -> bool:
    """The roster's status and number of members (no names): those who may open the
    roster, and those whose overview lists the group's district."""
    scope = scope_of(user)
    return (
        scope.everywhere
        or organization.district_id in scope.district_ids
        or organization.pk in scope.organization_ids
    )


def may_edit_roster(user: Viewer, organization: Organization) -> bool:
    """Add, change and upload members (while the roster is with the group); submit to
    the district."""
    scope = scope_of(user)
    return (
        scope.is_admin
        or organization.district_id in scope.coordinator_district_ids
        or organization.pk in scope.organization_ids
    )


def may_remove_roster_member(user: Viewer, organization: Organization) -> bool:
    """Remove a member and erase their personal data, in any roster status: those who
    edit the roster, and the federation's staff."""
    return may_edit_roster(user, organization) or scope_of(user).provincial_staff


def may_forward_roster(user: Viewer, organization: Organization) -> bool:
    """Forward to the province, or return to the group: the district."""
    scope = scope_of(user)
    return (
        scope.is_admin
        or organization.district_id in scope.coordinator_district_ids
        or organization.district_id in scope.chair_district_ids
    )


def may_return_roster(user: Viewer, organization: Organization, status: str) -> bool:
    """Send a roster back to the group: the district while it is submitted or forwarded;
    the province (admins, the federation's staff) once it is forwarded."""
    if status == RosterStatus.FORWARDED and scope_of(user).provincial_staff:
        return True
    return status in (RosterStatus.SUBMITTED, RosterStatus.FORWARDED) and may_forward_roster(
        user, organization
    )


def may_see_roster_duplicates(user: Viewer, organization: Organization) -> bool:
    """Which other group lists the same national ID: those who review rosters (admins,
    province-wide roles, the committee and coordinators of the group's district); never the
    group itself, which would learn about another group's members."""
    scope = scope_of(user)
    return scope.everywhere or organization.district_id in scope.district_ids


def roster_template_decision(user: Viewer) -> Decision:
    """The blank roster template: anyone who works with rosters."""
    return Decision.ALLOW if scope_of(user).has_role else Decision.FORBID


def roster_overview_decision(user: Viewer) -> Decision:
    """Counts and status per district (province) or per group (district)."""
    scope = scope_of(user)
    if scope.everywhere or scope.district_ids:
        return Decision.ALLOW
    return Decision.FORBID


def roster_district_ids(user: Viewer) -> frozenset[int] | None:
    """The district ids whose rosters the user may list; None means every district."""
    scope = scope_of(user)
    if scope.everywhere:
        return None
    return scope.district_ids


def own_roster_group_ids(user: Viewer) -> frozenset[int]:
    """The groups of a representative with no role on the overview, whose "rosters" is
    their own group's roster (empty for everyone else)."""
    scope = scope_of(user)
    if scope.everywhere or scope.district_ids:
        return frozenset()
    return scope.organization_ids


def may_follow_rosters(user: Viewer) -> bool:
    """The menu's "rosters": the overview, or a representative's own group's roster."""
    return roster_overview_decision(user) is Decision.ALLOW or bool(scope_of(user).organization_ids)


# What waits for whom (the home page) --------------------------------------------------


def rosters_waiting_for(user: Viewer) -> Q:
    """The rosters that wait for the user (a condition on Roster): those a district's
    groups submitted, for its coordinator and chair to forward or return; those the
    districts forwarded, for the federation's staff and admins to check."""
    scope = scope_of(user)
    query = Q(
        status=RosterStatus.SUBMITTED,
        organization__district_id__in=scope.coordinator_district_ids | scope.chair_district_ids,
    )
    if scope.is_admin or scope.provincial_staff:
        query |= Q(status=RosterStatus.FORWARDED)
    return query


def awaits_rosters(user: Viewer) -> bool:
    """Whether rosters may wait for the user (no query): admins, the federation's staff,
    districts' coordinators and chairs."""
    scope = scope_of(user)
    return bool(
        scope.is_admin
        or scope.provincial_staff
        or scope.coordinator_district_ids
        or scope.chair_district_ids
    )
