"""The home page and the network page on a phone (360 px)."""

from playwright.sync_api import expect

PHONE = {"width": 360, "height": 740}
ROLES = [
    "admin", "prov_marketing", "prov_coord", "rattaphum_coord", "rattaphum_chair",
    "hatyai_coord", "group_rep", "observer",
]  # fmt: skip


def height(page) -> int:
    return page.evaluate("document.documentElement.scrollHeight")


def width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def test_the_network_page_is_a_few_screens_on_a_phone_and_keeps_everything(new_context, sign_in):
    """It was 15,882 px tall: every district's counts, both committees, every provincial
    member and the history, one after another. The long sections now open on a tap."""
    page = sign_in(new_context(viewport=PHONE), "prov_coord").new_page()
    page.goto("/network/")
    expect(page.locator("table.district-totals tbody tr")).to_have_count(16)
    assert height(page) <= 3_000, height(page)
    assert width(page) <= PHONE["width"] + 1

    for heading, inside in [
        ("คณะกรรมการระดับจังหวัด", "นายประเสริฐ รัตนพันธ์"),  # the provincial chair
        ("สมาชิกระดับจังหวัด", "สหกรณ์ออมทรัพย์ครูสงขลา จำกัด"),
        ("ประวัติการแก้ไขคณะกรรมการระดับจังหวัด", "ประวัติบันทึกโดยระบบอัตโนมัติ"),
        ("สมาชิกแยกตามประเภท และที่ตั้งศูนย์แต่ละอำเภอ", "สหกรณ์การเกษตรรัตภูมิ จำกัด"),
    ]:
        title = page.get_by_role("heading", name=heading, exact=True)
        section = page.locator("details", has=title)
        content = section.get_by_text(inside).first
        expect(content).to_be_hidden()
        title.click()
        expect(content).to_be_visible()
    assert width(page) <= PHONE["width"] + 1


def test_every_role_lands_on_its_home_page_on_a_phone(new_context, sign_in):
    for role in ROLES:
        page = sign_in(new_context(viewport=PHONE), role).new_page()
        page.goto("/")
        heading = "ภาพรวมเครือข่าย" if role == "observer" else "งานของฉัน"
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        current = page.get_by_role("navigation", name="เมนูหลัก").locator('[aria-current="page"]')
        expect(current).to_have_text("หน้าแรก")
        assert width(page) <= PHONE["width"] + 1, f"{role}: {width(page)} px wide"
        page.context.close()
