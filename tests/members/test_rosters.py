"""Member rosters (ส่งรายชื่อสมาชิก): the check digit, uploads all or nothing, duplicates
across groups, masking by role and the view log, consent, erasure, the workflow through the
district, and constant query counts."""

import csv
import datetime
import io
import re
import time
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from centers.personal_data import format_national_id, mask_national_id
from members.models import Organization
from members.rosters import rules, selectors, services, spreadsheet
from members.rosters.models import NationalIdView, Roster, RosterAction, RosterMember, RosterStatus
from members.validators import national_id_check_digit, national_id_digits, validate_national_id
from tests.test_thai_only import visible_words as all_visible_words

from ..factories import (
    CommitteeFactory,
    CommitteeMembershipFactory,
    DistrictCenterFactory,
    MembershipFactory,
    OrganizationFactory,
    RosterFactory,
    RosterMemberFactory,
    UserFactory,
    admin_user,
    advance_roster,
    chair_user,
    member_groups,
    province,
    representative_user,
    seat_user,
    staff_user,
)
from ..factories import (
    national_id as made_national_id,
)

MASKED = re.compile(r"\bx-xxxx-xxxxx-xx-\d\b|\b0x[x\d-]*\b")


def visible_words(html: str) -> set[str]:
    """Latin words a user reads, leaving out masked IDs and phones (x-xxxx-xxxxx-xx-3)."""
    return all_visible_words(MASKED.sub(" ", html))


HEADERS = [
    "ลำดับ",
    "คำนำหน้า",
    "ชื่อ",
    "นามสกุล",
    "เลขประจำตัวประชาชน",
    "โทรศัพท์",
    "วันที่เข้าเป็นสมาชิก",
    "ยินยอมให้เก็บข้อมูล",
    "วันที่ให้ความยินยอม",
]


def valid_id(sequence: int) -> str:
    first_twelve = f"1{90110000000 + sequence * 37:011d}"
    return first_twelve + str(national_id_check_digit(first_twelve))


def wrong_check_digit(national_id: str) -> str:
    return national_id[:12] + str((int(national_id[12]) + 1) % 10)


def people(count: int, start: int = 0) -> list[list]:
    return [
        [
            index + 1,
            "นาง",
            f"สมาชิก{start + index}",
            "ทดสอบ",
            valid_id(start + index),
            f"081-000-{(start + index) % 10000:04d}",
            "15/3/2560",
            "ใช่",
            "1/6/2569",
        ]
        for index in range(count)
    ]


def xlsx(rows, headers=HEADERS, name="รายชื่อ.xlsx") -> SimpleUploadedFile:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    stream = io.BytesIO()
    workbook.save(stream)
    return SimpleUploadedFile(name, stream.getvalue(), content_type="application/octet-stream")


def csv_file(rows, encoding="utf-8-sig", headers=HEADERS) -> SimpleUploadedFile:
    stream = io.StringIO()
    writer = csv.writer(stream)
    writer.writerow(headers)
    writer.writerows(rows)
    return SimpleUploadedFile("รายชื่อ.csv", stream.getvalue().encode(encoding))


# The rule tests' own cast: a district center standing for Rattaphum, its coordinator, and
# member groups with a roster in each state (the demo's cast stays for the roles' tests).


@pytest.fixture
def rattaphum(db):
    return DistrictCenterFactory()


@pytest.fixture
def coordinator(rattaphum):
    return staff_user(rattaphum)


@pytest.fixture
def coord(client, coordinator):
    """The district coordinator's client."""
    client.force_login(coordinator)
    return client


def group_of(center) -> Organization:
    return member_groups(center, 1)[0]


@pytest.fixture
def without_roster(rattaphum) -> str:
    """A member group that has no roster yet (its name)."""
    return group_of(rattaphum).name


# (title, first name, last name, phone): a draft roster of four, each with an ID and consent.
FOUR_MEMBERS = [
    ("นาง", "สมศรี", "แก้วประดิษฐ์", "089-765-4302"),
    ("นาย", "จำลอง", "ศรีสุข", "087-310-5501"),
    ("นาง", "ประไพ", "อินทร์ทอง", ""),
    ("นาย", "ธวัช", "ทิพย์มณี", "087-310-5503"),
]


def roster_of(center, members=FOUR_MEMBERS):
    roster = RosterFactory(organization=group_of(center))
    for title, first_name, last_name, phone in members:
        RosterMemberFactory(
            roster=roster, title=title, first_name=first_name, last_name=last_name, phone=phone
        )
    return roster


@pytest.fixture
def kamphaeng_phet(rattaphum) -> str:
    """A member group whose draft roster lists FOUR_MEMBERS (its name)."""
    return roster_of(rattaphum).organization.name


@pytest.fixture
def tha_chamuang(rattaphum, coordinator) -> str:
    """A member group whose roster its representative submitted to the district (its name)."""
    roster = roster_of(rattaphum)
    advance_roster(roster, "submit", by=representative_user(roster.organization))
    return roster.organization.name


@pytest.fixture
def cattle(rattaphum, coordinator) -> str:
    """A member group whose roster the district returned (its name)."""
    roster = roster_of(rattaphum)
    representative = representative_user(roster.organization)
    advance_roster(roster, "submit", by=representative)
    advance_roster(roster, "return", by=coordinator, reason="ขาดวันที่เข้าเป็นสมาชิก")
    return roster.organization.name


# The roles' cast: a group whose roster of twelve the district forwarded to the province,
# its third member's ID also on the draft roster of a group of another district ("Hat
# Yai"), and the users of each role.

SHARED_ID = made_national_id(900)  # on the lists of two groups, in two districts
SHARED_PHONE = "081-540-1102"
OTHER_DISTRICTS_NAMES = ["ละเอียด", "มะหมัด", "สุดารัตน์", "อารีย์"]


@pytest.fixture
def cast(rattaphum, coordinator):
    hatyai = DistrictCenterFactory()
    kuha_tai = RosterFactory(
        organization=member_groups(rattaphum, 1, name="กลุ่มออมทรัพย์เพื่อการผลิตบ้านคูหาใต้ทดสอบ")[0]
    )
    for index in range(12):
        fields = {"first_name": "จันทร์เพ็ญ"} if index == 0 else {}
        if index == 2:
            fields = {"national_id": SHARED_ID, "phone": SHARED_PHONE}
        RosterMemberFactory(roster=kuha_tai, **fields)
    group_rep = representative_user(kuha_tai.organization)
    advance_roster(kuha_tai, "submit", by=group_rep)
    advance_roster(kuha_tai, "forward", by=coordinator)
    khlong_hae = RosterFactory(
        organization=member_groups(hatyai, 1, name="กลุ่มออมทรัพย์เพื่อการผลิตบ้านคลองแหทดสอบ")[0]
    )
    for first_name in OTHER_DISTRICTS_NAMES:
        RosterMemberFactory(roster=khlong_hae, first_name=first_name)
    RosterMemberFactory(
        roster=khlong_hae, first_name="ละม้าย", national_id=SHARED_ID, phone=SHARED_PHONE
    )
    marketing = province().committees.filter(kind="marketing").first() or CommitteeFactory(
        center=province(), kind="marketing"
    )
    return SimpleNamespace(
        rattaphum=rattaphum,
        hatyai=hatyai,
        kuha_tai=kuha_tai.organization.name,
        khlong_hae=khlong_hae.organization.name,
        coordinator=coordinator,
        chair=chair_user(rattaphum),
        hatyai_coord=staff_user(hatyai),
        prov_coord=staff_user(province()),
        prov_marketing=seat_user(marketing, "member"),
        admin=admin_user(),
        group_rep=group_rep,
        observer=UserFactory(),
    )


@pytest.fixture
def as_user(client):
    """as_user(user) signs the test client in as `user`."""

    def _as(user):
        client.force_login(user)
        return client

    return _as


def organization(name) -> Organization:
    return Organization.objects.get(name=name)


def roster_url(name, view="roster_detail", *args) -> str:
    return reverse(view, args=[organization(name).public_id, *args])


def members_of(name):
    return RosterMember.objects.current().filter(roster__organization__name=name)


def upload(client, name, file):
    return client.post(roster_url(name, "roster_upload"), {"file": file})


def problems(response) -> list[tuple[int, str, str]]:
    return [
        (problem.row, problem.column, problem.message)
        for problem in response.context["upload"].problems
    ]


# The check digit ----------------------------------------------------------------------


def test_check_digit_accepts_valid_ids_and_refuses_a_wrong_last_digit():
    for national_id in [made_national_id(1), valid_id(7), spreadsheet.EXAMPLE_NATIONAL_ID]:
        validate_national_id(national_id)
        with pytest.raises(ValidationError, match="เลขตรวจสอบ"):
            validate_national_id(wrong_check_digit(national_id))
    with pytest.raises(ValidationError, match="13 หลัก"):
        validate_national_id("123456789012")
    with pytest.raises(ValidationError, match="ขึ้นต้นด้วย 0"):
        validate_national_id("0" + valid_id(3)[1:])


def test_a_date_from_a_cell():
    from songkhla_network.thai import BEDateError, date_from_cell

    assert date_from_cell("") is None and date_from_cell(None) is None
    assert date_from_cell(datetime.date(2017, 3, 15)) == datetime.date(2017, 3, 15)
    assert date_from_cell(datetime.date(2560, 3, 15)) == datetime.date(2017, 3, 15)  # BE
    assert date_from_cell(datetime.datetime(2560, 3, 15, 0, 0)) == datetime.date(2017, 3, 15)
    assert date_from_cell("15 มี.ค. 2560") == datetime.date(2017, 3, 15)
    with pytest.raises(BEDateError, match="ไม่มีวันที่ 29/2/2564"):
        date_from_cell(datetime.date(2564, 2, 29))  # 2021 has no 29 February
    with pytest.raises(BEDateError, match="ค.ศ."):
        date_from_cell("15/3/2017")


def test_thai_digits_spaces_and_dashes_are_the_same_id():
    national_id = valid_id(11)
    thai = format_national_id(national_id).translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙"))
    validate_national_id(thai)
    assert national_id_digits(thai) == national_id
    assert national_id_digits(" ".join(format_national_id(national_id).split("-"))) == national_id
    assert mask_national_id(national_id) == f"x-xxxx-xxxxx-xx-{national_id[-1]}"


# Uploads: all or nothing --------------------------------------------------------------


def test_one_bad_row_imports_nothing_and_every_problem_is_listed(coord, without_roster):
    client = coord
    rows = people(4)
    rows[1][4] = wrong_check_digit(rows[1][4])  # sheet row 3
    rows[2][3] = ""  # sheet row 4: no last name
    rows[3][5] = "12345"  # sheet row 5: not a phone
    response = upload(client, without_roster, xlsx(rows))
    assert response.status_code == 200
    found = problems(response)
    assert [(row, column) for row, column, _ in found] == [
        (3, "เลขประจำตัวประชาชน"),
        (4, "นามสกุล"),
        (5, "โทรศัพท์"),
    ]
    assert "เลขตรวจสอบ" in found[0][2]
    assert found[1][2] == "กรุณากรอกนามสกุล"
    assert "หมายเลขโทรศัพท์ไม่ถูกต้อง" in found[2][2]
    html = response.content.decode()
    assert "ยังไม่ได้นำเข้ารายชื่อ" in html and "ระบบไม่ได้บันทึกรายชื่อใดจากไฟล์นี้" in html
    assert not members_of(without_roster).exists()
    assert not Roster.objects.filter(organization__name=without_roster).exists()
    assert visible_words(html) == set()

    fixed = people(4)
    response = upload(client, without_roster, xlsx(fixed))
    assert response.status_code == 302
    assert members_of(without_roster).count() == 4
    roster = Roster.objects.get(organization__name=without_roster)
    event = roster.events.get()
    assert (event.action, event.count) == (RosterAction.UPLOADED, 4)
    assert "สมาชิก" not in event.note  # counts only, never names
    member = members_of(without_roster).get(first_name="สมาชิก0")
    assert member.national_id == valid_id(0)
    assert member.joined_on == datetime.date(2017, 3, 15)
    assert member.consent and member.consent_on == datetime.date(2026, 6, 1)


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp874"])
def test_csv_in_utf8_with_bom_and_in_thai_windows_encoding(coord, without_roster, encoding):
    client = coord
    rows = people(3)
    rows[0][4] = format_national_id(rows[0][4])  # with dashes
    rows[1][4] = rows[1][4].translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙"))
    response = upload(client, without_roster, csv_file(rows, encoding))
    assert response.status_code == 302
    assert sorted(members_of(without_roster).values_list("national_id", flat=True)) == sorted(
        valid_id(index) for index in range(3)
    )


def test_a_missing_required_column_is_one_clear_message(coord, without_roster):
    client = coord
    headers = [header for header in HEADERS if header != "นามสกุล"]
    rows = [[cell for index, cell in enumerate(row) if index != 3] for row in people(2)]
    response = upload(client, without_roster, xlsx(rows, headers))
    assert response.status_code == 200
    assert response.context["upload"].file_error.startswith("ไม่พบคอลัมน์ “นามสกุล”")
    assert response.context["upload"].problems == []
    assert not members_of(without_roster).exists()


def test_aliases_dates_and_thai_digits_are_read(coord, without_roster):
    client = coord
    headers = ["ชื่อจริง", "นามสกุล", "เลขบัตรประชาชน", "เบอร์โทร", "วันที่เข้าเป็นสมาชิก", "ยินยอม"]
    rows = [
        ["สมพร", "ใจงาม", valid_id(1), 812345678, datetime.datetime(2560, 3, 15), "ใช่"],
        ["สมศักดิ์", "ใจงาม", "", "๐๘๑-๒๓๔-๕๖๗๘", "15 มี.ค. 2555", ""],
    ]
    response = upload(client, without_roster, xlsx(rows, headers))
    assert response.status_code == 302
    first = members_of(without_roster).get(first_name="สมพร")
    assert first.phone == "0812345678"  # the leading zero a number cell lost
    assert first.joined_on == datetime.date(2017, 3, 15)  # a BE year in a date cell
    assert first.consent_on == timezone.localdate()
    second = members_of(without_roster).get(first_name="สมศักดิ์")
    assert (second.phone, second.national_id, second.consent) == ("081-234-5678", "", False)
    assert second.joined_on == datetime.date(2012, 3, 15)


def test_duplicate_in_the_file_consent_and_date_problems(coord, without_roster):
    client = coord
    rows = people(6)
    rows[2][4] = rows[0][4]  # row 4 repeats row 2's ID
    rows[3][7] = "ไม่"  # row 5: an ID without consent
    rows[4][7] = "อาจจะ"  # row 6: not a consent value
    rows[5][6] = "15/3/2017"  # row 7: a CE year
    response = upload(client, without_roster, xlsx(rows))
    found = problems(response)
    assert (4, "เลขประจำตัวประชาชน", "เลขประจำตัวประชาชนซ้ำกับแถวที่ 2 ในไฟล์นี้") in found
    assert (5, "ยินยอมให้เก็บข้อมูล", rules.ID_NEEDS_CONSENT) in found
    assert (6, "ยินยอมให้เก็บข้อมูล", "กรุณากรอก “ใช่” หรือ “ไม่”") in found
    assert any(row == 7 and "ค.ศ." in message for row, _, message in found)
    assert {row for row, _, _ in found} == {4, 5, 6, 7}
    assert not members_of(without_roster).exists()


def test_the_template_example_row_is_not_imported(coord, without_roster):
    client = coord
    template = client.get(reverse("roster_template_xlsx"))
    file = SimpleUploadedFile("แบบฟอร์ม.xlsx", template.content)
    response = upload(client, without_roster, file)
    assert [row for row, _, _ in problems(response)] == [2]
    assert "ตัวอย่าง" in problems(response)[0][2]


def test_a_second_upload_updates_members_matched_by_id_or_name(coord, without_roster):
    client = coord
    rows = people(3)
    rows[2][4], rows[2][7], rows[2][8] = "", "ไม่", ""  # the third: name only
    assert upload(client, without_roster, xlsx(rows)).status_code == 302
    rows[0][5] = "089-999-0000"  # a new phone for the first (matched by ID)
    rows[2][5] = "089-999-0002"  # and for the third (matched by name)
    rows.append(people(1, start=50)[0])  # a new member
    assert upload(client, without_roster, xlsx(rows)).status_code == 302
    assert members_of(without_roster).count() == 4
    assert members_of(without_roster).get(first_name="สมาชิก0").phone == "089-999-0000"
    assert members_of(without_roster).get(first_name="สมาชิก2").phone == "089-999-0002"
    event = Roster.objects.get(organization__name=without_roster).events.first()
    assert event.count == 4
    assert event.note == "เพิ่ม 1 คน ปรับปรุง 2 คน ไม่เปลี่ยนแปลง 1 คน"


def test_withdrawn_consent_in_a_file_removes_the_id(coord, without_roster):
    client = coord
    rows = people(2)
    assert upload(client, without_roster, xlsx(rows)).status_code == 302
    headers = ["ชื่อ", "นามสกุล", "ยินยอมให้เก็บข้อมูล"]
    response = upload(client, without_roster, xlsx([["สมาชิก0", "ทดสอบ", "ไม่"]], headers))
    assert response.status_code == 302
    withdrawn = members_of(without_roster).get(first_name="สมาชิก0")
    assert (withdrawn.national_id, withdrawn.consent, withdrawn.consent_on) == ("", False, None)
    kept = members_of(without_roster).get(first_name="สมาชิก1")
    assert kept.national_id == valid_id(1)  # not in the file: untouched


def test_a_phone_update_sheet_keeps_the_stored_ids(coord, kamphaeng_phet):
    """A sheet of names and new phones (no ID column) updates the members it names; the
    IDs stay, and so does consent where the consent cell is blank."""
    client = coord
    stored = dict(members_of(kamphaeng_phet).values_list("first_name", "national_id"))
    assert all(stored.values())
    headers = ["ชื่อ", "นามสกุล", "โทรศัพท์", "ยินยอมให้เก็บข้อมูล"]
    rows = [
        ["สมศรี", "แก้วประดิษฐ์", "089-111-0001", "ใช่"],
        ["จำลอง", "ศรีสุข", "089-111-0002", ""],  # blank: consent as recorded
    ]
    response = upload(client, kamphaeng_phet, xlsx(rows, headers))
    assert response.status_code == 302
    assert members_of(kamphaeng_phet).count() == 4
    for first_name, phone in [("สมศรี", "089-111-0001"), ("จำลอง", "089-111-0002")]:
        member = members_of(kamphaeng_phet).get(first_name=first_name)
        assert (member.phone, member.national_id) == (phone, stored[first_name])
        assert member.consent and member.consent_on is not None


def test_a_blank_id_cell_never_erases_a_stored_id(coord, without_roster):
    """The template with the phones changed and the ID cells left blank: the rows name
    members who have an ID, so the file must say whose they are; nothing changes."""
    client = coord
    rows = people(3)
    rows[2][4], rows[2][7], rows[2][8] = "", "ไม่", ""  # the third: name only
    assert upload(client, without_roster, xlsx(rows)).status_code == 302
    for row in rows:
        row[4], row[5], row[8] = "", "089-222-0000", ""  # IDs not typed again
    response = upload(client, without_roster, xlsx(rows))
    assert response.status_code == 200
    assert problems(response) == [
        (2, "เลขประจำตัวประชาชน", rules.ID_NOT_GIVEN),
        (3, "เลขประจำตัวประชาชน", rules.ID_NOT_GIVEN),
    ]
    assert sorted(members_of(without_roster).values_list("national_id", flat=True)) == sorted(
        ["", valid_id(0), valid_id(1)]
    )
    assert not members_of(without_roster).filter(phone="089-222-0000").exists()
    # With the IDs typed, the same file updates everyone, the name-only member by name.
    rows[0][4], rows[1][4] = valid_id(0), valid_id(1)
    assert upload(client, without_roster, xlsx(rows)).status_code == 302
    assert members_of(without_roster).count() == 3
    assert members_of(without_roster).filter(phone="089-222-0000").count() == 3
    assert members_of(without_roster).get(first_name="สมาชิก0").national_id == valid_id(0)


def test_the_problem_table_masks_valid_ids(coord, without_roster):
    client = coord
    views_before = NationalIdView.objects.count()
    rows = people(4)
    rows[2][4] = format_national_id(rows[0][4])  # row 4 repeats row 2's valid ID
    wrong = wrong_check_digit(valid_id(9))
    rows[1][4] = wrong  # row 3: not a valid ID, shown as typed to be corrected
    rows[3][7], rows[3][8] = "ไม่", ""  # row 5: a valid ID without consent
    response = upload(client, without_roster, xlsx(rows))
    found = {(p.row, p.column): p for p in response.context["upload"].problems}
    assert set(found) == {
        (3, "เลขประจำตัวประชาชน"),
        (4, "เลขประจำตัวประชาชน"),
        (5, "ยินยอมให้เก็บข้อมูล"),
    }
    assert found[(4, "เลขประจำตัวประชาชน")].value == mask_national_id(valid_id(0))
    assert found[(3, "เลขประจำตัวประชาชน")].value == wrong
    html = response.content.decode()
    assert mask_national_id(valid_id(0)) in html
    for national_id in (valid_id(0), valid_id(3)):
        assert national_id not in html and format_national_id(national_id) not in html
    assert NationalIdView.objects.count() == views_before  # nothing shown, nothing logged


def test_uploads_are_type_and_size_checked(coord, without_roster, settings):
    client = coord
    fake = SimpleUploadedFile("รายชื่อ.xlsx", b"not a zip file at all")
    response = upload(client, without_roster, fake)
    assert response.status_code == 200
    assert "เนื้อไฟล์ไม่ตรงกับชนิดไฟล์" in response.content.decode()
    pdf = SimpleUploadedFile("รายชื่อ.pdf", b"%PDF-1.4")
    assert "รับเฉพาะไฟล์เอ็กเซลหรือไฟล์ซีเอสวี" in upload(client, without_roster, pdf).content.decode()
    big = SimpleUploadedFile("รายชื่อ.csv", b"x" * (spreadsheet.MAX_UPLOAD_BYTES + 1))
    assert "ไฟล์ใหญ่เกิน 5 เมกะไบต์" in upload(client, without_roster, big).content.decode()
    assert not Roster.objects.filter(organization__name=without_roster).exists()


def test_five_thousand_rows_import_and_more_are_refused(coord, without_roster, kamphaeng_phet):
    client = coord
    rows = people(spreadsheet.MAX_ROWS)
    started = time.perf_counter()
    response = upload(client, without_roster, xlsx(rows))
    elapsed = time.perf_counter() - started
    assert response.status_code == 302
    assert members_of(without_roster).count() == spreadsheet.MAX_ROWS
    assert elapsed < 30, f"{elapsed:.1f} s"
    too_many = upload(client, kamphaeng_phet, xlsx(people(spreadsheet.MAX_ROWS + 1, start=9000)))
    assert "ไฟล์มีข้อมูลเกิน 5,000 แถว" in too_many.context["upload"].file_error
    assert members_of(kamphaeng_phet).count() == 4


# Duplicates across groups -------------------------------------------------------------


def test_an_id_in_two_groups_is_flagged_for_both_districts(as_user, cast):
    shared = SHARED_ID
    assert members_of(cast.kuha_tai).filter(national_id=shared).exists()
    assert members_of(cast.khlong_hae).filter(national_id=shared).exists()
    for user, own, other in [
        ("coordinator", cast.kuha_tai, cast.khlong_hae),
        ("hatyai_coord", cast.khlong_hae, cast.kuha_tai),
        ("prov_coord", cast.kuha_tai, cast.khlong_hae),
    ]:
        response = as_user(getattr(cast, user)).get(roster_url(own))
        html = response.content.decode()
        assert f"เลขประจำตัวนี้อยู่ในรายชื่อของ{other} ด้วย" in html, user
        assert response.context["flagged_count"] == 1
    # The group itself is not told about another group's members.
    html = as_user(cast.group_rep).get(roster_url(cast.kuha_tai)).content.decode()
    assert cast.khlong_hae not in html
    # The overview counts the flag in both districts.
    overview = as_user(cast.admin).get(reverse("roster_overview"))
    flagged = {row.code: row.flagged for row in overview.context["districts"]}
    assert flagged[cast.rattaphum.district.code] == 1 and flagged[cast.hatyai.district.code] == 1


def test_the_flag_shows_no_data_of_the_other_row(as_user, cast):
    other = members_of(cast.khlong_hae).exclude(national_id=SHARED_ID)
    html = as_user(cast.coordinator).get(roster_url(cast.kuha_tai)).content.decode()
    for member in other:
        assert member.first_name not in html
        assert not member.phone or member.phone not in html


def test_an_upload_with_an_id_of_another_group_is_imported_and_flagged(
    as_user, cast, without_roster
):
    client = as_user(cast.coordinator)
    rows = people(1)
    rows[0][4] = SHARED_ID
    assert upload(client, without_roster, xlsx(rows)).status_code == 302
    html = client.get(roster_url(without_roster)).content.decode()
    assert f"เลขประจำตัวนี้อยู่ในรายชื่อของ{cast.kuha_tai} ด้วย" in html
    assert f"เลขประจำตัวนี้อยู่ในรายชื่อของ{cast.khlong_hae} ด้วย" in html


# Masking by role and the view log -----------------------------------------------------


def full_ids(name) -> list[str]:
    return [n for n in members_of(name).values_list("national_id", flat=True) if n]


def shows_no_full_id(html, ids) -> bool:
    return not any(n in html or format_national_id(n) in html for n in ids)


def test_reviewers_without_need_see_masked_ids_only(as_user, cast):
    role = "chair"
    client = as_user(getattr(cast, role))
    ids = full_ids(cast.kuha_tai)
    response = client.get(roster_url(cast.kuha_tai))
    html = response.content.decode()
    assert response.status_code == 200
    assert shows_no_full_id(html, ids)
    assert mask_national_id(ids[0]) in html
    assert ">แสดงเลข<" not in html
    assert "081-540-1102" not in html and "0xx-xxx-xx02" in html  # phones masked too
    member = members_of(cast.kuha_tai).exclude(national_id="").first()
    reveal = client.get(roster_url(cast.kuha_tai, "roster_member_national_id", member.pk))
    assert reveal.status_code == 403
    assert shows_no_full_id(reveal.content.decode(), ids)
    assert not NationalIdView.objects.filter(user=getattr(cast, role)).exists()


def test_province_wide_committee_seats_get_the_overview_not_the_names(as_user, cast):
    """prov_marketing (a provincial committee seat) follows rosters by counts and status:
    the overview and the organization page, never the members' names."""
    client = as_user(cast.prov_marketing)
    response = client.get(roster_url(cast.kuha_tai))
    assert response.status_code == 403
    text = response.content.decode()
    assert "ภาพรวมรายชื่อสมาชิก" in text and "จำนวนสมาชิกและสถานะ" in text
    assert "จันทร์เพ็ญ" not in text
    assert client.get(reverse("roster_overview")).status_code == 200
    page = client.get(organization(cast.kuha_tai).get_absolute_url()).content.decode()
    assert "ศูนย์อำเภอส่งจังหวัดแล้ว" in page and "สมาชิกในรายชื่อ 12 คน" in page
    assert roster_url(cast.kuha_tai) not in page
    assert reverse("roster_overview") + f"?district={cast.rattaphum.district.code}" in page


def test_the_district_chair_opens_the_roster_and_other_committee_seats_do_not(
    as_user, cast, cattle
):
    from centers.models import Committee, CommitteeKind
    from members.models import Person

    assert as_user(cast.chair).get(roster_url(cast.kuha_tai)).status_code == 200
    board = Committee.objects.get(center=cast.rattaphum, kind=CommitteeKind.EXECUTIVE)
    user = User.objects.create_user("rattaphum_member", password="x")
    person = Person.objects.create(
        title="นาย", first_name="กรรมการ", last_name="ทดสอบ", organization=organization(cattle)
    )
    Person.objects.filter(pk=person.pk).update(user=user)
    CommitteeMembershipFactory(committee=board, person=person, position="member")
    client = as_user(user)
    response = client.get(roster_url(cast.kuha_tai))
    assert response.status_code == 403
    assert "ภาพรวมรายชื่อสมาชิก" in response.content.decode()
    overview = client.get(reverse("roster_overview"))
    assert overview.status_code == 200
    assert cast.kuha_tai in overview.content.decode()
    page = client.get(organization(cast.kuha_tai).get_absolute_url()).content.decode()
    assert "สมาชิกในรายชื่อ 12 คน" in page and roster_url(cast.kuha_tai) not in page


def test_observers_may_not_open_a_roster(as_user, cast):
    response = as_user(cast.observer).get(roster_url(cast.kuha_tai))
    assert response.status_code == 403
    assert shows_no_full_id(response.content.decode(), full_ids(cast.kuha_tai))


@pytest.mark.parametrize("role", ["coordinator", "prov_coord", "admin", "group_rep"])
def test_those_who_need_ids_reveal_one_at_a_time_and_each_showing_is_logged(as_user, cast, role):
    client = as_user(getattr(cast, role))
    ids = full_ids(cast.kuha_tai)
    before = NationalIdView.objects.count()
    html = client.get(roster_url(cast.kuha_tai)).content.decode()
    assert shows_no_full_id(html, ids)  # masked by default, also for them
    assert ">แสดงเลข<" in html
    assert NationalIdView.objects.count() == before  # a masked page logs nothing

    member = members_of(cast.kuha_tai).exclude(national_id="").order_by("pk").last()
    url = roster_url(cast.kuha_tai, "roster_member_national_id", member.pk)
    fragment = client.get(url, HTTP_HX_REQUEST="true")
    assert fragment.status_code == 200
    assert fragment.content.decode().strip() == (
        f'<span id="nid-{member.pk}" class="national-id revealed">'
        f"{format_national_id(member.national_id)}</span>"
    )
    page = client.get(url)
    assert format_national_id(member.national_id) in page.content.decode()
    assert "<html" in page.content.decode()
    views = NationalIdView.objects.filter(user=getattr(cast, role), member=member)
    assert views.count() == 2
    assert views.first().where == url
    assert NationalIdView.objects.count() == before + 2


def test_the_edit_page_shows_the_full_id_and_logs_it(coord, kamphaeng_phet):
    client = coord
    member = members_of(kamphaeng_phet).exclude(national_id="").first()
    url = roster_url(kamphaeng_phet, "roster_member_edit", member.pk)
    response = client.get(url)
    assert member.national_id in response.content.decode()
    assert NationalIdView.objects.filter(member=member, where=url).count() == 1


def test_a_group_representative_reveals_only_their_own_group(as_user, cast, kamphaeng_phet):
    client = as_user(cast.group_rep)
    member = members_of(kamphaeng_phet).exclude(national_id="").first()
    url = roster_url(kamphaeng_phet, "roster_member_national_id", member.pk)
    assert client.get(url).status_code == 404
    other = members_of(cast.khlong_hae).first()
    assert (
        client.get(roster_url(cast.kuha_tai, "roster_member_national_id", other.pk)).status_code
        == 404
    )


# Adding and editing: consent ----------------------------------------------------------


def add(client, name, **fields):
    data = {
        "title": "นาง",
        "first_name": "สมใจ",
        "last_name": "รักดี",
        "national_id": "",
        "phone": "",
        "joined_on": "",
        "consent": "True",
        "consent_on": "",
    }
    data.update(fields)
    return client.post(roster_url(name, "roster_member_add"), data)


def test_a_national_id_needs_consent(coord, without_roster):
    client = coord
    national_id = valid_id(21)
    response = add(client, without_roster, national_id=national_id, consent="False")
    assert response.status_code == 200
    assert response.context["add_form"].errors["national_id"] == [rules.ID_NEEDS_CONSENT]
    assert not Roster.objects.filter(organization__name=without_roster).exists()
    declined = add(client, without_roster, consent="False")  # the name only: fine
    assert declined.status_code == 302
    thai = format_national_id(national_id).translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙"))
    accepted = add(
        client, without_roster, first_name="สมหญิง", national_id=thai, phone="๐๘๑ ๒๓๔ ๕๖๗๘"
    )
    assert accepted.status_code == 302
    member = members_of(without_roster).get(first_name="สมหญิง")
    assert member.national_id == national_id
    assert member.consent_on == timezone.localdate()
    assert list(
        members_of(without_roster)
        .filter(first_name="สมใจ")
        .values_list("national_id", "consent", "consent_on")
    ) == [("", False, None)]
    roster = Roster.objects.get(organization__name=without_roster)
    assert list(roster.events.values_list("action", "count")) == [("added", 1), ("added", 1)]


def test_the_same_id_twice_in_one_roster_is_refused(coord, kamphaeng_phet):
    client = coord
    existing = members_of(kamphaeng_phet).exclude(national_id="").first()
    response = add(client, kamphaeng_phet, national_id=format_national_id(existing.national_id))
    assert response.context["add_form"].errors["national_id"] == [rules.ID_ALREADY_LISTED]
    bad = add(client, kamphaeng_phet, national_id=wrong_check_digit(valid_id(5)))
    assert "เลขตรวจสอบ" in bad.context["add_form"].errors["national_id"][0]
    assert members_of(kamphaeng_phet).count() == 4


def test_editing_a_member_is_recorded_without_personal_data(coord, kamphaeng_phet):
    client = coord
    member = members_of(kamphaeng_phet).get(first_name="จำลอง")
    url = roster_url(kamphaeng_phet, "roster_member_edit", member.pk)
    data = {
        "title": "นาย",
        "first_name": "จำลอง",
        "last_name": "ศรีสุข",
        "national_id": member.national_id,
        "phone": "087-310-5599",
        "joined_on": "10/1/2548",
        "consent": "True",
        "consent_on": "18/11/2569",
    }
    assert client.post(url, data).status_code == 302
    member.refresh_from_db()
    assert member.phone == "087-310-5599"
    event = member.roster.events.first()
    assert (event.action, event.count, event.note) == (RosterAction.EDITED, 1, "")


# Removal with erasure -----------------------------------------------------------------


def test_removing_a_member_erases_the_data_and_keeps_the_counts(coord, rattaphum, kamphaeng_phet):
    client = coord
    member = members_of(kamphaeng_phet).exclude(national_id="").first()
    client.get(roster_url(kamphaeng_phet, "roster_member_national_id", member.pk))
    overview = reverse("roster_overview") + f"?district={rattaphum.district.code}"
    province = client.get(overview).context["totals"]
    response = client.post(roster_url(kamphaeng_phet, "roster_member_remove", member.pk))
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.erased_at is not None and member.removed_on == timezone.localdate()
    for field in ("title", "first_name", "last_name", "national_id", "phone"):
        assert getattr(member, field) == "", field
    assert (member.consent, member.consent_on) == (False, None)
    assert NationalIdView.objects.filter(member=member).exists()  # the log still points here
    page = client.get(roster_url(kamphaeng_phet))
    assert page.context["counts"] == {"current": 3, "removed": 1}
    event = member.roster.events.first()
    assert (event.action, event.count, event.note) == (RosterAction.REMOVED, 1, "")
    after = client.get(overview).context["totals"]
    assert after["members"] == province["members"] - 1
    # The erased row cannot be opened or revealed any more.
    assert (
        client.get(roster_url(kamphaeng_phet, "roster_member_edit", member.pk)).status_code == 404
    )


def erased(member) -> bool:
    member.refresh_from_db()
    return member.erased_at is not None and (member.first_name, member.national_id) == ("", "")


@pytest.mark.parametrize("role", ["coordinator", "group_rep", "prov_coord", "admin"])
def test_a_member_is_removed_from_a_forwarded_roster(as_user, cast, role):
    """Erasure (PDPA) is never locked: a forwarded roster cannot be edited, yet a member
    is removed from it, from the roster page through a confirm page."""
    assert status_of(cast.kuha_tai) == RosterStatus.FORWARDED
    client = as_user(getattr(cast, role))
    before = roster_counts(cast.kuha_tai)
    member = members_of(cast.kuha_tai).exclude(national_id="").order_by("pk").first()
    remove_url = roster_url(cast.kuha_tai, "roster_member_remove", member.pk)
    page = client.get(roster_url(cast.kuha_tai))
    html = page.content.decode()
    assert f'href="{remove_url}"' in html  # on the member's row, although editing is locked
    assert f'href="{roster_url(cast.kuha_tai, "roster_member_edit", member.pk)}"' not in html
    confirm = client.get(remove_url)
    assert confirm.status_code == 200
    text = confirm.content.decode()
    assert f"ลบ{member.full_name}ออกจากรายชื่อ" in text and "ยืนยันการลบ" in text
    assert visible_words(text) == set()
    assert not erased(member)  # a GET removes nothing
    response = client.post(remove_url)
    assert response.status_code == 302
    assert erased(member)
    assert status_of(cast.kuha_tai) == RosterStatus.FORWARDED  # the workflow goes on
    assert roster_counts(cast.kuha_tai) == {
        "current": before["current"] - 1,
        "removed": before["removed"] + 1,
    }
    event = member.roster.events.first()
    assert (event.action, event.user) == (RosterAction.REMOVED, getattr(cast, role))


def roster_counts(name):
    return selectors.roster_counts(Roster.objects.get(organization__name=name))


def test_those_who_do_not_keep_the_roster_remove_nobody(as_user, cast):
    member = members_of(cast.kuha_tai).exclude(national_id="").first()
    url = roster_url(cast.kuha_tai, "roster_member_remove", member.pk)
    chair = as_user(cast.chair)
    assert url not in chair.get(roster_url(cast.kuha_tai)).content.decode()
    assert chair.get(url).status_code == 403
    assert chair.post(url).status_code == 403
    assert as_user(cast.prov_marketing).post(url).status_code == 403
    assert not erased(member)


def test_a_member_is_removed_after_the_group_left_its_center(coord, kamphaeng_phet):
    group = organization(kamphaeng_phet)
    group.memberships.update(status="left", left_on=datetime.date(2026, 10, 1))
    assert not selectors.keeps_roster(group)
    client = coord
    member = members_of(kamphaeng_phet).exclude(national_id="").first()
    page = client.get(roster_url(kamphaeng_phet)).content.decode()
    assert "องค์กรนี้ไม่ได้เป็นสมาชิกของศูนย์อำเภอแล้ว" in page
    assert "แต่ยังลบสมาชิกพร้อมข้อมูลส่วนบุคคลได้" in page
    remove_url = roster_url(kamphaeng_phet, "roster_member_remove", member.pk)
    assert remove_url in page
    # Editing stays closed: the edit page sends the user back with why.
    edit = client.get(roster_url(kamphaeng_phet, "roster_member_edit", member.pk))
    assert edit.status_code == 302
    assert client.get(remove_url).status_code == 200
    assert client.post(remove_url).status_code == 302
    assert erased(member)
    assert roster_counts(kamphaeng_phet) == {"current": 3, "removed": 1}


def test_a_member_removed_a_moment_ago_is_refused_not_an_error(coordinator, kamphaeng_phet):
    group = organization(kamphaeng_phet)
    member = members_of(kamphaeng_phet).first()
    stale = RosterMember.objects.get(pk=member.pk)  # read before the removal
    services.member_remove(organization=group, member=member, by=coordinator)
    with pytest.raises(rules.RosterRefused, match=rules.MEMBER_GONE):
        services.member_remove(organization=group, member=stale, by=coordinator)
    values = {name: getattr(stale, name) for name in rules.MEMBER_FIELDS}
    with pytest.raises(rules.RosterRefused, match=rules.MEMBER_GONE):
        services.member_edit(organization=group, member=stale, values=values, by=coordinator)
    assert roster_counts(kamphaeng_phet) == {"current": 3, "removed": 1}


# The workflow -------------------------------------------------------------------------


def transition(client, name, action, **data):
    return client.post(roster_url(name, "roster_transition", action), data)


def status_of(name) -> str:
    return Roster.objects.get(organization__name=name).status


def test_the_group_submits_and_the_district_forwards(as_user, cast):
    Roster.objects.filter(organization__name=cast.kuha_tai).update(status=RosterStatus.DRAFT)
    rep = as_user(cast.group_rep)
    assert transition(rep, cast.kuha_tai, "forward").status_code == 403
    assert transition(rep, cast.kuha_tai, "submit").status_code == 302
    assert status_of(cast.kuha_tai) == RosterStatus.SUBMITTED
    # Submitted: the group can no longer change it.
    refused = add(rep, cast.kuha_tai, first_name="มาใหม่")
    assert refused.status_code == 302
    assert not members_of(cast.kuha_tai).filter(first_name="มาใหม่").exists()
    message = [str(m) for m in rep.get(roster_url(cast.kuha_tai)).context["messages"]]
    assert any("ขอให้ศูนย์อำเภอส่งรายชื่อกลับ" in text for text in message)
    chair = as_user(cast.chair)
    assert transition(chair, cast.kuha_tai, "forward").status_code == 302
    roster = Roster.objects.get(organization__name=cast.kuha_tai)
    assert roster.status == RosterStatus.FORWARDED
    assert roster.events.first().action == RosterAction.FORWARDED
    assert roster.events.first().count == 12
    assert roster.status_changed_at > timezone.now() - datetime.timedelta(minutes=1)


def test_the_coordinator_forwards_what_they_entered(coord, kamphaeng_phet):
    client = coord
    assert status_of(kamphaeng_phet) == RosterStatus.DRAFT
    html = client.get(roster_url(kamphaeng_phet)).content.decode()
    assert "ส่งรายชื่อต่อให้จังหวัด" in html and "ส่งรายชื่อให้ศูนย์อำเภอ" not in html
    assert transition(client, kamphaeng_phet, "forward").status_code == 302
    assert status_of(kamphaeng_phet) == RosterStatus.FORWARDED


def test_an_empty_roster_cannot_be_sent(coord, without_roster):
    client = coord
    transition(client, without_roster, "forward")
    assert not Roster.objects.filter(organization__name=without_roster).exists()
    add(client, without_roster)
    member = members_of(without_roster).get()
    client.post(roster_url(without_roster, "roster_member_remove", member.pk))
    response = transition(client, without_roster, "forward")
    messages = [str(m) for m in client.get(response["Location"]).context["messages"]]
    assert any("ยังไม่มีสมาชิกในรายชื่อ" in text for text in messages)
    assert status_of(without_roster) == RosterStatus.DRAFT


def test_returning_needs_a_reason_and_the_right_role(as_user, cast, tha_chamuang):
    # Submitted (ท่าชะมวง): the district returns it; the province does not yet.
    province = as_user(cast.prov_coord)
    transition(province, tha_chamuang, "return", reason="ตรวจแล้วไม่ครบ")
    assert status_of(tha_chamuang) == RosterStatus.SUBMITTED
    assert transition(as_user(cast.prov_marketing), tha_chamuang, "return").status_code == 403
    assert transition(as_user(cast.group_rep), cast.kuha_tai, "return").status_code == 403
    assert transition(as_user(cast.hatyai_coord), cast.kuha_tai, "return").status_code == 404
    coord = as_user(cast.coordinator)
    no_reason = transition(coord, tha_chamuang, "return", reason=" ")
    assert no_reason.status_code == 200
    assert no_reason.context["return_form"].errors["reason"] == ["กรุณาระบุเหตุผลที่ส่งกลับ"]
    assert status_of(tha_chamuang) == RosterStatus.SUBMITTED
    transition(coord, tha_chamuang, "return", reason="เบอร์โทรศัพท์ของสมาชิกสองคนไม่ครบ")
    assert status_of(tha_chamuang) == RosterStatus.RETURNED
    event = Roster.objects.get(organization__name=tha_chamuang).events.first()
    assert (event.action, event.note) == (RosterAction.RETURNED, "เบอร์โทรศัพท์ของสมาชิกสองคนไม่ครบ")
    html = coord.get(roster_url(tha_chamuang)).content.decode()
    assert "เบอร์โทรศัพท์ของสมาชิกสองคนไม่ครบ" in html
    # Returned: editable again.
    assert add(coord, tha_chamuang, first_name="เพิ่มหลังส่งกลับ").status_code == 302
    assert members_of(tha_chamuang).filter(first_name="เพิ่มหลังส่งกลับ").exists()
    # Forwarded (คูหาใต้): the province returns it.
    transition(province, cast.kuha_tai, "return", reason="กรุณาตรวจสอบวันที่เข้าเป็นสมาชิก")
    assert status_of(cast.kuha_tai) == RosterStatus.RETURNED


@pytest.mark.parametrize(
    "reason",
    [
        f"แก้เลขของ {format_national_id(made_national_id(2))} ด้วย",
        "เลข " + made_national_id(2).translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")),
        "โทรหาสมาชิกที่ 081-540-1102 ไม่ติด",
        "โทร ๐๗๔ ๒๑๐๑๐๑",
        "ติดต่อ +66 81 540 1102",
    ],
    ids=["id-dashes", "id-thai-digits", "mobile", "landline-thai-digits", "international"],
)
def test_a_return_reason_may_not_carry_personal_numbers(coord, coordinator, tha_chamuang, reason):
    """The reason stays in the history and erasure never reaches it."""
    client = coord
    response = transition(client, tha_chamuang, "return", reason=reason)
    assert response.status_code == 200
    assert response.context["return_form"].errors["reason"] == [
        "เหตุผลต้องไม่มีเลขประจำตัวประชาชนหรือหมายเลขโทรศัพท์"
    ]
    assert status_of(tha_chamuang) == RosterStatus.SUBMITTED
    with pytest.raises(rules.RosterRefused, match="ต้องไม่มีเลขประจำตัวประชาชน"):
        services.roster_transition(
            organization=organization(tha_chamuang),
            action="return",
            by=coordinator,
            reason=reason,
        )
    fine = "แถวที่ 3 และ 5 เบอร์โทรไม่ครบ 10 หลัก วันที่ 15/3/2560 ผิด ค่าหุ้น 100,000 บาท"
    transition(client, tha_chamuang, "return", reason=fine)
    assert status_of(tha_chamuang) == RosterStatus.RETURNED


def test_a_transition_from_the_wrong_state_is_refused(coord, cattle):
    client = coord
    response = transition(client, cattle, "return", reason="ซ้ำ")  # already returned
    messages = [str(m) for m in client.get(response["Location"]).context["messages"]]
    assert any("จึงส่งกลับไม่ได้" in text for text in messages)
    assert status_of(cattle) == RosterStatus.RETURNED
    assert client.post(roster_url(cattle) + "approve/").status_code == 404


def test_an_applied_group_has_no_roster_to_write_and_is_told_why(coord, rattaphum):
    """An applicant is not a member yet: no roster until the application is approved."""
    name = MembershipFactory(center=rattaphum, status="applied").organization.name
    assert organization(name).memberships.get().status == "applied"
    assert not selectors.keeps_roster(organization(name))
    client = coord
    html = client.get(roster_url(name)).content.decode()
    assert "ใบสมัครขององค์กรนี้ยังรอการพิจารณา" in html
    assert "เพิ่มสมาชิก" not in html and "นำเข้ารายชื่อ" not in html
    response = add(client, name)
    assert response.status_code == 302
    messages = [str(m) for m in client.get(response["Location"]).context["messages"]]
    assert rules.APPLICATION_PENDING in messages
    assert upload(client, name, xlsx(people(1))).status_code == 302
    assert not Roster.objects.filter(organization__name=name).exists()
    groups = client.get(reverse("roster_overview")).context["groups"]
    assert name not in {group.name for group in groups}


def test_organizations_that_keep_no_roster_are_told_why(db, client):
    client.force_login(admin_user())
    name = MembershipFactory(center=province()).organization.name  # a savings cooperative
    response = client.get(roster_url(name))
    html = response.content.decode()
    assert "รายชื่อสมาชิกจัดทำสำหรับกลุ่มที่เป็นสมาชิกของศูนย์ประสานงานเครือข่ายระดับอำเภอ" in html
    assert "เพิ่มสมาชิก" not in html
    add(client, name)
    assert not Roster.objects.filter(organization__name=name).exists()
    detail = client.get(organization(name).get_absolute_url()).content.decode()
    assert "เปิดรายชื่อสมาชิก" not in detail


def test_opening_a_roster_creates_nothing(coord, without_roster):
    client = coord
    html = client.get(roster_url(without_roster)).content.decode()
    assert "ยังไม่มีรายชื่อสมาชิก ดาวน์โหลดแบบฟอร์ม" in html
    assert not Roster.objects.filter(organization__name=without_roster).exists()
    assert visible_words(html) == set()


# The organization page, the overview, the templates -----------------------------------


def test_the_organization_page_shows_the_roster_status(as_user, cast, without_roster):
    html = as_user(cast.chair).get(organization(cast.kuha_tai).get_absolute_url()).content.decode()
    assert "ศูนย์อำเภอส่งจังหวัดแล้ว" in html and "สมาชิกในรายชื่อ 12 คน" in html
    assert roster_url(cast.kuha_tai) in html
    html = as_user(cast.coordinator).get(organization(without_roster).get_absolute_url()).content
    assert "ยังไม่มีรายชื่อ" in html.decode()


def test_the_province_sees_counts_and_status_per_district(
    as_user, cast, tha_chamuang, kamphaeng_phet, cattle
):
    rattaphum_center = cast.rattaphum
    member_groups(rattaphum_center, 4)  # without a roster
    for _ in range(2):  # two applicants are not members yet: they keep no roster
        MembershipFactory(center=rattaphum_center, status="applied")
    response = as_user(cast.prov_marketing).get(reverse("roster_overview"))
    rows = {row.code: row for row in response.context["districts"]}
    assert {rattaphum_center.district.code, cast.hatyai.district.code} <= set(rows)
    rattaphum = rows[rattaphum_center.district.code]
    assert (rattaphum.groups, rattaphum.forwarded, rattaphum.submitted) == (8, 1, 1)
    assert (rattaphum.in_progress, rattaphum.returned, rattaphum.without_roster) == (1, 1, 4)
    assert rattaphum.members == 12 + 4 + 4 + 4
    assert rows[cast.hatyai.district.code].members == 5
    assert response.context["totals"]["members"] == sum(row.members for row in rows.values())
    html = response.content.decode()
    assert f"?district={rattaphum_center.district.code}" in html
    assert visible_words(html) == set()


def test_a_district_sees_its_groups_and_a_group_goes_to_its_own_roster(
    as_user, cast, without_roster
):
    response = as_user(cast.coordinator).get(reverse("roster_overview"))
    groups = {group.name: group for group in response.context["groups"]}
    assert groups[cast.kuha_tai].status_label == "ศูนย์อำเภอส่งจังหวัดแล้ว"
    assert groups[cast.kuha_tai].current_members == 12 and groups[cast.kuha_tai].flagged == 1
    assert groups[without_roster].status_label == "ยังไม่มีรายชื่อ"
    assert cast.khlong_hae not in response.content.decode()
    assert visible_words(response.content.decode()) == set()
    code = cast.rattaphum.district.code
    other_district = as_user(cast.hatyai_coord)
    assert other_district.get(reverse("roster_overview") + f"?district={code}").status_code == 404
    redirect = as_user(cast.group_rep).get(reverse("roster_overview"))
    assert redirect["Location"] == roster_url(cast.kuha_tai)
    assert as_user(cast.observer).get(reverse("roster_overview")).status_code == 403


def test_the_templates_download(client, without_roster):
    client.force_login(representative_user(organization(without_roster)))
    response = client.get(reverse("roster_template_xlsx"))
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook.worksheets[0]
    assert [cell.value for cell in sheet[1]] == HEADERS
    example = [cell.value for cell in sheet[2]]
    validate_national_id(example[4])
    assert sheet.data_validations.dataValidation[0].formula1 == '"ใช่,ไม่"'
    assert workbook.sheetnames[1] == "คำอธิบาย"
    text = client.get(reverse("roster_template_csv")).content
    assert text.startswith("\ufeff".encode()) and ",".join(HEADERS).encode() in text


def test_roster_pages_are_thai(as_user, cast, kamphaeng_phet, cattle):
    client = as_user(cast.coordinator)
    member = members_of(kamphaeng_phet).exclude(national_id="").first()
    for url in [
        roster_url(cast.kuha_tai),
        roster_url(kamphaeng_phet),
        roster_url(cattle),
        roster_url(kamphaeng_phet, "roster_member_edit", member.pk),
        roster_url(kamphaeng_phet, "roster_member_national_id", member.pk),
        reverse("roster_overview"),
    ]:
        assert visible_words(client.get(url).content.decode()) == set(), url


# Query counts -------------------------------------------------------------------------


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def grow(cast, kamphaeng_phet, count: int, start: int):
    """More members in two groups of two districts (the same IDs in both, so every one is
    flagged), more events, and more member groups with rosters in both districts."""
    extra = []
    for _ in range(count // 3 + 1):
        for center in (cast.rattaphum, cast.hatyai):
            group = OrganizationFactory(district=center.district)
            MembershipFactory(organization=group, center=center)
            extra.append(Roster.objects.create(organization=group, status=RosterStatus.SUBMITTED))
    kamphaeng = Roster.objects.get(organization__name=kamphaeng_phet)
    khlong_hae = Roster.objects.get(organization__name=cast.khlong_hae)
    for roster in (kamphaeng, khlong_hae, *extra[:2]):
        RosterMember.objects.bulk_create(
            RosterMember(
                roster=roster,
                first_name=f"เพิ่ม{start + index}",
                last_name="ทดสอบ",
                national_id=valid_id(start + index),
                consent=True,
                phone="081-000-0000",
            )
            for index in range(count)
        )
        for _ in range(count):
            services.record_event(roster, RosterAction.ADDED, None, count=1)


@pytest.mark.parametrize("role", ["coordinator", "chair", "admin"])
def test_the_roster_page_runs_a_constant_number_of_queries(as_user, cast, kamphaeng_phet, role):
    client = as_user(getattr(cast, role))
    url = roster_url(kamphaeng_phet)
    grow(cast, kamphaeng_phet, 3, 1000)
    small = queries(client, url)
    grow(cast, kamphaeng_phet, 60, 2000)
    large = queries(client, url)
    assert small == large, f"{small} queries with little data, {large} with more"
    assert large <= 18


@pytest.mark.parametrize("query", ["", "?district=__rattaphum__", "?district=__hatyai__"])
def test_the_overview_runs_a_constant_number_of_queries(as_user, cast, kamphaeng_phet, query):
    client = as_user(cast.prov_coord)
    query = query.replace("__rattaphum__", cast.rattaphum.district.code)
    url = reverse("roster_overview") + query.replace("__hatyai__", cast.hatyai.district.code)
    grow(cast, kamphaeng_phet, 3, 1000)
    small = queries(client, url)
    grow(cast, kamphaeng_phet, 60, 2000)
    large = queries(client, url)
    assert small == large, f"{small} queries with little data, {large} with more"
    assert large <= 14


def test_the_organization_page_adds_a_constant_number_of_queries(as_user, cast, kamphaeng_phet):
    client = as_user(cast.coordinator)
    url = organization(kamphaeng_phet).get_absolute_url()
    grow(cast, kamphaeng_phet, 3, 1000)
    small = queries(client, url)
    grow(cast, kamphaeng_phet, 60, 2000)
    assert queries(client, url) == small
