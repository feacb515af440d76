"""Joint purchase rules: tier pricing, the state machine, orders, allocation, settlement."""

import datetime
import uuid
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from zeal import zeal_ignore

from centers.models import MembershipStatus
from transactions.common.money import split_in_proportion
from transactions.purchases import selectors, services
from transactions.purchases.models import (
    Allocation,
    Delivery,
    DistrictOrder,
    OrderLine,
    OrderStatus,
    Payment,
    PaymentKind,
    Pickup,
    PurchaseRound,
    RoundEvent,
    RoundStatus,
)

from ..factories import (
    DeliveryFactory,
    DistrictCenterFactory,
    MembershipFactory,
    PaymentFactory,
    PickupFactory,
    ProductFactory,
    PurchaseRoundFactory,
    RoundItemFactory,
    SupplierFactory,
    chair_user,
    member_groups,
    order,
    priced,
    province,
    staff_user,
)

D = Decimal
pytestmark = pytest.mark.django_db


# Two district centers of the test's own (standing for Rattaphum and Hat Yai), their active
# member groups, their coordinators and the provincial center's marketing staff.


@pytest.fixture
def rattaphum():
    return DistrictCenterFactory()


@pytest.fixture
def hatyai():
    return DistrictCenterFactory()


@pytest.fixture
def groups(rattaphum):
    return member_groups(rattaphum, 3)


@pytest.fixture
def hatyai_groups(hatyai):
    return member_groups(hatyai, 1)


@pytest.fixture
def coordinator(rattaphum):
    return staff_user(rattaphum)


@pytest.fixture
def prov_coord():
    return staff_user(province())


def signed_in(client, user):
    client.force_login(user)
    return client


# Tier pricing -------------------------------------------------------------------------


def test_everyone_pays_the_tier_the_round_total_reaches(rattaphum, hatyai, groups, hatyai_groups):
    purchase_round = PurchaseRoundFactory(
        items=[
            priced(
                "ปุ๋ยทดสอบ",
                D("15000"),
                D("16000"),
                [(D("100"), D("14500")), (D("300"), D("14000"))],
            )
        ]
    )
    item = purchase_round.items.get()
    r1, r2 = groups[:2]
    h1 = hatyai_groups[0]
    order(purchase_round, rattaphum, {(r1, item): D("40"), (r2, item): D("30")})
    figures = selectors.round_figures(purchase_round)
    assert figures.items[0].total == D("70")
    assert figures.items[0].price == D("15000")  # below the first tier
    assert figures.items[0].tier is None

    order(purchase_round, hatyai, {(h1, item): D("50")})
    figures = selectors.round_figures(purchase_round)
    f = figures.items[0]
    assert f.total == D("120")
    assert f.price == D("14500")  # 120 t reaches the 100 t tier: for everyone
    assert f.tier.min_quantity == D("100")
    assert f.next_tier.min_quantity == D("300")
    group = figures.groups[r1.pk]
    assert group.amount == D("40") * D("14500")
    assert group.savings == D("40") * (D("16000") - D("14500"))
    assert figures.amount == D("120") * D("14500")
    assert figures.savings == D("120") * D("1500")
    rattaphum_figures = figures.district(rattaphum.pk)
    assert rattaphum_figures.amount == D("70") * D("14500")
    assert rattaphum_figures.savings == D("70") * D("1500")


def test_after_the_close_only_submitted_district_orders_count(
    rattaphum, hatyai, groups, hatyai_groups
):
    purchase_round = PurchaseRoundFactory()
    item = purchase_round.items.get()
    order(purchase_round, rattaphum, {(groups[0], item): D("10")})
    order(
        purchase_round,
        hatyai,
        {(hatyai_groups[0], item): D("5")},
        status=OrderStatus.DRAFT,
    )
    assert selectors.round_figures(purchase_round).items[0].total == D("15")  # open: projected
    purchase_round.status = RoundStatus.CLOSED
    purchase_round.save()
    figures = selectors.round_figures(purchase_round)
    assert figures.items[0].total == D("10")
    assert not figures.district(hatyai.pk).counted


# The state machine --------------------------------------------------------------------


def test_round_moves_through_its_states_and_records_who_when_and_why(prov_coord):
    purchase_round = PurchaseRoundFactory(status=RoundStatus.DRAFT)
    coordinator = prov_coord
    services.transition(purchase_round, "open", coordinator, "เริ่มรับคำสั่งซื้อ")
    services.transition(purchase_round, "close", coordinator)
    with pytest.raises(services.RoundError, match="เหตุผล"):
        services.transition(purchase_round, "reopen", coordinator, "  ")
    services.transition(purchase_round, "reopen", coordinator, "หาดใหญ่ขอเพิ่มยอด")
    purchase_round.refresh_from_db()
    assert purchase_round.status == RoundStatus.OPEN
    events = list(RoundEvent.objects.filter(round=purchase_round))
    assert [(e.from_status, e.to_status) for e in events] == [
        ("draft", "open"),
        ("open", "closed"),
        ("closed", "open"),
    ]
    assert events[0].by == coordinator and events[0].note == "เริ่มรับคำสั่งซื้อ"
    assert events[2].note == "หาดใหญ่ขอเพิ่มยอด"
    assert events[0].at <= events[2].at


def test_impossible_transitions_are_refused_in_thai(prov_coord):
    purchase_round = PurchaseRoundFactory(status=RoundStatus.DRAFT)
    with pytest.raises(services.RoundError, match="สถานะ “ร่าง”"):
        services.transition(purchase_round, "close", prov_coord)
    empty = PurchaseRoundFactory(status=RoundStatus.DRAFT, items=[])
    with pytest.raises(services.RoundError, match="ยังไม่มีสินค้า"):
        services.transition(empty, "open", prov_coord)
    with pytest.raises(services.RoundError, match="ไม่รู้จัก"):
        services.transition(purchase_round, "explode", prov_coord)


def test_round_below_its_minimum_is_not_sent_to_the_supplier(rattaphum, groups, prov_coord):
    purchase_round = PurchaseRoundFactory(status=RoundStatus.CLOSED, minimum_total=D("1000000"))
    item = purchase_round.items.get()
    order(purchase_round, rattaphum, {(groups[0], item): D("10")})
    with pytest.raises(services.RoundError, match="ต่ำกว่ายอดขั้นต่ำ 1,000,000.00 บาท"):
        services.transition(purchase_round, "order", prov_coord)
    purchase_round.refresh_from_db()
    assert purchase_round.status == RoundStatus.CLOSED


def test_ordering_needs_a_supplier_and_numbers_the_purchase_order(rattaphum, groups, prov_coord):
    purchase_round = PurchaseRoundFactory(status=RoundStatus.CLOSED, supplier=None)
    item = purchase_round.items.get()
    order(purchase_round, rattaphum, {(groups[0], item): D("10")})
    with pytest.raises(services.RoundError, match="ผู้จำหน่าย"):
        services.transition(purchase_round, "order", prov_coord)
    purchase_round.supplier = SupplierFactory()
    purchase_round.save()
    services.transition(purchase_round, "order", prov_coord)
    purchase_round.refresh_from_db()
    assert purchase_round.status == RoundStatus.ORDERED
    year = timezone.localdate().year + 543
    assert purchase_round.order_number.endswith(f"/{year}")


def test_a_round_settles_only_when_delivered_picked_up_and_paid(rattaphum, groups, prov_coord):
    purchase_round = PurchaseRoundFactory(
        status=RoundStatus.ORDERED, items=[priced("ปุ๋ยทดสอบ", D("100"))]
    )
    item = purchase_round.items.get()
    group = groups[0]
    order(purchase_round, rattaphum, {(group, item): D("10")})
    coordinator = prov_coord
    with pytest.raises(services.RoundError, match="ยังส่งมอบไม่ครบ: ปุ๋ยทดสอบ อีก 10.00 ตัน"):
        services.transition(purchase_round, "deliver", coordinator)
    today = timezone.localdate()
    DeliveryFactory(
        round=purchase_round, item=item, center=rattaphum, delivered_on=today, quantity=D("6")
    )
    DeliveryFactory(
        round=purchase_round, item=item, center=rattaphum, delivered_on=today, quantity=D("4")
    )
    services.transition(purchase_round, "deliver", coordinator)
    with pytest.raises(services.RoundError, match="ยังไม่ได้รับสินค้าครบ"):
        services.transition(purchase_round, "settle", coordinator)
    PickupFactory(
        round=purchase_round, item=item, organization=group, picked_up_on=today, quantity=D("10")
    )
    with pytest.raises(services.RoundError, match="ค้างชำระ 1,000.00 บาท"):
        services.transition(purchase_round, "settle", coordinator)
    PaymentFactory(
        round=purchase_round,
        kind=PaymentKind.GROUP,
        center=rattaphum,
        organization=group,
        paid_on=today,
        amount=D("1000"),
    )
    with pytest.raises(services.RoundError, match="ค้างชำระ 1,000.00 บาท"):
        services.transition(purchase_round, "settle", coordinator)  # the district still owes
    PaymentFactory(
        round=purchase_round,
        kind=PaymentKind.DISTRICT,
        center=rattaphum,
        paid_on=today,
        amount=D("1000"),
    )
    services.transition(purchase_round, "settle", coordinator)
    figures = selectors.round_figures(purchase_round)
    assert figures.outstanding == 0 and figures.delivery_complete and figures.pickup_complete


# Orders -------------------------------------------------------------------------------


def _grid_post(purchase_round, center, values, version, key=None):
    data = {"version": str(version), "submission_key": str(key or uuid.uuid4())}
    for (organization, item), value in values.items():
        data[f"q_{organization.pk}_{item.pk}"] = value
    return data


def _entry_url(purchase_round, center):
    return reverse("purchase_order_entry", args=[purchase_round.pk, center.district.code])


def test_coordinator_saves_quantities_typed_with_thai_digits(
    client, rattaphum, groups, coordinator
):
    client = signed_in(client, coordinator)
    purchase_round = PurchaseRoundFactory()
    item = purchase_round.items.get()
    g1, g2 = groups[:2]
    response = client.post(
        _entry_url(purchase_round, rattaphum),
        _grid_post(purchase_round, None, {(g1, item): "๑๒.๕", (g2, item): "1,000"}, 0),
    )
    assert response.status_code == 302
    lines = {
        line.organization_id: line.quantity
        for line in OrderLine.objects.filter(order__round=purchase_round)
    }
    assert lines == {g1.pk: D("12.5"), g2.pk: D("1000")}
    page = client.get(_entry_url(purchase_round, rattaphum)).content.decode()
    assert "บันทึกคำสั่งซื้อแล้ว" in page
    assert "1,012.50" in page  # the district's column total


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("1.234", "ทศนิยมได้ไม่เกิน 2 ตำแหน่ง"),
        ("-5", "ต้องไม่ติดลบ"),
        ("สิบ", "กรุณากรอกเป็นตัวเลข"),
    ],
)
def test_a_bad_cell_saves_nothing_and_says_why_next_to_it(
    client, rattaphum, groups, coordinator, typed, message
):
    client = signed_in(client, coordinator)
    purchase_round = PurchaseRoundFactory()
    item = purchase_round.items.get()
    g1, g2 = groups[:2]
    response = client.post(
        _entry_url(purchase_round, rattaphum),
        _grid_post(purchase_round, None, {(g1, item): "5", (g2, item): typed}, 0),
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert f'id="err-q_{g2.pk}_{item.pk}" class="cell-error">{message}' in page
    assert "ยังไม่ได้บันทึก" in page
    assert not OrderLine.objects.filter(order__round=purchase_round).exists()


def test_no_order_for_another_districts_group_or_an_inactive_member(
    rattaphum, groups, hatyai_groups, coordinator
):
    purchase_round = PurchaseRoundFactory()
    item = purchase_round.items.get()
    for status in (MembershipStatus.APPLIED, MembershipStatus.SUSPENDED, MembershipStatus.LEFT):
        MembershipFactory(center=rattaphum, status=status)
    hatyai_group = hatyai_groups[0]
    allowed = {g.pk for g in selectors.ordering_groups(rattaphum)}
    assert hatyai_group.pk not in allowed
    inactive = [
        m.organization
        for m in rattaphum.memberships.exclude(status="active").select_related("organization")
    ]
    assert inactive and not any(o.pk in allowed for o in inactive)
    for outsider in (hatyai_group, inactive[0]):
        with pytest.raises(services.RoundError, match="ไม่ใช่สมาชิก"):
            services.save_order(
                purchase_round,
                rattaphum,
                {(outsider.pk, item.pk): D("1")},
                version=0,
                submission_key=uuid.uuid4(),
                user=coordinator,
                allowed_groups=allowed,
            )
    assert (
        not OrderLine.objects.exists()
        or not OrderLine.objects.filter(order__round=purchase_round).exists()
    )


def test_no_order_outside_an_open_round(client, rattaphum, groups, coordinator):
    client = signed_in(client, coordinator)
    g1 = groups[0]
    draft = PurchaseRoundFactory(status=RoundStatus.DRAFT)  # a provincial draft: not published
    data = _grid_post(draft, None, {(g1, draft.items.get()): "5"}, 0)
    assert client.post(_entry_url(draft, rattaphum), data).status_code == 404
    for status in (RoundStatus.CLOSED, RoundStatus.ORDERED, RoundStatus.CANCELLED):
        purchase_round = PurchaseRoundFactory(status=status)
        item = purchase_round.items.get()
        response = client.post(
            _entry_url(purchase_round, rattaphum),
            _grid_post(purchase_round, None, {(g1, item): "5"}, 0),
        )
        assert "ปิดรับคำสั่งซื้อแล้ว" in response.content.decode()
        assert not OrderLine.objects.filter(order__round=purchase_round).exists()
    assert not OrderLine.objects.filter(order__round=draft).exists()


def test_an_order_after_the_closing_time_is_refused_even_before_the_timer_runs(
    client, rattaphum, groups, coordinator
):
    client = signed_in(client, coordinator)
    purchase_round = PurchaseRoundFactory()
    PurchaseRound.objects.filter(pk=purchase_round.pk).update(
        closes_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    item = purchase_round.items.get()
    g1 = groups[0]
    response = client.post(
        _entry_url(purchase_round, rattaphum),
        _grid_post(purchase_round, None, {(g1, item): "5"}, 0),
    )
    assert "ปิดรับคำสั่งซื้อแล้ว" in response.content.decode()
    assert not OrderLine.objects.filter(order__round=purchase_round).exists()


def test_second_coordinator_gets_a_conflict_and_the_current_figures(
    client, rattaphum, groups, coordinator
):
    client = signed_in(client, coordinator)
    purchase_round = PurchaseRoundFactory()
    item = purchase_round.items.get()
    g1 = groups[0]
    first = _grid_post(purchase_round, None, {(g1, item): "7"}, 0)
    second = _grid_post(purchase_round, None, {(g1, item): "9"}, 0)  # drawn from the same page
    assert client.post(_entry_url(purchase_round, rattaphum), first).status_code == 302
    response = client.post(_entry_url(purchase_round, rattaphum), second)
    assert response.status_code == 409
    page = response.content.decode()
    assert "บันทึกคำสั่งซื้อของอำเภอนี้ไปแล้วเมื่อ" in page
    assert f'name="q_{g1.pk}_{item.pk}" value="7.00"' in page  # the current figure, not 9
    assert OrderLine.objects.get(order__round=purchase_round).quantity == D("7")
    assert DistrictOrder.objects.get(round=purchase_round).version == 1


def test_a_double_submitted_form_saves_once(client, rattaphum, groups, coordinator):
    client = signed_in(client, coordinator)
    purchase_round = PurchaseRoundFactory()
    item = purchase_round.items.get()
    g1 = groups[0]
    data = _grid_post(purchase_round, None, {(g1, item): "7"}, 0)
    assert client.post(_entry_url(purchase_round, rattaphum), data).status_code == 302
    assert client.post(_entry_url(purchase_round, rattaphum), data).status_code == 302
    order_ = DistrictOrder.objects.get(round=purchase_round)
    assert order_.version == 1
    assert order_.lines.count() == 1
    page = client.get(_entry_url(purchase_round, rattaphum)).content.decode()
    assert "บันทึกไปแล้ว ไม่ได้บันทึกซ้ำ" in page


def test_submitted_order_is_locked_until_the_province_returns_it(
    client, rattaphum, groups, coordinator, prov_coord
):
    purchase_round = PurchaseRoundFactory()
    item = purchase_round.items.get()
    g1 = groups[0]
    district_user = coordinator
    coordinator = signed_in(client, district_user)
    coordinator.post(
        _entry_url(purchase_round, rattaphum),
        _grid_post(purchase_round, None, {(g1, item): "7"}, 0),
    )
    submit = reverse("purchase_order_submit", args=[purchase_round.pk, rattaphum.district.code])
    coordinator.post(submit, {"version": "1", "confirmed": "1"})
    order_ = DistrictOrder.objects.get(round=purchase_round)
    assert order_.status == OrderStatus.SUBMITTED
    assert order_.submitted_by.username == district_user.username
    response = coordinator.post(
        _entry_url(purchase_round, rattaphum),
        _grid_post(purchase_round, None, {(g1, item): "9"}, 1),
    )
    assert "แก้ไขไม่ได้จนกว่าศูนย์จังหวัดจะส่งคืน" in response.content.decode()
    assert OrderLine.objects.get(order=order_).quantity == D("7")

    province = signed_in(client, prov_coord)
    back = reverse("purchase_order_return", args=[purchase_round.pk, rattaphum.district.code])
    province.post(back, {"note": ""})
    assert DistrictOrder.objects.get(pk=order_.pk).status == OrderStatus.SUBMITTED  # reason needed
    province.post(back, {"note": "กลุ่มแม่บ้านควนรูยังไม่ได้สั่ง"})
    order_.refresh_from_db()
    assert order_.status == OrderStatus.RETURNED
    assert order_.returned_reason == "กลุ่มแม่บ้านควนรูยังไม่ได้สั่ง"

    coordinator = signed_in(client, district_user)
    page = coordinator.get(_entry_url(purchase_round, rattaphum)).content.decode()
    assert "กลุ่มแม่บ้านควนรูยังไม่ได้สั่ง" in page
    response = coordinator.post(
        _entry_url(purchase_round, rattaphum),
        _grid_post(purchase_round, None, {(g1, item): "9"}, order_.version),
    )
    assert response.status_code == 302
    assert OrderLine.objects.get(order=order_).quantity == D("9")


def test_the_district_chair_may_submit_but_not_edit(client, rattaphum, groups):
    purchase_round = PurchaseRoundFactory()
    item = purchase_round.items.get()
    g1 = groups[0]
    order(purchase_round, rattaphum, {(g1, item): D("3")}, status=OrderStatus.DRAFT)
    chair = signed_in(client, chair_user(rattaphum))
    response = chair.post(
        _entry_url(purchase_round, rattaphum),
        _grid_post(purchase_round, None, {(g1, item): "9"}, 1),
    )
    assert response.status_code == 403
    chair.post(
        reverse("purchase_order_submit", args=[purchase_round.pk, rattaphum.district.code]),
        {"version": "1", "confirmed": "1"},
    )
    assert DistrictOrder.objects.get(round=purchase_round).status == OrderStatus.SUBMITTED


def test_live_totals_while_typing_come_back_as_fragments(client, rattaphum, groups, coordinator):
    client = signed_in(client, coordinator)
    purchase_round = PurchaseRoundFactory(
        items=[priced("ปุ๋ยทดสอบ", D("15000"), D("16000"), [(D("100"), D("14500"))])]
    )
    item = purchase_round.items.get()
    g1, g2 = groups[:2]
    data = _grid_post(purchase_round, None, {(g1, item): "60", (g2, item): "๔๐"}, 0)
    data["preview"] = "1"
    response = client.post(
        _entry_url(purchase_round, rattaphum), data, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    fragment = response.content.decode()
    assert "<html" not in fragment
    assert f'id="col-total-{item.pk}" hx-swap-oob="true">100.00<' in fragment
    assert f'id="col-price-{item.pk}" hx-swap-oob="true">14,500.00 บาท<' in fragment
    assert 'id="grand-total" hx-swap-oob="true">1,450,000.00 บาท<' in fragment
    assert f'id="row-amount-{g1.pk}" hx-swap-oob="true">870,000.00 บาท<' in fragment
    assert not OrderLine.objects.filter(order__round=purchase_round).exists()  # nothing saved


# Short delivery -----------------------------------------------------------------------


def test_split_in_proportion_adds_up_exactly():
    shares = split_in_proportion(D("10"), {"a": D("1"), "b": D("1"), "c": D("1")}, D("1"))
    assert sum(shares.values()) == D("10")
    assert sorted(shares.values()) == [D("3"), D("3"), D("4")]
    shares = split_in_proportion(D("90.00"), {"a": D("70"), "b": D("30")}, D("0.01"))
    assert shares == {"a": D("63.00"), "b": D("27.00")}


def test_a_short_delivery_is_allocated_by_district_then_group_and_adjusted(
    rattaphum, hatyai, groups, hatyai_groups, coordinator, prov_coord
):
    purchase_round = PurchaseRoundFactory(
        status=RoundStatus.ORDERED, items=[priced("ปุ๋ยทดสอบ", D("100"))]
    )
    item = purchase_round.items.get()
    r1, r2 = groups[:2]
    h1 = hatyai_groups[0]
    order(purchase_round, rattaphum, {(r1, item): D("60"), (r2, item): D("20")})
    order(purchase_round, hatyai, {(h1, item): D("20")})
    services.set_supplied_quantity(item, D("90"), prov_coord)
    allocated = {
        a.organization_id: a.quantity for a in Allocation.objects.filter(round=purchase_round)
    }
    assert allocated == {r1.pk: D("54.00"), r2.pk: D("18.00"), h1.pk: D("18.00")}
    figures = selectors.round_figures(purchase_round)
    assert figures.groups[r1.pk].amount == D("5400.00")
    assert figures.district(rattaphum.pk).entitled[item.pk] == D("72.00")

    with pytest.raises(services.RoundError, match="ต้องเท่ากับ 72.00 ตัน"):
        services.save_allocation(
            purchase_round, rattaphum, {(r1.pk, item.pk): D("60")}, coordinator
        )
    services.save_allocation(
        purchase_round,
        rattaphum,
        {(r1.pk, item.pk): D("52"), (r2.pk, item.pk): D("20")},
        coordinator,
    )
    services.confirm_allocation(purchase_round, rattaphum, coordinator)
    with pytest.raises(services.RoundError, match="ยืนยันการจัดสรรแล้ว"):
        services.save_allocation(
            purchase_round, rattaphum, {(r1.pk, item.pk): D("50")}, coordinator
        )
    figures = selectors.round_figures(purchase_round)
    assert figures.groups[r2.pk].entitled[item.pk] == D("20")
    assert figures.items[0].entitled == D("90")
    with pytest.raises(services.RoundError, match="ยังไม่ยืนยันการจัดสรร"):
        services.transition(purchase_round, "deliver", prov_coord)


def test_double_submitted_payment_is_recorded_once(client, rattaphum, groups, coordinator):
    purchase_round = PurchaseRoundFactory(
        status=RoundStatus.ORDERED, items=[priced("ปุ๋ยทดสอบ", D("100"))]
    )
    item = purchase_round.items.get()
    group = groups[0]
    order(purchase_round, rattaphum, {(group, item): D("10")})
    client = signed_in(client, coordinator)
    url = reverse("purchase_district_receiving", args=[purchase_round.pk, rattaphum.district.code])
    data = {
        "form": "payment",
        "payment-organization": str(group.pk),
        "payment-paid_on": "20/11/2569",
        "payment-amount": "๕๐๐",
        "payment-reference": "ใบเสร็จ 12",
        "payment-submission_key": str(uuid.uuid4()),
    }
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302
    payment = Payment.objects.get(round=purchase_round)
    assert payment.amount == D("500") and payment.paid_on == datetime.date(2026, 11, 20)
    page = client.get(url).content.decode()
    assert "รายการนี้บันทึกไปแล้ว" in page
    assert "500.00 บาท" in page  # paid; 500.00 still outstanding


# Copy and the timer -------------------------------------------------------------------


def test_a_new_round_copies_products_prices_tiers_and_supplier_with_new_dates(prov_coord):
    source = PurchaseRoundFactory(status=RoundStatus.SETTLED)
    opens = timezone.now() + datetime.timedelta(days=30)
    copy = services.copy_round(source, prov_coord, opens, opens + datetime.timedelta(days=7))
    assert copy.status == RoundStatus.DRAFT
    assert copy.supplier == source.supplier and copy.copied_from == source
    assert copy.opens_at == opens
    item, original = copy.items.get(), source.items.get()
    assert (item.product, item.unit_price, item.reference_price) == (
        original.product,
        original.unit_price,
        original.reference_price,
    )
    assert list(item.tiers.values_list("min_quantity", "unit_price")) == list(
        original.tiers.values_list("min_quantity", "unit_price")
    )
    assert not copy.orders.exists()


def test_the_timer_opens_closes_and_reminds_once(
    settings, rattaphum, hatyai, hatyai_groups, django_capture_on_commit_callbacks
):
    now = timezone.now()
    draft = PurchaseRoundFactory(status=RoundStatus.DRAFT)
    PurchaseRound.objects.filter(pk=draft.pk).update(opens_at=now - datetime.timedelta(hours=1))
    ending = PurchaseRoundFactory(closes_at=timezone.now() + datetime.timedelta(hours=-1))
    closing_soon = PurchaseRoundFactory(closes_at=timezone.now() + datetime.timedelta(hours=20))
    item = closing_soon.items.get()
    order(closing_soon, hatyai, {(hatyai_groups[0], item): D("1")})
    staff_user(rattaphum, email="rattaphum@example.org")
    staff_user(hatyai, email="hatyai@example.org")

    with django_capture_on_commit_callbacks(execute=True):  # the outbox sends after commit
        done = services.run_schedule(now)
    assert draft in done["opened"] and ending in done["closed"]
    assert closing_soon in done["reminded"]
    draft.refresh_from_db()
    ending.refresh_from_db()
    assert draft.status == RoundStatus.OPEN and ending.status == RoundStatus.CLOSED
    assert RoundEvent.objects.filter(round=ending, by=None, note__contains="อัตโนมัติ").exists()
    # The draft's opening told both districts; the reminder only the one that has not
    # submitted.
    reminders = [
        message for message in mail.outbox if message.subject.startswith("[เครือข่ายฯ สงขลา] เตือน")
    ]
    recipients = [message.to for message in reminders]
    assert ["rattaphum@example.org"] in recipients
    assert ["hatyai@example.org"] not in recipients  # Hat Yai submitted
    reminder = next(m for m in reminders if m.to == ["rattaphum@example.org"])
    assert "ยังไม่ได้ส่งคำสั่งซื้อ" in reminder.body
    sent = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        again = services.run_schedule(now)
    assert not any(again.values())
    assert len(mail.outbox) == sent


# What the review found ----------------------------------------------------------------


def test_products_and_prices_are_fixed_once_a_district_has_submitted(
    client, rattaphum, groups, prov_coord
):
    purchase_round = PurchaseRoundFactory()
    item = purchase_round.items.get()
    group = groups[0]
    order(purchase_round, rattaphum, {(group, item): D("40")})  # submitted
    client = signed_in(client, prov_coord)
    edit = reverse("purchase_round_edit", args=[purchase_round.pk])
    page = client.get(edit).content.decode()
    assert "สินค้าและราคาของรอบนี้แก้ไขไม่ได้แล้ว" in page
    acid = ProductFactory(name="น้ำกรดทดสอบ")
    response = client.post(
        edit,
        {
            "title": "รอบทดสอบ",
            "supplier": "",
            "minimum_total": "",
            "note": "",
            "delivery_terms": "",
            "opens_on": "1/11/2569",
            "opens_time": "08:00",
            "closes_on": "31/12/2569",
            "closes_time": "16:30",
            "items-TOTAL_FORMS": "1",
            "items-INITIAL_FORMS": "1",
            "items-MIN_NUM_FORMS": "0",
            "items-MAX_NUM_FORMS": "1000",
            "items-0-id": str(item.pk),
            "items-0-round": str(purchase_round.pk),
            "items-0-product": str(acid.pk),
            "items-0-unit_price": "1",
        },
    )
    assert response.status_code == 302  # the round's own details were saved
    item.refresh_from_db()
    assert (item.product.name, item.unit_price) == ("ปุ๋ยทดสอบ 16-16-8", D("15000"))
    tiers = reverse("purchase_item_tiers", args=[purchase_round.pk, item.pk])
    assert client.post(tiers, {"tiers-TOTAL_FORMS": "0"}).status_code == 403


def test_an_item_with_orders_keeps_its_product_while_prices_may_still_change(
    client, rattaphum, groups, prov_coord
):
    purchase_round = PurchaseRoundFactory()
    item = purchase_round.items.get()
    group = groups[0]
    order(purchase_round, rattaphum, {(group, item): D("4")}, status=OrderStatus.DRAFT)
    form = signed_in(client, prov_coord).get(
        reverse("purchase_round_edit", args=[purchase_round.pk])
    )
    product_field = form.context["formset"].forms[0].fields["product"]
    assert product_field.disabled
    assert "เปลี่ยนสินค้าไม่ได้" in form.content.decode()


def test_only_a_product_nobody_ordered_leaves_its_round(client, rattaphum, groups, prov_coord):
    """The round's edit page removes a product without orders; one with orders stays
    (services.round_update), and nothing of that save is kept."""
    purchase_round = PurchaseRoundFactory(
        items=[priced("ปุ๋ยทดสอบ 16-16-8", D("15000")), priced("ปุ๋ยทดสอบ 46-0-0", D("900"))]
    )
    ordered, spare = purchase_round.items.order_by("product__name")
    group = groups[0]
    order(purchase_round, rattaphum, {(group, ordered): D("4")}, status=OrderStatus.DRAFT)
    edit = reverse("purchase_round_edit", args=[purchase_round.pk])

    def removing(item, title):
        data = {
            "title": title,
            "supplier": "",
            "minimum_total": "",
            "note": "",
            "delivery_terms": "",
            "opens_on": "1/11/2569",
            "opens_time": "08:00",
            "closes_on": "31/12/2569",
            "closes_time": "16:30",
            "items-TOTAL_FORMS": "2",
            "items-INITIAL_FORMS": "2",
            "items-MIN_NUM_FORMS": "0",
            "items-MAX_NUM_FORMS": "1000",
        }
        for index, row in enumerate((ordered, spare)):
            data |= {
                f"items-{index}-id": str(row.pk),
                f"items-{index}-round": str(purchase_round.pk),
                f"items-{index}-product": str(row.product_id),
                f"items-{index}-unit_price": str(row.unit_price),
            }
        data[f"items-{[ordered, spare].index(item)}-DELETE"] = "on"
        return data

    client = signed_in(client, prov_coord)
    # Django's formset reads each row's item and product on its own: allowed here.
    with zeal_ignore():
        response = client.post(edit, removing(ordered, "ไม่ควรบันทึก"), follow=True)
        assert "สินค้าที่มีคำสั่งซื้อแล้วลบออกจากรอบไม่ได้" in response.content.decode()
        purchase_round.refresh_from_db()
        assert purchase_round.title == "รอบทดสอบ"
        assert purchase_round.items.count() == 2
        assert client.post(edit, removing(spare, "รอบทดสอบ")).status_code == 302
    assert list(purchase_round.items.all()) == [ordered]


def test_the_district_unlocks_its_own_rounds_submitted_order(
    client, rattaphum, groups, coordinator
):
    purchase_round = PurchaseRoundFactory(center=rattaphum)
    item = purchase_round.items.get()
    group = groups[0]
    order(purchase_round, rattaphum, {(group, item): D("4")})
    client = signed_in(client, coordinator)
    page = client.get(_entry_url(purchase_round, rattaphum)).content.decode()
    assert "ยืนยันคำสั่งซื้อแล้ว แก้ไขไม่ได้จนกว่าผู้ดูแลรอบจะปลดล็อก" in page
    assert "ปลดล็อกให้แก้ไข" in page
    client.post(
        reverse("purchase_order_return", args=[purchase_round.pk, rattaphum.district.code]),
        {"note": "กลุ่มขอเพิ่มยอด"},
    )
    assert DistrictOrder.objects.get(round=purchase_round).status == OrderStatus.RETURNED


def test_odd_requests_get_a_thai_message_not_an_error_page(
    client, rattaphum, hatyai, groups, prov_coord
):
    purchase_round = PurchaseRoundFactory()
    client = signed_in(client, prov_coord)
    response = client.post(
        reverse("purchase_order_return", args=[purchase_round.pk, hatyai.district.code]),
        {"note": "ทดสอบ"},
        follow=True,
    )
    assert "คำสั่งซื้อนี้ยังไม่ได้ส่งมา จึงส่งคืนไม่ได้" in response.content.decode()
    ordered = PurchaseRoundFactory(status=RoundStatus.ORDERED, items=[priced("ปุ๋ยทดสอบ", D("100"))])
    item = ordered.items.get()
    group = groups[0]
    order(ordered, rattaphum, {(group, item): D("10")})
    services.set_supplied_quantity(item, D("8"), prov_coord)
    receiving = reverse("purchase_district_receiving", args=[ordered.pk, rattaphum.district.code])
    response = client.post(
        receiving, {"form": "allocation", f"a_{group.pk}_{item.pk}": "๗.x"}, follow=True
    )
    assert "ปริมาณที่จัดสรรต้องเป็นตัวเลขไม่ติดลบ" in response.content.decode()
    assert Allocation.objects.get(item=item).quantity == D("8")


def test_a_pickup_cannot_exceed_what_the_center_has_received(rattaphum, groups):
    purchase_round = PurchaseRoundFactory(
        status=RoundStatus.ORDERED, items=[priced("ปุ๋ยทดสอบ", D("100"))]
    )
    item = purchase_round.items.get()
    group = groups[0]
    order(purchase_round, rattaphum, {(group, item): D("10")})
    today = timezone.localdate()
    services.record_delivery(
        Delivery(
            round=purchase_round, item=item, center=rattaphum, delivered_on=today, quantity=D("6")
        )
    )
    pickup = Pickup(
        round=purchase_round, item=item, organization=group, picked_up_on=today, quantity=D("8")
    )
    with pytest.raises(services.RoundError, match="ศูนย์มีปุ๋ยทดสอบอยู่ 6.00 ตัน"):
        services.record_pickup(pickup, rattaphum)
    pickup.quantity = D("6")
    assert services.record_pickup(pickup, rattaphum) is True
    assert services.record_pickup(pickup, rattaphum) is False  # the same form again


def test_a_former_members_lines_go_on_the_next_save_and_block_submission(
    rattaphum, groups, coordinator
):
    purchase_round = PurchaseRoundFactory()
    item = purchase_round.items.get()
    stays, leaves = groups[:2]
    order(
        purchase_round,
        rattaphum,
        {(stays, item): D("4"), (leaves, item): D("6")},
        status=OrderStatus.DRAFT,
    )
    rattaphum.memberships.filter(organization=leaves).update(
        status="left", left_on=timezone.localdate()
    )
    with pytest.raises(services.RoundError, match="กลุ่มที่ไม่ได้เป็นสมาชิกอยู่แล้ว"):
        services.submit_order(purchase_round, rattaphum, coordinator, version=1)
    allowed = {g.pk for g in selectors.ordering_groups(rattaphum)}
    services.save_order(
        purchase_round,
        rattaphum,
        {(stays.pk, item.pk): D("4")},
        version=1,
        submission_key=uuid.uuid4(),
        user=coordinator,
        allowed_groups=allowed,
        confirmed_removals={(leaves.pk, item.pk)},
    )
    assert list(OrderLine.objects.filter(order__round=purchase_round).values_list(
        "organization_id", flat=True
    )) == [stays.pk]  # fmt: skip
    services.submit_order(purchase_round, rattaphum, coordinator, version=2)


def test_whole_units_stay_whole_in_a_short_delivery(rattaphum, groups, coordinator, prov_coord):
    purchase_round = PurchaseRoundFactory(status=RoundStatus.ORDERED, items=[])
    item = RoundItemFactory(
        round=purchase_round,
        product=ProductFactory(name="ปุ๋ยกระสอบทดสอบ", unit="sack", decimal_places=0),
        unit_price=D("500"),
        reference_price=None,
    )
    g1, g2 = groups[:2]
    order(purchase_round, rattaphum, {(g1, item): D("10"), (g2, item): D("10")})
    with pytest.raises(services.RoundError, match="จำนวนเต็ม"):
        services.set_supplied_quantity(item, D("15.5"), prov_coord)
    services.set_supplied_quantity(item, D("15"), prov_coord)
    assert sorted(Allocation.objects.filter(item=item).values_list("quantity", flat=True)) == [
        D("7"),
        D("8"),
    ]
    with pytest.raises(services.RoundError, match="จำนวนเต็ม"):
        services.save_allocation(
            purchase_round,
            rattaphum,
            {(g1.pk, item.pk): D("7.5"), (g2.pk, item.pk): D("7.5")},
            coordinator,
        )


def test_the_purchase_order_total_is_what_the_groups_are_billed(rattaphum, groups):
    from transactions.purchases import documents

    purchase_round = PurchaseRoundFactory(
        status=RoundStatus.CLOSED, items=[priced("ปุ๋ยทดสอบ", D("1234.55"))]
    )
    item = purchase_round.items.get()
    groups = groups[:3]
    order(purchase_round, rattaphum, {(g, item): D("0.01") for g in groups})
    figures = selectors.round_figures(purchase_round)
    assert figures.amount == D("37.05")  # 3 × 12.35 (0.01 × 1,234.55 = 12.3455)
    context = documents.purchase_order_context(purchase_round, figures)
    assert context["total"] == D("37.05")
