"""Who may read, review and sign the monthly reports, and open the dashboard and the map.

A district's report: its committee and coordinators, and the province. Observers and
partners get the figures (aggregates, no personal data) without reviewers' names."""

from django.db.models import Q, QuerySet

from centers.models import Center, CenterLevel
from centers.policy import center_decision, chaired_centers, chairs_center
from centers.scope import Decision, Viewer, scope_of

# Monthly reports ----------------------------------------------------------------------


def report_decision(user: Viewer, center: Center) -> Decision:
    scope = scope_of(user)
    if not scope.has_role:
        return Decision.ALLOW  # aggregates only; the template leaves names out
    return center_decision(user, center)


def may_view_report(user: Viewer, center: Center) -> bool:
    return report_decision(user, center) is Decision.ALLOW


def may_see_report_names(user: Viewer) -> bool:
    return scope_of(user).has_role


def may_review_report(user: Viewer, center: Center) -> bool:
    scope = scope_of(user)
    if scope.everywhere:
        return True
    return center.district_id is not None and center.district_id in scope.district_ids


def may_sign_report(user: Viewer, center: Center) -> bool:
    """The chair of the center's executive committee (or an admin) signs the month off."""
    scope = scope_of(user)
    return scope.is_admin or chairs_center(user, center)


def visible_report_centers(user: Viewer) -> QuerySet[Center]:
    """The centers whose reports the user may open (for the report chooser)."""
    scope = scope_of(user)
    centers = Center.objects.select_related("district").order_by("level", "district__code")
    if scope.everywhere or not scope.has_role:
        return centers
    return centers.filter(Q(level=CenterLevel.PROVINCIAL) | Q(district_id__in=scope.district_ids))


def reports_waiting_for(user: Viewer) -> QuerySet[Center]:
    """The centers whose monthly reports the user signs off (the home page): those whose
    executive committee they chair."""
    return chaired_centers(user)


# The dashboard ------------------------------------------------------------------------


def dashboard_decision(user: Viewer) -> Decision:
    """The dashboard: the province's figures for province-wide roles and for observers, a
    district's own for its committee and coordinators. A group's representative with no
    other role follows the group on its round pages instead: FORBID."""
    scope = scope_of(user)
    if scope.organization_ids and not (scope.everywhere or scope.district_ids):
        return Decision.FORBID
    return Decision.ALLOW


def may_open_dashboard(user: Viewer) -> bool:
    return dashboard_decision(user) is Decision.ALLOW


def dashboard_district_ids(user: Viewer) -> frozenset[int] | None:
    """The districts whose figures the dashboard shows the user; None: the whole province
    (province-wide roles, and observers, who see the province's figures)."""
    scope = scope_of(user)
    return None if scope.everywhere or not scope.has_role else scope.district_ids


# The network map ----------------------------------------------------------------------


def may_see_map_names(user: Viewer) -> bool:
    """The provincial-level members and survey partners named on the map: anyone with a
    role; observers and partners get counts per kind."""
    return scope_of(user).has_role
