"""The main flows, as a user drives them in Chromium, asserting what the user sees."""

import re
from urllib.parse import urlsplit

from playwright.sync_api import expect

from demo.network import DEMO_PASSWORD, PROVINCIAL_CENTER_NAME

HATYAI_GROUP = "กลุ่มแม่บ้านเกษตรกรบ้านฉลุง"
RATTAPHUM_GROUP = "กลุ่มแม่บ้านเกษตรกรบ้านท่าชะมวง"
WRONG_LOGIN = "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง กรุณาลองอีกครั้ง"
PHONE = {"width": 360, "height": 740}


def org_link(page, name):
    return page.locator("#org-results").get_by_role("link", name=name, exact=True)


def results_count(page):
    return page.locator("#org-results .count")


def is_htmx_request(request):
    return request.headers.get("hx-request") == "true"


def test_sign_in_and_browse_to_a_district_center(page):
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))

    page.locator("#id_username").fill("rattaphum_coord")
    page.locator("#id_password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()

    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("งานของฉัน")
    page.get_by_role("navigation", name="เมนูหลัก").get_by_role(
        "link", name="เครือข่าย", exact=True
    ).click()
    expect(page).to_have_url(re.compile(r"/network/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(PROVINCIAL_CENTER_NAME)
    expect(page.locator("table.district-centers tbody tr")).to_have_count(16)
    expect(page.locator(".site-user .who")).to_have_text("สุนิสา ทองคำ")

    page.get_by_role("link", name="รัตภูมิ", exact=True).click()

    expect(page).to_have_url(re.compile(r"/network/districts/9009/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("ศูนย์ประสานงานเครือข่ายระดับอำเภอรัตภูมิ")
    committee = page.locator("section.card", has_text="คณะกรรมการบริหารศูนย์ฯ อำเภอรัตภูมิ")
    chair = committee.locator("tbody tr", has_text="ประธาน").first
    expect(chair.locator("td").nth(0)).to_have_text("ประธาน")
    expect(chair.locator("td").nth(1)).to_have_text("นายบุญเลิศ ชูช่วย")
    members_heading = page.get_by_role("heading", name="กลุ่มสมาชิก", exact=True)
    members = members_heading.locator("xpath=following-sibling::table[1]")
    expect(members.get_by_role("link", name=RATTAPHUM_GROUP, exact=True)).to_be_visible()
    expect(members.get_by_role("link", name=HATYAI_GROUP, exact=True)).to_have_count(0)


def test_wrong_password_shows_the_thai_error_and_stays_on_the_login_page(page):
    page.goto("/accounts/login/")
    page.locator("#id_username").fill("rattaphum_coord")
    page.locator("#id_password").fill("not-the-password")
    page.get_by_role("button", name="เข้าสู่ระบบ").click()

    expect(page.get_by_role("alert")).to_have_text(WRONG_LOGIN)
    expect(page).to_have_url(re.compile(r"/accounts/login/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("เข้าสู่ระบบ")
    expect(page.locator("#id_username")).to_have_value("rattaphum_coord")
    expect(page.locator("#id_password")).to_have_value("")


def test_district_filter_updates_the_list_in_place(page, sign_in):
    sign_in(page.context, "prov_coord")
    page.goto("/network/organizations/")
    expect(results_count(page)).to_have_text(all_organizations())
    expect(org_link(page, RATTAPHUM_GROUP)).to_be_visible()
    page.evaluate("window.__marker = 1")

    with page.expect_request(is_htmx_request) as request_info:
        page.locator("#id_district").select_option("9011")

    assert "district=9011" in request_info.value.url
    expect(org_link(page, HATYAI_GROUP)).to_be_visible()
    expect(org_link(page, RATTAPHUM_GROUP)).to_have_count(0)
    expect(results_count(page)).not_to_have_text(all_organizations())
    expect(page).to_have_url(re.compile(r"[?&]district=9011(&|$)"))
    # The same document: htmx swapped #org-results, the page was not reloaded.
    assert page.evaluate("window.__marker") == 1
    expect(page.locator("#id_district")).to_have_value("9011")


def test_typing_in_the_search_box_narrows_the_list(page, sign_in):
    sign_in(page.context, "prov_coord")
    page.goto("/network/organizations/")
    expect(results_count(page)).to_have_text(all_organizations())
    page.evaluate("window.__marker = 1")

    with page.expect_request(is_htmx_request) as request_info:
        page.locator("#id_q").press_sequentially("ควนรู", delay=50)

    assert "q=" in request_info.value.url

    # Debounced (400 ms after the last key): wait for the swapped results.
    expect(org_link(page, "กลุ่มแม่บ้านเกษตรกรบ้านควนรู")).to_be_visible()
    expect(org_link(page, HATYAI_GROUP)).to_have_count(0)
    expect(org_link(page, RATTAPHUM_GROUP)).to_have_count(0)
    expect(results_count(page)).not_to_have_text(all_organizations())
    expect(page).to_have_url(re.compile(r"[?&]q="))
    assert page.evaluate("window.__marker") == 1


def test_filters_work_without_javascript(new_context, sign_in):
    context = sign_in(new_context(java_script_enabled=False), "prov_coord")
    page = context.new_page()
    page.goto("/network/organizations/")
    expect(results_count(page)).to_have_text(all_organizations())

    page.locator("#id_district").select_option("9011")
    page.get_by_role("button", name="ค้นหา", exact=True).click()

    expect(page).to_have_url(re.compile(r"[?&]district=9011(&|$)"))
    expect(org_link(page, HATYAI_GROUP)).to_be_visible()
    expect(org_link(page, RATTAPHUM_GROUP)).to_have_count(0)
    expect(page.locator("#id_district")).to_have_value("9011")


def assert_no_horizontal_scroll(page):
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= PHONE["width"] + 1, f"{page.url}: scrollWidth {scroll_width}"


def test_phone_width_pages_do_not_scroll_sideways(new_context, sign_in):
    page = sign_in(new_context(viewport=PHONE), "prov_coord").new_page()

    page.goto("/network/")
    expect(page.locator("table.district-centers tbody tr")).to_have_count(16)
    assert_no_horizontal_scroll(page)

    page.goto("/network/organizations/")
    expect(results_count(page)).to_have_text(all_organizations())
    assert_no_horizontal_scroll(page)

    page.goto("/network/districts/9009/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_no_horizontal_scroll(page)


def test_sarabun_comes_from_static_and_nothing_from_the_internet(new_context, sign_in, live_demo):
    context = sign_in(new_context(), "prov_coord")
    requests, responses = [], []
    context.on("request", lambda request: requests.append(request.url))
    context.on("response", lambda response: responses.append((response.url, response.status)))
    page = context.new_page()

    page.goto("/network/")
    expect(page.get_by_role("heading", level=1)).to_have_text(PROVINCIAL_CENTER_NAME)
    loaded = page.evaluate(
        """async () => {
            await document.fonts.ready;
            return [...document.fonts]
                .filter((face) => face.family.replaceAll('"', '') === 'Sarabun')
                .filter((face) => face.status === 'loaded')
                .map((face) => face.weight);
        }"""
    )
    assert "400" in loaded, loaded
    assert page.evaluate("document.fonts.check('16px Sarabun', 'สงขลา')")

    origin = urlsplit(live_demo.url)
    font_responses = [
        (url, status)
        for url, status in responses
        if urlsplit(url).netloc == origin.netloc
        and re.search(r"/static/vendor/sarabun/sarabun-thai-latin-400-normal[^/]*\.woff2$", url)
    ]
    assert font_responses, responses
    assert all(status == 200 for _, status in font_responses), font_responses

    elsewhere = [
        url
        for url in requests
        if urlsplit(url).scheme not in ("data", "blob")
        and (urlsplit(url).scheme, urlsplit(url).netloc) != (origin.scheme, origin.netloc)
    ]
    assert not elsewhere, f"requests outside the live server: {elsewhere}"


def all_organizations() -> str:
    """The count line of the unfiltered list, from the demo data the test seeded."""
    from members.models import Organization

    return f"พบ {Organization.objects.count()} องค์กร"


def test_a_district_coordinator_sees_only_their_district(page, sign_in, live_demo):
    """rattaphum_coord: Rattaphum's groups only, and a Hat Yai address is refused."""
    from members.models import Organization

    sign_in(page.context, "rattaphum_coord")
    page.goto("/network/organizations/")
    results = page.locator("#org-results")
    expect(results).to_contain_text("สหกรณ์กองทุนสวนยางบ้านท่าชะมวง จำกัด")
    expect(results).not_to_contain_text("หาดใหญ่")
    expect(page.locator("#id_district option")).to_have_count(2)  # ทุกอำเภอ, รัตภูมิ
    hat_yai_group = Organization.objects.get(name="กลุ่มแม่บ้านเกษตรกรบ้านฉลุง")
    response = page.goto(hat_yai_group.get_absolute_url())
    assert response.status == 404
    expect(page.locator("h1")).to_have_text("ไม่พบหน้าที่ต้องการ")
    response = page.goto("/network/districts/9011/")
    assert response.status == 404
    # On the network page Hat Yai is a figure, not a link.
    page.goto("/network/")
    expect(page.get_by_role("link", name="หาดใหญ่", exact=True)).to_have_count(0)
    expect(page.get_by_role("link", name="รัตภูมิ", exact=True)).to_have_count(1)


def test_admin_pages_run_under_the_content_security_policy(page, sign_in):
    """Django admin's scripts (filters, inlines, actions) load without a CSP violation."""
    sign_in(page.context, "admin")
    page.goto("/admin/members/organization/")
    expect(page.locator("#changelist")).to_be_visible()
    page.get_by_role("link", name="สหกรณ์กองทุนสวนยางบ้านท่าชะมวง จำกัด").click()
    expect(page.locator("#organization_form")).to_be_visible()
    page.get_by_role("link", name="ประวัติการแก้ไข").first.click()
    expect(page.locator("#change-history")).to_be_visible()
