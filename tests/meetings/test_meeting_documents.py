"""The minutes of a meeting (PDF) and the meetings calendar (iCalendar) built here."""

import datetime
import re
import time

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from centers.models import Committee
from meetings import documents, services
from meetings.models import (
    ActionStatus,
    AgendaItem,
    AttendanceStatus,
    Guest,
    Meeting,
    MeetingStatus,
)
from songkhla_network import thai

from ..pdf_helpers import flat, fonts_of, pdf_text

COMMITTEE_NAME = "คณะกรรมการบริหารศูนย์ฯ อำเภอรัตภูมิ"
PLACE = "ห้องประชุมสหกรณ์การเกษตรรัตภูมิ"
LEAVE_REASON = "ติดภารกิจประชุมกลุ่มแม่บ้านเกษตรกร"
ABSENT_REASON = "ไม่ได้แจ้งล่วงหน้า"
GUEST_NAME = "นางสาวพรทิพย์ ใจงาม"
GUEST_ORGANIZATION = "สำนักงานสหกรณ์จังหวัดสงขลา"
MINUTES_TEXT = "ฝ่ายจัดการเสนอให้ซื้อปุ๋ยร่วมกัน 50 ตัน\nราคาตันละ 15,600 บาท"
RESOLUTION = "ที่ประชุมมีมติเห็นชอบให้ซื้อปุ๋ยร่วมกัน 50 ตัน"
ACTION_TITLE = "สำรวจความต้องการปุ๋ยของกลุ่มสมาชิก"
OLD_ACTION_TITLE = "ติดต่อผู้จำหน่ายข้าวสารเพื่อขอใบเสนอราคา"
FOLLOW_UP_NOTE = "ได้รับใบเสนอราคาแล้วสองราย"
AMENDMENT = "แก้ไขจำนวนปุ๋ยในระเบียบวาระที่ 4 เป็น 55 ตัน"
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")


def bangkok(*args) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(*args))


def item(meeting, section) -> AgendaItem:
    return meeting.agenda.get(section=section, position=0)


@pytest.fixture
def committee(demo):
    """The Rattaphum committee without its demo year, so numbers start at 1 here."""
    from meetings.models import ActionItem, Amendment

    committee = Committee.objects.get(name=COMMITTEE_NAME)
    ActionItem.objects.filter(committee=committee).delete()
    # Approved minutes and their corrections protect their meetings: undone first.
    Amendment.objects.filter(meeting__committee=committee).delete()
    committee.meetings.update(approved_in=None)
    committee.meetings.all().delete()
    return committee


@pytest.fixture
def user(demo):
    return User.objects.get(username="admin")


@pytest.fixture
def meeting(committee, user):
    """The January meeting: four of six present, one on leave, one absent, a guest, a
    resolution and an assignment on item 4, and a follow-up of December's assignment."""
    december = services.create_meeting(committee, bangkok(2025, 12, 10, 9, 30), PLACE, user)
    seats = services.committee_members(committee, datetime.date(2026, 1, 14))
    assert len(seats) == 6
    old_action = services.add_action(
        item(december, 4), user, title=OLD_ACTION_TITLE, person=seats[2].person
    )

    meeting = services.create_meeting(committee, bangkok(2026, 1, 14, 9, 30), PLACE, user)
    rows = {seat.person_id: (AttendanceStatus.PRESENT, "") for seat in seats[:4]}
    rows[seats[4].person_id] = (AttendanceStatus.LEAVE, LEAVE_REASON)
    rows[seats[5].person_id] = (AttendanceStatus.ABSENT, ABSENT_REASON)
    services.record_attendance(meeting, rows, user)
    Guest.objects.create(
        meeting=meeting,
        name=GUEST_NAME,
        position="นักวิชาการสหกรณ์ชำนาญการ",
        organization=GUEST_ORGANIZATION,
    )
    consider = item(meeting, 4)
    consider.minutes, consider.resolution = MINUTES_TEXT, RESOLUTION
    consider.save()
    services.add_action(
        consider,
        user,
        title=ACTION_TITLE,
        person=seats[2].person,
        due_on=datetime.date(2026, 2, 10),
    )
    services.follow_up(old_action, meeting, ActionStatus.IN_PROGRESS, FOLLOW_UP_NOTE, user)
    services.mark_held(meeting, datetime.time(9, 30), datetime.time(12, 15), user)
    meeting.recorder, meeting.checker = seats[2].person, seats[0].person
    meeting.save()
    meeting.seats = seats
    return meeting


def test_minutes_pdf(meeting):
    started = time.perf_counter()
    pdf = documents.minutes_pdf(meeting)
    elapsed = time.perf_counter() - started
    print(f"\nminutes PDF: {len(pdf):,} bytes in {elapsed:.2f} s")
    assert pdf.startswith(b"%PDF-")
    reader, text = pdf_text(pdf)
    page = flat(text)
    seats = meeting.seats
    assert meeting.title_number == "ครั้งที่ 1/2569"
    for expected in [
        "รายงานการประชุม" + COMMITTEE_NAME,
        "ครั้งที่ 1/2569",
        "เมื่อวันพุธที่ 14 มกราคม 2569",
        "ณ " + PLACE,
        "ผู้มาประชุม",
        *(f"{seat.person} {seat.get_position_display()}" for seat in seats[:4]),
        "ผู้ไม่มาประชุม",
        f"{seats[4].person} กรรมการ (ลาประชุม: {LEAVE_REASON})",
        f"{seats[5].person} กรรมการ (ไม่มาประชุม: {ABSENT_REASON})",
        "ผู้เข้าร่วมประชุม",
        f"{GUEST_NAME} นักวิชาการสหกรณ์ชำนาญการ {GUEST_ORGANIZATION}",
        "เริ่มประชุมเวลา 09.30 น.",
        "มีกรรมการมาประชุม 4 คน จากทั้งหมด 6 คน ครบองค์ประชุม",
        "ระเบียบวาระที่ 1 เรื่องที่ประธานแจ้งให้ที่ประชุมทราบ",
        "ระเบียบวาระที่ 2 เรื่องรับรองรายงานการประชุมครั้งที่แล้ว (ครั้งที่ 1/2568)",
        "ระเบียบวาระที่ 3 เรื่องสืบเนื่อง",
        f"{OLD_ACTION_TITLE} ผู้รับผิดชอบ",
        f"สถานะ กำลังดำเนินการ {FOLLOW_UP_NOTE}",
        "ระเบียบวาระที่ 4 เรื่องเพื่อพิจารณา",
        MINUTES_TEXT,
        "มติที่ประชุม " + RESOLUTION,
        f"มอบหมาย: {ACTION_TITLE} ผู้รับผิดชอบ {seats[2].person} กำหนดเสร็จ 10 ก.พ. 2569",
        "ระเบียบวาระที่ 5 เรื่องอื่น ๆ (ถ้ามี)",
        "เลิกประชุมเวลา 12.15 น.",
        f"( {seats[2].person} ) ผู้จดรายงานการประชุม",
        f"( {seats[0].person} ) ผู้ตรวจรายงานการประชุม",
        "ลงชื่อ",
        f"หน้า 1 จาก {len(reader.pages)}",
    ]:
        assert flat(expected) in page, expected
    assert "ไม่ครบองค์ประชุม" not in text
    # The order of the official layout.
    order = [
        "ผู้มาประชุม",
        "ผู้ไม่มาประชุม",
        "ผู้เข้าร่วมประชุม",
        "เริ่มประชุมเวลา",
        "ระเบียบวาระที่ 1",
        "ระเบียบวาระที่ 3",
        "ระเบียบวาระที่ 4",
        "มติที่ประชุม",
        "เลิกประชุมเวลา",
        "ผู้จดรายงานการประชุม",
    ]
    positions = [page.index(flat(heading)) for heading in order]
    assert positions == sorted(positions)
    # Item 3 lists the follow-up of an earlier assignment, not this meeting's own.
    assert page.count(flat("มอบหมายในที่ประชุม")) == 0
    assert page.count(flat(ACTION_TITLE)) == 1
    # A draft: no approval yet.
    assert flat("รับรองรายงานแล้วเมื่อ") not in page
    assert LATIN_WORD.findall(text) == []

    width, height = (float(value) for value in reader.pages[0].mediabox[2:])
    assert width == pytest.approx(595.28, abs=0.5)
    assert height == pytest.approx(841.89, abs=0.5)
    assert fonts_of(reader) <= {"Sarabun", "Sarabun-Bold"}
    assert "Sarabun" in fonts_of(reader)


def test_minutes_pdf_without_quorum(committee, user):
    meeting = services.create_meeting(committee, bangkok(2026, 2, 11, 13, 0), PLACE, user)
    seats = services.committee_members(committee, datetime.date(2026, 2, 11))
    rows = {seat.person_id: (AttendanceStatus.ABSENT, "") for seat in seats}
    for seat in seats[:3]:  # 3 of 6: a quorum needs more than half, 4
        rows[seat.person_id] = (AttendanceStatus.PRESENT, "")
    services.record_attendance(meeting, rows, user)
    _, text = pdf_text(documents.minutes_pdf(meeting))
    page = flat(text)
    assert flat("มีกรรมการมาประชุม 3 คน จากทั้งหมด 6 คน ไม่ครบองค์ประชุม (ต้องมีอย่างน้อย 4 คน)") in page
    # Nothing recorded yet: blanks to fill in by hand, not errors.
    assert flat("เริ่มประชุมเวลา ........ น.") in page
    assert flat(f"{seats[5].person} กรรมการ (ไม่มาประชุม)") in page


def test_minutes_pdf_after_approval_lists_amendments(meeting, user):
    later = services.schedule_next(meeting, user)
    services.approve_minutes(meeting, user, amendments=AMENDMENT, in_meeting=later)
    _, text = pdf_text(documents.minutes_pdf(meeting))
    page = flat(text)
    approved_on = thai.be_date(timezone.localdate(), "long")
    assert flat(f"รับรองรายงานแล้วเมื่อ {approved_on} ในการประชุมครั้งที่ 2/2569") in page
    assert flat("การแก้ไขรายงานการประชุม") in page
    assert flat(AMENDMENT) in page


def test_minutes_queries_do_not_grow_with_the_meeting(meeting, user):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            documents.minutes_context(meeting)
        return len(queries)

    before = count()
    # The meeting, 6 lists, the seats, item 3's actions and their history, item 2's
    # previous meeting (which, then with its approval) and that meeting's amendments.
    assert before == 13
    for number in range(1, 4):
        sub = AgendaItem.objects.create(
            meeting=meeting, section=4, position=number, title=f"เรื่องที่ {number}"
        )
        services.add_action(sub, user, title="งานย่อย", person=meeting.seats[1].person)
        Guest.objects.create(meeting=meeting, name=f"แขก {number}")
    assert count() == before


def test_minutes_template_is_thai_only(meeting):
    from songkhla_network.documents import font_faces
    from tests.test_thai_only import visible_words

    context = {**documents.minutes_context(meeting), "fonts": font_faces()}  # as render_pdf
    html = render_to_string("meetings/minutes_pdf.html", context)
    assert visible_words(html) == set()
    assert "file://" in html and "http" not in html


def test_thai_weekday_and_time():
    monday = datetime.date(2026, 1, 12)
    names = [documents.thai_weekday(monday + datetime.timedelta(days=n)) for n in range(7)]
    assert names == [
        "วันจันทร์",
        "วันอังคาร",
        "วันพุธ",
        "วันพฤหัสบดี",
        "วันศุกร์",
        "วันเสาร์",
        "วันอาทิตย์",
    ]
    assert documents.thai_time(datetime.time(9, 5)) == "09.05 น."
    assert documents.thai_time(None) == ""


# iCalendar ------------------------------------------------------------------------------


def unfold(content: str) -> list[str]:
    return content.replace("\r\n ", "").split("\r\n")


def properties(lines: list[str]) -> list[tuple[str, str]]:
    return [tuple(line.split(":", 1)) for line in lines if line]


def test_meeting_ics(meeting, committee, user):
    odd_place = "อาคาร 2, ห้องประชุมใหญ่; ชั้น 3\\ฝั่งตะวันออก"
    cancelled = services.create_meeting(committee, bangkok(2026, 3, 11, 9, 0), odd_place, user)
    cancelled.status = MeetingStatus.CANCELLED
    cancelled.save()
    with CaptureQueriesContext(connection) as queries:
        content = documents.meeting_ics(
            Meeting.objects.filter(pk__in=[meeting.pk, cancelled.pk]).order_by("starts_at"),
            calendar_name="ปฏิทินประชุม, ศูนย์ฯ อำเภอรัตภูมิ",
        )
    assert len(queries) == 3  # meetings, committees, agenda headings

    # CRLF endings, and every physical line at most 75 octets of whole UTF-8 characters.
    assert content.endswith("\r\n")
    assert "\n" not in content.replace("\r\n", "")
    assert "\r" not in content.replace("\r\n", "")
    physical = content.split("\r\n")[:-1]
    assert all(len(line.encode("utf-8")) <= 75 for line in physical)
    assert any(line.startswith(" ") for line in physical)  # the Thai lines were folded

    lines = unfold(content)
    assert lines[0] == "BEGIN:VCALENDAR"
    assert lines[-2:] == ["END:VCALENDAR", ""]
    props = properties(lines)
    assert ("VERSION", "2.0") in props
    assert ("CALSCALE", "GREGORIAN") in props
    assert any(name == "PRODID" for name, _ in props)
    assert ("X-WR-CALNAME", "ปฏิทินประชุม\\, ศูนย์ฯ อำเภอรัตภูมิ") in props
    assert lines.count("BEGIN:VEVENT") == lines.count("END:VEVENT") == 2

    events = content.split("BEGIN:VEVENT")[1:]
    first, second = (dict(properties(unfold("BEGIN:VEVENT" + event))) for event in events)
    assert first["UID"] == f"meeting-{meeting.pk}@songkhla-network"
    assert first["DTSTART"] == "20260114T023000Z"  # 09:30 in Bangkok
    assert first["DTEND"] == "20260114T053000Z"
    assert re.fullmatch(r"\d{8}T\d{6}Z", first["DTSTAMP"])
    assert first["SUMMARY"] == f"ประชุม{COMMITTEE_NAME} ครั้งที่ 1/2569"
    assert first["LOCATION"] == PLACE
    assert first["STATUS"] == "CONFIRMED"
    description = first["DESCRIPTION"].split("\\n")
    assert description[0] == "ประชุมประจำเดือน"
    assert description[1] == "ระเบียบวาระที่ 1 เรื่องที่ประธานแจ้งให้ที่ประชุมทราบ"
    assert description[3] == "ระเบียบวาระที่ 3 เรื่องสืบเนื่อง"
    assert len(description) == 6

    assert second["UID"] == f"meeting-{cancelled.pk}@songkhla-network"
    assert second["STATUS"] == "CANCELLED"
    assert second["LOCATION"] == "อาคาร 2\\, ห้องประชุมใหญ่\\; ชั้น 3\\\\ฝั่งตะวันออก"
    assert second["SUMMARY"] == f"ประชุม{COMMITTEE_NAME} ครั้งที่ 2/2569"


def test_ics_escape_and_fold():
    assert documents.ics_escape("a\\b;c,d\r\ne\nf") == "a\\\\b\\;c\\,d\\ne\\nf"
    line = "SUMMARY:" + "ประชุม" * 40 + "x"
    folded = documents.ics_fold(line)
    parts = folded.split("\r\n")
    assert len(parts) > 1
    assert all(len(part.encode("utf-8")) <= 75 for part in parts)
    assert all(part.startswith(" ") for part in parts[1:])
    assert folded.replace("\r\n ", "") == line
    assert documents.ics_fold("SHORT:line") == "SHORT:line"
    exact = "X:" + "a" * 73
    assert documents.ics_fold(exact) == exact
    assert documents.ics_fold(exact + "b") == exact + "\r\n b"
