from django.db.models import Case, IntegerField, OuterRef, QuerySet, Subquery, Value, When

from centers.models import OPEN_STATUSES, Membership

from .forms import NO_MEMBERSHIP
from .models import Organization


def _current_membership():
    """An organization's current membership: the open one, else the latest ended one."""
    open_first = Case(
        When(status__in=OPEN_STATUSES, then=Value(0)), default=Value(1), output_field=IntegerField()
    )
    return Membership.objects.filter(organization=OuterRef("pk")).order_by(
        open_first, "-applied_on", "-pk"
    )


def organizations_for_list(*, district=None, kind="", status="", q="") -> QuerySet[Organization]:
    """Organizations with `membership_status` and `membership_center` annotated, filtered."""
    current = _current_membership()
    organizations = (
        Organization.objects.select_related("district")
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
