"""Meeting pages run a constant number of queries whatever the number of meetings, agenda
items, action items and their history (zeal also fails row-by-row loading)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from centers.models import Committee
from meetings import services
from meetings.models import AttendanceStatus, Guest

BOARD = "คณะกรรมการบริหารศูนย์ฯ อำเภอรัตภูมิ"


def grow(board, months: int, start: datetime.date):
    """Held monthly meetings with sub-items, action items followed up at each meeting."""
    meeting = services.create_meeting(
        board,
        timezone.make_aware(datetime.datetime.combine(start, datetime.time(9, 30))),
        "ห้อง",
        None,
    )
    person = board.members.first().person
    for _ in range(months):
        seats = services.committee_members(board, meeting.local_start.date())
        services.record_attendance(
            meeting, {seat.person_id: (AttendanceStatus.PRESENT, "") for seat in seats}, None
        )
        services.mark_held(meeting, datetime.time(9, 30), datetime.time(11), None)
        Guest.objects.create(meeting=meeting, name="ผู้สังเกตการณ์", organization="สำนักงานสหกรณ์")
        item = meeting.agenda.create(section=4, position=1, title="เรื่องทดสอบ")
        services.add_action(item, None, title=f"งาน {meeting.pk}", person=person)
        for action in board.action_items.open():
            if action.item.meeting_id != meeting.pk:
                services.follow_up(action, meeting, "in_progress", "ติดตามแล้ว", None)
        meeting = services.schedule_next(meeting, None)
    return meeting


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


@pytest.mark.parametrize(
    "page", ["meeting_detail", "committee_meetings", "meetings_home", "agenda_item"]
)
def test_meeting_pages_run_a_constant_number_of_queries(login, page):
    board = Committee.objects.get(name=BOARD)
    client = login("rattaphum_coord")

    def url(meeting):
        if page == "meeting_detail":
            return meeting.get_absolute_url()
        if page == "committee_meetings":
            return reverse(page, args=[board.pk])
        if page == "agenda_item":
            return reverse(page, args=[meeting.pk, meeting.agenda.get(section=3).pk])
        return reverse(page)

    small = queries(client, url(grow(board, 2, datetime.date(2027, 1, 12))))
    large = queries(client, url(grow(board, 7, datetime.date(2027, 4, 13))))
    assert small == large, f"{small} queries with little data, {large} with more"
    assert large <= 25
