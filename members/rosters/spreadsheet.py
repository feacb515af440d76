"""The roster file (เอ็กเซลหรือซีเอสวี): its columns and notes, reading and checking its
rows, and matching them to the roster's current members (services.roster_upload writes
them). The uploaded file is read in memory and never stored."""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils import timezone

from members.validators import (
    national_id_check_digit,
    national_id_digits,
    validate_national_id,
    validate_thai_phone,
)
from songkhla_network import access
from songkhla_network.spreadsheets import Column, read_table
from songkhla_network.thai import BEDateError, date_from_cell
from songkhla_network.uploads import MEGABYTE

from .models import RosterMember
from .rules import (
    CONSENT_DATE_WITHOUT_CONSENT,
    FUTURE_DATE,
    ID_NEEDS_CONSENT,
    ID_NOT_GIVEN,
    MEMBER_FIELDS,
    clean_phone,
)

MAX_ROWS = 5_000
MAX_UPLOAD_BYTES = 5 * MEGABYTE


def _example_national_id() -> str:
    first_twelve = "310170023007"
    return first_twelve + str(national_id_check_digit(first_twelve))


EXAMPLE_NATIONAL_ID = _example_national_id()
EXAMPLE = {"first_name": "สมใจ", "last_name": "ตัวอย่าง"}
CONSENT_YES = {"ใช่", "ยินยอม", "ให้ความยินยอม", "ยินยอมแล้ว", "y", "yes", "1", "true", "✓", "/"}
CONSENT_NO = {"ไม่", "ไม่ใช่", "ไม่ยินยอม", "ไม่ให้ความยินยอม", "n", "no", "0", "false", "-", "✗"}

COLUMNS = [
    Column(
        "number",
        "ลำดับ",
        aliases=("ลำดับที่", "ที่"),
        example="1",
        help="ไม่บังคับ ระบบไม่ได้ใช้คอลัมน์นี้",
    ),
    Column(
        "title",
        "คำนำหน้า",
        aliases=("คำนำหน้าชื่อ",),
        example="นาง",
        help="เช่น นาย นาง นางสาว",
    ),
    Column(
        "first_name",
        "ชื่อ",
        aliases=("ชื่อจริง",),
        required=True,
        example=EXAMPLE["first_name"],
        help="ชื่อจริงของสมาชิก",
    ),
    Column(
        "last_name",
        "นามสกุล",
        aliases=("สกุล",),
        required=True,
        example=EXAMPLE["last_name"],
        help="นามสกุลของสมาชิก",
    ),
    Column(
        "national_id",
        "เลขประจำตัวประชาชน",
        aliases=("เลขบัตรประชาชน", "เลขประจำตัวประชาชน13หลัก", "เลขบัตร", "เลขประจำตัว"),
        example=EXAMPLE_NATIONAL_ID,
        help="13 หลัก มีหรือไม่มีขีดก็ได้ ใส่ได้เฉพาะเมื่อสมาชิกยินยอมให้เก็บข้อมูล",
    ),
    Column(
        "phone",
        "โทรศัพท์",
        aliases=("เบอร์โทร", "เบอร์โทรศัพท์", "หมายเลขโทรศัพท์", "โทร"),
        example="081-234-5678",
        help="9–10 หลัก ขึ้นต้นด้วย 0",
    ),
    Column(
        "joined_on",
        "วันที่เข้าเป็นสมาชิก",
        aliases=("วันที่เป็นสมาชิก", "วันที่สมัคร", "วันที่เข้าเป็นสมาชิกกลุ่ม"),
        example="15/3/2560",
        help="วัน/เดือน/ปี พ.ศ. เช่น 15/3/2560",
    ),
    Column(
        "consent",
        "ยินยอมให้เก็บข้อมูล",
        aliases=("ยินยอมให้เก็บข้อมูล(ใช่/ไม่)", "ยินยอม", "ความยินยอม", "การให้ความยินยอม"),
        example="ใช่",
        help="ใช่ หรือ ไม่ (ว่างไว้: สมาชิกใหม่ถือว่าไม่ยินยอม สมาชิกเดิมคงตามที่บันทึกไว้)",
    ),
    Column(
        "consent_on",
        "วันที่ให้ความยินยอม",
        aliases=("วันที่ยินยอม",),
        example="1/6/2569",
        help="ว่างไว้ได้ ระบบใช้วันที่นำเข้า",
    ),
]
HEADERS = {column.key: column.header for column in COLUMNS}
TEMPLATE_NOTES = [
    "วิธีใช้: กรอกสมาชิกหนึ่งคนต่อหนึ่งแถวในแผ่นงานแรก ลบแถวตัวอย่างออกก่อนนำเข้า",
    "ชื่อและนามสกุลต้องมีทุกแถว คอลัมน์อื่นว่างไว้ได้",
    "เลขประจำตัวประชาชน 13 หลัก ระบบตรวจหลักสุดท้าย (เลขตรวจสอบ) ให้ ใช้เลขไทยหรือเลขอารบิกก็ได้",
    "เก็บเลขประจำตัวประชาชนได้เฉพาะสมาชิกที่ยินยอมให้เครือข่ายเก็บข้อมูลส่วนบุคคล สมาชิกที่ไม่ยินยอมให้ใส่เฉพาะชื่อ",
    "วันที่ใช้ปี พ.ศ. เช่น 15/3/2560",
    "ถ้ามีแถวใดผิด ระบบจะไม่นำเข้าเลยทั้งไฟล์ และแสดงทุกแถวที่ต้องแก้ไขพร้อมกัน",
    "แถวที่เลขประจำตัวตรงกับสมาชิกเดิม (หรือชื่อและนามสกุลตรงกับสมาชิกเดิมที่ไม่มีเลข) จะปรับปรุงสมาชิกเดิม"
    " แถวอื่นเพิ่มเป็นสมาชิกใหม่",
    "ช่องเลขประจำตัวที่ว่างไม่ลบเลขที่เก็บไว้แล้ว ถ้าสมาชิกถอนความยินยอม ให้กรอก “ไม่” ในช่องยินยอม"
    " ระบบจะลบเลขประจำตัวของสมาชิกคนนั้น",
    f"ไม่เกิน {MAX_ROWS:,} แถว และไฟล์ไม่เกิน {MAX_UPLOAD_BYTES // MEGABYTE} เมกะไบต์ต่อครั้ง",
]


@dataclass
class Problem:
    row: int
    column: str
    message: str
    value: str = ""


@dataclass
class UploadResult:
    problems: list[Problem] = field(default_factory=list)
    file_error: str = ""
    added: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems and not self.file_error

    @property
    def count(self) -> int:
        return self.added + self.updated + self.unchanged


def _shown(value) -> str:
    if isinstance(value, datetime.date):
        return f"{value.day}/{value.month}/{value.year}"
    return str(value)


def _shown_id(value) -> str:
    """A national ID cell as the problem table shows it: a valid ID masked (the full
    number is shown only on pages that log the showing), anything else as typed."""
    digits = national_id_digits(str(value or ""))
    try:
        validate_national_id(digits)
    except ValidationError:
        return _shown(value)
    return access.mask_national_id(digits)


def _sheet_date(value, today) -> datetime.date | None:
    """A cell as a date (thai.date_from_cell), never after today."""
    value = date_from_cell(value)
    if value is not None and value > today:
        raise BEDateError(FUTURE_DATE)
    return value


def _clean_row(row_no: int, values: dict, today) -> tuple[dict, list[Problem]]:
    problems = []

    def problem(key, message):
        shown = _shown_id if key == "national_id" else _shown
        problems.append(Problem(row_no, HEADERS[key], message, shown(values.get(key, ""))))

    row = {}
    for key, limit in (("title", 30), ("first_name", 100), ("last_name", 100)):
        text = str(values.get(key, "") or "").strip()
        if key != "title" and not text:
            problem(key, f"กรุณากรอก{HEADERS[key]}")
        elif len(text) > limit:
            problem(key, f"ยาวเกิน {limit} ตัวอักษร")
        row[key] = text

    national_id = national_id_digits(str(values.get("national_id", "") or ""))
    if national_id:
        try:
            validate_national_id(national_id)
        except ValidationError as error:
            problem("national_id", error.messages[0])
            national_id = ""
    row["national_id"] = national_id

    phone = clean_phone(str(values.get("phone", "") or ""))
    if phone:
        try:
            validate_thai_phone(phone)
        except ValidationError as error:
            problem("phone", error.messages[0])
    row["phone"] = phone

    for key in ("joined_on", "consent_on"):
        try:
            row[key] = _sheet_date(values.get(key, ""), today)
        except BEDateError as error:
            problem(key, str(error))
            row[key] = None

    # True, False, or None for a blank cell: a new member without consent, an existing
    # member's consent left as recorded (only an explicit "ไม่" withdraws it).
    consent_text = str(values.get("consent", "") or "").strip().lower()
    if consent_text in CONSENT_YES:
        row["consent"] = True
    elif consent_text in CONSENT_NO:
        row["consent"] = False
    elif consent_text == "":
        row["consent"] = None
    else:
        row["consent"] = None
        problem("consent", "กรุณากรอก “ใช่” หรือ “ไม่”")
        return row, problems
    if row["national_id"] and not row["consent"]:
        problem("consent", ID_NEEDS_CONSENT)
    if row["consent_on"] and not row["consent"]:
        problem("consent_on", CONSENT_DATE_WITHOUT_CONSENT)
    if (
        row["national_id"] == EXAMPLE_NATIONAL_ID
        and row["first_name"] == EXAMPLE["first_name"]
        and row["last_name"] == EXAMPLE["last_name"]
    ):
        problem("first_name", "แถวนี้เป็นตัวอย่างจากแบบฟอร์ม กรุณาลบแถวนี้หรือแทนที่ด้วยข้อมูลจริง")
    return row, problems


def read_roster(upload) -> tuple[list[tuple[int, dict]], set[str], UploadResult]:
    """The file's rows, cleaned; the columns the file has; and every problem found."""
    result = UploadResult()
    try:
        table = read_table(upload, COLUMNS, max_rows=MAX_ROWS)
    except ValidationError as error:
        result.file_error = error.messages[0]
        return [], set(), result
    if table.missing:
        names = " และ ".join(f"“{column.header}”" for column in table.missing)
        result.file_error = (
            f"ไม่พบคอลัมน์ {names} ในแถวหัวตาราง กรุณาใช้แบบฟอร์มของระบบ หรือตั้งชื่อหัวคอลัมน์ให้ตรงกับแบบฟอร์ม"
        )
        return [], set(), result
    keys = {key for _, values in table.rows[:1] for key in values}
    today = timezone.localdate()
    rows, first_seen = [], {}
    for row_no, values in table.rows:
        if all(value == "" for key, value in values.items() if key != "number"):
            continue  # a numbered but empty line of the template
        row, problems = _clean_row(row_no, values, today)
        national_id = row["national_id"]
        if national_id and national_id in first_seen:
            problems.append(
                Problem(
                    row_no,
                    HEADERS["national_id"],
                    f"เลขประจำตัวประชาชนซ้ำกับแถวที่ {first_seen[national_id]} ในไฟล์นี้",
                    _shown_id(values.get("national_id", "")),
                )
            )
        elif national_id:
            first_seen[national_id] = row_no
        result.problems.extend(problems)
        rows.append((row_no, row))
    if not rows and not result.problems:
        result.file_error = "ไม่พบรายชื่อในไฟล์ กรุณากรอกรายชื่อใต้แถวหัวตาราง"
    return rows, keys, result


def fields_for(keys: set[str]) -> list[str]:
    """The member fields a file sets: only the columns it has (and consent's date with it)."""
    simple = ("title", "first_name", "last_name", "phone", "joined_on")
    fields = [key for key in simple if key in keys]
    if "national_id" in keys:
        fields.append("national_id")
    if "consent" in keys:
        fields += ["consent", "consent_on"]
    return fields


def apply_row(member: RosterMember, row: dict, fields: Sequence[str], today) -> bool:
    """Set a row's values on a member; whether anything changed. A blank national-ID cell
    never erases a stored ID, and a blank consent cell leaves an existing member's consent
    as recorded: only an explicit "ไม่" withdraws consent, and the ID goes with it."""
    before = {name: getattr(member, name) for name in MEMBER_FIELDS}
    for name in fields:
        if name in ("consent", "consent_on") or (name == "national_id" and not row[name]):
            continue
        setattr(member, name, row[name])
    consent = row["consent"] if "consent" in fields else None
    if consent is False or (consent is None and member.pk is None):
        member.consent, member.consent_on = False, None
        member.national_id = ""  # no consent (or consent withdrawn): no ID kept
    elif consent is True:
        kept = before["consent_on"] if before["consent"] else None
        member.consent, member.consent_on = True, row["consent_on"] or kept or today
    return any(getattr(member, name) != before[name] for name in MEMBER_FIELDS)


def match_rows(
    rows, current, *, file_has_ids: bool
) -> tuple[dict[int, RosterMember], list[Problem]]:
    """Row index -> the current member the row updates. A row's national ID matches the
    member with that ID. Without an ID match, first and last name match a member without
    an ID; a member with an ID only when the file has no ID column at all (a sheet of
    names and phones, or of consent). A blank ID cell whose name belongs only to members
    with an ID is a problem: the same person, or a namesake? The file must say."""
    by_id = {member.national_id: member for member in current if member.national_id}
    matched: dict[int, RosterMember] = {}
    taken: set[int] = set()
    for index, (_, row) in enumerate(rows):
        member = by_id.get(row["national_id"]) if row["national_id"] else None
        if member is not None:
            matched[index] = member
            taken.add(member.pk)
    by_name: dict[tuple[str, str], list[RosterMember]] = {}
    for member in sorted(current, key=lambda m: (bool(m.national_id), m.pk)):
        by_name.setdefault((member.first_name, member.last_name), []).append(member)
    problems = []
    for index, (row_no, row) in enumerate(rows):
        if index in matched:
            continue
        namesakes = by_name.get((row["first_name"], row["last_name"]), [])
        for member in namesakes:
            if member.pk in taken or (member.national_id and (file_has_ids or row["national_id"])):
                continue
            matched[index] = member
            taken.add(member.pk)
            break
        else:
            with_id = [m for m in namesakes if m.national_id and m.pk not in taken]
            if file_has_ids and not row["national_id"] and with_id:
                problems.append(Problem(row_no, HEADERS["national_id"], ID_NOT_GIVEN, ""))
    return matched, problems
