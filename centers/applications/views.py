"""The application pages (issue 7): record an application, decide it, record the MOU and
serve its scan; and the application part of an organization's page. The policy decides
(policy.py), services.py writes, rules.py reads."""

import uuid
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from centers.models import Membership, MembershipStatus
from centers.policy import may_view_center, may_view_organization
from centers.scope import obtain
from members.models import Organization

from . import policy, selectors, services
from .forms import ApplicationFilterForm, ApplicationForm, ApproveForm, DeclineForm, MouForm
from .rules import proper_center, status_history

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
    return obtain(
        Membership.objects.select_related(
            "organization__district", "center__district", "recorded_by", "decided_by"
        ),
        policy.application_decision,
        request.user,
        pk=pk,
    )


@vary_on_headers("HX-Request")
def application_list(request):
    """Applications the user may see: pending first, then the latest decisions; an htmx
    request gets only the results."""
    if not policy.may_open_applications(request.user):
        raise PermissionDenied(NO_APPLICATIONS)
    visible = policy.visible_applications(request.user)
    centers = selectors.application_centers(visible)
    form = ApplicationFilterForm(request.GET or None, centers=centers)
    form.is_valid()
    filters = getattr(form, "cleaned_data", {})
    rows = selectors.applications_for_list(
        visible, status=filters.get("status"), center=filters.get("center")
    )
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
            "may_record": policy.may_record_some_application(request.user),
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
    centers = list(
        policy.centers_for_applications(request.user).order_by("-level", "district__code")
    )
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
    may_decide = membership.status == MembershipStatus.APPLIED and policy.may_decide_application(
        user, center
    )
    may_mou = membership.status in services.APPROVED_STATUSES and policy.may_record_application(
        user, center
    )
    organization = membership.organization
    organization.visible = may_view_organization(user, organization)
    context = {
        "membership": membership,
        "organization": organization,
        "center": center,
        "center_visible": may_view_center(user, center),
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
    if not policy.may_decide_application(request.user, membership.center):
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
    if not policy.may_record_application(request.user, center):
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


# The organization page ----------------------------------------------------------------


def organization_application_context(request, organization) -> dict:
    """The memberships of an organization's page, each marked with what the user may
    open (no query per row), and the link to record an application when the
    organization has no membership that has not ended."""
    user = request.user
    rows = list(
        organization.memberships.select_related("center__district").order_by("-applied_on", "-pk")
    )
    for membership in rows:
        membership.application_visible = policy.may_view_application(user, membership)
    apply_url = ""
    if not any(membership.is_open for membership in rows) and policy.may_record_some_application(
        user
    ):
        center = proper_center(organization)
        if center is not None and policy.may_record_application(user, center):
            query = urlencode({"organization": organization.public_id, "center": center.pk})
            apply_url = f"{reverse('application_create')}?{query}"
    return {"application_rows": rows, "apply_url": apply_url}
