"""What the meeting pages show, each in a fixed number of queries."""

import datetime
from collections.abc import Collection
from typing import Any

from django.contrib.auth.models import User
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from centers.models import Center, Committee

from .models import (
    OPEN_ACTION_STATUSES,
    ActionItem,
    ActionStatus,
    ActionUpdate,
    AgendaItem,
    Attendance,
    Meeting,
    MeetingKind,
    MeetingStatus,
)


def upcoming_meetings(
    committees: QuerySet[Committee], now: datetime.datetime | None = None, limit: int = 30
) -> list[Meeting]:
    now = now or timezone.now()
    start_of_today = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    return list(
        Meeting.objects.filter(
            committee__in=committees,
            status=MeetingStatus.SCHEDULED,
            starts_at__gte=start_of_today,
        )
        .select_related("committee__center__district")
        .order_by("starts_at")[:limit]
    )


def recent_meetings(committees: QuerySet[Committee], limit: int = 20) -> list[Meeting]:
    return list(
        Meeting.objects.filter(committee__in=committees)
        .exclude(status=MeetingStatus.SCHEDULED)
        .select_related("committee__center__district")
        .order_by("-starts_at")[:limit]
    )


def overdue_for(
    user: User,
    organization_ids: Collection[int] = frozenset(),
    visible_committees: QuerySet[Committee] | None = None,
    on: datetime.date | None = None,
) -> list[ActionItem]:
    """Open action items past their due date that the user answers for: as the person
    responsible, or through the organization they represent. `.visible` says whether the
    user may open the meeting that assigned it (`visible_committees`, a queryset)."""
    actions = list(
        ActionItem.objects.overdue(on)
        .filter(Q(person__user=user) | Q(organization_id__in=organization_ids))
        .select_related("committee", "item__meeting", "person", "organization")
        .order_by("due_on")
    )
    visible = (
        set(visible_committees.values_list("pk", flat=True))
        if actions and (visible_committees is not None)
        else set()
    )
    for action in actions:
        action.visible = action.committee_id in visible
    return actions


def month_bounds(day: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    start = timezone.make_aware(datetime.datetime(day.year, day.month, 1))
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    return start, timezone.make_aware(datetime.datetime(year, month, 1))


def centers_meeting_this_month(day: datetime.date | None = None) -> list[Center]:
    """Every center, marked `.held` when one of its committees held a monthly meeting in
    the month of `day` (this month by default). One query."""
    day = day or timezone.localdate()
    start, end = month_bounds(day)
    held = Meeting.objects.filter(
        committee__center=OuterRef("pk"),
        kind=MeetingKind.MONTHLY,
        status=MeetingStatus.HELD,
        starts_at__gte=start,
        starts_at__lt=end,
    )
    return list(
        Center.objects.select_related("district")
        .annotate(held=Exists(held))
        .order_by("level", "district__code")
    )


def committee_meetings(committee: Committee) -> list[Meeting]:
    return list(committee.meetings.order_by("-starts_at"))


def open_actions(committee: Committee) -> list[ActionItem]:
    return list(
        committee.action_items.open()
        .select_related("item__meeting", "person", "organization")
        .order_by("due_on", "pk")
    )


def follow_up_actions(meeting: Meeting) -> list[ActionItem]:
    """Agenda item 3 (เรื่องสืบเนื่อง) as it stood at this meeting: the committee's action
    items from earlier meetings that were still open when it met, or that were followed up
    at it. Each carries `.history` (its updates up to this meeting), `.status_then` and
    `.update_here` (the update recorded at this meeting, if any). Two queries."""
    actions = (
        ActionItem.objects.filter(
            committee=meeting.committee, item__meeting__starts_at__lt=meeting.starts_at
        )
        .select_related("item__meeting", "person", "organization")
        .prefetch_related(
            Prefetch(
                "updates",
                queryset=ActionUpdate.objects.select_related("meeting", "by").order_by("at", "pk"),
            )
        )
        .order_by("due_on", "pk")
    )
    result = []
    for action in actions:
        history = sorted(
            (
                update
                for update in action.updates.all()
                if update.meeting_id == meeting.pk
                or (update.meeting is not None and update.meeting.starts_at < meeting.starts_at)
                or (update.meeting is None and update.at < meeting.starts_at)
            ),
            # In the order things happened at meetings, not the order they were typed.
            key=lambda update: (update.happened_at, update.at, update.pk),
        )
        before = [update for update in history if update.meeting_id != meeting.pk]
        status_before = before[-1].status if before else action.status
        here = [update for update in history if update.meeting_id == meeting.pk]
        if status_before not in OPEN_ACTION_STATUSES and not here:
            continue  # closed before this meeting: not on its agenda
        action.history = history
        action.update_here = here[-1] if here else None
        action.status_then = history[-1].status if history else action.status
        action.status_then_label = ActionStatus(action.status_then).label
        result.append(action)
    return result


def agenda(meeting: Meeting) -> list[AgendaItem]:
    return list(
        meeting.agenda.prefetch_related(
            "attachments",
            Prefetch(
                "action_items",
                queryset=ActionItem.objects.select_related("person", "organization"),
            ),
        ).order_by("section", "position", "pk")
    )


def attendance(meeting: Meeting) -> list[Attendance]:
    return list(meeting.attendance.select_related("person__organization").order_by("pk"))


# What waits for whom (the home page) --------------------------------------------------


def committees_ahead(
    committees: QuerySet[Committee], now: datetime.datetime | None = None
) -> list[Committee]:
    """The committees of `committees` (a queryset), each with `.next_meeting` (the next
    one scheduled from today, or None) and `.unrecorded` (meetings still marked scheduled
    whose day has passed: to record as held, or cancel). Two queries."""
    now = now or timezone.now()
    start_of_today = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    # Each committee gets the page's attributes (Any: mypy cannot know them).
    rows: list[Any] = list(
        committees.select_related("center__district").order_by(
            "center__level", "center__district__code", "kind", "pk"
        )
    )
    by_pk = {committee.pk: committee for committee in rows}
    for committee in rows:
        committee.next_meeting, committee.unrecorded = None, []
    scheduled = Meeting.objects.filter(committee__in=rows, status=MeetingStatus.SCHEDULED).order_by(
        "starts_at", "pk"
    )
    for meeting in scheduled:
        committee = by_pk[meeting.committee_id]
        meeting.committee = committee
        if meeting.starts_at < start_of_today:
            committee.unrecorded.append(meeting)
        elif committee.next_meeting is None:
            committee.next_meeting = meeting
    return rows


def minutes_to_approve(committee_ids: Collection[int]) -> list[Meeting]:
    """Meetings held by these committees whose minutes still wait for the chair's
    approval, oldest first. One query."""
    return list(
        Meeting.objects.with_draft_minutes()
        .filter(committee_id__in=committee_ids, status=MeetingStatus.HELD)
        .select_related("committee")
        .order_by("starts_at", "pk")
    )


def approving_meeting(meeting: Meeting, pk: int) -> Meeting | None:
    """The meeting at which `meeting`'s minutes are approved: a later meeting of the same
    committee, its own minutes still in draft; None for any other."""
    return (
        Meeting.objects.with_draft_minutes()
        .filter(pk=pk, committee=meeting.committee, starts_at__gt=meeting.starts_at)
        .first()
    )


FEED_DAYS_BACK = 90
FEED_LIMIT = 200


def feed_meetings(committees: QuerySet[Committee]) -> list[Meeting]:
    """A calendar subscription's meetings: those of `committees` from 90 days ago on, the
    first 200 by start. One query."""
    return list(
        Meeting.objects.filter(committee__in=committees)
        .exclude(starts_at__lt=timezone.now() - datetime.timedelta(days=FEED_DAYS_BACK))
        .select_related("committee")
        .order_by("starts_at")[:FEED_LIMIT]
    )
