"""What was recorded after the supplier order, as the receiving and deliveries pages list
it: the groups of a district's order, its allocations, deliveries, pickups and payments,
and the round's deliveries and district payments. Querysets stay lazy: the page's
template reads each once."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import QuerySet

from centers.models import Center
from members.models import Organization

from ..models import Allocation, Delivery, OrderLine, Payment, PaymentKind, Pickup, PurchaseRound


def ordered_groups(purchase_round: PurchaseRound, center: Center) -> QuerySet[Organization]:
    """The groups with a line in the district's order, by name."""
    return Organization.objects.filter(
        pk__in=OrderLine.objects.filter(order__round=purchase_round, order__center=center).values(
            "organization_id"
        )
    ).order_by("name")


def centers_among(pks: Iterable[int], *, with_district: bool = False) -> QuerySet[Center]:
    """The centers with these ids (the choices of a form), their districts joined if asked."""
    centers = Center.objects.filter(pk__in=list(pks))
    return centers.select_related("district") if with_district else centers


@dataclass(frozen=True)
class DistrictRecords:
    allocations: list[Allocation]
    deliveries: QuerySet[Delivery]
    pickups: QuerySet[Pickup]
    payments: QuerySet[Payment]  # the groups' payments to the district


def district_records(
    purchase_round: PurchaseRound, center: Center, *, groups: QuerySet[Organization]
) -> DistrictRecords:
    """A district's receiving page: its allocation of a short delivery (one query now),
    the deliveries it received, and its groups' pickups and payments (lazy)."""
    return DistrictRecords(
        allocations=list(
            Allocation.objects.filter(round=purchase_round, center=center).select_related(
                "organization", "item__product"
            )
        ),
        deliveries=purchase_round.deliveries.filter(center=center).select_related(
            "item__product", "recorded_by"
        ),
        pickups=purchase_round.pickups.filter(organization__in=groups).select_related(
            "item__product", "organization"
        ),
        payments=purchase_round.payments.filter(
            kind=PaymentKind.GROUP, center=center
        ).select_related("organization"),
    )


@dataclass(frozen=True)
class RoundRecords:
    deliveries: QuerySet[Delivery]
    district_payments: QuerySet[Payment]  # the districts' payments to the province


def round_records(purchase_round: PurchaseRound, centers: Iterable[Center]) -> RoundRecords:
    """The deliveries page: the supplier's deliveries to `centers` and their payments to
    the province (lazy)."""
    return RoundRecords(
        deliveries=purchase_round.deliveries.filter(center__in=centers).select_related(
            "item__product", "center__district", "recorded_by"
        ),
        district_payments=purchase_round.payments.filter(
            kind=PaymentKind.DISTRICT, center__in=centers
        ).select_related("center"),
    )
