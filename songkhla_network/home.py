"""The home page: what waits for the signed-in user, gathered from each area's selectors.

The policy says which blocks a user gets (a user with several roles gets each of them) and
which rows they may open; a row the user may not open is named, not linked. Only the URL
configuration imports this module: it reads every area, so it sits above them all.
"""

import datetime

from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from centers.applications import policy as application_policy
from centers.applications.selectors import applications_waiting
from centers.policy import chaired_committee_ids
from centers.scope import has_role, represented_organization_ids
from centers.selectors import district_centers_with_counts
from meetings import policy as meeting_policy
from meetings import selectors as meetings
from members.registry import selectors as registry
from members.registry.policy import may_import_registry
from members.rosters import policy as roster_policy
from members.rosters import rules as roster_rules
from members.rosters import selectors as rosters
from reports import policy as report_policy
from reports import selectors as reports
from transactions.purchases import policy as purchase_policy
from transactions.purchases import selectors as purchases
from transactions.purchases.models import RoundStatus

CLOSING_SOON = datetime.timedelta(days=3)
LISTED = 5  # rows of a long block shown before "and N more"


def _order_rows(user, now):
    """A district's orders in the open rounds (its coordinator and chair)."""
    rows = purchases.district_orders_due(
        purchase_policy.visible_rounds(user), purchase_policy.order_centers_waiting_for(user)
    )
    for row in rows:
        row.closed = row.round.closes_at <= now
        row.closing_soon = not row.closed and row.round.closes_at - now <= CLOSING_SOON
        row.may_edit = purchase_policy.may_edit_order(user, row.center)
        row.url = (
            reverse("purchase_order_entry", args=[row.round.pk, row.center.district.code])
            if purchase_policy.may_open_district_order(
                user, row.round, row.center, round_visible=True
            )
            else None
        )
    return rows


def _rounds_to_run(user, now, districts: int):
    """The rounds the user runs, each with the number of districts that order in it."""
    rounds = purchases.rounds_under_way(purchase_policy.rounds_waiting_for(user))
    for purchase_round in rounds:
        purchase_round.closed = purchase_round.closes_at <= now
        purchase_round.districts = districts if purchase_round.is_provincial else 1
    return rounds


def _meeting_committees(user):
    """The user's committees, their next meeting, and whether the user prepares them."""
    committees = meetings.committees_ahead(meeting_policy.committees_waiting_for(user))
    for committee in committees:
        committee.prepares = meeting_policy.may_prepare_meetings(user, committee)
    return committees


def _overview(user, today, district_centers):
    """What every signed-in user may see: aggregate figures and where to find more."""
    centers = meetings.centers_meeting_this_month(today)
    last_month = reports.last_month_signed(today)
    return {
        # The network page's count: active members of the district centers.
        "members": sum(center.active_total for center in district_centers),
        "districts": len(district_centers),
        "open_rounds": purchases.open_round_count(purchase_policy.visible_rounds(user)),
        "met": sum(1 for center in centers if center.held),
        "centers": len(centers),
        "signed": last_month.districts_signed,
        "last_month": last_month.label,
        "may_open_dashboard": report_policy.may_open_dashboard(user),
    }


def home(request):
    user = request.user
    represented = represented_organization_ids(user)
    now = timezone.now()
    today = timezone.localdate(now)
    district_centers = district_centers_with_counts()
    context = {
        "overdue": meetings.overdue_for(user, represented, meeting_policy.visible_committees(user)),
        "overview": _overview(user, today, district_centers),
        "has_role": has_role(user),
    }
    if purchase_policy.awaits_orders(user):
        context["orders"] = _order_rows(user, now)
    if purchase_policy.awaits_rounds(user):
        context["rounds"] = _rounds_to_run(user, now, len(district_centers))
        context["may_open_rounds"] = purchase_policy.may_open_rounds(user)
    if meeting_policy.awaits_meetings(user):
        context["committees"] = _meeting_committees(user)
    chaired = chaired_committee_ids(user)
    if chaired:
        context["minutes"] = meetings.minutes_to_approve(chaired)
    signing = (
        list(report_policy.reports_waiting_for(user).select_related("district")) if chaired else []
    )
    if signing:
        unsigned = reports.months_to_sign(signing, today=today)
        context["unsigned"], context["unsigned_more"] = unsigned[:LISTED], unsigned[LISTED:]
        context["months_back"] = reports.MONTHS_BACK
    if application_policy.awaits_applications(user, chairs_a_center=bool(signing)):
        waiting, count = applications_waiting(
            application_policy.applications_waiting_for(user), LISTED
        )
        context["applications"], context["application_count"] = waiting, count
    if roster_policy.awaits_rosters(user):
        waiting, count = rosters.rosters_waiting(roster_policy.rosters_waiting_for(user), LISTED)
        context["rosters"], context["roster_count"] = waiting, count
    if may_import_registry(user):
        context["imports"], context["import_count"] = registry.pending_imports(LISTED)
    if represented:
        context["group_rounds"] = _group_rounds(user, represented, now)
        context["group_rosters"] = rosters.group_roster_states(represented)
        for group in context["group_rosters"]:
            group.roster_label = roster_rules.status_label(group.roster_status)
    return render(request, "home.html", context)


def _group_rounds(user, represented: frozenset[int], now):
    rows = purchases.group_rounds(purchase_policy.visible_rounds(user), represented)
    for row in rows:
        row.closing_soon = (
            row.round.status == RoundStatus.OPEN and now < row.round.closes_at <= now + CLOSING_SOON
        )
    return rows
