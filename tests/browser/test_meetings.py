"""A monthly meeting in Chromium: the Rattaphum secretary schedules and records it, the
open action item comes back under agenda item 3 of the next meeting, the minutes PDF
downloads."""

import re

from playwright.sync_api import expect

from centers.models import Committee

BOARD = "คณะกรรมการบริหารศูนย์ฯ อำเภอรัตภูมิ"
PHONE = {"width": 360, "height": 740}
TASK = "สำรวจความต้องการน้ำกรดของสหกรณ์กองทุนสวนยาง"


def test_the_secretary_records_a_meeting_and_the_open_item_carries_forward(new_context, sign_in):
    board = Committee.objects.get(name=BOARD)
    page = sign_in(new_context(viewport=PHONE), "rattaphum_coord").new_page()
    page.goto(f"/meetings/committees/{board.pk}/")
    # A Saturday in the committee's term, and so is the same day next month: each is set
    # after its warning (later, when these days are past, the warning says that too).
    page.get_by_label("วันที่ประชุม").fill("13/2/2570")
    page.get_by_label(re.compile(r"^เวลา:?$")).fill("09.30")
    page.get_by_label("สถานที่").fill("ห้องประชุมสหกรณ์การเกษตรรัตภูมิ จำกัด")
    page.get_by_role("button", name="นัดประชุม", exact=True).click()
    expect(page.locator(".alert.warning")).to_contain_text("วันที่ 13 กุมภาพันธ์ 2570 เป็นวันเสาร์")
    page.get_by_role("button", name="ยืนยันนัดวันที่ 13 ก.พ. 2570").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"การประชุม{BOARD} ครั้งที่ 1/2570")
    assert page.evaluate("document.scrollingElement.scrollWidth") <= PHONE["width"]
    first_url = page.url

    page.get_by_role("link", name="บันทึกการมาประชุม").first.click()
    page.get_by_role("button", name="บันทึกการมาประชุม").click()
    expect(page.locator(".messages")).to_contain_text("บันทึกการมาประชุมแล้ว")

    page.locator("section.agenda-item", has_text="ระเบียบวาระที่ 4").get_by_role("link").click()
    page.get_by_label("สรุปการประชุม").fill("ที่ประชุมหารือการซื้อน้ำกรดร่วมกันก่อนฤดูกรีดยาง")
    page.get_by_label("มติที่ประชุม").fill("เห็นชอบให้สำรวจความต้องการก่อนสั่งซื้อ")
    page.get_by_role("button", name="บันทึกระเบียบวาระ").click()
    page.locator("section.agenda-item", has_text="ระเบียบวาระที่ 4").get_by_role("link").click()
    page.get_by_label("สิ่งที่ต้องทำ").fill(TASK)
    page.get_by_label("ผู้รับผิดชอบ (บุคคล)").select_option(label="นายบุญเลิศ ชูช่วย")
    page.get_by_label("กำหนดเสร็จ").fill("12/3/2570")
    page.get_by_role("button", name="มอบหมาย").click()
    expect(page.locator(".messages")).to_contain_text("บันทึกเรื่องที่มอบหมายแล้ว")

    page.goto(first_url)
    page.get_by_role("link", name="รายละเอียดและสถานะการประชุม").click()
    page.get_by_label(re.compile(r"^สถานะ:?$")).select_option(label="ประชุมแล้ว")
    page.get_by_label("เริ่มประชุมเวลา").fill("09.35")
    page.get_by_label("เลิกประชุมเวลา").fill("11:50")
    page.get_by_role("button", name="บันทึก", exact=True).click()
    expect(page.locator(".lead")).to_contain_text("ประชุมแล้ว")

    page.get_by_role("button", name="นัดประชุมเดือนถัดไป (สถานที่และเวลาเดิม)").click()
    expect(page.locator(".alert.warning")).to_contain_text("วันที่ 13 มีนาคม 2570 เป็นวันเสาร์")
    page.get_by_role("button", name="ยืนยันนัดวันที่ 13 มี.ค. 2570").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"การประชุม{BOARD} ครั้งที่ 2/2570")
    follow_up = page.locator("#follow-up")
    expect(follow_up).to_contain_text(TASK)
    expect(follow_up).to_contain_text("มอบหมายในครั้งที่ 1/2570")

    page.goto(first_url)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="รายงานการประชุม (พีดีเอฟ)").click()
    download = download_info.value
    assert re.search(r"\.pdf$", download.suggested_filename)
    with open(download.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
