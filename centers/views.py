import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Case, F, IntegerField, Value, When
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from meetings.selectors import overdue_for
from members.models import Organization
from songkhla_network import access
from transactions.catalogue.models import Support

from . import services
from .applications import proper_center, status_history
from .forms import ApplicationFilterForm, ApplicationForm, ApproveForm, DeclineForm, MouForm
from .models import Center, Membership, MembershipStatus
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
    center = get_object_or_404(
        Center.objects.select_related("district", "host", "parent").of_district(district_code)
    )
    access.enforce(access.center_decision(request.user, center))
    context = _center_context(request, center)
    context["history"] = committee_history(
        center, personal_data=access.may_see_personal_data(request.user, center.host)
    )
    # Counted from the memberships already on the page: no query of its own.
    context["may_open_applications"] = (
        access.application_list_decision(request.user) is access.Decision.ALLOW
    )
    context["pending_applications"] = sum(
        1 for membership in context["memberships"] if membership.status == MembershipStatus.APPLIED
    )
    return render(request, "centers/center_detail.html", context)


# Applications and the MOU (issue 7) ----------------------------------------------------

APPLICATIONS_PAGE_SIZE = 50
NO_APPLICATIONS = (
    "ใบสมัครสมาชิกเปิดดูได้เฉพาะผู้ประสานงานศูนย์ กรรมการศูนย์ ผู้แทนกลุ่ม และเจ้าหน้าที่ของเครือข่าย "
    "บัญชีของคุณไม่มีสิทธิ์ดูใบสมัครรายองค์กร (ดูตัวเลขภาพรวมได้ที่หน้าเครือข่าย)"
)
NO_RECORDING = (
    "บัญชีของคุณไม่มีสิทธิ์บันทึกใบสมัคร: ผู้ประสานงานศูนย์ระดับอำเภอบันทึกใบสมัครของกลุ่มในอำเภอ "
    "เจ้าหน้าที่ชุมนุมสหกรณ์บันทึกใบสมัครขององค์กรระดับจังหวัด"
)


def _deciders(center) -> str:
    if center.is_provincial:
        return "ประธานคณะกรรมการศูนย์ระดับจังหวัด เจ้าหน้าที่ชุมนุมสหกรณ์ และผู้ดูแลระบบ"
    return f"ประธานคณะกรรมการบริหารศูนย์ฯ อำเภอ{center.district.name} และผู้ดูแลระบบ"


def _application(request, pk) -> Membership:
    membership = get_object_or_404(
        Membership.objects.select_related(
            "organization__district", "center__district", "recorded_by", "decided_by"
        ),
        pk=pk,
    )
    access.enforce(access.application_decision(request.user, membership))
    return membership


@vary_on_headers("HX-Request")
def application_list(request):
    """Applications the user may see: pending first, then the latest decisions; an htmx
    request gets only the results."""
    if access.application_list_decision(request.user) is not access.Decision.ALLOW:
        raise PermissionDenied(NO_APPLICATIONS)
    visible = access.applications(request.user)
    centers = (
        Center.objects.filter(pk__in=visible.values("center"))
        .select_related("district")
        .order_by("-level", "district__code")
    )
    form = ApplicationFilterForm(request.GET or None, centers=centers)
    form.is_valid()
    filters = getattr(form, "cleaned_data", {})
    rows = visible.select_related(
        "organization__district", "center__district", "recorded_by", "decided_by"
    ).order_by(
        Case(
            When(status=MembershipStatus.APPLIED, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        ),
        F("decided_on").desc(nulls_last=True),
        "-applied_on",
        "-pk",
    )
    if filters.get("status"):
        rows = rows.filter(status=filters["status"])
    if filters.get("center"):
        rows = rows.filter(center=filters["center"])
    page = Paginator(rows, APPLICATIONS_PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    template = "centers/application_list.html"
    if request.htmx:
        template += "#application-results"
    return render(
        request,
        template,
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "filtered": bool(filters.get("status") or filters.get("center")),
            "may_record": access.may_record_some_application(request.user),
        },
    )


def _add_refusal(form, refusal: ValidationError) -> None:
    """A service's refusal shown beside the field it is about (or above the form)."""
    if not hasattr(refusal, "error_dict"):
        form.add_error(None, " ".join(refusal.messages))
        return
    for field, errors in refusal.error_dict.items():
        for message in errors:
            form.add_error(field if field in form.fields else None, " ".join(message.messages))


def application_create(request):
    """Record an application for an organization in the system or a new one (created
    with its application, or not at all)."""
    centers = list(access.application_centers(request.user).order_by("-level", "district__code"))
    if not centers:
        raise PermissionDenied(NO_RECORDING)
    initial = {}
    if request.method == "GET":
        wanted = request.GET.get("center", "")
        if wanted.isdigit() and any(center.pk == int(wanted) for center in centers):
            initial["center"] = int(wanted)
        organization = _organization_from_query(request.GET.get("organization", ""))
        if organization is not None:
            initial["organization"] = organization.public_id
            center = proper_center(organization)
            if center is not None and any(c.pk == center.pk for c in centers):
                initial.setdefault("center", center.pk)
    form = ApplicationForm(request.POST or None, centers=centers, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            membership = services.application_record(
                center=data["center"],
                organization=form.applicant(),
                applied_on=data["applied_on"],
                note=data["note"],
                by=request.user,
            )
        except ValidationError as refusal:
            _add_refusal(form, refusal)
        else:
            messages.success(
                request,
                f"บันทึกใบสมัครของ{membership.organization} แล้ว "
                f"รอ{_deciders(membership.center)}พิจารณา",
            )
            return redirect("application_detail", pk=membership.pk)
    return render(request, "centers/application_form.html", {"form": form})


def _organization_from_query(public_id: str) -> Organization | None:
    try:
        value = uuid.UUID(public_id)
    except ValueError:
        return None
    return (
        Organization.objects.select_related("district", "hosted_center")
        .filter(public_id=value)
        .first()
    )


def _detail(request, membership, *, status=200, **forms):
    user = request.user
    center = membership.center
    may_decide = membership.status == MembershipStatus.APPLIED and access.may_decide_application(
        user, center
    )
    may_mou = membership.status in services.APPROVED_STATUSES and access.may_record_application(
        user, center
    )
    organization = membership.organization
    organization.visible = access.organization_decision(user, organization) is access.Decision.ALLOW
    context = {
        "membership": membership,
        "organization": organization,
        "center": center,
        "center_visible": access.may_view_center(user, center),
        "history": status_history(membership),
        "may_decide": may_decide,
        "may_mou": may_mou,
        "deciders": _deciders(center),
        "approve_form": forms.get("approve_form") or (ApproveForm() if may_decide else None),
        "decline_form": forms.get("decline_form") or (DeclineForm() if may_decide else None),
        "mou_form": forms.get("mou_form") or (MouForm(membership=membership) if may_mou else None),
    }
    return render(request, "centers/application_detail.html", context, status=status)


def application_detail(request, pk):
    """An application: the organization, the decision, the MOU and every status change."""
    return _detail(request, _application(request, pk))


@require_POST
def application_decide(request, pk):
    membership = _application(request, pk)
    if not access.may_decide_application(request.user, membership.center):
        raise PermissionDenied(
            f"บัญชีของคุณไม่มีสิทธิ์พิจารณาใบสมัครนี้: ผู้พิจารณาคือ{_deciders(membership.center)}"
        )
    if membership.status != MembershipStatus.APPLIED:
        messages.error(
            request,
            f"ใบสมัครนี้พิจารณาแล้ว (สถานะ “{membership.get_status_display()}”) จึงพิจารณาซ้ำไม่ได้",
        )
        return redirect("application_detail", pk=membership.pk)
    action = request.POST.get("action")
    if action not in ("approve", "decline"):
        messages.error(request, "ไม่ทราบว่าต้องการอนุมัติหรือไม่อนุมัติ กรุณากดปุ่มอีกครั้ง")
        return redirect("application_detail", pk=membership.pk)
    form = ApproveForm(request.POST) if action == "approve" else DeclineForm(request.POST)
    if form.is_valid():
        try:
            if action == "approve":
                services.application_approve(
                    membership=membership,
                    joined_on=form.cleaned_data["joined_on"],
                    by=request.user,
                )
            else:
                services.application_decline(
                    membership=membership, reason=form.cleaned_data["reason"], by=request.user
                )
        except ValidationError as refusal:
            if not hasattr(refusal, "error_dict"):  # decided by someone else meanwhile
                messages.error(request, " ".join(refusal.messages))
                return redirect("application_detail", pk=membership.pk)
            _add_refusal(form, refusal)
        else:
            if action == "approve":
                text = f"อนุมัติใบสมัครแล้ว {membership.organization} เป็นสมาชิกของ{membership.center}"
            else:
                text = f"บันทึกการไม่อนุมัติใบสมัครของ{membership.organization} พร้อมเหตุผลแล้ว"
            messages.success(request, text)
            return redirect("application_detail", pk=membership.pk)
    key = "approve_form" if action == "approve" else "decline_form"
    return _detail(request, membership, **{key: form})


@require_POST
def application_mou(request, pk):
    membership = _application(request, pk)
    center = membership.center
    if not access.may_record_application(request.user, center):
        raise PermissionDenied(
            f"บัญชีของคุณไม่มีสิทธิ์บันทึกข้อตกลงความร่วมมือนี้: บันทึกได้เฉพาะผู้ประสานงานของ{center} และผู้ดูแลระบบ"
        )
    if membership.status not in services.APPROVED_STATUSES:
        messages.error(
            request,
            "บันทึกข้อตกลงความร่วมมือได้เมื่อใบสมัครได้รับอนุมัติแล้วเท่านั้น "
            f"(สถานะตอนนี้ “{membership.get_status_display()}”)",
        )
        return redirect("application_detail", pk=membership.pk)
    form = MouForm(request.POST, request.FILES, membership=membership)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.mou_record(
                membership=membership,
                signed_on=data["signed_on"],
                signatories=data["signatories"],
                scan=data["scan"],
                by=request.user,
            )
        except ValidationError as refusal:
            _add_refusal(form, refusal)
        else:
            messages.success(request, "บันทึกข้อตกลงความร่วมมือแล้ว")
            return redirect("application_detail", pk=membership.pk)
    return _detail(request, membership, mou_form=form)


@require_GET
def application_mou_scan(request, pk):
    """The signed MOU scan, through the policy (never a public media address)."""
    membership = _application(request, pk)
    if not membership.mou_scan:
        return render(
            request,
            "centers/application_missing_scan.html",
            {"membership": membership},
            status=404,
        )
    return FileResponse(
        membership.mou_scan.open("rb"),
        content_type=membership.mou_scan_type or "application/octet-stream",
        as_attachment=True,
        filename=membership.mou_scan_name or membership.mou_scan.name.rsplit("/", 1)[-1],
    )
