"""The past in its real dates: a round that already happened, entered afterwards through
the pages by the federation's staff, runs on its own dates (opening, closing, the
districts' submissions, the supplier order, deliveries, pickups, payments) and says who
entered it and when. The dates of every round follow one another: a delivery not before
the supplier order, a pickup not before the goods reached the center, a payment not
before the order, nothing in the future. (The demo's report purchases, entered again
through the pages and landing in their months: tests/demo/test_purchase_past_demo.py.)"""

import datetime
import html
import re
import uuid
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from songkhla_network import thai
from transactions.purchases import services
from transactions.purchases.models import (
    Delivery,
    DistrictOrder,
    OrderStatus,
    Payment,
    Pickup,
    PurchaseRound,
    RoundStatus,
)

from ..factories import (
    CommitteeFactory,
    DistrictCenterFactory,
    ProductFactory,
    PurchaseRoundFactory,
    ReferencePriceFactory,
    SupplierFactory,
    admin_user,
    member_groups,
    order,
    priced,
    province,
    seat_user,
    staff_user,
)

D = Decimal
TODAY = timezone.localdate
pytestmark = pytest.mark.django_db


# A district center of the test's own (standing for Rattaphum), one of its member groups,
# its coordinator, and the provincial center's staff (the federation's marketing
# department).


@pytest.fixture
def rattaphum():
    return DistrictCenterFactory()


@pytest.fixture
def group(rattaphum):
    return member_groups(rattaphum, 1)[0]


@pytest.fixture
def prov_coord():
    return staff_user(province())


def signed_in(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def fertilizer():
    """A fertilizer whose reference price was 9,800 baht from ก.ค. 2547, 10,400 from
    มี.ค. 2548 and 16,500 from พ.ย. 2569."""
    product = ProductFactory(name="ปุ๋ยเคมีทดสอบย้อนหลัง")
    for effective_on, price in [
        (datetime.date(2004, 7, 1), D("9800")),
        (datetime.date(2005, 3, 1), D("10400")),
        (datetime.date(2026, 11, 1), D("16500")),
    ]:
        ReferencePriceFactory(product=product, effective_on=effective_on, price=price)
    return product


def be(day: datetime.date) -> str:
    """A date as a Thai user types it: 1/7/2547."""
    return thai.be_date(day, "numeric")


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


def new_round_form(center, product, **extra):
    return {
        "title": "ซื้อปุ๋ยร่วมกัน รอบย้อนหลังทดสอบ",
        "center": str(center.pk),
        "supplier": str(SupplierFactory().pk),
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


def marketing_chair():
    """The chair of the provincial center's marketing subcommittee."""
    return seat_user(CommitteeFactory(center=province(), kind="marketing"), "chair")


def district_coordinator():
    """A district center's coordinator, and the center."""
    center = DistrictCenterFactory()
    return staff_user(center), center


# Who may record a past round; who may not, with the center each one opens a round for.
RECORDERS = {"prov_coord": lambda: staff_user(province()), "admin": admin_user}
OTHERS = {
    "prov_marketing": lambda: (marketing_chair(), province()),
    "rattaphum_coord": district_coordinator,
}


@pytest.mark.parametrize("role", list(RECORDERS))
def test_the_federations_staff_and_admins_record_a_past_round(client, fertilizer, role):
    user = RECORDERS[role]()
    client = signed_in(client, user)
    assert (
        "recorded_afterwards" in client.get(reverse("purchase_round_create")).context["form"].fields
    )
    posted(client.post(reverse("purchase_round_create"), new_round_form(province(), fertilizer)))
    purchase_round = PurchaseRound.objects.get(title="ซื้อปุ๋ยร่วมกัน รอบย้อนหลังทดสอบ")
    assert purchase_round.recorded_afterwards_by == user
    assert purchase_round.items.get().reference_price == D("9800")  # the price of ก.ค. 2547
    [created] = purchase_round.events.all()
    assert created.at == purchase_round.opens_at and created.recorded_at is not None


@pytest.mark.parametrize("role", list(OTHERS))
def test_others_do_not_record_past_rounds(client, fertilizer, role):
    user, center = OTHERS[role]()
    client = signed_in(client, user)
    assert "recorded_afterwards" not in (
        client.get(reverse("purchase_round_create")).context["form"].fields
    )
    client.post(reverse("purchase_round_create"), new_round_form(center, fertilizer))
    purchase_round = PurchaseRound.objects.get(title="ซื้อปุ๋ยร่วมกัน รอบย้อนหลังทดสอบ")
    assert not purchase_round.recorded_afterwards  # an ordinary round: it cannot be opened
    step(client, purchase_round, "open", RoundStatus.DRAFT)
    with pytest.raises(services.RoundError, match="บันทึกย้อนหลัง"):
        services.transition(purchase_round, "open", user)


def test_a_past_round_must_have_closed_before_it_is_recorded(client, fertilizer, prov_coord):
    client = signed_in(client, prov_coord)
    later = TODAY() + datetime.timedelta(days=3)
    response = client.post(
        reverse("purchase_round_create"),
        new_round_form(province(), fertilizer, closes_on=be(later)),
    )
    assert response.status_code == 200
    assert "รอบที่บันทึกย้อนหลังต้องปิดรับคำสั่งซื้อไปแล้ว" in response.content.decode()
    assert not PurchaseRound.objects.filter(title="ซื้อปุ๋ยร่วมกัน รอบย้อนหลังทดสอบ").exists()


@pytest.fixture
def past_round(client, fertilizer, prov_coord, rattaphum, group):
    """A past provincial round opened through its page, Rattaphum's order saved."""
    client = signed_in(client, prov_coord)
    posted(client.post(reverse("purchase_round_create"), new_round_form(province(), fertilizer)))
    purchase_round = PurchaseRound.objects.get(title="ซื้อปุ๋ยร่วมกัน รอบย้อนหลังทดสอบ")
    step(client, purchase_round, "open", RoundStatus.OPEN)
    item = purchase_round.items.get()
    code = rattaphum.district.code
    entry = reverse("purchase_order_entry", args=[purchase_round.pk, code])
    posted(
        client.post(
            entry,
            {"version": "0", "submission_key": str(uuid.uuid4()), f"q_{group.pk}_{item.pk}": "20"},
        )
    )
    purchase_round.client, purchase_round.group, purchase_round.code = client, group, code
    return purchase_round


def test_the_timer_leaves_a_round_recorded_afterwards_alone(past_round):
    assert past_round.closes_at < timezone.now()
    done = services.run_schedule()
    past_round.refresh_from_db()
    assert past_round.status == RoundStatus.OPEN
    assert past_round not in done["closed"]


def test_a_past_rounds_districts_submit_within_its_dates(past_round):
    client = past_round.client
    submit = reverse("purchase_order_submit", args=[past_round.pk, past_round.code])
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
    page = client.get(reverse("purchase_order_entry", args=[past_round.pk, past_round.code]))
    assert "14 ก.ค. 2547 · บันทึกย้อนหลังโดย" in page.content.decode()


def test_a_past_round_is_ordered_on_a_day_after_its_close(past_round):
    client = past_round.client
    submit = reverse("purchase_order_submit", args=[past_round.pk, past_round.code])
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


def test_an_ordinary_round_is_ordered_today_whatever_date_is_sent(prov_coord):
    purchase_round = PurchaseRoundFactory(status=RoundStatus.CLOSED)
    with pytest.raises(services.RoundError, match="เฉพาะรอบที่บันทึกย้อนหลัง"):
        services.transition(
            purchase_round,
            "order",
            prov_coord,
            ordered_on=datetime.date(2004, 7, 19),
        )


# The chain of dates, in every round ----------------------------------------------------


@pytest.fixture
def ordered(rattaphum, group):
    """An ordinary round sent to the supplier ten days ago; Rattaphum ordered 10 t."""
    purchase_round = PurchaseRoundFactory(
        status=RoundStatus.ORDERED, items=[priced("ปุ๋ยทดสอบ", D("100"))]
    )
    purchase_round.ordered_on = TODAY() - datetime.timedelta(days=10)
    purchase_round.save(update_fields=["ordered_on"])
    item = purchase_round.items.get()
    order(purchase_round, rattaphum, {(group, item): D("10")})
    purchase_round.item, purchase_round.group = item, group
    purchase_round.rattaphum = rattaphum
    return purchase_round


def deliver(client, purchase_round, day, quantity="10"):
    return client.post(
        reverse("purchase_deliveries", args=[purchase_round.pk]),
        {
            "form": "delivery",
            "delivery-center": str(purchase_round.rattaphum.pk),
            "delivery-item": str(purchase_round.item.pk),
            "delivery-delivered_on": be(day),
            "delivery-quantity": quantity,
            "delivery-submission_key": str(uuid.uuid4()),
        },
    )


def receiving(purchase_round):
    code = purchase_round.rattaphum.district.code
    return reverse("purchase_district_receiving", args=[purchase_round.pk, code])


def pick_up(client, purchase_round, day, quantity="10"):
    return client.post(
        receiving(purchase_round),
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
        receiving(purchase_round),
        {
            "form": "payment",
            "payment-organization": str(purchase_round.group.pk),
            "payment-paid_on": be(day),
            "payment-amount": "500",
            "payment-submission_key": str(uuid.uuid4()),
        },
    )


def test_a_delivery_dated_before_the_supplier_order_is_refused(
    client, rattaphum, group, prov_coord
):
    """The issue's case: a delivery dated 2547 on a round ordered today."""
    purchase_round = PurchaseRoundFactory(status=RoundStatus.CLOSED)
    item = purchase_round.items.get()
    order(purchase_round, rattaphum, {(group, item): D("10")})
    client = signed_in(client, prov_coord)
    step(client, purchase_round, "order", RoundStatus.ORDERED)
    assert purchase_round.ordered_on == TODAY()
    purchase_round.item, purchase_round.group = item, group
    purchase_round.rattaphum = rattaphum
    response = deliver(client, purchase_round, datetime.date(2004, 7, 26))
    assert response.status_code == 200
    assert f"วันที่ส่งมอบต้องไม่ก่อนวันที่สั่งซื้อจากผู้จำหน่าย ({thai.be_date(TODAY())})" in (
        response.content.decode()
    )
    assert not Delivery.objects.filter(round=purchase_round).exists()
    posted(deliver(client, purchase_round, TODAY()))


def test_nothing_is_dated_in_the_future(client, rattaphum, ordered):
    client = signed_in(client, staff_user(rattaphum))
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


def test_a_pickup_comes_after_the_goods_reached_the_center(client, rattaphum, ordered):
    client = signed_in(client, staff_user(rattaphum))
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


def test_a_payment_comes_after_the_supplier_order(client, rattaphum, ordered, prov_coord):
    client = signed_in(client, staff_user(rattaphum))
    response = pay(client, ordered, ordered.ordered_on - datetime.timedelta(days=1))
    assert response.status_code == 200
    assert "วันที่ชำระต้องไม่ก่อนวันที่สั่งซื้อจากผู้จำหน่าย" in response.content.decode()
    assert not Payment.objects.filter(round=ordered).exists()
    posted(pay(client, ordered, ordered.ordered_on))
    province_client = signed_in(client, prov_coord)
    response = province_client.post(
        reverse("purchase_deliveries", args=[ordered.pk]),
        {
            "form": "payment",
            "payment-center": str(rattaphum.pk),
            "payment-paid_on": "1/1/2548",
            "payment-amount": "500",
            "payment-submission_key": str(uuid.uuid4()),
        },
    )
    assert "วันที่ชำระต้องไม่ก่อนวันที่สั่งซื้อจากผู้จำหน่าย" in response.content.decode()
    assert Payment.objects.filter(round=ordered).count() == 1
