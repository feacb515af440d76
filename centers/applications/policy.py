"""Who may see, record and decide membership applications and MOUs.

A group applies through the center of its own district, a provincial-level member
through the provincial center (the two-tier rule is Membership.level_error). The
center's coordinator records the application; the chair of the center's executive
committee decides (for the provincial center: the province's chair or the federation's
staff); network admins may do both."""

from django.db.models import Q, QuerySet

from centers.models import Center, CenterLevel, Membership
from centers.policy import chaired_centers, chairs_center
from centers.scope import Decision, Viewer, scope_of


def centers_for_applications(user: Viewer) -> QuerySet[Center]:
    """The centers for which the user may record applications."""
    scope = scope_of(user)
    centers = Center.objects.select_related("district")
    if scope.is_admin:
        return centers.all()
    query = Q(district_id__in=scope.coordinator_district_ids)
    if scope.provincial_staff:
        query |= Q(level=CenterLevel.PROVINCIAL)
    return centers.filter(query)


def may_record_some_application(user: Viewer) -> bool:
    """Whether the user records applications for any center (no query)."""
    scope = scope_of(user)
    return scope.is_admin or scope.provincial_staff or bool(scope.coordinator_district_ids)


def may_record_application(user: Viewer, center: Center) -> bool:
    scope = scope_of(user)
    if scope.is_admin:
        return True
    if center.level == CenterLevel.PROVINCIAL:
        return scope.provincial_staff
    return center.district_id in scope.coordinator_district_ids


def may_decide_application(user: Viewer, center: Center) -> bool:
    """Approve or decline: the center's chair; for the provincial center also the
    federation's staff (the province decides on provincial-level members)."""
    scope = scope_of(user)
    if scope.is_admin:
        return True
    if center.level == CenterLevel.PROVINCIAL and scope.provincial_staff:
        return True
    return chairs_center(user, center)


def visible_applications(user: Viewer) -> QuerySet[Membership]:
    """The memberships (applications) the user may open."""
    scope = scope_of(user)
    if scope.everywhere:
        return Membership.objects.all()
    return Membership.objects.filter(
        Q(center__district_id__in=scope.district_ids)
        | Q(organization_id__in=scope.organization_ids)
    )


def application_decision(user: Viewer, membership: Membership) -> Decision:
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


def may_view_application(user: Viewer, membership: Membership) -> bool:
    return application_decision(user, membership) is Decision.ALLOW


def application_list_decision(user: Viewer) -> Decision:
    """The applications page: anyone with a role sees the applications of their scope
    (a representative: the group's own); observers and partners get aggregates only."""
    return Decision.ALLOW if scope_of(user).has_role else Decision.FORBID


def may_open_applications(user: Viewer) -> bool:
    return application_list_decision(user) is Decision.ALLOW


# What waits for whom (the home page) --------------------------------------------------


def applications_waiting_for(user: Viewer) -> QuerySet[Center]:
    """The centers whose applications wait for the user's decision: those whose executive
    committee they chair, and the provincial center for the federation's staff and admins
    (an admin may decide any, but a district's applications wait for its chair)."""
    scope = scope_of(user)
    query = Q(pk__in=chaired_centers(user).values("pk"))
    if scope.is_admin or scope.provincial_staff:
        query |= Q(level=CenterLevel.PROVINCIAL)
    return Center.objects.filter(query)


def awaits_applications(user: Viewer, *, chairs_a_center: bool) -> bool:
    """Whether applications may wait for the user (no query): admins, the federation's
    staff, and a center's chair (`chairs_a_center`: the page already knows)."""
    scope = scope_of(user)
    return scope.is_admin or scope.provincial_staff or chairs_a_center
