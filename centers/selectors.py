"""Reads of the network's structure, shaped for the pages (constant query counts)."""

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet

from members.models import DISTRICT_LEVEL_KINDS, OrganizationKind, kind_order

from .models import (
    Center,
    CenterLevel,
    CommitteeMembership,
    Membership,
    MembershipStatus,
)

# The kinds counted per district center on the network page, in the order shown.
DISTRICT_MEMBER_KINDS = (*DISTRICT_LEVEL_KINDS, OrganizationKind.AGRICULTURAL_COOP)


@dataclass(frozen=True)
class KindCount:
    kind: str
    label: str
    count: int


def district_centers_with_counts() -> list[Center]:
    """The district centers, each with `.kind_counts` and `.active_total` (one query)."""
    annotations = {
        f"active_{kind}": Count(
            "memberships",
            filter=Q(
                memberships__status=MembershipStatus.ACTIVE, memberships__organization__kind=kind
            ),
        )
        for kind in DISTRICT_MEMBER_KINDS
    }
    centers = list(
        Center.objects.districts()
        .select_related("district", "host")
        .annotate(**annotations)
        .order_by("district__code")
    )
    for center in centers:
        center.kind_counts = [
            KindCount(kind, OrganizationKind(kind).label, getattr(center, f"active_{kind}"))
            for kind in DISTRICT_MEMBER_KINDS
        ]
        center.active_total = sum(item.count for item in center.kind_counts)
    return centers


def committees_with_current_members(center: Center):
    """The center's committees, each with `.current_members` ordered by position."""
    current = (
        CommitteeMembership.objects.current().select_related("person__organization").by_position()
    )
    return center.committees.prefetch_related(
        Prefetch("members", queryset=current, to_attr="current_members")
    )


def center_memberships(center: Center) -> QuerySet[Membership]:
    """Members of a center, open memberships first, then by name."""
    return center.memberships.select_related("organization__district").open_first(
        kind_order("organization__kind"), "organization__name"
    )


def provincial_center() -> Center | None:
    return (
        Center.objects.filter(level=CenterLevel.PROVINCIAL).select_related("host__district").first()
    )
