"""Reads of the applications for other pages (the home page's queue)."""

from django.db.models import QuerySet

from centers.models import Center, Membership, MembershipStatus


def applications_waiting(
    centers: QuerySet[Center], limit: int = 10
) -> tuple[list[Membership], int]:
    """Applications to the centers of `centers` (a queryset) that wait for a decision,
    oldest first: the first `limit`, and how many there are. Two queries."""
    waiting = Membership.objects.filter(
        center__in=centers, status=MembershipStatus.APPLIED
    ).select_related("organization__district", "center__district")
    return list(waiting.order_by("applied_on", "pk")[:limit]), waiting.count()
