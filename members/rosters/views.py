"""Member roster pages (ส่งรายชื่อสมาชิก, issue 7). The policy decides (policy.py);
selectors.py reads and services.py writes; these views parse the request and choose the
response.

Who sees what: the overview (counts and status per district, per group) for everyone who
follows rosters; a group's roster page (members' names, IDs masked) for admins, the
federation's staff, the district's coordinator and executive chair, and the group's own
representatives; the full national ID (each showing logged) for those of them who need it
(centers.personal_data.may_see_personal_data). Removing a member with their data erased has
a confirm page of its own and is open in every roster status."""

import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from centers.personal_data import (
    format_national_id,
    mask_national_id,
    may_see_personal_data,
    shown_phone,
)
from centers.scope import enforce, obtain
from members.models import District, Organization
from songkhla_network.documents import download
from songkhla_network.spreadsheets import template_csv, template_xlsx
from songkhla_network.uploads import XLSX_TYPE

from . import policy, rules, selectors, services, spreadsheet
from .forms import RosterMemberForm, RosterReturnForm, RosterUploadForm
from .models import RosterAction, RosterMember, RosterStatus

PAGE_SIZE = 100
ANY_ID = uuid.UUID(int=0)  # a placeholder public id, for building many addresses at once
EDITORS_ONLY = "รายชื่อสมาชิกแก้ไขได้เฉพาะผู้แทนของกลุ่มและผู้ประสานงานศูนย์อำเภอ"
REFUSED = {
    "submit": "ส่งรายชื่อให้ศูนย์อำเภอได้เฉพาะผู้แทนของกลุ่มและผู้ประสานงานศูนย์อำเภอ",
    "forward": "ส่งรายชื่อต่อให้จังหวัดได้เฉพาะผู้ประสานงานหรือประธานศูนย์อำเภอของกลุ่มนี้",
    "return": "ส่งรายชื่อกลับได้เฉพาะศูนย์อำเภอของกลุ่มนี้ และเจ้าหน้าที่ของจังหวัดเมื่อรายชื่อส่งถึงจังหวัดแล้ว",
}
NAMES_ONLY = (
    "รายชื่อสมาชิกรายคนเปิดดูได้เฉพาะผู้ดูแลระบบ เจ้าหน้าที่ของชุมนุมสหกรณ์ฯ ผู้ประสานงานและประธาน"
    "คณะกรรมการบริหารศูนย์อำเภอของกลุ่ม และผู้แทนของกลุ่มเอง บทบาทของคุณดูจำนวนสมาชิกและสถานะการส่ง"
    "รายชื่อของกลุ่มนี้ได้ที่หน้าภาพรวมรายชื่อสมาชิก (เมนู “รายชื่อสมาชิก”)"
)
REMOVERS_ONLY = (
    "ลบสมาชิกออกจากรายชื่อได้เฉพาะผู้แทนของกลุ่ม ผู้ประสานงานศูนย์อำเภอ เจ้าหน้าที่ของชุมนุมสหกรณ์ฯ และผู้ดูแลระบบ"
)
PERSONAL_DATA_ONLY = (
    "เลขประจำตัวประชาชนเต็มแสดงเฉพาะผู้ประสานงานศูนย์อำเภอ ผู้แทนของกลุ่ม "
    "และเจ้าหน้าที่ของชุมนุมสหกรณ์ฯ ผู้มีบทบาทอื่นเห็นเลขแบบปิดบัง"
)


def _organization(request, public_id) -> Organization:
    user = request.user
    return obtain(
        Organization.objects.select_related("district"),
        policy.roster_decision,
        user,
        # A role that follows the group's counts and status is told where to find them.
        forbidden=lambda organization: (
            NAMES_ONLY if policy.may_see_roster_status(user, organization) else None
        ),
        public_id=public_id,
    )


def _require_editor(request, organization) -> None:
    if not policy.may_edit_roster(request.user, organization):
        raise PermissionDenied(EDITORS_ONLY)


def _member(organization, pk) -> RosterMember:
    return get_object_or_404(
        RosterMember.objects.current().filter(erased_at__isnull=True),
        pk=pk,
        roster__organization=organization,
    )


def _roster_url(organization, anchor: str = "") -> str:
    return reverse("roster_detail", args=[organization.public_id]) + anchor


def _write_refusal(organization, roster) -> str:
    """Why nothing may be added, edited or uploaded to this roster now ("" when it may).
    Removal with erasure is never refused for the roster's state."""
    if not selectors.keeps_roster(organization):
        if selectors.has_pending_application(organization):
            return rules.APPLICATION_PENDING
        return rules.NOT_A_MEMBER_GROUP
    if roster is not None and not roster.is_editable:
        return rules.NOT_EDITABLE.format(status=roster.get_status_display())
    return ""


def _render_detail(
    request, organization, *, add_form=None, upload_form=None, upload=None, return_form=None
):
    user = request.user
    keeps = selectors.keeps_roster(organization)
    roster = selectors.roster_of(organization)
    personal_data = may_see_personal_data(user, organization)
    sees_duplicates = policy.may_see_roster_duplicates(user, organization)
    may_edit = policy.may_edit_roster(user, organization)
    may_forward = policy.may_forward_roster(user, organization)
    may_remove = policy.may_remove_roster_member(user, organization)
    status = roster.status if roster else None
    editable = keeps and (roster is None or roster.is_editable)

    members = selectors.current_members(roster)
    page = Paginator(members, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    flags = selectors.duplicate_flags(roster) if sees_duplicates else {}
    for number, member in enumerate(page.object_list, start=page.start_index()):
        member.number = number
        member.shown_id = mask_national_id(member.national_id)
        member.shown_phone = shown_phone(member.phone, personal_data=personal_data)
        member.flags = flags.get(member.national_id, []) if member.national_id else []
    starts = rules.TRANSITIONS
    counts = selectors.roster_counts(roster)
    has_members = keeps and counts["current"] > 0
    events = selectors.latest_events(roster)
    last_return = None
    if status == RosterStatus.RETURNED:
        last_return = next((e for e in events if e.action == RosterAction.RETURNED), None)
    return render(
        request,
        "members/roster_detail.html",
        {
            "organization": organization,
            "keeps_roster": keeps,
            "application_pending": not keeps
            and roster is None
            and selectors.has_pending_application(organization),
            "roster": roster,
            "status": status or "none",
            "status_label": rules.status_label(status),
            "counts": counts,
            "flagged_count": len(flags),
            "sees_duplicates": sees_duplicates,
            "page": page,
            "personal_data": personal_data,
            "may_edit": may_edit and editable,
            "may_remove": may_remove,
            "edit_locked": may_edit and keeps and not editable,
            "may_submit": may_edit
            and not may_forward
            and has_members
            and status in starts["submit"][0],
            "may_forward": may_forward and has_members and status in starts["forward"][0],
            "may_return": status is not None
            and policy.may_return_roster(user, organization, status),
            "add_form": add_form or RosterMemberForm(roster=roster),
            "recorded_keys": selectors.recorded_submission_keys(roster) if may_edit else [],
            "upload_form": upload_form or RosterUploadForm(),
            "upload": upload,
            "return_form": return_form or RosterReturnForm(),
            "events": events,
            "last_return": last_return,
        },
    )


@never_cache
def roster_detail(request, public_id):
    organization = _organization(request, public_id)
    return _render_detail(request, organization)


@require_POST
def roster_member_add(request, public_id):
    organization = _organization(request, public_id)
    _require_editor(request, organization)
    roster = selectors.roster_of(organization)
    refusal = _write_refusal(organization, roster)
    if refusal:
        messages.error(request, refusal)
        return redirect(_roster_url(organization))
    form = RosterMemberForm(request.POST, roster=roster)
    # The same form again (a retry after an answer lost on a bad connection): added once.
    try:
        key = uuid.UUID(request.POST.get("submission_key", ""))
    except ValueError:
        key = None
    earlier = selectors.added_with(organization=organization, submission_key=key)
    if earlier is not None:
        messages.success(request, f"เพิ่ม{earlier.full_name}ในรายชื่อไปแล้ว ไม่ได้เพิ่มซ้ำ")
        return redirect(_roster_url(organization, "#members"))
    if not form.is_valid():
        return _render_detail(request, organization, add_form=form)
    try:
        member = services.member_add(
            organization=organization,
            values=form.cleaned_data,
            by=request.user,
            submission_key=form.cleaned_data.get("submission_key"),
        )
    except rules.RosterRefused as error:
        messages.error(request, str(error))
        return redirect(_roster_url(organization))
    messages.success(request, f"เพิ่ม{member.full_name}ในรายชื่อแล้ว")
    return redirect(_roster_url(organization, "#members"))


@require_POST
def roster_upload(request, public_id):
    organization = _organization(request, public_id)
    _require_editor(request, organization)
    refusal = _write_refusal(organization, selectors.roster_of(organization))
    if refusal:
        messages.error(request, refusal)
        return redirect(_roster_url(organization))
    form = RosterUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render_detail(request, organization, upload_form=form)
    try:
        result = services.roster_upload(
            organization=organization, upload=form.cleaned_data["file"], by=request.user
        )
    except rules.RosterRefused as error:
        messages.error(request, str(error))
        return redirect(_roster_url(organization))
    if not result.ok:
        return _render_detail(request, organization, upload=result)
    messages.success(
        request,
        f"นำเข้ารายชื่อแล้ว {result.count:,} แถว: เพิ่มสมาชิกใหม่ {result.added:,} คน "
        f"ปรับปรุง {result.updated:,} คน ไม่เปลี่ยนแปลง {result.unchanged:,} คน",
    )
    return redirect(_roster_url(organization, "#members"))


@never_cache
def roster_member_edit(request, public_id, pk):
    organization = _organization(request, public_id)
    _require_editor(request, organization)
    member = _member(organization, pk)
    roster = selectors.member_roster(member)
    refusal = _write_refusal(organization, roster)
    if refusal:
        messages.error(request, refusal)
        return redirect(_roster_url(organization))
    # The form changes the instance while it validates: keep what is stored.
    stored_id, member_name = member.national_id, member.full_name
    form = RosterMemberForm(request.POST or None, instance=member, roster=roster)
    if request.method == "POST" and form.is_valid():
        try:
            services.member_edit(
                organization=organization, member=member, values=form.cleaned_data, by=request.user
            )
        except rules.RosterRefused as error:
            messages.error(request, str(error))
            return redirect(_roster_url(organization))
        messages.success(request, "บันทึกการแก้ไขข้อมูลสมาชิกแล้ว")
        return redirect(_roster_url(organization, "#members"))
    if stored_id:  # the form shows the full national ID: log it
        services.log_national_id_view(user=request.user, member=member, where=request.path)
    return render(
        request,
        "members/roster_member_edit.html",
        {
            "organization": organization,
            "member": member,
            "member_name": member_name,
            "shows_id": bool(stored_id),
            "form": form,
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
def roster_member_remove(request, public_id, pk):
    """Remove a member and erase their personal data (PDPA), in any roster status and
    also after the group stopped keeping a roster. GET asks to confirm; POST removes."""
    organization = _organization(request, public_id)
    if not policy.may_remove_roster_member(request.user, organization):
        raise PermissionDenied(REMOVERS_ONLY)
    member = _member(organization, pk)
    if request.method == "POST":
        try:
            services.member_remove(organization=organization, member=member, by=request.user)
        except rules.RosterRefused as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "ลบสมาชิกออกจากรายชื่อและลบข้อมูลส่วนบุคคลแล้ว จำนวนสมาชิกปรับตามแล้ว")
        return redirect(_roster_url(organization, "#members"))
    return render(
        request,
        "members/roster_member_remove.html",
        {"organization": organization, "member": member},
    )


@never_cache
@vary_on_headers("HX-Request")
def roster_member_national_id(request, public_id, pk):
    """The full national ID of one member, for those who need it; every showing logged.
    An htmx request gets the fragment that replaces the masked number in the table."""
    organization = _organization(request, public_id)
    if not may_see_personal_data(request.user, organization):
        raise PermissionDenied(PERSONAL_DATA_ONLY)
    member = _member(organization, pk)
    if not member.national_id:
        raise Http404("ไม่พบเลขประจำตัวประชาชนของสมาชิกนี้ในทะเบียน")
    services.log_national_id_view(user=request.user, member=member, where=request.path)
    template = "members/roster_national_id.html"
    if request.htmx:
        template += "#national-id"
    return render(
        request,
        template,
        {
            "organization": organization,
            "member": member,
            "full_id": format_national_id(member.national_id),
        },
    )


@require_POST
def roster_transition(request, public_id, action):
    if action not in rules.TRANSITIONS:
        raise Http404("ไม่พบขั้นตอนนี้")
    organization = _organization(request, public_id)
    user = request.user
    allowed = {
        "submit": policy.may_edit_roster,
        "forward": policy.may_forward_roster,
        "return": lambda user, organization: policy.may_return_roster(
            user, organization, RosterStatus.FORWARDED
        ),
    }[action](user, organization)
    if not allowed:
        raise PermissionDenied(REFUSED[action])
    reason = ""
    if action == "return":
        form = RosterReturnForm(request.POST)
        if not form.is_valid():
            return _render_detail(request, organization, return_form=form)
        reason = form.cleaned_data["reason"]
    elif not selectors.keeps_roster(organization):
        messages.error(request, rules.NOT_A_MEMBER_GROUP)
        return redirect(_roster_url(organization))
    try:
        services.roster_transition(organization=organization, action=action, by=user, reason=reason)
    except rules.RosterRefused as error:
        messages.error(request, str(error))
    else:
        messages.success(request, rules.DONE[action])
    return redirect(_roster_url(organization))


def roster_overview(request):
    """The province: counts and status per district. A district: its groups. A group's
    representative: straight to the group's own roster."""
    own_groups = policy.own_roster_group_ids(request.user)
    if own_groups:
        return redirect(_roster_url(selectors.first_organization(own_groups)))
    enforce(policy.roster_overview_decision(request.user))
    allowed = policy.roster_district_ids(request.user)  # None: every district
    code = request.GET.get("district", "")
    district = None
    if code:
        district = get_object_or_404(District, code=code)
        if allowed is not None and district.pk not in allowed:
            raise Http404("ไม่พบอำเภอนี้")
    elif allowed is not None and len(allowed) == 1:
        district = District.objects.get(pk=next(iter(allowed)))
    if district is not None:
        groups = selectors.district_groups(district)
        # One reverse() for the page rather than a {% url %} for each of a district's
        # hundreds of groups: the same address with the group's public id put in.
        # Linked only for those who may read the members' names (the others follow the
        # counts and status here).
        url = reverse("roster_detail", args=[ANY_ID])
        for group in groups:
            group.status_label = rules.status_label(group.roster_status)
            group.roster_url = (
                url.replace(str(ANY_ID), str(group.public_id))
                if policy.may_open_roster(request.user, group)
                else None
            )
        return render(
            request,
            "members/roster_overview.html",
            {
                "district": district,
                "groups": groups,
                "back_to_province": allowed is None or len(allowed) > 1,
                "names_closed": any(group.roster_url is None for group in groups),
                "totals": {
                    "members": sum(group.current_members for group in groups),
                    "flagged": sum(group.flagged for group in groups),
                },
            },
        )
    districts = selectors.district_rows(allowed)
    return render(
        request,
        "members/roster_overview.html",
        {"districts": districts, "totals": selectors.district_totals(districts)},
    )


def roster_template_xlsx(request):
    enforce(policy.roster_template_decision(request.user))
    content = template_xlsx(
        "รายชื่อสมาชิก",
        spreadsheet.COLUMNS,
        spreadsheet.TEMPLATE_NOTES,
        choices={"consent": ["ใช่", "ไม่"]},
    )
    return download(content, XLSX_TYPE, "roster-template.xlsx")


def roster_template_csv(request):
    enforce(policy.roster_template_decision(request.user))
    return download(
        template_csv(spreadsheet.COLUMNS), "text/csv; charset=utf-8", "roster-template.csv"
    )


# The organization page ----------------------------------------------------------------


def organization_roster_context(request, organization) -> dict:
    """The short "รายชื่อสมาชิก" part of the organization page of a group that keeps a
    roster: status and current members for those who follow rosters
    (policy.may_see_roster_status); the link to the names only for those who may open
    the roster (policy.roster_decision). Two queries."""
    user = request.user
    if not policy.may_see_roster_status(user, organization):
        return {}
    if not selectors.keeps_roster(organization):
        return {}
    roster = selectors.roster_summary(organization)
    return {
        "roster_part": {
            "status": roster.status if roster else "none",
            "status_label": rules.status_label(roster.status if roster else None),
            "current": roster.current if roster else 0,
            "changed_at": roster.status_changed_at if roster else None,
            "may_open": policy.may_open_roster(user, organization),
        }
    }
