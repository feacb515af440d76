"""The past in its real dates: a round that already happened, entered afterwards through
the pages by the federation's staff, runs on its own dates (opening, closing, the
districts' submissions, the supplier order, deliveries, pickups, payments), says who
entered it and when, and lands in its real months and years in the reports and the
dashboard. The dates of every round follow one another: a delivery not before the
supplier order, a pickup not before the goods reached the center, a payment not before
the order, nothing in the future."""

import datetime
import html
import re
import uuid
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone

from demo import purchases as demo
from songkhla_network import thai
from transactions.catalogue.models import Partner, Product
from transactions.purchases import services
from transactions.purchases.models import (
    Allocation,
    Delivery,
    DistrictOrder,
    OrderLine,
    OrderStatus,
    Payment,
    Pickup,
    PriceTier,
    PurchaseRound,
    PurchaseTarget,
    RoundEvent,
    RoundItem,
    RoundStatus,
)

from .purchase_helpers import active_groups, district, make_round, order, province

D = Decimal
RATTAPHUM, HATYAI = demo.RATTAPHUM, demo.HATYAI
TODAY = timezone.localdate


def be(day: datetime.date) -> str:
    """A date as a Thai user types it: 1/7/2547."""
    return thai.be_date(day, "numeric")


def forget_the_demos_history():
    """The demo seeds the report's three purchases itself; the test enters them again
    through the pages, so it starts from a network without them (and without the 2548
    target, which it sets on the dashboard as a user would)."""
    rounds = list(PurchaseRound.objects.filter(title__in=[spec["title"] for spec in demo.HISTORY]))
    for model in (Payment, Pickup, Delivery, Allocation, RoundEvent):
        model.objects.filter(round__in=rounds).delete()
    OrderLine.objects.filter(order__round__in=rounds).delete()
    DistrictOrder.objects.filter(round__in=rounds).delete()
    PriceTier.objects.filter(item__round__in=rounds).delete()
    RoundItem.objects.filter(round__in=rounds).delete()
    PurchaseRound.objects.filter(pk__in=[r.pk for r in rounds]).delete()
    PurchaseTarget.objects.filter(year=2005).delete()


def posted(response, status=302):
    assert response.status_code == status, response.content.decode()[:3000]
    return response


def confirmed(client, url, data):
    """Post as from the page; where the answer is a confirmation step, press its button
    (which carries the fields typed before it), as the user does."""
    response = client.post(url, data)
    if response.status_code == 200 and 'name="confirmed"' in response.content.decode():
        form = response.content.decode().split('id="confirm-step"', 1)[1]
        carried = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', form))
        assert carried.pop("confirmed") == "1"
        response = client.post(
            url, {**{k: html.unescape(v) for k, v in carried.items()}, "confirmed": "1"}
        )
    return response


def step(client, purchase_round, action, expected, **extra):
    """A state change from the round's page; the page answers with a redirect either
    way, so the round's status says whether it was done."""
    url = reverse("purchase_round_transition", args=[purchase_round.pk])
    response = posted(confirmed(client, url, {"action": action, "note": "", **extra}))
    purchase_round.refresh_from_db()
    assert purchase_round.status == expected, client.get(response["Location"]).content.decode()
    return purchase_round


def record_through_the_pages(client, spec) -> PurchaseRound:
    """One of the report's purchases (a spec of demo.purchases.HISTORY), entered from
    start to settlement through the pages with its real dates."""
    product = Product.objects.get(name=spec["product"])
    posted(
        client.post(
            reverse("purchase_round_create"),
            {
                "title": spec["title"],
                "center": str(province().pk),
                "supplier": str(Partner.objects.get(name=spec["supplier"]).pk),
                "minimum_total": "",
                "note": spec["note"],
                "delivery_terms": demo.DELIVERY_TERMS,
                "opens_on": be(spec["opens"]),
                "opens_time": "09:00",
                "closes_on": be(spec["closes"]),
                "closes_time": "16:30",
                "recorded_afterwards": "on",
                "items-TOTAL_FORMS": "1",
                "items-INITIAL_FORMS": "0",
                "items-MIN_NUM_FORMS": "0",
                "items-MAX_NUM_FORMS": "1000",
                "items-0-product": str(product.pk),
                "items-0-unit_price": spec["unit_price"],
                "items-0-reference_price": "",
            },
        )
    )
    purchase_round = PurchaseRound.objects.get(title=spec["title"])
    item = purchase_round.items.get()
    if spec["tiers"]:
        tiers = {
            "tiers-TOTAL_FORMS": str(len(spec["tiers"])),
            "tiers-INITIAL_FORMS": "0",
            "tiers-MIN_NUM_FORMS": "0",
            "tiers-MAX_NUM_FORMS": "1000",
        }
        for index, (threshold, price) in enumerate(spec["tiers"]):
            tiers[f"tiers-{index}-min_quantity"] = threshold
            tiers[f"tiers-{index}-unit_price"] = price
        posted(
            client.post(reverse("purchase_item_tiers", args=[purchase_round.pk, item.pk]), tiers)
        )
    step(client, purchase_round, "open", RoundStatus.OPEN)

    submitted_on = spec["closes"] - datetime.timedelta(days=1)
    groups = {}
    for code, rows in spec["orders"].items():
        center = district(code)
        groups[code] = {g.name: g for g in active_groups(center)}
        entry = reverse("purchase_order_entry", args=[purchase_round.pk, code])
        cells = {f"q_{groups[code][name].pk}_{item.pk}": quantity for name, quantity in rows}
        posted(client.post(entry, {"version": "0", "submission_key": str(uuid.uuid4()), **cells}))
        submit = reverse("purchase_order_submit", args=[purchase_round.pk, code])
        posted(confirmed(client, submit, {"version": "1", "submitted_on": be(submitted_on)}))
        assert DistrictOrder.objects.get(round=purchase_round, center=center).status == (
            OrderStatus.SUBMITTED
        )
    step(client, purchase_round, "close", RoundStatus.CLOSED)
    step(client, purchase_round, "order", RoundStatus.ORDERED, ordered_on=be(spec["ordered_on"]))

    deliveries = reverse("purchase_deliveries", args=[purchase_round.pk])
    total = sum((D(q) for rows in spec["orders"].values() for _, q in rows), D(0))
    price = demo._achieved_price(spec, total)
    for code, rows in spec["orders"].items():
        center = district(code)
        for day, quantity, vehicle, note in spec["deliveries"][code]:
            posted(
                client.post(
                    deliveries,
                    {
                        "form": "delivery",
                        "delivery-center": str(center.pk),
                        "delivery-item": str(item.pk),
                        "delivery-delivered_on": be(day),
                        "delivery-quantity": quantity,
                        "delivery-vehicle": vehicle,
                        "delivery-delivery_note": note,
                        "delivery-submission_key": str(uuid.uuid4()),
                    },
                )
            )
        receiving = reverse("purchase_district_receiving", args=[purchase_round.pk, code])
        district_amount = D(0)
        for name, quantity in rows:
            group = groups[code][name]
            posted(
                client.post(
                    receiving,
                    {
                        "form": "pickup",
                        "pickup-organization": str(group.pk),
                        "pickup-item": str(item.pk),
                        "pickup-picked_up_on": be(spec["picked_up_on"][code]),
                        "pickup-quantity": quantity,
                        "pickup-submission_key": str(uuid.uuid4()),
                    },
                )
            )
            amount = demo._money(D(quantity) * price)
            district_amount += amount
            posted(
                client.post(
                    receiving,
                    {
                        "form": "payment",
                        "payment-organization": str(group.pk),
                        "payment-paid_on": be(spec["groups_paid_on"]),
                        "payment-amount": str(amount),
                        "payment-submission_key": str(uuid.uuid4()),
                    },
                )
            )
        posted(
            client.post(
                deliveries,
                {
                    "form": "payment",
                    "payment-center": str(center.pk),
                    "payment-paid_on": be(spec["districts_paid_on"]),
                    "payment-amount": str(district_amount),
                    "payment-submission_key": str(uuid.uuid4()),
                },
            )
        )
    step(client, purchase_round, "deliver", RoundStatus.DELIVERED)
    step(client, purchase_round, "settle", RoundStatus.SETTLED)
    return purchase_round


def report_products(client, key, be_year, month) -> dict:
    response = client.get(reverse("center_report", args=[key, be_year, month]))
    assert response.status_code == 200
    page = response.content.decode()
    return {row["product"]: row for row in response.context["products"]}, page


def test_the_reports_three_purchases_entered_through_the_pages_land_in_their_months(login):
    forget_the_demos_history()
    client = login("prov_coord")
    rounds = [record_through_the_pages(client, spec) for spec in demo.HISTORY]
    recorder = User.objects.get(username="prov_coord")
    entered = timezone.now()

    for purchase_round, spec in zip(rounds, demo.HISTORY, strict=True):
        assert purchase_round.recorded_afterwards_by == recorder
        assert purchase_round.order_number == spec["order_number"]  # 1/2547, 2/2547, 1/2548
        assert purchase_round.ordered_on == spec["ordered_on"]
        for center_order in purchase_round.orders.all():
            submitted = timezone.localdate(center_order.submitted_at)
            assert submitted == spec["closes"] - datetime.timedelta(days=1)
        # Every change dated when it happened, and stamped with when it was entered.
        events = list(purchase_round.events.order_by("at", "pk"))
        days = {event.to_status: timezone.localdate(event.at) for event in events}
        assert [event.to_status for event in events] == [
            "draft", "open", "closed", "ordered", "delivered", "settled",
        ]  # fmt: skip
        assert events[1].at == purchase_round.opens_at
        assert events[2].at == purchase_round.closes_at
        assert days["ordered"] == spec["ordered_on"]
        last_delivery = max(day for rows in spec["deliveries"].values() for day, *_ in rows)
        assert days["delivered"] == last_delivery
        assert days["settled"] == spec["districts_paid_on"]
        for event in events:
            assert event.by == recorder
            assert event.at < event.recorded_at <= entered

    page = client.get(rounds[0].get_absolute_url()).content.decode()
    assert "บันทึกย้อนหลัง" in page and "รอบที่เกิดขึ้นแล้ว" in page
    assert "1 ก.ค. 2547 เวลา 09.00 น." in page  # the opening, in the round's history
    assert page.count("(บันทึกย้อนหลังเมื่อ") == 6

    # The monthly reports: each purchase in its real month, nothing in the month of entry.
    for be_year, month, product, quantity in [
        (2547, 7, demo.FERTILIZER, "156.00"),
        (2547, 12, demo.RICE, "192.00"),
        (2548, 3, demo.FERTILIZER, "1,000.00"),
    ]:
        products, page = report_products(client, "province", be_year, month)
        assert list(products) == [product]
        assert f"{quantity} ตัน" in page
    products, page = report_products(client, RATTAPHUM, 2547, 7)
    assert "96.00 ตัน" in page  # Rattaphum's share of the 156 t
    today = TODAY()
    products, _ = report_products(client, "province", today.year + 543, today.month)
    assert demo.FERTILIZER not in products and demo.RICE not in products
    # The report list reaches those months.
    home = client.get(reverse("report_home")).content.decode()
    for value in ("2547-7", "2547-12", "2548-3"):
        assert f'value="{value}"' in home

    # The 2548 dashboard against the 5,000 t target, set on the dashboard's own form.
    dashboard = reverse("report_dashboard")
    fertilizer = Product.objects.get(name=demo.FERTILIZER)
    posted(
        client.post(
            dashboard,
            {
                "product": str(fertilizer.pk),
                "be_year": "2548",
                "quantity": "5,000",
                "note": "แผนซื้อปุ๋ยร่วมกันปี 2548",
            },
        )
    )
    response = client.get(dashboard, {"year": "2548"})
    [target] = response.context["targets"]
    assert (target.quantity, target.bought, target.percent) == (D("5000"), D("1000"), 20)
    assert "1,000.00" in response.content.decode()
    centers = {c.district.code: c for c in response.context["centers"]}
    assert centers[RATTAPHUM].value == D("5568000.00")  # 580 t at the 9,600 tier
    assert response.context["value"] == D("9600000.00")
    last_year = client.get(dashboard, {"year": "2547"}).context
    assert last_year["value"] == D("1458600.00") + D("3225600.00")  # ก.ค. and ธ.ค. 2547


def new_round_form(center, product, **extra):
    return {
        "title": "ซื้อปุ๋ยร่วมกัน รอบย้อนหลังทดสอบ",
        "center": str(center.pk),
        "supplier": str(Partner.objects.get(name=demo.FERTILIZER_COMPANY).pk),
        "minimum_total": "",
        "note": "",
        "delivery_terms": "",
        "opens_on": "1/7/2547",
        "opens_time": "09:00",
        "closes_on": "15/7/2547",
        "closes_time": "16:30",
        "recorded_afterwards": "on",
        "items-TOTAL_FORMS": "1",
        "items-INITIAL_FORMS": "0",
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "1000",
        "items-0-product": str(product.pk),
        "items-0-unit_price": "9350",
        "items-0-reference_price": "",
        **extra,
    }


@pytest.mark.parametrize("username", ["prov_coord", "admin"])
def test_the_federations_staff_and_admins_record_a_past_round(login, username):
    client = login(username)
    assert (
        "recorded_afterwards" in client.get(reverse("purchase_round_create")).context["form"].fields
    )
    fertilizer = Product.objects.get(name=demo.FERTILIZER)
    posted(client.post(reverse("purchase_round_create"), new_round_form(province(), fertilizer)))
    purchase_round = PurchaseRound.objects.get(title="ซื้อปุ๋ยร่วมกัน รอบย้อนหลังทดสอบ")
    assert purchase_round.recorded_afterwards_by.username == username
    assert purchase_round.items.get().reference_price == D("9800")  # the price of ก.ค. 2547
    [created] = purchase_round.events.all()
    assert created.at == purchase_round.opens_at and created.recorded_at is not None


@pytest.mark.parametrize("username", ["prov_marketing", "rattaphum_coord"])
def test_others_do_not_record_past_rounds(login, username):
    client = login(username)
    assert "recorded_afterwards" not in (
        client.get(reverse("purchase_round_create")).context["form"].fields
    )
    center = province() if username == "prov_marketing" else district(RATTAPHUM)
    fertilizer = Product.objects.get(name=demo.FERTILIZER)
    client.post(reverse("purchase_round_create"), new_round_form(center, fertilizer))
    purchase_round = PurchaseRound.objects.get(title="ซื้อปุ๋ยร่วมกัน รอบย้อนหลังทดสอบ")
    assert not purchase_round.recorded_afterwards  # an ordinary round: it cannot be opened
    step(client, purchase_round, "open", RoundStatus.DRAFT)
    with pytest.raises(services.RoundError, match="บันทึกย้อนหลัง"):
        services.transition(purchase_round, "open", User.objects.get(username=username))


def test_a_past_round_must_have_closed_before_it_is_recorded(login):
    client = login("prov_coord")
    fertilizer = Product.objects.get(name=demo.FERTILIZER)
    later = TODAY() + datetime.timedelta(days=3)
    response = client.post(
        reverse("purchase_round_create"),
        new_round_form(province(), fertilizer, closes_on=be(later)),
    )
    assert response.status_code == 200
    assert "รอบที่บันทึกย้อนหลังต้องปิดรับคำสั่งซื้อไปแล้ว" in response.content.decode()
    assert not PurchaseRound.objects.filter(title="ซื้อปุ๋ยร่วมกัน รอบย้อนหลังทดสอบ").exists()


@pytest.fixture
def past_round(login):
    """A past provincial round opened through its page, Rattaphum's order saved."""
    client = login("prov_coord")
    fertilizer = Product.objects.get(name=demo.FERTILIZER)
    posted(client.post(reverse("purchase_round_create"), new_round_form(province(), fertilizer)))
    purchase_round = PurchaseRound.objects.get(title="ซื้อปุ๋ยร่วมกัน รอบย้อนหลังทดสอบ")
    step(client, purchase_round, "open", RoundStatus.OPEN)
    item = purchase_round.items.get()
    group = active_groups(district(RATTAPHUM))[0]
    entry = reverse("purchase_order_entry", args=[purchase_round.pk, RATTAPHUM])
    posted(
        client.post(
            entry,
            {"version": "0", "submission_key": str(uuid.uuid4()), f"q_{group.pk}_{item.pk}": "20"},
        )
    )
    purchase_round.client, purchase_round.group = client, group
    return purchase_round


def test_the_timer_leaves_a_round_recorded_afterwards_alone(past_round):
    assert past_round.closes_at < timezone.now()
    done = services.run_schedule()
    past_round.refresh_from_db()
    assert past_round.status == RoundStatus.OPEN
    assert past_round not in done["closed"]


def test_a_past_rounds_districts_submit_within_its_dates(past_round):
    client = past_round.client
    submit = reverse("purchase_order_submit", args=[past_round.pk, RATTAPHUM])
    response = client.post(submit, {"version": "1", "submitted_on": "20/7/2547"}, follow=True)
    assert "ต้องอยู่ระหว่างวันที่เปิดและปิดรับคำสั่งซื้อของรอบ (1 ก.ค. 2547 ถึง 15 ก.ค. 2547)" in (
        response.content.decode()
    )
    response = client.post(submit, {"version": "1"}, follow=True)
    assert "กรุณาระบุวันที่อำเภอส่งคำสั่งซื้อ" in response.content.decode()
    order_ = DistrictOrder.objects.get(round=past_round)
    assert order_.status == OrderStatus.DRAFT
    posted(confirmed(client, submit, {"version": "1", "submitted_on": "14/7/2547"}))
    order_.refresh_from_db()
    assert timezone.localdate(order_.submitted_at) == datetime.date(2004, 7, 14)
    page = client.get(reverse("purchase_order_entry", args=[past_round.pk, RATTAPHUM]))
    assert "14 ก.ค. 2547 · บันทึกย้อนหลังโดย" in page.content.decode()


def test_a_past_round_is_ordered_on_a_day_after_its_close(past_round):
    client = past_round.client
    submit = reverse("purchase_order_submit", args=[past_round.pk, RATTAPHUM])
    posted(confirmed(client, submit, {"version": "1", "submitted_on": "14/7/2547"}))
    step(client, past_round, "close", RoundStatus.CLOSED)
    page = client.get(past_round.get_absolute_url()).content.decode()
    assert 'name="ordered_on"' in page  # the day of the supplier order is asked
    step(client, past_round, "order", RoundStatus.CLOSED)  # without it
    step(client, past_round, "order", RoundStatus.CLOSED, ordered_on="10/7/2547")
    response = client.post(
        reverse("purchase_round_transition", args=[past_round.pk]),
        {"action": "order", "note": "", "ordered_on": "10/7/2547"},
        follow=True,
    )
    assert "วันที่สั่งซื้อจากผู้จำหน่ายต้องไม่ก่อนวันที่ปิดรับคำสั่งซื้อ (15 ก.ค. 2547)" in (response.content.decode())
    tomorrow = be(TODAY() + datetime.timedelta(days=1))
    step(client, past_round, "order", RoundStatus.CLOSED, ordered_on=tomorrow)
    step(client, past_round, "order", RoundStatus.ORDERED, ordered_on="19/7/2547")
    assert past_round.ordered_on == datetime.date(2004, 7, 19)
    assert past_round.order_number.endswith("/2547")


def test_an_ordinary_round_is_ordered_today_whatever_date_is_sent(login):
    purchase_round = make_round(status=RoundStatus.CLOSED)
    with pytest.raises(services.RoundError, match="เฉพาะรอบที่บันทึกย้อนหลัง"):
        services.transition(
            purchase_round,
            "order",
            User.objects.get(username="prov_coord"),
            ordered_on=datetime.date(2004, 7, 19),
        )


# The chain of dates, in every round ----------------------------------------------------


@pytest.fixture
def ordered(login):
    """An ordinary round sent to the supplier ten days ago; Rattaphum ordered 10 t."""
    purchase_round = make_round(status=RoundStatus.ORDERED, items=[("ปุ๋ยทดสอบ", D("100"), None, [])])
    purchase_round.ordered_on = TODAY() - datetime.timedelta(days=10)
    purchase_round.save(update_fields=["ordered_on"])
    item = purchase_round.items.get()
    group = active_groups(district(RATTAPHUM))[0]
    order(purchase_round, district(RATTAPHUM), {(group, item): D("10")})
    purchase_round.item, purchase_round.group = item, group
    return purchase_round


def deliver(client, purchase_round, day, quantity="10"):
    return client.post(
        reverse("purchase_deliveries", args=[purchase_round.pk]),
        {
            "form": "delivery",
            "delivery-center": str(district(RATTAPHUM).pk),
            "delivery-item": str(purchase_round.item.pk),
            "delivery-delivered_on": be(day),
            "delivery-quantity": quantity,
            "delivery-submission_key": str(uuid.uuid4()),
        },
    )


def pick_up(client, purchase_round, day, quantity="10"):
    return client.post(
        reverse("purchase_district_receiving", args=[purchase_round.pk, RATTAPHUM]),
        {
            "form": "pickup",
            "pickup-organization": str(purchase_round.group.pk),
            "pickup-item": str(purchase_round.item.pk),
            "pickup-picked_up_on": be(day),
            "pickup-quantity": quantity,
            "pickup-submission_key": str(uuid.uuid4()),
        },
    )


def pay(client, purchase_round, day):
    return client.post(
        reverse("purchase_district_receiving", args=[purchase_round.pk, RATTAPHUM]),
        {
            "form": "payment",
            "payment-organization": str(purchase_round.group.pk),
            "payment-paid_on": be(day),
            "payment-amount": "500",
            "payment-submission_key": str(uuid.uuid4()),
        },
    )


def test_a_delivery_dated_before_the_supplier_order_is_refused(login):
    """The issue's case: a delivery dated 2547 on a round ordered today."""
    purchase_round = make_round(status=RoundStatus.CLOSED)
    group = active_groups(district(RATTAPHUM))[0]
    item = purchase_round.items.get()
    order(purchase_round, district(RATTAPHUM), {(group, item): D("10")})
    client = login("prov_coord")
    step(client, purchase_round, "order", RoundStatus.ORDERED)
    assert purchase_round.ordered_on == TODAY()
    purchase_round.item, purchase_round.group = item, group
    response = deliver(client, purchase_round, datetime.date(2004, 7, 26))
    assert response.status_code == 200
    assert f"วันที่ส่งมอบต้องไม่ก่อนวันที่สั่งซื้อจากผู้จำหน่าย ({thai.be_date(TODAY())})" in (
        response.content.decode()
    )
    assert not Delivery.objects.filter(round=purchase_round).exists()
    posted(deliver(client, purchase_round, TODAY()))


def test_nothing_is_dated_in_the_future(login, ordered):
    client = login("rattaphum_coord")
    tomorrow = TODAY() + datetime.timedelta(days=1)
    response = deliver(client, ordered, tomorrow)
    assert "วันที่ส่งมอบต้องไม่เป็นวันในอนาคต" in response.content.decode()
    posted(deliver(client, ordered, TODAY() - datetime.timedelta(days=5)))
    response = pick_up(client, ordered, tomorrow)
    assert "วันที่รับสินค้าต้องไม่เป็นวันในอนาคต" in response.content.decode()
    response = pay(client, ordered, tomorrow)
    assert "วันที่ชำระต้องไม่เป็นวันในอนาคต" in response.content.decode()
    assert not Pickup.objects.filter(round=ordered).exists()
    assert not Payment.objects.filter(round=ordered).exists()


def test_a_pickup_comes_after_the_goods_reached_the_center(login, ordered):
    client = login("rattaphum_coord")
    five_days_ago = TODAY() - datetime.timedelta(days=5)
    posted(deliver(client, ordered, five_days_ago, "6"))
    posted(deliver(client, ordered, TODAY() - datetime.timedelta(days=2), "4"))
    response = pick_up(client, ordered, TODAY() - datetime.timedelta(days=7), "6")
    assert response.status_code == 200
    page = response.content.decode()
    assert "กลุ่มรับสินค้าได้ไม่ก่อนวันที่ผู้จำหน่ายส่งมอบถึงศูนย์" in page
    assert "ให้รับได้ 0.00 ตัน" in page
    # Five days ago the center held 6 t, not the 10 t it holds now.
    response = pick_up(client, ordered, five_days_ago, "10")
    assert "ให้รับได้ 6.00 ตัน" in response.content.decode()
    assert not Pickup.objects.filter(round=ordered).exists()
    posted(pick_up(client, ordered, five_days_ago, "6"))
    posted(pick_up(client, ordered, TODAY(), "4"))
    assert Pickup.objects.filter(round=ordered).count() == 2


def test_a_payment_comes_after_the_supplier_order(login, ordered):
    client = login("rattaphum_coord")
    response = pay(client, ordered, ordered.ordered_on - datetime.timedelta(days=1))
    assert response.status_code == 200
    assert "วันที่ชำระต้องไม่ก่อนวันที่สั่งซื้อจากผู้จำหน่าย" in response.content.decode()
    assert not Payment.objects.filter(round=ordered).exists()
    posted(pay(client, ordered, ordered.ordered_on))
    province_client = login("prov_coord")
    response = province_client.post(
        reverse("purchase_deliveries", args=[ordered.pk]),
        {
            "form": "payment",
            "payment-center": str(district(RATTAPHUM).pk),
            "payment-paid_on": "1/1/2548",
            "payment-amount": "500",
            "payment-submission_key": str(uuid.uuid4()),
        },
    )
    assert "วันที่ชำระต้องไม่ก่อนวันที่สั่งซื้อจากผู้จำหน่าย" in response.content.decode()
    assert Payment.objects.filter(round=ordered).count() == 1
