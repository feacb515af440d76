"""What each role sees of a purchase round, and the pages that create and run one."""

import datetime
import uuid
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from transactions.catalogue.models import ReferencePrice
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
    DistrictCenterFactory,
    PurchaseRoundFactory,
    advance_round,
    member_groups,
    staff_user,
)
from ..factories import province as provincial_center
from ..purchase_helpers import active_groups, district, make_round, order, product

D = Decimal


@pytest.fixture
def ordered_round(demo):
    """Rattaphum (two groups) and Hat Yai (one group) ordered 100 t at 14,500 (tier)."""
    purchase_round = make_round(
        items=[("ปุ๋ยทดสอบ", D("15000"), D("16000"), [(D("100"), D("14500"))])]
    )
    item = purchase_round.items.get()
    rattaphum, hatyai = district("9009"), district("9011")
    r1, r2 = active_groups(rattaphum)[:2]
    h1 = active_groups(hatyai)[0]
    order(purchase_round, rattaphum, {(r1, item): D("40"), (r2, item): D("30")})
    order(purchase_round, hatyai, {(h1, item): D("30")}, status=OrderStatus.DRAFT)
    purchase_round.groups = (r1, r2, h1)
    return purchase_round


def detail(client, purchase_round):
    response = client.get(purchase_round.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_province_sees_the_network_order_by_district_and_product(login, ordered_round):
    page = detail(login("prov_coord"), ordered_round)
    r1, r2, h1 = ordered_round.groups
    assert "100.00" in page  # the network total
    assert "14,500.00 บาท" in page and "ถึงขั้นนี้แล้ว" in page
    assert "1,450,000.00 บาท" in page  # 100 t × 14,500
    assert "150,000.00 บาท" in page  # savings: 100 × (16,000 − 14,500)
    assert "อำเภอรัตภูมิ" in page and "อำเภอหาดใหญ่" in page
    assert "1,015,000.00 บาท" in page  # Rattaphum: 70 t
    assert "ใบสั่งซื้อ (พีดีเอฟ)" in page
    assert "ปิดรับคำสั่งซื้อ" in page  # an action of the round's owner


def test_a_district_coordinator_sees_network_totals_and_only_its_district(login, ordered_round):
    page = detail(login("rattaphum_coord"), ordered_round)
    assert "100.00" in page and "14,500.00 บาท" in page
    assert "อำเภอรัตภูมิ" in page
    assert "อำเภอหาดใหญ่" not in page
    assert "ใบสั่งซื้อ (พีดีเอฟ)" not in page
    assert "ปิดรับคำสั่งซื้อ</button>" not in page


def test_a_group_representative_sees_its_own_group_only(login, demo):
    purchase_round = make_round(items=[("ปุ๋ยทดสอบ", D("100"), D("120"), [])])
    item = purchase_round.items.get()
    rattaphum = district("9009")
    own = rattaphum.memberships.get(organization__name="กลุ่มออมทรัพย์เพื่อการผลิตบ้านคูหาใต้").organization
    other = next(g for g in active_groups(rattaphum) if g != own)
    order(purchase_round, rattaphum, {(own, item): D("3"), (other, item): D("5")})
    page = detail(login("group_rep"), purchase_round)
    assert own.name in page and "300.00 บาท" in page and "60.00 บาท" in page  # amount, savings
    assert other.name not in page
    assert "อำเภอรัตภูมิ</a>" not in page


def test_an_observer_sees_totals_only(login, ordered_round):
    page = detail(login("observer"), ordered_round)
    assert "100.00" in page and "150,000.00 บาท" in page
    for group in ordered_round.groups:
        assert group.name not in page
    assert "อำเภอรัตภูมิ" not in page
    assert "1,450,000.00 บาท" not in page  # money per district is not for partners


def test_another_districts_round_does_not_exist_for_hat_yai(login, demo):
    rattaphum_round = make_round(center=district("9009"))
    client = login("hatyai_coord")
    assert client.get(rattaphum_round.get_absolute_url()).status_code == 404
    listing = client.get(reverse("purchase_round_list")).content.decode()
    assert rattaphum_round.get_absolute_url() not in listing
    assert (
        client.get(reverse("purchase_order_entry", args=[rattaphum_round.pk, "9011"])).status_code
        == 404
    )


def test_a_draft_is_seen_by_those_who_run_the_round_only(login, demo):
    draft = make_round(status=RoundStatus.DRAFT)
    assert login("prov_coord").get(draft.get_absolute_url()).status_code == 200
    for role in ("rattaphum_coord", "group_rep", "observer"):
        assert login(role).get(draft.get_absolute_url()).status_code == 404, role


def test_the_list_shows_an_empty_state_that_says_what_to_do(login, demo):
    # What was recorded (goods, money, order lines) protects its round: cleared first.
    for recorded in (Delivery, Pickup, Payment, Allocation, OrderLine):
        recorded.objects.all().delete()
    PurchaseRound.objects.all().delete()
    page = login("prov_coord").get(reverse("purchase_round_list")).content.decode()
    assert "ยังไม่มีรอบการซื้อร่วมที่คุณเห็นได้" in page
    assert "เปิดรอบการซื้อร่วมใหม่" in page
    page = login("observer").get(reverse("purchase_round_list")).content.decode()
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


def test_the_marketing_department_opens_a_round_priced_against_the_reference(login, demo):
    fertilizer = product("ปุ๋ยทดสอบสร้างรอบ")
    ReferencePrice.objects.create(
        product=fertilizer, price=D("16200"), effective_on=datetime.date(2026, 11, 1)
    )
    client = login("prov_coord")
    from ..purchase_helpers import province

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
    assert purchase_round.created_by.username == "prov_coord"


def test_a_bad_round_form_saves_nothing_and_says_why(login, demo):
    fertilizer = product("ปุ๋ยทดสอบสร้างรอบ")
    client = login("prov_coord")
    from ..purchase_helpers import province

    data = _new_round_post(province(), fertilizer, closes_on="1/12/2026")
    response = client.post(reverse("purchase_round_create"), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "เป็นปี ค.ศ." in page
    assert not PurchaseRound.objects.filter(title="ซื้อปุ๋ยร่วมกัน รอบทดสอบ").exists()
    data = _new_round_post(province(), fertilizer, closes_on="1/11/2569")
    page = client.post(reverse("purchase_round_create"), data).content.decode()
    assert "เวลาปิดรับคำสั่งซื้อต้องหลังเวลาเปิด" in page


def test_a_district_coordinator_opens_rounds_for_its_own_district_only(login, demo):
    client = login("rattaphum_coord")
    response = client.get(reverse("purchase_round_create"))
    choices = response.context["form"].fields["center"].queryset
    assert [c.district.code for c in choices] == ["9009"]
    from ..purchase_helpers import province

    data = _new_round_post(province(), product("น้ำกรดทดสอบ", unit="litre", places=0))
    response = client.post(reverse("purchase_round_create"), data)
    assert "เลือกตัวเลือกที่ถูกต้อง" in response.content.decode()
    assert not PurchaseRound.objects.filter(title="ซื้อปุ๋ยร่วมกัน รอบทดสอบ").exists()


def test_price_tiers_must_fall_as_quantity_rises(login, demo):
    purchase_round = make_round(items=[("ปุ๋ยทดสอบ", D("15000"), None, [])])
    item = purchase_round.items.get()
    url = reverse("purchase_item_tiers", args=[purchase_round.pk, item.pk])
    client = login("prov_marketing")
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


def test_province_records_a_short_delivery_and_the_district_confirms(login, demo):
    purchase_round = make_round(status=RoundStatus.ORDERED, items=[("ปุ๋ยทดสอบ", D("100"), None, [])])
    item = purchase_round.items.get()
    rattaphum = district("9009")
    r1, r2 = active_groups(rattaphum)[:2]
    order(purchase_round, rattaphum, {(r1, item): D("30"), (r2, item): D("10")})
    province = login("prov_coord")
    url = reverse("purchase_deliveries", args=[purchase_round.pk])
    response = province.post(
        url, {"form": "supplied", "supplied-item": str(item.pk), "supplied-supplied_quantity": "20"}
    )
    assert response.status_code == 302
    assert sorted(Allocation.objects.values_list("quantity", flat=True)) == [D("5"), D("15")]
    coordinator = login("rattaphum_coord")
    receiving = reverse("purchase_district_receiving", args=[purchase_round.pk, "9009"])
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


def test_a_delivery_to_another_district_is_refused(login, demo):
    purchase_round = make_round(status=RoundStatus.ORDERED)
    item = purchase_round.items.get()
    client = login("rattaphum_coord")
    response = client.post(
        reverse("purchase_deliveries", args=[purchase_round.pk]),
        {
            "form": "delivery",
            "delivery-center": str(district("9011").pk),
            "delivery-item": str(item.pk),
            "delivery-delivered_on": "25/11/2569",
            "delivery-quantity": "12",
            "delivery-submission_key": str(uuid.uuid4()),
        },
    )
    assert response.status_code == 200
    assert "เลือกตัวเลือกที่ถูกต้อง" in response.content.decode()
    assert not Delivery.objects.filter(round=purchase_round).exists()


def test_reference_prices_are_kept_with_their_date(login, demo):
    fertilizer = product("ปุ๋ยทดสอบราคา")
    client = login("prov_marketing")
    url = reverse("purchase_catalogue")
    data = {
        "product": str(fertilizer.pk),
        "price": "๑๖,๕๐๐",
        "effective_on": "1/11/2569",
        "source": "ร้านค้าในอำเภอ",
    }
    assert client.post(url, data).status_code == 302
    price = ReferencePrice.objects.get(product=fertilizer)
    assert (price.price, price.effective_on) == (D("16500"), datetime.date(2026, 11, 1))
    assert "16,500.00 บาท" in client.get(url).content.decode()
    assert login("rattaphum_coord").post(url, data).status_code == 403


def test_a_round_state_change_from_its_page(login, demo):
    purchase_round = make_round()
    client = login("prov_coord")
    url = reverse("purchase_round_transition", args=[purchase_round.pk])
    client.post(url, {"action": "close", "note": "", "confirmed": "1"})  # closed early
    purchase_round.refresh_from_db()
    assert purchase_round.status == RoundStatus.CLOSED
    response = client.post(url, {"action": "reopen", "note": ""}, follow=True)
    assert "กรุณาระบุเหตุผลที่เปิดรับคำสั่งซื้ออีกครั้ง" in response.content.decode()
    purchase_round.refresh_from_db()
    assert purchase_round.status == RoundStatus.CLOSED
    assert login("rattaphum_coord").post(url, {"action": "reopen", "note": "x"}).status_code == 403


def test_copying_a_round_from_its_page(login, demo):
    source = make_round(status=RoundStatus.SETTLED)
    client = login("prov_coord")
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


def test_a_pickup_or_delivery_beyond_what_is_due_is_refused(login, demo):
    purchase_round = make_round(status=RoundStatus.ORDERED, items=[("ปุ๋ยทดสอบ", D("100"), None, [])])
    item = purchase_round.items.get()
    rattaphum = district("9009")
    group = active_groups(rattaphum)[0]
    order(purchase_round, rattaphum, {(group, item): D("10")})
    client = login("rattaphum_coord")
    receiving = reverse("purchase_district_receiving", args=[purchase_round.pk, "9009"])
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


def test_ids_in_the_grid_are_plain_numbers_whatever_their_size(login, demo):
    """Thai number formatting puts a comma in 12,345; element ids and field names must not
    have one, or the live totals and the allocation form lose their targets."""
    from members.models import Organization

    from ..factories import MembershipFactory

    group = Organization.objects.create(
        pk=12345,
        name="กลุ่มทดสอบรหัสยาว",
        kind="savings_group",
        district_id=district("9009").district_id,
    )
    MembershipFactory(organization=group, center=district("9009"))
    purchase_round = make_round(status=RoundStatus.ORDERED, items=[("ปุ๋ยทดสอบ", D("100"), None, [])])
    item = purchase_round.items.get()
    order(purchase_round, district("9009"), {(group, item): D("10")})
    client = login("rattaphum_coord")
    page = client.get(
        reverse("purchase_order_entry", args=[purchase_round.pk, "9009"])
    ).content.decode()
    assert 'id="row-amount-12345"' in page
    from django.contrib.auth.models import User

    from transactions.purchases import services

    services.set_supplied_quantity(item, D("8"), User.objects.get(username="prov_coord"))
    page = client.get(
        reverse("purchase_district_receiving", args=[purchase_round.pk, "9009"])
    ).content.decode()
    assert f'name="a_12345_{item.pk}"' in page


def test_a_settled_round_takes_no_more_entries(client, db):
    rattaphum = DistrictCenterFactory()
    settled = PurchaseRoundFactory(status=RoundStatus.DRAFT)
    item = settled.items.get()
    group, other = member_groups(rattaphum, 2)
    order(settled, rattaphum, {(group, item): D("500"), (other, item): D("80")})
    advance_round(settled, "settled", by=staff_user(provincial_center()))
    client.force_login(staff_user(rattaphum))
    receiving = reverse("purchase_district_receiving", args=[settled.pk, rattaphum.district.code])
    page = client.get(receiving).content.decode()
    assert "บันทึกการรับสินค้าของกลุ่ม" not in page  # no forms, only the record
    assert "580.00" in page  # Rattaphum's 580 t, delivered and picked up
    response = client.post(receiving, {"form": "payment"})
    assert response.status_code == 403
    assert "ก่อนปิดรอบ" in response.content.decode()


def test_the_order_grid_draws_each_cell_as_a_text_input(login, ordered_round):
    """The grid's cells are drawn from plain data, in the markup Django's text input gives:
    disabled once submitted, the saved figure, a bad figure kept with its message."""
    item = ordered_round.items.get()
    r1, r2, _ = ordered_round.groups
    url = reverse("purchase_order_entry", args=[ordered_round.pk, "9009"])
    client = login("rattaphum_coord")
    name, bad = f"q_{r1.pk}_{item.pk}", f"q_{r2.pk}_{item.pk}"
    attributes = 'inputmode="decimal" autocomplete="off"'
    page = client.get(url).content.decode()  # Rattaphum's order is submitted
    assert (
        f'<input type="text" name="{name}" value="40.00" {attributes}'
        f' aria-label="{r1.name}: ปุ๋ยทดสอบ (ตัน)" class="qty" size="8" disabled id="id_{name}">'
    ) in page
    order = ordered_round.orders.get(center=district("9009"))
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
