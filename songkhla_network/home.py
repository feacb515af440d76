"""The home page: what waits for the signed-in user, gathered from each area's selectors.

The policy says which blocks a user gets (a user with several roles gets each of them) and
which rows they may open; a row the user may not open is named, not linked. Only the URL
configuration imports this module: it reads every area, so it sits above them all.
"""

import datetime

from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from centers.selectors import applications_waiting, district_centers_with_counts
from meetings import selectors as meetings
from members.registry import selectors as registry
from members.rosters import rules as roster_rules
from members.rosters import selectors as rosters
from reports import selectors as reports
from transactions.purchases import selectors as purchases
from transactions.purchases.models import RoundStatus

from . import access

CLOSING_SOON = datetime.timedelta(days=3)
LISTED = 5  # rows of a long block shown before "and N more"


def _order_rows(user, now):
    """A district's orders in the open rounds (its coordinator and chair)."""
    rows = purchases.district_orders_due(access.rounds(user), access.order_centers(user))
    for row in rows:
        row.closed = row.round.closes_at <= now
        row.closing_soon = not row.closed and row.round.closes_at - now <= CLOSING_SOON
        row.may_edit = access.may_edit_order(user, row.center)
        row.url = (
            reverse("purchase_order_entry", args=[row.round.pk, row.center.district.code])
            if access.district_order_decision(user, row.round, row.center, round_visible=True)
            is access.Decision.ALLOW
            else None
        )
    return rows


def _rounds_to_run(user, now, districts: int):
    """The rounds the user runs, each with the number of districts that order in it."""
    rounds = purchases.rounds_under_way(access.rounds_run_by(user))
    for purchase_round in rounds:
        purchase_round.closed = purchase_round.closes_at <= now
        purchase_round.districts = districts if purchase_round.is_provincial else 1
    return rounds


def _meeting_committees(user):
    """The user's committees, their next meeting, and whether the user prepares them."""
    committees = meetings.committees_ahead(access.own_committees(user))
    for committee in committees:
        committee.prepares = access.may_prepare_meetings(user, committee)
    return committees


def _overview(user, today, district_centers):
    """What every signed-in user may see: aggregate figures and where to find more."""
    centers = meetings.centers_meeting_this_month(today)
    last_month = reports.last_month_signed(today)
    return {
        # The network page's count: active members of the district centers.
        "members": sum(center.active_total for center in district_centers),
        "districts": len(district_centers),
        "open_rounds": purchases.open_round_count(access.rounds(user)),
        "met": sum(1 for center in centers if center.held),
        "centers": len(centers),
        "signed": last_month.districts_signed,
        "last_month": last_month.label,
        "may_open_dashboard": access.dashboard_decision(user) is access.Decision.ALLOW,
    }


def home(request):
    user = request.user
    scope = access.scope_of(user)
    now = timezone.now()
    today = timezone.localdate(now)
    district_centers = district_centers_with_counts()
    context = {
        "overdue": meetings.overdue_for(
            user, scope.organization_ids, access.meeting_committees(user)
        ),
        "overview": _overview(user, today, district_centers),
        "has_role": scope.has_role,
    }
    if scope.coordinator_district_ids or scope.chair_district_ids:
        context["orders"] = _order_rows(user, now)
    if (
        scope.is_admin
        or scope.provincial_staff
        or scope.provincial_marketing
        or (scope.coordinator_district_ids)
    ):
        context["rounds"] = _rounds_to_run(user, now, len(district_centers))
        context["may_open_rounds"] = access.may_open_rounds(user)
    if scope.seats or scope.staff_center_ids:
        context["committees"] = _meeting_committees(user)
    chaired = access.chaired_committee_ids(user)
    if chaired:
        context["minutes"] = meetings.minutes_to_approve(chaired)
    signing = list(access.signing_centers(user).select_related("district")) if chaired else []
    if signing:
        unsigned = reports.months_to_sign(signing, today=today)
        context["unsigned"], context["unsigned_more"] = unsigned[:LISTED], unsigned[LISTED:]
        context["months_back"] = reports.MONTHS_BACK
    if scope.is_admin or scope.provincial_staff or signing:
        waiting, count = applications_waiting(access.application_queue_centers(user), LISTED)
        context["applications"], context["application_count"] = waiting, count
    if (
        scope.is_admin
        or scope.provincial_staff
        or scope.coordinator_district_ids
        or (scope.chair_district_ids)
    ):
        waiting, count = rosters.rosters_waiting(access.rosters_waiting_for(user), LISTED)
        context["rosters"], context["roster_count"] = waiting, count
    if access.may_import_registry(user):
        context["imports"], context["import_count"] = registry.pending_imports(LISTED)
    if scope.organization_ids:
        context["group_rounds"] = _group_rounds(user, scope, now)
        context["group_rosters"] = rosters.group_roster_states(scope.organization_ids)
        for group in context["group_rosters"]:
            group.roster_label = roster_rules.status_label(group.roster_status)
    return render(request, "home.html", context)


def _group_rounds(user, scope, now):
    rows = purchases.group_rounds(access.rounds(user), scope.organization_ids)
    for row in rows:
        row.closing_soon = (
            row.round.status == RoundStatus.OPEN and now < row.round.closes_at <= now + CLOSING_SOON
        )
    return rows
