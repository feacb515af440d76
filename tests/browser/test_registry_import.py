"""Loading a registry in Chromium: the federation's staff upload the cooperative office's
list, read the preview, confirm, and find a new cooperative in the organization list."""

import re
from pathlib import Path

from playwright.sync_api import expect

from members.models import Organization

SAMPLE = Path(__file__).parent.parent / "data" / "registry_cooperative_office.xlsx"
PHONE = {"width": 360, "height": 740}
NEW_COOP = "สหกรณ์กองทุนสวนยางบ้านนาวง จำกัด"


def test_the_federations_staff_load_the_cooperative_office_list(new_context, sign_in):
    page = sign_in(new_context(viewport=PHONE), "prov_coord").new_page()
    page.goto("/network/imports/")
    expect(page.get_by_role("heading", level=1)).to_have_text("นำเข้ารายชื่อองค์กรจากทะเบียน")
    page.get_by_label("แหล่งข้อมูลทะเบียน").select_option(label="สำนักงานสหกรณ์จังหวัดสงขลา")
    page.get_by_label(re.compile("ไฟล์รายชื่อองค์กร")).set_input_files(SAMPLE)
    page.get_by_role("button", name="อัปโหลดและดูตัวอย่าง").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("ตรวจสอบก่อนนำเข้า")
    summary = page.locator(".import-counts")
    expect(summary.locator(".import-create")).to_contain_text("8")
    expect(summary.locator(".import-update")).to_contain_text("1")
    expect(summary.locator(".import-unchanged")).to_contain_text("1")
    expect(summary.locator(".import-error")).to_contain_text("0")
    rows = page.locator("table.import-rows")
    expect(rows).to_contain_text("จำนวนสมาชิก: 148 → 152")
    expect(rows).to_contain_text(NEW_COOP)
    assert page.evaluate("document.scrollingElement.scrollWidth") <= PHONE["width"]
    assert not Organization.objects.filter(name=NEW_COOP).exists()

    page.get_by_role("button", name="ยืนยันการนำเข้า").click()
    expect(page.locator(".messages")).to_contain_text(
        "นำเข้าแล้ว: สร้างใหม่ 8 องค์กร ปรับปรุง 1 องค์กร ไม่เปลี่ยนแปลง 1 องค์กร"
    )
    expect(page.get_by_role("heading", name="ผลการนำเข้า")).to_be_visible()
    expect(page.get_by_role("button", name="ยืนยันการนำเข้า")).to_have_count(0)

    page.get_by_role("link", name="ไปที่รายชื่อองค์กร").click()
    page.get_by_label(re.compile("ค้นหา")).fill("นาวง")
    expect(page.locator("#org-results")).to_contain_text(NEW_COOP)
    page.get_by_role("link", name=NEW_COOP).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(NEW_COOP)
    expect(page.locator(".facts").first).to_contain_text("สข.1021/2545")
