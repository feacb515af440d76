"""Charts drawn on the server: readable on a phone, in print and in the PDF, with no script.
Each chart is a list of labelled groups of bars, with the values written on them.

The bars are an SVG without text; the values and the group labels are HTML laid over and
under it (templates/reports/includes/chart.html), positioned in percent of the drawing.
WeasyPrint draws SVG text glyph by glyph, without shaping, so Thai printed with dotted
circles where its vowels and tone marks belong ("การประชุ◌มท◌ี◌่จ◌ัด"); HTML text is shaped
by Pango like the rest of the PDF, and the browser page shows the same figure."""

from dataclasses import dataclass
from decimal import Decimal

from songkhla_network import thai

COLORS = ("#1f6b3a", "#8fbf9f", "#c9d6cd")  # this month, previous month, a year before
WIDTH, TOP, PLOT_HEIGHT, BOTTOM, SIDE = 640, 24, 180, 4, 10  # the drawing, in SVG units


def _percent(part: float, whole: float) -> float:
    return round(part / whole * 100, 3)


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    color: str
    label: str
    label_left: float  # percent of the drawing's width: the middle of the bar
    label_bottom: float  # percent of the drawing's height: just above the bar


@dataclass
class Chart:
    title: str
    width: int
    height: int
    axis_y: int
    bars: list
    groups: list  # group labels, each under an equal slot of the drawing
    legend: list  # (color, label)
    empty: bool

    @property
    def ratio(self) -> float:
        """The drawing's height in percent of its width (the HTML box that holds it)."""
        return _percent(self.height, self.width)

    @property
    def axis(self) -> tuple[int, int]:
        """Where the axis line starts and ends (SVG units)."""
        return SIDE, self.width - SIDE

    @property
    def side(self) -> float:
        """The margin left and right of the slots, in percent of the width."""
        return _percent(SIDE, self.width)


def bar_chart(title, groups, series_labels, places=0, unit="") -> Chart:
    """groups: [(group label, [value for each series])]."""
    height = TOP + PLOT_HEIGHT + BOTTOM
    axis_y = TOP + PLOT_HEIGHT
    values = [Decimal(v or 0) for _, row in groups for v in row]
    peak = max(values, default=Decimal(0))
    bars = []
    slot = (WIDTH - 2 * SIDE) / max(len(groups), 1)
    bar_width = min(48.0, slot / (len(series_labels) + 1))
    for index, (_label, row) in enumerate(groups):
        start = SIDE + index * slot + (slot - bar_width * len(row)) / 2
        for series, value in enumerate(row):
            value = Decimal(value or 0)
            h = float(value / peak * PLOT_HEIGHT) if peak > 0 else 0.0
            x = start + series * bar_width
            y = axis_y - h
            bars.append(
                Bar(
                    x=round(x, 1),
                    y=round(y, 1),
                    width=round(bar_width - 4, 1),
                    height=round(h, 1),
                    color=COLORS[series % len(COLORS)],
                    label=f"{thai.number(value, places)}{unit}",
                    label_left=_percent(x + (bar_width - 4) / 2, WIDTH),
                    label_bottom=_percent(height - y + 2, height),
                )
            )
    return Chart(
        title=title,
        width=WIDTH,
        height=height,
        axis_y=axis_y,
        bars=bars,
        groups=[label for label, _ in groups],
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
