"""Charts drawn on the server as inline SVG: no script, no chart library.

A chart is computed here as plain shapes (bars, texts, a line) in a fixed coordinate space
and drawn by templates/opendata/includes/chart.html. In a right-to-left language every
horizontal position is mirrored, so bars grow from the right and time runs along the
reading direction; the SVG carries `direction="rtl"`, which makes `text-anchor` start and
end follow the reading direction too. Colours come from CSS classes (no inline styles), and
the same numbers are always printed in a table next to the chart.
"""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import get_language_bidi as bidi

from azemmour_portal.templatetags.portal import partial_date, percent

# Drawn for a phone: 320 px fit a 360 px screen beside the page's margins, so a chart is
# shown at its own size there and on a desktop, never shrunk to illegible text. Each row
# puts its label on a line of its own above the bar, which can then use the whole width.
WIDTH = 320
VALUE_WIDTH = 130  # room after the longest bar for its value (12 px digits and a unit)
LABEL = 18  # the line of a row's label
BAR = 18
GAP = 12  # between one row's bar and the next row's label
ROW = LABEL + BAR + GAP
PAD = 8
LABEL_CHARS = 40
PAIRED = ("planned", "spent")  # the CSS classes of a paired chart's two bars


@dataclass
class Shape:
    x: float
    y: float
    width: float = 0
    height: float = 0
    css: str = ""


@dataclass
class Text:
    x: float
    y: float
    text: str
    anchor: str = "start"  # start or end, along the reading direction
    css: str = ""


@dataclass
class Chart:
    id: str
    title: str
    description: str
    height: int
    rtl: bool
    width: int = WIDTH
    bars: list[Shape] = field(default_factory=list)
    texts: list[Text] = field(default_factory=list)
    lines: list[Shape] = field(default_factory=list)  # x, y to width, height (x2, y2)
    points: str = ""  # a polyline, "x,y x,y …"
    dots: list[Shape] = field(default_factory=list)

    @property
    def title_id(self):
        return f"{self.id}-title"

    @property
    def desc_id(self):
        return f"{self.id}-desc"

    def x(self, position: float, width: float = 0) -> float:
        """A horizontal position measured from the start of the reading direction."""
        return round(self.width - position - width, 1) if self.rtl else round(position, 1)


def _scale(values, room: float):
    top = max((float(v) for v in values if v), default=0)
    return (lambda v: room * float(v) / top) if top else (lambda v: 0)


def bar_chart(*, id, title, description, items, css="bar") -> Chart:
    """One bar per item: `items` are (label, value, value as written, extra CSS class)."""
    chart = Chart(id, title, description, height=2 * PAD + ROW * len(items) - GAP, rtl=bidi())
    scale = _scale([value for _label, value, _text, _css in items], _room(chart))
    for row, (label, value, text, extra) in enumerate(items):
        top = PAD + row * ROW
        _row_label(chart, top, label)
        length = scale(value or 0)
        bar_top = top + LABEL
        chart.bars.append(
            Shape(chart.x(0, length), bar_top, round(length, 1), BAR, f"{css} {extra}".strip())
        )
        chart.texts.append(Text(chart.x(length + 6), bar_top + BAR - 4, text, css="small"))
    return chart


def paired_chart(*, id, title, description, items, legend) -> Chart:
    """Two bars per item, e.g. planned and spent: `items` are (label, first, second, css)
    where first and second are (value, value as written); `legend` names the two bars."""
    half = 12  # two thinner bars, each with its value beside it
    row_height = LABEL + 2 * half + 2 + GAP
    chart = Chart(
        id,
        title,
        description,
        height=2 * PAD + row_height * len(items) + 20,
        rtl=bidi(),
    )
    values = [pair[0] for _label, *pairs, _css in items for pair in pairs]
    scale = _scale(values, _room(chart))
    for row, (label, first, second, extra) in enumerate(items):
        top = PAD + row * row_height
        _row_label(chart, top, label, extra)
        for index, (value, text) in enumerate((first, second)):
            length = scale(value or 0)
            y = top + LABEL + index * (half + 2)
            chart.bars.append(
                Shape(chart.x(0, length), y, round(length, 1), half, f"bar {PAIRED[index]}")
            )
            chart.texts.append(Text(chart.x(length + 6), y + half - 2, text, css="small"))
    # The legend, on the last row: a swatch and its words for each bar.
    top = PAD + len(items) * row_height
    for index, words in enumerate(legend):
        start = index * WIDTH / 2
        chart.bars.append(Shape(chart.x(start, 14), top, 14, 14, f"bar {PAIRED[index]}"))
        chart.texts.append(Text(chart.x(start + 20), top + 12, words, css="small"))
    return chart


def progress_chart(*, id, title, description, points, today=None) -> Chart | None:
    """Progress (0–100 %) over time as a step line; None with fewer than two points."""
    if len(points) < 2:
        return None
    today = today or timezone.localdate()
    chart = Chart(id, title, description, height=200, rtl=bidi())
    left, right, top, bottom = 48, WIDTH - 12, 16, 160
    first = points[0][0]
    span = max((today - first).days, 1)

    def x(day: datetime.date) -> float:
        return chart.x(left + (right - left) * (day - first).days / span)

    def y(value) -> float:
        return round(bottom - (bottom - top) * float(value) / 100, 1)

    for value in (0, 50, 100):
        chart.lines.append(Shape(chart.x(left), y(value), chart.x(right), y(value), "grid"))
        chart.texts.append(Text(chart.x(left - 8), y(value) + 4, percent(value), "end", "small"))
    steps = []
    for index, (day, value) in enumerate(points):
        if index:
            steps.append(f"{x(day)},{y(points[index - 1][1])}")
        steps.append(f"{x(day)},{y(value)}")
        chart.dots.append(Shape(x(day), y(value)))
    steps.append(f"{x(today)},{y(points[-1][1])}")
    chart.points = " ".join(steps)
    chart.texts.append(Text(chart.x(left), bottom + 24, partial_date(first), "start", "small"))
    chart.texts.append(Text(chart.x(right), bottom + 24, partial_date(today), "end", "small"))
    return chart


def _room(chart: Chart) -> float:
    return chart.width - VALUE_WIDTH


def _row_label(chart: Chart, top: float, label: str, css: str = ""):
    chart.texts.append(
        Text(
            chart.x(0),
            top + LABEL - 5,
            Truncator(label).chars(LABEL_CHARS),
            "start",
            css,
        )
    )
