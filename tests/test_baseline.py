"""The baseline profile of an organization (ระยะที่ 1): shown on the organization page,
edited on its own page, saved all together or not at all."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from demo.baseline import LATEX_BUYER
from members.baseline.models import BaselineProfile, LinkKind, OrganizationLink
from members.models import Organization
from songkhla_network import thai
from transactions.catalogue.models import Product, ProductInterest

from .factories import OrganizationFactory
from .test_thai_only import visible_words

THACHAMUANG = "สหกรณ์กองทุนสวนยางบ้านท่าชะมวง จำกัด"
RATTAPHUM_COOP = "สหกรณ์การเกษตรรัตภูมิ จำกัด"
CATTLE = "กลุ่มผู้เลี้ยงโคพื้นเมืองรัตภูมิ"  # no baseline data in the demo
KHUHATAI = "กลุ่มออมทรัพย์เพื่อการผลิตบ้านคูหาใต้"  # group_rep's group
FERTILIZER = "ปุ๋ยเคมีสูตร 15-15-15"
UREA = "ปุ๋ยยูเรีย 46-0-0"
FORMIC_ACID = "น้ำกรดฟอร์มิก"
CHALUNG = "กลุ่มแม่บ้านเกษตรกรบ้านฉลุง"  # a Hat Yai group
HATYAI_COOP = "สหกรณ์การเกษตรหาดใหญ่ จำกัด"  # the Hat Yai district center's host
RUBBER_TEACHERS = "สหกรณ์ออมทรัพย์พนักงานยางพาราสงขลา จำกัด"  # a provincial member in Hat Yai
THACHAMUANG_WOMEN = "กลุ่มแม่บ้านเกษตรกรบ้านท่าชะมวง"  # a Rattaphum group


def organization(name) -> Organization:
    return Organization.objects.get(name=name)


def profile_url(name) -> str:
    return reverse("organization_profile", args=[organization(name).public_id])


def form_data(client, url, **changes) -> dict:
    """The profile page's form as the browser would post it, with `changes` applied."""
    response = client.get(url)
    forms = [response.context["form"]]
    for formset in (response.context["interests"], response.context["links"]):
        forms += [formset.management_form, *formset.forms]
    data = {}
    for form in forms:
        for field in form:
            value = field.value()
            if isinstance(value, bool):
                if value:
                    data[field.html_name] = "on"
            elif isinstance(value, datetime.date):
                data[field.html_name] = thai.be_date(value, "numeric")
            elif value is not None:
                data[field.html_name] = str(value)
    data.update(changes)
    return data


# The organization page -----------------------------------------------------------------


def test_the_organization_page_shows_the_baseline(login):
    response = login("rattaphum_coord").get(organization(THACHAMUANG).get_absolute_url())
    html = response.content.decode()
    assert "ข้อมูลพื้นฐาน" in html
    assert "15 มิถุนายน 2547" in html  # surveyed on
    assert "3,450,000.00 บาท" in html
    assert "ยางแผ่นรมควัน น้ำยางสด" in html
    assert "6,000 ลิตร" in html and "40.00 ตัน" in html
    assert "สนใจซื้อร่วม" in html
    # The link to the Rattaphum cooperative, which the coordinator may open.
    host = organization(RATTAPHUM_COOP)
    assert f'<a href="{host.get_absolute_url()}">{RATTAPHUM_COOP}</a>' in html
    assert "ขายผลผลิตให้" in html and "น้ำยางสด" in html
    assert profile_url(THACHAMUANG) in html and "แก้ไขข้อมูลพื้นฐาน" in html


def test_the_host_shows_who_linked_to_it_and_its_outside_partner(login):
    html = login("prov_coord").get(organization(RATTAPHUM_COOP).get_absolute_url())
    html = html.content.decode()
    assert "องค์กรที่ระบุว่าเชื่อมโยงกับองค์กรนี้" in html
    assert THACHAMUANG in html and "ขายผลผลิตให้องค์กรนี้" in html
    assert LATEX_BUYER in html and "หน่วยงานภายนอก" in html


def test_who_sees_the_edit_link(login):
    url = organization(THACHAMUANG).get_absolute_url()
    chair = login("rattaphum_chair").get(url).content.decode()
    assert "ข้อมูลพื้นฐาน" in chair and "3,450,000.00 บาท" in chair
    assert profile_url(THACHAMUANG) not in chair
    partner = login("prov_marketing").get(url).content.decode()
    assert profile_url(THACHAMUANG) not in partner


def test_an_empty_state_says_what_to_record(login):
    html = login("rattaphum_coord").get(organization(CATTLE).get_absolute_url()).content.decode()
    assert "ยังไม่ได้บันทึกข้อมูลพื้นฐานขององค์กรนี้" in html
    assert "ทุนดำเนินงาน" in html and "การเชื่อมโยงกับองค์กรอื่น" in html
    assert profile_url(CATTLE) in html


def test_partners_the_viewer_may_not_see_are_counted_not_named(login):
    khlonghae = organization("กลุ่มออมทรัพย์เพื่อการผลิตบ้านคลองแห")  # a Hat Yai group
    saving_coop = organization(RUBBER_TEACHERS)  # a provincial member in Hat Yai
    group = organization(THACHAMUANG)
    for partner in (khlonghae, saving_coop):
        OrganizationLink.objects.create(
            organization=group, kind=LinkKind.OTHER, partner_organization=partner
        )
    OrganizationLink.objects.create(
        organization=group, kind=LinkKind.FINANCE, partner_organization=khlonghae
    )
    html = login("rattaphum_coord").get(group.get_absolute_url()).content.decode()
    assert khlonghae.name not in html  # 404 for them, so not named either
    assert "และอีก 1 องค์กรนอกขอบเขตของคุณ" in html  # two links, one organization
    # A provincial member is named wherever it is, but not linked to a page they may not open.
    assert saving_coop.name in html and saving_coop.get_absolute_url() not in html
    host = organization(RATTAPHUM_COOP)
    assert f'<a href="{host.get_absolute_url()}">{RATTAPHUM_COOP}</a>' in html
    html = login("admin").get(group.get_absolute_url()).content.decode()
    assert f'<a href="{khlonghae.get_absolute_url()}">{khlonghae.name}</a>' in html
    assert "นอกขอบเขตของคุณ" not in html


def test_the_hosts_page_does_not_name_another_districts_group_that_linked_to_it(login):
    chalung = organization(CHALUNG)  # a Hat Yai group
    host = organization(RATTAPHUM_COOP)
    OrganizationLink.objects.create(
        organization=chalung, kind=LinkKind.SELLS_TO, partner_organization=host
    )
    html = login("rattaphum_coord").get(host.get_absolute_url()).content.decode()
    assert CHALUNG not in html
    assert THACHAMUANG in html  # a Rattaphum group that linked to it
    assert "และอีก 1 องค์กรนอกขอบเขตของคุณ" in html
    assert (
        CHALUNG
        in login("hatyai_coord").get(organization(CHALUNG).get_absolute_url()).content.decode()
    )
    assert CHALUNG in login("prov_coord").get(host.get_absolute_url()).content.decode()


def test_only_hidden_partners_are_counted_without_and(login):
    cattle = organization(CATTLE)
    OrganizationLink.objects.create(
        organization=cattle, kind=LinkKind.OTHER, partner_organization=organization(CHALUNG)
    )
    html = login("rattaphum_coord").get(cattle.get_absolute_url()).content.decode()
    assert "1 องค์กรนอกขอบเขตของคุณ" in html and "และอีก" not in html
    assert CHALUNG not in html


@pytest.mark.parametrize(
    ("username", "named"),
    [
        # (Hat Yai group, Hat Yai host, provincial member, Rattaphum group, Rattaphum host)
        ("admin", [True, True, True, True, True]),
        ("prov_marketing", [True, True, True, True, True]),
        ("rattaphum_coord", [False, True, True, True, True]),
        ("rattaphum_chair", [False, True, True, True, True]),
        ("hatyai_coord", [True, True, True, False, True]),
        ("group_rep", [False, True, True, False, True]),
        ("observer", [False, False, False, False, False]),
    ],
)
def test_who_may_see_a_partner_named(demo, username, named):
    from django.contrib.auth.models import User

    from songkhla_network import access

    user = User.objects.get(username=username)
    names = [CHALUNG, HATYAI_COOP, RUBBER_TEACHERS, THACHAMUANG_WOMEN, RATTAPHUM_COOP]
    found = [access.visible_partner(user, organization(name)) for name in names]
    assert found == named
    # The annotation gives the same answer without a query per organization.
    annotated = Organization.objects.filter(name__in=names).annotate(anchor=access.anchor_exists())
    by_name = {o.name: access.visible_partner(user, o, anchor=o.anchor) for o in annotated}
    assert [by_name[name] for name in names] == named


def test_the_organization_page_runs_a_constant_number_of_queries(login):
    client = login("rattaphum_coord")
    group = organization(THACHAMUANG)
    url = group.get_absolute_url()
    client.get(url)

    def count():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    small = count()
    for index in range(12):
        partner = OrganizationFactory(district=group.district)
        OrganizationLink.objects.create(
            organization=group, kind=LinkKind.SELLS_TO, partner_organization=partner
        )
        OrganizationLink.objects.create(
            organization=partner, kind=LinkKind.BUYS_FROM, partner_organization=group
        )
        OrganizationLink.objects.create(
            organization=group, kind=LinkKind.FINANCE, partner_name=f"ธนาคาร {index}"
        )
        product = Product.objects.create(name=f"สินค้าทดสอบ {index}", unit="kg", category="inputs")
        ProductInterest.objects.create(organization=group, product=product, joint_sale=True)
    assert count() == small


# The profile page ----------------------------------------------------------------------


def test_the_coordinator_records_everything_at_once(login):
    client = login("rattaphum_coord")
    cattle = organization(CATTLE)
    url = profile_url(CATTLE)
    response = client.get(url)
    assert response.status_code == 200
    assert visible_words(response.content.decode()) == set()
    fertilizer = Product.objects.get(name=FERTILIZER)
    host = organization(RATTAPHUM_COOP)
    data = form_data(
        client,
        url,
        **{
            "profile-surveyed_on": "15/3/2569",
            "profile-member_count": "๔๘",
            "profile-capital": "๑,๒๕๐,๐๐๐.๕๐",
            "profile-main_products": "โคเนื้อ ปุ๋ยคอก",
            "profile-note": "ต้องการซื้ออาหารสัตว์ร่วมกัน",
            "interests-0-product": str(fertilizer.pk),
            "interests-0-joint_purchase": "on",
            "interests-0-quantity_per_year": "๑๒.๕",
            "links-0-kind": LinkKind.SELLS_TO,
            "links-0-partner_organization": str(host.pk),
            "links-0-description": "ปุ๋ยคอก",
            "links-1-kind": LinkKind.FINANCE,
            "links-1-partner_name": "ธ.ก.ส. สาขารัตภูมิ",
            "links-1-description": "เงินกู้ซื้อโค",
        },
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context and [
        response.context["form"].errors,
        response.context["interests"].errors,
        response.context["links"].errors,
    ]
    assert response["Location"].endswith("#baseline")
    cattle.refresh_from_db()
    assert cattle.member_count == 48
    profile = cattle.profile
    assert profile.surveyed_on == datetime.date(2026, 3, 15)
    assert profile.capital == Decimal("1250000.50")
    assert profile.main_products == "โคเนื้อ ปุ๋ยคอก"
    (interest,) = cattle.product_interests.all()
    assert interest.product == fertilizer and interest.joint_purchase and not interest.joint_sale
    assert interest.quantity_per_year == Decimal("12.5")
    links = {link.kind: link for link in cattle.links.all()}
    assert links[LinkKind.SELLS_TO].partner_organization == host
    assert links[LinkKind.FINANCE].partner_name == "ธ.ก.ส. สาขารัตภูมิ"
    # Every change is in the history, by the coordinator.
    assert cattle.history.first().history_user.username == "rattaphum_coord"
    assert profile.history.first().history_user.username == "rattaphum_coord"
    page = client.get(cattle.get_absolute_url()).content.decode()
    assert "1,250,000.50 บาท" in page and "12.50 ตัน" in page and "ธ.ก.ส. สาขารัตภูมิ" in page


def test_saving_again_unchanged_writes_no_history(login):
    client = login("rattaphum_coord")
    group = organization(THACHAMUANG)
    url = profile_url(THACHAMUANG)
    counts = (group.history.count(), group.profile.history.count())
    response = client.post(url, form_data(client, url))
    assert response.status_code == 302
    assert (group.history.count(), group.profile.history.count()) == counts


def test_one_bad_row_saves_nothing_and_says_why(login):
    client = login("rattaphum_coord")
    group = organization(THACHAMUANG)
    url = profile_url(THACHAMUANG)
    urea = Product.objects.get(name=UREA)
    acid = Product.objects.get(name=FORMIC_ACID)
    data = form_data(
        client,
        url,
        **{
            "profile-capital": "5,000,000",
            "profile-member_count": "200",
            # A product with neither box ticked, urea in half sacks, acid twice.
            "interests-2-product": str(urea.pk),
            "interests-2-quantity_per_year": "10.5",
            "interests-3-product": str(acid.pk),
            "interests-3-joint_purchase": "on",
            # A link naming both an organization and an outside name; one with neither.
            "links-1-kind": LinkKind.BUYS_FROM,
            "links-1-partner_organization": str(organization(RATTAPHUM_COOP).pk),
            "links-1-partner_name": "ร้านค้าเอกชน",
            "links-2-kind": LinkKind.OTHER,
            "links-2-description": "ไม่ระบุคู่",
        },
    )
    response = client.post(url, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "ยังไม่ได้บันทึก" in html
    for message in [
        "กรุณาเลือกอย่างน้อยหนึ่งอย่าง: สนใจซื้อร่วมหรือขายร่วม",
        "นับเป็นจำนวนเต็มกระสอบ",
        "น้ำกรดฟอร์มิก อยู่ในรายการแล้ว ใส่ได้ครั้งเดียว",
        "ให้เลือกอย่างใดอย่างหนึ่ง",
        "กรุณาเลือกองค์กรในระบบหรือพิมพ์ชื่อหน่วยงานภายนอก",
    ]:
        assert message in html, message
    group.refresh_from_db()
    assert group.member_count == 148
    assert group.profile.capital == Decimal("3450000")
    assert group.product_interests.count() == 2
    assert group.links.count() == 1


def test_partners_are_a_short_list(login):
    client = login("rattaphum_coord")
    response = client.get(profile_url(THACHAMUANG))
    field = response.context["links"].forms[-1].fields["partner_organization"]
    names = {label for _, group in field.choices[1:] for _, label in group}
    assert RATTAPHUM_COOP in names  # same district
    assert "กลุ่มแม่บ้านเกษตรกรบ้านท่าชะมวง" in names
    assert "สหกรณ์ออมทรัพย์ครูสงขลา จำกัด (อำเภอเมืองสงขลา)" in names  # provincial member
    assert "สหกรณ์การเกษตรหาดใหญ่ จำกัด (อำเภอหาดใหญ่)" in names  # a center's host
    assert not any("ฉลุง" in name for name in names)  # a Hat Yai group
    assert THACHAMUANG not in names  # not itself
    # A posted organization outside the list is refused.
    chalung = organization("กลุ่มแม่บ้านเกษตรกรบ้านฉลุง")
    data = form_data(
        client,
        profile_url(THACHAMUANG),
        **{"links-1-kind": LinkKind.OTHER, "links-1-partner_organization": str(chalung.pk)},
    )
    response = client.post(profile_url(THACHAMUANG), data)
    assert response.status_code == 200
    assert not OrganizationLink.objects.filter(partner_organization=chalung).exists()


def partner_names(response) -> dict[str, set[str]]:
    """The partner dropdown of the profile page: group label -> option labels."""
    field = response.context["links"].forms[-1].fields["partner_organization"]
    return {group: {label for _, label in options} for group, options in field.choices[1:]}


def test_the_representative_is_offered_only_what_they_may_see(login):
    client = login("group_rep")
    groups = partner_names(client.get(profile_url(KHUHATAI)))
    names = set().union(*groups.values())
    # Their own district's other groups are 404 for them: not offered.
    assert THACHAMUANG_WOMEN not in names and THACHAMUANG not in names
    assert not any("ฉลุง" in name for name in names)
    assert KHUHATAI not in names  # not itself
    # The centers' hosts and the provincial members are.
    assert RATTAPHUM_COOP in groups["ในอำเภอรัตภูมิ"]
    assert f"{HATYAI_COOP} (อำเภอหาดใหญ่)" in names
    assert f"{RUBBER_TEACHERS} (อำเภอหาดใหญ่)" in names
    # Posting a group they may not see is refused.
    data = form_data(
        client,
        profile_url(KHUHATAI),
        **{
            "links-1-kind": LinkKind.OTHER,
            "links-1-partner_organization": str(organization(THACHAMUANG_WOMEN).pk),
        },
    )
    response = client.post(profile_url(KHUHATAI), data)
    assert response.status_code == 200
    assert response.context["links"].forms[1].errors["partner_organization"]
    assert not organization(KHUHATAI).links.filter(partner_organization__name=THACHAMUANG_WOMEN)


def test_the_coordinator_is_offered_the_district_and_the_network_anchors(login):
    groups = partner_names(login("rattaphum_coord").get(profile_url(CATTLE)))
    local = groups["ในอำเภอรัตภูมิ"]
    assert {RATTAPHUM_COOP, THACHAMUANG_WOMEN, THACHAMUANG, KHUHATAI} <= local
    others = groups["ศูนย์ประสานงานและสมาชิกระดับจังหวัด"]
    assert f"{HATYAI_COOP} (อำเภอหาดใหญ่)" in others
    assert f"{RUBBER_TEACHERS} (อำเภอหาดใหญ่)" in others
    assert not any(CHALUNG in name for name in set().union(*groups.values()))


def test_a_partner_recorded_earlier_stays_unnamed_for_who_may_not_see_it(login):
    khuhatai = organization(KHUHATAI)
    women = organization(THACHAMUANG_WOMEN)
    OrganizationLink.objects.create(
        organization=khuhatai, kind=LinkKind.BUYS_FROM, partner_organization=women
    )
    client = login("group_rep")
    url = profile_url(KHUHATAI)
    response = client.get(url)
    html = response.content.decode()
    assert THACHAMUANG_WOMEN not in html
    assert "องค์กรนอกขอบเขตของคุณ" in partner_names(response)["ที่บันทึกไว้เดิม"]
    assert "ซื้อสินค้าหรือปัจจัยการผลิตจาก องค์กรนอกขอบเขตของคุณ" in html  # the row's legend
    assert visible_words(html) == set()
    # Saving the page keeps the link as it was.
    assert client.post(url, form_data(client, url)).status_code == 302
    assert khuhatai.links.filter(partner_organization=women).exists()
    # The coordinator may open that group: named.
    page = login("rattaphum_coord").get(url)
    assert THACHAMUANG_WOMEN in partner_names(page)["ในอำเภอรัตภูมิ"]


def test_hidden_partners_keep_the_number_of_queries(login):
    client = login("rattaphum_coord")
    group = organization(THACHAMUANG)
    url = group.get_absolute_url()
    client.get(url)

    def count(address):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(address).status_code == 200
        return len(captured)

    small, small_profile = count(url), count(profile_url(THACHAMUANG))
    for _ in range(8):
        stranger = OrganizationFactory(district=organization(CHALUNG).district)
        OrganizationLink.objects.create(
            organization=group, kind=LinkKind.OTHER, partner_organization=stranger
        )
        OrganizationLink.objects.create(
            organization=stranger, kind=LinkKind.SELLS_TO, partner_organization=group
        )
    html = client.get(url).content.decode()
    assert html.count("8 องค์กรนอกขอบเขตของคุณ") == 2  # links from and to it
    assert count(url) == small
    assert count(profile_url(THACHAMUANG)) == small_profile


def test_swapping_two_products_saves_nothing(login):
    client = login("rattaphum_coord")
    group = organization(THACHAMUANG)
    url = profile_url(THACHAMUANG)
    first, second = (form.instance for form in client.get(url).context["interests"].forms[:2])
    data = form_data(
        client,
        url,
        **{
            "interests-0-product": str(second.product_id),
            "interests-1-product": str(first.product_id),
            "profile-capital": "9,999",
        },
    )
    response = client.post(url, data, follow=True)
    assert "สินค้าซ้ำกับรายการที่บันทึกไว้แล้ว" in response.content.decode()
    assert {(i.pk, i.product_id) for i in group.product_interests.all()} == {
        (first.pk, first.product_id),
        (second.pk, second.product_id),
    }
    assert organization(THACHAMUANG).profile.capital == Decimal("3450000")


def test_removing_an_interest_and_a_link(login):
    client = login("rattaphum_coord")
    group = organization(THACHAMUANG)
    url = profile_url(THACHAMUANG)
    data = form_data(client, url, **{"interests-0-DELETE": "on", "links-0-DELETE": "on"})
    assert client.post(url, data).status_code == 302
    assert group.product_interests.count() == 1
    assert group.links.count() == 0


def test_the_representative_edits_their_own_group(login):
    client = login("group_rep")
    url = profile_url(KHUHATAI)
    data = form_data(client, url, **{"profile-capital": "1,900,000"})
    assert client.post(url, data).status_code == 302
    assert organization(KHUHATAI).profile.capital == Decimal("1900000")


@pytest.mark.parametrize(("username", "status"), [("rattaphum_chair", 403), ("hatyai_coord", 404)])
def test_others_cannot_change_it(login, username, status):
    client = login(username)
    url = profile_url(THACHAMUANG)
    response = client.post(url, {"profile-capital": "1", "profile-surveyed_on": "1/1/2569"})
    assert response.status_code == status
    assert organization(THACHAMUANG).profile.capital == Decimal("3450000")
    if status == 403:
        assert "ไม่มีสิทธิ์แก้ไขข้อมูลพื้นฐานขององค์กรนี้" in response.content.decode()


def test_a_first_profile_is_created_with_todays_survey_date(login):
    client = login("admin")
    url = profile_url(CATTLE)
    data = form_data(client, url)
    assert client.post(url, data).status_code == 302
    profile = BaselineProfile.objects.get(organization__name=CATTLE)
    assert profile.surveyed_on == timezone.localdate()
