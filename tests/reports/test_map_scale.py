"""The network map of a district with hundreds of groups (province scale): the map draws
the groups as counts by kind and membership status, the table under it keeps a row for
every link, a page at a time. These tests pin that nothing is lost on the way: every row
of the full table is on one of the pages, every group is counted once, and every
activity's count is the number of groups doing it."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from centers.models import Membership, MembershipStatus
from members.models import OrganizationKind
from reports.network_map import layout, maps, views
from tests.reports.test_network_map import SVG, links, svg_of

from ..factories import MembershipFactory, OrganizationFactory, district, district_center

URL = "/reports/map/"
RATTAPHUM = {"district": "9009", "year": "2569"}
KINDS = [
    OrganizationKind.RUBBER_FUND_COOP,
    OrganizationKind.HOUSEWIFE_GROUP,
    OrganizationKind.SAVINGS_GROUP,
]
STATUSES = [MembershipStatus.ACTIVE, MembershipStatus.ACTIVE, MembershipStatus.APPLIED]


def more_groups(count: int) -> None:
    rattaphum = district_center("9009")
    for index in range(count):
        MembershipFactory(
            organization=OrganizationFactory(
                kind=KINDS[index % 3], district=district("9009"), name=f"กลุ่มขยาย {index:03d}"
            ),
            center=rattaphum,
            status=STATUSES[index % len(STATUSES)] if index % 7 else MembershipStatus.SUSPENDED,
        )


def row_key(row) -> tuple:
    return (
        row["source"].name,
        row["target"].name,
        row["target"].kind_text,
        row["target"].note,
        str(row["source"].url or ""),
        str(row["target"].url or ""),
        row["style"].kind,
        tuple(row["activities"]),
    )


def all_rows(client, params) -> list[tuple]:
    """The rows of the table under the map, page after page."""
    first = client.get(URL, params)
    page = first.context["page"]
    found = [row_key(row) for row in first.context["rows"]]
    for number in range(2, page.paginator.num_pages + 1):
        found += [
            row_key(row) for row in client.get(URL, {**params, "page": number}).context["rows"]
        ]
    return found


def open_groups() -> list[Membership]:
    return list(
        Membership.objects.open()
        .filter(center=district_center("9009"))
        .select_related("organization")
    )


def crowded(monkeypatch, groups=3, rows=4) -> None:
    """The demo's Rattaphum drawn as a crowded district: a few groups are "many"."""
    monkeypatch.setattr(maps, "MAX_DRAWN_GROUPS", groups)
    monkeypatch.setattr(views, "ROWS_PER_PAGE", rows)


@pytest.mark.parametrize("username", ["prov_coord", "rattaphum_coord", "rattaphum_chair"])
def test_the_table_keeps_every_link_page_by_page(login, monkeypatch, username):
    client = login(username)
    response = client.get(URL, RATTAPHUM)
    full = [row_key(row) for row in response.context["rows"]]
    assert len(full) == len(links(svg_of(response)))  # drawn one by one: a row per line
    crowded(monkeypatch)
    paged = all_rows(client, RATTAPHUM)
    assert paged == full
    assert client.get(URL, RATTAPHUM).context["page"].paginator.num_pages > 1


def test_a_crowded_district_draws_each_kind_and_status_once_with_its_count(login, monkeypatch):
    client = login("prov_coord")
    crowded(monkeypatch)
    root = svg_of(client.get(URL, RATTAPHUM))
    drawn = " ".join(title.text for title in root.iter(f"{SVG}title"))
    groups = open_groups()
    for membership in groups:
        assert membership.organization.name not in drawn, membership.organization.name
    counted: dict[tuple[str, str], int] = {}
    for membership in groups:
        key = (membership.organization.kind, membership.status)
        counted[key] = counted.get(key, 0) + 1
    numbers = [
        int(text.text)
        for text in root.iter(f"{SVG}text")
        if text.text and text.text.isdigit() and text.get("font-weight") == "bold"
    ]
    assert sorted(numbers) == sorted(counted.values())
    for (kind, status), count in counted.items():
        label = OrganizationKind(kind).label
        if status != MembershipStatus.ACTIVE:  # กลุ่มอื่น ๆ ที่ยื่นใบสมัคร
            label += (" " if label.endswith("ๆ") else "") + maps.GROUP_STATUS_WORDS[status]
        assert f"{label} {count} แห่ง" in drawn, label
    applied = [link for link in links(root) if "ที่ยื่นใบสมัคร" in link["title"]]
    assert applied and all(link["kind"] == "in_progress" for link in applied)


def test_activity_counts_are_the_groups_doing_them(login, monkeypatch):
    client = login("rattaphum_coord")
    hub = "ศูนย์ประสานงานเครือข่ายระดับอำเภอรัตภูมิ"
    groups = {m.organization.name: m for m in open_groups()}
    expected: dict[str, int] = {}
    for row in client.get(URL, RATTAPHUM).context["rows"]:
        if row["source"].name == hub and row["target"].name in groups:
            for activity in row["activities"]:
                expected[activity] = expected.get(activity, 0) + 1
    assert layout.MONTHLY_MEETING in expected
    crowded(monkeypatch)
    root = svg_of(client.get(URL, RATTAPHUM))
    found: dict[str, int] = {}
    for link in links(root):
        if " แห่ง:" not in link["title"]:
            continue  # not a line to a count node
        activities = re.search(r"\((.*)\)$", link["title"])
        for activity in activities.group(1).split(" · ") if activities else []:
            name, count = re.fullmatch(r"(.*) \(([\d,]+) แห่ง\)", activity).groups()
            found[name] = found.get(name, 0) + int(count.replace(",", ""))
    assert found == expected


def test_a_district_of_few_groups_draws_every_group(login):
    root = svg_of(login("prov_coord").get(URL, RATTAPHUM))
    drawn = " ".join(title.text for title in root.iter(f"{SVG}title"))
    for membership in open_groups():
        assert membership.organization.name in drawn


def test_the_pager_keeps_the_district_and_the_year(login, monkeypatch):
    crowded(monkeypatch)
    html = login("prov_coord").get(URL, {**RATTAPHUM, "page": "2"}).content.decode()
    assert 'href="?district=9009&amp;year=2569&amp;page=3#map-links-pages"' in html
    assert 'href="?district=9009&amp;year=2569&amp;page=1#map-links-pages"' in html
    assert 'id="map-links-pages"' in html


def test_a_count_node_of_other_groups_reads_well(db):
    members = [
        Membership(
            organization=OrganizationFactory.build(kind=OrganizationKind.OTHER_GROUP), status=s
        )
        for s in (MembershipStatus.APPLIED, MembershipStatus.ACTIVE)
    ]
    nodes = [layout.Node(key=f"organization-{i}", name="", kind_text="") for i in range(2)]
    stand_in = maps._group_count_nodes(members, nodes)
    names = [stand_in[node.key].name for node in nodes]
    assert names == ["กลุ่มอื่น ๆ ที่ยื่นใบสมัคร 1 แห่ง", "กลุ่มอื่น ๆ 1 แห่ง"]


# At province scale ------------------------------------------------------------------------


def queries(client, params) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(URL, params)
    assert response.status_code == 200
    return len(captured), len(response.content)


@pytest.mark.parametrize("username", ["prov_coord", "rattaphum_coord"])
def test_a_district_of_hundreds_of_groups_stays_small_and_asks_as_many_queries(login, username):
    client = login(username)
    client.get(URL, RATTAPHUM)
    small, _ = queries(client, RATTAPHUM)
    more_groups(maps.MAX_DRAWN_GROUPS + 50)
    large, size = queries(client, RATTAPHUM)
    assert small == large
    response = client.get(URL, RATTAPHUM)
    assert len(response.context["rows"]) == views.ROWS_PER_PAGE
    assert response.context["page"].paginator.count > maps.MAX_DRAWN_GROUPS
    root = svg_of(response)
    assert len(links(root)) < 30  # counts, suppliers and the province: not a line per group
    assert size < 200_000
    # Every group is still a row, on one page or another.
    names = {row[1] for row in all_rows(client, RATTAPHUM)}
    assert {m.organization.name for m in open_groups()} <= names


def test_a_counted_kind_reads_with_a_space_after_mai_yamok():
    """Province and district count nodes name the kind the same way."""
    from reports.network_map.maps import _kind_with

    assert _kind_with("กลุ่มอื่น ๆ", "ที่ยื่นใบสมัคร") == "กลุ่มอื่น ๆ ที่ยื่นใบสมัคร"
    assert _kind_with("สหกรณ์ออมทรัพย์", "ที่ยื่นใบสมัคร") == "สหกรณ์ออมทรัพย์ที่ยื่นใบสมัคร"
