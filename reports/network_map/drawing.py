"""The network map as SVG: the placed nodes and links (layout.py) turned into what the
template draws, with presentation attributes only, so it reads without JavaScript or the
site's stylesheet."""

from django.utils.html import escape
from django.utils.safestring import mark_safe

from .layout import LEGEND_ORDER, LINK_STYLES, Link, Node, Text


def _fmt(value: float) -> str:
    text = f"{value:.1f}"
    return "0.0" if text == "-0.0" else text


def _text_svg(text: Text) -> dict:
    return {
        "x": _fmt(text.x),
        "y": _fmt(text.y),
        "text": text.text,
        "size": _fmt(text.size),
        "anchor": text.anchor,
        "transform": (
            f"rotate({_fmt(text.rotate)} {_fmt(text.x)} {_fmt(text.y)})" if text.rotate else ""
        ),
        "weight": text.weight,
        "fill": text.fill,
        "dy": text.dy,
    }


def _node_svg(node: Node) -> dict:
    title = f"{node.name} ({node.note})" if node.note else node.name
    shape = {"shape": node.shape, "fill": node.fill, "stroke": node.stroke}
    if node.shape == "box":
        shape.update(
            x=_fmt(node.x - node.width / 2),
            y=_fmt(node.y - node.height / 2),
            width=_fmt(node.width),
            height=_fmt(node.height),
        )
    elif node.shape == "diamond":
        r = node.radius
        shape["points"] = " ".join(
            f"{_fmt(px)},{_fmt(py)}"
            for px, py in (
                (node.x, node.y - r),
                (node.x + r, node.y),
                (node.x, node.y + r),
                (node.x - r, node.y),
            )
        )
    else:
        shape.update(cx=_fmt(node.x), cy=_fmt(node.y), r=_fmt(node.radius))
    return {
        "key": node.key,
        "title": title,
        "url": node.url,
        "dasharray": node.dasharray,
        **shape,
        "texts": [_text_svg(text) for text in node.texts],
    }


def _link_svg(link: Link) -> dict:
    style = link.style
    return {
        "x1": _fmt(link.source.x),
        "y1": _fmt(link.source.y),
        "x2": _fmt(link.target.x),
        "y2": _fmt(link.target.y),
        "stroke": style.stroke,
        "dasharray": style.dasharray,
        "linecap": style.linecap,
        "kind": style.kind,
        "title": f"{link.source.name} — {link.target.name}: {style.label}"
        + (f" ({' · '.join(link.activities)})" if link.activities else ""),
        "texts": [_text_svg(text) for text in link.label],
    }


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


def drawing(nodes: list[Node], links: list[Link]) -> dict:
    """What the template draws: the view box around every node and label, the legend above
    them, the nodes and links (as data and as markup)."""
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
        "nodes": [_node_svg(node) for node in nodes],
        "links": [_link_svg(link) for link in links],
    }
    drawing["links_markup"] = mark_safe(_links_markup(drawing["links"]))  # escaped above
    drawing["nodes_markup"] = mark_safe(_nodes_markup(drawing["nodes"]))
    return drawing
