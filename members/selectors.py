from django.db.models import OuterRef, QuerySet, Subquery

from centers.models import Membership

from .forms import NO_MEMBERSHIP
from .models import Organization


def _current_membership():
    """An organization's current membership: the open one, else the latest ended one."""
    return Membership.objects.filter(organization=OuterRef("pk")).open_first("-applied_on", "-pk")


def organizations_for_list(
    visible: QuerySet[Organization], *, district=None, kind="", status="", q=""
) -> QuerySet[Organization]:
    """The `visible` organizations (from the access policy) with `membership_status` and
    `membership_center` annotated, filtered."""
    current = _current_membership()
    organizations = (
        visible.select_related("district")
        .annotate(
            membership_status=Subquery(current.values("status")[:1]),
            membership_center=Subquery(current.values("center__name")[:1]),
        )
        .search(q)
        .order_by("name", "pk")
    )
    if district is not None:
        organizations = organizations.in_district(district)
    if kind:
        organizations = organizations.filter(kind=kind)
    if status == NO_MEMBERSHIP:
        organizations = organizations.filter(membership_status__isnull=True)
    elif status:
        organizations = organizations.filter(membership_status=status)
    return organizations
