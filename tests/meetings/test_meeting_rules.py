"""Meeting rules: numbering per committee and BE year, quorum, carry-forward of action
items (PDCA), approval locking the minutes, and who may do what."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from centers.models import CommitteeKind, Position
from meetings import services
from meetings.models import (
    ActionStatus,
    Amendment,
    AttendanceStatus,
    Meeting,
    MeetingStatus,
    MinutesStatus,
)

from ..factories import CommitteeFactory, DistrictCenterFactory, admin_user, member_groups

pytestmark = pytest.mark.django_db


def at(year, month, day, hour=9, minute=30):
    return timezone.make_aware(datetime.datetime(year, month, day, hour, minute))


@pytest.fixture
def admin():
    return admin_user()


@pytest.fixture
def committee():
    """A district working committee of five, built here so the figures are ours."""
    center = DistrictCenterFactory()
    group = member_groups(center, 1)[0]
    return CommitteeFactory(
        center=center,
        kind=CommitteeKind.OTHER,
        name="คณะทำงานทดสอบการประชุม",
        seats=[
            Position.CHAIR,
            Position.SECRETARY,
            Position.MEMBER,
            Position.MEMBER,
            Position.MEMBER,
        ],
        seats__person__organization=group,
        seats__person__last_name="ประชุมดี",
        seats__term_start=datetime.date(2024, 1, 1),
        seats__term_end=None,
    )


def held(meeting, present: int, on_leave=0):
    seats = services.committee_members(meeting.committee, meeting.local_start.date())
    rows = {}
    for index, seat in enumerate(seats):
        if index < present:
            rows[seat.person_id] = (AttendanceStatus.PRESENT, "")
        elif index < present + on_leave:
            rows[seat.person_id] = (AttendanceStatus.LEAVE, "ติดภารกิจ")
        else:
            rows[seat.person_id] = (AttendanceStatus.ABSENT, "")
    services.record_attendance(meeting, rows, None)
    services.mark_held(meeting, datetime.time(9, 30), datetime.time(12, 0), None)
    return meeting


def test_numbers_restart_each_buddhist_era_year(committee):
    december = services.create_meeting(committee, at(2025, 12, 9), "ห้องประชุม", None)
    january = services.schedule_next(december, None)
    february = services.schedule_next(january, None)
    assert december.title_number == "ครั้งที่ 1/2568"
    assert (january.year, january.number) == (2569, 1)
    assert february.title_number == "ครั้งที่ 2/2569"
    assert timezone.localtime(january.starts_at) == at(2026, 1, 9)
    assert january.place == "ห้องประชุม"


def test_next_month_keeps_the_day_or_takes_the_last_one(committee):
    january = services.create_meeting(committee, at(2026, 1, 31), "ห้องประชุม", None)
    february = services.schedule_next(january, None)
    assert timezone.localtime(february.starts_at) == at(2026, 2, 28)


def test_a_new_meeting_has_the_standard_agenda_and_names_the_minutes_to_approve(committee):
    first = services.create_meeting(committee, at(2026, 3, 10), "ห้องประชุม", None)
    second = services.schedule_next(first, None)
    titles = [item.title for item in second.agenda.order_by("section")]
    assert titles == [
        "เรื่องที่ประธานแจ้งให้ที่ประชุมทราบ",
        "เรื่องรับรองรายงานการประชุมครั้งที่แล้ว (ครั้งที่ 1/2569)",
        "เรื่องสืบเนื่อง",
        "เรื่องเพื่อพิจารณา",
        "เรื่องอื่น ๆ (ถ้ามี)",
    ]


@pytest.mark.parametrize(
    ("present", "fraction", "reached"),
    [(3, "0.50", True), (2, "0.50", False), (3, "0.60", False), (4, "0.60", True)],
)
def test_quorum_is_more_than_the_committees_fraction(committee, present, fraction, reached):
    committee.quorum_fraction = Decimal(fraction)
    committee.save()
    meeting = held(services.create_meeting(committee, at(2026, 4, 7), "ห้อง", None), present)
    quorum = services.quorum_of(meeting)
    assert quorum.members == 5 and quorum.present == present
    assert quorum.reached is reached


def test_leave_needs_a_reason(committee):
    meeting = services.create_meeting(committee, at(2026, 4, 7), "ห้อง", None)
    seat = services.committee_members(committee, datetime.date(2026, 4, 7))[0]
    with pytest.raises(services.MeetingError, match="เหตุผล"):
        services.record_attendance(meeting, {seat.person_id: (AttendanceStatus.LEAVE, " ")}, None)


def test_open_action_items_come_back_until_done(committee):
    march = held(services.create_meeting(committee, at(2026, 3, 10), "ห้อง", None), 4)
    item = march.agenda.create(section=4, position=1, title="ซื้อปุ๋ยร่วมกัน")
    person = services.committee_members(committee, datetime.date(2026, 3, 10))[2].person
    action = services.add_action(
        item,
        None,
        title="สำรวจความต้องการปุ๋ยของกลุ่ม",
        person=person,
        due_on=datetime.date(2026, 4, 30),
    )
    april = held(services.schedule_next(march, None), 4)
    from meetings.selectors import follow_up_actions

    assert [a.pk for a in follow_up_actions(april)] == [action.pk]
    services.follow_up(action, april, ActionStatus.IN_PROGRESS, "สำรวจแล้ว 3 กลุ่ม", None)
    may = held(services.schedule_next(april, None), 4)
    carried = follow_up_actions(may)
    assert [a.pk for a in carried] == [action.pk]
    history = [(u.meeting_id, u.status) for u in carried[0].updates.all()]
    assert history == [(march.pk, "open"), (april.pk, "in_progress")]
    services.follow_up(action, may, ActionStatus.DONE, "ครบทุกกลุ่ม", None)
    june = services.schedule_next(may, None)
    assert follow_up_actions(june) == []
    assert [a.pk for a in follow_up_actions(may)] == [action.pk]  # still shown where it closed
    # A past meeting keeps its item 3 as it was: open then, with the status of that day.
    (then,) = follow_up_actions(april)
    assert (
        then.status_then == ActionStatus.IN_PROGRESS and then.update_here.note == "สำรวจแล้ว 3 กลุ่ม"
    )
    assert [u.status for u in then.history] == ["open", "in_progress"]


def test_the_minutes_list_every_open_item_under_item_3_even_without_news(committee):
    from meetings.documents import minutes_context

    march = held(services.create_meeting(committee, at(2026, 3, 10), "ห้อง", None), 4)
    item = march.agenda.create(section=4, position=1, title="ซื้อข้าวสารร่วมกัน")
    services.add_action(item, None, title="ขอใบเสนอราคาข้าวสาร", organization=committee.center.host)
    april = held(services.schedule_next(march, None), 4)
    section_3 = next(e for e in minutes_context(april)["items"] if e["item"].section == 3)
    assert [row["action"].title for row in section_3["follow_ups"]] == ["ขอใบเสนอราคาข้าวสาร"]


def test_approved_minutes_are_read_only_and_corrections_are_recorded(committee, client, admin):
    meeting = held(services.create_meeting(committee, at(2026, 5, 12), "ห้อง", None), 4)
    nxt = services.schedule_next(meeting, None)
    services.approve_minutes(meeting, admin, "แก้ชื่อผู้นำเสนอในวาระ 4.1", nxt)
    meeting.refresh_from_db()
    assert meeting.minutes_status == MinutesStatus.AMENDED and meeting.approved_in == nxt
    assert Amendment.objects.get(meeting=meeting).text == "แก้ชื่อผู้นำเสนอในวาระ 4.1"
    with pytest.raises(services.MeetingError, match="รับรองแล้ว"):
        services.record_attendance(meeting, {}, None)
    with pytest.raises(services.MeetingError, match="รับรองแล้ว"):
        services.add_action(
            meeting.agenda.first(), None, title="x", organization=committee.center.host
        )
    with pytest.raises(services.MeetingError, match="รับรองแล้ว"):
        services.approve_minutes(meeting, admin)
    client.force_login(admin)
    item = meeting.agenda.first()
    response = client.post(
        reverse("agenda_item", args=[meeting.pk, item.pk]),
        {"form": "item", "title": "ถูกแก้", "minutes": "แก้หลังรับรอง"},
        follow=True,
    )
    assert "รับรองแล้ว จึงแก้ไขไม่ได้" in response.content.decode()
    item.refresh_from_db()
    assert item.title != "ถูกแก้"
    client.post(reverse("meeting_amend", args=[meeting.pk]), {"text": "เพิ่มรายชื่อผู้เข้าร่วม"})
    assert meeting.amendments.count() == 2


def test_only_a_held_meeting_is_approved(committee, admin):
    meeting = services.create_meeting(committee, at(2026, 6, 9), "ห้อง", None)
    with pytest.raises(services.MeetingError, match="ประชุมแล้ว"):
        services.approve_minutes(meeting, admin)


def test_marking_held_needs_attendance(committee):
    meeting = services.create_meeting(committee, at(2026, 6, 9), "ห้อง", None)
    with pytest.raises(services.MeetingError, match="การมาประชุม"):
        services.mark_held(meeting, datetime.time(9), datetime.time(11), None)
    assert Meeting.objects.get(pk=meeting.pk).status == MeetingStatus.SCHEDULED


def test_scheduling_next_month_twice_makes_one_meeting(committee):
    march = services.create_meeting(committee, at(2026, 3, 10), "ห้อง", None)
    first = services.schedule_next(march, None)
    again = services.schedule_next(march, None)  # a double click
    assert first.pk == again.pk
    assert committee.meetings.count() == 2


def test_follow_up_only_at_a_later_meeting_and_approval_only_at_a_later_draft(
    committee, client, admin
):
    march = held(services.create_meeting(committee, at(2026, 3, 10), "ห้อง", None), 4)
    april = services.schedule_next(march, None)
    item = april.agenda.create(section=4, position=1, title="เรื่องใหม่")
    action = services.add_action(item, None, title="งานใหม่", organization=committee.center.host)
    with pytest.raises(services.MeetingError, match="มอบหมายหลังการประชุมครั้งนี้"):
        services.follow_up(action, march, ActionStatus.DONE, "", None)
    client.force_login(admin)
    client.post(reverse("meeting_approve", args=[march.pk]), {"in": str(march.pk)})
    march.refresh_from_db()
    assert march.approved_in is None  # not approved "in" itself
    response = client.post(reverse("meeting_approve", args=[march.pk]), {"in": "abc"})
    assert response.status_code == 302


def test_the_stored_quorum_flag_follows_the_fraction(committee):
    meeting = held(services.create_meeting(committee, at(2026, 4, 7), "ห้อง", None), 3)
    meeting.refresh_from_db()
    assert meeting.quorum_reached is True  # 3 of 5 > 0.50
    committee.quorum_fraction = Decimal("0.60")
    committee.save()
    meeting.refresh_from_db()
    assert meeting.quorum_reached is False and meeting.lacks_quorum
