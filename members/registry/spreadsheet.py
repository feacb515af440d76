"""The registry file: its columns (with the names the registries use for them), the
registries' words for a kind of organization, reading one row into an organization's
values, and the template to fill in."""

import datetime
import re

from django.core.exceptions import ValidationError

from members.models import MEMBER_COUNT_MAXIMUM, District, OrganizationKind
from members.validators import validate_thai_phone
from songkhla_network import thai
from songkhla_network.numbers import parse_number
from songkhla_network.spreadsheets import Column, template_xlsx

WEB_MAX_ROWS = 5_000
COMMAND_MAX_ROWS = 1_000_000

COLUMNS = [
    Column(
        "name",
        "ชื่อองค์กร",
        aliases=(
            "ชื่อสหกรณ์",
            "ชื่อกลุ่ม",
            "ชื่อวิสาหกิจชุมชน",
            "ชื่อกลุ่มเกษตรกร",
            "ชื่อกลุ่มองค์กร",
            "ชื่อกลุ่ม/องค์กร",
            "ชื่อหน่วยงาน",
        ),
        required=True,
        example="สหกรณ์กองทุนสวนยางบ้านนาวง จำกัด",
        help="ชื่อเต็มตามทะเบียน",
    ),
    Column(
        "kind",
        "ประเภท",
        aliases=("ประเภทสหกรณ์", "ประเภทกลุ่ม", "ประเภทองค์กร", "ประเภทวิสาหกิจชุมชน"),
        required=True,
        example="สหกรณ์กองทุนสวนยาง",
        help="เลือกจากรายการ เช่น สหกรณ์การเกษตร สหกรณ์กองทุนสวนยาง กลุ่มออมทรัพย์เพื่อการผลิต "
        "กลุ่มแม่บ้านเกษตรกร วิสาหกิจชุมชน กลุ่มเกษตรกร",
    ),
    Column(
        "district",
        "อำเภอ",
        aliases=("ชื่ออำเภอ", "รหัสอำเภอ", "อำเภอที่ตั้ง"),
        required=True,
        example="รัตภูมิ",
        help="ชื่ออำเภอ (มีหรือไม่มีคำว่า อำเภอ หรือ อ. นำหน้า) หรือรหัสอำเภอ เช่น 9009",
    ),
    Column(
        "registration_number",
        "เลขทะเบียน",
        aliases=(
            "ทะเบียนเลขที่",
            "เลขทะเบียนสหกรณ์",
            "รหัสทะเบียน",
            "เลขทะเบียนกลุ่ม",
            "เลขทะเบียนวิสาหกิจชุมชน",
            "รหัสวิสาหกิจชุมชน",
        ),
        example="สข.0999/2569",
        help="ถ้ามี ใช้จับคู่กับองค์กรที่มีอยู่แล้วในระบบ (ถ้าไม่มี จับคู่ด้วยชื่อและอำเภอ)",
    ),
    Column("address", "ที่อยู่", aliases=("ที่ตั้ง", "ที่อยู่สำนักงาน", "ที่ตั้งสำนักงาน")),
    Column(
        "phone",
        "โทรศัพท์",
        aliases=("เบอร์โทรศัพท์", "หมายเลขโทรศัพท์", "เบอร์โทร", "โทร"),
        example="074-123456",
        help="หมายเลขเดียว 9–10 หลัก ขึ้นต้นด้วย 0",
    ),
    Column(
        "member_count",
        "จำนวนสมาชิก",
        aliases=("จำนวนสมาชิก (คน)", "สมาชิก (คน)", "จำนวนสมาชิกทั้งหมด"),
        example="120",
        help="จำนวนเต็ม (คน)",
    ),
    Column(
        "founded_on",
        "วันที่จดทะเบียน",
        aliases=("วันที่ก่อตั้ง", "วันจดทะเบียน", "วันที่จัดตั้ง", "วันก่อตั้ง", "วันที่จดทะเบียน/ก่อตั้ง"),
        example="15/3/2569",
        help="วัน/เดือน/ปี พ.ศ. เช่น 15/3/2569 หรือ 15 มี.ค. 2569",
    ),
]
COLUMN_LABELS = {column.key: column.header for column in COLUMNS}
FIELDS = [column.key for column in COLUMNS]
FIELD_LABELS = {
    "name": "ชื่อองค์กร",
    "kind": "ประเภท",
    "district": "อำเภอ",
    "registration_number": "เลขทะเบียน",
    "address": "ที่อยู่",
    "phone": "โทรศัพท์",
    "member_count": "จำนวนสมาชิก",
    "founded_on": "วันที่ก่อตั้ง",
}

K = OrganizationKind
# The words the three registries use for a kind, and ours (OrganizationKind labels).
KIND_WORDS = {
    **{kind.label: kind for kind in OrganizationKind},
    "กลุ่มอื่นๆ": K.OTHER_GROUP,
    "อื่นๆ": K.OTHER_GROUP,
    "อื่น ๆ": K.OTHER_GROUP,
    "ชุมนุมสหกรณ์การเกษตร": K.FEDERATION,
    "สหกรณ์การเกษตร": K.AGRICULTURAL_COOP,
    "สหกรณ์นิคม": K.AGRICULTURAL_COOP,
    "สหกรณ์ประมง": K.AGRICULTURAL_COOP,
    "สหกรณ์กองทุนสวนยาง": K.RUBBER_FUND_COOP,
    "สหกรณ์ออมทรัพย์": K.SAVINGS_COOP,
    "สหกรณ์เครดิตยูเนี่ยน": K.SAVINGS_COOP,
    "สหกรณ์ร้านค้า": K.SHOP_COOP,
    "กลุ่มออมทรัพย์เพื่อการผลิต": K.SAVINGS_GROUP,
    "กลุ่มออมทรัพย์": K.SAVINGS_GROUP,
    "กลุ่มแม่บ้านเกษตรกร": K.HOUSEWIFE_GROUP,
    "กลุ่มแม่บ้าน": K.HOUSEWIFE_GROUP,
    "วิสาหกิจชุมชน": K.OTHER_GROUP,
    "เครือข่ายวิสาหกิจชุมชน": K.OTHER_GROUP,
    "กลุ่มเกษตรกร": K.OTHER_GROUP,
    "กลุ่มยุวเกษตรกร": K.OTHER_GROUP,
    "กลุ่มส่งเสริมอาชีพ": K.OTHER_GROUP,
    "กลุ่มส่งเสริมอาชีพการเกษตร": K.OTHER_GROUP,
    "กลุ่มอาชีพ": K.OTHER_GROUP,
    "กลุ่มวิสาหกิจชุมชน": K.OTHER_GROUP,
}
# The words offered in the template's dropdown (a short list).
TEMPLATE_KINDS = [
    *OrganizationKind.labels,
    "วิสาหกิจชุมชน",
    "กลุ่มเกษตรกร",
]
RUBBER_FUND = "กองทุนสวนยาง"


def _squeeze(text: str) -> str:
    """Without whitespace: how kinds and districts are compared."""
    return re.sub(r"\s+", "", text or "")


def single_spaced(text: str) -> str:
    """Single spaces, trimmed: how names are stored."""
    return re.sub(r"\s+", " ", text or "").strip()


# Whitespace and the invisible characters Thai text often carries (zero-width space).
_BLANKS = re.compile(r"[\s\u200b\u200c\u200d\ufeff]+")


def name_text_key(name: str) -> str:
    """How names are compared: without any whitespace, Thai digits as Arabic ones."""
    return thai.thai_digits_to_arabic(_BLANKS.sub("", name or ""))


_KINDS = {_squeeze(word): kind for word, kind in KIND_WORDS.items()}
_KIND_PREFIXES = sorted(_KINDS, key=len, reverse=True)


def kind_of(text: str, name: str = "") -> str | None:
    """The OrganizationKind for a registry's word, or None. A word that starts with a known
    one counts as it ("กลุ่มเกษตรกรทำสวน" is a กลุ่มเกษตรกร). The cooperative office files a
    rubber-fund cooperative as "สหกรณ์การเกษตร"; its name tells it apart."""
    word = _squeeze(text)
    kind = _KINDS.get(word)
    if kind is None:
        kind = next((_KINDS[p] for p in _KIND_PREFIXES if word.startswith(p)), None)
    if kind == K.AGRICULTURAL_COOP and RUBBER_FUND in _squeeze(name):
        return K.RUBBER_FUND_COOP
    return kind


def normalize_registration(text: str) -> str:
    """สข.0921/2540, สข 921/2540 and สข.๐๙๒๑/๒๕๔๐ are one number: no spaces, dots or
    dashes, digits without leading zeros, Latin letters upper case."""
    text = re.sub(r"[\s.\-]", "", thai.thai_digits_to_arabic(text or "")).upper()
    return re.sub(r"\d+", lambda match: str(int(match.group())), text)


# Reading one row ----------------------------------------------------------------------


def district_lookup(districts) -> dict[str, District]:
    lookup = {}
    for district in districts:
        for word in (district.code, district.name, f"อำเภอ{district.name}", f"อ.{district.name}"):
            lookup[_squeeze(word)] = district
        if district.name.startswith("เมือง"):
            for word in ("เมือง", "อำเภอเมือง", "อ.เมือง"):
                lookup[word] = district
    return lookup


def _member_count(text: str) -> int:
    """A count as the registries write it ("1,250", "๑๒๕๐ คน"), read as every number
    field reads one (numbers.parse_number: never 1_000 or 1e3)."""
    try:
        number = parse_number(str(text).strip().removesuffix("คน"))
    except ValidationError:
        raise ValueError(f"จำนวนสมาชิก “{text}” ไม่ใช่ตัวเลข") from None
    if number is None or number != number.to_integral_value() or number < 0:
        raise ValueError(f"จำนวนสมาชิก “{text}” ต้องเป็นจำนวนเต็มไม่ติดลบ")
    if number > MEMBER_COUNT_MAXIMUM:
        raise ValueError(f"จำนวนสมาชิก “{text}” มากเกินกว่าที่เป็นไปได้")
    return int(number)


def _founded_on(value) -> datetime.date:
    try:
        return thai.date_from_cell(value)
    except thai.BEDateError as error:
        raise ValueError(f"วันที่จดทะเบียน “{value}”: {error}") from None


def clean_row(values: dict, districts: dict) -> tuple[dict, list[str]]:
    """The row's values as the model holds them (empty cells left out), and its errors."""
    clean, errors = {}, []
    name = single_spaced(str(values.get("name", "")))
    if not name:
        errors.append("ไม่มีชื่อองค์กร")
    elif len(name) > 200:
        errors.append("ชื่อองค์กรยาวเกิน 200 ตัวอักษร")
    else:
        clean["name"] = name
    kind_text = str(values.get("kind", "")).strip()
    if not kind_text:
        errors.append("ไม่ได้ระบุประเภทองค์กร")
    else:
        kind = kind_of(kind_text, name)
        if kind is None:
            errors.append(
                f"ไม่รู้จักประเภท “{kind_text}” กรุณาใช้ประเภทในรายการ เช่น "
                "สหกรณ์การเกษตร สหกรณ์กองทุนสวนยาง กลุ่มออมทรัพย์เพื่อการผลิต กลุ่มแม่บ้านเกษตรกร "
                "สหกรณ์ออมทรัพย์ สหกรณ์ร้านค้า วิสาหกิจชุมชน"
            )
        else:
            clean["kind"] = kind
    district_text = str(values.get("district", "")).strip()
    if not district_text:
        errors.append("ไม่ได้ระบุอำเภอ")
    else:
        district = districts.get(_squeeze(district_text))
        if district is None:
            errors.append(f"ไม่พบอำเภอ “{district_text}” ในจังหวัดสงขลา")
        else:
            clean["district"] = district
    number = single_spaced(str(values.get("registration_number", "")))
    if number:
        if len(number) > 50:
            errors.append("เลขทะเบียนยาวเกิน 50 ตัวอักษร")
        else:
            clean["registration_number"] = number
    address = str(values.get("address", "")).strip()
    if address:
        clean["address"] = address
    phone = single_spaced(str(values.get("phone", "")))
    if phone:
        try:
            validate_thai_phone(phone)
        except ValidationError:
            errors.append(
                f"หมายเลขโทรศัพท์ “{phone}” ไม่ถูกต้อง กรอกหมายเลขเดียว 9–10 หลักที่ขึ้นต้นด้วย 0 เช่น 074-123456"
            )
        else:
            if len(phone) > 30:
                errors.append("หมายเลขโทรศัพท์ยาวเกิน 30 ตัวอักษร")
            else:
                clean["phone"] = phone
    members = values.get("member_count", "")
    if members not in ("", None):
        try:
            clean["member_count"] = _member_count(str(members))
        except ValueError as error:
            errors.append(str(error))
    founded = values.get("founded_on", "")
    if founded not in ("", None):
        try:
            clean["founded_on"] = _founded_on(founded)
        except ValueError as error:
            errors.append(str(error))
    return clean, errors


def table_problems(table) -> list[str]:
    """What makes a read table unusable as a whole (missing columns, no rows)."""
    if table.missing:
        return [
            "ไม่พบคอลัมน์ที่จำเป็น: "
            + " ".join(f"“{column.header}”" for column in table.missing)
            + " กรุณาใช้หัวคอลัมน์ตามแบบฟอร์ม"
        ]
    if not table.rows:
        return ["ไม่พบข้อมูลองค์กรในไฟล์ (มีแต่หัวคอลัมน์)"]
    return []


def template_file() -> bytes:
    districts = list(District.objects.values_list("name", flat=True))
    return template_xlsx(
        "รายชื่อองค์กร",
        COLUMNS,
        [
            "แถวแรกเป็นหัวคอลัมน์ ใช้ชื่อหัวคอลัมน์ตามแบบฟอร์มนี้ หรือชื่อที่ทะเบียนของหน่วยงานใช้ "
            "เช่น ชื่อสหกรณ์ ประเภทสหกรณ์ ทะเบียนเลขที่",
            "องค์กรที่มีอยู่แล้วในระบบจะจับคู่ด้วยเลขทะเบียน ถ้าไม่มีเลขทะเบียนจะจับคู่ด้วยชื่อและอำเภอ",
            "ช่องที่เว้นว่างไม่ลบข้อมูลเดิมในระบบ",
            "ถ้ามีแถวใดผิด ระบบจะไม่นำเข้าทั้งไฟล์ และแสดงข้อผิดพลาดทุกแถวให้แก้ไขก่อน",
            f"ไฟล์หนึ่งมีได้ไม่เกิน {WEB_MAX_ROWS:,} แถว",
        ],
        choices={"kind": TEMPLATE_KINDS, "district": districts},
    )
