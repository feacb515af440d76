"""Reads of the network's structure, shaped for the pages (constant query counts)."""

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Count, Model, Prefetch, Q, QuerySet
from django.utils import timezone

from members.models import DISTRICT_LEVEL_KINDS, OrganizationKind, kind_order

from .models import (
    Center,
    CenterLevel,
    Committee,
    CommitteeMembership,
    Membership,
    MembershipStatus,
    members_on,
)

if TYPE_CHECKING:
    from songkhla_network.audit import Entry

# The kinds counted per district center on the network page, in the order shown.
DISTRICT_MEMBER_KINDS = (*DISTRICT_LEVEL_KINDS, OrganizationKind.AGRICULTURAL_COOP)


@dataclass(frozen=True)
class KindCount:
    kind: str
    label: str
    count: int


def district_centers_with_counts(on: datetime.date | None = None) -> list[Center]:
    """The district centers, each with `.kind_counts` and `.active_total`: their members
    on the day (today by default) as the monthly report counts them (members_on), by
    kind (one query)."""
    members = members_on(on or timezone.localdate(), "memberships__")
    annotations = {
        f"active_{kind}": Count(
            "memberships", filter=members & Q(memberships__organization__kind=kind)
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


def committees_with_current_members(center: Center) -> QuerySet[Committee]:
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


def committee_history(center: Center, *, personal_data: bool, limit: int = 30) -> list["Entry"]:
    """Changes to the center's committees and their seats, newest first."""
    from members.models import Person
    from songkhla_network import audit

    committees = {c.pk: c.name for c in center.committees.all()}
    seats = CommitteeMembership.history.filter(committee_id__in=committees).select_related(
        "history_user"
    )
    seats = list(seats)
    people = Person.objects.filter(pk__in={s.person_id for s in seats})
    names: dict[tuple[type[Model], int], str] = {(Person, p.pk): p.full_name for p in people}
    names |= {(Committee, pk): name for pk, name in committees.items()}
    found = [
        *audit.entries(
            Committee.history.filter(center_id=center.pk).select_related("history_user"),
            subject=lambda record: record.name,
            personal_data=personal_data,
            names=names,
        ),
        *audit.entries(
            seats,
            subject=lambda record: (
                f"กรรมการ {names.get((Person, record.person_id), '')} "
                f"ใน{committees.get(record.committee_id, 'คณะกรรมการ')}"
            ),
            personal_data=personal_data,
            names=names,
        ),
    ]
    found.sort(key=lambda entry: entry.when, reverse=True)
    return found[:limit]


def applications_waiting(
    centers: QuerySet[Center], limit: int = 10
) -> tuple[list[Membership], int]:
    """Applications to the centers of `centers` (a queryset) that wait for a decision,
    oldest first: the first `limit`, and how many there are. Two queries."""
    waiting = Membership.objects.filter(
        center__in=centers, status=MembershipStatus.APPLIED
    ).select_related("organization__district", "center__district")
    return list(waiting.order_by("applied_on", "pk")[:limit]), waiting.count()
