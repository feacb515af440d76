"""Documents of a purchase round: the supplier's purchase order (PDF) and the orders as
a spreadsheet (XLSX) and as CSV.

Every function takes the round and its figures (selectors.round_figures), so a document
shows exactly the numbers the round's page shows. WeasyPrint and openpyxl are imported
here only; the views import this module on first use.

Spreadsheets open what they are given: a text cell starting with "=" runs as a formula
(CSV/formula injection). Every text value goes through `safe_cell`, which makes such
text plain text with a leading apostrophe; numbers stay numbers.
"""

import csv
import io
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

from members.models import Organization
from songkhla_network import thai
from songkhla_network.documents import render_pdf, safe_cell
from transactions.common.money import ZERO, to_satang

from .models import PurchaseRound
from .selectors import RoundFigures

MONEY_FORMAT = "#,##0.00"


def _quantity(value: Decimal, product) -> Decimal:
    """The quantity with the product's decimal places; a finer stored value is kept whole
    (an export never rounds what was ordered)."""
    shown = value.quantize(product.quantum, rounding=ROUND_HALF_UP)
    return shown if shown == value else value


def _tier_text(item_figures, prefix: str = "") -> str:
    tier = item_figures.tier
    if tier is None:
        return ""
    product = item_figures.product
    quantity = thai.number(tier.min_quantity, product.decimal_places)
    return f"{prefix}ตั้งแต่ {quantity} {product.get_unit_display()}"


# The purchase order (PDF) ---------------------------------------------------------------


def purchase_order_context(purchase_round: PurchaseRound, figures: RoundFigures) -> dict:
    rows, grand_total = [], ZERO
    for item_figures in figures.items:
        if item_figures.total <= 0:
            continue
        product = item_figures.product
        # The sum of what each group is billed (rounded per group), so the supplier's order,
        # the districts' balances and the round page add up to the same satang.
        amount = sum(
            (
                to_satang(group.ordered.get(item_figures.item.pk, Decimal(0)) * item_figures.price)
                for group in figures.groups.values()
            ),
            Decimal(0),
        )
        grand_total += amount
        rows.append(
            {
                "item": item_figures.item,
                "name": product.name,
                "quantity": thai.number(item_figures.total, product.decimal_places),
                "unit": product.get_unit_display(),
                "price": item_figures.price,
                "amount": amount,
                "tier": _tier_text(item_figures, "ราคาขั้นปริมาณ"),
            }
        )
    deliveries = []
    districts = [district for district in figures.districts if district.counted]
    # The district centers' hosts (their addresses) in one query, not one per district.
    hosts = Organization.objects.in_bulk([district.center.host_id for district in districts])
    for district in districts:
        lines = [
            {
                "name": row["name"],
                "quantity": thai.number(quantity, row["item"].product.decimal_places),
                "unit": row["unit"],
            }
            for row in rows
            if (quantity := district.ordered.get(row["item"].pk, ZERO)) > 0
        ]
        if lines:
            deliveries.append(
                {
                    "center": district.center,
                    "address": hosts[district.center.host_id].address,
                    "lines": lines,
                }
            )
    center = purchase_round.center
    return {
        "round": purchase_round,
        "center": center,
        "host": center.host,
        "supplier": purchase_round.supplier,
        "order_date": purchase_round.ordered_on or timezone.localdate(),
        "rows": rows,
        "total": grand_total,
        "total_words": thai.bahttext(grand_total),
        "deliveries": deliveries,
    }


def purchase_order_pdf(purchase_round: PurchaseRound, figures: RoundFigures) -> bytes:
    """ใบสั่งซื้อ to the supplier: an A4 PDF in Sarabun, the amount also in words."""
    return render_pdf(
        "transactions/purchase_order_pdf.html", purchase_order_context(purchase_round, figures)
    )


# The orders as a spreadsheet ------------------------------------------------------------


def _quantity_format(product) -> str:
    if product.decimal_places == 0:
        return "#,##0"
    return "#,##0." + "0" * product.decimal_places


def _produced_on() -> str:
    return f"จัดทำเมื่อ {thai.be_datetime(timezone.now(), 'long')}"


def _sheet(workbook, title: str, purchase_round, headers: list[str], widths: list[int]):
    """A sheet with the round's title, the production date, then a bold header row (3)."""
    from openpyxl.styles import Font

    sheet = workbook.create_sheet(title)
    sheet.append([safe_cell(purchase_round.title)])
    sheet.append([_produced_on()])
    sheet.append([safe_cell(header) for header in headers])
    sheet["A1"].font = Font(bold=True, size=14)
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A4"
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[_column_letter(column)].width = width
    return sheet


def _column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index)


def _append(sheet, values: list, formats: list):
    """A data row: text through safe_cell, each number with its number format."""
    sheet.append([safe_cell(value) for value in values])
    for cell, number_format in zip(sheet[sheet.max_row], formats, strict=True):
        if number_format and cell.value is not None:
            cell.number_format = number_format


def orders_xlsx(purchase_round: PurchaseRound, figures: RoundFigures) -> bytes:
    """The round's orders in three sheets: by product, by district center, by group.
    Quantities and money are numbers (from Decimal, never through float)."""
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    products = [item_figures.product for item_figures in figures.items]
    quantity_formats = [_quantity_format(product) for product in products]
    product_headers = [f"{product.name} ({product.get_unit_display()})" for product in products]

    by_product = _sheet(
        workbook,
        "สรุปตามสินค้า",
        purchase_round,
        [
            "สินค้า",
            "หน่วย",
            "ปริมาณรวม",
            "ราคาต่อหน่วยที่ได้",
            "ขั้นราคา",
            "จำนวนเงิน",
            "ราคาอ้างอิง",
            "ประหยัดได้",
        ],
        [36, 16, 14, 18, 24, 18, 14, 16],
    )
    for item_figures in figures.items:
        product = item_figures.product
        _append(
            by_product,
            [
                product.name,
                product.get_unit_display(),
                item_figures.total,
                item_figures.price,
                _tier_text(item_figures) or "ราคาปกติ",
                item_figures.amount,
                item_figures.item.reference_price,
                item_figures.savings,
            ],
            [
                None,
                None,
                _quantity_format(product),
                MONEY_FORMAT,
                None,
                MONEY_FORMAT,
                MONEY_FORMAT,
                MONEY_FORMAT,
            ],
        )

    by_district = _sheet(
        workbook,
        "ตามศูนย์อำเภอ",
        purchase_round,
        ["ศูนย์อำเภอ", "สถานะ", *product_headers, "จำนวนเงิน"],
        [40, 22, *[18] * len(products), 18],
    )
    for district in figures.districts:
        _append(
            by_district,
            [
                district.center.name,
                district.status_label,
                *[
                    district.ordered.get(item_figures.item.pk, ZERO)
                    for item_figures in figures.items
                ],
                district.amount,
            ],
            [None, None, *quantity_formats, MONEY_FORMAT],
        )

    by_group = _sheet(
        workbook,
        "ตามกลุ่ม",
        purchase_round,
        ["ศูนย์อำเภอ", "กลุ่ม", *product_headers, "จำนวนเงิน", "ประหยัดได้"],
        [40, 40, *[18] * len(products), 18, 16],
    )
    for district in figures.districts:
        for group in district.groups:
            _append(
                by_group,
                [
                    district.center.name,
                    group.organization.name,
                    *[
                        group.ordered.get(item_figures.item.pk, ZERO)
                        for item_figures in figures.items
                    ],
                    group.amount,
                    group.savings if group.has_savings else None,
                ],
                [None, None, *quantity_formats, MONEY_FORMAT, MONEY_FORMAT],
            )

    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


CSV_HEADERS = ["ศูนย์อำเภอ", "กลุ่ม", "สินค้า", "หน่วย", "ปริมาณ", "ราคาต่อหน่วย", "จำนวนเงิน"]


def orders_csv(purchase_round: PurchaseRound, figures: RoundFigures) -> str:
    """One row per group and product it ordered, with a BOM so Excel reads the Thai."""
    output = io.StringIO()
    output.write("\ufeff")
    writer = csv.writer(output)
    writer.writerow(CSV_HEADERS)
    for district in figures.districts:
        for group in district.groups:
            for item_figures in figures.items:
                quantity = group.ordered.get(item_figures.item.pk, ZERO)
                if quantity <= 0:
                    continue
                product = item_figures.product
                writer.writerow(
                    [
                        safe_cell(district.center.name),
                        safe_cell(group.organization.name),
                        safe_cell(product.name),
                        safe_cell(product.get_unit_display()),
                        f"{_quantity(quantity, product):f}",
                        f"{to_satang(item_figures.price):f}",
                        f"{to_satang(quantity * item_figures.price):f}",
                    ]
                )
    return output.getvalue()
