"""The monthly report as a Thai PDF (A4, Sarabun, page numbers, the center and the month in
the Buddhist Era) and as XLSX."""

import io
from decimal import Decimal

from members.reference import DISTRICT_NAMES
from songkhla_network.documents import render_pdf, safe_cell


def report_pdf(context: dict) -> bytes:
    return render_pdf("reports/report_pdf.html", context, places=DISTRICT_NAMES)


def _number(value, kind):
    if value is None:
        return None
    if kind in ("money", "percent"):
        return Decimal(str(value))
    return int(value)


def report_xlsx(context: dict) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "รายงานประจำเดือน"
    sheet.append([safe_cell(f"รายงานประจำเดือน{context['label']} {context['center'].name}")])
    sheet.append([safe_cell(f"จัดทำเมื่อ {context['produced']}")])
    headers = ["รายการ", context["label"], context["previous_label"], context["last_year_label"]]
    if context["signoff"]:
        headers.append("ตามที่ลงนาม")
    sheet.append(headers)
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    formats = {"money": "#,##0.00", "count": "#,##0", "percent": "0.0"}
    for row in context["rows"]:
        values = [row["current"], row["previous"], row["last_year"]]
        if context["signoff"]:
            values.append(row.get("signed"))
        sheet.append([row["label"], *(_number(value, row["kind"]) for value in values)])
        for cell in sheet[sheet.max_row][1:]:
            cell.number_format = formats[row["kind"]]
    products = workbook.create_sheet("การซื้อร่วมตามสินค้า")
    products.append(["สินค้า", "หน่วย", "ปริมาณ", "มูลค่า (บาท)", "ประหยัดได้ (บาท)"])
    for cell in products[1]:
        cell.font = Font(bold=True)
    for row in context["products"]:
        products.append(
            [
                safe_cell(row["product"]),
                row["unit"],
                Decimal(row["quantity"]),
                Decimal(row["value"]),
                Decimal(row["savings"]),
            ]
        )
        for cell in products[products.max_row][3:]:
            cell.number_format = "#,##0.00"
    sheet.column_dimensions["A"].width = 48
    for column in "BCDE":
        sheet.column_dimensions[column].width = 22
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()
