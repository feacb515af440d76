"""Monthly reports of the centers: figures beside the previous month and the same month a
year before, charts, reviews and the chair's sign-off, PDF and XLSX."""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from centers.models import Center, CenterLevel
from centers.scope import enforce
from songkhla_network import thai
from songkhla_network.documents import download
from transactions.purchases import policy as purchase_policy
from transactions.purchases import services as purchase_services

from . import charts, figures, policy, selectors, services
from .forms import TargetForm

PROVINCE = "province"


def _center(key: str) -> Center:
    if key == PROVINCE:
        return get_object_or_404(
            Center.objects.select_related("host"), level=CenterLevel.PROVINCIAL
        )
    return get_object_or_404(Center.objects.select_related("district", "host").of_district(key))


def _key(center: Center) -> str:
    return PROVINCE if center.level == CenterLevel.PROVINCIAL else center.district.code


def _month(be_year: int, month: int) -> tuple[int, int]:
    year = be_year - thai.BE_OFFSET
    if not 1 <= month <= 12 or not 1900 <= year <= 2200:
        raise Http404("ไม่พบเดือนนี้")
    return year, month


def month_label(year: int, month: int) -> str:
    return f"{thai.MONTHS_LONG[month - 1]} {year + thai.BE_OFFSET}"


def _visible(request, key, be_year, month):
    center = _center(key)
    enforce(policy.report_decision(request.user, center))
    year, month = _month(be_year, month)
    return center, year, month


def report_home(request):
    """Choose a center and a month; the province sees which districts signed off."""
    today = timezone.localdate()
    last = figures.previous_month(today.year, today.month)
    year, month = last
    if request.GET.get("month"):
        try:
            be, m = (int(part) for part in request.GET["month"].split("-"))
            year, month = _month(be, m)
        except (ValueError, Http404):
            messages.error(request, "เดือนที่เลือกไม่ถูกต้อง แสดงเดือนที่แล้วแทน")
    centers = list(policy.visible_report_centers(request.user))
    signed = selectors.signoffs_by_center(year, month)
    for center in centers:
        center.key = _key(center)
        center.signoff = signed.get(center.pk)
    # Every month back to the first that has figures (a round recorded afterwards
    # reaches back to 2547), and at least the last two years; grouped by year.
    oldest = (today.year, today.month)
    for _ in range(23):
        oldest = figures.previous_month(*oldest)
    oldest = min(oldest, figures.first_month() or oldest)
    months = []
    y, m = today.year, today.month
    while (y, m) >= oldest:
        group = f"พ.ศ. {y + thai.BE_OFFSET}"
        if not months or months[-1][0] != group:
            months.append((group, []))
        months[-1][1].append((f"{y + thai.BE_OFFSET}-{m}", month_label(y, m)))
        y, m = figures.previous_month(y, m)
    return render(
        request,
        "reports/home.html",
        {
            "centers": centers,
            "year": year,
            "month": month,
            "be_year": year + thai.BE_OFFSET,
            "label": month_label(year, month),
            "months": months,
            "selected": f"{year + thai.BE_OFFSET}-{month}",
            "signed_count": sum(1 for c in centers if c.signoff and c.district_id),
            "district_count": sum(1 for c in centers if c.district_id),
            "show_names": policy.may_see_report_names(request.user),
            "may_open_dashboard": policy.may_open_dashboard(request.user),
        },
    )


def _context(request, center, year, month):
    data = figures.report(center, year, month)
    signoffs = selectors.month_signoffs(center, year, month)
    signoff = signoffs.signoff
    rows = figures.table(data, signoff.figures if signoff else None)
    show_names = policy.may_see_report_names(request.user)
    reviews = selectors.month_reviews(center, year, month)
    prev = figures.previous_month(year, month)
    nxt = figures.next_month(year, month)
    districts = []
    if center.level == CenterLevel.PROVINCIAL:
        districts = [
            (district, district.pk in signoffs.signed_center_ids)
            for district in selectors.district_centers()
        ]
        for district, _ in districts:  # a link only to the reports the reader may open
            district.report_url = (
                reverse(
                    "center_report", args=[district.district.code, year + thai.BE_OFFSET, month]
                )
                if policy.may_view_report(request.user, district)
                else None
            )
    return {
        "center": center,
        "key": _key(center),
        "year": year,
        "month": month,
        "be_year": year + thai.BE_OFFSET,
        "label": month_label(year, month),
        "previous_label": month_label(*prev),
        "last_year_label": month_label(year - 1, month),
        "data": data,
        "rows": rows,
        "products": data["current"]["purchases"]["products"],
        "chart": charts.purchases_chart(
            data,
            [month_label(year, month), month_label(*prev), month_label(year - 1, month)],
        ),
        "meetings_chart": charts.meetings_chart(
            data,
            [month_label(year, month), month_label(*prev), month_label(year - 1, month)],
        ),
        "signoff": signoff,
        "changed": any(row.get("changed") for row in rows),
        "reviews": reviews if show_names else [],
        "review_count": len(reviews),
        "show_names": show_names,
        "reviewed": any(r.reviewer_id == request.user.pk for r in reviews),
        "may_review": policy.may_review_report(request.user, center),
        "may_sign": policy.may_sign_report(request.user, center),
        "previous_url": reverse(
            "center_report", args=[_key(center), prev[0] + thai.BE_OFFSET, prev[1]]
        ),
        "next_url": reverse("center_report", args=[_key(center), nxt[0] + thai.BE_OFFSET, nxt[1]]),
        "districts": districts,
        "unsigned_count": sum(1 for _, signed in districts if not signed),
        "produced": thai.be_datetime(timezone.now(), "long"),
    }


def center_report(request, key, be_year, month):
    center, year, month = _visible(request, key, be_year, month)
    return render(request, "reports/report.html", _context(request, center, year, month))


@require_POST
def report_review(request, key, be_year, month):
    center, year, month = _visible(request, key, be_year, month)
    if not policy.may_review_report(request.user, center):
        raise PermissionDenied("ตรวจทานรายงานได้เฉพาะกรรมการของศูนย์และศูนย์จังหวัด")
    try:
        services.report_review_add(
            center=center,
            year=year,
            month=month,
            comment=request.POST.get("comment", ""),
            by=request.user,
        )
    except services.ReportError as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, "บันทึกการตรวจทานแล้ว")
    return redirect("center_report", key=key, be_year=be_year, month=month)


@require_POST
def report_sign(request, key, be_year, month):
    center, year, month = _visible(request, key, be_year, month)
    if not policy.may_sign_report(request.user, center):
        raise PermissionDenied("ลงนามรับรองรายงานได้เฉพาะประธานคณะกรรมการบริหารของศูนย์")
    try:
        services.check_month_ended(year, month)
    except services.ReportError as refusal:
        messages.error(request, str(refusal))
        return redirect("center_report", key=key, be_year=be_year, month=month)
    unsigned = selectors.unsigned_districts(center, year, month)
    codes = ",".join(district.district.code for district in unsigned)
    if unsigned and request.POST.get("unsigned") != codes:
        # The province signs over unsigned districts only once it has seen which: a page
        # that lists them and asks again (the districts are named in the confirmation, so
        # a list that changed in between is shown again).
        return render(
            request,
            "reports/sign_confirm.html",
            {
                "center": center,
                "key": key,
                "be_year": thai.year_text(year),
                "month": month,
                "label": month_label(year, month),
                "unsigned": unsigned,
                "codes": codes,
            },
        )
    try:
        services.report_signoff_add(center=center, year=year, month=month, by=request.user)
    except services.ReportError as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, f"ลงนามรับรองรายงานเดือน{month_label(year, month)} แล้ว")
    return redirect("center_report", key=key, be_year=be_year, month=month)


def report_pdf(request, key, be_year, month):
    from . import documents

    center, year, month = _visible(request, key, be_year, month)
    context = _context(request, center, year, month)
    return download(
        documents.report_pdf(context),
        "application/pdf",
        f"report-{context['key']}-{be_year}-{month:02d}.pdf",
    )


def report_xlsx(request, key, be_year, month):
    from . import documents

    center, year, month = _visible(request, key, be_year, month)
    context = _context(request, center, year, month)
    return download(
        documents.report_xlsx(context),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        f"report-{context['key']}-{be_year}-{month:02d}.xlsx",
    )


# The first year the dashboard offers: the network's first joint purchases (ก.ค. 2547).
DASHBOARD_FIRST_YEAR = 2004


def _dashboard_year(request, today: datetime.date) -> int:
    """The CE year asked for by `?year=` in BE: 2548, also "2,548" (a year once printed as
    a number) or Thai digits; anything else shows this year and says so."""
    text = request.GET.get("year", "").strip()
    if not text:
        return today.year
    try:
        year = thai.parse_be_year(text) - thai.BE_OFFSET
    except thai.BEDateError as error:
        messages.error(request, f"{error} จึงแสดงปี {thai.year_text(today)}")
        return today.year
    if not DASHBOARD_FIRST_YEAR <= year <= today.year + 1:
        messages.error(
            request,
            f"แดชบอร์ดแสดงได้ตั้งแต่ปี {thai.year_text(DASHBOARD_FIRST_YEAR)} "
            f"ถึง {thai.year_text(today.year + 1)} จึงแสดงปี {thai.year_text(today)}",
        )
        return today.year
    return year


@vary_on_headers("HX-Request")
def dashboard(request):
    """The province's dashboard; a district user gets the same for their own district."""
    from .dashboard import dashboard as build

    if not policy.may_open_dashboard(request.user):
        raise PermissionDenied("แดชบอร์ดสำหรับศูนย์จังหวัด ศูนย์อำเภอ และผู้สังเกตการณ์")
    today = timezone.localdate()
    year = _dashboard_year(request, today)
    district_ids = policy.dashboard_district_ids(request.user)
    may_set_targets = purchase_policy.may_set_targets(request.user)
    form = TargetForm(request.POST or None, initial={"be_year": year + thai.BE_OFFSET})
    if request.method == "POST":
        if not may_set_targets:
            raise PermissionDenied("เป้าหมายการซื้อร่วมกำหนดโดยคณะอนุกรรมการฝ่ายการตลาด")
        if form.is_valid():
            data = form.cleaned_data
            target, created = purchase_services.target_set(
                product=data["product"],
                year=data["be_year"] - thai.BE_OFFSET,
                quantity=data["quantity"],
                note=data["note"],
                by=request.user,
            )
            messages.success(
                request,
                f"{'บันทึก' if created else 'แก้ไข'}เป้าหมาย{target.product} ปี {data['be_year']} แล้ว",
            )
            return redirect(f"{reverse('report_dashboard')}?year={data['be_year']}")
    data = build(year, district_ids)
    return render(
        request,
        "reports/dashboard.html#dashboard-body" if request.htmx else "reports/dashboard.html",
        {
            **data,
            "be_year": thai.year_text(year),
            "years": [
                thai.year_text(y) for y in range(today.year + 1, DASHBOARD_FIRST_YEAR - 1, -1)
            ],
            "whole_province": district_ids is None,
            "form": form if may_set_targets else None,
            "show_names": policy.may_see_report_names(request.user),
        },
    )
