"""Documents of a meeting: the minutes (รายงานการประชุม) as an A4 PDF in the official
layout, and the meetings as an iCalendar (RFC 5545) file for phones and calendars.

The PDF reuses the purchase order's Sarabun fonts and its fonts-only URL fetcher
(transactions.documents): one combined Thai and Latin file per weight, so digits print
as digits. WeasyPrint is imported here only, on first use.
"""

import datetime
from collections import defaultdict

from django.db.models import Prefetch, prefetch_related_objects
from django.utils import timezone

from songkhla_network import thai
from songkhla_network.documents import render_pdf

from .models import (
    FOLLOW_UP_ITEM,
    STANDARD_AGENDA,
    ActionItem,
    ActionUpdate,
    AgendaItem,
    Amendment,
    Attendance,
    AttendanceStatus,
    Guest,
    Meeting,
    MeetingStatus,
    MinutesStatus,
)
from .selectors import follow_up_actions
from .services import quorum_of

THAI_WEEKDAYS = ("จันทร์", "อังคาร", "พุธ", "พฤหัสบดี", "ศุกร์", "เสาร์", "อาทิตย์")


def thai_weekday(day: datetime.date) -> str:
    """วันจันทร์ ... วันอาทิตย์."""
    return "วัน" + THAI_WEEKDAYS[day.weekday()]


def thai_time(value: datetime.time | None) -> str:
    """09.30 น.: Thai official documents separate hours and minutes with a dot."""
    if value is None:
        return ""
    return f"{value:%H.%M} น."


# The minutes (PDF) ----------------------------------------------------------------------


def _minutes_meeting(meeting: Meeting) -> Meeting:
    """The meeting with everything the minutes show, in a fixed number of queries.

    The explicit orderings keep the models' default "meeting" ordering, which sorts by the
    meeting's own ordering, from joining the meeting table back into every list."""
    return (
        Meeting.objects.select_related("committee", "recorder", "checker", "approved_in")
        .prefetch_related(
            Prefetch(
                "attendance",
                queryset=Attendance.objects.select_related("person").order_by("pk"),
            ),
            Prefetch("guests", queryset=Guest.objects.order_by("pk")),
            Prefetch(
                "agenda",
                queryset=AgendaItem.objects.order_by("section", "position", "pk").prefetch_related(
                    Prefetch(
                        "action_items",
                        queryset=ActionItem.objects.select_related("person", "organization"),
                    )
                ),
            ),
            Prefetch(
                "action_updates",
                queryset=ActionUpdate.objects.select_related("action__item"),
            ),
            Prefetch("amendments", queryset=Amendment.objects.order_by("at", "pk")),
        )
        .get(pk=meeting.pk)
    )


def _absence_text(row: Attendance) -> str:
    if row.status == AttendanceStatus.LEAVE:
        return f"ลาประชุม: {row.reason}" if row.reason else "ลาประชุม"
    return f"ไม่มาประชุม: {row.reason}" if row.reason else "ไม่มาประชุม"


def minutes_context(meeting: Meeting) -> dict:
    meeting = _minutes_meeting(meeting)
    attendance = list(meeting.attendance.all())
    quorum = quorum_of(meeting, attendance=attendance)
    present = [row for row in attendance if row.status == AttendanceStatus.PRESENT]
    absent = [
        {"row": row, "text": _absence_text(row)}
        for row in attendance
        if row.status != AttendanceStatus.PRESENT
    ]

    # Follow-ups recorded at this meeting of actions assigned at earlier meetings
    # (agenda item 3); this meeting's own assignments are listed under their items.
    follow_ups = follow_up_actions(meeting)  # as on the meeting page
    agenda = list(meeting.agenda.all())
    by_section = defaultdict(list)
    for item in agenda:
        by_section[item.section].append(item)
    follow_up_host = by_section[FOLLOW_UP_ITEM][0] if by_section[FOLLOW_UP_ITEM] else None

    items = []
    for item in agenda:
        items.append(
            {
                "item": item,
                "heading": (
                    f"ระเบียบวาระที่ {item.section} {item.title}"
                    if item.is_heading
                    else f"{item.section}.{item.position} {item.title}"
                ),
                "actions": [
                    {
                        "action": action,
                        "due": thai.be_date(action.due_on, "short"),
                    }
                    for action in item.action_items.all()
                ],
                "follow_ups": follow_ups if item is follow_up_host else [],
            }
        )

    local_start = meeting.local_start
    approved = meeting.minutes_status in (MinutesStatus.APPROVED, MinutesStatus.AMENDED)
    return {
        "meeting": meeting,
        "committee": meeting.committee,
        "date_line": f"เมื่อ{thai_weekday(local_start.date())}ที่ {meeting.date_text}",
        "present": present,
        "absent": absent,
        "guests": list(meeting.guests.all()),
        "quorum": quorum,
        "opened_at": thai_time(meeting.opened_at),
        "closed_at": thai_time(meeting.closed_at),
        "items": items,
        "approved": approved,
        "approved_on": thai.be_date(meeting.approved_at, "long") if approved else "",
        "amendments": list(meeting.amendments.all()) if approved else [],
    }


def minutes_pdf(meeting: Meeting) -> bytes:
    """รายงานการประชุม: an A4 PDF in Sarabun in the official layout."""
    return render_pdf("meetings/minutes_pdf.html", minutes_context(meeting))


# The calendar (iCalendar, RFC 5545) -----------------------------------------------------

ICS_MEETING_HOURS = 3
ICS_LINE_OCTETS = 75
ICS_PRODID = "-//songkhla-network//meetings//TH"


def ics_escape(text: str) -> str:
    """A TEXT value (RFC 5545 3.3.11): backslash, semicolon, comma and newline escaped."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def ics_fold(line: str) -> str:
    """Fold a content line into physical lines of at most 75 octets (RFC 5545 3.1):
    each continuation starts with a space, and no UTF-8 character is split."""
    parts, current, size = [], [], 0
    for char in line:
        width = len(char.encode("utf-8"))
        limit = ICS_LINE_OCTETS if not parts else ICS_LINE_OCTETS - 1
        if size + width > limit:
            parts.append("".join(current))
            current, size = [], 0
        current.append(char)
        size += width
    parts.append("".join(current))
    return "\r\n ".join(parts)


def _ics_time(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def _ics_description(meeting: Meeting) -> str:
    headings = [f"ระเบียบวาระที่ {item.section} {item.title}" for item in meeting._ics_headings]
    if not headings:
        headings = [
            f"ระเบียบวาระที่ {section} {title}"
            for section, title in enumerate(STANDARD_AGENDA, start=1)
        ]
    return "\n".join([meeting.get_kind_display(), *headings])


def meeting_ics(meetings, *, calendar_name: str) -> str:
    """An iCalendar file with one event per meeting (times in UTC, three hours long)."""
    meetings = list(meetings)
    prefetch_related_objects(
        meetings,
        "committee",
        Prefetch(
            "agenda",
            queryset=AgendaItem.objects.filter(position=0).order_by("section", "pk"),
            to_attr="_ics_headings",
        ),
    )
    stamp = _ics_time(timezone.now())
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{ICS_PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{ics_escape(calendar_name)}",
    ]
    for meeting in meetings:
        starts_at = meeting.starts_at
        cancelled = meeting.status == MeetingStatus.CANCELLED
        lines += [
            "BEGIN:VEVENT",
            f"UID:meeting-{meeting.pk}@songkhla-network",
            f"DTSTAMP:{stamp}",
            f"DTSTART:{_ics_time(starts_at)}",
            f"DTEND:{_ics_time(starts_at + datetime.timedelta(hours=ICS_MEETING_HOURS))}",
            f"SUMMARY:{ics_escape(f'ประชุม{meeting.committee} {meeting.title_number}')}",
            f"LOCATION:{ics_escape(meeting.place)}",
            f"DESCRIPTION:{ics_escape(_ics_description(meeting))}",
            f"STATUS:{'CANCELLED' if cancelled else 'CONFIRMED'}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(ics_fold(line) + "\r\n" for line in lines)
