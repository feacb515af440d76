"""The demo meetings (demo/meetings.py, seeded by seed_demo): a year of monthly meetings of
three committees, one held without a quorum, action items followed up from meeting to
meeting, approved minutes, and one meeting each scheduled next month."""

import datetime
from unittest import mock

import pytest
from django.apps import apps
from django.core.serializers import serialize
from django.utils import timezone

from demo import meetings as demo
from demo.seed import seed_demo
from meetings import services
from meetings.models import (
    OPEN_ACTION_STATUSES,
    STANDARD_AGENDA,
    ActionItem,
    ActionStatus,
    Amendment,
    Meeting,
    MeetingStatus,
    MinutesStatus,
)

pytestmark = pytest.mark.usefixtures("demo")

COMMITTEES = [demo.BOARD, demo.MARKETING, demo.RATTAPHUM]
TODAY = demo.TODAY  # 24 พ.ย. 2569, from which the demo counts overdue items
# ธ.ค. 2568, then ม.ค.–พ.ย. 2569: numbered per BE year from 1 each January.
HELD_NUMBERS = [(2568, 12)] + [(2569, number) for number in range(1, 12)]


def meetings_of(name: str) -> list[Meeting]:
    return list(Meeting.objects.filter(committee__name=name).order_by("starts_at"))


def held_of(name: str) -> list[Meeting]:
    return [meeting for meeting in meetings_of(name) if meeting.status == MeetingStatus.HELD]


@pytest.mark.parametrize("name", COMMITTEES)
def test_a_year_of_monthly_meetings_then_one_scheduled(name):
    meetings = meetings_of(name)
    held = meetings[:-1]
    assert [meeting.status for meeting in held] == [MeetingStatus.HELD] * 12
    # One a month, ธ.ค. 2568 to พ.ย. 2569, at 09:30 Bangkok time.
    assert [(m.local_start.year, m.local_start.month) for m in held] == demo.MONTHS[:12]
    assert {m.local_start.time() for m in meetings} == {datetime.time(9, 30)}
    for meeting in held:
        assert meeting.opened_at < meeting.closed_at
        assert meeting.recorder.first_name and meeting.checker.first_name
        headings = meeting.agenda.filter(position=0).order_by("section")
        assert [h.section for h in headings] == [1, 2, 3, 4, 5]
        subitems = meeting.agenda.filter(section=4, position__gt=0)
        assert subitems.exists() and all(item.resolution for item in subitems)

    [scheduled] = meetings[-1:]
    assert scheduled.status == MeetingStatus.SCHEDULED
    assert (scheduled.local_start.year, scheduled.local_start.month) == (2026, 12)
    assert scheduled.local_start.date() > TODAY
    assert scheduled.title_number == "ครั้งที่ 12/2569"
    assert [item.position for item in scheduled.agenda.all()] == [0] * 5
    assert not scheduled.attendance.exists() and scheduled.opened_at is None
    assert scheduled.minutes_status == MinutesStatus.DRAFT


@pytest.mark.parametrize("name", COMMITTEES)
def test_numbering_restarts_in_january(name):
    meetings = meetings_of(name)
    assert [(m.year, m.number) for m in meetings] == [*HELD_NUMBERS, (2569, 12)]
    assert meetings[0].title_number == "ครั้งที่ 12/2568"
    assert meetings[1].title_number == "ครั้งที่ 1/2569"
    for meeting in meetings:
        assert meeting.year == services.be_year_of(meeting.starts_at)
    # Agenda item 2 names the minutes it confirms: the previous meeting's.
    for previous, meeting in zip(meetings, meetings[1:], strict=False):
        confirmation = meeting.agenda.get(section=2, position=0)
        assert confirmation.title.startswith(STANDARD_AGENDA[1])
        assert previous.title_number in confirmation.title


def test_one_rattaphum_meeting_lacks_quorum():
    without = []
    for name in COMMITTEES:
        for meeting in held_of(name):
            members = services.committee_members(meeting.committee, meeting.local_start.date())
            # Every member in term on the day has an attendance row.
            assert {row.person_id for row in meeting.attendance.all()} == {
                seat.person_id for seat in members
            }
            quorum = services.quorum_of(meeting)
            assert meeting.quorum_reached is quorum.reached
            if not quorum.reached:
                without.append(meeting)
    [meeting] = without
    assert meeting.committee.name == demo.RATTAPHUM
    assert meeting.title_number == "ครั้งที่ 1/2569"
    assert meeting.lacks_quorum
    quorum = services.quorum_of(meeting)
    assert (quorum.present, quorum.members, quorum.required) == (3, 6, 4)
    # It took no decisions: no action items, no minutes approved there.
    assert not ActionItem.objects.filter(item__meeting=meeting).exists()
    assert not meeting.approved_minutes.exists()
    # Leave comes with a reason; some meetings had a guest.
    assert all(row.reason for row in meeting.attendance.filter(status="leave"))
    assert Meeting.objects.filter(committee__name__in=COMMITTEES, guests__isnull=False).exists()


def test_action_items_in_every_state():
    actions = ActionItem.objects.filter(committee__name__in=COMMITTEES)
    assert set(actions.values_list("status", flat=True)) == set(ActionStatus.values)
    for action in actions.select_related("item__meeting"):
        assert action.item.section == 4 and action.item.position > 0
        assert action.person_id or action.organization_id
        updates = list(action.updates.select_related("meeting").order_by("at"))
        # Assigned at its meeting, then followed up at later meetings of the same committee.
        assert updates[0].meeting == action.item.meeting
        assert updates[0].status == ActionStatus.OPEN
        assert updates[-1].status == action.status
        for update in updates[1:]:
            assert update.meeting.committee_id == action.committee_id
            assert update.meeting.starts_at > action.item.meeting.starts_at
            assert update.meeting.status == MeetingStatus.HELD
    closed = actions.filter(status=ActionStatus.DONE)
    assert all(action.updates.count() >= 2 for action in closed)


def test_open_items_carried_forward():
    carried = [
        action
        for action in ActionItem.objects.filter(
            committee__name__in=COMMITTEES, status__in=OPEN_ACTION_STATUSES
        )
        if action.updates.exclude(meeting=action.item.meeting).count() >= 3
    ]
    assert len(carried) >= 3
    assert any(action.status == ActionStatus.OPEN for action in carried)


@pytest.mark.parametrize(
    "username, first_name, committee",
    [
        ("rattaphum_chair", "บุญเลิศ", demo.RATTAPHUM),
        ("prov_marketing", "วิไลวรรณ", demo.MARKETING),
    ],
)
def test_overdue_items_of_demo_users(username, first_name, committee):
    overdue = ActionItem.objects.overdue(TODAY).filter(person__user__username=username)
    [action] = overdue
    assert action.person.first_name == first_name
    assert action.committee.name == committee
    assert action.status == ActionStatus.OPEN
    assert datetime.date(2026, 9, 1) <= action.due_on < TODAY
    assert action.updates.count() >= 4  # assigned, then followed up month after month


# Who approved each committee's minutes: the chair's account, or admin for a chair without one.
APPROVERS = {
    demo.BOARD: "admin",
    demo.MARKETING: "prov_marketing",
    demo.RATTAPHUM: "rattaphum_chair",
}


def test_minutes_approved_at_the_next_meeting():
    for name in COMMITTEES:
        *approved, latest = held_of(name)
        assert latest.minutes_status == MinutesStatus.DRAFT and latest.approved_in is None
        for meeting in approved:
            assert meeting.minutes_status in (MinutesStatus.APPROVED, MinutesStatus.AMENDED)
            assert meeting.approved_by.username == APPROVERS[name]
            later = meeting.approved_in
            assert later.starts_at > meeting.starts_at and not later.lacks_quorum
            assert timezone.localtime(meeting.approved_at).date() == later.local_start.date()
    # ครั้งที่ 1/2569 of Rattaphum had no quorum: 12/2568 and 1/2569 were approved at 2/2569.
    rattaphum = held_of(demo.RATTAPHUM)
    assert rattaphum[0].approved_in == rattaphum[1].approved_in == rattaphum[2]
    [amended] = Meeting.objects.filter(
        committee__name__in=COMMITTEES, minutes_status=MinutesStatus.AMENDED
    )
    [amendment] = Amendment.objects.filter(meeting=amended)
    assert amendment.approved_in == amended.approved_in and amendment.text


def meetings_snapshot() -> str:
    return "".join(
        serialize("json", model.objects.order_by("pk"))
        for model in apps.get_app_config("meetings").get_models()
    )


def test_seeding_again_later_changes_nothing():
    """A second run, even months later, neither writes nor records history: every date
    in the demo meetings is fixed."""
    before = meetings_snapshot()
    later = timezone.now() + datetime.timedelta(days=100)
    with mock.patch("django.utils.timezone.now", return_value=later):
        seed_demo()
    assert meetings_snapshot() == before
