"""The monthly report in Chromium: the Rattaphum chair opens last month's report, sees the
chart, downloads the PDF and marks the report reviewed."""

from playwright.sync_api import expect


def test_the_chair_reviews_the_months_report(new_context, sign_in):
    page = sign_in(
        new_context(viewport={"width": 360, "height": 740}), "rattaphum_chair"
    ).new_page()
    page.goto("/reports/")
    page.get_by_label("เดือน").select_option(label="ตุลาคม 2569")
    page.get_by_role("button", name="แสดง").click()
    page.get_by_role("link", name="ศูนย์ประสานงานเครือข่ายระดับอำเภอรัตภูมิ").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("รายงานประจำเดือนตุลาคม 2569")
    chart = page.get_by_role("img", name="การประชุมและการติดตามงาน")
    expect(chart).to_be_visible()
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 360

    with page.expect_download() as download_info:
        page.get_by_role("link", name="ดาวน์โหลดพีดีเอฟ").click()
    with open(download_info.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"

    page.get_by_label("ความเห็น (ถ้ามี)").fill("ประชุมครบองค์ประชุม ติดตามแผนน้ำยาง")
    page.get_by_role("button", name="บันทึกว่าตรวจทานแล้ว").click()
    expect(page.locator(".messages")).to_contain_text("บันทึกการตรวจทานแล้ว")
    expect(page.locator(".history")).to_contain_text("บุญเลิศ ชูช่วย · ประชุมครบองค์ประชุม ติดตามแผนน้ำยาง")
    expect(page.get_by_role("button", name="บันทึกว่าตรวจทานแล้ว")).to_have_count(0)


def test_the_dashboards_year_switch_shows_that_year_in_place(new_context, sign_in):
    """Choosing 2548 in the year box swaps the dashboard in place (htmx) and puts the year
    in the address (the same URL works without JavaScript)."""
    page = sign_in(new_context(viewport={"width": 360, "height": 740}), "prov_coord").new_page()
    page.goto("/reports/dashboard/")
    page.evaluate("window.loadedOnce = true")  # gone if the page were loaded again
    page.get_by_label("แสดงปี พ.ศ.").select_option("2548")
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text("แดชบอร์ดเครือข่ายจังหวัดสงขลา ปี 2548")
    assert page.url.endswith("/reports/dashboard/?year=2548")
    assert page.evaluate("window.loadedOnce") is True
    expect(page.locator(".targets")).to_contain_text("ซื้อแล้ว 1,000.00 / 5,000.00 ตัน (20%)")
    assert "2,5" not in page.locator("#id_year").inner_text()
