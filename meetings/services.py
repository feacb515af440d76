"""The rules of committee meetings: numbering, the standard agenda, scheduling the next
month, attendance and quorum, approving minutes (then read-only; corrections are recorded
amendments), and following action items up from meeting to meeting."""

import calendar
import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from centers.models import Committee, CommitteeMembership
from members.models import Person
from songkhla_network import thai

from .models import (
    CONFIRMATION_ITEM,
    MAX_SUB_ITEMS,
    STANDARD_AGENDA,
    ActionItem,
    ActionStatus,
    ActionUpdate,
    AgendaItem,
    Amendment,
    Attachment,
    Attendance,
    AttendanceStatus,
    Guest,
    Meeting,
    MeetingKind,
    MeetingStatus,
    MinutesStatus,
)


class MeetingError(Exception):
    """A refused action; the message is Thai and meant for the user."""


def be_year_of(moment: datetime.datetime) -> int:
    return timezone.localtime(moment).year + thai.BE_OFFSET


def previous_meeting(meeting: Meeting) -> Meeting | None:
    return (
        Meeting.objects.filter(committee=meeting.committee, starts_at__lt=meeting.starts_at)
        .exclude(status=MeetingStatus.CANCELLED)
        .exclude(pk=meeting.pk)
        .order_by("-starts_at")
        .first()
    )


def create_meeting(
    committee: Committee,
    starts_at: datetime.datetime,
    place: str,
    user: User | None,
    kind: str = MeetingKind.MONTHLY,
) -> Meeting:
    """A new meeting numbered per committee and Buddhist-Era year (ครั้งที่ 3/2569), with
    the standard five agenda items. The committee row is locked while the number is drawn."""
    with transaction.atomic():
        Committee.objects.select_for_update().get(pk=committee.pk)
        year = be_year_of(starts_at)
        last = Meeting.objects.filter(committee=committee, year=year).aggregate(last=Max("number"))[
            "last"
        ]
        meeting = Meeting.objects.create(
            committee=committee,
            year=year,
            number=(last or 0) + 1,
            kind=kind,
            starts_at=starts_at,
            place=place,
            created_by=user,
        )
        previous = previous_meeting(meeting)
        items = []
        for section, title in enumerate(STANDARD_AGENDA, start=1):
            if section == CONFIRMATION_ITEM and previous is not None:
                title = f"{title} ({previous.title_number})"
            items.append(AgendaItem(meeting=meeting, section=section, position=0, title=title))
        AgendaItem.objects.bulk_create(items)
    return meeting


def next_month(moment: datetime.datetime) -> datetime.datetime:
    """The same day and time next month (the last day when the month is shorter)."""
    local = timezone.localtime(moment)
    year, month = (local.year + 1, 1) if local.month == 12 else (local.year, local.month + 1)
    day = min(local.day, calendar.monthrange(year, month)[1])
    return local.replace(year=year, month=month, day=day)


def schedule_warnings(day: datetime.date, *, today: datetime.date | None = None) -> list[str]:
    """Why a meeting on `day` may be a mistake, in Thai: a weekend, a public holiday
    (named), a day already past. Warnings, not refusals: a past meeting may be recorded
    afterwards, and a committee may well meet on a Saturday."""
    today = today or timezone.localdate()
    shown = thai.be_date(day, "long")
    warnings = []
    if day < today:
        warnings.append(
            f"วันที่ {shown} ผ่านมาแล้ว (วันนี้ {thai.be_date(today, 'long')}) "
            "นัดได้เมื่อเป็นการบันทึกการประชุมย้อนหลัง"
        )
    if day.weekday() >= 5:
        warnings.append(f"วันที่ {shown} เป็นวัน{thai.WEEKDAYS[day.weekday()]}")
    holiday = thai.public_holiday(day)
    if holiday:
        warnings.append(f"วันที่ {shown} เป็นวันหยุดราชการ: {holiday}")
    return warnings


def next_monthly_meeting(meeting: Meeting) -> Meeting | None:
    """The committee's monthly meeting already set for the month after `meeting`."""
    month_start = timezone.localtime(next_month(meeting.starts_at)).replace(
        day=1, hour=0, minute=0, second=0, microsecond=0
    )
    return (
        Meeting.objects.filter(
            committee=meeting.committee,
            kind=MeetingKind.MONTHLY,
            starts_at__gte=month_start,
            starts_at__lt=next_month(month_start),
        )
        .exclude(status=MeetingStatus.CANCELLED)
        .order_by("starts_at")
        .first()
    )


def schedule_next(meeting: Meeting, user: User | None) -> Meeting:
    """Schedule next month's meeting: same committee, place and time, a month later.
    If the committee already has a monthly meeting in that month (a double click, or a
    colleague was quicker), that meeting is returned and no number is spent."""
    starts_at = next_month(meeting.starts_at)
    with transaction.atomic():
        Committee.objects.select_for_update().get(pk=meeting.committee_id)
        existing = next_monthly_meeting(meeting)
        if existing is not None:
            return existing
        return create_meeting(
            meeting.committee, starts_at, meeting.place, user, MeetingKind.MONTHLY
        )


# Attendance and quorum ----------------------------------------------------------------


def committee_members(committee: Committee, on: datetime.date) -> list[CommitteeMembership]:
    """The seats in term on the meeting's day, one per person, chair first."""
    seats = (
        CommitteeMembership.objects.current(on)
        .filter(committee=committee)
        .select_related("person__organization")
        .by_position()
    )
    seen, result = set(), []
    for seat in seats:
        if seat.person_id not in seen:
            seen.add(seat.person_id)
            result.append(seat)
    return result


@dataclass(frozen=True)
class Quorum:
    members: int
    present: int
    required: int

    @property
    def reached(self) -> bool:
        return self.present >= self.required


def quorum_of(
    meeting: Meeting, attendance: Sequence[Attendance] | None = None, members: int | None = None
) -> Quorum:
    if members is None:
        members = len(committee_members(meeting.committee, meeting.local_start.date()))
    if attendance is None:
        attendance = list(meeting.attendance.all())
    present = sum(1 for row in attendance if row.status == AttendanceStatus.PRESENT)
    return Quorum(members=members, present=present, required=meeting.committee.quorum_for(members))


def record_attendance(
    meeting: Meeting, rows: dict[int, tuple[str, str]], user: User | None
) -> None:
    """rows: {person id: (status, reason)} for the committee's members on the day."""
    if meeting.minutes_locked:
        raise MeetingError("รายงานการประชุมนี้รับรองแล้ว แก้ไขการมาประชุมไม่ได้ ให้บันทึกการแก้ไขแทน")
    if meeting.status == MeetingStatus.CANCELLED:
        raise MeetingError("การประชุมนี้ยกเลิกแล้ว")
    if any(status not in AttendanceStatus.values for status, _ in rows.values()):
        raise MeetingError("สถานะการมาประชุมไม่ถูกต้อง")
    seats = {
        seat.person_id: seat
        for seat in committee_members(meeting.committee, meeting.local_start.date())
    }
    with transaction.atomic():
        existing = {row.person_id: row for row in meeting.attendance.all()}
        for person_id, (status, reason) in rows.items():
            if person_id not in seats:
                raise MeetingError("มีผู้ที่ไม่ได้เป็นกรรมการในวันประชุมในรายชื่อ")
            if status == AttendanceStatus.LEAVE and not reason.strip():
                raise MeetingError(f"กรุณาระบุเหตุผลที่ {seats[person_id].person} ลาประชุม")
            row = existing.get(person_id) or Attendance(meeting=meeting, person_id=person_id)
            row.status, row.reason = status, reason.strip()
            row.position = seats[person_id].get_position_display()
            row.save()
        meeting.quorum_reached = quorum_of(meeting, members=len(seats)).reached
        meeting.save(update_fields=["quorum_reached"])


def _check_attendance_recorded(meeting: Meeting) -> None:
    """A meeting is recorded as held only once its attendance is."""
    if not meeting.attendance.exists():
        raise MeetingError("กรุณาบันทึกการมาประชุมของกรรมการก่อนบันทึกว่าประชุมแล้ว")


def mark_held(
    meeting: Meeting,
    opened_at: datetime.time | None,
    closed_at: datetime.time | None,
    user: User | None,
) -> Meeting:
    check_editable(meeting)
    if meeting.status == MeetingStatus.CANCELLED:
        raise MeetingError("การประชุมนี้ยกเลิกแล้ว")
    if opened_at and closed_at and closed_at < opened_at:
        raise MeetingError("เวลาเลิกประชุมต้องไม่ก่อนเวลาเริ่มประชุม")
    _check_attendance_recorded(meeting)
    meeting.status = MeetingStatus.HELD
    meeting.opened_at, meeting.closed_at = opened_at, closed_at
    meeting.save(update_fields=["status", "opened_at", "closed_at"])
    return meeting


# The meeting's record: its details, guests, agenda items and their documents ------------


def meeting_update(
    *,
    meeting: Meeting,
    starts_at: datetime.datetime,
    place: str,
    kind: str,
    status: str,
    opened_at: datetime.time | None,
    closed_at: datetime.time | None,
    recorder: Person | None,
    checker: Person | None,
    note: str,
    by: User | None,
) -> Meeting:
    """The meeting's details as edited on its page (the form has checked each value)."""
    check_editable(meeting)
    with transaction.atomic():
        if status == MeetingStatus.HELD:
            _check_attendance_recorded(meeting)
        meeting.starts_at, meeting.place, meeting.kind = starts_at, place, kind
        meeting.status, meeting.opened_at, meeting.closed_at = status, opened_at, closed_at
        meeting.recorder, meeting.checker, meeting.note = recorder, checker, note
        meeting.save()
    return meeting


def guest_add(
    *, meeting: Meeting, name: str, position: str, organization: str, by: User | None
) -> Guest:
    """A guest of the meeting (ผู้เข้าร่วมประชุม), not a committee member."""
    check_editable(meeting)
    with transaction.atomic():
        return Guest.objects.create(
            meeting=meeting, name=name, position=position, organization=organization
        )


def guest_remove(*, meeting: Meeting, guest_id: int, by: User | None) -> None:
    """Remove one of the meeting's guests; an id of another meeting's guest does nothing."""
    check_editable(meeting)
    with transaction.atomic():
        Guest.objects.filter(meeting=meeting, pk=guest_id).delete()


def agenda_item_add(
    *, meeting: Meeting, section: int, title: str, presenter: str, by: User | None
) -> AgendaItem:
    """A sub-item (4.1, 4.2 ...) at the end of its agenda item, up to MAX_SUB_ITEMS. The
    section's rows are locked while the next position is drawn."""
    check_editable(meeting)
    with transaction.atomic():
        last = (
            AgendaItem.objects.select_for_update()
            .filter(meeting=meeting, section=section)
            .order_by("-position")
            .first()
        )
        position = (last.position if last else 0) + 1
        if position > MAX_SUB_ITEMS:
            raise MeetingError(
                f"ระเบียบวาระที่ {section} มีเรื่องย่อยถึงลำดับที่ {MAX_SUB_ITEMS} แล้ว "
                "เพิ่มอีกไม่ได้ รวมเรื่องที่ใกล้กันไว้ในเรื่องเดียวกัน"
            )
        return AgendaItem.objects.create(
            meeting=meeting,
            section=section,
            position=position,
            title=title,
            presenter=presenter,
        )


def agenda_item_update(
    *,
    item: AgendaItem,
    title: str,
    presenter: str,
    details: str,
    minutes: str,
    resolution: str,
    position: int | None = None,
    by: User | None,
) -> AgendaItem:
    """An agenda item's text, minutes and resolution as edited on its page (the form has
    checked each value); a sub-item may also move (position), a standard item never."""
    check_editable(item.meeting)
    with transaction.atomic():
        item.title, item.presenter, item.details = title, presenter, details
        item.minutes, item.resolution = minutes, resolution
        if position is not None and not item.is_heading:
            item.position = position
        item.save()
    return item


def agenda_item_remove(*, item: AgendaItem, by: User | None) -> None:
    """Remove a sub-item that has no action items (the five standard items stay)."""
    check_editable(item.meeting)
    if item.is_heading:
        raise MeetingError("ระเบียบวาระหลักทั้งห้าเรื่องลบไม่ได้")
    with transaction.atomic():
        if item.action_items.exists():
            raise MeetingError("เรื่องนี้มีเรื่องที่มอบหมายแล้ว จึงลบไม่ได้")
        item.delete()


def attachment_add(*, item: AgendaItem, file: UploadedFile, by: User | None) -> Attachment:
    """A document attached to an agenda item; `file` has passed uploads.check_upload,
    which set its detected_type."""
    check_editable(item.meeting)
    with transaction.atomic():
        return Attachment.objects.create(
            item=item,
            file=file,
            name=(file.name or "")[:200],
            content_type=file.detected_type,  # type: ignore[attr-defined]  # set by check_upload
            size=file.size or 0,
            uploaded_by=by,
        )


# Minutes ------------------------------------------------------------------------------


def check_editable(meeting: Meeting) -> None:
    """Approved minutes are read-only (Meeting.minutes_locked): every change to the
    meeting's record is refused with this message."""
    if meeting.minutes_locked:
        raise MeetingError(
            "รายงานการประชุมนี้รับรองแล้ว จึงแก้ไขไม่ได้ การแก้ไขให้บันทึกเป็นรายการแก้ไขรายงานการประชุม"
        )


def approve_minutes(
    meeting: Meeting,
    user: User | None,
    amendments: str = "",
    in_meeting: Meeting | None = None,
) -> Meeting:
    """The chair approves the minutes (usually at the next meeting, agenda item 2), as
    they are or with amendments, which are recorded. From then on they are read-only."""
    with transaction.atomic():
        locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if locked.status != MeetingStatus.HELD:
            raise MeetingError("รับรองรายงานได้เฉพาะการประชุมที่ประชุมแล้ว")
        if locked.minutes_locked:
            raise MeetingError("รายงานการประชุมนี้รับรองแล้ว")
        locked.minutes_status = (
            MinutesStatus.AMENDED if amendments.strip() else MinutesStatus.APPROVED
        )
        locked.approved_at, locked.approved_by = timezone.now(), user
        locked.approved_in = in_meeting
        locked.save(update_fields=["minutes_status", "approved_at", "approved_by", "approved_in"])
        if amendments.strip():
            Amendment.objects.create(
                meeting=locked, text=amendments.strip(), approved_in=in_meeting, by=user
            )
    return locked


def add_amendment(meeting: Meeting, text: str, user: User | None) -> Amendment:
    if not meeting.minutes_locked:
        raise MeetingError("รายงานยังไม่ได้รับรอง แก้ไขในรายงานได้โดยตรง")
    if not text.strip():
        raise MeetingError("กรุณากรอกข้อความที่แก้ไข")
    return Amendment.objects.create(meeting=meeting, text=text.strip(), by=user)


# Action items -------------------------------------------------------------------------


def add_action(item: AgendaItem, user: User | None, **fields: Any) -> ActionItem:
    check_editable(item.meeting)
    action = ActionItem(committee=item.meeting.committee, item=item, **fields)
    if action.person_id is None and action.organization_id is None:
        raise MeetingError("กรุณาระบุผู้รับผิดชอบ (บุคคลหรือองค์กร)")
    with transaction.atomic():
        action.save()
        ActionUpdate.objects.create(
            action=action,
            meeting=item.meeting,
            status=action.status,
            note="มอบหมายในที่ประชุม",
            by=user,
        )
    return action


def follow_up(
    action: ActionItem, meeting: Meeting, status: str, note: str, user: User | None
) -> ActionItem:
    """Record where an action item stands, at a meeting (agenda item 3)."""
    if meeting.committee_id != action.committee_id:
        raise MeetingError("เรื่องนี้ไม่ใช่ของคณะกรรมการนี้")
    if action.item.meeting.starts_at > meeting.starts_at:
        raise MeetingError("เรื่องนี้มอบหมายหลังการประชุมครั้งนี้ จึงติดตามในครั้งนี้ไม่ได้")
    check_editable(meeting)
    if status not in ActionStatus.values:
        raise MeetingError("สถานะไม่ถูกต้อง")
    with transaction.atomic():
        action.status = status
        if note.strip():
            action.progress = note.strip()
        action.save(update_fields=["status", "progress"])
        ActionUpdate.objects.create(
            action=action, meeting=meeting, status=status, note=note.strip(), by=user
        )
    return action


def refresh_quorum(committee: Committee) -> None:
    """Recount the stored quorum flag of the committee's held meetings (after its quorum
    fraction or its seats change), so lists and the meeting page agree."""
    for meeting in committee.meetings.filter(status=MeetingStatus.HELD).prefetch_related(
        "attendance"
    ):
        reached = quorum_of(meeting, attendance=list(meeting.attendance.all())).reached
        if reached != meeting.quorum_reached:
            Meeting.objects.filter(pk=meeting.pk).update(quorum_reached=reached)
