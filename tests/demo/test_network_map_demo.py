"""The network map (/reports/map/) drawing the demo's network: its provincial members,
Rattaphum's and Hat Yai's groups, the 2547-2548 rounds and their suppliers, the supporters
and the links of the demo's baseline survey (demo/baseline.py). Moved unchanged from
tests/reports/test_network_map.py: these tests are about the demo's content; the map's
rules are tested there on data the tests build."""

import re
import xml.etree.ElementTree as ET

import pytest

from centers.models import MembershipStatus
from demo.network import HATYAI_GROUPS, PROVINCIAL_MEMBERS, RATTAPHUM_GROUPS
from members.reference import SONGKHLA_DISTRICTS

URL = "/reports/map/"
SVG = "{http://www.w3.org/2000/svg}"
LEGEND = (
    "เชื่อมโยงภายในเครือข่าย",
    "เชื่อมโยงภายนอกเครือข่าย",
    "เชื่อมโยงภายนอกจังหวัด",
    "อยู่ระหว่างดำเนินการ",
)
FERTILIZER_COMPANY = "บริษัท ปุ๋ยไทยรุ่งเรือง จำกัด"
ACID_DEALER = "ห้างหุ้นส่วนจำกัด หาดใหญ่เคมีภัณฑ์ยาง"
DISTRICT_NAMES = [name for _, name in SONGKHLA_DISTRICTS]


def svg_of(response) -> ET.Element:
    """The inline SVG of the page, parsed as XML (it must be well formed on its own)."""
    html = response.content.decode()
    found = re.search(r"<svg\b.*?</svg>", html, flags=re.S)
    assert found, "no SVG on the page"
    return ET.fromstring(found.group(0))


def svg_text(root: ET.Element) -> str:
    return " ".join(" ".join(element.itertext()) for element in root)


def links(root: ET.Element) -> list[dict]:
    """Each drawn link: its kind, its title (the two ends) and its line's dashes."""
    found = []
    for group in root.iter(f"{SVG}g"):
        kinds = [c for c in group.get("class", "").split() if c.startswith("map-link-")]
        if not kinds:
            continue
        line = group.find(f"{SVG}line")
        found.append(
            {
                "kind": kinds[0].removeprefix("map-link-"),
                "title": group.find(f"{SVG}title").text,
                "dasharray": line.get("stroke-dasharray"),
            }
        )
    return found


def links_to(root, name: str) -> list[dict]:
    return [link for link in links(root) if name in link["title"]]


def node_links(root) -> dict[str, str]:
    """Linked nodes: title -> href."""
    return {anchor.find(f"{SVG}title").text: anchor.get("href") for anchor in root.iter(f"{SVG}a")}


LATEX_BUYER = "บริษัท ยางไทยปักษ์ใต้ จำกัด"  # demo/baseline.py
BAAC = "ธนาคารเพื่อการเกษตรและสหกรณ์การเกษตร (ธ.ก.ส.) สาขาหาดใหญ่"
THACHAMUANG = "สหกรณ์กองทุนสวนยางบ้านท่าชะมวง จำกัด"
RATTAPHUM_COOP = "สหกรณ์การเกษตรรัตภูมิ จำกัด"


def test_province_view_shows_the_network(login):
    response = login("prov_coord").get(URL, {"year": "2548"})
    assert response.status_code == 200
    root = svg_of(response)
    assert root.get("role") == "group"  # it holds links: not an image
    assert root.find(f"{SVG}title").text == "แผนภาพเครือข่ายระดับจังหวัด ปี 2548"
    assert "16 ศูนย์" in root.find(f"{SVG}desc").text
    drawn = svg_text(root)
    for name in DISTRICT_NAMES:
        assert name in drawn
    assert "ชุมนุมสหกรณ์การเกษตรสงขลา จำกัด" in drawn
    for name, *_ in PROVINCIAL_MEMBERS:
        assert len(links_to(root, name)) == 1, name
    for label in LEGEND:
        assert label in drawn
    html = response.content.decode()
    for label in LEGEND:
        assert label in html
    # Every district center hangs on the provincial center, within the network.
    district_links = [
        link for link in links(root) if "ศูนย์ประสานงานเครือข่ายระดับอำเภอ" in link["title"]
    ]
    assert len([link for link in district_links if "ระดับจังหวัดสงขลา —" in link["title"]]) == 16
    # The applied shop cooperative is in progress, the others within the network.
    (shop,) = links_to(root, "สหกรณ์ร้านค้าชุมชนสะเดา จำกัด")
    assert shop["kind"] == "in_progress" and shop["dasharray"]
    (teachers,) = links_to(root, "สหกรณ์ออมทรัพย์ครูสงขลา จำกัด")
    assert teachers["kind"] == "within" and teachers["dasharray"] is None


def test_fertilizer_supplier_is_outside_the_province_in_a_year_with_rounds(login):
    client = login("prov_coord")
    root = svg_of(client.get(URL, {"year": "2548"}))
    (fertilizer,) = links_to(root, FERTILIZER_COMPANY)
    assert fertilizer["kind"] == "outside_province"
    assert fertilizer["dasharray"]
    assert "ปุ๋ยเคมีสูตร 15-15-15" in fertilizer["title"]
    # 2547: the fertilizer round and the rice round with the mill of a member cooperative.
    root = svg_of(client.get(URL, {"year": "2547"}))
    assert links_to(root, FERTILIZER_COMPANY)[0]["kind"] == "outside_province"
    assert links_to(root, "โรงสีข้าวสหกรณ์การเกษตรระโนด จำกัด")[0]["kind"] == "within"
    # A year without rounds: no partner at all.
    response = client.get(URL, {"year": "2560"})
    root = svg_of(response)
    assert links_to(root, FERTILIZER_COMPANY) == []
    assert FERTILIZER_COMPANY not in response.content.decode()


def test_province_links_carry_the_activities_of_the_district(login):
    client = login("prov_coord")
    root = svg_of(client.get(URL, {"year": "2548"}))
    (rattaphum,) = [
        link
        for link in links_to(root, "อำเภอรัตภูมิ")
        if link["title"].startswith("ศูนย์ประสานงานเครือข่ายองค์กรประชาชนระดับจังหวัด")
    ]
    assert "ปุ๋ยเคมีสูตร 15-15-15" in rattaphum["title"]
    assert "ประชุมประจำเดือน" not in rattaphum["title"]  # no meetings recorded in 2548
    (satun,) = [link for link in links_to(root, "อำเภอสทิงพระ")]
    assert "(" not in satun["title"].split(":")[-1]  # nothing done in 2548
    # 2569: Rattaphum's committee meets every month; Hat Yai submitted its fertilizer and
    # urea order in the open provincial round.
    root = svg_of(client.get(URL, {"year": "2569"}))
    (rattaphum,) = [
        link for link in links_to(root, "อำเภอรัตภูมิ") if "ระดับจังหวัดสงขลา —" in link["title"]
    ]
    assert "ประชุมประจำเดือน" in rattaphum["title"]
    (hatyai,) = [
        link for link in links_to(root, "อำเภอหาดใหญ่") if "ระดับจังหวัดสงขลา —" in link["title"]
    ]
    assert "ปุ๋ยยูเรีย 46-0-0" in hatyai["title"] and "ประชุมประจำเดือน" not in hatyai["title"]
    # The open round's supplier is a link in progress; Rattaphum's own acid round ties its
    # dealer to the Rattaphum center.
    (fertilizer,) = links_to(root, FERTILIZER_COMPANY)
    assert fertilizer["kind"] == "in_progress"
    (acid,) = links_to(root, ACID_DEALER)
    assert acid["title"].startswith("ศูนย์ประสานงานเครือข่ายระดับอำเภอรัตภูมิ —")


def test_rattaphum_view_shows_its_groups_by_status(login):
    response = login("rattaphum_coord").get(URL, {"district": "9009", "year": "2569"})
    assert response.status_code == 200
    root = svg_of(response)
    assert root.find(f"{SVG}title").text == "แผนภาพเครือข่ายอำเภอรัตภูมิ ปี 2569"
    drawn = svg_text(root)
    for name, _, status, *_ in RATTAPHUM_GROUPS:
        drawn_links = links_to(root, name)
        if status == MembershipStatus.LEFT:
            assert drawn_links == [], name
            continue
        (link,) = drawn_links
        if status == MembershipStatus.APPLIED:
            assert link["kind"] == "in_progress" and link["dasharray"], name
        else:
            assert link["kind"] == "within" and link["dasharray"] is None, name
    (applied,) = links_to(root, "สหกรณ์กองทุนสวนยางเขาพระพัฒนา จำกัด")
    assert applied["kind"] == "in_progress"
    for name, *_ in HATYAI_GROUPS:
        assert name not in response.content.decode()
    # The provincial center above, and the dealer of Rattaphum's own round.
    assert "ชุมนุมสหกรณ์การเกษตรสงขลา จำกัด" in drawn
    (acid,) = links_to(root, ACID_DEALER)
    assert acid["kind"] == "in_progress"  # the round is still open
    # Links are labelled with what the group did through the district that year.
    (chair_group,) = links_to(root, "สหกรณ์กองทุนสวนยางบ้านท่าชะมวง จำกัด")
    assert "ประชุมประจำเดือน" in chair_group["title"]
    linked = node_links(root)
    assert linked["สหกรณ์กองทุนสวนยางบ้านท่าชะมวง จำกัด (เป็นสมาชิก)"].startswith(
        "/network/organizations/"
    )


def test_rattaphum_view_in_2548_labels_groups_with_their_orders(login):
    root = svg_of(login("rattaphum_chair").get(URL, {"district": "9009", "year": "2548"}))
    (group,) = links_to(root, "กลุ่มผู้เลี้ยงโคพื้นเมืองรัตภูมิ")
    assert "ปุ๋ยเคมีสูตร 15-15-15" in group["title"]
    (applied,) = links_to(root, "กลุ่มปลูกผักปลอดสารพิษบ้านคูหาใต้")
    assert "ปุ๋ย" not in applied["title"]


def test_observer_sees_counts_not_group_names(login):
    response = login("observer").get(URL, {"year": "2548"})
    assert response.status_code == 200
    html = response.content.decode()
    for name, *_ in PROVINCIAL_MEMBERS + RATTAPHUM_GROUPS + HATYAI_GROUPS:
        assert name not in html, name
    root = svg_of(response)
    drawn = svg_text(root)
    assert "สหกรณ์ออมทรัพย์ 2 แห่ง" in drawn
    # The active shop cooperative, and apart the applied one, in progress.
    assert [link["kind"] for link in links_to(root, "สหกรณ์ร้านค้า 1 แห่ง")] == ["within"]
    (applied,) = links_to(root, "สหกรณ์ร้านค้าที่ยื่นใบสมัคร 1 แห่ง")
    assert applied["kind"] == "in_progress"
    for name in DISTRICT_NAMES:
        assert name in drawn
    # Centers the observer may open: the provincial one only; no organization pages.
    assert set(node_links(root).values()) == {"/network/"}


def test_links_only_to_pages_the_user_may_open(login):
    root = svg_of(login("hatyai_coord").get(URL))
    hrefs = set(node_links(root).values())
    assert "/network/districts/9011/" in hrefs
    assert "/network/districts/9009/" not in hrefs
    # Provincial members located in Hat Yai are within the coordinator's district.
    linked = {
        title.removesuffix(" (เป็นสมาชิก)")
        for title, href in node_links(root).items()
        if "/organizations/" in href
    }
    assert linked == {
        "สหกรณ์ออมทรัพย์พนักงานยางพาราสงขลา จำกัด",
        "สหกรณ์ร้านค้าชาวสวนยางหาดใหญ่ จำกัด",
    }
    root = svg_of(login("admin").get(URL))
    hrefs = set(node_links(root).values())
    assert "/network/districts/9009/" in hrefs
    assert sum(href.startswith("/network/organizations/") for href in hrefs) == 4


def test_the_list_under_the_map_repeats_the_links(login):
    response = login("prov_coord").get(URL, {"year": "2548"})
    html = response.content.decode()
    table = html[html.index("map-links-table") :]
    assert FERTILIZER_COMPANY in table
    assert "สหกรณ์ออมทรัพย์ครูสงขลา จำกัด" in table
    assert len(response.context["rows"]) == len(links(svg_of(response)))


@pytest.mark.parametrize("username", ["admin", "observer"])
def test_the_page_is_thai_only(login, username):
    from tests.test_thai_only import visible_words

    client = login(username)
    urls = [f"{URL}?year=2548", f"{URL}?year=2569"]
    if username == "admin":
        urls.append(f"{URL}?district=9009&year=2569")
    for url in urls:
        assert visible_words(client.get(url).content.decode()) == set(), url


def test_supporters_are_outside_links_in_their_year(client, demo):
    from django.contrib.auth.models import User

    client.force_login(User.objects.get(username="prov_coord"))
    page = client.get(URL + "?year=2548").content.decode()
    assert "องค์การบริหารส่วนจังหวัดสงขลา" in page
    assert "สนับสนุนงบประมาณสร้างโรงงาน" in page
    assert "องค์การบริหารส่วนจังหวัดสงขลา" not in client.get(URL + "?year=2569").content.decode()
    rattaphum = client.get(URL + "?district=9009&year=2548").content.decode()
    assert "ศูนย์ถ่ายทอดเทคโนโลยีผลิตภัณฑ์ยาง" in rattaphum


def test_survey_links_ride_on_the_group_line_and_reach_outside(login):
    root = svg_of(login("rattaphum_coord").get(URL, {"district": "9009", "year": "2569"}))
    # The rubber-fund cooperative sells its latex to the district center's host: the
    # activity is written on the line that already joins them (no second line).
    (group,) = links_to(root, THACHAMUANG)
    assert group["kind"] == "within" and "รับซื้อน้ำยางสด" in group["title"]
    (savings,) = links_to(root, "กลุ่มออมทรัพย์เพื่อการผลิตบ้านคูหาใต้")
    assert "ให้กู้ยืมเงินทุนหมุนเวียน" in savings["title"]
    # The host sells on to a private company: an outside link, dashed.
    (buyer,) = links_to(root, LATEX_BUYER)
    assert buyer["kind"] == "outside" and buyer["dasharray"]
    assert buyer["title"].startswith("ศูนย์ประสานงานเครือข่ายระดับอำเภอรัตภูมิ —")
    assert "ขายน้ำยางสดที่รวบรวมจากสมาชิก" in buyer["title"]


def test_a_groups_outside_and_provincial_partners_on_the_hat_yai_map(login):
    response = login("hatyai_coord").get(URL, {"district": "9011", "year": "2569"})
    root = svg_of(response)
    (bank,) = links_to(root, BAAC)
    assert bank["kind"] == "outside"
    assert bank["title"].startswith("กลุ่มออมทรัพย์เพื่อการผลิตบ้านคลองแห —")
    # A provincial member is within the network: its own node on the district's map.
    (deposit,) = links_to(root, "สหกรณ์ออมทรัพย์พนักงานยางพาราสงขลา จำกัด")
    assert deposit["kind"] == "within" and "ฝากเงินออมของกลุ่ม" in deposit["title"]
    (shop,) = links_to(root, "ร้านรุ่งเรืองการเกษตร หาดใหญ่")
    assert shop["kind"] == "outside" and "ซื้อปุ๋ยและสารเคมี" in shop["title"]
    rows = {row["target"].name: row for row in response.context["rows"]}
    assert rows[BAAC]["style"].label == "เชื่อมโยงภายนอกเครือข่าย"


def test_survey_links_show_from_the_year_of_the_survey(login):
    client = login("admin")
    before = client.get(URL, {"district": "9009", "year": "2546"}).content.decode()
    assert LATEX_BUYER not in before  # surveyed in มิ.ย. 2547
    for year in ("2547", "2548", "2569"):
        assert LATEX_BUYER in client.get(URL, {"district": "9009", "year": year}).content.decode()


def test_the_province_map_draws_the_hosts_survey_links(login):
    for username in ("prov_coord", "observer"):
        root = svg_of(login(username).get(URL, {"year": "2569"}))
        (buyer,) = links_to(root, LATEX_BUYER)
        assert buyer["kind"] == "outside"
        assert buyer["title"].startswith("ศูนย์ประสานงานเครือข่ายระดับอำเภอรัตภูมิ —")
        # A group's own links show on its district's map, not the province's.
        assert links_to(root, BAAC) == []
