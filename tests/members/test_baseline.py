"""The baseline profile of an organization (ระยะที่ 1): shown on the organization page,
edited on its own page, saved all together or not at all."""

import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from members.baseline.models import BaselineProfile, LinkKind, OrganizationLink
from members.models import Organization, OrganizationKind
from songkhla_network import thai
from tests.test_thai_only import visible_words
from transactions.catalogue.models import Product, ProductInterest

from ..factories import (
    BaselineProfileFactory,
    CommitteeFactory,
    DistrictCenterFactory,
    MembershipFactory,
    OrganizationFactory,
    OrganizationLinkFactory,
    ProductFactory,
    UserFactory,
    admin_user,
    chair_user,
    province,
    representative_user,
    seat_user,
    staff_user,
)

pytestmark = pytest.mark.django_db

LATEX_BUYER = "บริษัท ยางไทยปักษ์ใต้ จำกัด"


def member(center, name, kind=OrganizationKind.SAVINGS_GROUP, **fields) -> Organization:
    return MembershipFactory(
        center=center,
        organization__name=name,
        organization__kind=kind,
        **{f"organization__{k}": v for k, v in fields.items()},
    ).organization


def build_network():
    """Two district centers ("Rattaphum", "Hat Yai") with their groups, two provincial
    members, the baseline of a rubber fund cooperative (a profile, two products it would
    buy together, its sale to the center's host, which sells to an outside buyer), and
    the users of each role."""
    rattaphum, hatyai = DistrictCenterFactory(), DistrictCenterFactory()
    net = SimpleNamespace(rattaphum=rattaphum, hatyai=hatyai, host=rattaphum.host)
    net.thachamuang = member(
        rattaphum,
        "สหกรณ์กองทุนสวนยางบ้านท่าชะมวงทดสอบ จำกัด",
        OrganizationKind.RUBBER_FUND_COOP,
        member_count=148,
    )
    net.khuhatai = member(rattaphum, "กลุ่มออมทรัพย์เพื่อการผลิตบ้านคูหาใต้ทดสอบ")
    net.women = member(
        rattaphum, "กลุ่มแม่บ้านเกษตรกรบ้านท่าชะมวงทดสอบ", OrganizationKind.HOUSEWIFE_GROUP
    )
    net.cattle = member(rattaphum, "กลุ่มผู้เลี้ยงโคพื้นเมืองทดสอบ", OrganizationKind.OTHER_GROUP)
    net.chalung = member(hatyai, "กลุ่มแม่บ้านเกษตรกรบ้านฉลุงทดสอบ", OrganizationKind.HOUSEWIFE_GROUP)
    net.khlonghae = member(hatyai, "กลุ่มออมทรัพย์เพื่อการผลิตบ้านคลองแหทดสอบ")
    net.rubber_teachers = member(  # a provincial member in Hat Yai
        province(),
        "สหกรณ์ออมทรัพย์พนักงานยางพาราทดสอบ จำกัด",
        OrganizationKind.SAVINGS_COOP,
        district=hatyai.district,
    )
    net.teachers = member(  # a provincial member in the province's own district
        province(), "สหกรณ์ออมทรัพย์ครูทดสอบ จำกัด", OrganizationKind.SAVINGS_COOP
    )
    net.fertilizer = ProductFactory(name="ปุ๋ยเคมีสูตรทดสอบ 15-15-15", unit="ton")
    net.urea = ProductFactory(name="ปุ๋ยยูเรียทดสอบ 46-0-0", unit="sack", decimal_places=0)
    net.acid = ProductFactory(name="น้ำกรดฟอร์มิกทดสอบ", unit="litre", decimal_places=0)
    BaselineProfileFactory(
        organization=net.thachamuang,
        surveyed_on=datetime.date(2004, 6, 15),
        capital=Decimal("3450000"),
        main_products="ยางแผ่นรมควัน น้ำยางสด",
    )
    for product, quantity in ((net.acid, "6000"), (net.fertilizer, "40")):
        ProductInterest.objects.create(
            organization=net.thachamuang,
            product=product,
            joint_purchase=True,
            quantity_per_year=Decimal(quantity),
        )
    OrganizationLinkFactory(
        organization=net.thachamuang,
        kind=LinkKind.SELLS_TO,
        partner_organization=net.host,
        description="น้ำยางสด",
    )
    OrganizationLinkFactory(
        organization=net.host,
        kind=LinkKind.SELLS_TO,
        partner_organization=None,
        partner_name=LATEX_BUYER,
        description="น้ำยางสดที่รวบรวมจากสมาชิก",
    )
    BaselineProfileFactory(organization=net.khuhatai, capital=Decimal("1820000"))
    marketing = province().committees.filter(kind="marketing").first() or CommitteeFactory(
        center=province(), kind="marketing"
    )
    net.admin = admin_user()
    net.prov_coord = staff_user(province())
    net.prov_marketing = seat_user(marketing, "member")
    net.coordinator = staff_user(rattaphum)
    net.chair = chair_user(rattaphum)
    net.hatyai_coord = staff_user(hatyai)
    net.group_rep = representative_user(net.khuhatai)
    net.observer = UserFactory()
    return net


@pytest.fixture
def net():
    return build_network()


@pytest.fixture
def as_user(client):
    """as_user(user) signs the test client in as `user`."""

    def _as(user):
        client.force_login(user)
        return client

    return _as


def own_district(net) -> str:
    """The partner list's group of the coordinator's own district."""
    return f"ในอำเภอ{net.rattaphum.district.name}"


def with_district(organization) -> str:
    """An organization as the partner list names one of another district."""
    return f"{organization.name} (อำเภอ{organization.district.name})"


def fresh(organization) -> Organization:
    """The organization as the database has it now."""
    return Organization.objects.get(pk=organization.pk)


def profile_url(organization) -> str:
    return reverse("organization_profile", args=[organization.public_id])


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


def test_the_organization_page_shows_the_baseline(net, as_user):
    response = as_user(net.coordinator).get(net.thachamuang.get_absolute_url())
    html = response.content.decode()
    assert "ข้อมูลพื้นฐาน" in html
    assert "15 มิถุนายน 2547" in html  # surveyed on
    assert "3,450,000.00 บาท" in html
    assert "ยางแผ่นรมควัน น้ำยางสด" in html
    assert "6,000 ลิตร" in html and "40.00 ตัน" in html
    assert "สนใจซื้อร่วม" in html
    # The link to the Rattaphum cooperative, which the coordinator may open.
    host = net.host
    assert f'<a href="{host.get_absolute_url()}">{net.host.name}</a>' in html
    assert "ขายผลผลิตให้" in html and "น้ำยางสด" in html
    assert profile_url(net.thachamuang) in html and "แก้ไขข้อมูลพื้นฐาน" in html


def test_the_host_shows_who_linked_to_it_and_its_outside_partner(net, as_user):
    html = as_user(net.prov_coord).get(net.host.get_absolute_url())
    html = html.content.decode()
    assert "องค์กรที่ระบุว่าเชื่อมโยงกับองค์กรนี้" in html
    assert net.thachamuang.name in html and "ขายผลผลิตให้องค์กรนี้" in html
    assert LATEX_BUYER in html and "หน่วยงานภายนอก" in html


def test_who_sees_the_edit_link(net, as_user):
    url = net.thachamuang.get_absolute_url()
    chair = as_user(net.chair).get(url).content.decode()
    assert "ข้อมูลพื้นฐาน" in chair and "3,450,000.00 บาท" in chair
    assert profile_url(net.thachamuang) not in chair
    partner = as_user(net.prov_marketing).get(url).content.decode()
    assert profile_url(net.thachamuang) not in partner


def test_an_empty_state_says_what_to_record(net, as_user):
    html = as_user(net.coordinator).get(net.cattle.get_absolute_url()).content.decode()
    assert "ยังไม่ได้บันทึกข้อมูลพื้นฐานขององค์กรนี้" in html
    assert "ทุนดำเนินงาน" in html and "การเชื่อมโยงกับองค์กรอื่น" in html
    assert profile_url(net.cattle) in html


def test_partners_the_viewer_may_not_see_are_counted_not_named(net, as_user):
    khlonghae = net.khlonghae  # a Hat Yai group
    saving_coop = net.rubber_teachers  # a provincial member in Hat Yai
    group = net.thachamuang
    for partner in (khlonghae, saving_coop):
        OrganizationLink.objects.create(
            organization=group, kind=LinkKind.OTHER, partner_organization=partner
        )
    OrganizationLink.objects.create(
        organization=group, kind=LinkKind.FINANCE, partner_organization=khlonghae
    )
    html = as_user(net.coordinator).get(group.get_absolute_url()).content.decode()
    assert khlonghae.name not in html  # 404 for them, so not named either
    assert "และอีก 1 องค์กรนอกขอบเขตของคุณ" in html  # two links, one organization
    # A provincial member is named wherever it is, but not linked to a page they may not open.
    assert saving_coop.name in html and saving_coop.get_absolute_url() not in html
    host = net.host
    assert f'<a href="{host.get_absolute_url()}">{net.host.name}</a>' in html
    html = as_user(net.admin).get(group.get_absolute_url()).content.decode()
    assert f'<a href="{khlonghae.get_absolute_url()}">{khlonghae.name}</a>' in html
    assert "นอกขอบเขตของคุณ" not in html


def test_the_hosts_page_does_not_name_another_districts_group_that_linked_to_it(net, as_user):
    chalung = net.chalung  # a Hat Yai group
    host = net.host
    OrganizationLink.objects.create(
        organization=chalung, kind=LinkKind.SELLS_TO, partner_organization=host
    )
    html = as_user(net.coordinator).get(host.get_absolute_url()).content.decode()
    assert net.chalung.name not in html
    assert net.thachamuang.name in html  # a Rattaphum group that linked to it
    assert "และอีก 1 องค์กรนอกขอบเขตของคุณ" in html
    assert (
        net.chalung.name
        in as_user(net.hatyai_coord).get(net.chalung.get_absolute_url()).content.decode()
    )
    assert net.chalung.name in as_user(net.prov_coord).get(host.get_absolute_url()).content.decode()


def test_only_hidden_partners_are_counted_without_and(net, as_user):
    cattle = net.cattle
    OrganizationLink.objects.create(
        organization=cattle, kind=LinkKind.OTHER, partner_organization=net.chalung
    )
    html = as_user(net.coordinator).get(cattle.get_absolute_url()).content.decode()
    assert "1 องค์กรนอกขอบเขตของคุณ" in html and "และอีก" not in html
    assert net.chalung.name not in html


@pytest.mark.parametrize(
    ("username", "named"),
    [
        # (Hat Yai group, Hat Yai host, provincial member, Rattaphum group, Rattaphum host)
        ("admin", [True, True, True, True, True]),
        ("prov_marketing", [True, True, True, True, True]),
        ("coordinator", [False, True, True, True, True]),
        ("chair", [False, True, True, True, True]),
        ("hatyai_coord", [True, True, True, False, True]),
        ("group_rep", [False, True, True, False, True]),
        ("observer", [False, False, False, False, False]),
    ],
)
def test_who_may_see_a_partner_named(net, username, named):
    from members.baseline.policy import anchor_exists, may_see_partner

    user = getattr(net, username)
    partners = [net.chalung, net.hatyai.host, net.rubber_teachers, net.women, net.host]
    names = [partner.name for partner in partners]
    found = [may_see_partner(user, partner) for partner in partners]
    assert found == named
    # The annotation gives the same answer without a query per organization.
    annotated = Organization.objects.filter(name__in=names).annotate(anchor=anchor_exists())
    by_name = {o.name: may_see_partner(user, o, anchor=o.anchor) for o in annotated}
    assert [by_name[name] for name in names] == named


def test_the_organization_page_runs_a_constant_number_of_queries(net, as_user):
    client = as_user(net.coordinator)
    group = net.thachamuang
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


def test_the_coordinator_records_everything_at_once(net, as_user):
    client = as_user(net.coordinator)
    cattle = net.cattle
    url = profile_url(net.cattle)
    response = client.get(url)
    assert response.status_code == 200
    assert visible_words(response.content.decode()) == set()
    fertilizer = net.fertilizer
    host = net.host
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
    assert cattle.history.first().history_user == net.coordinator
    assert profile.history.first().history_user == net.coordinator
    page = client.get(cattle.get_absolute_url()).content.decode()
    assert "1,250,000.50 บาท" in page and "12.50 ตัน" in page and "ธ.ก.ส. สาขารัตภูมิ" in page


def test_saving_again_unchanged_writes_no_history(net, as_user):
    client = as_user(net.coordinator)
    group = net.thachamuang
    url = profile_url(net.thachamuang)
    counts = (group.history.count(), group.profile.history.count())
    response = client.post(url, form_data(client, url))
    assert response.status_code == 302
    assert (group.history.count(), group.profile.history.count()) == counts


def test_one_bad_row_saves_nothing_and_says_why(net, as_user):
    client = as_user(net.coordinator)
    group = net.thachamuang
    url = profile_url(net.thachamuang)
    urea = net.urea
    acid = net.acid
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
            "links-1-partner_organization": str(net.host.pk),
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
        f"{net.acid.name} อยู่ในรายการแล้ว ใส่ได้ครั้งเดียว",
        "ให้เลือกอย่างใดอย่างหนึ่ง",
        "กรุณาเลือกองค์กรในระบบหรือพิมพ์ชื่อหน่วยงานภายนอก",
    ]:
        assert message in html, message
    group.refresh_from_db()
    assert group.member_count == 148
    assert group.profile.capital == Decimal("3450000")
    assert group.product_interests.count() == 2
    assert group.links.count() == 1


def test_partners_are_a_short_list(net, as_user):
    client = as_user(net.coordinator)
    response = client.get(profile_url(net.thachamuang))
    field = response.context["links"].forms[-1].fields["partner_organization"]
    names = {label for _, group in field.choices[1:] for _, label in group}
    assert net.host.name in names  # same district
    assert net.women.name in names
    assert with_district(net.teachers) in names  # provincial member
    assert with_district(net.hatyai.host) in names  # a center's host
    assert not any(net.chalung.name in name for name in names)  # a Hat Yai group
    assert net.thachamuang.name not in names  # not itself
    # A posted organization outside the list is refused.
    chalung = net.chalung
    data = form_data(
        client,
        profile_url(net.thachamuang),
        **{"links-1-kind": LinkKind.OTHER, "links-1-partner_organization": str(chalung.pk)},
    )
    response = client.post(profile_url(net.thachamuang), data)
    assert response.status_code == 200
    assert not OrganizationLink.objects.filter(partner_organization=chalung).exists()


def partner_names(response) -> dict[str, set[str]]:
    """The partner dropdown of the profile page: group label -> option labels."""
    field = response.context["links"].forms[-1].fields["partner_organization"]
    return {group: {label for _, label in options} for group, options in field.choices[1:]}


def test_the_representative_is_offered_only_what_they_may_see(net, as_user):
    client = as_user(net.group_rep)
    groups = partner_names(client.get(profile_url(net.khuhatai)))
    names = set().union(*groups.values())
    # Their own district's other groups are 404 for them: not offered.
    assert net.women.name not in names and net.thachamuang.name not in names
    assert not any(net.chalung.name in name for name in names)
    assert net.khuhatai.name not in names  # not itself
    # The centers' hosts and the provincial members are.
    assert net.host.name in groups[own_district(net)]
    assert with_district(net.hatyai.host) in names
    assert with_district(net.rubber_teachers) in names
    # Posting a group they may not see is refused.
    data = form_data(
        client,
        profile_url(net.khuhatai),
        **{
            "links-1-kind": LinkKind.OTHER,
            "links-1-partner_organization": str(net.women.pk),
        },
    )
    response = client.post(profile_url(net.khuhatai), data)
    assert response.status_code == 200
    assert response.context["links"].forms[1].errors["partner_organization"]
    assert not net.khuhatai.links.filter(partner_organization__name=net.women.name)


def test_the_coordinator_is_offered_the_district_and_the_network_anchors(net, as_user):
    groups = partner_names(as_user(net.coordinator).get(profile_url(net.cattle)))
    local = groups[own_district(net)]
    assert {net.host.name, net.women.name, net.thachamuang.name, net.khuhatai.name} <= local
    others = groups["ศูนย์ประสานงานและสมาชิกระดับจังหวัด"]
    assert with_district(net.hatyai.host) in others
    assert with_district(net.rubber_teachers) in others
    assert not any(net.chalung.name in name for name in set().union(*groups.values()))


def test_a_partner_recorded_earlier_stays_unnamed_for_who_may_not_see_it(net, as_user):
    khuhatai = net.khuhatai
    women = net.women
    OrganizationLink.objects.create(
        organization=khuhatai, kind=LinkKind.BUYS_FROM, partner_organization=women
    )
    client = as_user(net.group_rep)
    url = profile_url(net.khuhatai)
    response = client.get(url)
    html = response.content.decode()
    assert net.women.name not in html
    assert "องค์กรนอกขอบเขตของคุณ" in partner_names(response)["ที่บันทึกไว้เดิม"]
    assert "ซื้อสินค้าหรือปัจจัยการผลิตจาก องค์กรนอกขอบเขตของคุณ" in html  # the row's legend
    assert visible_words(html) == set()
    # Saving the page keeps the link as it was.
    assert client.post(url, form_data(client, url)).status_code == 302
    assert khuhatai.links.filter(partner_organization=women).exists()
    # The coordinator may open that group: named.
    page = as_user(net.coordinator).get(url)
    assert net.women.name in partner_names(page)[own_district(net)]


def test_hidden_partners_keep_the_number_of_queries(net, as_user):
    client = as_user(net.coordinator)
    group = net.thachamuang
    url = group.get_absolute_url()
    client.get(url)

    def count(address):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(address).status_code == 200
        return len(captured)

    small, small_profile = count(url), count(profile_url(net.thachamuang))
    for _ in range(8):
        stranger = OrganizationFactory(district=net.chalung.district)
        OrganizationLink.objects.create(
            organization=group, kind=LinkKind.OTHER, partner_organization=stranger
        )
        OrganizationLink.objects.create(
            organization=stranger, kind=LinkKind.SELLS_TO, partner_organization=group
        )
    html = client.get(url).content.decode()
    assert html.count("8 องค์กรนอกขอบเขตของคุณ") == 2  # links from and to it
    assert count(url) == small
    assert count(profile_url(net.thachamuang)) == small_profile


def test_swapping_two_products_saves_nothing(net, as_user):
    client = as_user(net.coordinator)
    group = net.thachamuang
    url = profile_url(net.thachamuang)
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
    assert fresh(net.thachamuang).profile.capital == Decimal("3450000")


def test_removing_an_interest_and_a_link(net, as_user):
    client = as_user(net.coordinator)
    group = net.thachamuang
    url = profile_url(net.thachamuang)
    data = form_data(client, url, **{"interests-0-DELETE": "on", "links-0-DELETE": "on"})
    assert client.post(url, data).status_code == 302
    assert group.product_interests.count() == 1
    assert group.links.count() == 0


def test_the_representative_edits_their_own_group(net, as_user):
    client = as_user(net.group_rep)
    url = profile_url(net.khuhatai)
    data = form_data(client, url, **{"profile-capital": "1,900,000"})
    assert client.post(url, data).status_code == 302
    assert fresh(net.khuhatai).profile.capital == Decimal("1900000")


@pytest.mark.parametrize(("username", "status"), [("chair", 403), ("hatyai_coord", 404)])
def test_others_cannot_change_it(net, as_user, username, status):
    client = as_user(getattr(net, username))
    url = profile_url(net.thachamuang)
    response = client.post(url, {"profile-capital": "1", "profile-surveyed_on": "1/1/2569"})
    assert response.status_code == status
    assert fresh(net.thachamuang).profile.capital == Decimal("3450000")
    if status == 403:
        assert "ไม่มีสิทธิ์แก้ไขข้อมูลพื้นฐานขององค์กรนี้" in response.content.decode()


def test_a_first_profile_is_created_with_todays_survey_date(net, as_user):
    client = as_user(net.admin)
    url = profile_url(net.cattle)
    data = form_data(client, url)
    assert client.post(url, data).status_code == 302
    profile = BaselineProfile.objects.get(organization=net.cattle)
    assert profile.surveyed_on == timezone.localdate()
