"""The report's figures read from SQL aggregates and a few rows must equal the plain
definitions computed here from every row: action items opened, done and overdue (done at a
meeting of the month by the meeting's date, overdue by the last update up to the month's
end, ties by pk), and purchases priced at the tier the network's total reached. The
queries stay the same however much history there is."""

import datetime
import random
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from centers.models import Committee
from meetings.models import (
    ActionItem,
    ActionStatus,
    ActionUpdate,
    AgendaItem,
    Meeting,
    MeetingStatus,
)
from reports import figures
from transactions.purchases.models import OrderLine, OrderStatus, RoundStatus

from .purchase_helpers import active_groups, district, make_round, order, province

D = Decimal
pytestmark = pytest.mark.usefixtures("demo")
OPEN = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)


def at(day: datetime.date, hour=9, minute=30):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def board(code="9009"):
    return Committee.objects.filter(center=district(code)).order_by("pk").first()


_numbers = iter(range(900, 100000))


def meeting(committee, day, hour=9):
    held = Meeting.objects.create(
        committee=committee,
        year=day.year + 543,
        number=next(_numbers),
        starts_at=at(day, hour),
        place="ห้องประชุม",
        status=MeetingStatus.HELD,
    )
    held.topic = AgendaItem.objects.create(meeting=held, section=4, position=1, title="เรื่อง")
    return held


def action(assigned_at: Meeting, due_on=None, title="เรื่องที่ทดสอบ"):
    return ActionItem.objects.create(
        committee=assigned_at.committee,
        item=assigned_at.topic,
        title=title,
        organization=assigned_at.committee.center.host,
        due_on=due_on,
    )


def update(item, status, at_meeting=None, typed=None):
    return ActionUpdate.objects.create(
        action=item,
        meeting=at_meeting,
        status=status,
        at=typed or (at_meeting.starts_at if at_meeting else timezone.now()),
    )


def plain_actions(center, year, month) -> dict:
    """The definitions, row by row, over every item and update of the center."""
    start = figures.month_start(year, month)
    end = figures.month_start(*figures.next_month(year, month))
    begin_at, end_at = at(start, 0, 0), at(end, 0, 0)
    items = list(
        ActionItem.objects.filter(committee__center=center).select_related("item__meeting")
    )
    updates = defaultdict(list)
    for row in ActionUpdate.objects.filter(action__committee__center=center).select_related(
        "meeting"
    ):
        when = row.meeting.starts_at if row.meeting else row.at
        updates[row.action_id].append((when, row.pk, row.status))
    opened = done = overdue = 0
    for item in items:
        assigned = item.item.meeting.starts_at
        history = sorted(updates[item.pk])
        opened += begin_at <= assigned < end_at
        done += any(
            status == ActionStatus.DONE and begin_at <= when < end_at for when, _, status in history
        )
        before = [status for when, _, status in history if when < end_at]
        last = before[-1] if before else ActionStatus.OPEN
        overdue += (
            assigned < end_at and item.due_on is not None and item.due_on < end and last in OPEN
        )
    return {"opened": opened, "done": done, "overdue": overdue}


MONTHS = [(year, month) for year in (2026, 2027) for month in range(1, 13)]


def assert_actions_as_defined(center, months=MONTHS):
    for year, month in months:
        data = figures.report(center, year, month)
        for key, (y, m) in (
            ("current", (year, month)),
            ("previous", figures.previous_month(year, month)),
            ("last_year", (year - 1, month)),
        ):
            assert data[key]["actions"] == plain_actions(center, y, m), (key, y, m)


def test_action_items_in_every_case_count_as_defined():
    rattaphum, committee = district("9009"), board()
    ActionItem.objects.filter(committee__center=rattaphum).delete()  # the demo's: not these
    jan = meeting(committee, datetime.date(2027, 1, 10))
    feb = meeting(committee, datetime.date(2027, 2, 20))
    feb_early = meeting(committee, datetime.date(2027, 2, 5))
    mar = meeting(committee, datetime.date(2027, 3, 3))
    apr = meeting(committee, datetime.date(2027, 4, 10))

    done_in_feb = action(jan, datetime.date(2027, 2, 15))
    update(done_in_feb, ActionStatus.DONE, feb)
    reopened = action(jan, datetime.date(2027, 1, 20))
    update(reopened, ActionStatus.DONE, feb_early)
    update(reopened, ActionStatus.IN_PROGRESS, mar)
    no_meeting = action(jan, datetime.date(2027, 2, 10))
    update(no_meeting, ActionStatus.DONE, typed=at(datetime.date(2027, 2, 12)))
    typed_early = action(jan, datetime.date(2027, 2, 10))
    update(typed_early, ActionStatus.DONE, mar, typed=at(datetime.date(2027, 2, 27)))
    typed_late = action(feb_early, datetime.date(2027, 2, 10))
    update(typed_late, ActionStatus.DONE, feb, typed=at(datetime.date(2027, 3, 2)))
    undated = action(jan)
    update(undated, ActionStatus.DONE, feb)
    dropped = action(jan, datetime.date(2027, 1, 5))
    update(dropped, ActionStatus.DROPPED, feb)
    tie_reopened = action(jan, datetime.date(2027, 1, 5))
    update(tie_reopened, ActionStatus.DONE, feb)
    update(tie_reopened, ActionStatus.IN_PROGRESS, feb)
    tie_done = action(jan, datetime.date(2027, 1, 5))
    update(tie_done, ActionStatus.IN_PROGRESS, feb)
    update(tie_done, ActionStatus.DONE, feb)
    after_the_end = action(jan, datetime.date(2027, 2, 1))
    update(after_the_end, ActionStatus.DONE, apr)
    due_later = action(jan, datetime.date(2027, 6, 1))
    update(due_later, ActionStatus.DONE, feb)
    action(apr, datetime.date(2027, 1, 1))  # due before it was assigned: overdue from April
    elsewhere = action(
        meeting(board("9011"), datetime.date(2027, 1, 12)), datetime.date(2027, 1, 1)
    )
    update(elsewhere, ActionStatus.DONE, meeting(board("9011"), datetime.date(2027, 2, 6)))

    assert_actions_as_defined(rattaphum)
    month = {m: figures.month_figures(rattaphum, 2027, m)["actions"] for m in (1, 2, 3, 4)}
    assert month[1] == {"opened": 10, "done": 0, "overdue": 4}
    # Done in February: done_in_feb, reopened, no_meeting, typed_late, undated, both ties
    # and due_later; overdue then: typed_early, tie_reopened, after_the_end.
    assert month[2] == {"opened": 1, "done": 8, "overdue": 3}
    # March: typed_early done, reopened open again.
    assert month[3] == {"opened": 0, "done": 1, "overdue": 3}
    assert month[4] == {"opened": 1, "done": 1, "overdue": 3}


def test_random_histories_count_as_defined():
    chance = random.Random(2569)
    rattaphum, committee = district("9009"), board()
    held = [
        meeting(
            committee, datetime.date(2026, 1, 1) + datetime.timedelta(days=chance.randrange(600))
        )
        for _ in range(24)
    ]
    statuses = list(ActionStatus)
    for _ in range(60):
        assigned_at = chance.choice(held)
        due = (
            None
            if chance.random() < 0.2
            else assigned_at.starts_at.date() + datetime.timedelta(days=chance.randrange(-10, 120))
        )
        item = action(assigned_at, due)
        later = [m for m in held if m.starts_at >= assigned_at.starts_at]
        for _ in range(chance.randrange(5)):
            if chance.random() < 0.25:
                typed = assigned_at.starts_at + datetime.timedelta(days=chance.randrange(200))
                update(item, chance.choice(statuses), typed=typed)
            else:
                update(item, chance.choice(statuses), chance.choice(later))
    assert_actions_as_defined(rattaphum)


def money(value):
    return value.quantize(D("0.01"), rounding=ROUND_HALF_UP)


def plain_purchases(center, year, month) -> D:
    """The value of the month's rounds' submitted lines, each line priced at the tier the
    network's total of the item reached and rounded."""
    start = figures.month_start(year, month)
    end = figures.month_start(*figures.next_month(year, month))
    lines = OrderLine.objects.filter(
        order__status=OrderStatus.SUBMITTED,
        order__round__status__in=figures.SENT,
        order__round__ordered_on__gte=start,
        order__round__ordered_on__lt=end,
    ).select_related("item", "order")
    totals = defaultdict(D)
    for line in lines:
        totals[line.item_id] += line.quantity
    value = D("0")
    for line in lines:
        if center.district_id and line.order.center_id != center.pk:
            continue
        value += money(line.quantity * line.item.price_for(totals[line.item_id]))
    return value


def sent_round(ordered_on, items):
    purchase_round = make_round(status=RoundStatus.ORDERED, items=items)
    purchase_round.ordered_on = ordered_on
    purchase_round.save()
    return purchase_round, list(purchase_round.items.order_by("pk"))


def test_purchases_are_priced_at_the_networks_tier():
    rattaphum, hatyai = district("9009"), district("9011")
    tiered, plain = (
        ("ปุ๋ยขั้นราคา", D("101.25"), D("120"), [(D("50"), D("99.99")), (D("80"), D("95.55"))]),
        ("ปุ๋ยราคาเดียว", D("33.33"), None, []),
    )
    purchase_round, (item, flat) = sent_round(datetime.date(2027, 2, 10), [tiered, plain])
    mine, theirs = active_groups(rattaphum)[:3], active_groups(hatyai)[:2]
    # Rattaphum alone (3 x 12.345) stays below 50; the network's total reaches 80.
    order(
        purchase_round,
        rattaphum,
        {**{(g, item): D("12.345") for g in mine}, **{(g, flat): D("1.005") for g in mine}},
    )
    order(purchase_round, hatyai, {(g, item): D("22.5") for g in theirs})
    # A tier reached by nobody, and a round with only an untiered item.
    sent_round(datetime.date(2027, 2, 12), [("ปุ๋ยไม่ถึงขั้น", D("10"), D("11"), [(D("1e6"), D("1"))])])
    other, (only,) = sent_round(datetime.date(2027, 2, 14), [("ปุ๋ยเดี่ยว", D("7.77"), D("8"), [])])
    order(other, rattaphum, {(mine[0], only): D("3.333")})
    for center in (rattaphum, hatyai, province()):
        value = D(figures.month_figures(center, 2027, 2)["purchases"]["value"])
        assert value == plain_purchases(center, 2027, 2), center
    assert plain_purchases(rattaphum, 2027, 2) == (
        3 * money(D("12.345") * D("95.55"))
        + 3 * money(D("1.005") * D("33.33"))
        + money(D("3.333") * D("7.77"))
    )


def queries(center) -> int:
    figures.report(center, 2027, 2)
    with CaptureQueriesContext(connection) as captured:
        figures.report(center, 2027, 2)
    return len(captured)


def history(months: int, per_month: int):
    """`months` of meetings before February 2027, each assigning `per_month` items that
    are followed up at the next meeting, and a tiered round a month bought by two
    districts."""
    committee = board()
    rattaphum, hatyai = district("9009"), district("9011")
    previous = None
    for back in range(months):
        day = datetime.date(2027, 2, 1) - datetime.timedelta(days=30 * back + 15)
        held = meeting(committee, day)
        for index in range(per_month):
            item = action(held, day + datetime.timedelta(days=index % 40))
            if previous is not None:
                update(item, ActionStatus.DONE if index % 3 else ActionStatus.IN_PROGRESS, previous)
        previous = held
        purchase_round, (item,) = sent_round(
            day, [(f"ปุ๋ยประวัติ {day}", D("50"), D("60"), [(D("10"), D("45"))])]
        )
        for center in (rattaphum, hatyai):
            order(purchase_round, center, {(g, item): D("4.5") for g in active_groups(center)[:2]})


def test_the_figures_run_the_same_queries_with_more_history():
    history(months=2, per_month=2)
    small = [queries(center) for center in (district("9009"), province())]
    history(months=14, per_month=15)
    assert [queries(center) for center in (district("9009"), province())] == small
