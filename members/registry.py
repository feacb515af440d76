"""Loading organizations from the registries' spreadsheets (ระยะที่ 1).

The cooperative office, the community development office and the agriculture office
each keep a list of the organizations they registered, in their own column names and
their own words for the kind of organization. `preview_registry` reads such a list and
says, row by row, what would happen: create, update (which fields, old → new), nothing,
or why the row cannot be taken. `apply_registry` reads it again inside one transaction
and writes everything, or nothing when any row has an error.

A row is matched to an organization already in the system by its registration number
(compared without spaces, dots or leading zeros), else by its name and district (the
name compared without any whitespace and with Thai digits read as Arabic ones, so
"สหกรณ์การเกษตรรัตภูมิจำกัด" is "สหกรณ์การเกษตรรัตภูมิ จำกัด"). A row that matches two
organizations of the system is an error: the registration number must tell them apart.
An empty cell never blanks what the system already holds.

Existing organizations and the districts are loaded once; the checks of a change of
kind or district (the two-tier rule and the hosted centers, as Organization.clean) load
the hosted centers and open memberships of the changed organizations once: no query runs
per row.

Applying is serialised: every apply (the web page and the management command) first
locks the districts' rows, then reads the organizations with select_for_update, so two
imports never create the same organization twice and an edit saved meanwhile is never
overwritten unseen. The web page confirms with a fingerprint of the preview the user saw;
when the data changed since, nothing is written and the new preview is shown.
"""

import datetime
import hashlib
import json
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from centers.models import Center, Membership
from songkhla_network import thai
from songkhla_network.numbers import parse_number
from songkhla_network.spreadsheets import Column, read_table, template_xlsx
from songkhla_network.uploads import file_label

from .models import (
    MEMBER_COUNT_MAXIMUM,
    District,
    ImportStatus,
    Organization,
    OrganizationKind,
    RegistryImport,
    RegistrySource,
)
from .validators import validate_thai_phone

WEB_MAX_ROWS = 5_000
COMMAND_MAX_ROWS = 1_000_000
BATCH_SIZE = 500
LOOKUP_CHUNK = 2_000  # ids per "IN (...)" when loading the changed organizations' centers

MISSING_FILE = "ไม่พบไฟล์ที่อัปโหลดไว้ในระบบ กรุณาอัปโหลดไฟล์ใหม่อีกครั้ง"
PREVIEW_CHANGED = "ข้อมูลในระบบเปลี่ยนไปหลังจากแสดงตัวอย่าง กรุณาตรวจตัวอย่างอีกครั้งก่อนยืนยัน"

CREATE, UPDATE, UNCHANGED, ERROR = "create", "update", "unchanged", "error"
ACTION_LABELS = {
    CREATE: "สร้างใหม่",
    UPDATE: "ปรับปรุง",
    UNCHANGED: "ไม่เปลี่ยนแปลง",
    ERROR: "ข้อผิดพลาด",
}

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


def _spaces(text: str) -> str:
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


def _name_key(name: str, district_id) -> tuple[str, int]:
    return (name_text_key(name), district_id)


@dataclass
class Change:
    field: str
    label: str
    old: str
    new: str


@dataclass
class RowResult:
    row: int
    name: str
    district_name: str
    action: str = UNCHANGED
    changes: list[Change] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    organization: Organization | None = None
    values: dict = field(default_factory=dict)

    @property
    def action_label(self) -> str:
        return ACTION_LABELS[self.action]


@dataclass
class Preview:
    rows: list[RowResult] = field(default_factory=list)
    file_errors: list[str] = field(default_factory=list)

    def count(self, action: str) -> int:
        return sum(1 for row in self.rows if row.action == action)

    @property
    def counts(self) -> dict[str, int]:
        return {action: self.count(action) for action in ACTION_LABELS}

    @property
    def has_errors(self) -> bool:
        return bool(self.file_errors) or any(row.action == ERROR for row in self.rows)

    @property
    def error_count(self) -> int:
        return self.count(ERROR)

    def errors(self) -> list[tuple[int | None, str]]:
        """Every problem: (row number or None for the file, message)."""
        found = [(None, message) for message in self.file_errors]
        for row in self.rows:
            found += [(row.row, message) for message in row.errors]
        return found

    def fingerprint(self) -> str:
        """A digest of what the preview says: each row's number, action, matched
        organization and changes (old and new), and every error. Confirming sends it
        back, so what is applied is what was shown."""
        content = [
            self.file_errors,
            [
                [
                    row.row,
                    row.action,
                    row.organization.pk if row.organization else None,
                    [[c.field, c.old, c.new] for c in row.changes],
                    row.errors,
                ]
                for row in self.rows
            ],
        ]
        text = json.dumps(content, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass
class ApplyResult:
    created: int
    updated: int
    unchanged: int


class RegistryError(Exception):
    """The file cannot be applied; `preview` holds every reason."""

    def __init__(self, preview: Preview):
        self.preview = preview
        super().__init__(f"ไฟล์มีข้อผิดพลาด {len(preview.errors())} รายการ จึงยังไม่ได้นำเข้า")


class PreviewChanged(Exception):
    """The data changed since the preview the user confirmed; `preview` is the new one."""

    def __init__(self, preview: Preview):
        self.preview = preview
        super().__init__(PREVIEW_CHANGED)


class StoredFileMissing(Exception):
    """The uploaded file is no longer in the storage."""


class ImportClosed(Exception):
    def __init__(self, registry_import: RegistryImport):
        self.registry_import = registry_import
        if registry_import.status == ImportStatus.APPLIED:
            message = "ไฟล์นี้นำเข้าไปแล้ว นำเข้าซ้ำไม่ได้"
        else:
            message = "การนำเข้านี้ถูกยกเลิกแล้ว กรุณาอัปโหลดไฟล์ใหม่"
        super().__init__(message)


# Reading one row ----------------------------------------------------------------------


def _district_lookup(districts) -> dict[str, District]:
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


def _clean_row(values: dict, districts: dict) -> tuple[dict, list[str]]:
    """The row's values as the model holds them (empty cells left out), and its errors."""
    clean, errors = {}, []
    name = _spaces(str(values.get("name", "")))
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
    number = _spaces(str(values.get("registration_number", "")))
    if number:
        if len(number) > 50:
            errors.append("เลขทะเบียนยาวเกิน 50 ตัวอักษร")
        else:
            clean["registration_number"] = number
    address = str(values.get("address", "")).strip()
    if address:
        clean["address"] = address
    phone = _spaces(str(values.get("phone", "")))
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


def _shown(field_name: str, value) -> str:
    if value is None or value == "":
        return "—"
    if field_name == "kind":
        return OrganizationKind(value).label
    if field_name == "district":
        return value.name
    if field_name == "founded_on":
        return thai.be_date(value)
    if field_name == "member_count":
        return thai.number(value)
    return str(value)


def _differs(field_name: str, current, new) -> bool:
    if field_name == "district":
        return current.pk != new.pk
    if field_name == "registration_number":
        return normalize_registration(current) != normalize_registration(new)
    if field_name == "phone":
        return re.sub(r"\D", "", thai.thai_digits_to_arabic(current or "")) != re.sub(
            r"\D", "", thai.thai_digits_to_arabic(new)
        )
    if field_name == "address":
        return _spaces(current) != _spaces(new)
    if field_name == "name":
        return name_text_key(current) != name_text_key(new)
    return current != new


def _chunks(ids: list[int]):
    for start in range(0, len(ids), LOOKUP_CHUNK):
        yield ids[start : start + LOOKUP_CHUNK]


def _refusals(rows: list["RowResult"]) -> None:
    """Check the rows that change the kind or the district of an organization already in
    the system as Organization.clean does (a hosted center must keep a valid host; every
    open membership must keep the two-tier rule), with the centers and memberships of all
    these organizations loaded at once; add the errors to the rows."""
    if not rows:
        return
    ids = sorted({row.organization.pk for row in rows})
    hosted, memberships = {}, {}
    for chunk in _chunks(ids):
        for center in Center.objects.filter(host_id__in=chunk).select_related("district"):
            hosted[center.host_id] = center
        for membership in (
            Membership.objects.open()
            .filter(organization_id__in=chunk)
            .select_related("center__district")
            .order_by("pk")
        ):
            memberships.setdefault(membership.organization_id, []).append(membership)
    cache = Organization.hosted_center.related
    for row in rows:
        organization = row.organization
        candidate = Organization(
            **{
                f.attname: getattr(organization, f.attname)
                for f in Organization._meta.concrete_fields
            }
        )
        candidate._state.adding = False
        candidate.district = row.values.get("district", organization.district)
        candidate.kind = row.values.get("kind", organization.kind)
        center = hosted.get(organization.pk)
        cache.set_cached_value(candidate, center)  # so level_error asks no query
        # The messages are Organization.clean's.
        if center is not None:
            # Without a pk: the host's own district memberships are checked below.
            error = center.host_error(
                Organization(kind=candidate.kind, district=candidate.district)
            )
            if error:
                row.errors.append(f"ไม่สามารถบันทึกได้ เพราะองค์กรนี้เป็นที่ตั้งของ{center}: {error}")
        for membership in memberships.get(organization.pk, []):
            membership.organization = candidate
            error = membership.level_error()
            if error:
                row.errors.append(f"ไม่สามารถบันทึกได้: สมาชิกภาพกับ{membership.center} {error}")
        if row.errors:
            row.action = ERROR


# The whole file -----------------------------------------------------------------------


def _existing(*, lock: bool = False):
    """The organizations by normalised registration number and by name key, each key to
    every organization that has it. `lock`: read them with select_for_update."""
    query = Organization.objects.select_related("district").order_by("pk")
    if lock:
        query = query.select_for_update(of=("self",))
    by_number, by_name = {}, {}
    for organization in query:
        if organization.registration_number:
            key = normalize_registration(organization.registration_number)
            by_number.setdefault(key, []).append(organization)
        by_name.setdefault(_name_key(organization.name, organization.district_id), []).append(
            organization
        )
    return by_number, by_name


def _listed(organizations) -> str:
    """“name” (เลขทะเบียน ...), for a message naming several organizations."""
    return ", ".join(
        f"“{o.name}” "
        + (f"(เลขทะเบียน {o.registration_number})" if o.registration_number else "(ไม่มีเลขทะเบียน)")
        for o in organizations
    )


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


def lock_imports() -> list[District]:
    """Serialise the applies: lock every district row (a handful of rows) until the
    transaction ends; on SQLite, which has no row locks, the transaction already holds the
    database's write lock (it began IMMEDIATE: settings). Call inside transaction.atomic."""
    return list(District.objects.select_for_update().order_by("pk"))


def check_table(table, *, districts=None, lock: bool = False) -> Preview:
    """What each row of a read table would do (see the module's description).
    `districts`: the districts already loaded (and locked); `lock`: read the
    organizations with select_for_update (when applying)."""
    preview = Preview(file_errors=table_problems(table))
    if preview.file_errors:
        return preview
    districts = _district_lookup(District.objects.all() if districts is None else districts)
    by_number, by_name = _existing(lock=lock)
    changing = []  # rows changing the kind or the district of an organization
    seen_numbers: dict[str, int] = {}
    seen_names: dict[tuple, int] = {}
    seen_matches: dict[int, int] = {}
    for row_number, values in table.rows:
        clean, errors = _clean_row(values, districts)
        district = clean.get("district")
        result = RowResult(
            row=row_number,
            name=clean.get("name") or _spaces(str(values.get("name", ""))),
            district_name=district.name if district else str(values.get("district", "")),
            errors=errors,
            values=clean,
        )
        preview.rows.append(result)
        number = clean.get("registration_number")
        key = normalize_registration(number) if number else None
        if key:
            if key in seen_numbers:
                errors.append(f"เลขทะเบียน {number} ซ้ำกับแถวที่ {seen_numbers[key]} ในไฟล์เดียวกัน")
            else:
                seen_numbers[key] = row_number
        if "name" in clean and district:
            name_key = _name_key(clean["name"], district.pk)
            if name_key in seen_names:
                errors.append(
                    f"ชื่อ “{clean['name']}” ในอำเภอ{district.name} ซ้ำกับแถวที่ "
                    f"{seen_names[name_key]} ในไฟล์เดียวกัน"
                )
            else:
                seen_names[name_key] = row_number
        if errors:
            result.action = ERROR
            continue
        # Match: the registration number first, then the name and district.
        found = by_number.get(key, []) if key else []
        if len(found) > 1:
            errors.append(
                f"เลขทะเบียน {number} ตรงกับองค์กรในระบบมากกว่าหนึ่งองค์กร: {_listed(found)} "
                "จึงระบุไม่ได้ว่าเป็นองค์กรใด กรุณาแก้ไขเลขทะเบียนในระบบให้ไม่ซ้ำกันก่อน"
            )
            result.action = ERROR
            continue
        match = found[0] if found else None
        if match is None:
            found = by_name.get(_name_key(clean["name"], district.pk), [])
            if len(found) > 1:
                advice = (
                    f"และเลขทะเบียน {number} ในไฟล์ไม่ตรงกับองค์กรใดในระบบ กรุณาตรวจสอบเลขทะเบียน"
                    if key
                    else "กรุณาใส่เลขทะเบียนในแถวนี้เพื่อระบุองค์กร"
                )
                errors.append(
                    f"ชื่อ “{clean['name']}” ในอำเภอ{district.name} ตรงกับองค์กรในระบบ "
                    f"{len(found)} องค์กร: {_listed(found)} จึงระบุไม่ได้ว่าเป็นองค์กรใด {advice}"
                )
                result.action = ERROR
                continue
            match = found[0] if found else None
            if match is not None and key and match.registration_number:
                errors.append(
                    f"ชื่อและอำเภอตรงกับ “{match.name}” ในระบบ ซึ่งมีเลขทะเบียน "
                    f"{match.registration_number} ไม่ตรงกับเลขทะเบียน {number} ในไฟล์ "
                    "กรุณาตรวจสอบเลขทะเบียน"
                )
                result.action = ERROR
                continue
        if match is None:
            result.action = CREATE
            continue
        if match.pk in seen_matches:
            errors.append(
                f"ตรงกับองค์กร “{match.name}” ในระบบ เช่นเดียวกับแถวที่ {seen_matches[match.pk]} "
                "แต่ละองค์กรควรมีในไฟล์แถวเดียว"
            )
            result.action = ERROR
            continue
        seen_matches[match.pk] = row_number
        result.organization = match
        for field_name in FIELDS:
            if field_name not in clean:
                continue  # an empty cell keeps what the system holds
            new = clean[field_name]
            current = match.district if field_name == "district" else getattr(match, field_name)
            if current is None or current == "" or _differs(field_name, current, new):
                result.changes.append(
                    Change(
                        field_name,
                        FIELD_LABELS[field_name],
                        _shown(field_name, current),
                        _shown(field_name, new),
                    )
                )
        result.action = UPDATE if result.changes else UNCHANGED
        if any(change.field in ("kind", "district") for change in result.changes):
            changing.append(result)
    _refusals(changing)
    return preview


def _read(upload, max_rows: int):
    """The file's table, or a Preview holding why it cannot be read."""
    try:
        return read_table(upload, COLUMNS, max_rows=max_rows), None
    except ValidationError as error:
        return None, Preview(file_errors=list(error.messages))


def preview_registry(upload, *, max_rows: int = WEB_MAX_ROWS) -> Preview:
    """Read an uploaded (or stored) registry file and check every row; writes nothing.
    A file that cannot be read at all gives a file error."""
    table, unreadable = _read(upload, max_rows)
    return unreadable or check_table(table)


def apply_registry(
    upload,
    *,
    source: str,
    user=None,
    max_rows: int = WEB_MAX_ROWS,
    fingerprint: str | None = None,
):
    """Read and check the file again and write it, all or nothing. Holds the import lock
    (lock_imports) from before the first read to the end. Raises RegistryError (nothing
    written) when any row has an error, and PreviewChanged when `fingerprint` (the
    preview the user confirmed) is given and the new check differs from it.
    Returns (ApplyResult, Preview)."""
    table, unreadable = _read(upload, max_rows)
    with transaction.atomic():
        districts = lock_imports()
        preview = unreadable or check_table(table, districts=districts, lock=True)
        if preview.has_errors:
            raise RegistryError(preview)
        if fingerprint is not None and preview.fingerprint() != fingerprint:
            raise PreviewChanged(preview)
        reason = f"นำเข้าจากทะเบียนของ{RegistrySource(source).label}"
        created = [
            Organization(**row.values, registry_source=source)
            for row in preview.rows
            if row.action == CREATE
        ]
        updated, fields = [], set()
        for row in preview.rows:
            if row.action != UPDATE:
                continue
            organization = row.organization
            for change in row.changes:
                setattr(organization, change.field, row.values[change.field])
                fields.add(change.field)
            updated.append(organization)
        try:
            if created:
                bulk_create_with_history(
                    created,
                    Organization,
                    batch_size=BATCH_SIZE,
                    default_user=user,
                    default_change_reason=reason,
                )
            if updated:
                bulk_update_with_history(
                    updated,
                    Organization,
                    sorted(fields),
                    batch_size=BATCH_SIZE,
                    default_user=user,
                    default_change_reason=reason,
                )
        except IntegrityError:
            # Someone saved an organization with one of these registration numbers meanwhile.
            preview.file_errors.append(
                "มีการบันทึกองค์กรที่ใช้เลขทะเบียนเดียวกันระหว่างนำเข้า กรุณาตรวจสอบตัวอย่างอีกครั้ง"
            )
            raise RegistryError(preview) from None
    result = ApplyResult(
        created=len(created), updated=len(updated), unchanged=preview.count(UNCHANGED)
    )
    return result, preview


def preview_import(registry_import: RegistryImport) -> Preview:
    """The preview of a stored upload (a file error when the stored file is gone)."""
    try:
        with registry_import.file.open("rb") as upload:
            return preview_registry(upload)
    except FileNotFoundError:
        return Preview(file_errors=[MISSING_FILE])


def apply_import(registry_import: RegistryImport, *, user, fingerprint: str) -> ApplyResult:
    """Apply a pending upload once, as its preview was confirmed (`fingerprint`): locks
    the import row, refuses one already applied or discarded, and records the counts.
    Raises ImportClosed, StoredFileMissing, PreviewChanged or RegistryError, having
    written nothing."""
    with transaction.atomic():
        locked = RegistryImport.objects.select_for_update().get(pk=registry_import.pk)
        if locked.status != ImportStatus.PENDING:
            raise ImportClosed(locked)
        try:
            upload = locked.file.open("rb")
        except FileNotFoundError:
            raise StoredFileMissing(MISSING_FILE) from None
        with upload:
            result, _ = apply_registry(
                upload, source=locked.source, user=user, fingerprint=fingerprint
            )
        locked.status = ImportStatus.APPLIED
        locked.applied_at = timezone.now()
        locked.created_count = result.created
        locked.updated_count = result.updated
        locked.unchanged_count = result.unchanged
        locked.save()
    registry_import.refresh_from_db()
    return result


def discard_import(registry_import: RegistryImport) -> None:
    """Close a pending upload without writing anything, and delete its stored file once
    that is committed. (An applied import keeps its file: the record of what was loaded.)"""
    with transaction.atomic():
        locked = RegistryImport.objects.select_for_update().get(pk=registry_import.pk)
        if locked.status != ImportStatus.PENDING:
            raise ImportClosed(locked)
        locked.status = ImportStatus.DISCARDED
        locked.save(update_fields=["status"])
        if locked.file:
            storage, name = locked.file.storage, locked.file.name
            transaction.on_commit(lambda: storage.delete(name))
    registry_import.refresh_from_db()


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


def pending_imports(limit: int = 5) -> tuple[list[RegistryImport], int]:
    """Uploads previewed but neither applied nor discarded, oldest first, each with its
    `label`: the first `limit` and how many. Two queries."""
    pending = RegistryImport.objects.filter(status=ImportStatus.PENDING)
    records = list(pending.select_related("uploaded_by").order_by("uploaded_at", "pk")[:limit])
    for record in records:
        record.label = file_label(record.file_name)
    return records, pending.count()
