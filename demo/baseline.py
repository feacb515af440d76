"""Demo baseline data (issue 7, ระยะที่ 1): the survey of four Rattaphum groups, the
Rattaphum agricultural cooperative and two Hat Yai groups (capital, main products, what
they would buy or sell together, their existing links, which the network map draws), and
a community development office list uploaded by the federation's staff, waiting for its
confirmation.

Idempotent: rows are found by their natural keys and brought to the values below.
"""

import csv
import datetime
import io
from decimal import Decimal

from django.core.files.base import ContentFile

from members.models import (
    BaselineProfile,
    LinkKind,
    Organization,
    OrganizationLink,
    RegistryImport,
    RegistrySource,
)
from transactions.catalogue.models import Product, ProductInterest

from .records import upsert

RATTAPHUM_COOP = "สหกรณ์การเกษตรรัตภูมิ จำกัด"  # the Rattaphum district center's host
HATYAI_COOP = "สหกรณ์การเกษตรหาดใหญ่ จำกัด"
THACHAMUANG_COOP = "สหกรณ์กองทุนสวนยางบ้านท่าชะมวง จำกัด"
KHUANRU_COOP = "สหกรณ์กองทุนสวนยางบ้านควนรู จำกัด"
KHUHATAI = "กลุ่มออมทรัพย์เพื่อการผลิตบ้านคูหาใต้"
THACHAMUANG_WOMEN = "กลุ่มแม่บ้านเกษตรกรบ้านท่าชะมวง"
KHLONGHAE = "กลุ่มออมทรัพย์เพื่อการผลิตบ้านคลองแห"
THUNGTAMSAO_COOP = "สหกรณ์กองทุนสวนยางบ้านทุ่งตำเสา จำกัด"
RUBBER_TEACHERS = "สหกรณ์ออมทรัพย์พนักงานยางพาราสงขลา จำกัด"  # a provincial member in Hat Yai

LATEX_BUYER = "บริษัท ยางไทยปักษ์ใต้ จำกัด"
BAAC_HATYAI = "ธนาคารเพื่อการเกษตรและสหกรณ์การเกษตร (ธ.ก.ส.) สาขาหาดใหญ่"
FARM_SHOP = "ร้านรุ่งเรืองการเกษตร หาดใหญ่"

# Products of the demo catalogue (demo/purchases.py).
FERTILIZER = "ปุ๋ยเคมีสูตร 15-15-15"
UREA = "ปุ๋ยยูเรีย 46-0-0"
RICE = "ข้าวสารหอมมะลิ"
FORMIC_ACID = "น้ำกรดฟอร์มิก"
COFFEE = "กาแฟโรบัสต้าคั่วบด"

# name: (surveyed on, capital, main products, note)
PROFILES = {
    THACHAMUANG_COOP: (
        datetime.date(2004, 6, 15),
        "3450000",
        "ยางแผ่นรมควัน น้ำยางสด",
        "รวบรวมน้ำยางสดจากสมาชิกทุกวัน ต้องการซื้อน้ำกรดและปุ๋ยร่วมกันเพื่อลดต้นทุนการผลิต",
    ),
    KHUANRU_COOP: (
        datetime.date(2004, 6, 16),
        "2100000",
        "น้ำยางสด ยางก้อนถ้วย",
        "สมาชิกส่วนใหญ่ขายน้ำยางสดรายวัน ยังไม่มีโรงรมยางของตนเอง",
    ),
    KHUHATAI: (
        datetime.date(2004, 6, 18),
        "1820000",
        "เงินออมและสินเชื่อเพื่อการผลิตของสมาชิก ข้าวสาร",
        "สมาชิกต้องการซื้อข้าวสารและปุ๋ยร่วมกันผ่านศูนย์อำเภอ",
    ),
    THACHAMUANG_WOMEN: (
        datetime.date(2004, 6, 20),
        "180000",
        "ขนมพื้นบ้าน กาแฟคั่วบด",
        "ผลิตกาแฟคั่วบดขายในชุมชน ต้องการตลาดร่วมกับเครือข่าย",
    ),
    RATTAPHUM_COOP: (
        datetime.date(2004, 6, 10),
        "45000000",
        "ปุ๋ยและปัจจัยการผลิต รวบรวมน้ำยางสดจากสหกรณ์กองทุนสวนยาง",
        "เป็นที่ตั้งศูนย์ประสานงานเครือข่ายระดับอำเภอรัตภูมิ",
    ),
    KHLONGHAE: (
        datetime.date(2004, 7, 5),
        "5600000",
        "เงินออมและสินเชื่อเพื่อการผลิต ปุ๋ย",
        "กู้เงินจาก ธ.ก.ส. มาให้สมาชิกกู้ต่อ ต้องการแหล่งเงินทุนดอกเบี้ยต่ำในเครือข่าย",
    ),
    THUNGTAMSAO_COOP: (
        datetime.date(2004, 7, 6),
        "4200000",
        "ยางแผ่นรมควัน น้ำยางสด",
        "ซื้อปุ๋ยและสารเคมีจากร้านค้าเอกชนในราคาขายปลีก",
    ),
}

# name: [(product, joint purchase, joint sale, quantity per year)]
INTERESTS = {
    THACHAMUANG_COOP: [(FORMIC_ACID, True, False, "6000"), (FERTILIZER, True, False, "40")],
    KHUANRU_COOP: [(FORMIC_ACID, True, False, "3500")],
    KHUHATAI: [(RICE, True, False, "12"), (FERTILIZER, True, False, "8")],
    THACHAMUANG_WOMEN: [(COFFEE, False, True, "600"), (RICE, True, False, "2")],
    KHLONGHAE: [(FERTILIZER, True, False, "25"), (UREA, True, False, "400")],
    THUNGTAMSAO_COOP: [(FORMIC_ACID, True, False, "8000")],
}

# (organization, kind, partner in the system or None, outside name, description)
LINKS = [
    (THACHAMUANG_COOP, LinkKind.SELLS_TO, RATTAPHUM_COOP, "", "น้ำยางสด"),
    (KHUANRU_COOP, LinkKind.SELLS_TO, RATTAPHUM_COOP, "", "น้ำยางสด"),
    (KHUHATAI, LinkKind.FINANCE, RATTAPHUM_COOP, "", "เงินทุนหมุนเวียนซื้อปัจจัยการผลิต"),
    (THACHAMUANG_WOMEN, LinkKind.BUYS_FROM, RATTAPHUM_COOP, "", "ข้าวสาร"),
    (RATTAPHUM_COOP, LinkKind.SELLS_TO, None, LATEX_BUYER, "น้ำยางสดที่รวบรวมจากสมาชิก"),
    (KHLONGHAE, LinkKind.FINANCE, None, BAAC_HATYAI, "เงินกู้ให้สมาชิกกู้ต่อ"),
    (KHLONGHAE, LinkKind.OTHER, RUBBER_TEACHERS, "", "ฝากเงินออมของกลุ่ม"),
    (THUNGTAMSAO_COOP, LinkKind.SELLS_TO, HATYAI_COOP, "", "น้ำยางสด"),
    (THUNGTAMSAO_COOP, LinkKind.BUYS_FROM, None, FARM_SHOP, "ปุ๋ยและสารเคมี"),
]

# A list from the community development office, uploaded and waiting for confirmation.
PENDING_FILE = "รายชื่อกลุ่มอำเภอรัตภูมิ สำนักงานพัฒนาชุมชน"  # as saved, without an extension
PENDING_ROWS = [
    ["ที่", "ชื่อกลุ่ม", "ประเภทกลุ่ม", "อำเภอ", "สมาชิก (คน)", "วันที่ก่อตั้ง"],
    ["1", "กลุ่มออมทรัพย์เพื่อการผลิตบ้านทุ่งโพธิ์", "กลุ่มออมทรัพย์เพื่อการผลิต", "รัตภูมิ", "70", ""],
    ["2", "กลุ่มแม่บ้านเกษตรกรบ้านควนรู", "กลุ่มแม่บ้านเกษตรกร", "รัตภูมิ", "28", ""],
    ["3", "กลุ่มอาชีพจักสานบ้านเขาพระ", "กลุ่มอาชีพ", "รัตภูมิ", "15", "12/1/2553"],
    ["4", "วิสาหกิจชุมชนกาแฟโบราณบ้านท่าชะมวง", "วิสาหกิจชุมชน", "รัตภูมิ", "21", "3 ส.ค. 2555"],
]


def seed_baseline(users) -> None:
    names = set(PROFILES) | {partner for _, _, partner, _, _ in LINKS if partner}
    organizations = {o.name: o for o in Organization.objects.filter(name__in=names)}
    products = {p.name: p for p in Product.objects.all()}
    for name, (surveyed_on, capital, main_products, note) in PROFILES.items():
        upsert(
            BaselineProfile,
            {
                "surveyed_on": surveyed_on,
                "capital": Decimal(capital),
                "main_products": main_products,
                "note": note,
            },
            organization=organizations[name],
        )
    for name, rows in INTERESTS.items():
        for product, purchase, sale, quantity in rows:
            upsert(
                ProductInterest,
                {
                    "joint_purchase": purchase,
                    "joint_sale": sale,
                    "quantity_per_year": Decimal(quantity),
                },
                organization=organizations[name],
                product=products[product],
            )
    for name, kind, partner, outside, description in LINKS:
        upsert(
            OrganizationLink,
            {"description": description},
            organization=organizations[name],
            kind=kind,
            partner_organization=organizations[partner] if partner else None,
            partner_name=outside,
        )
    _pending_import(users["prov_coord"])


def _pending_import(user) -> None:
    source = RegistrySource.COMMUNITY_DEVELOPMENT
    if RegistryImport.objects.filter(file_name=PENDING_FILE, source=source).exists():
        return
    stream = io.StringIO()
    csv.writer(stream, lineterminator="\r\n").writerows(PENDING_ROWS)
    record = RegistryImport(source=source, file_name=PENDING_FILE, uploaded_by=user)
    record.file.save("pending.csv", ContentFile(stream.getvalue().encode("utf-8-sig")), save=False)
    record.save()
