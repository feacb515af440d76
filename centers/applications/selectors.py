"""Reads of the applications: the list page, and the home page's queue."""

from django.db.models import Case, F, IntegerField, QuerySet, Value, When

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


def application_centers(visible: QuerySet[Membership]) -> QuerySet[Center]:
    """The centers of the applications in `visible` (the list's filter), province first."""
    return (
        Center.objects.filter(pk__in=visible.values("center"))
        .select_related("district")
        .order_by("-level", "district__code")
    )


def applications_for_list(
    visible: QuerySet[Membership], *, status: str | None = None, center: Center | None = None
) -> QuerySet[Membership]:
    """The applications in `visible`, of one status or center if given: waiting ones first,
    then the latest decisions."""
    rows = visible.select_related(
        "organization__district", "center__district", "recorded_by", "decided_by"
    ).order_by(
        Case(
            When(status=MembershipStatus.APPLIED, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        ),
        F("decided_on").desc(nulls_last=True),
        "-applied_on",
        "-pk",
    )
    if status:
        rows = rows.filter(status=status)
    if center:
        rows = rows.filter(center=center)
    return rows
