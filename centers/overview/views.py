"""The network's pages: the provincial center with the 16 district centers (the network
home) and a district center's page. They show what the businesses keep about a center
(meetings' overdue action items, the catalogue's supporters), so they sit above them;
centers' core imports no business."""

from django.http import Http404
from django.shortcuts import render

from centers.applications.policy import may_open_applications
from centers.models import Center, MembershipStatus
from centers.personal_data import mark_visible, may_see_personal_data
from centers.policy import center_decision, may_see_names, may_view_center
from centers.scope import obtain, represented_organization_ids
from centers.selectors import (
    DISTRICT_MEMBER_KINDS,
    center_memberships,
    committee_history,
    committees_with_current_members,
    district_centers_with_counts,
    provincial_center,
)
from meetings.policy import visible_committees
from meetings.selectors import overdue_for

from .selectors import center_supports


def _center_context(request, center):
    """Committees and memberships of a center, marked with what the user may open."""
    committees = list(committees_with_current_members(center))
    memberships = list(center_memberships(center))
    mark_visible(
        request.user,
        [
            center.host,
            *(m.organization for m in memberships),
            *(
                seat.person.organization
                for committee in committees
                for seat in committee.current_members
                if seat.person.organization
            ),
        ],
    )
    planning = {}
    for record in center.planning_records.order_by("recorded_on", "pk"):
        planning.setdefault(record.get_kind_display(), []).append(record)
    return {
        "center": center,
        "committees": committees,
        "memberships": memberships,
        "show_names": may_see_names(request.user),
        "planning": planning,
        "supports": center_supports(center),
    }


def network_home(request):
    """The provincial center, its committees and members, and the 16 district centers.

    Every signed-in user sees the aggregate figures; names only those with a role.
    """
    province = provincial_center()
    if province is None:
        raise Http404("ยังไม่ได้ตั้งศูนย์ประสานงานระดับจังหวัด")
    district_centers = district_centers_with_counts()
    context = _center_context(request, province)
    if context["show_names"]:  # names of committee members: not for observers
        context["history"] = committee_history(
            province, personal_data=may_see_personal_data(request.user, province.host)
        )
    for district_center in district_centers:
        district_center.visible = may_view_center(request.user, district_center)
    context["overdue"] = overdue_for(
        request.user,
        represented_organization_ids(request.user),
        visible_committees(request.user),
    )
    # The summaries of the collapsed sections, counted from what the page already read.
    memberships = context["memberships"]
    return render(
        request,
        "centers/network_home.html",
        {
            **context,
            "district_centers": district_centers,
            "district_member_total": sum(center.active_total for center in district_centers),
            "member_kinds": DISTRICT_MEMBER_KINDS,
            "committee_seat_count": sum(
                len(committee.current_members) for committee in context["committees"]
            ),
            "provincial_active_count": sum(
                1 for membership in memberships if membership.status == MembershipStatus.ACTIVE
            ),
            "provincial_applied_count": sum(
                1 for membership in memberships if membership.status == MembershipStatus.APPLIED
            ),
        },
    )


def center_detail(request, district_code):
    center = obtain(
        Center.objects.select_related("district", "host", "parent").of_district(district_code),
        center_decision,
        request.user,
    )
    context = _center_context(request, center)
    context["history"] = committee_history(
        center, personal_data=may_see_personal_data(request.user, center.host)
    )
    # Counted from the memberships already on the page: no query of its own.
    context["may_open_applications"] = may_open_applications(request.user)
    context["pending_applications"] = sum(
        1 for membership in context["memberships"] if membership.status == MembershipStatus.APPLIED
    )
    return render(request, "centers/center_detail.html", context)
