"""The joint purchasing and catalogue rules, until they move beside what they guard
(transactions/purchases/policy.py, transactions/catalogue/policy.py)."""

import enum

from django.db.models import Q, QuerySet

from centers.models import Center, CenterLevel
from centers.scope import Decision, enforce, scope_of  # noqa: F401  (transactions/views.py, until it moves)

# Joint purchases ----------------------------------------------------------------------
#
# A provincial round is run by the federation's marketing department and the marketing
# subcommittee; a district round by the district's coordinator. Orders are entered by the
# district's coordinator and submitted by the coordinator or the district committee chair.
# What a user sees of a round is one of four views (RoundView).


class RoundView(enum.Enum):
    FULL = "full"  # every district and group: admins, province-wide roles, the round's owners
    DISTRICT = "district"  # network totals, and the lines of the user's own districts
    GROUP = "group"  # network totals, and the user's own groups' lines, balances, savings
    TOTALS = "totals"  # totals per product only: observers and partners


def manages_round(user, purchase_round) -> bool:
    scope = scope_of(user)
    if scope.is_admin:
        return True
    if purchase_round.center.level == CenterLevel.PROVINCIAL:
        return scope.provincial_staff or scope.provincial_marketing
    return purchase_round.center.district_id in scope.coordinator_district_ids


def centers_for_new_round(user) -> QuerySet[Center]:
    """The centers the user may open a round for."""
    scope = scope_of(user)
    centers = Center.objects.select_related("district")
    if scope.is_admin:
        return centers.all()
    query = Q(district_id__in=scope.coordinator_district_ids)
    if scope.provincial_staff or scope.provincial_marketing:
        query |= Q(level=CenterLevel.PROVINCIAL)
    return centers.filter(query)


def may_open_rounds(user) -> bool:
    scope = scope_of(user)
    return (
        scope.is_admin
        or scope.provincial_staff
        or scope.provincial_marketing
        or bool(scope.coordinator_district_ids)
    )


def rounds(user):
    """The purchase rounds the user may see. Drafts only to those who run them; another
    district's own rounds never to a district user."""
    from transactions.purchases.models import PurchaseRound, RoundStatus

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


def round_decision(user, purchase_round) -> Decision:
    """`rounds(user)` for one round already read, without a query (the order entry page
    asks twice a request): the same rule, which a test checks against the queryset for
    every demo user and round."""
    from transactions.purchases.models import RoundStatus

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


def round_view(user, purchase_round) -> RoundView:
    scope = scope_of(user)
    if scope.everywhere or manages_round(user, purchase_round):
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
    user, purchase_round, center: Center, round_visible: bool | None = None
) -> Decision:
    """May the user open this district's order page in the round? `round_visible`: the
    caller already knows the round is visible to the user (a page listing districts)."""
    scope = scope_of(user)
    if round_visible is None:
        round_visible = round_decision(user, purchase_round) is Decision.ALLOW
    if not round_visible:
        return Decision.HIDE
    if scope.everywhere or manages_round(user, purchase_round):
        return Decision.ALLOW
    if center.district_id in scope.district_ids:
        return Decision.ALLOW
    if scope.district_ids:
        return Decision.HIDE
    return Decision.FORBID


def may_record_past_round(user) -> bool:
    """Enter a round that already happened, with its real dates (e.g. the report's
    purchases of 2547): network admins and the federation's staff."""
    scope = scope_of(user)
    return scope.is_admin or scope.provincial_staff


def _records_past_round(user, purchase_round) -> bool:
    """Whoever enters a round recorded afterwards enters every district's order in it."""
    return (
        purchase_round is not None
        and purchase_round.recorded_afterwards
        and may_record_past_round(user)
        and manages_round(user, purchase_round)
    )


def may_edit_order(user, center: Center, purchase_round=None) -> bool:
    """The district's coordinator; in a round recorded afterwards (`purchase_round`), also
    the federation's staff and admins who enter it."""
    scope = scope_of(user)
    return (
        scope.is_admin
        or center.district_id in scope.coordinator_district_ids
        or _records_past_round(user, purchase_round)
    )


def may_submit_order(user, center: Center, purchase_round=None) -> bool:
    scope = scope_of(user)
    return (
        may_edit_order(user, center, purchase_round)
        or center.district_id in scope.chair_district_ids
    )


def may_return_order(user, purchase_round) -> bool:
    """Unlock a submitted order: those who run the round (the province for a provincial
    round, the district's coordinator for its own round)."""
    return manages_round(user, purchase_round)


def may_record_delivery(user, purchase_round, center: Center | None = None) -> bool:
    """Supplier deliveries: the round's owners, or the receiving district's coordinator."""
    if manages_round(user, purchase_round):
        return True
    scope = scope_of(user)
    if center is None:
        return bool(scope.coordinator_district_ids)
    return center.district_id in scope.coordinator_district_ids


def may_handle_district(user, purchase_round, center: Center) -> bool:
    """Pickups, group payments and the allocation among a district's groups: the district's
    coordinator, and the round's owners."""
    return may_edit_order(user, center) or manages_round(user, purchase_round)


def may_record_district_payment(user, purchase_round) -> bool:
    return purchase_round.center.level == CenterLevel.PROVINCIAL and manages_round(
        user, purchase_round
    )


def may_view_catalogue(user) -> bool:
    return scope_of(user).has_role


def may_edit_reference_prices(user) -> bool:
    scope = scope_of(user)
    return scope.is_admin or scope.provincial_staff or scope.provincial_marketing


# What waits for whom (the home page) --------------------------------------------------


def order_centers(user) -> QuerySet[Center]:
    """The district centers whose orders wait for the user: entered by its coordinator,
    submitted by the coordinator or the district committee's chair."""
    scope = scope_of(user)
    return Center.objects.filter(
        level=CenterLevel.DISTRICT,
        district_id__in=scope.coordinator_district_ids | scope.chair_district_ids,
    )


def rounds_run_by(user):
    """The rounds the user runs: the province's for admins, the federation's staff and the
    marketing subcommittee; a district's own rounds for its coordinator."""
    from transactions.purchases.models import PurchaseRound

    scope = scope_of(user)
    query = Q(center__district_id__in=scope.coordinator_district_ids)
    if scope.is_admin or scope.provincial_staff or scope.provincial_marketing:
        query |= Q(center__level=CenterLevel.PROVINCIAL)
    return PurchaseRound.objects.filter(query)


def awaits_orders(user) -> bool:
    """Whether district orders may wait for the user (no query): districts' coordinators
    and chairs."""
    scope = scope_of(user)
    return bool(scope.coordinator_district_ids or scope.chair_district_ids)


def awaits_rounds(user) -> bool:
    """Whether rounds to run may wait for the user (no query)."""
    scope = scope_of(user)
    return bool(
        scope.is_admin
        or scope.provincial_staff
        or scope.provincial_marketing
        or (scope.coordinator_district_ids)
    )
