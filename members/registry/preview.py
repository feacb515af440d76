"""What a registry file would do, row by row (the preview): each row matched to the
organization it updates, the changes, and every reason a row cannot be taken. Writes
nothing; services.apply_registry checks the file again the same way and writes it."""

import hashlib
import json
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError

from centers.models import Center, Membership
from members.models import District, Organization, OrganizationKind
from songkhla_network import thai
from songkhla_network.spreadsheets import read_table

from .models import RegistryImport
from .spreadsheet import (
    COLUMNS,
    FIELD_LABELS,
    FIELDS,
    WEB_MAX_ROWS,
    clean_row,
    district_lookup,
    name_text_key,
    normalize_registration,
    single_spaced,
    table_problems,
)

LOOKUP_CHUNK = 2_000  # ids per "IN (...)" when loading the changed organizations' centers


MISSING_FILE = "ไม่พบไฟล์ที่อัปโหลดไว้ในระบบ กรุณาอัปโหลดไฟล์ใหม่อีกครั้ง"


CREATE, UPDATE, UNCHANGED, ERROR = "create", "update", "unchanged", "error"
ACTION_LABELS = {
    CREATE: "สร้างใหม่",
    UPDATE: "ปรับปรุง",
    UNCHANGED: "ไม่เปลี่ยนแปลง",
    ERROR: "ข้อผิดพลาด",
}


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
        return single_spaced(current) != single_spaced(new)
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


def check_table(table, *, districts=None, lock: bool = False) -> Preview:
    """What each row of a read table would do (see the module's description).
    `districts`: the districts already loaded (and locked); `lock`: read the
    organizations with select_for_update (when applying)."""
    preview = Preview(file_errors=table_problems(table))
    if preview.file_errors:
        return preview
    districts = district_lookup(District.objects.all() if districts is None else districts)
    by_number, by_name = _existing(lock=lock)
    changing = []  # rows changing the kind or the district of an organization
    seen_numbers: dict[str, int] = {}
    seen_names: dict[tuple, int] = {}
    seen_matches: dict[int, int] = {}
    for row_number, values in table.rows:
        clean, errors = clean_row(values, districts)
        district = clean.get("district")
        result = RowResult(
            row=row_number,
            name=clean.get("name") or single_spaced(str(values.get("name", ""))),
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


def read_upload(upload, max_rows: int):
    """The file's table, or a Preview holding why it cannot be read."""
    try:
        return read_table(upload, COLUMNS, max_rows=max_rows), None
    except ValidationError as error:
        return None, Preview(file_errors=list(error.messages))


def preview_registry(upload, *, max_rows: int = WEB_MAX_ROWS) -> Preview:
    """Read an uploaded (or stored) registry file and check every row; writes nothing.
    A file that cannot be read at all gives a file error."""
    table, unreadable = read_upload(upload, max_rows)
    return unreadable or check_table(table)


def preview_import(registry_import: RegistryImport) -> Preview:
    """The preview of a stored upload (a file error when the stored file is gone)."""
    try:
        with registry_import.file.open("rb") as upload:
            return preview_registry(upload)
    except FileNotFoundError:
        return Preview(file_errors=[MISSING_FILE])
