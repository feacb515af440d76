"""What each role sees of a purchase round, and the pages that create and run one."""

import datetime
import uuid
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from transactions.purchases import services
from transactions.purchases.models import (
    Allocation,
    Delivery,
    OrderLine,
    OrderStatus,
    Payment,
    Pickup,
    PurchaseRound,
    RoundItem,
    RoundStatus,
)

from ..factories import (
    CommitteeFactory,
    DistrictCenterFactory,
    MembershipFactory,
    OrganizationFactory,
    ProductFactory,
    PurchaseRoundFactory,
    ReferencePriceFactory,
    UserFactory,
    advance_round,
    member_groups,
    order,
    priced,
    province,
    representative_user,
    seat_user,
    staff_user,
)

D = Decimal
pytestmark = pytest.mark.django_db


# Two district centers of the test's own (standing for Rattaphum and Hat Yai), with their
# coordinators; the provincial center's staff and its marketing subcommittee's chair; an
# observer, who holds no role.


@pytest.fixture
def rattaphum():
    return DistrictCenterFactory(district__name="ทดสอบรัตภูมิ")


@pytest.fixture
def hatyai():
    return DistrictCenterFactory(district__name="ทดสอบหาดใหญ่")


@pytest.fixture
def prov_coord():
    return staff_user(province())


@pytest.fixture
def prov_marketing():
    return seat_user(CommitteeFactory(center=province(), kind="marketing"), "chair")


@pytest.fixture
def rattaphum_coord(rattaphum):
    return staff_user(rattaphum)


@pytest.fixture
def observer():
    return UserFactory()


def signed_in(client, user):
    client.force_login(user)
    return client


def in_district(center) -> str:
    """How a page names a district: อำเภอ and its name."""
    return f"อำเภอ{center.district.name}"


@pytest.fixture
def ordered_round(rattaphum, hatyai):
    """Rattaphum (two groups) and Hat Yai (one group) ordered 100 t at 14,500 (tier)."""
    purchase_round = PurchaseRoundFactory(
        items=[priced("ปุ๋ยทดสอบ", D("15000"), D("16000"), [(D("100"), D("14500"))])]
    )
    item = purchase_round.items.get()
    r1, r2 = member_groups(rattaphum, 2)
    [h1] = member_groups(hatyai, 1)
    order(purchase_round, rattaphum, {(r1, item): D("40"), (r2, item): D("30")})
    order(purchase_round, hatyai, {(h1, item): D("30")}, status=OrderStatus.DRAFT)
    purchase_round.groups = (r1, r2, h1)
    purchase_round.rattaphum, purchase_round.hatyai = rattaphum, hatyai
    return purchase_round


def detail(client, purchase_round):
    response = client.get(purchase_round.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_province_sees_the_network_order_by_district_and_product(client, prov_coord, ordered_round):
    page = detail(signed_in(client, prov_coord), ordered_round)
    r1, r2, h1 = ordered_round.groups
    assert "100.00" in page  # the network total
    assert "14,500.00 บาท" in page and "ถึงขั้นนี้แล้ว" in page
    assert "1,450,000.00 บาท" in page  # 100 t × 14,500
    assert "150,000.00 บาท" in page  # savings: 100 × (16,000 − 14,500)
    assert in_district(ordered_round.rattaphum) in page
    assert in_district(ordered_round.hatyai) in page
    assert "1,015,000.00 บาท" in page  # Rattaphum: 70 t
    assert "ใบสั่งซื้อ (พีดีเอฟ)" in page
    assert "ปิดรับคำสั่งซื้อ" in page  # an action of the round's owner


def test_a_district_coordinator_sees_network_totals_and_only_its_district(
    client, rattaphum_coord, ordered_round
):
    page = detail(signed_in(client, rattaphum_coord), ordered_round)
    assert "100.00" in page and "14,500.00 บาท" in page
    assert in_district(ordered_round.rattaphum) in page
    assert in_district(ordered_round.hatyai) not in page
    assert "ใบสั่งซื้อ (พีดีเอฟ)" not in page
    assert "ปิดรับคำสั่งซื้อ</button>" not in page


def test_a_group_representative_sees_its_own_group_only(client, rattaphum):
    purchase_round = PurchaseRoundFactory(items=[priced("ปุ๋ยทดสอบ", D("100"), D("120"))])
    item = purchase_round.items.get()
    own, other = member_groups(rattaphum, 2)
    order(purchase_round, rattaphum, {(own, item): D("3"), (other, item): D("5")})
    page = detail(signed_in(client, representative_user(own)), purchase_round)
    assert own.name in page and "300.00 บาท" in page and "60.00 บาท" in page  # amount, savings
    assert other.name not in page
    assert f"{in_district(rattaphum)}</a>" not in page


def test_an_observer_sees_totals_only(client, observer, ordered_round):
    page = detail(signed_in(client, observer), ordered_round)
    assert "100.00" in page and "150,000.00 บาท" in page
    for group in ordered_round.groups:
        assert group.name not in page
    assert in_district(ordered_round.rattaphum) not in page
    assert "1,450,000.00 บาท" not in page  # money per district is not for partners


def test_another_districts_round_does_not_exist_for_hat_yai(client, rattaphum, hatyai):
    rattaphum_round = PurchaseRoundFactory(center=rattaphum)
    client = signed_in(client, staff_user(hatyai))
    assert client.get(rattaphum_round.get_absolute_url()).status_code == 404
    listing = client.get(reverse("purchase_round_list")).content.decode()
    assert rattaphum_round.get_absolute_url() not in listing
    entry = reverse("purchase_order_entry", args=[rattaphum_round.pk, hatyai.district.code])
    assert client.get(entry).status_code == 404


def test_a_draft_is_seen_by_those_who_run_the_round_only(
    client, rattaphum, prov_coord, rattaphum_coord, observer
):
    draft = PurchaseRoundFactory(status=RoundStatus.DRAFT)
    assert signed_in(client, prov_coord).get(draft.get_absolute_url()).status_code == 200
    group_rep = representative_user(member_groups(rattaphum, 1)[0])
    roles = {"rattaphum_coord": rattaphum_coord, "group_rep": group_rep, "observer": observer}
    for role, user in roles.items():
        assert signed_in(client, user).get(draft.get_absolute_url()).status_code == 404, role


def test_the_list_shows_an_empty_state_that_says_what_to_do(client, prov_coord, observer):
    # What was recorded (goods, money, order lines) protects its round: cleared first.
    for recorded in (Delivery, Pickup, Payment, Allocation, OrderLine):
        recorded.objects.all().delete()
    PurchaseRound.objects.all().delete()
    page = signed_in(client, prov_coord).get(reverse("purchase_round_list")).content.decode()
    assert "ยังไม่มีรอบการซื้อร่วมที่คุณเห็นได้" in page
    assert "เปิดรอบการซื้อร่วมใหม่" in page
    page = signed_in(client, observer).get(reverse("purchase_round_list")).content.decode()
    assert "เมื่อศูนย์จังหวัดหรือศูนย์อำเภอเปิดรอบ" in page


def _new_round_post(center, product_, **extra):
    return {
        "title": "ซื้อปุ๋ยร่วมกัน รอบทดสอบ",
        "center": str(center.pk),
        "supplier": "",
        "minimum_total": "",
        "note": "",
        "delivery_terms": "",
        "opens_on": "1/12/2569",
        "opens_time": "08:00",
        "closes_on": "20/12/2569",
        "closes_time": "16:30",
        "items-TOTAL_FORMS": "1",
        "items-INITIAL_FORMS": "0",
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "1000",
        "items-0-product": str(product_.pk),
        "items-0-unit_price": "15,200",
        "items-0-reference_price": "",
        **extra,
    }


def test_the_marketing_department_opens_a_round_priced_against_the_reference(client, prov_coord):
    fertilizer = ProductFactory(name="ปุ๋ยทดสอบสร้างรอบ")
    ReferencePriceFactory(
        product=fertilizer, price=D("16200"), effective_on=datetime.date(2026, 11, 1)
    )
    client = signed_in(client, prov_coord)
    response = client.post(
        reverse("purchase_round_create"), _new_round_post(province(), fertilizer)
    )
    assert response.status_code == 302
    purchase_round = PurchaseRound.objects.get(title="ซื้อปุ๋ยร่วมกัน รอบทดสอบ")
    assert purchase_round.status == RoundStatus.DRAFT
    assert timezone.localtime(purchase_round.opens_at) == timezone.make_aware(
        datetime.datetime(2026, 12, 1, 8, 0)
    )
    item = purchase_round.items.get()
    assert item.unit_price == D("15200")
    assert item.reference_price == D("16200")
    assert item.reference_price_on == datetime.date(2026, 11, 1)
    assert purchase_round.created_by == prov_coord


def test_a_bad_round_form_saves_nothing_and_says_why(client, prov_coord):
    fertilizer = ProductFactory(name="ปุ๋ยทดสอบสร้างรอบ")
    client = signed_in(client, prov_coord)
    data = _new_round_post(province(), fertilizer, closes_on="1/12/2026")
    response = client.post(reverse("purchase_round_create"), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "เป็นปี ค.ศ." in page
    assert not PurchaseRound.objects.filter(title="ซื้อปุ๋ยร่วมกัน รอบทดสอบ").exists()
    data = _new_round_post(province(), fertilizer, closes_on="1/11/2569")
    page = client.post(reverse("purchase_round_create"), data).content.decode()
    assert "เวลาปิดรับคำสั่งซื้อต้องหลังเวลาเปิด" in page


def test_a_district_coordinator_opens_rounds_for_its_own_district_only(
    client, rattaphum, rattaphum_coord
):
    client = signed_in(client, rattaphum_coord)
    response = client.get(reverse("purchase_round_create"))
    choices = response.context["form"].fields["center"].queryset
    assert [c.district.code for c in choices] == [rattaphum.district.code]
    acid = ProductFactory(name="น้ำกรดทดสอบ", unit="litre", decimal_places=0)
    data = _new_round_post(province(), acid)
    response = client.post(reverse("purchase_round_create"), data)
    assert "เลือกตัวเลือกที่ถูกต้อง" in response.content.decode()
    assert not PurchaseRound.objects.filter(title="ซื้อปุ๋ยร่วมกัน รอบทดสอบ").exists()


def test_price_tiers_must_fall_as_quantity_rises(client, prov_marketing):
    purchase_round = PurchaseRoundFactory(items=[priced("ปุ๋ยทดสอบ", D("15000"))])
    item = purchase_round.items.get()
    url = reverse("purchase_item_tiers", args=[purchase_round.pk, item.pk])
    client = signed_in(client, prov_marketing)
    base = {
        "tiers-TOTAL_FORMS": "2",
        "tiers-INITIAL_FORMS": "0",
        "tiers-MIN_NUM_FORMS": "0",
        "tiers-MAX_NUM_FORMS": "1000",
    }
    bad = base | {
        "tiers-0-min_quantity": "100",
        "tiers-0-unit_price": "14500",
        "tiers-1-min_quantity": "500",
        "tiers-1-unit_price": "14800",
    }
    page = client.post(url, bad).content.decode()
    assert "ขั้นที่ปริมาณมากกว่าต้องมีราคาต่ำกว่า" in page
    assert not item.tiers.exists()
    good = bad | {"tiers-1-unit_price": "14,000"}
    assert client.post(url, good).status_code == 302
    assert list(item.tiers.values_list("min_quantity", "unit_price")) == [
        (D("100"), D("14500")),
        (D("500"), D("14000")),
    ]


def test_province_records_a_short_delivery_and_the_district_confirms(
    client, rattaphum, prov_coord, rattaphum_coord
):
    purchase_round = PurchaseRoundFactory(
        status=RoundStatus.ORDERED, items=[priced("ปุ๋ยทดสอบ", D("100"))]
    )
    item = purchase_round.items.get()
    r1, r2 = member_groups(rattaphum, 2)
    order(purchase_round, rattaphum, {(r1, item): D("30"), (r2, item): D("10")})
    province_client = signed_in(client, prov_coord)
    url = reverse("purchase_deliveries", args=[purchase_round.pk])
    response = province_client.post(
        url, {"form": "supplied", "supplied-item": str(item.pk), "supplied-supplied_quantity": "20"}
    )
    assert response.status_code == 302
    assert sorted(Allocation.objects.values_list("quantity", flat=True)) == [D("5"), D("15")]
    coordinator = signed_in(client, rattaphum_coord)
    code = rattaphum.district.code
    receiving = reverse("purchase_district_receiving", args=[purchase_round.pk, code])
    page = coordinator.get(receiving).content.decode()
    assert "การจัดสรรสินค้าที่ผู้จำหน่ายส่งได้ไม่ครบ" in page
    coordinator.post(
        receiving,
        {"form": "allocation", f"a_{r1.pk}_{item.pk}": "14", f"a_{r2.pk}_{item.pk}": "6"},
    )
    assert Allocation.objects.get(organization=r1).quantity == D("14")
    coordinator.post(receiving, {"form": "confirm"})
    page = coordinator.get(receiving).content.decode()
    assert "ยืนยันการจัดสรรแล้วเมื่อ" in page

    data = {
        "form": "delivery",
        "delivery-center": str(rattaphum.pk),
        "delivery-item": str(item.pk),
        "delivery-delivered_on": "25/11/2569",
        "delivery-quantity": "12",
        "delivery-vehicle": "บจ 1234 สงขลา",
        "delivery-delivery_note": "ส.1001",
        "delivery-note": "",
        "delivery-submission_key": str(uuid.uuid4()),
    }
    assert coordinator.post(url, data).status_code == 302
    assert coordinator.post(url, data).status_code == 302  # double click
    assert Delivery.objects.filter(round=purchase_round).count() == 1
    page = coordinator.get(receiving).content.decode()
    assert "บจ 1234 สงขลา" in page
    assert "8.00" in page  # still to deliver: 20 − 12


def test_a_delivery_to_another_district_is_refused(client, hatyai, rattaphum_coord):
    purchase_round = PurchaseRoundFactory(status=RoundStatus.ORDERED)
    item = purchase_round.items.get()
    client = signed_in(client, rattaphum_coord)
    response = client.post(
        reverse("purchase_deliveries", args=[purchase_round.pk]),
        {
            "form": "delivery",
            "delivery-center": str(hatyai.pk),
            "delivery-item": str(item.pk),
            "delivery-delivered_on": "25/11/2569",
            "delivery-quantity": "12",
            "delivery-submission_key": str(uuid.uuid4()),
        },
    )
    assert response.status_code == 200
    assert "เลือกตัวเลือกที่ถูกต้อง" in response.content.decode()
    assert not Delivery.objects.filter(round=purchase_round).exists()


def test_reference_prices_are_kept_with_their_date(client, prov_marketing, rattaphum_coord):
    fertilizer = ProductFactory(name="ปุ๋ยทดสอบราคา")
    client = signed_in(client, prov_marketing)
    url = reverse("purchase_catalogue")
    data = {
        "product": str(fertilizer.pk),
        "price": "๑๖,๕๐๐",
        "effective_on": "1/11/2569",
        "source": "ร้านค้าในอำเภอ",
    }
    assert client.post(url, data).status_code == 302
    price = fertilizer.reference_prices.get()
    assert (price.price, price.effective_on) == (D("16500"), datetime.date(2026, 11, 1))
    assert "16,500.00 บาท" in client.get(url).content.decode()
    assert signed_in(client, rattaphum_coord).post(url, data).status_code == 403


def test_a_round_state_change_from_its_page(client, prov_coord, rattaphum_coord):
    purchase_round = PurchaseRoundFactory()
    client = signed_in(client, prov_coord)
    url = reverse("purchase_round_transition", args=[purchase_round.pk])
    client.post(url, {"action": "close", "note": "", "confirmed": "1"})  # closed early
    purchase_round.refresh_from_db()
    assert purchase_round.status == RoundStatus.CLOSED
    response = client.post(url, {"action": "reopen", "note": ""}, follow=True)
    assert "กรุณาระบุเหตุผลที่เปิดรับคำสั่งซื้ออีกครั้ง" in response.content.decode()
    purchase_round.refresh_from_db()
    assert purchase_round.status == RoundStatus.CLOSED
    coordinator = signed_in(client, rattaphum_coord)
    assert coordinator.post(url, {"action": "reopen", "note": "x"}).status_code == 403


def test_copying_a_round_from_its_page(client, prov_coord):
    source = PurchaseRoundFactory(status=RoundStatus.SETTLED)
    client = signed_in(client, prov_coord)
    response = client.post(
        reverse("purchase_round_copy", args=[source.pk]),
        {
            "opens_on": "1/1/2570",
            "opens_time": "08:00",
            "closes_on": "15/1/2570",
            "closes_time": "16:30",
        },
    )
    copy = PurchaseRound.objects.get(copied_from=source)
    assert response["Location"] == copy.get_absolute_url()
    assert RoundItem.objects.filter(round=copy).count() == 1
    assert timezone.localtime(copy.closes_at).date() == datetime.date(2027, 1, 15)


def test_a_pickup_or_delivery_beyond_what_is_due_is_refused(client, rattaphum, rattaphum_coord):
    purchase_round = PurchaseRoundFactory(
        status=RoundStatus.ORDERED, items=[priced("ปุ๋ยทดสอบ", D("100"))]
    )
    item = purchase_round.items.get()
    [group] = member_groups(rattaphum, 1)
    order(purchase_round, rattaphum, {(group, item): D("10")})
    client = signed_in(client, rattaphum_coord)
    receiving = reverse(
        "purchase_district_receiving", args=[purchase_round.pk, rattaphum.district.code]
    )
    response = client.post(
        receiving,
        {
            "form": "pickup",
            "pickup-organization": str(group.pk),
            "pickup-item": str(item.pk),
            "pickup-picked_up_on": "25/11/2569",
            "pickup-quantity": "12",
            "pickup-submission_key": str(uuid.uuid4()),
        },
    )
    assert "เกินกว่าที่กลุ่มนี้ยังต้องรับ (10.00 ตัน)" in response.content.decode()
    assert not Pickup.objects.filter(round=purchase_round).exists()
    response = client.post(
        reverse("purchase_deliveries", args=[purchase_round.pk]),
        {
            "form": "delivery",
            "delivery-center": str(rattaphum.pk),
            "delivery-item": str(item.pk),
            "delivery-delivered_on": "25/11/2569",
            "delivery-quantity": "10.5",
            "delivery-submission_key": str(uuid.uuid4()),
        },
    )
    assert "เกินกว่าที่ศูนย์นี้ยังรอรับ (10.00 ตัน)" in response.content.decode()
    assert not Delivery.objects.filter(round=purchase_round).exists()


def test_ids_in_the_grid_are_plain_numbers_whatever_their_size(
    client, rattaphum, prov_coord, rattaphum_coord
):
    """Thai number formatting puts a comma in 12,345; element ids and field names must not
    have one, or the live totals and the allocation form lose their targets."""
    group = OrganizationFactory(pk=12345, name="กลุ่มทดสอบรหัสยาว", district=rattaphum.district)
    MembershipFactory(organization=group, center=rattaphum)
    purchase_round = PurchaseRoundFactory(
        status=RoundStatus.ORDERED, items=[priced("ปุ๋ยทดสอบ", D("100"))]
    )
    item = purchase_round.items.get()
    order(purchase_round, rattaphum, {(group, item): D("10")})
    client = signed_in(client, rattaphum_coord)
    code = rattaphum.district.code
    page = client.get(
        reverse("purchase_order_entry", args=[purchase_round.pk, code])
    ).content.decode()
    assert 'id="row-amount-12345"' in page
    services.set_supplied_quantity(item, D("8"), prov_coord)
    page = client.get(
        reverse("purchase_district_receiving", args=[purchase_round.pk, code])
    ).content.decode()
    assert f'name="a_12345_{item.pk}"' in page


def test_a_settled_round_takes_no_more_entries(client, rattaphum):
    settled = PurchaseRoundFactory(status=RoundStatus.DRAFT)
    item = settled.items.get()
    group, other = member_groups(rattaphum, 2)
    order(settled, rattaphum, {(group, item): D("500"), (other, item): D("80")})
    advance_round(settled, "settled", by=staff_user(province()))
    client.force_login(staff_user(rattaphum))
    receiving = reverse("purchase_district_receiving", args=[settled.pk, rattaphum.district.code])
    page = client.get(receiving).content.decode()
    assert "บันทึกการรับสินค้าของกลุ่ม" not in page  # no forms, only the record
    assert "580.00" in page  # Rattaphum's 580 t, delivered and picked up
    response = client.post(receiving, {"form": "payment"})
    assert response.status_code == 403
    assert "ก่อนปิดรอบ" in response.content.decode()


def test_the_order_grid_draws_each_cell_as_a_text_input(client, rattaphum_coord, ordered_round):
    """The grid's cells are drawn from plain data, in the markup Django's text input gives:
    disabled once submitted, the saved figure, a bad figure kept with its message."""
    item = ordered_round.items.get()
    r1, r2, _ = ordered_round.groups
    rattaphum = ordered_round.rattaphum
    url = reverse("purchase_order_entry", args=[ordered_round.pk, rattaphum.district.code])
    client = signed_in(client, rattaphum_coord)
    name, bad = f"q_{r1.pk}_{item.pk}", f"q_{r2.pk}_{item.pk}"
    attributes = 'inputmode="decimal" autocomplete="off"'
    page = client.get(url).content.decode()  # Rattaphum's order is submitted
    assert (
        f'<input type="text" name="{name}" value="40.00" {attributes}'
        f' aria-label="{r1.name}: ปุ๋ยทดสอบ (ตัน)" class="qty" size="8" disabled id="id_{name}">'
    ) in page
    order = ordered_round.orders.get(center=rattaphum)
    order.status = OrderStatus.RETURNED
    order.save()
    page = client.get(url).content.decode()
    assert (
        f'<input type="text" name="{name}" value="40.00" {attributes}'
        f' aria-label="{r1.name}: ปุ๋ยทดสอบ (ตัน)" class="qty" size="8" id="id_{name}">'
    ) in page
    response = client.post(url, {"version": order.version, name: "๑,๐๔๐.๕", bad: "<b>"})
    assert response.status_code == 400
    page = response.content.decode()
    assert f'name="{name}" value="๑,๐๔๐.๕" {attributes}' in page  # as typed
    assert (
        f'<input type="text" name="{bad}" value="&lt;b&gt;" {attributes}'
        f' aria-label="{r2.name}: ปุ๋ยทดสอบ (ตัน)" class="qty" size="8" aria-invalid="true"'
        f' aria-describedby="err-{bad}" id="id_{bad}">'
    ) in page
    assert f'<span id="err-{bad}" class="cell-error">กรุณากรอกเป็นตัวเลข เช่น 12.5</span>' in page
    assert f'<span id="err-{name}" class="cell-error"></span>' in page
