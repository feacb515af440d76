"""The joint-purchasing demo data (demo/purchases.py, seeded by seed_demo): the
network's recorded purchases, the 2548 target, and the rounds open now."""

import datetime
from decimal import Decimal
from unittest import mock

import pytest
from django.apps import apps
from django.core.serializers import serialize
from django.utils import timezone

from centers.models import Center, CenterLevel, Membership, MembershipStatus
from demo import purchases as demo
from demo.seed import seed_demo
from transactions.catalogue.models import Partner, PartnerLocation
from transactions.purchases.models import (
    OrderLine,
    OrderStatus,
    PaymentKind,
    PurchaseRound,
    PurchaseTarget,
    RoundStatus,
)
from transactions.purchases.selectors import round_figures

pytestmark = pytest.mark.usefixtures("demo")

# title: (product, total, achieved price, Rattaphum's amount, Hat Yai's amount, order number)
SETTLED = {
    "ซื้อปุ๋ยร่วมกัน รอบเดือนกรกฎาคม 2547": (
        "ปุ๋ยเคมีสูตร 15-15-15",
        "156",
        "9350",
        "897600",
        "561000",
        "1/2547",
    ),
    "ซื้อข้าวสารร่วมกัน รอบเดือนธันวาคม 2547": (
        "ข้าวสารหอมมะลิ",
        "192",
        "16800",
        "1881600",
        "1344000",
        "2/2547",
    ),
    "ซื้อปุ๋ยร่วมกัน รอบเดือนมีนาคม 2548": (
        "ปุ๋ยเคมีสูตร 15-15-15",
        "1000",
        "9600",
        "5568000",
        "4032000",
        "1/2548",
    ),
}
STATES = ["draft", "open", "closed", "ordered", "delivered", "settled"]


def district_center(code: str) -> Center:
    return Center.objects.get(level=CenterLevel.DISTRICT, district__code=code)


@pytest.mark.parametrize("title", list(SETTLED))
def test_the_recorded_purchases_are_settled_rounds(title):
    product, total, price, rattaphum, hatyai, number = SETTLED[title]
    purchase_round = PurchaseRound.objects.get(title=title)
    assert purchase_round.is_provincial
    assert purchase_round.status == RoundStatus.SETTLED
    assert purchase_round.order_number == number and purchase_round.ordered_on

    figures = round_figures(purchase_round)
    [item] = figures.items
    assert item.product.name == product
    assert item.total == Decimal(total)
    assert item.price == Decimal(price)
    assert item.savings > 0  # the reference price is higher than what the round paid
    assert figures.outstanding == 0
    assert figures.groups_outstanding == 0
    assert figures.delivery_complete and figures.pickup_complete and figures.paid_in_full
    assert figures.district(district_center("9009").pk).amount == Decimal(rattaphum)
    assert figures.district(district_center("9011").pk).amount == Decimal(hatyai)
    assert figures.amount == Decimal(rattaphum) + Decimal(hatyai)
    assert {order.status for order in purchase_round.orders.all()} == {OrderStatus.SUBMITTED}
    assert purchase_round.payments.filter(kind=PaymentKind.DISTRICT).count() == 2

    events = list(purchase_round.events.order_by("at"))
    assert [event.to_status for event in events] == STATES
    assert [event.from_status for event in events] == ["", *STATES[:-1]]
    assert all(event.by.username == "prov_coord" for event in events)


@pytest.mark.parametrize("title", list(SETTLED))
def test_the_recorded_purchases_were_entered_afterwards_with_their_real_dates(title):
    """As the pages record a past round: marked with who entered it and when, every state
    change dated when it happened, and the dates following one another."""
    purchase_round = PurchaseRound.objects.get(title=title)
    assert purchase_round.recorded_afterwards_by.username == "prov_coord"
    entered = purchase_round.recorded_afterwards_at
    assert purchase_round.closes_at < entered
    for event in purchase_round.events.all():
        assert event.at < event.recorded_at == entered
    day = timezone.localdate
    for order in purchase_round.orders.all():
        assert purchase_round.opens_at <= order.submitted_at <= purchase_round.closes_at
    closed = purchase_round.events.get(to_status=RoundStatus.CLOSED).at
    assert day(closed) <= purchase_round.ordered_on
    deliveries = list(purchase_round.deliveries.all())
    for delivery in deliveries:
        assert purchase_round.ordered_on <= delivery.delivered_on
    for pickup in purchase_round.pickups.select_related("organization"):
        center = Membership.objects.get(
            organization=pickup.organization, center__level=CenterLevel.DISTRICT
        ).center_id
        reached = min(d.delivered_on for d in deliveries if d.center_id == center)
        assert reached <= pickup.picked_up_on
    for payment in purchase_round.payments.all():
        assert purchase_round.ordered_on <= payment.paid_on
    settled = purchase_round.events.get(to_status=RoundStatus.SETTLED).at
    assert max(p.paid_on for p in purchase_round.payments.all()) <= day(settled)


def test_march_2548_reached_the_500_ton_tier():
    purchase_round = PurchaseRound.objects.get(title="ซื้อปุ๋ยร่วมกัน รอบเดือนมีนาคม 2548")
    [item] = round_figures(purchase_round).items
    assert item.tier.min_quantity == Decimal("500")
    assert item.item.unit_price == Decimal("9900")


def test_every_ordering_group_is_an_active_member_of_its_district_center():
    for line in OrderLine.objects.select_related("order", "organization"):
        assert Membership.objects.filter(
            organization=line.organization,
            center=line.order.center,
            status=MembershipStatus.ACTIVE,
        ).exists(), line


def test_the_2548_fertilizer_target():
    target = PurchaseTarget.objects.get(product__name="ปุ๋ยเคมีสูตร 15-15-15", year=2005)
    assert target.quantity == Decimal("5000")
    assert target.be_year == 2548
    assert target.note == "แผนซื้อปุ๋ยร่วมกันปี 2548"


def test_the_partners_on_the_network_map():
    locations = dict(Partner.objects.values_list("name", "location"))
    assert locations[demo.FERTILIZER_COMPANY] == PartnerLocation.OUTSIDE_PROVINCE
    assert locations[demo.RICE_MILL] == PartnerLocation.WITHIN
    assert locations[demo.ACID_DEALER] == PartnerLocation.OUTSIDE
    assert Partner.objects.get(name=demo.RICE_MILL).organization.name == "สหกรณ์การเกษตรระโนด จำกัด"


def test_the_open_provincial_round_has_orders_from_both_districts():
    purchase_round = PurchaseRound.objects.get(title=demo.OPEN_ROUND)
    assert purchase_round.is_provincial
    assert purchase_round.accepts_orders
    assert purchase_round.opens_at < timezone.now() < purchase_round.closes_at
    assert timezone.localtime(purchase_round.closes_at).time() == datetime.time(16, 30)

    orders = {order.center.district.code: order for order in purchase_round.orders.all()}
    assert orders["9009"].status == OrderStatus.DRAFT
    assert orders["9009"].updated_by.username == "rattaphum_coord"
    assert orders["9011"].status == OrderStatus.SUBMITTED
    assert orders["9011"].submitted_by.username == "hatyai_coord"
    rattaphum_groups = set(orders["9009"].lines.values_list("organization__name", flat=True))
    hatyai_groups = set(orders["9011"].lines.values_list("organization__name", flat=True))
    assert len(rattaphum_groups) == 4 and len(hatyai_groups) == 3
    assert "กลุ่มออมทรัพย์เพื่อการผลิตบ้านคูหาใต้" in rattaphum_groups  # group_rep's group

    # While the round is open, drafts count: 320 t reaches the 200 t tier.
    figures = round_figures(purchase_round)
    by_product = {item.product.name: item for item in figures.items}
    fertilizer = by_product["ปุ๋ยเคมีสูตร 15-15-15"]
    assert fertilizer.total == Decimal("320")
    assert fertilizer.price == Decimal("15600")
    assert fertilizer.next_tier.min_quantity == Decimal("500")
    assert by_product["ปุ๋ยยูเรีย 46-0-0"].total == Decimal("900")
    assert by_product["ปุ๋ยยูเรีย 46-0-0"].price == Decimal("890")


def test_rattaphum_buys_formic_acid_in_its_own_round():
    purchase_round = PurchaseRound.objects.get(title=demo.ACID_ROUND)
    rattaphum = district_center("9009")
    assert not purchase_round.is_provincial
    assert purchase_round.center == rattaphum
    assert purchase_round.created_by.username == "rattaphum_coord"
    assert purchase_round.accepts_orders
    assert purchase_round.supplier.name == demo.ACID_DEALER
    [order] = purchase_round.orders.all()
    assert order.center == rattaphum and order.status == OrderStatus.DRAFT
    names = set(order.lines.values_list("organization__name", flat=True))
    assert len(names) == 2 and all(name.startswith("สหกรณ์กองทุนสวนยาง") for name in names)

    figures = round_figures(purchase_round)
    assert [district.center for district in figures.districts] == [rattaphum]
    [item] = figures.items
    assert item.product.name == "น้ำกรดฟอร์มิก"
    assert item.total == Decimal("2100")
    assert figures.amount == Decimal("117600")


def transactions_snapshot() -> str:
    return "".join(
        serialize("json", model.objects.order_by("pk"))
        for label in ("catalogue", "transactions")
        for model in apps.get_app_config(label).get_models()
    )


def test_seeding_again_later_changes_nothing():
    """A second run, even weeks later, neither writes nor records history nor moves the
    open rounds' dates."""
    before = transactions_snapshot()
    later = timezone.localdate() + datetime.timedelta(days=30)
    with mock.patch.object(demo.timezone, "localdate", return_value=later):
        seed_demo()
    assert transactions_snapshot() == before
