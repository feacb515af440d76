"""The purchase order (PDF) and the order exports (XLSX, CSV) of a round built here."""

import csv
import datetime
import io
import re
from decimal import Decimal

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from centers.models import Center, CenterLevel, Membership, MembershipStatus
from songkhla_network import documents as shared
from songkhla_network import thai
from songkhla_network.documents import safe_cell
from transactions.catalogue.models import Partner, PartnerLocation, PartnerRole, Product
from transactions.purchases import documents
from transactions.purchases.models import (
    DistrictOrder,
    OrderLine,
    OrderStatus,
    PriceTier,
    PurchaseRound,
    RoundItem,
    RoundStatus,
)
from transactions.purchases.selectors import round_figures

from .pdf_helpers import flat, fonts_of, pdf_text

D = Decimal
PRODUCT_NAME = "ปุ๋ยเคมีสูตร 15-15-15 สำหรับทดสอบเอกสาร"
SUPPLIER_NAME = "บริษัทแม่ปุ๋ยทักษิณ จำกัด"
ROUND_TITLE = "ซื้อปุ๋ยร่วมกัน รอบทดสอบใบสั่งซื้อ"
# Rattaphum (9009) and Hat Yai (9011): two active groups each, 100 t in all.
QUANTITIES = {"9009": (D("30.00"), D("20.50")), "9011": (D("25.25"), D("24.25"))}


def active_groups(center):
    return [
        membership.organization
        for membership in Membership.objects.filter(center=center, status=MembershipStatus.ACTIVE)
        .select_related("organization")
        .order_by("organization__name")
    ][:2]


@pytest.fixture
def po_round(demo):
    product = Product.objects.create(
        name=PRODUCT_NAME, unit="ton", category="inputs", decimal_places=2
    )
    supplier = Partner.objects.create(
        name=SUPPLIER_NAME,
        role=PartnerRole.SUPPLIER,
        location=PartnerLocation.OUTSIDE_PROVINCE,
        address="99 ถนนเพชรเกษม ตำบลหาดใหญ่ อำเภอหาดใหญ่ จังหวัดสงขลา 90110",
        phone="074-123456",
        tax_id="0105551234567",
        contact_name="นายสมชาย ใจดี",
    )
    now = timezone.now()
    purchase_round = PurchaseRound.objects.create(
        title=ROUND_TITLE,
        center=Center.objects.get(level=CenterLevel.PROVINCIAL),
        supplier=supplier,
        opens_at=now - datetime.timedelta(days=10),
        closes_at=now - datetime.timedelta(days=1),
        status=RoundStatus.CLOSED,
        order_number="ชส. 15/2569",
        ordered_on=datetime.date(2026, 11, 24),
        delivery_terms="ส่งมอบภายใน 15 วันนับจากวันสั่งซื้อ ชำระเงินภายใน 30 วันหลังส่งมอบครบ",
    )
    item = RoundItem.objects.create(
        round=purchase_round,
        product=product,
        unit_price=D("16000.00"),
        reference_price=D("16500.00"),
    )
    PriceTier.objects.create(item=item, min_quantity=D("80"), unit_price=D("15600.00"))
    groups = {}
    for code, quantities in QUANTITIES.items():
        center = Center.objects.get(district__code=code)
        order = DistrictOrder.objects.create(
            round=purchase_round, center=center, status=OrderStatus.SUBMITTED, version=1
        )
        groups[code] = active_groups(center)
        assert len(groups[code]) == 2
        for organization, quantity in zip(groups[code], quantities, strict=True):
            OrderLine.objects.create(
                order=order, organization=organization, item=item, quantity=quantity
            )
    purchase_round.groups = groups
    return purchase_round


# What the test built, computed by hand: 100 t reach the 80 t tier (15,600 baht a ton
# against 16,000, reference 16,500): 1,560,000.00 baht, 900 baht a ton saved.
PRICE = D("15600.00")
BY_GROUP = {  # (district, index of the group): (quantity, amount, savings)
    ("9009", 0): (D("30.00"), D("468000.00"), D("27000.00")),
    ("9009", 1): (D("20.50"), D("319800.00"), D("18450.00")),
    ("9011", 0): (D("25.25"), D("393900.00"), D("22725.00")),
    ("9011", 1): (D("24.25"), D("378300.00"), D("21825.00")),
}
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")


def test_safe_cell_neutralises_formulas_and_leaves_numbers():
    assert safe_cell('=HYPERLINK("http://x")') == '\'=HYPERLINK("http://x")'
    for text in ("+66 74 311234", "-1+2", "@SUM(A1)", "\tนำหน้าด้วยแท็บ", "\r=1"):
        assert safe_cell(text) == "'" + text
    assert safe_cell("กลุ่มแม่บ้านเกษตรกร") == "กลุ่มแม่บ้านเกษตรกร"
    assert safe_cell("ปุ๋ย 15-15-15 = สูตรเสมอ") == "ปุ๋ย 15-15-15 = สูตรเสมอ"
    assert safe_cell("") == ""
    assert safe_cell(None) is None
    assert safe_cell(D("-15600.00")) == D("-15600.00")
    assert safe_cell(-5) == -5


def test_purchase_order_pdf(po_round):
    pdf = documents.purchase_order_pdf(po_round, round_figures(po_round))
    assert pdf.startswith(b"%PDF-")
    reader, text = pdf_text(pdf)

    # The title and the total, in figures and in words, read back exactly.
    assert "ใบสั่งซื้อ" in text
    assert "(หนึ่งล้านห้าแสนหกหมื่นบาทถ้วน)" in text
    assert "1,560,000.00" in text
    assert "1,560,000.00 บาท" in text
    page = flat(text)
    for expected in [
        SUPPLIER_NAME,
        "เลขที่ชส.15/2569",
        "วันที่24พฤศจิกายน2569",
        "เลขประจำตัวผู้เสียภาษี0105551234567",
        "ผู้ติดต่อนายสมชายใจดี",
        "ชุมนุมสหกรณ์การเกษตรสงขลา จำกัด",  # the provincial center's host
        Center.objects.get(level=CenterLevel.PROVINCIAL).name,
        # ลำดับ, รายการ, จำนวน, หน่วย, ราคาต่อหน่วย, จำนวนเงิน of the one row
        "1" + PRODUCT_NAME + "ราคาขั้นปริมาณตั้งแต่80.00ตัน100.00ตัน15,600.001,560,000.00",
        "รวมเป็นเงินทั้งสิ้น1,560,000.00",
        # Where to deliver: each district center with what it ordered.
        "สถานที่ส่งมอบ",
        Center.objects.get(district__code="9009").name + PRODUCT_NAME + "50.50ตัน",
        Center.objects.get(district__code="9011").name + PRODUCT_NAME + "49.50ตัน",
        po_round.delivery_terms,
        "ผู้สั่งซื้อ",
        "ผู้อนุมัติ",
        "ตำแหน่ง",
        "หน้า1จาก1",
    ]:
        assert flat(expected) in page, expected
    assert "ยังไม่ระบุผู้จำหน่าย" not in text
    # Only the centers that ordered are delivery places.
    assert flat(Center.objects.get(district__code="9001").name) not in page
    assert LATIN_WORD.findall(text) == []

    assert len(reader.pages) == 1
    width, height = (float(value) for value in reader.pages[0].mediabox[2:])
    assert width == pytest.approx(595.28, abs=0.5)
    assert height == pytest.approx(841.89, abs=0.5)
    # Sarabun, regular and bold, embedded; no system font stood in for a missing glyph.
    assert fonts_of(reader) == {"Sarabun", "Sarabun-Bold"}
    for page_object in reader.pages:
        for font in page_object["/Resources"]["/Font"].values():
            descendant = font.get_object()["/DescendantFonts"][0].get_object()
            descriptor = descendant["/FontDescriptor"].get_object()
            assert any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))


def test_purchase_order_pdf_before_a_supplier_and_a_number(po_round):
    po_round.supplier = None
    po_round.order_number = ""
    po_round.ordered_on = None
    po_round.delivery_terms = ""
    po_round.save()
    _, text = pdf_text(documents.purchase_order_pdf(po_round, round_figures(po_round)))
    page = flat(text)
    assert flat("ยังไม่ระบุผู้จำหน่าย") in page
    assert flat(SUPPLIER_NAME) not in page
    assert "วันที่" + flat(thai.be_date(timezone.localdate(), "long")) in page
    assert flat("เงื่อนไขการส่งมอบ") not in page
    assert "(หนึ่งล้านห้าแสนหกหมื่นบาทถ้วน)" in text


def number(cell) -> Decimal:
    """The cell's number as stored in the file (XLSX keeps numbers as numbers)."""
    assert isinstance(cell.value, int | float) and not isinstance(cell.value, bool), cell
    return D(str(cell.value))


def test_orders_xlsx(po_round):
    workbook = load_workbook(io.BytesIO(documents.orders_xlsx(po_round, round_figures(po_round))))
    assert workbook.sheetnames == ["สรุปตามสินค้า", "ตามศูนย์อำเภอ", "ตามกลุ่ม"]
    money, tons = "#,##0.00", "#,##0.00"

    summary = workbook["สรุปตามสินค้า"]
    assert summary["A1"].value == ROUND_TITLE
    assert summary["A2"].value.startswith("จัดทำเมื่อ ")
    assert [cell.value for cell in summary[3]] == [
        "สินค้า",
        "หน่วย",
        "ปริมาณรวม",
        "ราคาต่อหน่วยที่ได้",
        "ขั้นราคา",
        "จำนวนเงิน",
        "ราคาอ้างอิง",
        "ประหยัดได้",
    ]
    assert all(cell.font.b for cell in summary[3])
    row = summary[4]
    assert [row[0].value, row[1].value, row[4].value] == [PRODUCT_NAME, "ตัน", "ตั้งแต่ 80.00 ตัน"]
    assert number(row[2]) == D("100.00") and row[2].number_format == tons
    assert number(row[3]) == PRICE and row[3].number_format == money
    assert number(row[5]) == D("1560000.00") and row[5].number_format == money
    assert number(row[6]) == D("16500.00")
    assert number(row[7]) == D("90000.00") and row[7].number_format == money
    assert summary.max_row == 4

    by_district = workbook["ตามศูนย์อำเภอ"]
    assert [cell.value for cell in by_district[3]] == [
        "ศูนย์อำเภอ",
        "สถานะ",
        f"{PRODUCT_NAME} (ตัน)",
        "จำนวนเงิน",
    ]
    rows = {row[0].value: row for row in by_district.iter_rows(min_row=4)}
    assert len(rows) == Center.objects.filter(level=CenterLevel.DISTRICT).count()
    for code, quantity, amount in [
        ("9009", D("50.50"), D("787800.00")),
        ("9011", D("49.50"), D("772200.00")),
    ]:
        row = rows[Center.objects.get(district__code=code).name]
        assert row[1].value == "ส่งศูนย์จังหวัดแล้ว"
        assert number(row[2]) == quantity and row[2].number_format == tons
        assert number(row[3]) == amount and row[3].number_format == money
    mueang = rows[Center.objects.get(district__code="9001").name]
    assert mueang[1].value == "ยังไม่ได้บันทึก"
    assert number(mueang[2]) == 0 and number(mueang[3]) == 0

    by_group = workbook["ตามกลุ่ม"]
    assert [cell.value for cell in by_group[3]] == [
        "ศูนย์อำเภอ",
        "กลุ่ม",
        f"{PRODUCT_NAME} (ตัน)",
        "จำนวนเงิน",
        "ประหยัดได้",
    ]
    rows = list(by_group.iter_rows(min_row=4))
    assert len(rows) == 4
    found = {(row[0].value, row[1].value): tuple(number(cell) for cell in row[2:5]) for row in rows}
    expected = {
        (
            Center.objects.get(district__code=code).name,
            po_round.groups[code][index].name,
        ): values
        for (code, index), values in BY_GROUP.items()
    }
    assert found == expected
    assert all(row[2].number_format == tons and row[3].number_format == money for row in rows)
    # Rattaphum (9009) comes before Hat Yai (9011).
    assert rows[0][0].value == Center.objects.get(district__code="9009").name
    assert rows[3][0].value == Center.objects.get(district__code="9011").name


def test_orders_csv(po_round):
    content = documents.orders_csv(po_round, round_figures(po_round))
    assert content.startswith("\ufeffศูนย์อำเภอ,")
    rows = list(csv.reader(io.StringIO(content.removeprefix("\ufeff"))))
    assert rows[0] == ["ศูนย์อำเภอ", "กลุ่ม", "สินค้า", "หน่วย", "ปริมาณ", "ราคาต่อหน่วย", "จำนวนเงิน"]
    assert len(rows) == 1 + 4
    expected = sorted(
        [
            Center.objects.get(district__code=code).name,
            po_round.groups[code][index].name,
            PRODUCT_NAME,
            "ตัน",
            str(quantity),
            "15600.00",
            str(amount),
        ]
        for (code, index), (quantity, amount, _) in BY_GROUP.items()
    )
    assert sorted(rows[1:]) == expected
    assert sum(D(row[6]) for row in rows[1:]) == D("1560000.00")


def test_exports_neutralise_formulas_in_names(po_round):
    group = po_round.groups["9009"][1]
    group.name = '=HYPERLINK("http://x")'
    group.save()
    figures = round_figures(po_round)

    workbook = load_workbook(io.BytesIO(documents.orders_xlsx(po_round, figures)))
    names = [row[1].value for row in workbook["ตามกลุ่ม"].iter_rows(min_row=4)]
    assert '\'=HYPERLINK("http://x")' in names
    assert not any(name.startswith("=") for name in names)
    for sheet in workbook:  # no cell became a formula
        assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)

    rows = list(csv.reader(io.StringIO(documents.orders_csv(po_round, figures))))
    injected = [row for row in rows if "HYPERLINK" in row[1]]
    assert len(injected) == 1
    assert injected[0][1] == '\'=HYPERLINK("http://x")'
    assert injected[0][4:] == ["20.50", "15600.00", "319800.00"]


def test_purchase_order_reads_only_the_shipped_fonts():
    fetcher = shared.font_fetcher()
    for url in ["file:///etc/passwd", "http://example.com/font.woff2", "data:text/css,a{}"]:
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    font = shared.font_faces()[0]["url"]
    response = fetcher.fetch(font)
    try:
        assert response.read(4) == b"wOF2"
    finally:
        response.close()


def test_purchase_order_queries(po_round, django_assert_max_num_queries):
    figures = round_figures(po_round)
    with django_assert_max_num_queries(5):  # center, its host, supplier, district hosts
        documents.purchase_order_pdf(po_round, figures)


def test_purchase_order_template_is_thai_only(po_round):
    from django.template.loader import render_to_string

    from tests.test_thai_only import visible_words

    context = documents.purchase_order_context(po_round, round_figures(po_round))
    context["fonts"] = shared.font_faces()  # as render_pdf adds them
    html = render_to_string("transactions/purchase_order_pdf.html", context)
    assert visible_words(html) == set()
    assert "file://" in html and "http" not in html  # the fonts are local files


def test_pdf_fonts_hold_thai_and_latin_in_one_file():
    """Two subsets of one family split by unicode-range made WeasyPrint print digits with
    the Thai subset's glyphs (Thai marks where numbers belong): each PDF font file must
    carry digits, Latin and Thai together."""
    from pathlib import Path
    from urllib.parse import urlsplit

    from fontTools.ttLib import TTFont

    faces = shared.font_faces()
    assert {face["weight"] for face in faces} == {400, 700}
    for face in faces:
        cmap = TTFont(Path(urlsplit(face["url"]).path)).getBestCmap()
        for char in "0123456789,.ABCabc" + "กขคงจำ่้๊๋ะาิีุู":
            assert ord(char) in cmap, (face["url"], char)
