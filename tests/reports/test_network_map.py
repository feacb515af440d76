"""The network map (/reports/map/): the report's figures drawn from the live data. Each
test builds the centers, groups, rounds, survey links and users it needs
(tests/factories); the map of the demo's network is tests/demo/test_network_map_demo.py."""

import re
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from centers.models import Center, CenterLevel, MembershipStatus
from members.models import OrganizationKind

from ..factories import (
    FIVE_SEATS,
    CommitteeFactory,
    DistrictCenterFactory,
    MembershipFactory,
    OrganizationFactory,
    PurchaseRoundFactory,
    SupplierFactory,
    UserFactory,
    admin_user,
    chair_user,
    member_groups,
    priced,
    province,
    representative_user,
    seat_user,
    staff_user,
)

D = Decimal
URL = "/reports/map/"
SVG = "{http://www.w3.org/2000/svg}"
DEALER = "ห้างหุ้นส่วนจำกัด เคมีภัณฑ์ยางทดสอบ"
pytestmark = pytest.mark.usefixtures("demo")


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


def marketing_user():
    """The chair of the provincial marketing subcommittee."""
    committee = CommitteeFactory(center=province(), kind="marketing", seats=["chair"])
    return seat_user(committee, "chair")


@pytest.fixture
def as_user(client):
    """as_user(user): the test client, signed in as `user`."""

    def _as(user):
        client.force_login(user)
        return client

    return _as


def district_url(center, year=None) -> str:
    return f"{URL}?district={center.district.code}" + (f"&year={year}" if year else "")


def _survey_link(organization, partner=None, name="", kind="other", description=""):
    from members.baseline.models import OrganizationLink

    return OrganizationLink.objects.create(
        organization=organization,
        partner_organization=partner,
        partner_name=name,
        kind=kind,
        description=description,
    )


# Who sees which map --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "where", "status"),
    [
        ("other_coord", "center", 404),
        ("coord", "other", 404),
        ("chair", "other", 404),
        ("group_rep", "center", 403),
        ("observer", "center", 403),
        ("other_coord", "other", 200),
        ("marketing", "center", 200),
        ("admin", "other", 200),
        ("admin", "0000", 404),
    ],
)
def test_district_view_follows_the_policy(as_user, who, where, status):
    center, other = DistrictCenterFactory(), DistrictCenterFactory()
    users = {
        "coord": lambda: staff_user(center),
        "other_coord": lambda: staff_user(other),
        "chair": lambda: chair_user(center),
        "group_rep": lambda: representative_user(member_groups(center, 1)[0]),
        "observer": UserFactory,
        "marketing": marketing_user,
        "admin": admin_user,
    }
    code = {"center": center.district.code, "other": other.district.code}.get(where, where)
    assert as_user(users[who]()).get(URL, {"district": code}).status_code == status


def test_anonymous_is_sent_to_sign_in(client, demo):
    response = client.get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_district_choices_are_the_districts_the_user_may_view(as_user):
    center = DistrictCenterFactory()
    response = as_user(staff_user(center)).get(URL)
    assert response.context["district_choices"] == [(center.district.code, center.district.name)]
    response = as_user(representative_user(member_groups(center, 1)[0])).get(URL)
    assert response.context["district_choices"] == []
    assert 'name="district"' not in response.content.decode()
    response = as_user(staff_user(province())).get(URL)
    districts = Center.objects.filter(level=CenterLevel.DISTRICT).count()
    assert len(response.context["district_choices"]) == districts


def test_year_defaults_to_the_current_one(as_user):
    from django.utils import timezone

    client = as_user(staff_user(province()))
    response = client.get(URL, {"year": "ไม่ใช่ปี"})
    assert response.context["year"] == str(timezone.localdate().year + 543)
    response = client.get(URL, {"year": "๒๕๔๘"})  # Thai digits
    assert response.context["year"] == "2548"


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def busy_center():
    """A district center with seven active groups, one applied, one left, its executive
    committee, and its own open round with a dealer of the province."""
    center = DistrictCenterFactory()
    member_groups(center, 7)
    for status in (MembershipStatus.APPLIED, MembershipStatus.LEFT):
        MembershipFactory(center=center, status=status)
    CommitteeFactory(center=center, seats=FIVE_SEATS)
    PurchaseRoundFactory(
        center=center,
        title="ซื้อน้ำกรดฟอร์มิกร่วมกัน รอบทดสอบ",
        supplier=SupplierFactory(name=DEALER, location="outside"),
        items=[priced("น้ำกรดฟอร์มิกทดสอบ", D("60"))],
    )
    return center


@pytest.mark.parametrize("view", ["province", "district"])
def test_a_constant_number_of_queries(as_user, view):
    center = busy_center()
    url = f"{URL}?year=2548" if view == "province" else district_url(center, 2569)
    client = as_user(admin_user())
    client.get(url)  # the session renewed once
    small = _queries(client, url)
    for index in range(30):
        group = OrganizationFactory(
            kind=[OrganizationKind.RUBBER_FUND_COOP, OrganizationKind.HOUSEWIFE_GROUP][index % 2],
            district=center.district,
        )
        MembershipFactory(
            organization=group,
            center=center,
            status=MembershipStatus.APPLIED if index % 3 == 0 else MembershipStatus.ACTIVE,
        )
    large = _queries(client, url)
    assert small == large
    assert large <= 17  # the district view: 16, and the supporters of the year


def test_many_groups_still_draw_a_well_formed_map(as_user):
    center = busy_center()  # seven active groups
    coordinator = staff_user(center)
    for _ in range(30):
        MembershipFactory(organization=OrganizationFactory(district=center.district), center=center)
    response = as_user(coordinator).get(URL, {"district": center.district.code})
    root = svg_of(response)
    assert len([link for link in links(root) if link["kind"] == "within"]) >= 37


# Links from the baseline survey (ระยะที่ 1) ------------------------------------------------


def test_an_organization_without_membership_is_outside(as_user):
    center = DistrictCenterFactory()
    (group,) = member_groups(center, 1)
    newcomer = OrganizationFactory(
        name="วิสาหกิจชุมชนแปรรูปยางบ้านเขาพระ",
        kind=OrganizationKind.OTHER_GROUP,
        district=center.district,
    )
    _survey_link(group, newcomer, kind="sells_to", description="ยางก้อนถ้วย")
    root = svg_of(as_user(admin_user()).get(district_url(center, 2569)))
    (link,) = links_to(root, newcomer.name)
    assert link["kind"] == "outside"
    assert link["title"].startswith(f"{group.name} — {newcomer.name}")
    assert "ขายยางก้อนถ้วย" in link["title"]
    assert node_links(root)[newcomer.name] == newcomer.get_absolute_url()


def test_two_groups_of_the_map_get_a_line_of_their_own(as_user):
    center = DistrictCenterFactory()
    rubber, savings = member_groups(center, 2)
    _survey_link(rubber, savings, kind="finance", description="เงินกู้ซื้อปุ๋ย")
    root = svg_of(as_user(admin_user()).get(district_url(center, 2569)))
    (chord,) = [
        link
        for link in links_to(root, savings.name)
        if link["title"].startswith(f"{rubber.name} —")
    ]
    assert chord["kind"] == "within" and "กู้ยืมเงินกู้ซื้อปุ๋ย" in chord["title"]


def test_an_outside_name_that_is_already_a_partner_shares_its_node(as_user):
    center = busy_center()  # its own round buys น้ำกรดฟอร์มิก from DEALER
    _survey_link(center.host, name=DEALER, kind="buys_from", description="น้ำกรด")
    root = svg_of(as_user(admin_user()).get(district_url(center, 2569)))
    (acid,) = links_to(root, DEALER)
    assert "น้ำกรดฟอร์มิก" in acid["title"] and "ซื้อน้ำกรด" in acid["title"]


def test_another_districts_group_stays_hidden_from_a_district_user(as_user):
    center, other = DistrictCenterFactory(), DistrictCenterFactory()
    (group,) = member_groups(center, 1)
    (elsewhere,) = member_groups(other, 1, name="กลุ่มแม่บ้านเกษตรกรทดสอบอำเภออื่น")
    _survey_link(group, elsewhere, kind="buys_from", description="ขนม")
    page = as_user(staff_user(center)).get(district_url(center, 2569))
    assert elsewhere.name not in page.content.decode()
    root = svg_of(as_user(admin_user()).get(district_url(center, 2569)))
    (link,) = links_to(root, elsewhere.name)
    assert link["kind"] == "within"  # an active member of the other district's center


@pytest.mark.parametrize("view", ["province", "district"])
def test_survey_links_keep_the_number_of_queries(as_user, view):
    center = busy_center()
    url = f"{URL}?year=2569" if view == "province" else district_url(center, 2569)
    client = as_user(admin_user())
    client.get(url)
    small = _queries(client, url)
    host = center.host
    for index in range(15):
        group = OrganizationFactory(district=center.district)
        MembershipFactory(organization=group, center=center)
        outsider = OrganizationFactory(district=center.district)
        _survey_link(group, host, kind="sells_to", description="น้ำยางสด")
        _survey_link(group, outsider, kind="buys_from")
        _survey_link(outsider, host, kind="sells_to")
        _survey_link(host, name=f"บริษัทรับซื้อยาง {index}", kind="sells_to")
    large = _queries(client, url)
    assert small == large
    assert large <= 17


def test_a_district_user_sees_the_network_anchors_named_but_not_linked(as_user):
    """may_see_partner (members/baseline/policy.py), as on the organization page: a
    provincial member or another district's host is named on the map; a page the user may
    not open is not linked."""
    center, other = DistrictCenterFactory(), DistrictCenterFactory()
    (group,) = member_groups(center, 1)
    (other_group,) = member_groups(other, 1)
    savings = MembershipFactory(
        center=province(),
        organization__kind=OrganizationKind.SHOP_COOP,
        organization__district=other.district,
    ).organization  # a provincial member located in the other district
    other_host = other.host
    _survey_link(group, savings, kind="buys_from", description="ปุ๋ย")
    _survey_link(group, other_host, kind="sells_to", description="ยางแผ่น")
    _survey_link(other_group, center.host, kind="buys_from", description="ข้าวสาร")
    response = as_user(staff_user(center)).get(district_url(center, 2569))
    root = svg_of(response)
    (shop,) = links_to(root, savings.name)
    assert shop["kind"] == "within" and "ซื้อปุ๋ย" in shop["title"]
    (host,) = links_to(root, other_host.name)
    assert host["kind"] == "within"
    anchors = node_links(root)
    assert savings.name not in anchors and other_host.name not in anchors  # not linked
    assert other_group.name not in response.content.decode()  # another district's group
    # Who may open them gets them linked, and the other district's group named.
    root = svg_of(as_user(admin_user()).get(district_url(center, 2569)))
    assert node_links(root).get(other_host.name) == other_host.get_absolute_url()
    assert node_links(root).get(other_group.name) == other_group.get_absolute_url()


def test_the_province_map_loads_only_the_links_its_organizations_recorded(demo):
    from reports.network_map.data import survey_links as _survey_links

    center = DistrictCenterFactory()
    (group,) = member_groups(center, 1)
    host = center.host
    group_link = _survey_link(group, host, kind="sells_to")  # recorded by a group
    own_link = _survey_link(host, name="บริษัทรับซื้อยางทดสอบ", kind="sells_to")
    outgoing = _survey_links(2026, [host.pk], incoming=False)
    assert own_link in outgoing and group_link not in outgoing
    both = _survey_links(2026, [host.pk], incoming=True)
    assert own_link in both and group_link in both


# The links and nodes are written in Python (network_map.drawing: _links_markup and
# _nodes_markup): the markup the template's loops wrote, kept here as the reference.
LOOPS = """{% load l10n %}{% localize off %}{% for link in svg.links %}<g class="map-link map-link-{{ link.kind }}">
      <title>{{ link.title }}</title>
      <line x1="{{ link.x1 }}" y1="{{ link.y1 }}" x2="{{ link.x2 }}" y2="{{ link.y2 }}" stroke="{{ link.stroke }}" stroke-linecap="{{ link.linecap }}"{% if link.dasharray %} stroke-dasharray="{{ link.dasharray }}"{% endif %}/>
      {% for text in link.texts %}<text x="{{ text.x }}" y="{{ text.y }}" dy="{{ text.dy }}" font-size="{{ text.size }}" text-anchor="{{ text.anchor }}" fill="{{ text.fill }}" stroke="none"{% if text.transform %} transform="{{ text.transform }}"{% endif %}>{{ text.text }}</text>{% endfor %}
    </g>
    {% endfor %}|{% for node in svg.nodes %}{% if node.url %}<a href="{{ node.url }}" class="map-node">{% else %}<g class="map-node">{% endif %}
      <title>{{ node.title }}</title>
      {% if node.shape == "box" %}<rect x="{{ node.x }}" y="{{ node.y }}" width="{{ node.width }}" height="{{ node.height }}" rx="10" fill="{{ node.fill }}" stroke="{{ node.stroke }}" stroke-width="2"/>{% elif node.shape == "diamond" %}<polygon points="{{ node.points }}" fill="{{ node.fill }}" stroke="{{ node.stroke }}" stroke-width="2"/>{% else %}<circle cx="{{ node.cx }}" cy="{{ node.cy }}" r="{{ node.r }}" fill="{{ node.fill }}" stroke="{{ node.stroke }}" stroke-width="2"{% if node.dasharray %} stroke-dasharray="{{ node.dasharray }}"{% endif %}/>{% endif %}
      {% for text in node.texts %}<text x="{{ text.x }}" y="{{ text.y }}" dy="{{ text.dy }}" font-size="{{ text.size }}" text-anchor="{{ text.anchor }}" font-weight="{{ text.weight }}" fill="{{ text.fill }}"{% if text.transform %} transform="{{ text.transform }}"{% endif %}>{{ text.text }}</text>{% endfor %}
    {% if node.url %}</a>{% else %}</g>{% endif %}
    {% endfor %}{% endlocalize %}"""  # noqa: E501


@pytest.mark.parametrize(
    ("role", "view"),
    [
        ("prov_coord", "province 2548"),
        ("prov_coord", "province"),
        ("observer", "province"),
        ("district_coord", "district 2569"),
    ],
)
def test_the_drawing_is_the_markup_the_template_wrote(as_user, role, view):
    from django.template import Context, Template

    center, other = busy_center(), DistrictCenterFactory()
    _survey_link(center.host, name='บริษัทรับซื้อยาง "ทดสอบ" & <ลูกค้า>', kind="sells_to")
    odd = OrganizationFactory(
        name="สหกรณ์ร้านค้า \"ทดสอบ\" & <ลูกค้า> 'ก'",
        kind=OrganizationKind.SHOP_COOP,
        district=other.district,
    )
    MembershipFactory(organization=odd, center=province())
    user = {
        "prov_coord": lambda: staff_user(province()),
        "observer": UserFactory,
        "district_coord": lambda: staff_user(center),
    }[role]()
    url = {
        "province 2548": f"{URL}?year=2548",
        "province": URL,
        "district 2569": district_url(center, 2569),
    }[view]
    response = as_user(user).get(url)
    svg = response.context["svg"]
    links_markup, nodes_markup = Template(LOOPS).render(Context({"svg": svg})).split("|")
    assert str(svg["links_markup"]) == links_markup
    assert str(svg["nodes_markup"]) == nodes_markup
    assert svg["links_markup"] in response.content.decode()
    if role == "prov_coord":
        assert "&quot;ทดสอบ&quot; &amp; &lt;ลูกค้า&gt; &#x27;ก&#x27;" in nodes_markup
