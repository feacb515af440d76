"""แผนภาพเครือข่าย, /reports/map/: the province's network (`?year=2569`), or a district's
(`?district=9009`), as a map and, under it, a table with a row for every link
(ROWS_PER_PAGE at a time).

The existing links the baseline survey recorded are drawn too, from the year of the
survey on (survey.py). The period is a Buddhist-Era year (`year`, the current one by
default). Positions are computed in Python (layout.py), the SVG is drawn by the template
with presentation attributes only (drawing.py). The page runs a fixed number of queries,
whatever the number of groups, partners or rounds.
"""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from centers.models import CenterLevel
from centers.policy import center_decision, may_view_center
from centers.scope import enforce
from songkhla_network import thai

from ..policy import may_see_map_names
from .data import map_centers
from .drawing import drawing
from .layout import LEGEND_ORDER, LINK_STYLES
from .maps import district_map, province_map

ROWS_PER_PAGE = 100  # the table of links under the map


def _year(request) -> int:
    try:
        return thai.parse_be_year(request.GET.get("year", ""))  # 2548, also 2,548
    except thai.BEDateError:
        return thai.be_year(timezone.localdate())


def network_map(request):
    """แผนภาพเครือข่าย: the province view, or a district's view (`?district=9009`)."""
    user = request.user
    year = _year(request)
    centers = map_centers()
    province = next((c for c in centers if c.level == CenterLevel.PROVINCIAL), None)
    if province is None:
        raise Http404("ยังไม่ได้ตั้งศูนย์ประสานงานระดับจังหวัด")
    districts = [c for c in centers if c.level == CenterLevel.DISTRICT]
    code = request.GET.get("district", "").strip()
    center = None
    if code:
        center = next((c for c in districts if c.district.code == code), None)
        if center is None:
            raise Http404("ไม่พบอำเภอนี้")
        enforce(center_decision(user, center))

    names = may_see_map_names(user)
    if center is None:
        drawn = province_map(user, year, [province, *districts], names)
        heading = "แผนภาพเครือข่ายระดับจังหวัด"
    else:
        drawn = district_map(user, year, center, province)
        heading = f"แผนภาพเครือข่ายอำเภอ{center.district.name}"

    years = {thai.be_year(c.founded_on) for c in centers if c.founded_on}
    current = thai.be_year(timezone.localdate())
    first = min(years | {current})
    year_choices = [str(y) for y in range(max(current, year), min(first, year) - 1, -1)]
    viewable = [c for c in districts if may_view_center(user, c)]
    # The table under the map: a row for each link (also those a crowded district's map
    # draws as counts), a page at a time when there are many.
    rows = Paginator([link.row() for link in drawn["rows"]], ROWS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    here = {"district": center.district.code} if center else {}
    return render(
        request,
        "reports/network_map.html",
        {
            "heading": heading,
            "year": str(year),
            "year_choices": year_choices,
            "center": center,
            "province": province,
            "district_choices": [(c.district.code, c.district.name) for c in viewable],
            "show_names": names,
            "summary": drawn["summary"],
            "svg": drawing(drawn["nodes"], drawn["links"]),
            "rows": rows.object_list,
            "page": rows,
            "page_query": urlencode({**here, "year": year}),
            "legend_styles": [LINK_STYLES[kind] for kind in LEGEND_ORDER],
            "province_url": reverse("network_map") + f"?year={year}",
        },
    )
