"""Meetings, built inside a test through the meetings' services: numbered per committee and
year with the standard agenda, attended, held, their minutes approved."""

import datetime

import factory
from django.utils import timezone

from meetings import services as meetings

from .base import Factory
from .network import CommitteeFactory

# A committee of five, as most district committees are.
FIVE_SEATS = ["chair", "secretary", "member", "member", "member"]


def at(year, month, day, hour=9, minute=30) -> datetime.datetime:
    """A moment in Bangkok time."""
    return timezone.make_aware(datetime.datetime(year, month, day, hour, minute))


def hold(meeting, present: int, on_leave: int = 0):
    """Record the attendance (the first `present` seats present, the next `on_leave` on
    leave, the rest absent) and mark the meeting held, 09.30–12.00."""
    seats = meetings.committee_members(meeting.committee, meeting.local_start.date())
    rows = {}
    for index, seat in enumerate(seats):
        if index < present:
            rows[seat.person_id] = ("present", "")
        elif index < present + on_leave:
            rows[seat.person_id] = ("leave", "ติดภารกิจ")
        else:
            rows[seat.person_id] = ("absent", "")
    meetings.record_attendance(meeting, rows, None)
    meetings.mark_held(meeting, datetime.time(9, 30), datetime.time(12, 0), None)
    return meeting


class MeetingFactory(Factory):
    """A monthly meeting of a committee of five (FIVE_SEATS), made by create_meeting.

    present=N holds it (hold(); present__on_leave=M); minutes="approved" (or "amended",
    with minutes__text=) then approves its minutes, by minutes__by, in minutes__in_meeting.
    Without them the meeting is scheduled and its minutes are a draft."""

    class Meta:
        model = "meetings.Meeting"

    committee = factory.SubFactory(CommitteeFactory, seats=FIVE_SEATS)
    starts_at = factory.LazyFunction(lambda: at(2026, 3, 10))
    place = "ห้องประชุม"
    kind = "monthly"
    created_by = None

    @classmethod
    def _create(cls, model_class, committee, starts_at, place, kind, created_by):
        return meetings.create_meeting(committee, starts_at, place, created_by, kind)

    @factory.post_generation
    def present(meeting, create, extracted, on_leave=0):
        if create and extracted is not None:
            hold(meeting, extracted, on_leave)

    @factory.post_generation
    def minutes(meeting, create, extracted, text="", by=None, in_meeting=None):
        if not create or extracted in (None, "draft"):
            return
        if extracted == "amended" and not text:
            text = "แก้ไขถ้อยคำในระเบียบวาระที่ 4"
        meetings.approve_minutes(meeting, by, text, in_meeting)
        meeting.refresh_from_db()


class AgendaItemFactory(Factory):
    """A sub-item under agenda item 4 (เรื่องเพื่อพิจารณา), added by agenda_item_add."""

    class Meta:
        model = "meetings.AgendaItem"

    meeting = factory.SubFactory(MeetingFactory)
    section = 4
    title = factory.Sequence(lambda n: f"เรื่องทดสอบ {n}")
    presenter = ""

    @classmethod
    def _create(cls, model_class, meeting, section, title, presenter, **fields):
        item = meetings.agenda_item_add(
            meeting=meeting, section=section, title=title, presenter=presenter, by=None
        )
        if fields:
            model_class.objects.filter(pk=item.pk).update(**fields)
            item.refresh_from_db()
        return item
