"""The network map (รูปที่ 2 and 3 of the report), drawn from the live data.

Two views of one page, /reports/map/:

- the province (no `district`): the provincial center in the middle, the district centers
  on a ring around it, and on an outer ring the provincial-level members (savings and shop
  cooperatives) and the outside parties the centers dealt with in the year;
- a district (`district=9009`): the district center in the middle, the provincial center
  above it, its member groups and the suppliers of its own rounds on a ring around it;
  more groups than MAX_DRAWN_GROUPS are drawn as counts by kind and membership status
  (see "A district of many groups").

Under the map, a table has a row for every link (ROWS_PER_PAGE at a time).

Links are drawn by kind with the legend of the report: within the network (memberships),
outside the network and outside the province (partners, by `Partner.location`), and in
progress (applied memberships; rounds still open). The existing links the baseline survey
recorded (OrganizationLink) are drawn too, from the year of the survey on: see
"Links from the baseline survey" below. The period is a Buddhist-Era year
(`year`, the current one by default): a round belongs to the year it was ordered in, or,
while it is open, the year it opened in.

Positions are computed here (rings, deterministic), the SVG is drawn by the template with
presentation attributes only, so it reads without JavaScript or the site's stylesheet.
The page runs a fixed number of queries, whatever the number of groups, partners or rounds.
"""

import math
from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.html import escape
from django.utils.http import urlencode
from django.utils.safestring import mark_safe

from centers.models import Center, CenterLevel, Membership, MembershipStatus
from meetings.models import Attendance, AttendanceStatus, Meeting, MeetingKind, MeetingStatus
from members.models import LinkKind, OrganizationKind, OrganizationLink
from songkhla_network import access, thai
from transactions.catalogue.models import PartnerLocation, PartnerRole, Support
from transactions.purchases.models import (
    SENT_TO_SUPPLIER,
    DistrictOrder,
    OrderLine,
    OrderStatus,
    PurchaseRound,
    RoundStatus,
)

# Link kinds: the legend the users know from the report.
WITHIN = "within"
OUTSIDE = "outside"
OUTSIDE_PROVINCE = "outside_province"
IN_PROGRESS = "in_progress"


@dataclass(frozen=True)
class LinkStyle:
    kind: str
    label: str
    stroke: str
    dasharray: str  # "" for a solid line
    badge: str  # the site's badge class in the list under the map
    line: str  # the line in words, for the legend under the map

    @property
    def linecap(self) -> str:
        return "round" if self.kind == IN_PROGRESS else "butt"


LINK_STYLES = {
    WITHIN: LinkStyle(WITHIN, "เชื่อมโยงภายในเครือข่าย", "#1f6b3a", "", "link-within", "เส้นทึบสีเขียว"),
    OUTSIDE: LinkStyle(
        OUTSIDE, "เชื่อมโยงภายนอกเครือข่าย", "#d9822b", "12 7", "link-outside", "เส้นประสีส้ม"
    ),
    OUTSIDE_PROVINCE: LinkStyle(
        OUTSIDE_PROVINCE,
        "เชื่อมโยงภายนอกจังหวัด",
        "#1c64b4",
        "14 5 3 5",
        "link-outside_province",
        "เส้นประสลับจุดสีน้ำเงิน",
    ),
    IN_PROGRESS: LinkStyle(
        IN_PROGRESS, "อยู่ระหว่างดำเนินการ", "#7d8580", "1 7", "status-applied", "เส้นจุดสีเทา"
    ),
}
LEGEND_ORDER = (WITHIN, OUTSIDE, OUTSIDE_PROVINCE, IN_PROGRESS)

MONTHLY_MEETING = "ประชุมประจำเดือน"
ORDERED_STATUSES = SENT_TO_SUPPLIER
UNDER_WAY_STATUSES = (RoundStatus.OPEN, RoundStatus.CLOSED)

FONT = "Sarabun, Loma, Garuda, sans-serif"
INK, MUTED, WHITE = "#1d2521", "#5b6660", "#ffffff"
GREEN, GREEN_DARK, GREEN_LIGHT = "#1f6b3a", "#154d29", "#dcefe2"
PARTNER_FILLS = {WITHIN: "#dcefe2", OUTSIDE: "#fde7cf", OUTSIDE_PROVINCE: "#dce8f6"}
PARTNER_STROKES = {WITHIN: "#1f6b3a", OUTSIDE: "#b0611a", OUTSIDE_PROVINCE: "#1c4471"}

NAME_SIZE = 14  # ring labels
LINK_SIZE = 12  # activities on links
MAX_NAME_WIDTH = 300  # longer names are shortened on the map, full in the list
ROWS_PER_PAGE = 100  # the table of links under the map


# Text widths: an estimate good enough for layout (Sarabun: about 0.56 em a character;
# Thai vowel and tone marks above and below take no width).
_ZERO_WIDTH = {chr(c) for c in (0x0E31, *range(0x0E34, 0x0E3B), *range(0x0E47, 0x0E4F))}


def text_width(text: str, size: float) -> float:
    ems = 0.0
    for char in text:
        if char not in _ZERO_WIDTH:
            ems += 0.28 if char == " " else 0.56
    return ems * size


def clip(text: str, size: float, width: float) -> str:
    """The text, shortened with … to fit the width."""
    if text_width(text, size) <= width:
        return text
    while text and text_width(text + "…", size) > width:
        text = text[:-1]
    while text and text[-1] in _ZERO_WIDTH | {" "}:
        text = text[:-1]  # never leave a mark without its consonant
    return text + "…"


def _fmt(value: float) -> str:
    text = f"{value:.1f}"
    return "0.0" if text == "-0.0" else text


# The drawing --------------------------------------------------------------------------


@dataclass
class Text:
    x: float
    y: float
    text: str
    size: float = NAME_SIZE
    anchor: str = "middle"
    rotate: float = 0.0
    weight: str = "normal"
    fill: str = INK
    dy: str = "0.35em"

    def extent(self) -> list[tuple[float, float]]:
        """The corners of the text's box, roughly, for the view box."""
        width = text_width(self.text, self.size)
        start = {"start": 0.0, "middle": -width / 2, "end": -width}[self.anchor]
        angle = math.radians(self.rotate)
        cos, sin = math.cos(angle), math.sin(angle)
        points = []
        for along in (start, start + width):
            for across in (-self.size, self.size):
                points.append(
                    (self.x + along * cos - across * sin, self.y + along * sin + across * cos)
                )
        return points

    def svg(self) -> dict:
        return {
            "x": _fmt(self.x),
            "y": _fmt(self.y),
            "text": self.text,
            "size": _fmt(self.size),
            "anchor": self.anchor,
            "transform": (
                f"rotate({_fmt(self.rotate)} {_fmt(self.x)} {_fmt(self.y)})" if self.rotate else ""
            ),
            "weight": self.weight,
            "fill": self.fill,
            "dy": self.dy,
        }


@dataclass
class Node:
    key: str
    name: str  # full name: tooltip and list
    kind_text: str  # what it is, in the list
    url: str | None = None
    shape: str = "circle"  # circle, box, diamond
    x: float = 0.0
    y: float = 0.0
    radius: float = 14.0  # circle radius; half-size of a diamond
    width: float = 0.0  # box
    height: float = 0.0
    fill: str = WHITE
    stroke: str = GREEN
    dasharray: str = ""
    texts: list[Text] = field(default_factory=list)
    note: str = ""  # e.g. the membership status, after the name
    count: int | None = None  # a node standing for several organizations

    def reach(self, angle: float) -> float:
        """How far the shape's edge is from its middle in a direction (degrees)."""
        if self.shape != "box":
            return self.radius
        radians = math.radians(angle)
        cos, sin = abs(math.cos(radians)), abs(math.sin(radians))
        across = self.width / 2 / cos if cos > 1e-9 else math.inf
        up = self.height / 2 / sin if sin > 1e-9 else math.inf
        return min(across, up)

    def extent(self) -> list[tuple[float, float]]:
        half_w = self.width / 2 if self.shape == "box" else self.radius
        half_h = self.height / 2 if self.shape == "box" else self.radius
        points = [(self.x - half_w, self.y - half_h), (self.x + half_w, self.y + half_h)]
        for text in self.texts:
            points += text.extent()
        return points

    def svg(self) -> dict:
        title = f"{self.name} ({self.note})" if self.note else self.name
        shape = {"shape": self.shape, "fill": self.fill, "stroke": self.stroke}
        if self.shape == "box":
            shape.update(
                x=_fmt(self.x - self.width / 2),
                y=_fmt(self.y - self.height / 2),
                width=_fmt(self.width),
                height=_fmt(self.height),
            )
        elif self.shape == "diamond":
            r = self.radius
            shape["points"] = " ".join(
                f"{_fmt(px)},{_fmt(py)}"
                for px, py in (
                    (self.x, self.y - r),
                    (self.x + r, self.y),
                    (self.x, self.y + r),
                    (self.x - r, self.y),
                )
            )
        else:
            shape.update(cx=_fmt(self.x), cy=_fmt(self.y), r=_fmt(self.radius))
        return {
            "key": self.key,
            "title": title,
            "url": self.url,
            "dasharray": self.dasharray,
            **shape,
            "texts": [text.svg() for text in self.texts],
        }


@dataclass
class Link:
    source: Node
    target: Node
    kind: str
    activities: list[str] = field(default_factory=list)
    label: list[Text] = field(default_factory=list)

    @property
    def style(self) -> LinkStyle:
        return LINK_STYLES[self.kind]

    def svg(self) -> dict:
        style = self.style
        return {
            "x1": _fmt(self.source.x),
            "y1": _fmt(self.source.y),
            "x2": _fmt(self.target.x),
            "y2": _fmt(self.target.y),
            "stroke": style.stroke,
            "dasharray": style.dasharray,
            "linecap": style.linecap,
            "kind": style.kind,
            "title": f"{self.source.name} — {self.target.name}: {style.label}"
            + (f" ({' · '.join(self.activities)})" if self.activities else ""),
            "texts": [text.svg() for text in self.label],
        }

    def row(self) -> dict:
        return {
            "source": self.source,
            "target": self.target,
            "style": self.style,
            "activities": self.activities,
        }


def _polar(radius: float, angle: float) -> tuple[float, float]:
    radians = math.radians(angle)
    return radius * math.cos(radians), radius * math.sin(radians)


def _readable(angle: float) -> tuple[float, bool]:
    """The rotation that keeps text along `angle` upright, and whether it reads outward."""
    angle = (angle + 180) % 360 - 180  # -180 <= angle < 180
    if -90 <= angle < 90:
        return angle, True
    return angle + 180, False


def _name_label(node: Node, angle: float, text: str, weight: str = "normal") -> Text:
    """A name read outward from the middle, just beyond the node."""
    rotate, outward = _readable(angle)
    dx, dy = _polar(node.reach(angle) + 6, angle)
    return Text(
        node.x + dx,
        node.y + dy,
        clip(text, NAME_SIZE, MAX_NAME_WIDTH),
        anchor="start" if outward else "end",
        rotate=rotate,
        weight=weight,
    )


def _link_label(link: Link, lines: list[str]) -> list[Text]:
    """Activities written along the link, ending just before the outer node."""
    source, target = link.source, link.target
    dx, dy = target.x - source.x, target.y - source.y
    length = math.hypot(dx, dy)
    if not lines or length == 0:
        return []
    angle = math.degrees(math.atan2(dy, dx))
    room = length - source.reach(angle) - target.reach(angle + 180) - 24
    if room < 40:
        return []
    rotate, outward = _readable(angle)
    end = length - target.reach(angle + 180) - 10
    x, y = source.x + dx * end / length, source.y + dy * end / length
    offsets = ["-0.45em", "1.15em"] if len(lines) > 1 else ["-0.45em"]
    return [
        Text(
            x,
            y,
            clip(line, LINK_SIZE, room),
            size=LINK_SIZE,
            anchor="end" if outward else "start",
            rotate=rotate,
            fill=LINK_STYLES[link.kind].stroke if link.kind != WITHIN else GREEN_DARK,
            dy=offset,
        )
        for line, offset in zip(lines[:2], offsets, strict=False)
    ]


def _activity_lines(activities: list[str]) -> list[str]:
    """Two lines at most on the map: the meeting on one, the products on the other."""
    meeting = [a for a in activities if a == MONTHLY_MEETING]
    products = [a for a in activities if a != MONTHLY_MEETING]
    lines = [*meeting]
    if products:
        lines.append(", ".join(products))
    return lines


def _hub(node: Node, first: str, second: str) -> None:
    """A center drawn as a box with two lines: what it is and the organization hosting it."""
    node.shape = "box"
    node.width = max(text_width(first, 16), text_width(second, 14)) + 36
    node.height = 62
    node.fill, node.stroke = GREEN, GREEN_DARK
    node.texts = [
        Text(node.x, node.y - 11, first, size=16, weight="bold", fill=WHITE),
        Text(node.x, node.y + 13, second, size=14, fill=WHITE),
    ]


# Data ---------------------------------------------------------------------------------


def _period(ce_year: int, prefix: str = "") -> Q:
    """Rounds of the year: ordered in it, or still open and opened in it."""
    p = prefix
    return (
        Q(**{f"{p}status__in": ORDERED_STATUSES, f"{p}ordered_on__year": ce_year})
        | Q(
            **{
                f"{p}status__in": ORDERED_STATUSES,
                f"{p}ordered_on__isnull": True,
                f"{p}opens_at__year": ce_year,
            }
        )
        | Q(**{f"{p}status__in": UNDER_WAY_STATUSES, f"{p}opens_at__year": ce_year})
    )


@dataclass
class PartnerDealing:
    """A partner and a center that dealt with each other in rounds of the year."""

    partner_id: int
    name: str
    role: str
    location: str
    center_id: int
    ordered: bool = False  # at least one round already ordered (else all still open)
    products: list[str] = field(default_factory=list)

    @property
    def role_label(self) -> str:
        return PartnerRole(self.role).label

    @property
    def location_label(self) -> str:
        return PartnerLocation(self.location).label


def _dealings(ce_year: int, centers: list[Center]) -> list[PartnerDealing]:
    """Partners linked to the centers they dealt with in rounds of the year, and those that
    supported a center that year (two queries: the rounds with their products, the support)."""
    rows = (
        PurchaseRound.objects.filter(_period(ce_year), supplier__isnull=False)
        .filter(center__in=centers)
        .values_list(
            "status",
            "center_id",
            "supplier_id",
            "supplier__name",
            "supplier__role",
            "supplier__location",
            "items__product__name",
        )
        .order_by("supplier__name", "center_id", "pk", "items__product__name")
    )
    dealings: dict[tuple[int, int], PartnerDealing] = {}
    for status, center_id, partner_id, name, role, location, product in rows:
        dealing = dealings.setdefault(
            (partner_id, center_id),
            PartnerDealing(partner_id, name, role, location, center_id),
        )
        dealing.ordered = dealing.ordered or status in ORDERED_STATUSES
        if product is not None and product not in dealing.products:
            dealing.products.append(product)
    # Partners and support (ภาคีสนับสนุน) given in the year: outside links too.
    for center_id, partner_id, name, role, location, description in Support.objects.filter(
        center__in=centers, given_on__year=ce_year
    ).values_list(
        "center_id",
        "partner_id",
        "partner__name",
        "partner__role",
        "partner__location",
        "description",
    ):
        dealing = dealings.setdefault(
            (partner_id, center_id),
            PartnerDealing(partner_id, name, role, location, center_id, ordered=True),
        )
        dealing.ordered = True
        dealing.products.append(f"สนับสนุน{description}")
    return list(dealings.values())


def _dealing_kind(dealing: PartnerDealing) -> str:
    if not dealing.ordered:
        return IN_PROGRESS
    return {
        PartnerLocation.WITHIN: WITHIN,
        PartnerLocation.OUTSIDE: OUTSIDE,
        PartnerLocation.OUTSIDE_PROVINCE: OUTSIDE_PROVINCE,
    }.get(dealing.location, OUTSIDE)


def _monthly_meetings(year: int, centers) -> set[int]:
    """The centers whose committees held a monthly meeting in the (BE) year."""
    return set(
        Meeting.objects.filter(
            status=MeetingStatus.HELD,
            kind=MeetingKind.MONTHLY,
            year=year,
            committee__center__in=centers,
        )
        .values_list("committee__center_id", flat=True)
        .order_by()
        .distinct()
    )


def _provincial_products(ce_year: int, centers) -> dict[int, list[str]]:
    """What each district bought in the provincial rounds of the year (submitted orders).

    Read from the orders and the rounds' products, with one index probe for a line of each
    (order, product): the lines themselves grow with the groups (a year of rounds at scale
    is over a hundred thousand), the pairs do not."""
    rows = (
        DistrictOrder.objects.filter(
            _period(ce_year, "round__"),
            status=OrderStatus.SUBMITTED,
            round__center__level=CenterLevel.PROVINCIAL,
            center__in=centers,
        )
        .filter(
            Exists(OrderLine.objects.filter(order=OuterRef("pk"), item=OuterRef("round__items")))
        )
        .values_list("center_id", "round__items__product__name")
        .distinct()
        .order_by("center_id", "round__items__product__name")
    )
    products: dict[int, list[str]] = {}
    for center_id, name in rows:
        products.setdefault(center_id, []).append(name)
    return products


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


# Links from the baseline survey (ระยะที่ 1) ---------------------------------------------
#
# An organization's existing links (OrganizationLink) are drawn from the year of its survey
# on (every year when it has no survey date). Between two organizations on the map: within
# the network, on the line that already joins them when there is one (a group and its
# district center's host), else a line of their own. To an outside name, or to an
# organization without an active membership: outside the network, to a node of its own.
# To an organization of the network that this map does not show: within, to a node of its
# own, when the user may see it named (access.visible_partner: one they may open, a
# center's host or a provincial-level member), linked to its page only if they may open it.

# What the organization does, read from it; and the same link read from the partner.
SURVEY_WORDS = {
    LinkKind.BUYS_FROM: ("ซื้อ", "ขาย", "สินค้าหรือปัจจัยการผลิต"),
    LinkKind.SELLS_TO: ("ขาย", "รับซื้อ", "ผลผลิต"),
    LinkKind.FINANCE: ("กู้ยืม", "ให้กู้ยืม", "เงินทุน"),
    LinkKind.KNOWLEDGE: ("รับความรู้", "ให้ความรู้", "หรือการฝึกอบรม"),
    LinkKind.OTHER: ("", "", "ความร่วมมืออื่น"),
}
IN_NETWORK = (MembershipStatus.ACTIVE, MembershipStatus.SUSPENDED)


def _survey_links(
    ce_year: int, organization_ids, *, incoming: bool, members_of: Center | None = None
) -> list[OrganizationLink]:
    """The survey links of the organizations on the map (`incoming`: and the links to them
    recorded by others), as of the year (one query). The organizations: `organization_ids`
    and, with `members_of`, those with an open membership of that center, asked as a
    subquery: a district's hundreds of groups written into the SQL one by one took longer
    to send and plan than the query took to run."""
    member = Membership.objects.filter(status__in=IN_NETWORK)
    ends = Q(organization_id__in=organization_ids)
    partner_ends = Q(partner_organization_id__in=organization_ids)
    if members_of is not None:
        groups = Membership.objects.open().filter(center=members_of).values("organization_id")
        ends |= Q(organization_id__in=groups)
        partner_ends |= Q(partner_organization_id__in=groups)
    if incoming:
        ends |= partner_ends
    return list(
        OrganizationLink.objects.filter(ends)
        .filter(
            Q(organization__profile__isnull=True)
            | Q(organization__profile__surveyed_on__year__lte=ce_year)
        )
        .select_related("organization__district", "partner_organization__district")
        .annotate(
            organization_member=Exists(member.filter(organization=OuterRef("organization_id"))),
            organization_host=Exists(Center.objects.filter(host=OuterRef("organization_id"))),
            partner_member=Exists(member.filter(organization=OuterRef("partner_organization_id"))),
            partner_host=Exists(Center.objects.filter(host=OuterRef("partner_organization_id"))),
            organization_anchor=access.anchor_exists("organization_id"),
            partner_anchor=access.anchor_exists("partner_organization_id"),
        )
        .order_by("organization__name", "kind", "pk")
    )


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
    user, organization, in_network: bool, names: bool, anchor: bool
) -> tuple[Node, str] | None:
    """A node for an organization the map does not show, and the kind of its link; None
    when the user may not see it named (access.visible_partner; `anchor`: it is a center's
    host or a provincial-level member). Linked to its page only when the user may open it."""
    if not names or not access.visible_partner(user, organization, anchor=anchor):
        return None
    allowed = access.organization_decision(user, organization) is access.Decision.ALLOW
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


def _survey_edges(
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


def _join_survey(links: list[Link], edges: list[SurveyEdge]) -> list[Link]:
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


# Layouts ------------------------------------------------------------------------------


def _ring_angles(count: int, start: float = -90.0, span: float = 360.0) -> list[float]:
    step = span / max(count, 1)
    return [start + step * (index + 0.5) for index in range(count)]


def _place(node: Node, radius: float, angle: float, origin: Node | None = None) -> None:
    ox, oy = (origin.x, origin.y) if origin else (0.0, 0.0)
    dx, dy = _polar(radius, angle)
    node.x, node.y = ox + dx, oy + dy


def _outer_slots(count: int, districts: int, preferred: list[int | None]) -> list[tuple[int, int]]:
    """Slots on the outer ring for `count` nodes: (slot, number of slots).

    With no more nodes than district centers, every node sits in a gap between two
    district centers, so its link passes between them; a node that deals with one district
    center only prefers the gap beside it. With more, the ring gets finer slots.
    """
    districts = max(districts, 1)
    per_gap = max(1, math.ceil(count / districts))
    slots = districts * per_gap
    taken: set[int] = set()
    result: list[tuple[int, int] | None] = [None] * count
    # First those tied to a district center, then the others spread evenly.
    order = sorted(range(count), key=lambda i: preferred[i] is None)
    others = [i for i in order if preferred[i] is None]
    for index in order:
        if preferred[index] is not None:
            wanted = preferred[index] * per_gap
        else:
            wanted = int((others.index(index) + 0.5) * slots / max(len(others), 1))
        for step in range(slots):
            for candidate in ((wanted + step) % slots, (wanted - step) % slots):
                if candidate not in taken:
                    taken.add(candidate)
                    result[index] = (candidate, slots)
                    break
            if result[index] is not None:
                break
    return [slot for slot in result if slot is not None]


def _province_map(user, year: int, centers: list[Center], names: bool) -> dict:
    """The province view: nodes, links and the figures of the description."""
    ce_year = year - thai.BE_OFFSET
    province = next(center for center in centers if center.level == CenterLevel.PROVINCIAL)
    districts = [center for center in centers if center.level == CenterLevel.DISTRICT]
    hosts = {center.host_id: center for center in districts}

    memberships = list(
        Membership.objects.open()
        .filter(center=province)
        .select_related("organization")
        .order_by("organization__name")
    )
    host_status = {m.organization_id: m.status for m in memberships if m.organization_id in hosts}
    members = [m for m in memberships if m.organization_id not in hosts]
    meetings = _monthly_meetings(year, districts)
    bought = _provincial_products(ce_year, districts)
    dealings = _dealings(ce_year, centers)

    hub = _provincial_node(user, province)
    _hub(hub, "ศูนย์ประสานงานระดับจังหวัด", province.host.name)
    nodes, links = [hub], []

    # District centers on the inner ring.
    district_angles = _ring_angles(len(districts), start=-90 - 180 / max(len(districts), 1))
    inner = max(hub.width / 2 + 230, 360.0)
    district_nodes = {}
    for center, angle in zip(districts, district_angles, strict=True):
        node = _district_node(user, center)
        node.radius, node.fill, node.stroke = 22, GREEN_LIGHT, GREEN
        _place(node, inner, angle)
        node.texts = [_name_label(node, angle, center.district.name, weight="bold")]
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
    survey, extras = _survey_edges(
        user,
        _survey_links(ce_year, list(drawn), incoming=False),
        drawn,
        {node.name: node for node in partner_nodes.values()},
        names=names,
        incoming=False,  # a group's links show on its district's map
    )

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
    longest_district = max(
        (text_width(center.district.name, NAME_SIZE) for center in districts), default=60
    )
    outer = inner + 22 + longest_district + 80
    slots = _outer_slots(len(outer_nodes), len(districts), preferred)
    for node, (slot, total) in zip(outer_nodes, slots, strict=True):
        # Slot 0 is the gap after the first district center (at the top).
        angle = -90 + 360 * (slot + 0.5) / total
        staggered = outer + (70 if total > len(districts) and slot % 2 else 0)
        _place(node, staggered, angle)
        node.texts = [_name_label(node, angle, node.name)]
        if node.count is not None:
            node.texts.append(Text(node.x, node.y, str(node.count), size=13, weight="bold"))
        nodes.append(node)

    for node, link_kind, activities in member_nodes:
        links.append(Link(hub, node, link_kind, activities))
    for dealing in dealings:
        node = partner_nodes[dealing.partner_id]
        source = hub if dealing.center_id == province.pk else district_nodes[dealing.center_id]
        links.append(Link(source, node, _dealing_kind(dealing), dealing.products))
    links += _join_survey(links, survey)
    for link in links:
        link.label = _link_label(link, _activity_lines(link.activities))

    summary = (
        f"{province.name} ตั้งอยู่ที่{province.host.name} อยู่ตรงกลาง "
        f"เชื่อมกับศูนย์ประสานงานระดับอำเภอ {len(districts)} ศูนย์ "
        f"สมาชิกระดับจังหวัด {len(members)} องค์กร "
        f"และคู่ค้า {len(partner_nodes)} รายที่ทำธุรกรรมกับศูนย์ในปี {year}"
    )
    if survey:
        summary += f" เส้นเชื่อมโยงจากการสำรวจข้อมูลพื้นฐาน {len(survey)} รายการ"
    return {"nodes": nodes, "links": links, "rows": links, "summary": summary}


def _district_map(user, year: int, center: Center, province: Center) -> dict:
    """The district view: the district center, its groups and suppliers, the province above."""
    ce_year = year - thai.BE_OFFSET
    # The groups of the district, and the district's own membership of the province.
    found = list(
        Membership.objects.open()
        .filter(Q(center=center) | Q(center=province, organization_id=center.host_id))
        .select_related("organization")
        # What the map and its table read: a district has hundreds of groups.
        .only(
            "status",
            "center_id",
            "organization__name",
            "organization__kind",
            "organization__district_id",
            "organization__public_id",
        )
        .order_by("organization__name")
    )
    host_status = next((m.status for m in found if m.center_id == province.pk), None)
    kinds = list(OrganizationKind.values)
    memberships = sorted(
        (m for m in found if m.center_id == center.pk),
        key=lambda m: (kinds.index(m.organization.kind), m.organization.name),
    )
    meetings = _monthly_meetings(year, [center])
    bought = _provincial_products(ce_year, [center])
    dealings = _dealings(ce_year, [center])
    ordered: dict[int, list[str]] = {}
    for organization_id, name in (
        OrderLine.objects.filter(
            _period(ce_year, "order__round__"),
            order__center=center,
            order__status=OrderStatus.SUBMITTED,
        )
        .values_list("organization_id", "item__product__name")
        .distinct()
        .order_by("organization_id", "item__product__name")
    ):
        ordered.setdefault(organization_id, []).append(name)
    attended = set(
        Attendance.objects.filter(
            meeting__committee__center=center,
            meeting__status=MeetingStatus.HELD,
            meeting__kind=MeetingKind.MONTHLY,
            meeting__year=year,
            status=AttendanceStatus.PRESENT,
            person__organization__isnull=False,
        )
        .values_list("person__organization_id", flat=True)
        .order_by()
        .distinct()
    )

    hub = _district_node(user, center)
    _hub(hub, f"ศูนย์ประสานงานระดับอำเภอ{center.district.name}", center.host.name)
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
    survey, extras = _survey_edges(
        user,
        # The hosts and the groups: the organizations in `drawn` (see _survey_links).
        _survey_links(
            ce_year, [center.host_id, province.host_id], incoming=True, members_of=center
        ),
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
    shown = {hub.key, top.key} | {node.key for node in _ring(group_nodes, hanging, tail)}
    survey = [edge for edge in survey if {edge.source.key, edge.target.key} <= shown]
    links += _join_survey(links, survey)

    # Every link is a row of the table under the map. A district of more groups than a
    # ring can show draws them as counts (see "A district of many groups" below).
    rows = links
    grouped = len(members) > MAX_DRAWN_GROUPS
    if grouped:
        stand_in = _group_count_nodes(memberships, group_nodes)
        group_nodes, hanging = _grouped_hanging(group_nodes, hanging, stand_in)
        links = _grouped_links(links, stand_in)
    ring = _ring(group_nodes, hanging, tail)

    gap = 40.0  # degrees either side of the top, kept for the provincial center
    span = 360 - 2 * gap
    angles = _ring_angles(len(ring), start=-90 + gap, span=span)
    radius = max(300.0, hub.width / 2 + 200, 26 * len(ring) / math.radians(span))
    for node, angle in zip(ring, angles, strict=True):
        _place(node, radius, angle)
        node.texts = [_name_label(node, angle, node.name)]
        if node.count is not None:
            node.texts.append(Text(node.x, node.y, str(node.count), size=13, weight="bold"))
        nodes.append(node)

    top.x, top.y = 0.0, -(radius + 60)
    _hub(top, "ศูนย์ประสานงานระดับจังหวัด", province.host.name)
    nodes.append(top)
    for link in links:
        if link.target is top:
            link.label = _link_label(link, _activity_lines(link.activities))
        else:
            line = " · ".join(_activity_lines(link.activities))
            link.label = _link_label(link, [line] if line else [])

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
# each. Nothing is lost: every link, with its group and activities, is a row of the table
# under the map (paginated there).

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


def _ring(groups: list[Node], hanging: dict[str, list[Node]], tail: list[Node]) -> list[Node]:
    """The district's ring: each group followed by the nodes its survey links add, then
    the suppliers and what the host's own survey links add (`tail`)."""
    ring = []
    for node in groups:
        ring.append(node)
        ring += hanging.get(node.key, [])
    return ring + tail


def _grouped_hanging(
    groups: list[Node], hanging: dict[str, list[Node]], stand_in: dict[str, Node]
) -> tuple[list[Node], dict[str, list[Node]]]:
    """The count nodes in their order, each with the nodes its groups' survey links add."""
    counts: dict[str, Node] = {}
    moved: dict[str, list[Node]] = dict(hanging)
    for node in groups:
        count = counts.setdefault(stand_in[node.key].key, stand_in[node.key])
        moved.setdefault(count.key, []).extend(moved.pop(node.key, []))
    order = {node.key: index for index, node in enumerate(stand_in.values())}
    return sorted(counts.values(), key=lambda node: order[node.key]), moved


def _grouped_links(links: list[Link], stand_in: dict[str, Node]) -> list[Link]:
    """The links with the groups replaced by their count nodes: lines between the same
    two nodes (of the same kind) merged, a line of a count node saying how many of its
    groups do each activity; the line between two groups of the same count node left out
    (it stays in the table)."""
    merged: dict[tuple[str, str, str], tuple[Link, list[Link]]] = {}
    for link in links:
        source = stand_in.get(link.source.key, link.source)
        target = stand_in.get(link.target.key, link.target)
        if source is target:
            continue
        key = (source.key, target.key, link.kind)
        merged.setdefault(key, (Link(source, target, link.kind), []))[1].append(link)
    drawn = []
    for line, originals in merged.values():
        if line.source.count is None and line.target.count is None:
            line.activities = list(originals[0].activities)  # not a group's: as it was
        else:
            line.activities = _counted_activities(originals)
        drawn.append(line)
    return drawn


def _counted_activities(links: list[Link]) -> list[str]:
    """The activities of several lines, each with the number of lines (groups) doing it,
    the most common first."""
    counts: dict[str, int] = {}
    for link in links:
        for activity in link.activities:
            counts[activity] = counts.get(activity, 0) + 1
    ordered = sorted(counts, key=lambda activity: -counts[activity])  # stable: first seen
    return [f"{activity} ({counts[activity]:,} แห่ง)" for activity in ordered]


def _legend(left: float, top: float) -> tuple[list[dict], float]:
    items = []
    column = 330.0
    for index, kind in enumerate(LEGEND_ORDER):
        style = LINK_STYLES[kind]
        x = left + (index % 2) * column
        y = top + 18 + (index // 2) * 28
        items.append(
            {
                "x1": _fmt(x),
                "x2": _fmt(x + 56),
                "y": _fmt(y),
                "tx": _fmt(x + 66),
                "stroke": style.stroke,
                "dasharray": style.dasharray,
                "linecap": style.linecap,
                "label": style.label,
            }
        )
    return items, 2 * column


# The links and nodes as SVG markup, written here rather than by template loops: a map of
# the province at scale has a few hundred of each, and the template engine took as long
# to write them as the rest of the page. The markup is the one the template wrote.


def _attributes(text: dict, *pairs: tuple[str, str]) -> str:
    return "".join(f' {name}="{escape(text[key])}"' for name, key in pairs)


def _texts_markup(texts: list[dict], *, link: bool) -> str:
    parts = []
    for text in texts:
        attributes = _attributes(
            text, ("x", "x"), ("y", "y"), ("dy", "dy"), ("font-size", "size"),
            ("text-anchor", "anchor"),
        )  # fmt: skip
        if link:
            attributes += f' fill="{escape(text["fill"])}" stroke="none"'
        else:
            attributes += _attributes(text, ("font-weight", "weight"), ("fill", "fill"))
        if text["transform"]:
            attributes += f' transform="{escape(text["transform"])}"'
        parts.append(f"<text{attributes}>{escape(text['text'])}</text>")
    return "".join(parts)


def _links_markup(links: list[dict]) -> str:
    parts = []
    for link in links:
        dasharray = f' stroke-dasharray="{escape(link["dasharray"])}"' if link["dasharray"] else ""
        line = _attributes(
            link, ("x1", "x1"), ("y1", "y1"), ("x2", "x2"), ("y2", "y2"), ("stroke", "stroke"),
            ("stroke-linecap", "linecap"),
        )  # fmt: skip
        parts.append(
            f'<g class="map-link map-link-{escape(link["kind"])}">\n'
            f"      <title>{escape(link['title'])}</title>\n"
            f"      <line{line}{dasharray}/>\n"
            f"      {_texts_markup(link['texts'], link=True)}\n"
            "    </g>\n    "
        )
    return "".join(parts)


def _nodes_markup(nodes: list[dict]) -> str:
    parts = []
    for node in nodes:
        if node["url"]:
            start, end = f'<a href="{escape(node["url"])}" class="map-node">', "</a>"
        else:
            start, end = '<g class="map-node">', "</g>"
        paint = _attributes(node, ("fill", "fill"), ("stroke", "stroke"))
        if node["shape"] == "box":
            place = _attributes(
                node, ("x", "x"), ("y", "y"), ("width", "width"), ("height", "height")
            )
            shape = f'<rect{place} rx="10"{paint} stroke-width="2"/>'
        elif node["shape"] == "diamond":
            shape = f'<polygon points="{escape(node["points"])}"{paint} stroke-width="2"/>'
        else:
            place = _attributes(node, ("cx", "cx"), ("cy", "cy"), ("r", "r"))
            dasharray = (
                f' stroke-dasharray="{escape(node["dasharray"])}"' if node["dasharray"] else ""
            )
            shape = f'<circle{place}{paint} stroke-width="2"{dasharray}/>'
        parts.append(
            f"{start}\n"
            f"      <title>{escape(node['title'])}</title>\n"
            f"      {shape}\n"
            f"      {_texts_markup(node['texts'], link=False)}\n"
            f"    {end}\n    "
        )
    return "".join(parts)


def _drawing(nodes: list[Node], links: list[Link]) -> dict:
    points = [point for node in nodes for point in node.extent()]
    points += [point for link in links for text in link.label for point in text.extent()]
    min_x = min(x for x, _ in points) - 24
    max_x = max(x for x, _ in points) + 24
    min_y = min(y for _, y in points) - 24
    max_y = max(y for _, y in points) + 24
    legend_height = 72.0
    legend, legend_width = _legend(min_x, min_y - legend_height)
    max_x = max(max_x, min_x + legend_width)
    top = min_y - legend_height
    drawing = {
        "view_box": " ".join(_fmt(v) for v in (min_x, top, max_x - min_x, max_y - top)),
        # The drawing's own size, a unit a pixel: the size a phone shows it at (scrolled),
        # where the smallest text (LINK_SIZE) is 12 px; and where its middle (the center
        # drawn at 0, 0) lies in it, for the phone's first view.
        "width": _fmt(max_x - min_x),
        "height": _fmt(max_y - top),
        "middle_x": _fmt(-min_x),
        "middle_y": _fmt(-top),
        "legend": legend,
        "nodes": [node.svg() for node in nodes],
        "links": [link.svg() for link in links],
    }
    drawing["links_markup"] = mark_safe(_links_markup(drawing["links"]))  # escaped above
    drawing["nodes_markup"] = mark_safe(_nodes_markup(drawing["nodes"]))
    return drawing


# The page -----------------------------------------------------------------------------


def _year(request) -> int:
    try:
        return thai.parse_be_year(request.GET.get("year", ""))  # 2548, also 2,548
    except thai.BEDateError:
        return thai.be_year(timezone.localdate())


def network_map(request):
    """แผนภาพเครือข่าย: the province view, or a district's view (`?district=9009`)."""
    user = request.user
    year = _year(request)
    centers = list(
        Center.objects.select_related("district", "host").order_by("level", "district__code")
    )
    province = next((c for c in centers if c.level == CenterLevel.PROVINCIAL), None)
    if province is None:
        raise Http404("ยังไม่ได้ตั้งศูนย์ประสานงานระดับจังหวัด")
    districts = [c for c in centers if c.level == CenterLevel.DISTRICT]
    code = request.GET.get("district", "").strip()
    center = None
    if code:
        center = next((c for c in districts if c.district.code == code), None)
        if center is None:
            raise Http404("ไม่พบอำเภอนี้")
        access.enforce(access.center_decision(user, center))

    names = access.scope_of(user).has_role
    if center is None:
        drawn = _province_map(user, year, [province, *districts], names)
        heading = "แผนภาพเครือข่ายระดับจังหวัด"
    else:
        drawn = _district_map(user, year, center, province)
        heading = f"แผนภาพเครือข่ายอำเภอ{center.district.name}"

    years = {thai.be_year(c.founded_on) for c in centers if c.founded_on}
    current = thai.be_year(timezone.localdate())
    first = min(years | {current})
    year_choices = [str(y) for y in range(max(current, year), min(first, year) - 1, -1)]
    viewable = [c for c in districts if access.may_view_center(user, c)]
    # The table under the map: a row for each link (also those a crowded district's map
    # draws as counts), a page at a time when there are many.
    rows = Paginator([link.row() for link in drawn["rows"]], ROWS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    here = {"district": center.district.code} if center else {}
    return render(
        request,
        "reports/network_map.html",
        {
            "heading": heading,
            "year": str(year),
            "year_choices": year_choices,
            "center": center,
            "province": province,
            "district_choices": [(c.district.code, c.district.name) for c in viewable],
            "show_names": names,
            "summary": drawn["summary"],
            "svg": _drawing(drawn["nodes"], drawn["links"]),
            "rows": rows.object_list,
            "page": rows,
            "page_query": urlencode({**here, "year": year}),
            "legend_styles": [LINK_STYLES[kind] for kind in LEGEND_ORDER],
            "province_url": reverse("network_map") + f"?year={year}",
        },
    )
