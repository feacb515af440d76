"""Meeting pages. The policy (policy.py) decides; services change data; selectors read."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.views.decorators.http import require_POST

from centers.models import Committee
from centers.scope import obtain, represented_organization_ids
from songkhla_network.documents import download

from . import policy, selectors, services
from .forms import (
    ActionForm,
    AgendaItemForm,
    AmendmentForm,
    ApproveForm,
    AttachmentForm,
    AttendanceForm,
    FollowUpForm,
    GuestForm,
    MeetingForm,
    ScheduleForm,
    SubItemForm,
    organizations_of,
    people_of,
)
from .models import (
    CONFIRMATION_ITEM,
    ActionItem,
    AgendaItem,
    Attachment,
    Meeting,
    MeetingKind,
)

FEED_SALT = "songkhla_network.meetings.calendar-feed"


def _committee(request, pk) -> Committee:
    return obtain(
        Committee.objects.select_related("center__district"),
        policy.committee_decision,
        request.user,
        pk=pk,
    )


def _meeting(request, pk) -> Meeting:
    return obtain(
        Meeting.objects.select_related(
            "committee__center__district", "recorder", "checker", "approved_by", "approved_in"
        ),
        policy.meeting_decision,
        request.user,
        pk=pk,
    )


def _prepared(request, pk) -> Meeting:
    meeting = _meeting(request, pk)
    if not policy.may_prepare_meetings(request.user, meeting.committee):
        raise PermissionDenied("เฉพาะเลขานุการของคณะกรรมการและเจ้าหน้าที่ประสานงานของศูนย์")
    return meeting


def _editable(request, meeting) -> bool:
    """Approved minutes are read-only: say so (services.check_editable's message)."""
    try:
        services.check_editable(meeting)
    except services.MeetingError as refusal:
        messages.error(request, str(refusal))
        return False
    return True


# The meetings home and the committee page ---------------------------------------------


def meetings_home(request):
    """Upcoming meetings of the user's committees, the user's overdue action items, and
    which centers met this month (counts for everyone, names for those with a role)."""
    committees = policy.visible_committees(request.user)
    centers = selectors.centers_meeting_this_month()
    return render(
        request,
        "meetings/home.html",
        {
            "has_role": policy.may_follow_meetings(request.user),
            "upcoming": selectors.upcoming_meetings(committees),
            "recent": selectors.recent_meetings(committees, limit=10),
            "overdue": selectors.overdue_for(
                request.user, represented_organization_ids(request.user), committees
            ),
            "committees": committees.select_related("center__district").order_by(
                "center__level", "center__district__code", "kind"
            ),
            "centers": centers,
            "held_count": sum(1 for center in centers if center.held),
            "show_centers": policy.may_see_centers_met(request.user),
            "today": timezone.localdate(),
            "feed_url": request.build_absolute_uri(
                reverse("meeting_feed", args=[feed_token(request.user)])
            ),
        },
    )


def committee_detail(request, pk):
    committee = _committee(request, pk)
    may_prepare = policy.may_prepare_meetings(request.user, committee)
    form = ScheduleForm(request.POST or None, initial={"kind": "monthly"})
    if request.method == "POST":
        if not may_prepare:
            raise PermissionDenied("เฉพาะเลขานุการของคณะกรรมการและเจ้าหน้าที่ประสานงานของศูนย์")
        if form.is_valid():
            meeting = services.create_meeting(
                committee,
                form.starts_at(),
                form.cleaned_data["place"],
                request.user,
                form.cleaned_data["kind"],
            )
            messages.success(request, f"นัดประชุม{meeting.title_number} แล้ว")
            return redirect(meeting)
    actions = selectors.open_actions(committee)
    today = timezone.localdate()
    return render(
        request,
        "meetings/committee_detail.html",
        {
            "committee": committee,
            "meetings": selectors.committee_meetings(committee),
            "actions": actions,
            "overdue_count": sum(1 for action in actions if action.is_overdue(today)),
            "today": today,
            "may_prepare": may_prepare,
            "form": form,
        },
    )


# The meeting page ---------------------------------------------------------------------


def meeting_detail(request, pk):
    meeting = _meeting(request, pk)
    committee = meeting.committee
    attendance = selectors.attendance(meeting)
    members = services.committee_members(committee, meeting.local_start.date())
    previous = services.previous_meeting(meeting)
    return render(
        request,
        "meetings/meeting_detail.html",
        {
            "meeting": meeting,
            "committee": committee,
            "agenda": selectors.agenda(meeting),
            "attendance": attendance,
            "quorum": services.quorum_of(meeting, attendance, len(members)),
            "recorded": bool(attendance),
            "guests": list(meeting.guests.all()),
            "follow_up": selectors.follow_up_actions(meeting),
            "previous": previous,
            "amendments": list(meeting.amendments.select_related("by")),
            "may_prepare": policy.may_prepare_meetings(request.user, committee),
            "may_approve": policy.may_approve_minutes(request.user, committee),
            "approve_form": ApproveForm(),
            "follow_up_form": FollowUpForm(),
            "today": timezone.localdate(),
            "confirmation_item": CONFIRMATION_ITEM,
        },
    )


def meeting_edit(request, pk):
    meeting = _prepared(request, pk)
    form = MeetingForm(request.POST or None, instance=meeting, people=people_of(meeting.committee))
    if request.method == "POST" and _editable(request, meeting) and form.is_valid():
        data = form.cleaned_data
        try:
            services.meeting_update(
                meeting=meeting,
                starts_at=form.starts_at(),
                place=data["place"],
                kind=data["kind"],
                status=data["status"],
                opened_at=data["opened_at"],
                closed_at=data["closed_at"],
                recorder=data["recorder"],
                checker=data["checker"],
                note=data["note"],
                by=request.user,
            )
        except services.MeetingError as refusal:
            form.add_error("status", str(refusal))
        else:
            messages.success(request, "บันทึกรายละเอียดการประชุมแล้ว")
            return redirect(meeting)
    return render(request, "meetings/meeting_edit.html", {"meeting": meeting, "form": form})


def meeting_attendance(request, pk):
    meeting = _prepared(request, pk)
    seats = services.committee_members(meeting.committee, meeting.local_start.date())
    existing = {row.person_id: row for row in meeting.attendance.all()}
    forms = [
        (
            seat,
            AttendanceForm(
                request.POST or None,
                prefix=f"p{seat.person_id}",
                initial={
                    "status": existing[seat.person_id].status
                    if seat.person_id in existing
                    else "present",
                    "reason": existing[seat.person_id].reason if seat.person_id in existing else "",
                },
            ),
        )
        for seat in seats
    ]
    guest_form = GuestForm(request.POST or None, prefix="guest")
    if request.method == "POST" and _editable(request, meeting):
        if request.POST.get("form") == "guest":
            if guest_form.is_valid():
                guest = services.guest_add(
                    meeting=meeting,
                    name=guest_form.cleaned_data["name"],
                    position=guest_form.cleaned_data["position"],
                    organization=guest_form.cleaned_data["organization"],
                    by=request.user,
                )
                messages.success(request, f"เพิ่มผู้เข้าร่วมประชุม {guest.name} แล้ว")
                return redirect("meeting_attendance", pk=meeting.pk)
        elif request.POST.get("form") == "remove_guest":
            guest_id = request.POST.get("guest", "")
            if guest_id.isdigit():
                services.guest_remove(meeting=meeting, guest_id=int(guest_id), by=request.user)
            return redirect("meeting_attendance", pk=meeting.pk)
        elif all(form.is_valid() for _, form in forms):
            try:
                services.record_attendance(
                    meeting,
                    {
                        seat.person_id: (form.cleaned_data["status"], form.cleaned_data["reason"])
                        for seat, form in forms
                    },
                    request.user,
                )
            except services.MeetingError as refusal:
                messages.error(request, str(refusal))
            else:
                messages.success(request, "บันทึกการมาประชุมแล้ว")
                return redirect(meeting)
    return render(
        request,
        "meetings/attendance.html",
        {
            "meeting": meeting,
            "forms": forms,
            "guest_form": guest_form,
            "guests": list(meeting.guests.all()),
            "guest_only": request.method == "POST" and request.POST.get("form") == "guest",
            # Drawn from what was sent and not saved: the browser keeps it as it is.
            "attendance_bound": request.method == "POST"
            and request.POST.get("form") not in ("guest", "remove_guest"),
        },
    )


def agenda_item(request, pk, item_pk):
    """One agenda item: its text, minutes and resolution, action items, documents."""
    meeting = _meeting(request, pk)
    item = get_object_or_404(AgendaItem, pk=item_pk, meeting=meeting)
    committee = meeting.committee
    may_prepare = policy.may_prepare_meetings(request.user, committee)
    kind = request.POST.get("form") if request.method == "POST" else None
    item_form = AgendaItemForm(request.POST if kind == "item" else None, instance=item)
    action_form = ActionForm(
        request.POST if kind == "action" else None,
        people=people_of(committee),
        organizations=organizations_of(committee),
        prefix="action",
    )
    attachment_form = AttachmentForm(
        request.POST if kind == "attachment" else None,
        request.FILES if kind == "attachment" else None,
    )
    if request.method == "POST":
        if not may_prepare:
            raise PermissionDenied("เฉพาะเลขานุการของคณะกรรมการและเจ้าหน้าที่ประสานงานของศูนย์")
        if _editable(request, meeting):
            if kind == "item" and item_form.is_valid():
                data = item_form.cleaned_data
                services.agenda_item_update(
                    item=item,
                    title=data["title"],
                    presenter=data["presenter"],
                    details=data["details"],
                    minutes=data["minutes"],
                    resolution=data["resolution"],
                    position=data.get("position"),  # not on a standard item's form
                    by=request.user,
                )
                messages.success(request, "บันทึกระเบียบวาระแล้ว")
                return redirect(meeting.get_absolute_url() + f"#item-{item.pk}")
            if kind == "action" and action_form.is_valid():
                data = action_form.cleaned_data
                services.add_action(
                    item,
                    request.user,
                    title=data["title"],
                    person=data["person"],
                    organization=data["organization"],
                    due_on=data["due_on"],
                )
                messages.success(request, "บันทึกเรื่องที่มอบหมายแล้ว")
                return redirect(request.path)
            if kind == "attachment" and attachment_form.is_valid():
                upload = attachment_form.cleaned_data["file"]
                services.attachment_add(item=item, file=upload, by=request.user)
                messages.success(request, f"แนบเอกสาร {upload.name} แล้ว")
                return redirect(request.path)
            if kind == "delete" and not item.is_heading:
                try:
                    services.agenda_item_remove(item=item, by=request.user)
                except services.MeetingError as refusal:
                    messages.error(request, str(refusal))
                else:
                    messages.success(request, "ลบเรื่องย่อยแล้ว")
                    return redirect(meeting)
    return render(
        request,
        "meetings/agenda_item.html",
        {
            "meeting": meeting,
            "item": item,
            "item_form": item_form,
            "action_form": action_form,
            "attachment_form": attachment_form,
            "actions": item.action_items.select_related("person", "organization"),
            "attachments": item.attachments.all(),
            "may_prepare": may_prepare and not meeting.minutes_locked,
        },
    )


@require_POST
def agenda_add(request, pk):
    meeting = _prepared(request, pk)
    form = SubItemForm(request.POST)
    if _editable(request, meeting):
        if form.is_valid():
            try:
                item = services.agenda_item_add(
                    meeting=meeting,
                    section=form.cleaned_data["section"],
                    title=form.cleaned_data["title"],
                    presenter=form.cleaned_data["presenter"],
                    by=request.user,
                )
            except services.MeetingError as refusal:
                messages.error(request, str(refusal))
                return redirect(meeting)
            messages.success(request, f"เพิ่มเรื่อง {item.number} แล้ว")
            return redirect("agenda_item", pk=meeting.pk, item_pk=item.pk)
        messages.error(request, "กรุณากรอกชื่อเรื่องที่จะเพิ่ม")
    return redirect(meeting)


@require_POST
def action_follow_up(request, pk, action_pk):
    meeting = _prepared(request, pk)
    action = get_object_or_404(ActionItem, pk=action_pk, committee=meeting.committee)
    form = FollowUpForm(request.POST)
    if form.is_valid():
        try:
            services.follow_up(
                action,
                meeting,
                form.cleaned_data["status"],
                form.cleaned_data["note"],
                request.user,
            )
        except services.MeetingError as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, f"บันทึกความคืบหน้า “{action.title}” แล้ว")
    else:
        messages.error(request, "สถานะไม่ถูกต้อง ยังไม่ได้บันทึก")
    return redirect(meeting.get_absolute_url() + "#follow-up")


@require_POST
def meeting_approve(request, pk):
    meeting = _meeting(request, pk)
    if not policy.may_approve_minutes(request.user, meeting.committee):
        raise PermissionDenied("เฉพาะประธานคณะกรรมการรับรองรายงานการประชุมได้")
    in_meeting = None
    if request.POST.get("in", "").isdigit():
        # Minutes are approved at a later meeting of the same committee, still in draft.
        in_meeting = selectors.approving_meeting(meeting, int(request.POST["in"]))
    form = ApproveForm(request.POST)
    form.is_valid()
    try:
        services.approve_minutes(
            meeting, request.user, form.cleaned_data.get("amendments", ""), in_meeting
        )
    except services.MeetingError as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, f"รับรองรายงานการประชุม{meeting.title_number} แล้ว")
    return redirect(in_meeting or meeting)


@require_POST
def meeting_amend(request, pk):
    meeting = _prepared(request, pk)
    form = AmendmentForm(request.POST)
    try:
        if not form.is_valid():
            raise services.MeetingError("กรุณากรอกข้อความที่แก้ไข")
        services.add_amendment(meeting, form.cleaned_data["text"], request.user)
    except services.MeetingError as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, "บันทึกการแก้ไขรายงานการประชุมแล้ว")
    return redirect(meeting)


@require_POST
def meeting_next(request, pk):
    """Next month's meeting, same place and time. A day that deserves a second look (a
    weekend, a holiday, the past) is shown with its warnings first: confirm it, or
    choose another day on the committee's form, prefilled."""
    meeting = _prepared(request, pk)
    starts_at = timezone.localtime(services.next_month(meeting.starts_at))
    day = starts_at.date()
    warnings = services.schedule_warnings(day)
    confirmed = request.POST.get(ScheduleForm.CONFIRM) == day.isoformat()
    if warnings and not confirmed and services.next_monthly_meeting(meeting) is None:
        form = ScheduleForm(
            initial={
                "day": day,
                "time": starts_at.time(),
                "place": meeting.place,
                "kind": MeetingKind.MONTHLY,
            }
        )
        return render(
            request,
            "meetings/meeting_next.html",
            {"meeting": meeting, "starts_at": starts_at, "warnings": warnings, "form": form},
        )
    new = services.schedule_next(meeting, request.user)
    messages.success(request, f"นัดประชุม{new.title_number} ที่{new.place} แล้ว")
    return redirect(new)


# Documents and calendars --------------------------------------------------------------


def minutes_pdf(request, pk):
    from . import documents

    meeting = _meeting(request, pk)
    return download(documents.minutes_pdf(meeting), "application/pdf", f"minutes-{meeting.pk}.pdf")


def _ics_response(text, filename):
    return download(text, "text/calendar; charset=utf-8", filename)


def meeting_ics(request, pk):
    from . import documents

    meeting = _meeting(request, pk)
    return _ics_response(
        documents.meeting_ics([meeting], calendar_name=str(meeting.committee)),
        f"meeting-{meeting.pk}.ics",
    )


def feed_token(user) -> str:
    """The user's calendar-feed key: their id and an HMAC over it and their password hash.
    Calendar apps keep the link on their servers; changing the password (or deactivating
    the account) revokes it. The password hash itself is never in the link."""
    digest = salted_hmac(FEED_SALT, f"{user.pk}:{user.password}", algorithm="sha256")
    return f"{user.pk}-{digest.hexdigest()[:40]}"


def _feed_user(token: str):
    user_id, _, _ = token.partition("-")
    if not user_id.isdigit():
        return None
    user = get_user_model().objects.filter(pk=int(user_id), is_active=True).first()
    if user is None or not constant_time_compare(token, feed_token(user)):
        return None
    return user


@login_not_required
def meeting_feed(request, token):
    """A calendar subscription for a phone: calendar apps send no session cookie, so the
    URL carries the user's feed key (feed_token)."""
    from . import documents

    user = _feed_user(token)
    if user is None:
        raise Http404("ไม่พบปฏิทินนี้")
    committees = policy.visible_committees(user)
    meetings = selectors.feed_meetings(committees)
    return _ics_response(
        documents.meeting_ics(meetings, calendar_name="การประชุมของเครือข่าย"), "meetings.ics"
    )


def attachment(request, pk):
    document = obtain(
        Attachment.objects.select_related("item__meeting__committee__center"),
        policy.attachment_decision,
        request.user,
        pk=pk,
    )
    return FileResponse(
        document.file.open("rb"),
        content_type=document.content_type,
        as_attachment=True,
        filename=document.name,
    )
