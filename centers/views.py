from django.http import Http404
from django.shortcuts import get_object_or_404, render

from .models import Center, CenterLevel
from .selectors import (
    DISTRICT_MEMBER_KINDS,
    center_memberships,
    committees_with_current_members,
    district_centers_with_counts,
    provincial_center,
)


def network_home(request):
    """The provincial center, its committees and members, and the 16 district centers."""
    province = provincial_center()
    if province is None:
        raise Http404("ยังไม่ได้ตั้งศูนย์ประสานงานระดับจังหวัด")
    return render(
        request,
        "centers/network_home.html",
        {
            "center": province,
            "committees": committees_with_current_members(province),
            "memberships": center_memberships(province),
            "district_centers": district_centers_with_counts(),
            "member_kinds": DISTRICT_MEMBER_KINDS,
        },
    )


def center_detail(request, district_code):
    center = get_object_or_404(
        Center.objects.select_related("district", "host", "parent"),
        level=CenterLevel.DISTRICT,
        district__code=district_code,
    )
    return render(
        request,
        "centers/center_detail.html",
        {
            "center": center,
            "committees": committees_with_current_members(center),
            "memberships": center_memberships(center),
        },
    )
