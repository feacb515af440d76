"""Charts drawn on the server as SVG: readable on a phone, in print and in the PDF, with no
script. Each chart is a list of labelled groups of bars, with the values written on them."""

from dataclasses import dataclass
from decimal import Decimal

from songkhla_network import thai

COLORS = ("#1f6b3a", "#8fbf9f", "#c9d6cd")  # this month, previous month, a year before


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    color: str
    label: str
    text_x: float
    text_y: float


@dataclass
class Chart:
    title: str
    width: int
    height: int
    bars: list
    groups: list  # (x, label)
    legend: list  # (color, label)
    empty: bool


def bar_chart(title, groups, series_labels, places=0, unit="") -> Chart:
    """groups: [(group label, [value for each series])]."""
    width, top, bottom, left = 640, 20, 60, 10
    height = 260
    plot_height = height - top - bottom
    values = [Decimal(v or 0) for _, row in groups for v in row]
    peak = max(values, default=Decimal(0))
    bars, labels = [], []
    slot = (width - 2 * left) / max(len(groups), 1)
    bar_width = min(48.0, slot / (len(series_labels) + 1))
    for index, (label, row) in enumerate(groups):
        start = left + index * slot + (slot - bar_width * len(row)) / 2
        for series, value in enumerate(row):
            value = Decimal(value or 0)
            h = float(value / peak * plot_height) if peak > 0 else 0.0
            x = start + series * bar_width
            y = top + plot_height - h
            bars.append(
                Bar(
                    x=round(x, 1),
                    y=round(y, 1),
                    width=round(bar_width - 4, 1),
                    height=round(h, 1),
                    color=COLORS[series % len(COLORS)],
                    label=f"{thai.number(value, places)}{unit}",
                    text_x=round(x + (bar_width - 4) / 2, 1),
                    text_y=round(max(y - 4, 12), 1),
                )
            )
        labels.append((round(left + index * slot + slot / 2, 1), label))
    return Chart(
        title=title,
        width=width,
        height=height,
        bars=bars,
        groups=labels,
        legend=list(zip(COLORS, series_labels, strict=False)),
        empty=peak <= 0,
    )


def purchases_chart(data, series_labels) -> Chart:
    """Value of joint purchases by product: this month, previous month, a year before."""
    periods = [data["current"], data["previous"], data["last_year"]]
    names = sorted(
        {row["product"] for period in periods for row in period["purchases"]["products"]}
    )
    groups = []
    for name in names:
        row = []
        for period in periods:
            found = next((p for p in period["purchases"]["products"] if p["product"] == name), None)
            row.append(found["value"] if found else 0)
        groups.append((name, row))
    return bar_chart("มูลค่าการซื้อร่วมตามสินค้า (บาท)", groups, series_labels)


def meetings_chart(data, series_labels) -> Chart:
    periods = [data["current"], data["previous"], data["last_year"]]
    groups = [
        ("การประชุมที่จัด", [p["meetings"]["held"] for p in periods]),
        ("ครบองค์ประชุม", [p["meetings"]["with_quorum"] for p in periods]),
        ("เรื่องที่เสร็จ", [p["actions"]["done"] for p in periods]),
        ("เรื่องที่เลยกำหนด", [p["actions"]["overdue"] for p in periods]),
    ]
    return bar_chart("การประชุมและการติดตามงาน", groups, series_labels)
