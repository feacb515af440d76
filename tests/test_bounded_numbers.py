"""Nothing a user types as a number can break a page: every number is read the Thai way
(never as Python reads it), bounded by its column and by what it can sensibly be, refused
with a Thai message next to the field, and nothing is saved."""

import os
import subprocess
import sys
import uuid
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.db import DataError, IntegrityError, connection, transaction
from django.urls import reverse

from centers.models import Committee, Membership
from members.models import Organization
from songkhla_network.numbers import NOT_A_NUMBER, parse_number
from tests.members.test_baseline import form_data, profile_url
from transactions.catalogue.models import Product, ReferencePrice, Support
from transactions.purchases import services
from transactions.purchases.models import (
    Delivery,
    DistrictOrder,
    OrderLine,
    Payment,
    Pickup,
    PriceTier,
    PurchaseRound,
    PurchaseTarget,
    RoundEvent,
    RoundStatus,
)

from .purchase_helpers import active_groups, district, make_round, order, province

D = Decimal
# What a hostile or careless hand types into a number field.
PYTHON_SPELLINGS = ["1e30", "1E+400", "NaN", "Infinity", "-inf", "1_000", "+5", "0x10"]
MISPLACED = ["12,5", "1,25,000", "1.2.3", "٣"]  # a decimal comma, Indian grouping, Arabic digit

CATTLE = "กลุ่มผู้เลี้ยงโคพื้นเมืองรัตภูมิ"  # the demo's group with no baseline data
FERTILIZER = "ปุ๋ยเคมีสูตร 15-15-15"


@pytest.mark.parametrize(
    ("typed", "number"),
    [
        ("1,250", D("1250")),
        ("๑,๒๕๐.๕", D("1250.5")),
        ("1 250", D("1250")),
        (" 12.5 ", D("12.5")),
        (".5", D("0.5")),
        ("12.", D("12")),
        ("-3", D("-3")),  # read, so the field can say it must not be negative
        ("", None),
    ],
)
def test_numbers_are_read_as_people_write_them(typed, number):
    assert parse_number(typed) == number


@pytest.mark.parametrize("typed", PYTHON_SPELLINGS + MISPLACED + ["1" * 41])
def test_python_spellings_and_misplaced_commas_are_not_numbers(typed):
    with pytest.raises(ValidationError) as refused:
        parse_number(typed)
    assert refused.value.messages == [NOT_A_NUMBER]


# The order grid -------------------------------------------------------------------------


def _grid(purchase_round, cells, version=0):
    data = {"version": str(version), "submission_key": str(uuid.uuid4())}
    for (group, item), typed in cells.items():
        data[f"q_{group.pk}_{item.pk}"] = typed
    return data


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("1000000000000", "ต้องไม่เกิน 10,000 ตัน"),
        ("10000.01", "ต้องไม่เกิน 10,000 ตัน"),
        *[(typed, NOT_A_NUMBER) for typed in PYTHON_SPELLINGS + ["12,5"]],
    ],
)
def test_a_cell_beyond_reason_is_refused_and_every_page_still_opens(login, typed, message):
    purchase_round = make_round()
    item = purchase_round.items.get()
    g1, g2 = active_groups(district("9009"))[:2]
    url = reverse("purchase_order_entry", args=[purchase_round.pk, "9009"])
    client = login("rattaphum_coord")
    response = client.post(url, _grid(purchase_round, {(g1, item): "5", (g2, item): typed}))
    assert response.status_code == 400
    page = response.content.decode()
    assert f'id="err-q_{g2.pk}_{item.pk}" class="cell-error">{message}</span>' in page
    assert "ยังไม่ได้บันทึก" in page
    assert not OrderLine.objects.filter(order__round=purchase_round).exists()
    province_staff = login("prov_coord")
    for page_url in (
        url,
        purchase_round.get_absolute_url(),
        reverse("purchase_order_pdf", args=[purchase_round.pk]),
        reverse("purchase_orders_xlsx", args=[purchase_round.pk]),
        reverse("purchase_orders_csv", args=[purchase_round.pk]),
    ):
        assert province_staff.get(page_url).status_code == 200, page_url


def test_each_unit_has_its_own_maximum(login):
    purchase_round = make_round(items=[("ปุ๋ยทดสอบกระสอบ", D("800"), None, [])])
    item = purchase_round.items.get()
    Product.objects.filter(pk=item.product_id).update(unit="sack", decimal_places=0)
    g1, g2 = active_groups(district("9009"))[:2]
    url = reverse("purchase_order_entry", args=[purchase_round.pk, "9009"])
    response = login("rattaphum_coord").post(
        url, _grid(purchase_round, {(g1, item): "200,000", (g2, item): "200,001"})
    )
    assert response.status_code == 400
    assert "ต้องไม่เกิน 200,000 กระสอบ (50 กก.)" in response.content.decode()
    assert not OrderLine.objects.filter(order__round=purchase_round).exists()


def test_the_service_refuses_what_no_form_would_send(demo):
    """A caller other than the grid (a script, a future page) meets the same bounds."""
    purchase_round = make_round()
    item = purchase_round.items.get()
    rattaphum = district("9009")
    groups = active_groups(rattaphum)
    for quantity in (D("1e30"), D("10000.5"), D("-1"), D("1.234")):
        with pytest.raises(services.RoundError):
            services.save_order(
                purchase_round,
                rattaphum,
                {(groups[0].pk, item.pk): quantity},
                version=0,
                submission_key=None,
                user=None,
                allowed_groups={group.pk for group in groups},
            )
    assert not OrderLine.objects.filter(order__round=purchase_round).exists()


def test_the_database_keeps_only_what_it_can_read_back(demo):
    """SQLite stored 1e30 in a 14-digit column and Django could never read the row again;
    the column's check now refuses it as PostgreSQL's numeric type does."""
    purchase_round = make_round()
    item = purchase_round.items.get()
    rattaphum = district("9009")
    order_ = DistrictOrder.objects.create(round=purchase_round, center=rattaphum)
    group = active_groups(rattaphum)[0]
    for quantity in (D("1000000000000"), D("1e30")):
        with pytest.raises((IntegrityError, DataError)), transaction.atomic():
            OrderLine.objects.create(order=order_, organization=group, item=item, quantity=quantity)


def test_a_database_holding_such_a_figure_is_repaired_by_the_migration(login, request):
    """What 0008 does to a SQLite file written before the ceilings: the unreadable line
    goes, the round's history says so, the district's order gets a new version.

    Only SQLite could keep such a figure; where the suite runs on PostgreSQL (CI), this
    test runs itself on SQLite in a new process, so it is never skipped."""
    from importlib import import_module

    from django.apps import apps

    if connection.vendor != "sqlite":
        environment = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
        result = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", request.node.nodeid],
            cwd=Path(__file__).resolve().parent.parent,
            env=environment,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert result.returncode == 0 and "1 passed" in result.stdout, result.stdout[-5000:]
        return

    repair = import_module(
        "transactions.purchases.migrations.0008_repair_numbers_beyond_their_columns"
    )
    purchase_round = make_round()
    item = purchase_round.items.get()
    rattaphum = district("9009")
    g1, g2 = active_groups(rattaphum)[:2]
    order(purchase_round, rattaphum, {(g1, item): D("5"), (g2, item): D("6")})
    before = DistrictOrder.objects.get(round=purchase_round, center=rattaphum).version
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA ignore_check_constraints = ON")
        try:
            cursor.execute(
                "UPDATE transactions_orderline SET quantity = 1e30 WHERE organization_id = %s",
                [g2.pk],
            )
        finally:
            cursor.execute("PRAGMA ignore_check_constraints = OFF")
    repair.repair(apps, SimpleNamespace(connection=connection))  # its SQL, in this test
    lines = OrderLine.objects.filter(order__round=purchase_round)
    assert list(lines.values_list("organization_id", "quantity")) == [(g1.pk, D("5"))]
    assert DistrictOrder.objects.get(round=purchase_round, center=rattaphum).version == before + 1
    event = RoundEvent.objects.filter(round=purchase_round).latest("at")
    assert "ลบรายการสั่งซื้อที่มีตัวเลขเกินกว่าที่ระบบเก็บได้ 1 รายการ" in event.note
    assert login("prov_coord").get(purchase_round.get_absolute_url()).status_code == 200


# Every other number a user types ---------------------------------------------------------


def _ordered_round():
    purchase_round = make_round(status=RoundStatus.ORDERED, items=[("ปุ๋ยทดสอบ", D("100"), None, [])])
    item = purchase_round.items.get()
    group = active_groups(district("9009"))[0]
    order(purchase_round, district("9009"), {(group, item): D("10")})
    return purchase_round, item, group


def _delivery(purchase_round, item, group, typed):
    url = reverse("purchase_deliveries", args=[purchase_round.pk])
    return url, {
        "form": "delivery",
        "delivery-center": str(district("9009").pk),
        "delivery-item": str(item.pk),
        "delivery-delivered_on": "25/11/2569",
        "delivery-quantity": typed,
        "delivery-submission_key": str(uuid.uuid4()),
    }


def _pickup(purchase_round, item, group, typed):
    url = reverse("purchase_district_receiving", args=[purchase_round.pk, "9009"])
    return url, {
        "form": "pickup",
        "pickup-organization": str(group.pk),
        "pickup-item": str(item.pk),
        "pickup-picked_up_on": "25/11/2569",
        "pickup-quantity": typed,
        "pickup-submission_key": str(uuid.uuid4()),
    }


def _group_payment(purchase_round, item, group, typed):
    url = reverse("purchase_district_receiving", args=[purchase_round.pk, "9009"])
    return url, {
        "form": "payment",
        "payment-organization": str(group.pk),
        "payment-paid_on": "20/11/2569",
        "payment-amount": typed,
        "payment-submission_key": str(uuid.uuid4()),
    }


def _district_payment(purchase_round, item, group, typed):
    url = reverse("purchase_deliveries", args=[purchase_round.pk])
    return url, {
        "form": "payment",
        "payment-center": str(district("9009").pk),
        "payment-paid_on": "20/11/2569",
        "payment-amount": typed,
        "payment-submission_key": str(uuid.uuid4()),
    }


def _supplied(purchase_round, item, group, typed):
    url = reverse("purchase_deliveries", args=[purchase_round.pk])
    return url, {
        "form": "supplied",
        "supplied-item": str(item.pk),
        "supplied-supplied_quantity": typed,
    }


ENTRY_FORMS = {
    "delivery": (_delivery, lambda r: Delivery.objects.filter(round=r), "10,001"),
    "pickup": (_pickup, lambda r: Pickup.objects.filter(round=r), "10,001"),
    "group payment": (_group_payment, lambda r: Payment.objects.filter(round=r), "1,000,000,001"),
    "district payment": (
        _district_payment,
        lambda r: Payment.objects.filter(round=r),
        "1,000,000,001",
    ),
    "supplied quantity": (
        _supplied,
        lambda r: r.items.filter(supplied_quantity__isnull=False),
        "100,000,001",
    ),
}


@pytest.mark.parametrize("typed", [*PYTHON_SPELLINGS, "12,5", "too much"])
@pytest.mark.parametrize("form", list(ENTRY_FORMS))
def test_deliveries_pickups_and_payments_take_only_sensible_numbers(login, form, typed):
    build, saved, too_much = ENTRY_FORMS[form]
    typed = too_much if typed == "too much" else typed
    purchase_round, item, group = _ordered_round()
    client = login(
        "prov_coord" if form in ("district payment", "supplied quantity") else "rattaphum_coord"
    )
    url, data = build(purchase_round, item, group, typed)
    response = client.post(url, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert NOT_A_NUMBER in page or "ต้องไม่เกิน" in page, page
    assert not saved(purchase_round).exists()


def _round_post(product_, **extra):
    return {
        "title": "ซื้อปุ๋ยร่วมกัน รอบทดสอบตัวเลข",
        "center": str(province().pk),
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


@pytest.mark.parametrize(
    ("field", "typed", "message"),
    [
        ("minimum_total", "1e30", NOT_A_NUMBER),
        ("minimum_total", "10,000,000,001", "ต้องไม่เกิน 10,000,000,000"),
        ("items-0-unit_price", "1_000", NOT_A_NUMBER),
        ("items-0-unit_price", "1,000,001", "ต้องไม่เกิน 1,000,000"),
        ("items-0-reference_price", "NaN", NOT_A_NUMBER),
    ],
)
def test_a_round_takes_only_sensible_prices(login, field, typed, message):
    fertilizer = Product.objects.get(name=FERTILIZER)
    response = login("prov_coord").post(
        reverse("purchase_round_create"), _round_post(fertilizer, **{field: typed})
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not PurchaseRound.objects.filter(title="ซื้อปุ๋ยร่วมกัน รอบทดสอบตัวเลข").exists()


def test_a_price_per_kilogram_has_its_own_maximum(login):
    coffee = Product.objects.create(name="กาแฟทดสอบ", unit="kg", category="consumer")
    response = login("prov_coord").post(
        reverse("purchase_round_create"), _round_post(coffee, **{"items-0-unit_price": "20,000"})
    )
    assert "ราคาของกาแฟทดสอบต้องไม่เกิน 10,000 บาทต่อกิโลกรัม" in response.content.decode()
    assert not PurchaseRound.objects.filter(title="ซื้อปุ๋ยร่วมกัน รอบทดสอบตัวเลข").exists()


@pytest.mark.parametrize(
    ("threshold", "price", "message"),
    [
        ("1e3", "14,500", NOT_A_NUMBER),
        ("1,000,001", "14,500", "ต้องไม่เกิน 1,000,000 ตัน"),
        ("100", "1_4500", NOT_A_NUMBER),
    ],
)
def test_price_tiers_take_only_sensible_numbers(login, threshold, price, message):
    purchase_round = make_round(items=[("ปุ๋ยทดสอบ", D("15000"), None, [])])
    item = purchase_round.items.get()
    response = login("prov_marketing").post(
        reverse("purchase_item_tiers", args=[purchase_round.pk, item.pk]),
        {
            "tiers-TOTAL_FORMS": "1",
            "tiers-INITIAL_FORMS": "0",
            "tiers-MIN_NUM_FORMS": "0",
            "tiers-MAX_NUM_FORMS": "1000",
            "tiers-0-min_quantity": threshold,
            "tiers-0-unit_price": price,
        },
    )
    assert message in response.content.decode()
    assert not PriceTier.objects.filter(item=item).exists()


@pytest.mark.parametrize(
    ("typed", "message"), [("1E+400", NOT_A_NUMBER), ("1,000,001", "ต้องไม่เกิน")]
)
def test_a_reference_price_takes_only_a_sensible_price(login, typed, message):
    fertilizer = Product.objects.get(name=FERTILIZER)
    response = login("prov_marketing").post(
        reverse("purchase_catalogue"),
        {"product": str(fertilizer.pk), "price": typed, "effective_on": "1/11/2569", "source": ""},
    )
    assert message in response.content.decode()
    assert not ReferencePrice.objects.filter(product=fertilizer, price__gt=1_000_000).exists()
    assert ReferencePrice.objects.filter(product=fertilizer, source="").count() == 0


@pytest.mark.parametrize(
    ("typed", "message"),
    [("1e30", NOT_A_NUMBER), ("1_000", NOT_A_NUMBER), ("1,000,001", "ต้องไม่เกิน 1,000,000 ตัน")],
)
def test_a_yearly_target_takes_only_a_sensible_quantity(login, typed, message):
    fertilizer = Product.objects.get(name=FERTILIZER)
    data = {"product": str(fertilizer.pk), "be_year": "2570", "quantity": typed, "note": ""}
    response = login("prov_marketing").post("/reports/dashboard/", data)
    assert message in response.content.decode()
    assert not PurchaseTarget.objects.filter(product=fertilizer, year=2027).exists()


@pytest.mark.parametrize(
    ("field", "typed", "message"),
    [
        ("profile-member_count", "1_000", NOT_A_NUMBER),
        ("profile-member_count", "1,000,001", "ต้องไม่เกิน 1,000,000 คน"),
        ("profile-member_count", "12.5", "กรอกเป็นจำนวนเต็ม คน ไม่มีทศนิยม"),
        ("profile-capital", "1e30", NOT_A_NUMBER),
        ("profile-capital", "100,000,000,001", "ต้องไม่เกิน 100,000,000,000"),
        ("interests-0-quantity_per_year", "Infinity", NOT_A_NUMBER),
        ("interests-0-quantity_per_year", "1,000,001", "ต้องไม่เกิน 1,000,000 ตัน"),
    ],
)
def test_a_baseline_profile_takes_only_sensible_figures(login, field, typed, message):
    client = login("rattaphum_coord")
    url = profile_url(Organization.objects.get(name=CATTLE))
    fertilizer = Product.objects.get(name=FERTILIZER)
    data = form_data(
        client,
        url,
        **{
            "profile-surveyed_on": "15/3/2569",
            "interests-0-product": str(fertilizer.pk),
            "interests-0-joint_purchase": "on",
            field: typed,
        },
    )
    response = client.post(url, data)
    assert response.status_code == 200
    assert message in response.content.decode()
    cattle = Organization.objects.get(name=CATTLE)
    assert not cattle.product_interests.exists()
    assert not hasattr(cattle, "profile") or cattle.profile.capital is None


@pytest.mark.parametrize(("typed", "message"), [("1e3", NOT_A_NUMBER), ("2,000,000", "ต้องไม่เกิน")])
def test_an_application_takes_only_a_sensible_member_count(login, typed, message):
    response = login("rattaphum_coord").post(
        reverse("application_create"),
        {
            "center": str(district("9009").pk),
            "name": "กลุ่มทดสอบจำนวนสมาชิก",
            "kind": "savings_group",
            "member_count": typed,
            "applied_on": "1/11/2569",
        },
    )
    assert message in response.content.decode()
    assert not Organization.objects.filter(name="กลุ่มทดสอบจำนวนสมาชิก").exists()


# Django admin ---------------------------------------------------------------------------


def test_admin_reads_numbers_the_thai_way_too(admin_client_demo):
    """Django's own number fields take 1_000 and 1e3 (Python does); admin's here do not."""
    fertilizer = Product.objects.get(name=FERTILIZER)
    url = reverse("admin:transactions_purchasetarget_add")
    for year, quantity, message in [
        ("2_570", "5000", "กรุณากรอกปีเป็นตัวเลข พ.ศ. 4 หลัก"),
        ("2027", "5000", "ปี 2027 เป็นปี ค.ศ."),  # admin takes the BE year, as the pages do
        ("2570", "5e3", NOT_A_NUMBER),
        ("2570", "1,000,001", "ต้องไม่เกิน 1,000,000 ตัน"),
    ]:
        response = admin_client_demo.post(
            url, {"product": fertilizer.pk, "year": year, "quantity": quantity, "note": ""}
        )
        assert response.status_code == 200, (year, quantity)
        assert message in response.content.decode(), (year, quantity)
    assert not PurchaseTarget.objects.filter(product=fertilizer, year=2027).exists()
    response = admin_client_demo.post(
        url, {"product": fertilizer.pk, "year": "2570", "quantity": "5,000", "note": ""}
    )
    assert response.status_code == 302
    assert PurchaseTarget.objects.get(product=fertilizer, year=2027).quantity == D("5000")


@pytest.mark.parametrize(
    ("admin_url", "field", "typed", "message"),
    [
        ("admin:catalogue_support_add", "amount", "1e30", NOT_A_NUMBER),
        ("admin:catalogue_support_add", "amount", "1,000,000,001", "ต้องไม่เกิน"),
        ("admin:members_organization_add", "member_count", "1_000", NOT_A_NUMBER),
        ("admin:members_organization_add", "member_count", "5,000,000", "ต้องไม่เกิน 1,000,000"),
        ("admin:centers_committee_add", "quorum_fraction", "5e-1", NOT_A_NUMBER),
        ("admin:centers_committee_add", "quorum_fraction", "1", "ต้องไม่เกิน 0.99"),
        ("admin:catalogue_product_add", "decimal_places", "0_3", NOT_A_NUMBER),
        ("admin:catalogue_product_add", "decimal_places", "4", "ต้องไม่เกิน 3"),
    ],
)
def test_admin_refuses_numbers_beyond_reason(admin_client_demo, admin_url, field, typed, message):
    counts = (Support.objects.count(), Organization.objects.count(), Committee.objects.count())
    products = Product.objects.count()
    response = admin_client_demo.post(reverse(admin_url), {field: typed})
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert message in " ".join(errors.get(field, [])), errors
    assert (
        Support.objects.count(),
        Organization.objects.count(),
        Committee.objects.count(),
    ) == counts
    assert Product.objects.count() == products
    assert Membership.objects.exists()  # nothing else went either
