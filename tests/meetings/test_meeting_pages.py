"""Meeting pages as the Rattaphum secretary, its chair, and others see them."""

import datetime
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from meetings import services
from meetings.models import ActionItem, Attachment, AttendanceStatus, Meeting, MinutesStatus

from ..factories import (
    FIVE_SEATS,
    CommitteeFactory,
    DistrictCenterFactory,
    UserFactory,
    province,
    seat_user,
    staff_user,
)

pytestmark = pytest.mark.django_db


def executive_committee(center=None):
    """A district center's executive committee of five, seated with no end of term."""
    return CommitteeFactory(
        center=center or DistrictCenterFactory(),
        kind="executive",
        seats=FIVE_SEATS,
        seats__term_start=datetime.date(2024, 1, 1),
        seats__term_end=None,
    )


@pytest.fixture
def board():
    """The executive committee of a district center ("Rattaphum")."""
    return executive_committee()


@pytest.fixture
def cast(board):
    """Who meets the board: its center's coordinator (the secretary's desk), its chair, the
    coordinator of another district, the province's coordinator, an observer."""
    return SimpleNamespace(
        coordinator=staff_user(board.center),
        chair=seat_user(board, "chair"),
        hatyai_coord=staff_user(DistrictCenterFactory()),
        prov_coord=staff_user(province()),
        observer=UserFactory(),
    )


@pytest.fixture
def as_user(client):
    """as_user(user) signs the test client in as `user`."""

    def _as(user):
        client.force_login(user)
        return client

    return _as


def meeting_on(board, day=datetime.date(2027, 3, 9)):
    return services.create_meeting(
        board,
        timezone.make_aware(datetime.datetime.combine(day, datetime.time(9, 30))),
        "ห้องประชุมสหกรณ์การเกษตรรัตภูมิ จำกัด",
        None,
    )


def test_the_secretary_schedules_a_meeting_from_the_committee_page(as_user, cast, board):
    client = as_user(cast.coordinator)
    response = client.post(
        reverse("committee_meetings", args=[board.pk]),
        {"day": "10/3/2580", "time": "09:30", "place": "ห้องประชุมสหกรณ์", "kind": "monthly"},
    )
    # A working day years ahead: a past day would first ask (test_meeting_dates).
    meeting = Meeting.objects.get(committee=board, year=2580)
    assert response["Location"] == meeting.get_absolute_url()
    assert meeting.number == 1
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "ครั้งที่ 1/2580" in page and "ระเบียบวาระที่ 3 เรื่องสืบเนื่อง" in page


def test_the_chair_reads_but_does_not_prepare(as_user, cast, board):
    meeting = meeting_on(board)
    client = as_user(cast.chair)
    assert client.get(meeting.get_absolute_url()).status_code == 200
    assert client.get(reverse("meeting_attendance", args=[meeting.pk])).status_code == 403
    response = client.post(reverse("meeting_next", args=[meeting.pk]))
    assert response.status_code == 403
    assert "เฉพาะเลขานุการ" in response.content.decode()


def test_attendance_with_leave_needs_a_reason_and_flags_a_missing_quorum(as_user, cast, board):
    meeting = meeting_on(board)
    seats = services.committee_members(board, datetime.date(2027, 3, 9))
    client = as_user(cast.coordinator)
    url = reverse("meeting_attendance", args=[meeting.pk])
    data = {"form": "attendance"}
    for index, seat in enumerate(seats):
        data[f"p{seat.person_id}-status"] = "present" if index < 2 else "leave"
        data[f"p{seat.person_id}-reason"] = ""
    page = client.post(url, data).content.decode()
    assert "กรุณาระบุเหตุผลที่ลาประชุม" in page
    assert not meeting.attendance.exists()
    for seat in seats[2:]:
        data[f"p{seat.person_id}-reason"] = "ไปประชุมที่จังหวัด"
    assert client.post(url, data).status_code == 302
    assert meeting.attendance.filter(status=AttendanceStatus.LEAVE).count() == len(seats) - 2
    client.post(
        reverse("meeting_edit", args=[meeting.pk]),
        {
            "day": "9/3/2570",
            "time": "09:30",
            "place": meeting.place,
            "kind": "monthly",
            "status": "held",
            "opened_at": "09:35",
            "closed_at": "12:10",
            "recorder": "",
            "checker": "",
            "note": "",
        },
    )
    meeting.refresh_from_db()
    assert meeting.status == "held" and meeting.lacks_quorum
    for page_url in (meeting.get_absolute_url(), reverse("committee_meetings", args=[board.pk])):
        assert "ไม่ครบองค์ประชุม" in client.get(page_url).content.decode(), page_url


def test_an_action_item_is_assigned_and_comes_back_overdue_to_its_owner(as_user, cast, board):
    meeting = meeting_on(board, datetime.date(2026, 9, 8))
    item = meeting.agenda.get(section=4)
    client = as_user(cast.coordinator)
    chair = board.members.get(position="chair").person
    response = client.post(
        reverse("agenda_item", args=[meeting.pk, item.pk]),
        {
            "form": "action",
            "action-title": "ประสานร้านค้าปุ๋ยในอำเภอเพื่อเทียบราคา",
            "action-person": str(chair.pk),
            "action-organization": "",
            "action-due_on": "30/9/2569",
        },
    )
    assert response.status_code == 302
    action = ActionItem.objects.get(title="ประสานร้านค้าปุ๋ยในอำเภอเพื่อเทียบราคา")
    assert action.due_on == datetime.date(2026, 9, 30)
    page = client.get(reverse("committee_meetings", args=[board.pk])).content.decode()
    assert "เลยกำหนด" in page
    chair_client = as_user(cast.chair)
    for home_url in (reverse("home"), reverse("meetings_home"), reverse("network_home")):
        home = chair_client.get(home_url).content.decode()
        assert "เรื่องที่คุณรับผิดชอบซึ่งเลยกำหนดแล้ว" in home, home_url
        assert "ประสานร้านค้าปุ๋ยในอำเภอเพื่อเทียบราคา" in home, home_url
    other = as_user(cast.hatyai_coord).get(reverse("network_home")).content.decode()
    assert "ประสานร้านค้าปุ๋ยในอำเภอเพื่อเทียบราคา" not in other


def test_uploads_are_checked_by_type_and_content(as_user, cast, board):
    meeting = meeting_on(board)
    item = meeting.agenda.get(section=4)
    client = as_user(cast.coordinator)
    url = reverse("agenda_item", args=[meeting.pk, item.pk])
    fake = SimpleUploadedFile("แผน.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    page = client.post(url, {"form": "attachment", "file": fake}).content.decode()
    assert "เนื้อไฟล์ไม่ตรงกับชนิดไฟล์" in page
    script = SimpleUploadedFile("run.exe", b"MZ\x90\x00", content_type="application/octet-stream")
    assert (
        "รับเฉพาะไฟล์พีดีเอฟ"
        in client.post(url, {"form": "attachment", "file": script}).content.decode()
    )
    assert not Attachment.objects.filter(item=item).exists()
    real = SimpleUploadedFile("แผนซื้อปุ๋ย.pdf", b"%PDF-1.4\n%test\n", content_type="application/pdf")
    assert client.post(url, {"form": "attachment", "file": real}).status_code == 302
    document = Attachment.objects.get(item=item)
    download = client.get(reverse("meeting_attachment", args=[document.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")  # read to the end: closed
    assert (
        as_user(cast.hatyai_coord)
        .get(reverse("meeting_attachment", args=[document.pk]))
        .status_code
        == 404
    )


def test_the_chair_approves_at_the_next_meeting_and_the_minutes_lock(as_user, cast, board):
    first = meeting_on(board, datetime.date(2027, 4, 13))
    seats = services.committee_members(board, datetime.date(2027, 4, 13))
    services.record_attendance(
        first, {seat.person_id: (AttendanceStatus.PRESENT, "") for seat in seats}, None
    )
    services.mark_held(first, datetime.time(9, 30), datetime.time(11, 0), None)
    second = services.schedule_next(first, None)
    chair = as_user(cast.chair)
    page = chair.get(second.get_absolute_url()).content.decode()
    assert f"รับรองรายงานการประชุม{first.title_number}" in page
    chair.post(
        reverse("meeting_approve", args=[first.pk]), {"in": str(second.pk), "amendments": ""}
    )
    first.refresh_from_db()
    assert first.minutes_status == MinutesStatus.APPROVED and first.approved_in == second
    secretary = as_user(cast.coordinator)
    page = secretary.get(first.get_absolute_url()).content.decode()
    assert "รายงานการประชุมนี้รับรองแล้ว แก้ไขไม่ได้" in page
    assert (
        as_user(cast.coordinator).post(reverse("meeting_approve", args=[second.pk])).status_code
        == 403
    )  # the secretary does not approve


def test_the_province_sees_which_centers_met_this_month(as_user, cast, board):
    today = timezone.localdate()
    meeting = meeting_on(board, today)
    seats = services.committee_members(board, today)
    services.record_attendance(
        meeting, {seat.person_id: (AttendanceStatus.PRESENT, "") for seat in seats}, None
    )
    services.mark_held(meeting, datetime.time(9, 30), datetime.time(11, 0), None)
    page = as_user(cast.prov_coord).get(reverse("meetings_home")).content.decode()
    row = page.split(board.center.name, 1)[1][:200]
    assert "ประชุมแล้ว" in row
    observer = as_user(cast.observer).get(reverse("meetings_home")).content.decode()
    assert "ศูนย์ ประชุมประจำเดือน" in observer  # the count
    assert board.center.name not in observer
    assert meeting.get_absolute_url() not in observer


def test_a_calendar_file_for_one_meeting(as_user, cast, board):
    meeting = meeting_on(board)
    response = as_user(cast.chair).get(reverse("meeting_ics", args=[meeting.pk]))
    assert response["Content-Type"].startswith("text/calendar")
    assert "BEGIN:VEVENT" in response.content.decode()


def test_the_calendar_feed_holds_the_users_committees_only(client, board, cast):
    from django.contrib.auth.models import User

    from meetings.views import feed_token

    mine = meeting_on(board)
    hatyai = executive_committee()
    theirs = meeting_on(hatyai)
    chair = cast.chair
    token = feed_token(chair)
    feed = client.get(reverse("meeting_feed", args=[token])).content.decode()  # no session
    assert f"UID:meeting-{mine.pk}@" in feed
    assert f"UID:meeting-{theirs.pk}@" not in feed
    User.objects.filter(pk=chair.pk).update(is_active=False)
    assert client.get(reverse("meeting_feed", args=[token])).status_code == 404


def test_sub_items_can_be_reordered(as_user, cast, board):
    meeting = meeting_on(board)
    client = as_user(cast.coordinator)
    for title in ("เรื่องแรก", "เรื่องที่สอง"):
        client.post(reverse("agenda_add", args=[meeting.pk]), {"section": "4", "title": title})
    first = meeting.agenda.get(title="เรื่องแรก")
    assert first.number == "4.1"
    client.post(
        reverse("agenda_item", args=[meeting.pk, first.pk]),
        {"form": "item", "title": "เรื่องแรก", "position": "3"},
    )
    titles = [i.title for i in meeting.agenda.filter(section=4).order_by("position")]
    assert titles == ["เรื่องเพื่อพิจารณา", "เรื่องที่สอง", "เรื่องแรก"]


def test_office_files_must_be_real_and_without_macros(as_user, cast, board):
    import io
    import zipfile

    meeting = meeting_on(board)
    item = meeting.agenda.get(section=4)
    url = reverse("agenda_item", args=[meeting.pk, item.pk])
    client = as_user(cast.coordinator)

    def docx(*names):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            for name in names:
                archive.writestr(name, "x")
        return buffer.getvalue()

    macro = SimpleUploadedFile("แผน.docx", docx("[Content_Types].xml", "word/vbaProject.bin"))
    assert "มีมาโคร" in client.post(url, {"form": "attachment", "file": macro}).content.decode()
    any_zip = SimpleUploadedFile("แผน.xlsx", docx("secret.txt"))
    page = client.post(url, {"form": "attachment", "file": any_zip}).content.decode()
    assert "เนื้อไฟล์ไม่ตรงกับชนิดไฟล์" in page
    assert not Attachment.objects.filter(item=item).exists()
    real = SimpleUploadedFile("แผน.docx", docx("[Content_Types].xml", "word/document.xml"))
    assert client.post(url, {"form": "attachment", "file": real}).status_code == 302


def test_two_sub_items_cannot_share_a_number(as_user, cast, board):
    meeting = meeting_on(board)
    client = as_user(cast.coordinator)
    for title in ("เรื่องแรก", "เรื่องที่สอง"):
        client.post(reverse("agenda_add", args=[meeting.pk]), {"section": "4", "title": title})
    second = meeting.agenda.get(title="เรื่องที่สอง")
    page = client.post(
        reverse("agenda_item", args=[meeting.pk, second.pk]),
        {"form": "item", "title": "เรื่องที่สอง", "position": "1"},
    ).content.decode()
    assert "เรื่อง 4.1 ใช้ลำดับนี้แล้ว" in page
