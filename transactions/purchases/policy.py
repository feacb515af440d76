"""Who may see, run and order in joint purchase rounds.

A provincial round is run by the federation's marketing department and the marketing
subcommittee; a district round by the district's coordinator. Orders are entered by the
district's coordinator and submitted by the coordinator or the district committee chair.
What a user sees of a round is one of four views (RoundView). The catalogue's rules:
transactions/catalogue/policy.py."""

import enum

from django.db.models import Q, QuerySet

from centers.models import Center, CenterLevel
from centers.scope import Decision, Viewer, scope_of
from members.models import Organization
from transactions.catalogue.policy import may_edit_reference_prices

from .models import PurchaseRound, RoundStatus


class RoundView(enum.Enum):
    FULL = "full"  # every district and group: admins, province-wide roles, the round's owners
    DISTRICT = "district"  # network totals, and the lines of the user's own districts
    GROUP = "group"  # network totals, and the user's own groups' lines, balances, savings
    TOTALS = "totals"  # totals per product only: observers and partners


def may_manage_round(user: Viewer, purchase_round: PurchaseRound) -> bool:
    """Run the round: its steps, its documents, returning orders."""
    scope = scope_of(user)
    if scope.is_admin:
        return True
    if purchase_round.center.level == CenterLevel.PROVINCIAL:
        return scope.provincial_staff or scope.provincial_marketing
    return purchase_round.center.district_id in scope.coordinator_district_ids


def centers_for_new_round(user: Viewer) -> QuerySet[Center]:
    """The centers the user may open a round for."""
    scope = scope_of(user)
    centers = Center.objects.select_related("district")
    if scope.is_admin:
        return centers.all()
    query = Q(district_id__in=scope.coordinator_district_ids)
    if scope.provincial_staff or scope.provincial_marketing:
        query |= Q(level=CenterLevel.PROVINCIAL)
    return centers.filter(query)


def may_open_rounds(user: Viewer) -> bool:
    scope = scope_of(user)
    return (
        scope.is_admin
        or scope.provincial_staff
        or scope.provincial_marketing
        or bool(scope.coordinator_district_ids)
    )


def visible_rounds(user: Viewer) -> QuerySet[PurchaseRound]:
    """The purchase rounds the user may see. Drafts only to those who run them; another
    district's own rounds never to a district user."""
    scope = scope_of(user)
    if scope.everywhere:
        return PurchaseRound.objects.all()
    published = ~Q(status=RoundStatus.DRAFT)
    own_drafts = Q(center__district_id__in=scope.coordinator_district_ids)
    if not scope.district_ids and not scope.organization_ids:
        return PurchaseRound.objects.filter(published)  # observers: totals only
    districts = Q(center__district_id__in=scope.district_ids) | Q(
        center__district_id__in=scope.organization_district_ids
    )
    return PurchaseRound.objects.filter(
        (Q(center__level=CenterLevel.PROVINCIAL) & published) | (districts & published) | own_drafts
    )


def round_decision(user: Viewer, purchase_round: PurchaseRound) -> Decision:
    """`visible_rounds(user)` for one round already read, without a query (the order entry
    page asks twice a request): the same rule, which a test checks against the queryset for
    every demo user and round."""
    scope = scope_of(user)
    if scope.everywhere:
        return Decision.ALLOW
    center = purchase_round.center
    published = purchase_round.status != RoundStatus.DRAFT
    if not scope.district_ids and not scope.organization_ids:
        return Decision.ALLOW if published else Decision.HIDE
    if center.district_id in scope.coordinator_district_ids:  # its own drafts too
        return Decision.ALLOW
    if published and (
        center.level == CenterLevel.PROVINCIAL
        or center.district_id in scope.district_ids
        or center.district_id in scope.organization_district_ids
    ):
        return Decision.ALLOW
    return Decision.HIDE


def round_view(user: Viewer, purchase_round: PurchaseRound) -> RoundView:
    scope = scope_of(user)
    if scope.everywhere or may_manage_round(user, purchase_round):
        return RoundView.FULL
    if purchase_round.center.level == CenterLevel.DISTRICT and (
        purchase_round.center.district_id in scope.district_ids
    ):
        return RoundView.FULL  # the district's own round, for its committee
    if scope.district_ids:
        return RoundView.DISTRICT
    if scope.organization_ids:
        return RoundView.GROUP
    return RoundView.TOTALS


def district_order_decision(
    user: Viewer,
    purchase_round: PurchaseRound,
    center: Center,
    round_visible: bool | None = None,
) -> Decision:
    """May the user open this district's order page in the round? `round_visible`: the
    caller already knows the round is visible to the user (a page listing districts)."""
    scope = scope_of(user)
    if round_visible is None:
        round_visible = round_decision(user, purchase_round) is Decision.ALLOW
    if not round_visible:
        return Decision.HIDE
    if scope.everywhere or may_manage_round(user, purchase_round):
        return Decision.ALLOW
    if center.district_id in scope.district_ids:
        return Decision.ALLOW
    if scope.district_ids:
        return Decision.HIDE
    return Decision.FORBID


def may_open_district_order(
    user: Viewer,
    purchase_round: PurchaseRound,
    center: Center,
    round_visible: bool | None = None,
) -> bool:
    return (
        district_order_decision(user, purchase_round, center, round_visible=round_visible)
        is Decision.ALLOW
    )


def may_record_past_round(user: Viewer) -> bool:
    """Enter a round that already happened, with its real dates (e.g. the report's
    purchases of 2547): network admins and the federation's staff."""
    scope = scope_of(user)
    return scope.is_admin or scope.provincial_staff


def _records_past_round(user: Viewer, purchase_round: PurchaseRound | None) -> bool:
    """Whoever enters a round recorded afterwards enters every district's order in it."""
    return (
        purchase_round is not None
        and purchase_round.recorded_afterwards
        and may_record_past_round(user)
        and may_manage_round(user, purchase_round)
    )


def may_edit_order(
    user: Viewer, center: Center, purchase_round: PurchaseRound | None = None
) -> bool:
    """The district's coordinator; in a round recorded afterwards (`purchase_round`), also
    the federation's staff and admins who enter it."""
    scope = scope_of(user)
    return (
        scope.is_admin
        or center.district_id in scope.coordinator_district_ids
        or _records_past_round(user, purchase_round)
    )


def may_submit_order(
    user: Viewer, center: Center, purchase_round: PurchaseRound | None = None
) -> bool:
    scope = scope_of(user)
    return (
        may_edit_order(user, center, purchase_round)
        or center.district_id in scope.chair_district_ids
    )


def may_return_order(user: Viewer, purchase_round: PurchaseRound) -> bool:
    """Unlock a submitted order: those who run the round (the province for a provincial
    round, the district's coordinator for its own round)."""
    return may_manage_round(user, purchase_round)


def may_record_delivery(
    user: Viewer, purchase_round: PurchaseRound, center: Center | None = None
) -> bool:
    """Supplier deliveries: the round's owners, or the receiving district's coordinator."""
    if may_manage_round(user, purchase_round):
        return True
    scope = scope_of(user)
    if center is None:
        return bool(scope.coordinator_district_ids)
    return center.district_id in scope.coordinator_district_ids


def may_handle_district(user: Viewer, purchase_round: PurchaseRound, center: Center) -> bool:
    """Pickups, group payments and the allocation among a district's groups: the district's
    coordinator, and the round's owners."""
    return may_edit_order(user, center) or may_manage_round(user, purchase_round)


def may_record_district_payment(user: Viewer, purchase_round: PurchaseRound) -> bool:
    return purchase_round.center.level == CenterLevel.PROVINCIAL and may_manage_round(
        user, purchase_round
    )


def may_set_targets(user: Viewer) -> bool:
    """The yearly purchase targets (the dashboard): those who keep the reference prices."""
    return may_edit_reference_prices(user)


def centers_in_view(user: Viewer, view: RoundView, participating: list[Center]) -> list[Center]:
    """The districts of `participating` whose lines the round's `view` shows the user:
    all (FULL), the user's own districts (DISTRICT), their groups' districts (GROUP, one
    query), none (TOTALS)."""
    if view is RoundView.FULL:
        return participating
    scope = scope_of(user)
    if view is RoundView.DISTRICT:
        return [c for c in participating if c.district_id in scope.district_ids]
    if view is RoundView.GROUP:
        districts = set(
            Organization.objects.filter(pk__in=scope.organization_ids).values_list(
                "district_id", flat=True
            )
        )
        return [c for c in participating if c.district_id in districts]
    return []


# What waits for whom (the home page) --------------------------------------------------


def order_centers_waiting_for(user: Viewer) -> QuerySet[Center]:
    """The district centers whose orders wait for the user: entered by its coordinator,
    submitted by the coordinator or the district committee's chair."""
    scope = scope_of(user)
    return Center.objects.filter(
        level=CenterLevel.DISTRICT,
        district_id__in=scope.coordinator_district_ids | scope.chair_district_ids,
    )


def rounds_waiting_for(user: Viewer) -> QuerySet[PurchaseRound]:
    """The rounds the user runs: the province's for admins, the federation's staff and the
    marketing subcommittee; a district's own rounds for its coordinator."""
    scope = scope_of(user)
    query = Q(center__district_id__in=scope.coordinator_district_ids)
    if scope.is_admin or scope.provincial_staff or scope.provincial_marketing:
        query |= Q(center__level=CenterLevel.PROVINCIAL)
    return PurchaseRound.objects.filter(query)


def awaits_orders(user: Viewer) -> bool:
    """Whether district orders may wait for the user (no query): districts' coordinators
    and chairs."""
    scope = scope_of(user)
    return bool(scope.coordinator_district_ids or scope.chair_district_ids)


def awaits_rounds(user: Viewer) -> bool:
    """Whether rounds to run may wait for the user (no query)."""
    scope = scope_of(user)
    return bool(
        scope.is_admin
        or scope.provincial_staff
        or scope.provincial_marketing
        or (scope.coordinator_district_ids)
    )
