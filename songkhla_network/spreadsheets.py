"""Reading the spreadsheets people upload (XLSX or CSV) and writing their templates.

Rows come back as dicts keyed by a canonical column name, found from the header row
through each column's accepted aliases, so "ชื่อ", "ชื่อจริง" and " ชื่อ " all land in
`first_name`. Values are text (Thai digits and numbers typed as numbers become Arabic-
digit text, 1.23E+12 included) or a date for a cell Excel stored as a date.
"""

import csv
import datetime
import io
import re
import zipfile
from collections.abc import Iterator, Sequence
from contextlib import closing
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.worksheet._read_only import ReadOnlyWorksheet
from openpyxl.worksheet._reader import DATA_TAG, DIMENSION_TAG
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.dimensions import SheetDimension
from openpyxl.xml.functions import iterparse

from .documents import safe_cell
from .thai import thai_digits_to_arabic
from .uploads import extension_of


@dataclass(frozen=True)
class Column:
    key: str
    header: str  # the template's header
    aliases: tuple[str, ...] = ()
    required: bool = False
    example: str = ""
    help: str = ""


@dataclass
class Table:
    rows: list[tuple[int, dict]] = field(default_factory=list)  # (row number, values)
    missing: list[Column] = field(default_factory=list)  # required columns not found


def _normal(header) -> str:
    return re.sub(r"\s+", "", str(header or "")).strip().lower()


def cell_text(value):
    """A cell as text, or a date when the sheet stored a date."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, bool):
        return "ใช่" if value else "ไม่"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return thai_digits_to_arabic(str(value)).strip()


XLSX_UNREADABLE = "อ่านไฟล์เอ็กเซลไม่ได้ ไฟล์อาจเสียหาย กรุณาบันทึกใหม่เป็นไฟล์เอ็กเซลแบบใหม่"
CSV_UNREADABLE = "อ่านไฟล์ซีเอสวีไม่ได้ กรุณาบันทึกเป็นซีเอสวีแบบยูทีเอฟ-8"
HEADER_SEARCH_ROWS = 20  # the header row is looked for among the first rows
MAX_COLUMNS = 200  # cells read per row; the templates have a dozen columns
# Rows read, blank ones included, for each data row a file may have: a sheet's blank rows
# cost as much to read as full ones (900,000 of them held a worker for 51 s).
ROWS_READ_PER_DATA_ROW = 2
# What a workbook may unpack to (its sheets and their shared strings) for each row it may
# have: a dozen columns of Thai text take well under a kilobyte, and a zip of a few
# megabytes can unpack to gigabytes of cells that would all be parsed.
UNPACKED_BYTES_PER_ROW = 2048


def too_many_rows(max_rows: int) -> str:
    return (
        f"ไฟล์มีเกิน {max_rows * ROWS_READ_PER_DATA_ROW:,} แถว (นับรวมแถวว่าง) จึงหยุดอ่านและยังไม่ได้นำเข้า"
        f"ข้อมูลใด ๆ ไฟล์หนึ่งมีข้อมูลได้ไม่เกิน {max_rows:,} แถว ถ้ามีแถวว่างจำนวนมากท้ายตาราง"
        "ให้ลบแถวเหล่านั้นออก หรือแบ่งเป็นหลายไฟล์ (หรือให้ผู้ดูแลระบบใช้คำสั่งนำเข้าสำหรับไฟล์ใหญ่)"
    )


def _dimension_before_the_data(sheet) -> None:
    """ReadOnlyWorksheet._get_size as it was meant: openpyxl 3.1 looks for a sheet's
    <dimension> until the *end* of its data, so loading a workbook whose sheet has none
    (some tools write none) parses the whole sheet first: 900,000 blank rows, 5 s before
    the first row is read. The element comes before the data or not at all."""
    with sheet._get_source() as source:
        for _event, element in iterparse(source, events=("start",)):
            if element.tag == DIMENSION_TAG:
                bounds = SheetDimension.from_tree(element).boundaries
                sheet._min_column, sheet._min_row, sheet._max_column, sheet._max_row = bounds
                return
            if element.tag == DATA_TAG:
                return


ReadOnlyWorksheet._get_size = _dimension_before_the_data


def _unpacked_size(upload) -> int:
    """Bytes of the workbook's sheets and shared strings once unpacked (0 if unreadable:
    openpyxl then says so)."""
    try:
        with zipfile.ZipFile(upload) as archive:
            return sum(
                info.file_size
                for info in archive.infolist()
                if info.filename.startswith("xl/worksheets/")
                or info.filename == "xl/sharedStrings.xml"
            )
    except zipfile.BadZipFile:
        return 0
    finally:
        upload.seek(0)


def _raw_rows(upload, max_rows: int) -> Iterator[Sequence]:
    """The rows of the first sheet, one at a time: a large workbook is never held in
    memory whole (openpyxl's read-only mode streams the sheet)."""
    extension = extension_of(upload.name)
    upload.seek(0)
    if extension == ".xlsx":
        budget = max(max_rows * ROWS_READ_PER_DATA_ROW * UNPACKED_BYTES_PER_ROW, 1024 * 1024)
        if _unpacked_size(upload) > budget:
            raise ValidationError(
                f"ไฟล์เอ็กเซลนี้เมื่อคลายออกมีข้อมูลมากกว่าที่ไฟล์ {max_rows:,} แถวจะมีได้ จึงไม่ได้อ่าน"
                "และยังไม่ได้นำเข้าข้อมูลใด ๆ กรุณาลบแถวหรือคอลัมน์ที่ไม่ใช้ออก"
                " หรือบันทึกเป็นไฟล์ซีเอสวีแล้วส่งใหม่"
            )
        try:
            workbook = load_workbook(upload, read_only=True, data_only=True)
        except Exception:  # openpyxl raises many kinds for a damaged file
            raise ValidationError(XLSX_UNREADABLE) from None
        try:
            for row in workbook.worksheets[0].iter_rows(values_only=True):
                yield row[:MAX_COLUMNS]
        except Exception:  # a damaged sheet inside a readable archive
            raise ValidationError(XLSX_UNREADABLE) from None
        finally:
            workbook.close()
        return
    data = upload.read()
    for encoding in ("utf-8-sig", "cp874"):  # Excel in Thai saves CSV as TIS-620 (cp874)
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ValidationError(CSV_UNREADABLE)
    try:
        for row in csv.reader(io.StringIO(text)):
            yield row[:MAX_COLUMNS]
    except csv.Error:
        raise ValidationError(CSV_UNREADABLE) from None


def read_table(upload, columns: list[Column], *, max_rows: int) -> Table:
    """The rows of the first sheet under the first row that names a known column.
    Blank rows are skipped; row numbers are the sheet's own (as the user sees them).
    Reading stops, with a ValidationError, at the first data row beyond `max_rows` or
    at the row beyond ROWS_READ_PER_DATA_ROW times that, blank or not."""
    lookup = {}
    for column in columns:
        for name in (column.header, *column.aliases):
            lookup[_normal(name)] = column.key
    table = Table()
    with closing(_raw_rows(upload, max_rows)) as raw:
        positions = {}
        for number, row in enumerate(raw, start=1):
            positions = {
                position: lookup[_normal(value)]
                for position, value in enumerate(row)
                if _normal(value) in lookup
            }
            if positions or number >= HEADER_SEARCH_ROWS:
                break
        if not positions:
            table.missing = [column for column in columns if column.required] or list(columns)
            return table
        keys = set(positions.values())
        table.missing = [column for column in columns if column.required and column.key not in keys]
        most_read = max_rows * ROWS_READ_PER_DATA_ROW
        for index, row in enumerate(raw, start=number + 1):
            values = {key: "" for key in keys}
            for position, key in positions.items():
                if position < len(row):
                    values[key] = cell_text(row[position])
            blank = all(value == "" for value in values.values())
            if not blank and len(table.rows) == max_rows:
                raise ValidationError(
                    f"ไฟล์มีข้อมูลเกิน {max_rows:,} แถว กรุณาแบ่งเป็นหลายไฟล์"
                    " (หรือให้ผู้ดูแลระบบใช้คำสั่งนำเข้าสำหรับไฟล์ใหญ่)"
                )
            if index - number > most_read:
                raise ValidationError(too_many_rows(max_rows))
            if not blank:
                table.rows.append((index, values))
    return table


def template_xlsx(title: str, columns: list[Column], notes: list[str], choices=None) -> bytes:
    """A template: the header row, one example row, notes on a second sheet, and
    dropdowns for columns with a fixed list (`choices`: key -> values)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append([column.header for column in columns])
    sheet.append([safe_cell(column.example) for column in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for index, column in enumerate(columns, start=1):
        letter = sheet.cell(row=1, column=index).column_letter
        sheet.column_dimensions[letter].width = max(14, len(column.header) + 6)
        sheet.cell(row=2, column=index).number_format = "@"  # IDs stay text, not 1.2E+12
        if choices and column.key in choices:
            validation = DataValidation(
                type="list", formula1='"' + ",".join(choices[column.key]) + '"', allow_blank=True
            )
            sheet.add_data_validation(validation)
            validation.add(f"{letter}2:{letter}5000")
    guide = workbook.create_sheet("คำอธิบาย")
    guide.append(["คอลัมน์", "จำเป็น", "คำอธิบาย"])
    for cell in guide[1]:
        cell.font = Font(bold=True)
    for column in columns:
        guide.append([column.header, "จำเป็น" if column.required else "ไม่บังคับ", column.help])
    guide.append([])
    for note in notes:
        guide.append([note])
    guide.column_dimensions["A"].width = 28
    guide.column_dimensions["C"].width = 80
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()


def template_csv(columns: list[Column]) -> bytes:
    stream = io.StringIO()
    writer = csv.writer(stream)
    writer.writerow([column.header for column in columns])
    writer.writerow([safe_cell(column.example) for column in columns])
    return ("\ufeff" + stream.getvalue()).encode("utf-8")
