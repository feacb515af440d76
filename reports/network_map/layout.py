"""Where the network map's nodes, names and links go: rings around the center the map is
about, deterministic. Pure geometry on the map's own nodes and links: no ORM, no request.

Links are drawn by kind with the legend of the report: within the network (memberships),
outside the network and outside the province (partners, by `Partner.location`), and in
progress (applied memberships; rounds still open).
"""

import math
from dataclasses import dataclass, field

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

FONT = "Sarabun, Loma, Garuda, sans-serif"
INK, MUTED, WHITE = "#1d2521", "#5b6660", "#ffffff"
GREEN, GREEN_DARK, GREEN_LIGHT = "#1f6b3a", "#154d29", "#dcefe2"
PARTNER_FILLS = {WITHIN: "#dcefe2", OUTSIDE: "#fde7cf", OUTSIDE_PROVINCE: "#dce8f6"}
PARTNER_STROKES = {WITHIN: "#1f6b3a", OUTSIDE: "#b0611a", OUTSIDE_PROVINCE: "#1c4471"}

NAME_SIZE = 14  # ring labels
LINK_SIZE = 12  # activities on links
MAX_NAME_WIDTH = 300  # longer names are shortened on the map, full in the list


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


# What is drawn: texts, nodes and the links between them -----------------------------------


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

    def row(self) -> dict:
        return {
            "source": self.source,
            "target": self.target,
            "style": self.style,
            "activities": self.activities,
        }


# Names and labels ---------------------------------------------------------------------


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


def label_links(links: list[Link]) -> None:
    """Each link's activities along it, on two lines at most (the province view)."""
    for link in links:
        link.label = _link_label(link, _activity_lines(link.activities))


def label_district_links(links: list[Link], top: Node) -> None:
    """The district view: two lines on the link up to the province (`top`), one on the
    others (the ring is crowded)."""
    for link in links:
        if link.target is top:
            link.label = _link_label(link, _activity_lines(link.activities))
        else:
            line = " · ".join(_activity_lines(link.activities))
            link.label = _link_label(link, [line] if line else [])


def hub_box(node: Node, first: str, second: str) -> None:
    """A center drawn as a box with two lines: what it is and the organization hosting it."""
    node.shape = "box"
    node.width = max(text_width(first, 16), text_width(second, 14)) + 36
    node.height = 62
    node.fill, node.stroke = GREEN, GREEN_DARK
    node.texts = [
        Text(node.x, node.y - 11, first, size=16, weight="bold", fill=WHITE),
        Text(node.x, node.y + 13, second, size=14, fill=WHITE),
    ]


# Rings ------------------------------------------------------------------------------------


def _ring_angles(count: int, start: float = -90.0, span: float = 360.0) -> list[float]:
    step = span / max(count, 1)
    return [start + step * (index + 0.5) for index in range(count)]


def _place(node: Node, radius: float, angle: float, origin: Node | None = None) -> None:
    ox, oy = (origin.x, origin.y) if origin else (0.0, 0.0)
    dx, dy = _polar(radius, angle)
    node.x, node.y = ox + dx, oy + dy


def _label_on_ring(node: Node, angle: float) -> None:
    """The node's name read outward; a count node's number inside it."""
    node.texts = [_name_label(node, angle, node.name)]
    if node.count is not None:
        node.texts.append(Text(node.x, node.y, str(node.count), size=13, weight="bold"))


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


def place_district_centers(hub: Node, centers: list[Node], names: list[str]) -> float:
    """The province view's inner ring: the district centers around the provincial center
    (`hub`, already a box), each with its district's name. Returns the ring's radius."""
    angles = _ring_angles(len(centers), start=-90 - 180 / max(len(centers), 1))
    inner = max(hub.width / 2 + 230, 360.0)
    for node, name, angle in zip(centers, names, angles, strict=True):
        _place(node, inner, angle)
        node.texts = [_name_label(node, angle, name, weight="bold")]
    return inner


def place_outer_ring(
    nodes: list[Node], inner: float, district_names: list[str], preferred: list[int | None]
) -> None:
    """The province view's outer ring, beyond the district centers' names: `preferred`, for
    each node, the index of the district center it sits beside, or None."""
    longest_district = max((text_width(name, NAME_SIZE) for name in district_names), default=60)
    outer = inner + 22 + longest_district + 80
    districts = len(district_names)
    slots = _outer_slots(len(nodes), districts, preferred)
    for node, (slot, total) in zip(nodes, slots, strict=True):
        # Slot 0 is the gap after the first district center (at the top).
        angle = -90 + 360 * (slot + 0.5) / total
        staggered = outer + (70 if total > districts and slot % 2 else 0)
        _place(node, staggered, angle)
        _label_on_ring(node, angle)


def place_district_ring(hub: Node, ring: list[Node], top: Node) -> None:
    """The district view: the ring around the district center (`hub`, already a box),
    leaving room at the top for the provincial center (`top`), placed above it."""
    gap = 40.0  # degrees either side of the top, kept for the provincial center
    span = 360 - 2 * gap
    angles = _ring_angles(len(ring), start=-90 + gap, span=span)
    radius = max(300.0, hub.width / 2 + 200, 26 * len(ring) / math.radians(span))
    for node, angle in zip(ring, angles, strict=True):
        _place(node, radius, angle)
        _label_on_ring(node, angle)
    top.x, top.y = 0.0, -(radius + 60)


def district_ring(
    groups: list[Node], hanging: dict[str, list[Node]], tail: list[Node]
) -> list[Node]:
    """The district's ring: each group followed by the nodes its survey links add, then
    the suppliers and what the host's own survey links add (`tail`)."""
    ring = []
    for node in groups:
        ring.append(node)
        ring += hanging.get(node.key, [])
    return ring + tail


# Groups drawn as counts (see "A district of many groups" in maps.py) -----------------------


def grouped_hanging(
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


def grouped_links(links: list[Link], stand_in: dict[str, Node]) -> list[Link]:
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
