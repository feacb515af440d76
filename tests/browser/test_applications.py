"""A group joins the network in Chromium: the Rattaphum coordinator records its
application on a phone, the district chair approves it, the coordinator records the
signed MOU with its scan, and the MOU date shows on the group's page."""

import re

from playwright.sync_api import expect

from centers.models import Membership, MembershipStatus

PHONE = {"width": 360, "height": 740}
GROUP = "กลุ่มเลี้ยงปลาดุกบ้านหนองปลิง"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"


def fits(page) -> bool:
    return page.evaluate("document.scrollingElement.scrollWidth") <= PHONE["width"]


def test_a_group_applies_is_approved_and_signs_the_mou(new_context, sign_in, tmp_path):
    coordinator = sign_in(new_context(viewport=PHONE, has_touch=True), "rattaphum_coord").new_page()
    coordinator.goto("/network/applications/")
    assert fits(coordinator)
    coordinator.get_by_role("link", name="บันทึกใบสมัคร").click()
    expect(coordinator.get_by_role("heading", level=1)).to_have_text("บันทึกใบสมัครสมาชิก")
    assert fits(coordinator)
    coordinator.get_by_label("ชื่อองค์กรใหม่").fill(GROUP)
    coordinator.get_by_label("ประเภทองค์กร").select_option(label="กลุ่มอื่น ๆ")
    coordinator.get_by_label("โทรศัพท์").fill("081-234-5678")
    coordinator.get_by_label("จำนวนสมาชิก (คน)").fill("๒๕")
    coordinator.get_by_label("วันที่ยื่นใบสมัคร").fill("3/3/2569")
    coordinator.get_by_role("button", name="บันทึกใบสมัคร").click()
    expect(coordinator.get_by_role("heading", level=1)).to_have_text(f"ใบสมัครของ{GROUP}")
    expect(coordinator.locator(".messages")).to_contain_text("รอประธานคณะกรรมการบริหารศูนย์ฯ")
    expect(coordinator.locator(".lead")).to_contain_text("ยื่นใบสมัคร")
    assert fits(coordinator)
    application_url = coordinator.url
    membership = Membership.objects.get(organization__name=GROUP)
    assert membership.status == MembershipStatus.APPLIED

    chair = sign_in(new_context(), "rattaphum_chair").new_page()
    chair.goto(application_url)
    chair.get_by_label("วันที่อนุมัติและเข้าเป็นสมาชิก").fill("5/3/2569")
    chair.get_by_role("button", name="อนุมัติใบสมัคร", exact=True).click()
    expect(chair.locator(".messages")).to_contain_text("อนุมัติใบสมัครแล้ว")
    expect(chair.locator(".lead")).to_contain_text("เป็นสมาชิก")
    expect(chair.get_by_role("button", name="อนุมัติใบสมัคร", exact=True)).to_have_count(0)

    scan = tmp_path / "บันทึกข้อตกลง-หนองปลิง.pdf"
    scan.write_bytes(PDF)
    coordinator.reload()
    coordinator.get_by_label("วันที่ลงนามบันทึกข้อตกลงความร่วมมือ").fill("10/3/2569")
    coordinator.get_by_label("ผู้ลงนาม").fill(
        "นายสมปอง ใจดี ประธานกลุ่มเลี้ยงปลาดุกบ้านหนองปลิง\nนายสมชาย อินทร์แก้ว ผู้จัดการสหกรณ์การเกษตรรัตภูมิ จำกัด"
    )
    coordinator.get_by_label("สำเนาบันทึกข้อตกลงที่ลงนามแล้ว").set_input_files(scan)
    coordinator.get_by_role("button", name="บันทึกข้อตกลงความร่วมมือ").click()
    expect(coordinator.locator(".messages")).to_contain_text("บันทึกข้อตกลงความร่วมมือแล้ว")
    expect(coordinator.locator(".history")).to_contain_text("ยื่นใบสมัคร → เป็นสมาชิก")
    expect(coordinator.locator(".history")).to_contain_text("บุญเลิศ ชูช่วย")
    assert fits(coordinator)

    with coordinator.expect_download() as download_info:
        coordinator.get_by_role("link", name=scan.name).click()
    download = download_info.value
    assert download.suggested_filename == scan.name
    with open(download.path(), "rb") as pdf:
        assert pdf.read() == PDF

    coordinator.get_by_role("link", name=GROUP).first.click()
    expect(coordinator.get_by_role("heading", level=1)).to_have_text(GROUP)
    mou_cell = coordinator.locator('td[data-label="ลงนามบันทึกข้อตกลง"]')
    expect(mou_cell).to_contain_text("10 มี.ค. 2569")
    expect(mou_cell.get_by_role("link", name="สำเนาที่ลงนาม")).to_be_visible()
    assert re.search(r"/network/organizations/[0-9a-f-]+/$", coordinator.url)
    assert fits(coordinator)
