"""Links from the baseline survey (ระยะที่ 1) on the network map.

An organization's existing links (OrganizationLink, read by data.survey_links) are drawn
from the year of its survey on (every year when it has no survey date). Between two
organizations on the map: within the network, on the line that already joins them when
there is one (a group and its district center's host), else a line of their own. To an
outside name, or to an organization without an active membership: outside the network, to
a node of its own. To an organization of the network that this map does not show: within,
to a node of its own, when the user may see it named (may_see_partner: one they may
open, a center's host or a provincial-level member), linked to its page only if they may
open it.
"""

from dataclasses import dataclass

from centers.policy import may_view_organization
from members.baseline.models import LinkKind, OrganizationLink
from members.baseline.policy import may_see_partner
from members.models import Organization

from .layout import GREEN_LIGHT, OUTSIDE, PARTNER_FILLS, PARTNER_STROKES, WITHIN, Link, Node

# What the organization does, read from it; and the same link read from the partner.
SURVEY_WORDS = {
    LinkKind.BUYS_FROM: ("ซื้อ", "ขาย", "สินค้าหรือปัจจัยการผลิต"),
    LinkKind.SELLS_TO: ("ขาย", "รับซื้อ", "ผลผลิต"),
    LinkKind.FINANCE: ("กู้ยืม", "ให้กู้ยืม", "เงินทุน"),
    LinkKind.KNOWLEDGE: ("รับความรู้", "ให้ความรู้", "หรือการฝึกอบรม"),
    LinkKind.OTHER: ("", "", "ความร่วมมืออื่น"),
}


def _survey_activity(link: OrganizationLink, reverse: bool = False) -> str:
    """The link in a few words, read from the organization that recorded it (or, reversed,
    from its partner): ขายน้ำยางสด, รับซื้อน้ำยางสด, กู้ยืมเงินทุน."""
    forward, backward, default = SURVEY_WORDS[LinkKind(link.kind)]
    verb = backward if reverse else forward
    description = link.description.strip()
    if not description:
        return f"{verb}{default}" if verb else default
    return f"{verb}{description}"


@dataclass
class SurveyEdge:
    source: Node
    target: Node
    kind: str
    link: OrganizationLink


def _survey_node(
    user, organization: Organization, in_network: bool, names: bool, anchor: bool
) -> tuple[Node, str] | None:
    """A node for an organization the map does not show, and the kind of its link; None
    when the user may not see it named (may_see_partner; `anchor`: it is a center's
    host or a provincial-level member). Linked to its page only when the user may open it."""
    if not names or not may_see_partner(user, organization, anchor=anchor):
        return None
    allowed = may_view_organization(user, organization)
    url = organization.get_absolute_url() if allowed else None
    kind_label = organization.get_kind_display()
    if in_network:
        node = Node(
            key=f"organization-{organization.pk}",
            name=organization.name,
            kind_text=f"{kind_label} อำเภอ{organization.district.name}",
            url=url,
            radius=13,
            fill=GREEN_LIGHT,
        )
        return node, WITHIN
    node = Node(
        key=f"organization-{organization.pk}",
        name=organization.name,
        kind_text=f"{kind_label} อำเภอ{organization.district.name} ยังไม่เป็นสมาชิกเครือข่าย",
        url=url,
        shape="diamond",
        radius=15,
        fill=PARTNER_FILLS[OUTSIDE],
        stroke=PARTNER_STROKES[OUTSIDE],
    )
    return node, OUTSIDE


def _outside_node(name: str) -> Node:
    return Node(
        key=f"outside-{name}",
        name=name,
        kind_text="หน่วยงานภายนอกเครือข่าย (จากการสำรวจข้อมูลพื้นฐาน)",
        shape="diamond",
        radius=15,
        fill=PARTNER_FILLS[OUTSIDE],
        stroke=PARTNER_STROKES[OUTSIDE],
    )


def survey_edges(
    user,
    links: list[OrganizationLink],
    drawn: dict[int, Node],
    named: dict[str, Node],
    *,
    names: bool,
    incoming: bool,
) -> tuple[list[SurveyEdge], list[tuple[Node, Node]]]:
    """The survey links as edges between nodes; `drawn`: organization id -> its node on the
    map; `named`: nodes already on the map by name (partners), reused for an outside name;
    `incoming`: also the links recorded by organizations the map does not show.
    Also the nodes the map lacks, each once, with the node it hangs on: (new, anchor)."""
    made: dict[str, tuple[Node, Node]] = {}
    edges = []

    def other_end(anchor: Node, node: Node) -> Node:
        if named.get(node.name) is not None and node.key.startswith("outside-"):
            return named[node.name]
        return made.setdefault(node.key, (node, anchor))[0]

    for link in links:
        source = drawn.get(link.organization_id)
        target = drawn.get(link.partner_organization_id) if link.partner_organization_id else None
        if source is not None and target is not None:
            edges.append(SurveyEdge(source, target, WITHIN, link))
            continue
        if source is not None:  # the partner is not on the map
            if link.partner_organization_id is None:
                found = (_outside_node(link.partner_name.strip()), OUTSIDE)
            else:
                partner = link.partner_organization
                in_network = link.partner_member or link.partner_host
                found = _survey_node(user, partner, in_network, names, link.partner_anchor)
            if found is not None:
                edges.append(SurveyEdge(source, other_end(source, found[0]), found[1], link))
        elif target is not None and incoming:  # the one that recorded it is not on the map
            in_network = link.organization_member or link.organization_host
            found = _survey_node(
                user, link.organization, in_network, names, link.organization_anchor
            )
            if found is not None:
                edges.append(SurveyEdge(other_end(target, found[0]), target, found[1], link))
    return edges, list(made.values())


def join_survey(links: list[Link], edges: list[SurveyEdge]) -> list[Link]:
    """Add the survey edges to the map's links: on the line already joining the two nodes
    (as an activity), else as a line of their own (returned)."""
    between = {}
    for link in links:
        between.setdefault(frozenset((link.source.key, link.target.key)), link)
    added = []
    for edge in edges:
        pair = frozenset((edge.source.key, edge.target.key))
        line = between.get(pair)
        if line is None:
            line = Link(edge.source, edge.target, edge.kind)
            between[pair] = line
            added.append(line)
        activity = _survey_activity(edge.link, reverse=line.source.key != edge.source.key)
        if activity not in line.activities:
            line.activities.append(activity)
    return added
