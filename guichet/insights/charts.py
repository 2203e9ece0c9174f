"""Charts of the dashboards drawn on the server as SVG: bars, lines, stacked bars and a map of the 12 regions.

Each takes plain data (labels and numbers), so it knows nothing of the roll-up tables, and returns a Chart: the
SVG (role="img", named by its <title> and <desc>) and the same figures as a table, which
templates/insights/charts/figure.html draws side by side. Nothing is fetched and no script runs.

Right to left: a chart is laid out left to right, then mirrored when the language is written right to left
(Arabic): the labels go to the right, bars grow to the left and months run from right to left. The texts are
<text> elements with the language's direction, so the browser shapes Arabic. The map is never mirrored
(geography is not), only its legend's texts change direction.

Colours pass WCAG AA: bars and lines are at least 3:1 on white, every text at least 4.5:1 on what is behind it,
and the map's legend prints each shade's range of values: colour is never the only way to read a figure.
"""

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext as _

from guichet.common.l10n import format_number

Number = int | float

INK, MUTED, GRID, PAPER = "#1b1f23", "#4d555e", "#b6bec7", "#ffffff"
# Series colours: each at least 3:1 on white and 4.5:1 under white text (the figures printed inside stacks).
PALETTE = ("#0b5c3b", "#0a4f86", "#8a4b08", "#6b3fa0", "#a4161a", "#35505e")
# The map's shades, light to dark, each with the colour of the text written on it (4.5:1 or more).
SHADES = (("#e8f3ec", INK), ("#b7dcc4", INK), ("#6fb38a", INK), ("#2e7d4f", PAPER), ("#0b4a2e", PAPER))
FONT = 13
WIDTH = 640


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[Number | None]


@dataclass(frozen=True)
class Chart:
    id: str  # unique on the page: the SVG's title and the table are named after it
    title: str
    description: str
    svg: SafeString
    columns: list[str]
    rows: list[list[str | Number | None]] = field(default_factory=list)

    def table(self) -> list[list[str]]:
        """The table's rows as the reader's language writes the numbers (a dash for no figure)."""
        return [[str(row[0]), *(_shown(value) for value in row[1:])] for row in self.rows]


class _Canvas:
    """SVG elements laid out left to right, mirrored on output when the language is right to left."""

    def __init__(self, width: float, *, mirror: bool) -> None:
        self.width, self.mirror = width, mirror
        self.parts: list[SafeString] = []
        self.direction = "rtl" if get_language_bidi() else "ltr"

    def x(self, x: float, width: float = 0) -> float:
        return round(self.width - x - width, 1) if self.mirror else round(x, 1)

    def rect(self, x: float, y: float, width: float, height: float, fill: str, stroke: str = "none") -> None:
        self.parts.append(
            format_html(
                '<rect x="{}" y="{}" width="{}" height="{}" fill="{}" stroke="{}"/>',
                self.x(x, width),
                round(y, 1),
                round(max(width, 0), 1),
                round(height, 1),
                fill,
                stroke,
            )
        )

    def line(self, x1: float, y1: float, x2: float, y2: float, stroke: str = GRID, width: float = 1) -> None:
        self.parts.append(
            format_html(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="{}"/>',
                self.x(x1),
                round(y1, 1),
                self.x(x2),
                round(y2, 1),
                stroke,
                width,
            )
        )

    def text(
        self, x: float, y: float, text: str, *, anchor: str = "start", fill: str = INK, bold: bool = False
    ) -> None:
        """`anchor` is logical: "start" runs toward the end of the line in the language's direction."""
        self.parts.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="{}" direction="{}" fill="{}" font-size="{}"{}>{}</text>',
                self.x(x),
                round(y, 1),
                anchor,
                self.direction,
                fill,
                FONT,
                mark_safe(' font-weight="bold"') if bold else "",
                text,
            )
        )

    def raw(self, element: SafeString) -> None:
        self.parts.append(element)

    def svg(self, chart_id: str, title: str, description: str, height: float) -> SafeString:
        return format_html(
            '<svg xmlns="http://www.w3.org/2000/svg" class="chart-svg" viewBox="0 0 {} {}" role="img" '
            'aria-labelledby="{}-title {}-desc"><title id="{}-title">{}</title><desc id="{}-desc">{}</desc>{}</svg>',
            round(self.width),
            round(height),
            chart_id,
            chart_id,
            chart_id,
            title,
            chart_id,
            description,
            mark_safe("".join(self.parts)),  # noqa: S308 - every part built with format_html
        )


def _ceiling(value: float) -> float:
    """A round top for a value axis: 1, 2, 2.5 or 5 times a power of ten, at or above the value."""
    if value <= 0:
        return 1
    power = 10 ** (len(str(int(value))) - 1)
    return next(step * power for step in (1, 2, 2.5, 5, 10) if step * power >= value)


def bar_chart(
    *,
    chart_id: str,
    title: str,
    description: str,
    items: Sequence[tuple[str, Number | None]],
    label_heading: str,
    value_heading: str,
) -> Chart:
    """Horizontal bars, one per label (e.g. per region), the value printed at the end of each bar."""
    row, label_width, value_room, top = 28, 210, 90, 8
    plot = WIDTH - label_width - value_room
    top_value = _ceiling(max((value or 0 for _, value in items), default=0))
    canvas = _Canvas(WIDTH, mirror=get_language_bidi())
    for index, (label, value) in enumerate(items):
        y = top + index * row
        canvas.text(label_width - 8, y + 18, label, anchor="end")
        length = plot * (value or 0) / top_value
        if value is not None:
            canvas.rect(label_width, y + 4, length, row - 10, PALETTE[0])
        canvas.text(label_width + length + 6, y + 18, _shown(value))
    canvas.line(label_width, top, label_width, top + len(items) * row, stroke=MUTED)
    height = top * 2 + len(items) * row
    rows: list[list[str | Number | None]] = [[label, value] for label, value in items]
    return Chart(
        chart_id,
        title,
        description,
        canvas.svg(chart_id, title, description, height),
        [label_heading, value_heading],
        rows,
    )


def line_chart(
    *, chart_id: str, title: str, description: str, labels: Sequence[str], series: Sequence[Series], label_heading: str
) -> Chart:
    """One line per series over the labels (e.g. months), with a value axis and a legend."""
    left, right, top, plot_height = 70, 20, 16 + 22 * len(series), 200
    plot = WIDTH - left - right
    values = [value for one in series for value in one.values if value is not None]
    top_value = _ceiling(max(values, default=0))
    canvas = _Canvas(WIDTH, mirror=get_language_bidi())
    _legend(canvas, series, top=8)
    for step in range(5):
        y = top + plot_height - plot_height * step / 4
        canvas.line(left, y, WIDTH - right, y, stroke=GRID if step else MUTED)
        canvas.text(left - 6, y + 4, _shown(_whole(top_value * step / 4)), anchor="end", fill=MUTED)
    gap = plot / max(len(labels) - 1, 1)
    for index, label in enumerate(labels):
        canvas.text(left + index * gap, top + plot_height + 18, label, anchor="middle", fill=MUTED)
    for colour, one in zip(itertools.cycle(PALETTE), series, strict=False):
        points = [
            (canvas.x(left + index * gap), round(top + plot_height - plot_height * value / top_value, 1))
            for index, value in enumerate(one.values)
            if value is not None
        ]
        canvas.raw(
            format_html(
                '<polyline points="{}" fill="none" stroke="{}" stroke-width="3"/>',
                " ".join(f"{x},{y}" for x, y in points),
                colour,
            )
        )
        for x, y in points:
            canvas.raw(format_html('<circle cx="{}" cy="{}" r="4" fill="{}"/>', x, y, colour))
    height = top + plot_height + 30
    rows: list[list[str | Number | None]] = [
        [label, *(one.values[index] if index < len(one.values) else None for one in series)]
        for index, label in enumerate(labels)
    ]
    return Chart(
        chart_id,
        title,
        description,
        canvas.svg(chart_id, title, description, height),
        [label_heading, *(one.name for one in series)],
        rows,
    )


def stacked_bar_chart(
    *,
    chart_id: str,
    title: str,
    description: str,
    categories: Sequence[str],
    series: Sequence[Series],
    label_heading: str,
    total_heading: str,
) -> Chart:
    """One horizontal bar per category, cut into one segment per series, with the total at the end."""
    row, label_width, value_room = 30, 200, 90
    top = 16 + 22 * len(series)
    plot = WIDTH - label_width - value_room
    totals = [sum(one.values[index] or 0 for one in series) for index in range(len(categories))]
    top_value = _ceiling(max(totals, default=0))
    canvas = _Canvas(WIDTH, mirror=get_language_bidi())
    _legend(canvas, series, top=8)
    for index, category in enumerate(categories):
        y = top + index * row
        canvas.text(label_width - 8, y + 19, category, anchor="end")
        start = float(label_width)
        for colour, one in zip(itertools.cycle(PALETTE), series, strict=False):
            value = one.values[index] or 0
            length = plot * value / top_value
            canvas.rect(start, y + 4, length, row - 10, colour, stroke=PAPER)
            if value and length > 8 * len(format_number(value)) + 6:
                canvas.text(start + length / 2, y + 19, format_number(value), anchor="middle", fill=PAPER)
            start += length
        canvas.text(start + 6, y + 19, format_number(totals[index]), bold=True)
    height = top + len(categories) * row + 8
    rows: list[list[str | Number | None]] = [
        [category, *(one.values[index] for one in series), totals[index]] for index, category in enumerate(categories)
    ]
    return Chart(
        chart_id,
        title,
        description,
        canvas.svg(chart_id, title, description, height),
        [label_heading, *(one.name for one in series), total_heading],
        rows,
    )


def _legend(canvas: _Canvas, series: Sequence[Series], *, top: float) -> None:
    for index, (colour, one) in enumerate(zip(itertools.cycle(PALETTE), series, strict=False)):
        y = top + index * 22
        canvas.rect(8, y, 16, 16, colour)
        canvas.text(30, y + 13, one.name)


# The 12 regions on a grid of tiles (column, row) roughly where they lie: a schematic map, not a survey.
REGION_TILES: dict[str, tuple[int, int]] = {
    "MA-01": (1, 0),  # Tanger-Tétouan-Al Hoceïma
    "MA-04": (1, 1),  # Rabat-Salé-Kénitra
    "MA-03": (2, 1),  # Fès-Meknès
    "MA-02": (3, 1),  # L'Oriental
    "MA-06": (1, 2),  # Casablanca-Settat
    "MA-05": (2, 2),  # Béni Mellal-Khénifra
    "MA-07": (1, 3),  # Marrakech-Safi
    "MA-08": (2, 3),  # Drâa-Tafilalet
    "MA-09": (1, 4),  # Souss-Massa
    "MA-10": (0, 5),  # Guelmim-Oued Noun
    "MA-11": (0, 6),  # Laâyoune-Sakia El Hamra
    "MA-12": (0, 7),  # Dakhla-Oued Ed-Dahab
}
TILE_WIDTH, TILE_HEIGHT, TILE_GAP = 170, 66, 6


def region_map(
    *,
    chart_id: str,
    title: str,
    description: str,
    names: Mapping[str, str],
    values: Mapping[str, Number | None],
    region_heading: str,
    value_heading: str,
) -> Chart:
    """The 12 regions as tiles (`names`: ISO code → name), each shaded by its value with the value printed in it,
    and a legend giving each shade's range. A region without a value is white, with a dash."""
    known = [value for value in values.values() if value is not None]
    bounds = _classes(max(known, default=0))
    canvas = _Canvas(4 * (TILE_WIDTH + TILE_GAP), mirror=False)
    for code, (column, row) in REGION_TILES.items():
        x, y = column * (TILE_WIDTH + TILE_GAP), row * (TILE_HEIGHT + TILE_GAP)
        value = values.get(code)
        fill, ink = (PAPER, INK) if value is None else SHADES[_shade(value, bounds)]
        canvas.rect(x, y, TILE_WIDTH, TILE_HEIGHT, fill, stroke=MUTED)
        for line_number, part in enumerate(_two_lines(names.get(code, code))):
            canvas.text(x + TILE_WIDTH / 2, y + 18 + line_number * 16, part, anchor="middle", fill=ink)
        canvas.text(x + TILE_WIDTH / 2, y + TILE_HEIGHT - 10, _shown(value), anchor="middle", fill=ink, bold=True)
    # The legend, where the ocean leaves room (beside the southern regions). The map is not mirrored, but in a
    # right-to-left language the legend is: each swatch at the right, its text running leftwards from it.
    left = TILE_WIDTH + TILE_GAP + 24
    right = left + 2 * (TILE_WIDTH + TILE_GAP)
    swatch_x, text_x = (right - 22, right - 30) if get_language_bidi() else (left, left + 30)
    top = 5 * (TILE_HEIGHT + TILE_GAP) + 14
    canvas.text(right if get_language_bidi() else left, top, value_heading, bold=True)
    legend = [
        (fill, _("%(low)s to %(high)s") % {"low": format_number(low), "high": format_number(high)})
        for (fill, _ink), (low, high) in zip(SHADES, bounds, strict=True)
    ]
    for index, (fill, text) in enumerate([*legend, (PAPER, _("no figure"))]):
        y = top + 12 + index * 26
        canvas.rect(swatch_x, y, 22, 20, fill, stroke=MUTED)
        canvas.text(text_x, y + 15, text)
    canvas.text(
        right if get_language_bidi() else left,
        top + 12 + 6 * 26 + 20,
        _("Schematic map: one tile per region."),
        fill=MUTED,
    )
    height = 8 * (TILE_HEIGHT + TILE_GAP) + 40
    rows: list[list[str | Number | None]] = [[names.get(code, code), values.get(code)] for code in sorted(REGION_TILES)]
    return Chart(
        chart_id,
        title,
        description,
        canvas.svg(chart_id, title, description, height),
        [region_heading, value_heading],
        rows,
    )


def _classes(top: Number) -> list[tuple[int, int]]:
    """Five ranges of whole numbers from 0 to a round top: (0, 199), (200, 399), … (800, 1000)."""
    ceiling = int(_ceiling(top)) if top > 5 else 5
    step = max(ceiling // 5, 1)
    return [(index * step, (index + 1) * step - 1 if index < 4 else ceiling) for index in range(5)]


def _shade(value: Number, bounds: list[tuple[int, int]]) -> int:
    return next((index for index, (_low, high) in enumerate(bounds) if value <= high), len(bounds) - 1)


def _two_lines(name: str) -> list[str]:
    """A long region name on two lines, cut at the hyphen or space nearest its middle."""
    if len(name) <= 20:
        return [name]
    cuts = [index for index, char in enumerate(name) if char in "- "]
    if not cuts:
        return [name]
    cut = min(cuts, key=lambda index: abs(index - len(name) / 2))
    return [name[: cut + 1].strip(), name[cut + 1 :].strip()]


def _whole(value: float) -> Number:
    return int(value) if float(value).is_integer() else value


def _shown(value: object) -> str:
    if value is None:
        return "—"
    return value if isinstance(value, str) else format_number(value)  # type: ignore[arg-type]
