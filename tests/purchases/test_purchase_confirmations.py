"""What cannot be undone asks first (issue 14): a grid save that deletes groups' orders,
submitting a district's order, closing a round early, sending it to the supplier. Each
confirmation is a server-rendered step that works without JavaScript; the version and
the submission key go through it. And a return is not an edit of the figures."""

import datetime
import re
import uuid
from decimal import Decimal

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from transactions.purchases.models import (
    DistrictOrder,
    OrderLine,
    OrderStatus,
    PurchaseRound,
    RoundStatus,
)

from ..factories import (
    DistrictCenterFactory,
    PurchaseRoundFactory,
    chair_user,
    member_groups,
    order,
    province,
    staff_user,
)

D = Decimal
pytestmark = pytest.mark.django_db


# The test's own district centers (standing for Rattaphum, Hat Yai and Sadao), the member
# groups of the first two, their coordinators and the provincial center's staff.


@pytest.fixture
def rattaphum():
    return DistrictCenterFactory(district__name="ทดสอบรัตภูมิ")


@pytest.fixture
def hatyai():
    return DistrictCenterFactory(district__name="ทดสอบหาดใหญ่")


@pytest.fixture
def sadao():
    return DistrictCenterFactory(district__name="ทดสอบสะเดา")


@pytest.fixture
def groups(rattaphum):
    return member_groups(rattaphum, 2)


@pytest.fixture
def hatyai_groups(hatyai):
    return member_groups(hatyai, 1)


@pytest.fixture
def coordinator(rattaphum):
    return staff_user(rattaphum, first_name="สุนิสา", last_name="ทดสอบ")


@pytest.fixture
def prov_coord():
    return staff_user(province(), first_name="ประพันธ์", last_name="ทดสอบ")


def as_user(client, user):
    client.force_login(user)
    return client


def _entry_url(purchase_round, center):
    return reverse("purchase_order_entry", args=[purchase_round.pk, center.district.code])


def _url(name, purchase_round, center):
    return reverse(name, args=[purchase_round.pk, center.district.code])


def _grid(values, version, key=None, **extra):
    data = {"version": str(version), "submission_key": str(key or uuid.uuid4()), **extra}
    for (organization, item), value in values.items():
        data[f"q_{organization.pk}_{item.pk}"] = value
    return data


# A return is not an edit ---------------------------------------------------------------


def test_after_a_return_the_order_page_names_the_coordinator_as_last_editor(
    client, rattaphum, groups, coordinator, prov_coord
):
    purchase_round = PurchaseRoundFactory()
    item = purchase_round.items.get()
    g1 = groups[0]
    district_user = coordinator
    coordinator = as_user(client, district_user)
    coordinator.post(_entry_url(purchase_round, rattaphum), _grid({(g1, item): "7"}, 0))
    saved = DistrictOrder.objects.get(round=purchase_round)
    saved_at = saved.updated_at
    coordinator.post(
        _url("purchase_order_submit", purchase_round, rattaphum),
        {"version": "1", "confirmed": "1"},
    )
    province = as_user(client, prov_coord)
    province.post(
        _url("purchase_order_return", purchase_round, rattaphum),
        {"note": "กลุ่มแม่บ้านควนรูยังไม่ได้สั่ง"},
    )
    returned = DistrictOrder.objects.get(pk=saved.pk)
    assert returned.status == OrderStatus.RETURNED
    assert returned.updated_by.username == district_user.username
    assert returned.updated_at == saved_at
    page = as_user(client, district_user).get(_entry_url(purchase_round, rattaphum))
    page = page.content.decode()
    coordinator_name = district_user.get_full_name()
    returner_name = prov_coord.get_full_name()
    last_edit = page.split("บันทึกล่าสุด</dt><dd>", 1)[1].split("</dd>", 1)[0]
    assert coordinator_name in last_edit
    assert returner_name not in last_edit
    returned_line = page.split("ส่งคืนเมื่อ</dt><dd>", 1)[1].split("</dd>", 1)[0]
    assert returner_name in returned_line


def test_a_form_drawn_before_a_return_says_the_province_returned_it(
    client, rattaphum, groups, coordinator, prov_coord
):
    purchase_round = PurchaseRoundFactory()
    item = purchase_round.items.get()
    g1 = groups[0]
    district_client = as_user(client, coordinator)
    district_client.post(_entry_url(purchase_round, rattaphum), _grid({(g1, item): "7"}, 0))
    district_client.post(
        _url("purchase_order_submit", purchase_round, rattaphum),
        {"version": "1", "confirmed": "1"},
    )
    as_user(client, prov_coord).post(
        _url("purchase_order_return", purchase_round, rattaphum), {"note": "ขาดกลุ่ม"}
    )
    stale = as_user(client, coordinator).post(
        _entry_url(purchase_round, rattaphum), _grid({(g1, item): "9"}, 1)
    )
    assert stale.status_code == 409
    page = stale.content.decode()
    assert f"{prov_coord.get_full_name()} ส่งคืนคำสั่งซื้อของอำเภอนี้เมื่อ" in page


def test_a_return_recorded_before_the_fix_is_split_from_the_last_save(
    client, rattaphum, groups, coordinator, prov_coord
):
    """The migration's backfill: an order returned when a return still overwrote
    updated_by gets its last editor back from its history."""
    from importlib import import_module

    migration = import_module("transactions.purchases.migrations.0007_order_returned_at_by")
    purchase_round = PurchaseRoundFactory()
    item = purchase_round.items.get()
    g1 = groups[0]
    returner = prov_coord
    as_user(client, coordinator).post(
        _entry_url(purchase_round, rattaphum), _grid({(g1, item): "7"}, 0)
    )
    saved = DistrictOrder.objects.get(round=purchase_round)
    saved_at = saved.updated_at
    saved.status, saved.submitted_by = OrderStatus.SUBMITTED, coordinator
    saved.save()
    # What return_order used to write.
    saved.status, saved.returned_reason = OrderStatus.RETURNED, "ขาดกลุ่มหนึ่ง"
    saved.version += 1
    saved.updated_at, saved.updated_by = timezone.now(), returner
    saved.save()
    migration.split_returns_from_saves(apps, None)
    saved.refresh_from_db()
    assert (saved.updated_by, saved.updated_at) == (coordinator, saved_at)
    assert saved.returned_by == returner and saved.returned_at > saved_at


# A grid save that would delete orders -----------------------------------------------------


def _hidden(page, name):
    return re.search(rf'name="{name}" value="([^"]*)"', page).group(1)


def test_clearing_saved_cells_asks_first_and_says_what_goes(client, rattaphum, groups, coordinator):
    purchase_round = PurchaseRoundFactory()
    item = purchase_round.items.get()
    g1, g2 = groups[:2]
    client = as_user(client, coordinator)
    assert client.post(
        _entry_url(purchase_round, rattaphum), _grid({(g1, item): "7", (g2, item): "3"}, 0)
    )
    key = uuid.uuid4()
    cleared = _grid({(g1, item): "", (g2, item): "5"}, 1, key)
    response = client.post(_entry_url(purchase_round, rattaphum), cleared)
    assert response.status_code == 200
    page = response.content.decode()
    assert "ยืนยันการลบคำสั่งซื้อเดิมของกลุ่ม" in page
    listed = page.split('id="removals-heading"', 1)[1].split("</section>", 1)[0]
    assert f"{g1.name}: {item.product.name} 7.00 ตัน" in listed
    assert g2.name not in listed  # changed, not removed
    # Nothing saved yet; the grid keeps what was typed, the version and the key.
    saved = DistrictOrder.objects.get(round=purchase_round)
    assert saved.version == 1
    assert OrderLine.objects.get(order=saved, organization=g1).quantity == D("7")
    assert f'name="q_{g2.pk}_{item.pk}" value="5"' in page
    assert _hidden(page, "version") == "1"
    assert _hidden(page, "submission_key") == str(key)
    confirm = re.search(r'form="order-grid" name="confirmed" value="([^"]*)"', page).group(1)
    assert confirm == f"{g1.pk}_{item.pk}"

    confirmed = {**cleared, "confirmed": confirm}
    assert client.post(_entry_url(purchase_round, rattaphum), confirmed).status_code == 302
    saved.refresh_from_db()
    assert saved.version == 2
    assert not OrderLine.objects.filter(order=saved, organization=g1).exists()
    assert OrderLine.objects.get(order=saved, organization=g2).quantity == D("5")
    # The confirmation sent twice (a double tap, a retry) is saved once.
    again = client.post(_entry_url(purchase_round, rattaphum), confirmed, follow=True)
    assert "บันทึกไปแล้ว ไม่ได้บันทึกซ้ำ" in again.content.decode()
    saved.refresh_from_db()
    assert saved.version == 2


def test_a_confirmation_covers_only_the_lines_it_listed(client, rattaphum, groups, coordinator):
    purchase_round = PurchaseRoundFactory()
    item = purchase_round.items.get()
    g1, g2 = groups[:2]
    client = as_user(client, coordinator)
    client.post(_entry_url(purchase_round, rattaphum), _grid({(g1, item): "7", (g2, item): "3"}, 0))
    # g1's removal was confirmed, then g2 cleared too before pressing the button.
    both = _grid({(g1, item): "", (g2, item): ""}, 1, confirmed=f"{g1.pk}_{item.pk}")
    response = client.post(_entry_url(purchase_round, rattaphum), both)
    assert response.status_code == 200
    listed = response.content.decode().split('id="removals-heading"', 1)[1]
    assert g1.name in listed and g2.name in listed
    assert OrderLine.objects.filter(order__round=purchase_round).count() == 2


def test_a_confirmed_removal_over_someone_elses_save_is_a_conflict(
    client, rattaphum, groups, coordinator
):
    purchase_round = PurchaseRoundFactory()
    item = purchase_round.items.get()
    g1 = groups[0]
    client = as_user(client, coordinator)
    client.post(_entry_url(purchase_round, rattaphum), _grid({(g1, item): "7"}, 0))
    client.post(_entry_url(purchase_round, rattaphum), _grid({(g1, item): "8"}, 1))  # a colleague
    stale = _grid({(g1, item): ""}, 1, confirmed=f"{g1.pk}_{item.pk}")
    assert client.post(_entry_url(purchase_round, rattaphum), stale).status_code == 409
    assert OrderLine.objects.get(order__round=purchase_round).quantity == D("8")


def test_typing_new_figures_asks_nothing(client, rattaphum, groups, coordinator):
    purchase_round = PurchaseRoundFactory()
    item = purchase_round.items.get()
    g1, g2 = groups[:2]
    client = as_user(client, coordinator)
    client.post(_entry_url(purchase_round, rattaphum), _grid({(g1, item): "7"}, 0))
    response = client.post(
        _entry_url(purchase_round, rattaphum), _grid({(g1, item): "9", (g2, item): "1"}, 1)
    )
    assert response.status_code == 302


# Submitting a district's order -------------------------------------------------------------


def test_submitting_asks_first_with_what_is_sent_and_what_happens_next(
    client, rattaphum, groups, coordinator
):
    purchase_round = PurchaseRoundFactory()
    item = purchase_round.items.get()
    g1, g2 = groups[:2]
    client = as_user(client, coordinator)
    client.post(
        _entry_url(purchase_round, rattaphum), _grid({(g1, item): "60", (g2, item): "45"}, 0)
    )
    submit = _url("purchase_order_submit", purchase_round, rattaphum)
    response = client.post(submit, {"version": "1"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "ยืนยัน: ส่งคำสั่งซื้อของอำเภอทดสอบรัตภูมิให้ศูนย์จังหวัด" in page
    assert "105.00 ตัน" in page  # the district's total
    assert "1,522,500.00 บาท" in page  # 105 t at the tier reached (100 t: 14,500)
    assert "แก้ไขไม่ได้จนกว่าศูนย์จังหวัดจะส่งคืนพร้อมเหตุผล" in page
    assert _hidden(page, "version") == "1"
    assert _hidden(page, "confirmed") == "1"
    assert DistrictOrder.objects.get(round=purchase_round).status == OrderStatus.DRAFT

    fragment = client.post(submit, {"version": "1"}, headers={"HX-Request": "true"})
    assert "<html" not in fragment.content.decode()
    assert 'id="confirm-step"' in fragment.content.decode()
    assert fragment["Vary"] and "HX-Request" in fragment["Vary"]

    done = client.post(submit, {"version": "1", "confirmed": "1"})
    assert done.status_code == 302
    assert DistrictOrder.objects.get(round=purchase_round).status == OrderStatus.SUBMITTED
    done = client.post(submit, {"version": "1", "confirmed": "1"}, headers={"HX-Request": "true"})
    assert done["HX-Redirect"] == _entry_url(
        purchase_round, rattaphum
    )  # a double tap: nothing twice


def test_a_submission_that_cannot_go_through_says_so_without_asking(client, rattaphum, coordinator):
    purchase_round = PurchaseRoundFactory()
    client = as_user(client, coordinator)
    submit = _url("purchase_order_submit", purchase_round, rattaphum)
    response = client.post(submit, {"version": "0"}, follow=True)
    assert "ยังไม่มีรายการสั่งซื้อ" in response.content.decode()
    assert "ยืนยัน:" not in response.content.decode()


# Closing early, the supplier order, cancelling ----------------------------------------------


def _two_districts(purchase_round, rattaphum, hatyai):
    item = purchase_round.items.get()
    r1 = member_groups(rattaphum, 1)[0]
    h1 = member_groups(hatyai, 1)[0]
    order(purchase_round, rattaphum, {(r1, item): D("40")}, status=OrderStatus.SUBMITTED)
    order(purchase_round, hatyai, {(h1, item): D("25")}, status=OrderStatus.DRAFT)
    return item


def test_closing_before_the_closing_time_asks_first_and_names_who_is_left_out(
    client, rattaphum, hatyai, sadao, prov_coord
):
    purchase_round = PurchaseRoundFactory()
    _two_districts(purchase_round, rattaphum, hatyai)
    client = as_user(client, prov_coord)
    url = reverse("purchase_round_transition", args=[purchase_round.pk])
    response = client.post(url, {"action": "close", "note": "ครบแล้ว"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "ยืนยัน: ปิดรับคำสั่งซื้อก่อนกำหนด" in page
    assert "40.00 ตัน" in page  # Rattaphum's submitted order
    assert "600,000.00 บาท" in page  # 40 t at 15,000: Hat Yai's 25 t do not count
    left_out = page.split("จะไม่รวมในคำสั่งซื้อถึงผู้จำหน่าย", 1)[1].split("</ul>", 1)[0]
    assert "อำเภอทดสอบหาดใหญ่ (บันทึกคำสั่งซื้อไว้แล้วแต่ยังไม่ได้ส่ง: ปุ๋ยทดสอบ 16-16-8 25.00 ตัน" in left_out
    assert "อำเภอทดสอบรัตภูมิ" not in left_out
    assert "อำเภอทดสอบสะเดา (ยังไม่ได้บันทึก)" in left_out
    assert _hidden(page, "note") == "ครบแล้ว"
    assert PurchaseRound.objects.get(pk=purchase_round.pk).status == RoundStatus.OPEN

    client.post(url, {"action": "close", "note": "ครบแล้ว", "confirmed": "1"})
    assert PurchaseRound.objects.get(pk=purchase_round.pk).status == RoundStatus.CLOSED


def test_closing_after_the_closing_time_asks_nothing(client, prov_coord):
    purchase_round = PurchaseRoundFactory()
    PurchaseRound.objects.filter(pk=purchase_round.pk).update(
        closes_at=timezone.now() - datetime.timedelta(minutes=5)
    )
    client = as_user(client, prov_coord)
    url = reverse("purchase_round_transition", args=[purchase_round.pk])
    assert client.post(url, {"action": "close", "note": ""}).status_code == 302
    assert PurchaseRound.objects.get(pk=purchase_round.pk).status == RoundStatus.CLOSED


def test_ordering_from_the_supplier_asks_first_with_the_submitted_totals(
    client, rattaphum, hatyai, prov_coord
):
    purchase_round = PurchaseRoundFactory()
    _two_districts(purchase_round, rattaphum, hatyai)
    PurchaseRound.objects.filter(pk=purchase_round.pk).update(status=RoundStatus.CLOSED)
    client = as_user(client, prov_coord)
    url = reverse("purchase_round_transition", args=[purchase_round.pk])
    response = client.post(url, {"action": "order", "note": ""})
    page = response.content.decode()
    assert "ยืนยัน: สั่งซื้อจากผู้จำหน่าย" in page
    assert "บริษัทปุ๋ยทดสอบ จำกัด" in page
    assert "40.00 ตัน" in page and "600,000.00 บาท" in page
    assert "อำเภอทดสอบหาดใหญ่ (บันทึกคำสั่งซื้อไว้แล้วแต่ยังไม่ได้ส่ง" in page
    assert "ระบบออกเลขที่ใบสั่งซื้อ" in page
    assert PurchaseRound.objects.get(pk=purchase_round.pk).status == RoundStatus.CLOSED

    fragment = client.post(url, {"action": "order", "note": ""}, headers={"HX-Request": "true"})
    assert "<html" not in fragment.content.decode()
    assert "ยืนยันสั่งซื้อจากผู้จำหน่าย" in fragment.content.decode()

    done = client.post(url, {"action": "order", "note": "", "confirmed": "1"})
    assert done.status_code == 302
    ordered = PurchaseRound.objects.get(pk=purchase_round.pk)
    assert ordered.status == RoundStatus.ORDERED and ordered.order_number


def test_an_order_that_cannot_go_to_the_supplier_says_why_without_asking(
    client, rattaphum, hatyai, prov_coord
):
    purchase_round = PurchaseRoundFactory(supplier=None)
    _two_districts(purchase_round, rattaphum, hatyai)
    PurchaseRound.objects.filter(pk=purchase_round.pk).update(status=RoundStatus.CLOSED)
    client = as_user(client, prov_coord)
    url = reverse("purchase_round_transition", args=[purchase_round.pk])
    response = client.post(url, {"action": "order", "note": ""}, follow=True)
    assert "กรุณาระบุผู้จำหน่ายก่อนสั่งซื้อ" in response.content.decode()
    assert "ยืนยัน:" not in response.content.decode()


def test_cancelling_asks_first_and_needs_its_reason(client, rattaphum, hatyai, prov_coord):
    purchase_round = PurchaseRoundFactory()
    _two_districts(purchase_round, rattaphum, hatyai)
    client = as_user(client, prov_coord)
    url = reverse("purchase_round_transition", args=[purchase_round.pk])
    no_reason = client.post(url, {"action": "cancel", "note": " "}, follow=True)
    assert "กรุณาระบุเหตุผลที่ยกเลิกรอบ" in no_reason.content.decode()
    page = client.post(url, {"action": "cancel", "note": "ราคาปุ๋ยขึ้น"}).content.decode()
    assert "ยืนยัน: ยกเลิกรอบการซื้อ" in page
    assert "อำเภอทดสอบรัตภูมิ (ส่งศูนย์จังหวัดแล้ว)" in page
    assert "ย้อนกลับไม่ได้" in page
    assert PurchaseRound.objects.get(pk=purchase_round.pk).status == RoundStatus.OPEN
    client.post(url, {"action": "cancel", "note": "ราคาปุ๋ยขึ้น", "confirmed": "1"})
    assert PurchaseRound.objects.get(pk=purchase_round.pk).status == RoundStatus.CANCELLED


def test_the_round_page_asks_for_confirmation_in_place_with_htmx(client, prov_coord):
    purchase_round = PurchaseRoundFactory()
    page = as_user(client, prov_coord).get(purchase_round.get_absolute_url()).content.decode()
    close_form = page.split('name="action" value="close"', 1)[0].rsplit("<form", 1)[1]
    assert 'hx-target="#round-confirm"' in close_form
    assert 'id="round-confirm"' in page


# A save retried after its answer was lost ------------------------------------------------


def test_a_save_retried_after_others_saved_is_still_recorded_once(
    client, rattaphum, groups, coordinator
):
    purchase_round = PurchaseRoundFactory()
    item = purchase_round.items.get()
    g1, g2 = groups[:2]
    client = as_user(client, coordinator)
    first = _grid({(g1, item): "7"}, 0)
    client.post(_entry_url(purchase_round, rattaphum), first)  # its answer never reached the phone
    client.post(_entry_url(purchase_round, rattaphum), _grid({(g1, item): "7", (g2, item): "2"}, 1))
    retried = client.post(_entry_url(purchase_round, rattaphum), first, follow=True)
    assert "คำสั่งซื้อนี้บันทึกไปแล้ว ไม่ได้บันทึกซ้ำ" in retried.content.decode()
    saved = DistrictOrder.objects.get(round=purchase_round)
    assert saved.version == 2
    assert OrderLine.objects.filter(order=saved).count() == 2


def test_the_order_page_tells_the_browser_which_saves_it_recorded(
    client, rattaphum, groups, coordinator
):
    purchase_round = PurchaseRoundFactory()
    item = purchase_round.items.get()
    g1 = groups[0]
    client = as_user(client, coordinator)
    key = uuid.uuid4()
    client.post(_entry_url(purchase_round, rattaphum), _grid({(g1, item): "7"}, 0, key))
    page = client.get(_entry_url(purchase_round, rattaphum)).content.decode()
    form = page.split('id="order-grid"', 1)[1].split(">", 1)[0]
    assert f'data-keep-recorded="{key}"' in form
    assert 'data-keep-version="1"' in form
    user_pk = coordinator.pk
    assert f'data-keep="u{user_pk}:order:{purchase_round.pk}:{rattaphum.district.code}"' in form
    assert "data-keep-bound" not in form
    # Read-only for the chair: nothing to keep.
    chair_page = (
        as_user(client, chair_user(rattaphum))
        .get(_entry_url(purchase_round, rattaphum))
        .content.decode()
    )
    assert "data-keep=" not in chair_page
