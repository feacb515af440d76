"""The monthly reports read only the rounds a month concerns (issue 8): a round settled
before a month's end owes nothing at that end and is not read for it, one settled or paid
later still shows what was owed then; money is still rounded per line; and the report,
its PDF and the dashboard run the same number of queries however much data there is."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from reports import dashboard, figures
from reports.models import PurchaseYear, PurchaseYearGroup
from transactions.purchases.models import Payment, PaymentKind, RoundEvent, RoundStatus

from ..purchase_helpers import active_groups, district, make_round, order, province

D = Decimal
pytestmark = pytest.mark.usefixtures("demo")


def at(day: datetime.date, hour=10):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


HUNDRED = D("100")


def sent_round(ordered_on, status=RoundStatus.ORDERED, price=HUNDRED, tiers=(), name=None):
    purchase_round = make_round(
        status=status,
        items=[(name or f"สินค้ารายงาน {ordered_on}", price, price + 20, list(tiers))],
    )
    purchase_round.ordered_on = ordered_on
    purchase_round.save()
    return purchase_round, purchase_round.items.get()


def pay(purchase_round, center, amount, paid_on, group=None):
    return Payment.objects.create(
        round=purchase_round,
        kind=PaymentKind.GROUP if group else PaymentKind.DISTRICT,
        center=center,
        organization=group,
        paid_on=paid_on,
        amount=amount,
    )


def settle(purchase_round, day):
    purchase_round.status = RoundStatus.SETTLED
    purchase_round.save()
    RoundEvent.objects.create(
        round=purchase_round,
        from_status=RoundStatus.DELIVERED,
        to_status=RoundStatus.SETTLED,
        at=at(day),
    )


def settled_round(ordered_on, quantity, paid_on, settled_on, group_paid=None):
    """A provincial round Rattaphum's first group ordered `quantity` of at 100 baht, paid
    by the group and by the district on `paid_on`, settled on `settled_on`."""
    rattaphum = district("9009")
    group = active_groups(rattaphum)[0]
    purchase_round, item = sent_round(ordered_on, status=RoundStatus.DELIVERED)
    order(purchase_round, rattaphum, {(group, item): quantity})
    due = quantity * D("100")
    pay(purchase_round, rattaphum, group_paid or due, paid_on, group=group)
    pay(purchase_round, rattaphum, due, paid_on)
    settle(purchase_round, settled_on)
    return purchase_round


def owed(center, year, month):
    return figures.month_figures(center, year, month)["outstanding"]


def test_a_round_settled_after_the_months_end_still_owes_at_that_end():
    settled_round(
        datetime.date(2027, 1, 12), D("5"), datetime.date(2027, 2, 5), datetime.date(2027, 2, 10)
    )
    rattaphum = district("9009")
    assert owed(rattaphum, 2027, 1) == {"groups": "500.00", "districts": "500.00"}
    assert owed(province(), 2027, 1) == {"groups": "500.00", "districts": "500.00"}
    assert owed(rattaphum, 2027, 2) == {"groups": "0.00", "districts": "0.00"}


def test_a_round_settled_before_the_months_end_owes_nothing_then():
    """Settling needs every group and district paid in full: from then on the round owes
    nothing, and a group's overpayment (210 for 200) does not lower later balances."""
    settled_round(
        datetime.date(2026, 12, 10),
        D("2"),
        datetime.date(2026, 12, 20),
        datetime.date(2026, 12, 28),
        group_paid=D("210"),
    )
    settled_round(
        datetime.date(2027, 1, 12), D("5"), datetime.date(2027, 2, 5), datetime.date(2027, 2, 10)
    )
    rattaphum = district("9009")
    assert owed(rattaphum, 2026, 12) == {"groups": "0.00", "districts": "0.00"}
    assert owed(rattaphum, 2027, 1) == {"groups": "500.00", "districts": "500.00"}
    assert owed(province(), 2027, 1) == {"groups": "500.00", "districts": "500.00"}
    report = figures.report(rattaphum, 2027, 1)
    assert report["previous"]["outstanding"] == {"groups": "0.00", "districts": "0.00"}


def test_a_payment_dated_after_the_months_end_keeps_a_settled_round_open_then():
    """Rattaphum's last 100 of 400 to the province carries a February receipt date:
    settled in January, the round still showed 100 owed at January's end."""
    rattaphum = district("9009")
    group = active_groups(rattaphum)[0]
    purchase_round, item = sent_round(datetime.date(2027, 1, 5), status=RoundStatus.DELIVERED)
    order(purchase_round, rattaphum, {(group, item): D("4")})
    pay(purchase_round, rattaphum, D("400"), datetime.date(2027, 1, 20), group=group)
    pay(purchase_round, rattaphum, D("300"), datetime.date(2027, 1, 20))
    pay(purchase_round, rattaphum, D("100"), datetime.date(2027, 2, 2))
    settle(purchase_round, datetime.date(2027, 1, 25))
    assert owed(rattaphum, 2027, 1) == {"groups": "0.00", "districts": "100.00"}
    assert owed(rattaphum, 2027, 2) == {"groups": "0.00", "districts": "0.00"}


def test_a_round_marked_settled_without_an_event_closes_with_its_last_payment():
    """Rounds imported as settled (no RoundEvent): their last payment dates the
    settlement; with no payment either, they are read as before."""
    rattaphum = district("9009")
    group = active_groups(rattaphum)[0]
    paid, item = sent_round(datetime.date(2027, 1, 5), status=RoundStatus.SETTLED)
    order(paid, rattaphum, {(group, item): D("3")})
    pay(paid, rattaphum, D("300"), datetime.date(2027, 2, 3), group=group)
    pay(paid, rattaphum, D("300"), datetime.date(2027, 2, 3))
    unpaid, item = sent_round(datetime.date(2027, 1, 6), status=RoundStatus.SETTLED)
    order(unpaid, rattaphum, {(group, item): D("1")})
    assert owed(rattaphum, 2027, 1) == {"groups": "400.00", "districts": "400.00"}
    assert owed(rattaphum, 2027, 2) == {"groups": "100.00", "districts": "100.00"}


def test_a_balance_reads_0_before_any_round_and_0_00_after_a_paid_one():
    """As before, and as signed-off months stored it: "0" while the center never had a
    round, "0.00" once its rounds were paid and closed (the demo's, settled in 2547-48)."""
    nothing, settled = {"groups": "0", "districts": "0"}, {"groups": "0.00", "districts": "0.00"}
    assert owed(province(), 2004, 6) == nothing
    assert owed(province(), 2004, 7)["groups"] == "1458600.00"
    assert owed(province(), 2006, 1) == settled
    assert owed(district("9009"), 2026, 12) == settled
    assert owed(district("9001"), 2026, 12) == nothing


def test_money_is_rounded_per_line_though_lines_are_summed_together():
    """Three groups order the same 0.333 t at 10.05 baht: 3.35 each as billed, 10.05 in
    all, not 3 x 0.333 x 10.05 = 10.04."""
    rattaphum = district("9009")
    purchase_round, item = sent_round(datetime.date(2027, 1, 12), price=D("10.05"))
    order(purchase_round, rattaphum, {(g, item): D("0.333") for g in active_groups(rattaphum)[:3]})
    now = figures.month_figures(rattaphum, 2027, 1)
    assert now["purchases"]["value"] == "10.05"
    assert now["purchases"]["products"][0]["quantity"] == "0.999"
    assert now["purchases"]["savings"] == str(3 * D("6.66"))  # 0.333 x 20 = 6.66 each
    assert now["outstanding"] == {"groups": "10.05", "districts": "10.05"}


def shown(data: dict) -> dict:
    """A dashboard as the page shows it, Decimals with their places."""
    return {
        "targets": [(t.pk, str(t.bought), t.percent) for t in data["targets"]],
        "centers": [(c.pk, str(c.value), str(c.savings), c.member_total) for c in data["centers"]],
        "value": str(data["value"]),
        "savings": str(data["savings"]),
        "top": [(o.pk, str(saved)) for o, saved in data["top_savings"]],
    }


def test_the_dashboards_ways_of_summing_agree(monkeypatch):
    """PostgreSQL sums the year's lines per district and group with each line rounded in
    SQL; another database sums every line in Python. Both store the same totals and give
    the same page, rounding each line as billed (3 x 3.33 for 3 x 0.333 t at 9.99, not
    9.98)."""
    if connection.vendor != "postgresql":
        pytest.skip("the SQL sums run on PostgreSQL; other databases sum in Python")
    rattaphum, hatyai = district("9009"), district("9011")
    whole, item = sent_round(
        datetime.date(2027, 1, 12), price=D("15000"), tiers=[(D("10"), D("14500"))]
    )
    order(
        whole, rattaphum, {(g, item): D("2.5") + i for i, g in enumerate(active_groups(rattaphum))}
    )
    order(whole, hatyai, {(g, item): D("4") for g in active_groups(hatyai)})
    satang, item = sent_round(
        datetime.date(2028, 1, 12), price=D("10.05"), tiers=[(D("1"), D("9.99"))]
    )
    order(satang, rattaphum, {(g, item): D("0.333") for g in active_groups(rattaphum)[:3]})
    order(satang, hatyai, {(active_groups(hatyai)[0], item): D("1.005")})
    other, item = sent_round(datetime.date(2028, 3, 1), price=D("7.77"))
    order(other, hatyai, {(active_groups(hatyai)[0], item): D("2.5")})

    def both_ways(year, district_ids):
        PurchaseYear.objects.all().delete()
        in_sql = shown(dashboard.dashboard(year, district_ids))
        PurchaseYear.objects.all().delete()
        with monkeypatch.context() as patch:
            patch.setattr(dashboard, "connection", type("Other", (), {"vendor": "sqlite"}))
            in_python = shown(dashboard.dashboard(year, district_ids))
        assert in_sql == in_python, (year, district_ids)
        return in_sql

    for district_ids in (None, [rattaphum.district_id]):
        both_ways(2027, district_ids)
    page = both_ways(2028, None)
    assert page["value"] == str(3 * D("3.33") + D("10.04") + D("19.43"))


# Stored totals: built when the year's sent orders change, read otherwise -----------------


def test_the_years_totals_are_built_once_and_again_when_a_round_is_sent():
    rattaphum = district("9009")
    group = active_groups(rattaphum)[0]
    first, item = sent_round(datetime.date(2027, 3, 1))
    order(first, rattaphum, {(group, item): D("2")})
    assert shown(dashboard.dashboard(2027))["value"] == "200.00"
    built = PurchaseYear.objects.get(year=2027)
    assert PurchaseYearGroup.objects.filter(year=built).count() == 1

    # Nothing changed: the totals are read, not summed again.
    with CaptureQueriesContext(connection) as captured:
        dashboard.dashboard(2027)
    assert not any("INSERT" in query["sql"] for query in captured)
    assert PurchaseYear.objects.get(year=2027).built_at == built.built_at

    # A second round sent to the supplier counts at once.
    second, item = sent_round(datetime.date(2027, 4, 1))
    order(second, rattaphum, {(group, item): D("3")})
    page = shown(dashboard.dashboard(2027))
    assert page["value"] == "500.00"
    assert page["savings"] == "100.00"  # 5 x (120 - 100)
    assert page["top"] == [(group.pk, "100.00")]

    # A round cancelled after it was sent no longer counts.
    second.status = RoundStatus.CANCELLED
    second.save()
    assert shown(dashboard.dashboard(2027))["value"] == "200.00"


def test_an_order_saved_again_changes_the_years_totals():
    """An order's lines change only with its version: totals built from another version
    of an order are built again."""
    rattaphum = district("9009")
    group = active_groups(rattaphum)[0]
    purchase_round, item = sent_round(datetime.date(2027, 5, 1))
    district_order = order(purchase_round, rattaphum, {(group, item): D("2")})
    assert shown(dashboard.dashboard(2027))["value"] == "200.00"
    district_order.lines.update(quantity=D("4"))
    district_order.version += 1
    district_order.save()
    assert shown(dashboard.dashboard(2027))["value"] == "400.00"


# Queries: the same at two sizes ------------------------------------------------------------


def count(client, url) -> int:
    """The queries of a page seen before: the dashboard sums a year's purchases again
    only on the first view after they change."""
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


URLS = (
    "/reports/9009/2570/2/",
    "/reports/province/2570/2/",
    "/reports/9009/2570/2/report.pdf",
    "/reports/dashboard/?year=2570",
)


def grow(months: int, groups: int):
    """Rounds in each of `months` months before February 2027, settled, and one in
    February still owed; `groups` groups of Rattaphum and Hat Yai order in each."""
    for back in range(months, -1, -1):
        day = datetime.date(2027, 2, 3) - datetime.timedelta(days=30 * back)
        purchase_round, item = sent_round(
            day, price=D("15"), tiers=[(D("10"), D("14.5"))], name=f"ปุ๋ยขนาด {months}"
        )
        for center in (district("9009"), district("9011")):
            members = active_groups(center)[:groups]
            order(purchase_round, center, {(g, item): D("2.5") for g in members})
            for group in members:
                pay(purchase_round, center, D("36.25"), day, group=group)
        if back:
            settle(purchase_round, day + datetime.timedelta(days=10))


def test_the_reports_run_the_same_queries_at_two_sizes(login):
    client = login("prov_coord")
    grow(months=1, groups=1)
    small = [count(client, url) for url in URLS]
    grow(months=14, groups=3)
    assert [count(client, url) for url in URLS] == small
    district_report, province_report, pdf, _ = small
    assert district_report <= 25 and province_report <= 26
    # The page's header counts the reader's unread messages (one query); the PDF has none.
    assert pdf == district_report - 1
