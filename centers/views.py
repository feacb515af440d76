from django.http import Http404
from django.shortcuts import get_object_or_404, render

from meetings.selectors import overdue_for
from songkhla_network import access
from transactions.models import Support

from .models import Center, CenterLevel
from .selectors import (
    DISTRICT_MEMBER_KINDS,
    center_memberships,
    committee_history,
    committees_with_current_members,
    district_centers_with_counts,
    provincial_center,
)


def _center_context(request, center):
    """Committees and memberships of a center, marked with what the user may open."""
    committees = list(committees_with_current_members(center))
    memberships = list(center_memberships(center))
    access.mark_visible(
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
        "show_names": access.may_see_names(request.user),
        "planning": planning,
        "supports": Support.objects.filter(center=center).select_related("partner"),
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
            province, personal_data=access.may_see_personal_data(request.user, province.host)
        )
    for district_center in district_centers:
        district_center.visible = access.may_view_center(request.user, district_center)
    context["overdue"] = overdue_for(
        request.user,
        access.scope_of(request.user).organization_ids,
        access.meeting_committees(request.user),
    )
    return render(
        request,
        "centers/network_home.html",
        {
            **context,
            "district_centers": district_centers,
            "member_kinds": DISTRICT_MEMBER_KINDS,
        },
    )


def center_detail(request, district_code):
    center = get_object_or_404(
        Center.objects.select_related("district", "host", "parent"),
        level=CenterLevel.DISTRICT,
        district__code=district_code,
    )
    access.enforce(access.center_decision(request.user, center))
    context = _center_context(request, center)
    context["history"] = committee_history(
        center, personal_data=access.may_see_personal_data(request.user, center.host)
    )
    return render(request, "centers/center_detail.html", context)
