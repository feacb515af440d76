"""Who may edit an organization's baseline profile, and which partners of its survey
links a user may see named.

The survey links name other organizations (the organization page, the profile form, the
network map). A user may see a partner named when they may open it; the centers' hosts
and the provincial-level members (an open membership of the provincial center) are named
to anyone with a role wherever they are, as the network map names them. Any other
partner stays unnamed (the organization page counts them)."""

from django.db.models import Exists, OuterRef, Q, QuerySet

from centers.models import OPEN_STATUSES, Center, CenterLevel, Membership
from centers.policy import may_view_organization, visible_organizations
from centers.scope import Viewer, scope_of
from members.models import Organization


def may_edit_profile(user: Viewer, organization: Organization) -> bool:
    """The baseline profile, interests and links: admins, the federation's staff, the
    district's coordinator and the organization's own representatives."""
    scope = scope_of(user)
    return (
        scope.is_admin
        or scope.provincial_staff
        or organization.district_id in scope.coordinator_district_ids
        or organization.pk in scope.organization_ids
    )


def _network_anchors() -> Q:
    """Organizations any user with a role may name: centers' hosts and provincial-level
    members."""
    provincial = Membership.objects.filter(
        center__level=CenterLevel.PROVINCIAL, status__in=OPEN_STATUSES
    )
    return Q(pk__in=Center.objects.values("host_id")) | Q(
        pk__in=provincial.values("organization_id")
    )


def anchor_exists(ref: str = "pk") -> Exists:
    """An annotation for querysets: whether the organization at `ref` (a field of the
    outer query, e.g. "partner_organization_id") is a center's host or a provincial-level
    member; pass it to may_see_partner as `anchor`, so no query runs per partner."""
    return Exists(Organization.objects.filter(_network_anchors(), pk=OuterRef(ref)))


def may_see_partner(
    user: Viewer, organization: Organization, *, anchor: bool | None = None
) -> bool:
    """May the user see `organization` named as a partner in a survey link? `anchor`:
    whether it is a center's host or a provincial-level member (see anchor_exists); asked
    of the database when not given."""
    if may_view_organization(user, organization):
        return True
    if not scope_of(user).has_role:
        return False
    if anchor is None:
        anchor = Organization.objects.filter(_network_anchors(), pk=organization.pk).exists()
    return anchor


def partners_for_links(user: Viewer, organization: Organization) -> QuerySet[Organization]:
    """The organizations the user may choose as a link partner on `organization`'s
    profile: those they may open in the same district, and the centers' hosts and the
    provincial-level members (never the organization itself)."""
    local = visible_organizations(user).filter(district_id=organization.district_id).values("pk")
    return Organization.objects.filter(Q(pk__in=local) | _network_anchors()).exclude(
        pk=organization.pk
    )
