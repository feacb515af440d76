"""The demo data of joint purchasing (ซื้อร่วมกัน), seeded by `manage.py seed_demo`.

The network's recorded purchases (ก.ค. 2547 fertilizer 156 t, ธ.ค. 2547 rice 192 t,
มี.ค. 2548 fertilizer 1,000 t), each a settled provincial round with its orders,
deliveries, pickups and payments, recorded afterwards by the federation's staff with their
real dates (as the pages record a past round: every state change dated when it happened
and stamped with when it was entered); the 2548 target of 5,000 t; a provincial
fertilizer round open now; and Rattaphum's own round for formic acid (น้ำกรด), open now.

Idempotent like demo/network.py: every row is found by its natural key and written only
when a value differs. The open rounds' dates, and when the past rounds were entered, are
set when the round is created and never moved by a later run.
"""

import datetime
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from django.utils import timezone

from centers.models import MembershipStatus
from members.models import Organization
from transactions.catalogue.models import (
    Category,
    Partner,
    PartnerLocation,
    PartnerRole,
    Product,
    ReferencePrice,
    Unit,
)
from transactions.purchases.models import (
    Delivery,
    DistrictOrder,
    OrderLine,
    OrderStatus,
    Payment,
    PaymentKind,
    Pickup,
    PriceTier,
    PurchaseRound,
    PurchaseTarget,
    RoundEvent,
    RoundItem,
    RoundStatus,
)

from .records import upsert

BANGKOK = ZoneInfo("Asia/Bangkok")
CENT = Decimal("0.01")
RATTAPHUM, HATYAI = "9009", "9011"

FERTILIZER = "ปุ๋ยเคมีสูตร 15-15-15"
UREA = "ปุ๋ยยูเรีย 46-0-0"
RICE = "ข้าวสารหอมมะลิ"
FORMIC_ACID = "น้ำกรดฟอร์มิก"
COFFEE = "กาแฟโรบัสต้าคั่วบด"

# name: (unit, category, decimal places)
PRODUCTS = {
    FERTILIZER: (Unit.TON, Category.INPUTS, 2),
    UREA: (Unit.SACK, Category.INPUTS, 0),
    RICE: (Unit.TON, Category.CONSUMER, 2),
    FORMIC_ACID: (Unit.LITRE, Category.INPUTS, 0),
    COFFEE: (Unit.KILOGRAM, Category.CONSUMER, 0),
}

# What a group pays buying alone: (product, effective on, baht per unit, source).
SURVEY = "สำรวจราคาร้านค้าปัจจัยการผลิตในจังหวัดสงขลา"
REFERENCE_PRICES = [
    (FERTILIZER, datetime.date(2004, 7, 1), "9800", SURVEY),
    (FERTILIZER, datetime.date(2005, 3, 1), "10400", SURVEY),
    (FERTILIZER, datetime.date(2026, 11, 1), "16500", SURVEY),
    (UREA, datetime.date(2004, 7, 1), "420", SURVEY),
    (UREA, datetime.date(2026, 11, 1), "950", SURVEY),
    (RICE, datetime.date(2004, 12, 1), "18000", "ราคาขายส่งข้าวสารในอำเภอหาดใหญ่"),
    (RICE, datetime.date(2026, 11, 1), "31500", "ราคาขายส่งข้าวสารในอำเภอหาดใหญ่"),
    (FORMIC_ACID, datetime.date(2005, 3, 1), "38", "ราคาร้านค้าเคมีภัณฑ์ยางในอำเภอหาดใหญ่"),
    (FORMIC_ACID, datetime.date(2026, 11, 1), "65", "ราคาร้านค้าเคมีภัณฑ์ยางในอำเภอหาดใหญ่"),
    (COFFEE, datetime.date(2026, 11, 1), "320", "ราคาขายปลีกในจังหวัดสงขลา"),
]

FERTILIZER_COMPANY = "บริษัท ปุ๋ยไทยรุ่งเรือง จำกัด"
RICE_MILL = "โรงสีข้าวสหกรณ์การเกษตรระโนด จำกัด"
ACID_DEALER = "ห้างหุ้นส่วนจำกัด หาดใหญ่เคมีภัณฑ์ยาง"
RANOT_COOP = "สหกรณ์การเกษตรระโนด จำกัด"  # created by demo/network.py as Ranot's district host

# Rattaphum's and Hat Yai's active groups (demo/network.py).
THACHAMUANG_COOP = "สหกรณ์กองทุนสวนยางบ้านท่าชะมวง จำกัด"
KHUANRU_COOP = "สหกรณ์กองทุนสวนยางบ้านควนรู จำกัด"
KHUHATAI = "กลุ่มออมทรัพย์เพื่อการผลิตบ้านคูหาใต้"  # the group of the group_rep account
KAMPHAENGPHET = "กลุ่มออมทรัพย์เพื่อการผลิตบ้านกำแพงเพชร"
THACHAMUANG_WOMEN = "กลุ่มแม่บ้านเกษตรกรบ้านท่าชะมวง"
KHUANRU_WOMEN = "กลุ่มแม่บ้านเกษตรกรบ้านควนรู"
CATTLE = "กลุ่มผู้เลี้ยงโคพื้นเมืองรัตภูมิ"
THUNGTAMSAO_COOP = "สหกรณ์กองทุนสวนยางบ้านทุ่งตำเสา จำกัด"
PHRU_COOP = "สหกรณ์กองทุนสวนยางบ้านพรุ จำกัด"
KHLONGHAE = "กลุ่มออมทรัพย์เพื่อการผลิตบ้านคลองแห"
CHALUNG_WOMEN = "กลุ่มแม่บ้านเกษตรกรบ้านฉลุง"
NAMNOI_WOMEN = "กลุ่มแม่บ้านเกษตรกรบ้านน้ำน้อย"
THAKHAM = "กลุ่มวิสาหกิจชุมชนแปรรูปยางบ้านท่าข้าม"

COORDINATORS = {RATTAPHUM: "rattaphum_coord", HATYAI: "hatyai_coord"}
RECEIPT_PREFIX = {RATTAPHUM: "รภ.", HATYAI: "หญ."}

DELIVERY_TERMS = (
    "ผู้จำหน่ายส่งมอบถึงศูนย์ประสานงานเครือข่ายระดับอำเภอ ภายใน 15 วันนับจากวันสั่งซื้อ "
    "กลุ่มชำระเงินให้ศูนย์อำเภอเมื่อรับสินค้า ศูนย์อำเภอชำระให้ศูนย์จังหวัดภายใน 30 วัน"
)


def _at(date: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(date.year, date.month, date.day, hour, minute, tzinfo=BANGKOK)


def _d(year: int, month: int, day: int) -> datetime.date:
    return datetime.date(year, month, day)


# The settled provincial rounds: the network's recorded joint purchases.
HISTORY = [
    {
        "title": "ซื้อปุ๋ยร่วมกัน รอบเดือนกรกฎาคม 2547",
        "note": "การซื้อปุ๋ยร่วมกันครั้งแรกของเครือข่าย ศูนย์อำเภอรัตภูมิและหาดใหญ่รวบรวมคำสั่งซื้อของกลุ่ม",
        "product": FERTILIZER,
        "supplier": FERTILIZER_COMPANY,
        "unit_price": "9350",
        "tiers": [],
        "reference": _d(2004, 7, 1),
        "opens": _d(2004, 7, 1),
        "closes": _d(2004, 7, 15),
        "ordered_on": _d(2004, 7, 19),
        "order_number": "1/2547",
        "orders": {
            RATTAPHUM: [
                (THACHAMUANG_COOP, "30"),
                (KHUANRU_COOP, "24"),
                (KHUHATAI, "18"),
                (KAMPHAENGPHET, "14"),
                (THACHAMUANG_WOMEN, "4"),
                (CATTLE, "6"),
            ],
            HATYAI: [
                (THUNGTAMSAO_COOP, "25"),
                (PHRU_COOP, "17"),
                (KHLONGHAE, "12"),
                (THAKHAM, "6"),
            ],
        },
        # (date, quantity, vehicle, delivery note)
        "deliveries": {
            RATTAPHUM: [(_d(2004, 7, 26), "96", "70-4521 สมุทรปราการ", "ใบส่งของ 0726/2547")],
            HATYAI: [(_d(2004, 7, 27), "60", "70-4521 สมุทรปราการ", "ใบส่งของ 0727/2547")],
        },
        "picked_up_on": {RATTAPHUM: _d(2004, 7, 28), HATYAI: _d(2004, 7, 29)},
        "groups_paid_on": _d(2004, 8, 5),
        "districts_paid_on": _d(2004, 8, 10),
    },
    {
        "title": "ซื้อข้าวสารร่วมกัน รอบเดือนธันวาคม 2547",
        "note": "ข้าวสารจากโรงสีของสหกรณ์การเกษตรระโนด สมาชิกในเครือข่าย",
        "product": RICE,
        "supplier": RICE_MILL,
        "unit_price": "16800",
        "tiers": [],
        "reference": _d(2004, 12, 1),
        "opens": _d(2004, 12, 1),
        "closes": _d(2004, 12, 10),
        "ordered_on": _d(2004, 12, 13),
        "order_number": "2/2547",
        "orders": {
            RATTAPHUM: [
                (THACHAMUANG_COOP, "22"),
                (KHUANRU_COOP, "18"),
                (KHUHATAI, "26"),
                (KAMPHAENGPHET, "20"),
                (THACHAMUANG_WOMEN, "9"),
                (KHUANRU_WOMEN, "7"),
                (CATTLE, "10"),
            ],
            HATYAI: [
                (THUNGTAMSAO_COOP, "20"),
                (PHRU_COOP, "14"),
                (KHLONGHAE, "26"),
                (CHALUNG_WOMEN, "8"),
                (NAMNOI_WOMEN, "6"),
                (THAKHAM, "6"),
            ],
        },
        "deliveries": {
            RATTAPHUM: [(_d(2004, 12, 20), "112", "81-2345 สงขลา", "ใบส่งของ รน.1220/2547")],
            HATYAI: [(_d(2004, 12, 21), "80", "81-2345 สงขลา", "ใบส่งของ รน.1221/2547")],
        },
        "picked_up_on": {RATTAPHUM: _d(2004, 12, 22), HATYAI: _d(2004, 12, 23)},
        "groups_paid_on": _d(2004, 12, 28),
        "districts_paid_on": _d(2005, 1, 7),
    },
    {
        "title": "ซื้อปุ๋ยร่วมกัน รอบเดือนมีนาคม 2548",
        "note": "ยอดรวมถึง 500 ตัน ได้ราคาขั้นที่สองจากผู้จำหน่าย",
        "product": FERTILIZER,
        "supplier": FERTILIZER_COMPANY,
        "unit_price": "9900",
        "tiers": [("500", "9600")],
        "reference": _d(2005, 3, 1),
        "opens": _d(2005, 3, 1),
        "closes": _d(2005, 3, 11),
        "ordered_on": _d(2005, 3, 15),
        "order_number": "1/2548",
        "orders": {
            RATTAPHUM: [
                (THACHAMUANG_COOP, "160"),
                (KHUANRU_COOP, "130"),
                (KHUHATAI, "110"),
                (KAMPHAENGPHET, "90"),
                (THACHAMUANG_WOMEN, "20"),
                (KHUANRU_WOMEN, "15"),
                (CATTLE, "55"),
            ],
            HATYAI: [
                (THUNGTAMSAO_COOP, "150"),
                (PHRU_COOP, "110"),
                (KHLONGHAE, "90"),
                (CHALUNG_WOMEN, "15"),
                (NAMNOI_WOMEN, "10"),
                (THAKHAM, "45"),
            ],
        },
        "deliveries": {
            RATTAPHUM: [
                (_d(2005, 3, 22), "300", "70-4521 สมุทรปราการ", "ใบส่งของ 0322/2548"),
                (_d(2005, 3, 29), "280", "70-8810 สมุทรปราการ", "ใบส่งของ 0329/2548"),
            ],
            HATYAI: [
                (_d(2005, 3, 23), "220", "70-4521 สมุทรปราการ", "ใบส่งของ 0323/2548"),
                (_d(2005, 3, 30), "200", "70-8810 สมุทรปราการ", "ใบส่งของ 0330/2548"),
            ],
        },
        "picked_up_on": {RATTAPHUM: _d(2005, 3, 31), HATYAI: _d(2005, 3, 31)},
        "groups_paid_on": _d(2005, 4, 5),
        "districts_paid_on": _d(2005, 4, 12),
    },
]

CURRENT_PRICES_ON = _d(2026, 11, 1)
OPEN_ROUND = "ซื้อปุ๋ยร่วมกัน รอบเดือนธันวาคม 2569"
ACID_ROUND = "ซื้อน้ำกรดฟอร์มิกร่วมกัน อำเภอรัตภูมิ"

# The open provincial round: (group, 15-15-15 in tons, urea in sacks or None).
OPEN_ORDERS = {
    RATTAPHUM: [
        (THACHAMUANG_COOP, "60", "200"),
        (KHUANRU_COOP, "45", None),
        (KHUHATAI, "40", "120"),
        (KAMPHAENGPHET, "25", "80"),
    ],
    HATYAI: [
        (THUNGTAMSAO_COOP, "70", "250"),
        (PHRU_COOP, "50", "150"),
        (KHLONGHAE, "30", "100"),
    ],
}
ACID_ORDERS = [(THACHAMUANG_COOP, "1200"), (KHUANRU_COOP, "900")]


def seed_purchases(users: dict, province, district_centers: dict) -> None:
    products = _products()
    _reference_prices(products)
    partners = _partners()
    centers = {code: district_centers[code] for code in (RATTAPHUM, HATYAI)}
    groups = {code: _active_groups(center) for code, center in centers.items()}
    for spec in HISTORY:
        _settled_round(spec, users, province, centers, groups, products, partners)
    upsert(
        PurchaseTarget,
        {"quantity": Decimal("5000"), "note": "แผนซื้อปุ๋ยร่วมกันปี 2548"},
        product=products[FERTILIZER],
        year=2005,
    )
    _open_round(users, province, centers, groups, products, partners)
    _acid_round(users, centers[RATTAPHUM], groups[RATTAPHUM], products, partners)


def _money(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def _products() -> dict:
    return {
        name: upsert(
            Product,
            {"unit": unit, "category": category, "decimal_places": places, "is_active": True},
            name=name,
        )
        for name, (unit, category, places) in PRODUCTS.items()
    }


def _reference_prices(products: dict) -> None:
    for name, effective_on, price, source in REFERENCE_PRICES:
        upsert(
            ReferencePrice,
            {"price": Decimal(price), "source": source},
            product=products[name],
            effective_on=effective_on,
        )


def _reference(product, on: datetime.date) -> Decimal:
    return ReferencePrice.objects.get(product=product, effective_on=on).price


def _partners() -> dict:
    ranot = Organization.objects.get(name=RANOT_COOP)
    rows = [
        (
            FERTILIZER_COMPANY,
            PartnerLocation.OUTSIDE_PROVINCE,
            None,
            "99/9 หมู่ 4 ถนนสุขุมวิท ตำบลบางปูใหม่ อำเภอเมืองสมุทรปราการ จังหวัดสมุทรปราการ 10280",
            "02-323-4567",
            "นายวีระชัย พงษ์ไพบูลย์",
            "0115548001239",
        ),
        (
            RICE_MILL,
            PartnerLocation.WITHIN,
            ranot,
            "ตำบลระโนด อำเภอระโนด จังหวัดสงขลา 90140",
            "074-391-234",
            "นายสมนึก เรืองศรี",
            "0994000123451",
        ),
        (
            ACID_DEALER,
            PartnerLocation.OUTSIDE,
            None,
            "123 ถนนกาญจนวนิช ตำบลคอหงส์ อำเภอหาดใหญ่ จังหวัดสงขลา 90110",
            "074-212-345",
            "นางสาวกาญจนา ลิ่มสกุล",
            "0903553004560",
        ),
    ]
    return {
        name: upsert(
            Partner,
            {
                "role": PartnerRole.SUPPLIER,
                "location": location,
                "organization": organization,
                "address": address,
                "phone": phone,
                "contact_name": contact,
                "tax_id": tax_id,
            },
            name=name,
        )
        for name, location, organization, address, phone, contact, tax_id in rows
    }


def _active_groups(center) -> dict:
    """The groups that order through the district center: its active members, by name."""
    return {
        organization.name: organization
        for organization in Organization.objects.filter(
            memberships__center=center, memberships__status=MembershipStatus.ACTIVE
        )
    }


def _item(purchase_round, product, unit_price, reference_on, tiers=()):
    item = upsert(
        RoundItem,
        {
            "unit_price": Decimal(unit_price),
            "reference_price": _reference(product, reference_on),
            "reference_price_on": reference_on,
        },
        round=purchase_round,
        product=product,
    )
    for min_quantity, price in tiers:
        upsert(
            PriceTier, {"unit_price": Decimal(price)}, item=item, min_quantity=Decimal(min_quantity)
        )
    return item


def _event(purchase_round, from_status, to_status, user, at, note="", recorded_at=None):
    upsert(
        RoundEvent,
        {"by": user, "at": at, "note": note, "recorded_at": recorded_at},
        round=purchase_round,
        from_status=from_status,
        to_status=to_status,
    )


def _achieved_price(spec, total: Decimal) -> Decimal:
    price = Decimal(spec["unit_price"])
    for min_quantity, tier_price in spec["tiers"]:
        if total >= Decimal(min_quantity):
            price = min(price, Decimal(tier_price))
    return price


def _settled_round(spec, users, province, centers, groups, products, partners) -> None:
    coordinator = users["prov_coord"]
    product = products[spec["product"]]
    opens_at = _at(spec["opens"], 9, 0)
    closes_at = _at(spec["closes"], 16, 30)
    # Entered now, the first time the demo is seeded: when the federation's staff typed in
    # the network's history.
    recorded = (
        PurchaseRound.objects.filter(title=spec["title"], center=province)
        .values_list("recorded_afterwards_at", flat=True)
        .first()
        or timezone.now()
    )
    purchase_round = upsert(
        PurchaseRound,
        {
            "supplier": partners[spec["supplier"]],
            "opens_at": opens_at,
            "closes_at": closes_at,
            "status": RoundStatus.SETTLED,
            "note": spec["note"],
            "delivery_terms": DELIVERY_TERMS,
            "order_number": spec["order_number"],
            "ordered_on": spec["ordered_on"],
            "created_by": coordinator,
            "created_at": recorded,
            "recorded_afterwards_at": recorded,
            "recorded_afterwards_by": coordinator,
        },
        title=spec["title"],
        center=province,
    )
    item = _item(purchase_round, product, spec["unit_price"], spec["reference"], spec["tiers"])

    total = sum(
        (Decimal(quantity) for rows in spec["orders"].values() for _, quantity in rows), Decimal(0)
    )
    price = _achieved_price(spec, total)
    last_delivery = max(day for rows in spec["deliveries"].values() for day, *_ in rows)
    for from_status, to_status, at, note in [
        ("", RoundStatus.DRAFT, _at(spec["opens"], 8, 30), "สร้างรอบ (บันทึกย้อนหลัง)"),
        (RoundStatus.DRAFT, RoundStatus.OPEN, opens_at, ""),
        (RoundStatus.OPEN, RoundStatus.CLOSED, closes_at, ""),
        (
            RoundStatus.CLOSED,
            RoundStatus.ORDERED,
            _at(spec["ordered_on"], 10, 0),
            f"ใบสั่งซื้อเลขที่ {spec['order_number']}",
        ),
        (RoundStatus.ORDERED, RoundStatus.DELIVERED, _at(last_delivery, 17, 0), ""),
        (RoundStatus.DELIVERED, RoundStatus.SETTLED, _at(spec["districts_paid_on"], 15, 0), ""),
    ]:
        _event(purchase_round, from_status, to_status, coordinator, at, note, recorded)

    be_year = spec["order_number"].split("/")[1]
    for number, (code, rows) in enumerate(spec["orders"].items(), start=1):
        center = centers[code]
        clerk = users[COORDINATORS[code]]
        submitted_at = _at(spec["closes"] - datetime.timedelta(days=1), 15, 0)
        order = upsert(
            DistrictOrder,
            {
                "status": OrderStatus.SUBMITTED,
                "version": 1,
                "updated_at": recorded + _minutes(number),
                "updated_by": clerk,
                "submitted_at": submitted_at,
                "submitted_by": clerk,
            },
            round=purchase_round,
            center=center,
        )
        district_amount = Decimal(0)
        for index, (name, quantity) in enumerate(rows, start=1):
            organization = groups[code][name]
            quantity = Decimal(quantity)
            upsert(
                OrderLine, {"quantity": quantity}, order=order, organization=organization, item=item
            )
            upsert(
                Pickup,
                {
                    "quantity": quantity,
                    "recorded_by": clerk,
                    "recorded_at": recorded + _minutes(20 + index),
                },
                round=purchase_round,
                item=item,
                organization=organization,
                picked_up_on=spec["picked_up_on"][code],
            )
            amount = _money(quantity * price)
            district_amount += amount
            upsert(
                Payment,
                {
                    "amount": amount,
                    "recorded_by": clerk,
                    "recorded_at": recorded + _minutes(40 + index),
                },
                round=purchase_round,
                kind=PaymentKind.GROUP,
                center=center,
                organization=organization,
                paid_on=spec["groups_paid_on"],
                reference=f"ใบเสร็จรับเงิน {RECEIPT_PREFIX[code]}{index:03d}/{be_year}",
            )
        for day, quantity, vehicle, note in spec["deliveries"][code]:
            upsert(
                Delivery,
                {
                    "delivered_on": day,
                    "quantity": Decimal(quantity),
                    "vehicle": vehicle,
                    "recorded_by": clerk,
                    "recorded_at": recorded + _minutes(10 + number),
                },
                round=purchase_round,
                item=item,
                center=center,
                delivery_note=note,
            )
        upsert(
            Payment,
            {
                "amount": district_amount,
                "recorded_by": coordinator,
                "recorded_at": recorded + _minutes(60 + number),
            },
            round=purchase_round,
            kind=PaymentKind.DISTRICT,
            center=center,
            organization=None,
            paid_on=spec["districts_paid_on"],
            reference=f"ใบเสร็จรับเงิน ชสข.{number:03d}/{be_year}",
        )


def _minutes(count: int) -> datetime.timedelta:
    return datetime.timedelta(minutes=5 * count)


def _open_dates():
    """Opened a week ago, closes in ten days at 16:30 (Bangkok): for a new round only."""
    today = timezone.localdate()
    opens_at = _at(today - datetime.timedelta(days=7), 8, 30)
    closes_at = _at(today + datetime.timedelta(days=10), 16, 30)
    return opens_at, closes_at


def _open(title, center, user, values: dict) -> PurchaseRound:
    """An open round; its dates are set when it is created and kept afterwards."""
    purchase_round = PurchaseRound.objects.filter(title=title, center=center).first()
    if purchase_round is None:
        opens_at, closes_at = _open_dates()
        values = {
            **values,
            "opens_at": opens_at,
            "closes_at": closes_at,
            "created_at": opens_at - datetime.timedelta(days=1),
        }
    purchase_round = upsert(
        PurchaseRound,
        {**values, "status": RoundStatus.OPEN, "created_by": user},
        title=title,
        center=center,
    )
    _event(purchase_round, "", RoundStatus.DRAFT, user, purchase_round.created_at, "สร้างรอบ")
    _event(purchase_round, RoundStatus.DRAFT, RoundStatus.OPEN, user, purchase_round.opens_at)
    return purchase_round


def _open_round(users, province, centers, groups, products, partners) -> None:
    purchase_round = _open(
        OPEN_ROUND,
        province,
        users["prov_coord"],
        {
            "supplier": partners[FERTILIZER_COMPANY],
            "minimum_total": Decimal("2000000"),
            "note": "ปุ๋ยสำหรับใส่สวนยางและนาข้าวช่วงปลายฝน ส่งมอบถึงศูนย์อำเภอภายในเดือนธันวาคม 2569",
            "delivery_terms": DELIVERY_TERMS,
        },
    )
    fertilizer = _item(
        purchase_round,
        products[FERTILIZER],
        "15900",
        CURRENT_PRICES_ON,
        [("200", "15600"), ("500", "15300")],
    )
    urea = _item(purchase_round, products[UREA], "890", CURRENT_PRICES_ON, [("1000", "860")])

    opened = purchase_round.opens_at
    rattaphum_saved = opened + datetime.timedelta(days=2, hours=5, minutes=40)
    hatyai_saved = opened + datetime.timedelta(days=3, hours=1, minutes=45)
    states = {
        RATTAPHUM: {
            "status": OrderStatus.DRAFT,
            "version": 1,
            "updated_at": rattaphum_saved,
            "updated_by": users["rattaphum_coord"],
        },
        HATYAI: {
            "status": OrderStatus.SUBMITTED,
            "version": 1,
            "updated_at": hatyai_saved,
            "updated_by": users["hatyai_coord"],
            "submitted_at": hatyai_saved + datetime.timedelta(minutes=5),
            "submitted_by": users["hatyai_coord"],
        },
    }
    for code, rows in OPEN_ORDERS.items():
        order = upsert(DistrictOrder, states[code], round=purchase_round, center=centers[code])
        for name, tons, sacks in rows:
            organization = groups[code][name]
            for item, quantity in ((fertilizer, tons), (urea, sacks)):
                if quantity is not None:
                    upsert(
                        OrderLine,
                        {"quantity": Decimal(quantity)},
                        order=order,
                        organization=organization,
                        item=item,
                    )


def _acid_round(users, rattaphum, groups, products, partners) -> None:
    coordinator = users["rattaphum_coord"]
    purchase_round = _open(
        ACID_ROUND,
        rattaphum,
        coordinator,
        {
            "supplier": partners[ACID_DEALER],
            "note": (
                "น้ำกรดฟอร์มิกสำหรับทำยางแผ่น บรรจุแกลลอนละ 30 ลิตร รวมซื้อเฉพาะสหกรณ์กองทุนสวนยางในอำเภอรัตภูมิ"
            ),
            "delivery_terms": "ผู้จำหน่ายส่งถึงศูนย์อำเภอรัตภูมิ กลุ่มชำระเงินเมื่อรับสินค้า",
        },
    )
    item = _item(purchase_round, products[FORMIC_ACID], "58", CURRENT_PRICES_ON, [("2000", "56")])
    order = upsert(
        DistrictOrder,
        {
            "status": OrderStatus.DRAFT,
            "version": 1,
            "updated_at": purchase_round.opens_at + datetime.timedelta(days=1, hours=2),
            "updated_by": coordinator,
        },
        round=purchase_round,
        center=rattaphum,
    )
    for name, litres in ACID_ORDERS:
        upsert(
            OrderLine,
            {"quantity": Decimal(litres)},
            order=order,
            organization=groups[name],
            item=item,
        )
