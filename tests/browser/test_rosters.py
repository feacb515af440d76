"""A member roster in Chromium: the Rattaphum coordinator, on a phone, uploads a group's
roster with one wrong national ID, sees the row's problem and that nothing was imported,
uploads the corrected file, reveals one ID (logged), forwards the roster to the province,
and then removes a member who asked for their data to be erased (never locked)."""

import re

from openpyxl import Workbook
from playwright.sync_api import expect

from centers.personal_data import format_national_id, mask_national_id
from demo.rosters import WITHOUT_ROSTER
from members.models import Organization
from members.rosters.models import NationalIdView, Roster, RosterMember, RosterStatus
from members.validators import national_id_check_digit

PHONE = {"width": 360, "height": 740}
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
NAMES = [("นาง", "อำไพ", "สุขเกษม"), ("นาง", "กาญจนา", "ทองดี"), ("นางสาว", "ปรีดา", "แก้วขาว")]


def national_id(sequence: int) -> str:
    first_twelve = f"3{90091234000 + sequence:011d}"
    return first_twelve + str(national_id_check_digit(first_twelve))


def roster_file(path, *, wrong_row: int | None = None):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADERS)
    for index, (title, first_name, last_name) in enumerate(NAMES):
        number = national_id(index)
        if index == wrong_row:
            number = number[:12] + str((int(number[12]) + 1) % 10)
        phone = f"081-555-010{index}"
        sheet.append(
            [index + 1, title, first_name, last_name, number, phone, "1/2/2555", "ใช่", "20/11/2569"]
        )
    workbook.save(path)
    return path


def test_the_coordinator_uploads_fixes_and_forwards_a_roster(new_context, sign_in, tmp_path):
    group = Organization.objects.get(name=WITHOUT_ROSTER)
    page = sign_in(new_context(viewport=PHONE), "rattaphum_coord").new_page()
    page.goto(f"/network/organizations/{group.public_id}/roster/")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"รายชื่อสมาชิก{WITHOUT_ROSTER}")
    expect(page.locator(".empty").first).to_contain_text("ยังไม่มีรายชื่อสมาชิก")
    assert page.evaluate("document.scrollingElement.scrollWidth") <= PHONE["width"]

    # The second member's ID has a wrong check digit: nothing is imported.
    file_input = page.get_by_label(re.compile("^ไฟล์รายชื่อ"))
    file_input.set_input_files(roster_file(tmp_path / "รายชื่อ.xlsx", wrong_row=1))
    page.get_by_role("button", name="นำเข้ารายชื่อ").click()
    problems = page.locator("#upload-problems")
    expect(problems).to_contain_text("ยังไม่ได้นำเข้ารายชื่อ")
    expect(problems).to_contain_text("ระบบไม่ได้บันทึกรายชื่อใดจากไฟล์นี้")
    row = problems.locator("tbody tr")
    expect(row).to_have_count(1)
    expect(row.locator("td").nth(0)).to_have_text("3")
    expect(row.locator("td").nth(1)).to_have_text("เลขประจำตัวประชาชน")
    expect(row.locator("td").nth(2)).to_contain_text("เลขตรวจสอบ")
    expect(page.locator(".empty").first).to_contain_text("ยังไม่มีรายชื่อสมาชิก")
    assert not RosterMember.objects.filter(roster__organization=group).exists()
    assert page.evaluate("document.scrollingElement.scrollWidth") <= PHONE["width"]

    # The corrected file goes in whole.
    file_input = page.get_by_label(re.compile("^ไฟล์รายชื่อ"))
    file_input.set_input_files(roster_file(tmp_path / "รายชื่อ-แก้ไข.xlsx"))
    page.get_by_role("button", name="นำเข้ารายชื่อ").click()
    expect(page.locator(".messages")).to_contain_text("นำเข้ารายชื่อแล้ว 3 แถว")
    table = page.locator("table.roster-members")
    expect(table.locator("tbody tr")).to_have_count(3)
    for index, (_, first_name, last_name) in enumerate(NAMES):
        member_row = table.locator("tr", has_text=f"{first_name} {last_name}")
        expect(member_row).to_contain_text(mask_national_id(national_id(index)))
    html = page.content()
    assert not any(format_national_id(national_id(index)) in html for index in range(3))
    assert page.evaluate("document.scrollingElement.scrollWidth") <= PHONE["width"]

    # One ID shown in full, in place, and the showing logged.
    page.evaluate("window.stillTheSamePage = true")
    first_row = table.locator("tr", has_text="อำไพ สุขเกษม")
    first_row.get_by_role("button", name=re.compile("แสดงเลข")).click()
    expect(first_row).to_contain_text(format_national_id(national_id(0)))
    assert page.evaluate("window.stillTheSamePage") is True
    viewed = NationalIdView.objects.get(member__roster__organization=group)
    assert viewed.user.username == "rattaphum_coord"
    assert viewed.member.first_name == "อำไพ"

    page.get_by_role("button", name="ส่งรายชื่อต่อให้จังหวัด").click()
    expect(page.locator(".messages")).to_contain_text("ส่งรายชื่อต่อให้จังหวัดแล้ว")
    expect(page.locator(".facts .badge")).to_have_text("ศูนย์อำเภอส่งจังหวัดแล้ว")
    assert Roster.objects.get(organization=group).status == RosterStatus.FORWARDED
    assert page.evaluate("document.scrollingElement.scrollWidth") <= PHONE["width"]

    # Forwarded: no editing, but a member who asks is removed with their data erased.
    table = page.locator("table.roster-members")
    expect(table.get_by_role("link", name="แก้ไข", exact=True)).to_have_count(0)
    third = table.locator("tr", has_text="ปรีดา แก้วขาว")
    third.get_by_role("link", name="ลบนางสาวปรีดา แก้วขาวและข้อมูลส่วนบุคคล").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("ลบนางสาวปรีดา แก้วขาวออกจากรายชื่อ")
    assert page.evaluate("document.scrollingElement.scrollWidth") <= PHONE["width"]
    page.get_by_role("button", name=re.compile("^ยืนยันการลบ")).click()
    expect(page.locator(".messages")).to_contain_text("ลบสมาชิกออกจากรายชื่อและลบข้อมูลส่วนบุคคลแล้ว")
    expect(page.locator("table.roster-members tbody tr")).to_have_count(2)
    expect(page.locator(".facts .badge")).to_have_text("ศูนย์อำเภอส่งจังหวัดแล้ว")
    removed = RosterMember.objects.get(roster__organization=group, removed_on__isnull=False)
    assert (removed.first_name, removed.national_id, removed.phone) == ("", "", "")
