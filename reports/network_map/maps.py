"""The network map's two views, as nodes and links for a user, placed and labelled:

- the province (`province_map`): the provincial center in the middle, the district centers
  on a ring around it, and on an outer ring the provincial-level members (savings and shop
  cooperatives) and the outside parties the centers dealt with in the year;
- a district (`district_map`): the district center in the middle, the provincial center
  above it, its member groups and the suppliers of its own rounds on a ring around it;
  more groups than MAX_DRAWN_GROUPS are drawn as counts by kind and membership status
  (see "A district of many groups").

What they read is in data.py, where things go in layout.py, the links from the baseline
survey in survey.py. Who may open a node's page, or see an organization named, is the
access policy's to say.
"""

from django.utils.functional import lazy

from centers.models import Center, CenterLevel, Membership, MembershipStatus
from members.models import OrganizationKind
from songkhla_network import access, thai
from transactions.catalogue.models import PartnerLocation

from .data import (
    PartnerDealing,
    district_memberships,
    group_products,
    monthly_meeting_centers,
    monthly_meeting_organizations,
    partner_dealings,
    province_memberships,
    provincial_products,
    survey_links,
)
from .layout import (
    GREEN,
    GREEN_LIGHT,
    IN_PROGRESS,
    MONTHLY_MEETING,
    MUTED,
    OUTSIDE,
    OUTSIDE_PROVINCE,
    PARTNER_FILLS,
    PARTNER_STROKES,
    WHITE,
    WITHIN,
    Link,
    Node,
    district_ring,
    grouped_hanging,
    grouped_links,
    hub_box,
    label_district_links,
    label_links,
    place_district_centers,
    place_district_ring,
    place_outer_ring,
)
from .survey import join_survey, survey_edges

# Kinds of link ------------------------------------------------------------------------


def _dealing_kind(dealing: PartnerDealing) -> str:
    if not dealing.ordered:
        return IN_PROGRESS
    return {
        PartnerLocation.WITHIN: WITHIN,
        PartnerLocation.OUTSIDE: OUTSIDE,
        PartnerLocation.OUTSIDE_PROVINCE: OUTSIDE_PROVINCE,
    }.get(dealing.location, OUTSIDE)


def _district_activities(center: Center, meetings: set[int], products: dict) -> list[str]:
    return ([MONTHLY_MEETING] if center.pk in meetings else []) + products.get(center.pk, [])


def _membership_kind(status: str | None) -> str:
    if status in (MembershipStatus.ACTIVE, MembershipStatus.SUSPENDED):
        return WITHIN
    return IN_PROGRESS  # applied, or no open membership (no MOU yet)


def _status_note(status: str | None) -> str:
    return MembershipStatus(status).label if status else "ยังไม่มีสมาชิกภาพ"


# Nodes --------------------------------------------------------------------------------


def _provincial_node(user, province: Center) -> Node:
    return Node(
        key=f"center-{province.pk}",
        name=province.name,
        kind_text=f"ศูนย์ประสานงานระดับจังหวัด ตั้งอยู่ที่{province.host.name}",
        url=province.get_absolute_url() if access.may_view_center(user, province) else None,
    )


def _district_node(user, center: Center) -> Node:
    return Node(
        key=f"center-{center.pk}",
        name=center.name,
        kind_text=f"ศูนย์ประสานงานระดับอำเภอ ตั้งอยู่ที่{center.host.name}",
        url=center.get_absolute_url() if access.may_view_center(user, center) else None,
    )


# An organization's address, worked out only if it is shown (made once: lazy() builds a
# class).
_lazy_url = lazy(lambda organization: organization.get_absolute_url(), str)


def _organization_node(user, membership: Membership) -> Node:
    organization = membership.organization
    allowed = access.organization_decision(user, organization) is access.Decision.ALLOW
    status = membership.status
    return Node(
        key=f"organization-{organization.pk}",
        name=organization.name,
        kind_text=OrganizationKind(organization.kind).label,  # not get_kind_display: a
        # district's hundreds of groups each flattened the choices again
        # Worked out when shown: a crowded district's map draws its groups as counts and
        # its table shows a page of them, not all of its hundreds of groups.
        url=_lazy_url(organization) if allowed else None,
        radius=13,
        fill={MembershipStatus.SUSPENDED: "#e8eaea", MembershipStatus.APPLIED: WHITE}.get(
            status, GREEN_LIGHT
        ),
        stroke=MUTED if status != MembershipStatus.ACTIVE else GREEN,
        dasharray="3 3" if status == MembershipStatus.APPLIED else "",
        note=MembershipStatus(status).label,
    )


def _partner_node(dealing: PartnerDealing) -> Node:
    return Node(
        key=f"partner-{dealing.partner_id}",
        name=dealing.name,
        kind_text=f"คู่ค้า{dealing.location_label} ({dealing.role_label})",
        shape="diamond",
        radius=15,
        fill=PARTNER_FILLS.get(dealing.location, WHITE),
        stroke=PARTNER_STROKES.get(dealing.location, MUTED),
    )


# The province -------------------------------------------------------------------------


def province_map(user, year: int, centers: list[Center], names: bool) -> dict:
    """The province view: nodes, links and the figures of the description."""
    ce_year = year - thai.BE_OFFSET
    province = next(center for center in centers if center.level == CenterLevel.PROVINCIAL)
    districts = [center for center in centers if center.level == CenterLevel.DISTRICT]
    hosts = {center.host_id: center for center in districts}

    memberships = province_memberships(province)
    host_status = {m.organization_id: m.status for m in memberships if m.organization_id in hosts}
    members = [m for m in memberships if m.organization_id not in hosts]
    meetings = monthly_meeting_centers(year, districts)
    bought = provincial_products(ce_year, districts)
    dealings = partner_dealings(ce_year, centers)

    hub = _provincial_node(user, province)
    hub_box(hub, "ศูนย์ประสานงานระดับจังหวัด", province.host.name)
    nodes, links = [hub], []

    # District centers on the inner ring.
    district_nodes = {}
    for center in districts:
        node = _district_node(user, center)
        node.radius, node.fill, node.stroke = 22, GREEN_LIGHT, GREEN
        status = host_status.get(center.host_id)
        if status != MembershipStatus.ACTIVE:
            node.note = _status_note(status)
        link = Link(
            hub,
            node,
            _membership_kind(status),
            _district_activities(center, meetings, bought),
        )
        nodes.append(node)
        links.append(link)
        district_nodes[center.pk] = node
    district_names = [center.district.name for center in districts]
    inner = place_district_centers(
        hub, [district_nodes[center.pk] for center in districts], district_names
    )

    # The provincial-level members, or their counts per kind for those without a role.
    member_nodes: list[tuple[Node, str, list[str]]] = []  # node, link kind, activities
    drawn = {province.host_id: hub} | {c.host_id: district_nodes[c.pk] for c in districts}
    if names:
        for membership in members:
            node = _organization_node(user, membership)
            member_nodes.append((node, _membership_kind(membership.status), []))
            drawn[membership.organization_id] = node
    else:
        counts: dict[tuple[str, str], int] = {}
        for membership in members:
            key = (membership.organization.kind, _membership_kind(membership.status))
            counts[key] = counts.get(key, 0) + 1
        kinds = list(OrganizationKind.values)
        for (kind, link_kind), count in sorted(
            counts.items(), key=lambda item: (kinds.index(item[0][0]), item[0][1] != WITHIN)
        ):
            label = OrganizationKind(kind).label
            if link_kind == IN_PROGRESS:
                label = _kind_with(label, "ที่ยื่นใบสมัคร")
            node = Node(
                key=f"count-{kind}-{link_kind}",
                name=f"{label} {count} แห่ง",
                kind_text="สมาชิกระดับจังหวัด (แสดงเป็นจำนวน)",
                radius=18,
                fill=GREEN_LIGHT if link_kind == WITHIN else WHITE,
                stroke=GREEN if link_kind == WITHIN else MUTED,
                dasharray="" if link_kind == WITHIN else "3 3",
                count=count,
            )
            member_nodes.append((node, link_kind, []))

    # Partners: one node each, linked to every center it dealt with.
    partner_nodes: dict[int, Node] = {}
    partner_centers: dict[int, set[int]] = {}
    for dealing in dealings:
        partner_nodes.setdefault(dealing.partner_id, _partner_node(dealing))
        partner_centers.setdefault(dealing.partner_id, set()).add(dealing.center_id)

    # Links from the baseline survey of the organizations on this map.
    survey, extras = survey_edges(
        user,
        survey_links(ce_year, list(drawn), incoming=False),
        drawn,
        {node.name: node for node in partner_nodes.values()},
        names=names,
        incoming=False,  # a group's links show on its district's map
    )

    # The outer ring: the members, the partners, what the survey adds.
    outer_nodes = [node for node, _, _ in member_nodes] + list(partner_nodes.values())
    outer_nodes += [node for node, _ in extras]
    district_index = {center.pk: index for index, center in enumerate(districts)}
    by_node = {district_nodes[center.pk].key: index for index, center in enumerate(districts)}
    preferred = [None] * len(member_nodes) + [
        (
            district_index[min(ids)]
            if province.pk not in ids and len(ids) == 1 and min(ids) in district_index
            else None
        )
        for ids in partner_centers.values()
    ]
    preferred += [by_node.get(anchor.key) for _, anchor in extras]
    place_outer_ring(outer_nodes, inner, district_names, preferred)
    nodes += outer_nodes

    for node, link_kind, activities in member_nodes:
        links.append(Link(hub, node, link_kind, activities))
    for dealing in dealings:
        node = partner_nodes[dealing.partner_id]
        source = hub if dealing.center_id == province.pk else district_nodes[dealing.center_id]
        links.append(Link(source, node, _dealing_kind(dealing), dealing.products))
    links += join_survey(links, survey)
    label_links(links)

    summary = (
        f"{province.name} ตั้งอยู่ที่{province.host.name} อยู่ตรงกลาง "
        f"เชื่อมกับศูนย์ประสานงานระดับอำเภอ {len(districts)} ศูนย์ "
        f"สมาชิกระดับจังหวัด {len(members)} องค์กร "
        f"และคู่ค้า {len(partner_nodes)} รายที่ทำธุรกรรมกับศูนย์ในปี {year}"
    )
    if survey:
        summary += f" เส้นเชื่อมโยงจากการสำรวจข้อมูลพื้นฐาน {len(survey)} รายการ"
    return {"nodes": nodes, "links": links, "rows": links, "summary": summary}


# A district ---------------------------------------------------------------------------


def district_map(user, year: int, center: Center, province: Center) -> dict:
    """The district view: the district center, its groups and suppliers, the province above."""
    ce_year = year - thai.BE_OFFSET
    # The groups of the district, and the district's own membership of the province.
    found = district_memberships(center, province)
    host_status = next((m.status for m in found if m.center_id == province.pk), None)
    kinds = list(OrganizationKind.values)
    memberships = sorted(
        (m for m in found if m.center_id == center.pk),
        key=lambda m: (kinds.index(m.organization.kind), m.organization.name),
    )
    meetings = monthly_meeting_centers(year, [center])
    bought = provincial_products(ce_year, [center])
    dealings = partner_dealings(ce_year, [center])
    ordered = group_products(ce_year, center)
    attended = monthly_meeting_organizations(year, center)

    hub = _district_node(user, center)
    hub_box(hub, f"ศูนย์ประสานงานระดับอำเภอ{center.district.name}", center.host.name)
    top = _provincial_node(user, province)  # placed above the ring, once its size is known
    nodes, links = [hub], []

    # The ring: the groups (each followed by the nodes its survey links add), then the
    # suppliers, then what the host's own survey links add.
    members: list[tuple[Node, str, list[str]]] = []
    drawn = {center.host_id: hub, province.host_id: top}
    for membership in memberships:
        node = _organization_node(user, membership)
        organization_id = membership.organization_id
        activities = [MONTHLY_MEETING] if organization_id in attended else []
        activities += ordered.get(organization_id, [])
        members.append((node, _membership_kind(membership.status), activities))
        drawn[organization_id] = node
    partners: dict[int, Node] = {}
    for dealing in dealings:
        partners.setdefault(dealing.partner_id, _partner_node(dealing))
    survey, extras = survey_edges(
        user,
        # The hosts and the groups: the organizations in `drawn` (see data.survey_links).
        survey_links(ce_year, [center.host_id, province.host_id], incoming=True, members_of=center),
        drawn,
        {node.name: node for node in partners.values()},
        names=True,
        incoming=True,
    )
    hanging: dict[str, list[Node]] = {}
    for node, anchor in extras:
        if anchor is not top:  # the province's own links show on the province's map
            hanging.setdefault(anchor.key, []).append(node)
    # The links: to the province first, then to the groups and the suppliers, then the
    # survey's.
    if host_status != MembershipStatus.ACTIVE:
        hub.note = _status_note(host_status)
    links = [
        Link(
            hub, top, _membership_kind(host_status), _district_activities(center, meetings, bought)
        )
    ]
    links += [Link(hub, node, kind, list(activities)) for node, kind, activities in members]
    links += [
        Link(hub, partners[dealing.partner_id], _dealing_kind(dealing), list(dealing.products))
        for dealing in dealings
    ]
    group_nodes = [node for node, _, _ in members]
    tail = list(partners.values()) + hanging.get(hub.key, [])
    shown = {hub.key, top.key} | {node.key for node in district_ring(group_nodes, hanging, tail)}
    survey = [edge for edge in survey if {edge.source.key, edge.target.key} <= shown]
    links += join_survey(links, survey)

    # Every link is a row of the table under the map. A district of more groups than a
    # ring can show draws them as counts (see "A district of many groups" below).
    rows = links
    grouped = len(members) > MAX_DRAWN_GROUPS
    if grouped:
        stand_in = _group_count_nodes(memberships, group_nodes)
        group_nodes, hanging = grouped_hanging(group_nodes, hanging, stand_in)
        links = grouped_links(links, stand_in)
    ring = district_ring(group_nodes, hanging, tail)
    place_district_ring(hub, ring, top)
    nodes += ring
    hub_box(top, "ศูนย์ประสานงานระดับจังหวัด", province.host.name)
    nodes.append(top)
    label_district_links(links, top)

    summary = (
        f"{center.name} ตั้งอยู่ที่{center.host.name} อยู่ตรงกลาง เชื่อมขึ้นไปยัง{province.name} "
        f"มีกลุ่มสมาชิก {len(members)} กลุ่ม (รวมที่ยื่นใบสมัครและพักสมาชิกภาพ) "
        f"และผู้จำหน่าย {len(partners)} รายในรอบการซื้อของศูนย์ในปี {year}"
    )
    if survey:
        summary += f" เส้นเชื่อมโยงจากการสำรวจข้อมูลพื้นฐาน {len(survey)} รายการ"
    if grouped:
        summary += (
            f" กลุ่มสมาชิกมีมากกว่า {MAX_DRAWN_GROUPS} กลุ่ม แผนภาพจึงแสดงเป็นจำนวนตามประเภท"
            "และสถานะสมาชิกภาพ รายชื่อกลุ่มและกิจกรรมของแต่ละกลุ่มอยู่ในตารางใต้แผนภาพ"
        )
    return {"nodes": nodes, "links": links, "rows": rows, "summary": summary}


# A district of many groups --------------------------------------------------------------
#
# At province scale a district center has hundreds of member groups. One node, one line
# and one title each made a ring thousands of units wide, unreadable even on a desktop
# (names at a few pixels) and over a megabyte of HTML for a phone. Beyond
# MAX_DRAWN_GROUPS the ring draws one node per kind and membership status of group, with
# the number of groups, like the province view does for accounts that see counts only; a
# line stands for the lines it replaces, its activities with the number of groups doing
# each (layout.grouped_links). Nothing is lost: every link, with its group and activities,
# is a row of the table under the map (paginated there).

MAX_DRAWN_GROUPS = 100
GROUP_STATUS_ORDER = (MembershipStatus.ACTIVE, MembershipStatus.SUSPENDED, MembershipStatus.APPLIED)
GROUP_STATUS_WORDS = {
    MembershipStatus.SUSPENDED: "ที่พักสมาชิกภาพ",
    MembershipStatus.APPLIED: "ที่ยื่นใบสมัคร",
}


def _kind_with(label: str, words: str) -> str:
    """A kind's label followed by words: "กลุ่มอื่น ๆ ที่ยื่นใบสมัคร", a space after ๆ."""
    return label + (" " if label.endswith("ๆ") else "") + words


def _group_count_nodes(memberships: list[Membership], group_nodes: list[Node]) -> dict[str, Node]:
    """Group node key -> the node counting the groups of its kind and status."""
    kinds = list(OrganizationKind.values)
    found: dict[tuple[str, str], list[Node]] = {}
    for membership, node in zip(memberships, group_nodes, strict=True):
        found.setdefault((membership.organization.kind, membership.status), []).append(node)
    stand_in = {}
    for (kind, status), nodes in sorted(
        found.items(),
        key=lambda item: (kinds.index(item[0][0]), GROUP_STATUS_ORDER.index(item[0][1])),
    ):
        label = OrganizationKind(kind).label
        if status in GROUP_STATUS_WORDS:
            label = _kind_with(label, GROUP_STATUS_WORDS[status])
        count = Node(
            key=f"count-{kind}-{status}",
            name=f"{label} {len(nodes)} แห่ง",
            kind_text="กลุ่มสมาชิก (แสดงเป็นจำนวน)",
            radius=18,
            fill=nodes[0].fill,
            stroke=nodes[0].stroke,
            dasharray=nodes[0].dasharray,
            count=len(nodes),
        )
        for node in nodes:
            stand_in[node.key] = count
    return stand_in
