"""What a signed-in user sees on the network pages."""

import re

from django.urls import reverse

from ..factories import provincial_center


def text_of(response) -> str:
    """The page's visible text, tags removed, white space folded."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_it_requires_login(client, demo):
    response = client.get("/network/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_login_page_is_thai(client, demo):
    response = client.get(reverse("login"))
    text = text_of(response)
    assert "เข้าสู่ระบบ" in text and "ชื่อผู้ใช้" in text and "รหัสผ่าน" in text


def test_wrong_password_gets_a_thai_message(client, demo):
    response = client.post(reverse("login"), {"username": "admin", "password": "nope"})
    assert "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง" in text_of(response)


def test_network_page_shows_the_provincial_center_and_16_districts(login):
    response = login("observer").get("/network/")
    text = text_of(response)
    assert "ศูนย์ประสานงานเครือข่ายองค์กรประชาชนระดับจังหวัดสงขลา" in text
    assert "ชุมนุมสหกรณ์การเกษตรสงขลา จำกัด" in text
    centers = response.context["district_centers"]
    assert [c.district.code for c in centers] == [f"90{n:02d}" for n in range(1, 17)]
    rattaphum = next(c for c in centers if c.district.code == "9009")
    counts = {item.label: item.count for item in rattaphum.kind_counts}
    # Demo Rattaphum: 2 active rubber-fund coops (one applied), 3 savings groups (one of
    # them suspended, still a member), 2 housewife groups (one left), 1 other group (one
    # applied). The same count as the monthly report's "สมาชิก ณ สิ้นเดือน".
    assert counts == {
        "สหกรณ์กองทุนสวนยาง": 2,
        "กลุ่มออมทรัพย์เพื่อการผลิต": 3,
        "กลุ่มแม่บ้านเกษตรกร": 2,
        "กลุ่มอื่น ๆ": 1,
        "สหกรณ์การเกษตร": 0,
    }
    assert rattaphum.active_total == 8
    # Committees and provincial-level members.
    assert "คณะอนุกรรมการฝ่ายการตลาด" in text
    assert "สหกรณ์ออมทรัพย์ครูสงขลา จำกัด" in text
    assert "ยื่นใบสมัคร" in text  # the shop cooperative that applied


def test_an_ended_term_is_not_listed_on_the_committee(login):
    response = login("prov_marketing").get("/network/")
    seated = [
        seat.person.full_name
        for committee in response.context["committees"]
        for seat in committee.current_members
    ]
    assert "นายประเสริฐ รัตนพันธ์" in seated
    assert "นายเจริญ ศักดิ์สิทธิ์" not in seated  # chair of the previous term


def test_district_center_page(login):
    response = login("rattaphum_coord").get("/network/districts/9009/")
    text = text_of(response)
    assert "ศูนย์ประสานงานเครือข่ายระดับอำเภอรัตภูมิ" in text
    assert "สหกรณ์การเกษตรรัตภูมิ จำกัด" in text
    assert "ประธาน นายบุญเลิศ ชูช่วย" in text
    assert "1 ม.ค. 2568 – 31 ธ.ค. 2570" in text  # terms in the Buddhist Era
    assert "สหกรณ์กองทุนสวนยางบ้านท่าชะมวง จำกัด" in text
    assert "พักสมาชิกภาพ" in text and "พ้นสมาชิกภาพ" in text
    assert "กลุ่มแม่บ้านเกษตรกรบ้านฉลุง" not in text  # a Hat Yai group


def test_unknown_district_is_404(login):
    assert login("admin").get("/network/districts/9099/").status_code == 404


def test_district_center_without_members_says_what_to_do(login):
    text = text_of(login("admin").get("/network/districts/9002/"))
    assert "ยังไม่มีกลุ่มสมาชิกในศูนย์นี้" in text
    assert "ยังไม่ได้ตั้งคณะกรรมการของศูนย์นี้" in text


def test_organization_page(login):
    client = login("prov_coord")
    rattaphum = provincial_center().district_centers.get(district__code="9009")
    response = client.get(rattaphum.host.get_absolute_url())
    text = text_of(response)
    assert "สหกรณ์การเกษตรรัตภูมิ จำกัด" in text
    assert "เป็นที่ตั้งของ ศูนย์ประสานงานเครือข่ายระดับอำเภอรัตภูมิ" in text
    assert "ศูนย์ประสานงานเครือข่ายองค์กรประชาชนระดับจังหวัดสงขลา" in text  # its membership
    assert "31 พ.ค. 2547" in text


def test_organization_page_unknown_is_404(login):
    response = login("admin").get("/network/organizations/00000000-0000-0000-0000-000000000000/")
    assert response.status_code == 404


def test_organization_page_lists_only_running_committee_roles(login):
    text = text_of(login("prov_marketing").get(provincial_center().host.get_absolute_url()))
    assert (
        "นายประเสริฐ รัตนพันธ์ · โทร. 0xx-xxx-xx01 — ประธาน คณะกรรมการศูนย์ประสานงานเครือข่ายระดับจังหวัด"
        in text
    )
    assert "(วาระ 1 ม.ค. 2568 – 31 ธ.ค. 2570)" in text
    assert (
        "นายเจริญ ศักดิ์สิทธิ์ · โทร. 0xx-xxx-xx06 ประวัติการแก้ไข" in text
    )  # no role listed  # chair of the ended term: no role shown


def test_district_members_are_listed_by_kind_in_the_domains_order(login):
    response = login("rattaphum_chair").get("/network/districts/9009/")
    open_kinds = [m.organization.kind for m in response.context["memberships"] if m.is_open]
    order = ["rubber_fund_coop", "savings_group", "housewife_group", "other_group"]
    assert open_kinds == sorted(open_kinds, key=order.index)


def test_logout_by_link_gets_a_thai_page_and_post_signs_out(login):
    client = login("observer")
    page = client.get(reverse("logout"))
    assert page.status_code == 200
    assert "ต้องการออกจากระบบใช่หรือไม่" in text_of(page)
    assert client.post(reverse("logout")).status_code == 302
    assert client.get("/network/").status_code == 302  # signed out


def test_planning_records_and_supporters_show_on_the_center_pages(client, demo):
    from django.contrib.auth.models import User

    client.force_login(User.objects.get(username="rattaphum_coord"))
    district = client.get("/network/districts/9009/").content.decode()
    assert "แผนและการวิเคราะห์ของศูนย์" in district
    assert "ซื้อน้ำกรดร่วมกันและรวบรวมน้ำยางขายร่วมกัน" in district  # a strategy
    assert "จุดอ่อน" in district and "15 มี.ค. 2548" in district
    assert "ศูนย์ถ่ายทอดเทคโนโลยีผลิตภัณฑ์ยาง" in district
    client.force_login(User.objects.get(username="observer"))
    province = client.get("/network/").content.decode()
    assert "องค์การบริหารส่วนจังหวัดสงขลา" in province and "4,000,000.00 บาท" in province
