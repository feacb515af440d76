import pytest
from django.urls import reverse

from tests.centers.test_network_pages import text_of

URL = reverse("organization_list")


def names(response) -> list[str]:
    return [organization.name for organization in response.context["page"].object_list]


def test_it_lists_every_organization_with_its_status(login):
    response = login("prov_coord").get(URL)
    text = text_of(response)
    assert "พบ 41 องค์กร" in text  # 1 federation, 16 district hosts, 4 provincial, 20 groups
    assert "สหกรณ์กองทุนสวนยางบ้านท่าชะมวง จำกัด" in text


@pytest.mark.parametrize(
    ("query", "present", "absent"),
    [
        ({"district": "9011"}, "กลุ่มแม่บ้านเกษตรกรบ้านฉลุง", "กลุ่มแม่บ้านเกษตรกรบ้านท่าชะมวง"),
        ({"kind": "shop_coop"}, "สหกรณ์ร้านค้าชุมชนสะเดา จำกัด", "สหกรณ์ออมทรัพย์ครูสงขลา จำกัด"),
        ({"status": "suspended"}, "กลุ่มออมทรัพย์เพื่อการผลิตบ้านทุ่งโพธิ์", "กลุ่มแม่บ้านเกษตรกรบ้านฉลุง"),
        ({"status": "none"}, "ชุมนุมสหกรณ์การเกษตรสงขลา จำกัด", "สหกรณ์การเกษตรรัตภูมิ จำกัด"),
        ({"q": "ควนรู"}, "กลุ่มแม่บ้านเกษตรกรบ้านควนรู", "กลุ่มแม่บ้านเกษตรกรบ้านฉลุง"),
        ({"q": "สข.0921"}, "สหกรณ์กองทุนสวนยางบ้านท่าชะมวง จำกัด", "สหกรณ์กองทุนสวนยางบ้านควนรู จำกัด"),
    ],
)
def test_filters_narrow_the_list(login, query, present, absent):
    response = login("admin").get(URL, query)
    assert present in names(response)
    assert absent not in names(response)


def test_filters_combine(login):
    response = login("admin").get(
        URL, {"district": "9009", "kind": "housewife_group", "status": "active"}
    )
    assert names(response) == ["กลุ่มแม่บ้านเกษตรกรบ้านควนรู", "กลุ่มแม่บ้านเกษตรกรบ้านท่าชะมวง"]


def test_the_filter_state_is_kept_in_the_form(login):
    response = login("admin").get(URL, {"district": "9011", "q": "บ้าน"})
    html = response.content.decode()
    assert '<option value="9011" selected>' in html
    assert 'value="บ้าน"' in html


def test_htmx_request_gets_only_the_results_fragment(login):
    response = login("admin").get(URL, {"district": "9011"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="org-results"')
    assert "<html" not in html and "<form" not in html
    assert "กลุ่มแม่บ้านเกษตรกรบ้านฉลุง" in html
    assert "HX-Request" in response["Vary"]


def test_full_page_without_htmx(login):
    response = login("admin").get(URL, {"district": "9011"})
    html = response.content.decode()
    assert "<html" in html and 'id="org-results"' in html and "<form" in html
    assert "HX-Request" in response["Vary"]


def test_no_match_says_what_to_do(login):
    text = text_of(login("admin").get(URL, {"q": "ไม่มีองค์กรนี้แน่นอน"}))
    assert "พบ 0 องค์กร" in text
    assert "ไม่พบองค์กรที่ตรงกับตัวกรอง" in text


def test_bad_filter_values_do_not_break_the_page(login):
    response = login("admin").get(URL, {"district": "12345", "kind": "x"})
    assert response.status_code == 200
    assert "ตัวกรองบางค่าไม่ถูกต้อง" in text_of(response)


def test_pages_keep_the_filters(login):
    from ..factories import OrganizationFactory, district

    OrganizationFactory.create_batch(60, district=district("9016"))
    client = login("admin")
    first = client.get(URL, {"district": "9016"})
    assert "หน้า 1 จาก 2" in text_of(first)
    assert "district=9016&amp;page=2" in first.content.decode()
    second = client.get(URL, {"district": "9016", "page": "2"})
    assert len(names(second)) == 11  # 60 groups + the district's host cooperative


def test_a_bad_filter_value_keeps_the_other_filters(login):
    response = login("admin").get(URL, {"kind": "shop_coop", "district": "bogus"})
    assert set(names(response)) == {"สหกรณ์ร้านค้าชาวสวนยางหาดใหญ่ จำกัด", "สหกรณ์ร้านค้าชุมชนสะเดา จำกัด"}
    assert "ตัวกรองบางค่าไม่ถูกต้อง" in text_of(response)
