"""Geometry for the dashboard's charts: where each bar, tick and label goes, in SVG user units.

The templates draw it as inline SVG (partials/_chart_*.html) with classes
for colours, so a page needs no script and no inline style: it renders under
a strict Content-Security-Policy and prints as it shows.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from html import escape

from django.utils.safestring import mark_safe

# About the width a chart is drawn at on a 1280 px screen, so 12 units read as 12 px.
WIDTH = 560
HEIGHT = 210
LEFT, RIGHT, TOP, BOTTOM = 44, 12, 22, 34
MAX_BAR = 48
MAX_X_LABELS = 8


@dataclass(frozen=True)
class Series:
    """One layer of a stacked chart: its name (legend), CSS class and a value per category."""

    name: str
    css: str
    values: list[float]


def _u(value: float) -> str:
    """A coordinate as the SVG gets it: formatted here, so the template does not localize every number."""
    return f"{value:.1f}"


@dataclass(frozen=True)
class Mark:
    """A rectangle or a point, with the text a pointer shows over it and the list it links to."""

    x: str
    y: str
    width: str
    height: str
    css: str
    title: str
    href: str = ""


@dataclass(frozen=True)
class Tick:
    position: str
    label: str


@dataclass(frozen=True)
class Label:
    x: str
    y: str
    text: str


@dataclass
class Plot:
    kind: str  # "columns", "rows" or "line"
    width: int
    height: int
    marks: list[Mark] = field(default_factory=list)
    value_ticks: list[Tick] = field(default_factory=list)
    category_ticks: list[Tick] = field(default_factory=list)
    legend: list[Series] = field(default_factory=list)
    polyline: str = ""
    labels: list[Label] = field(default_factory=list)
    left: int = LEFT
    top: int = TOP
    right_edge: int = WIDTH - RIGHT
    bottom_edge: int = HEIGHT - BOTTOM
    value_label: str = ""

    @property
    def marks_html(self) -> str:
        """The bars or points, each a link with its text for the pointer, every value escaped.

        Built here rather than in a template loop (or format_html, which wraps
        every value lazily): a page holds several hundred of them, and their
        escaping was most of the page's rendering time.
        """
        if self.kind == "line":
            template = ('<a href="{0}" tabindex="-1" aria-label="{6}"><circle class="{1}" cx="{2}" cy="{3}" r="4">'
                        "<title>{6}</title></circle></a>")
        else:
            template = ('<a href="{0}" tabindex="-1" aria-label="{6}"><rect class="{1}" x="{2}" y="{3}" width="{4}" '
                        'height="{5}"><title>{6}</title></rect></a>')
        return mark_safe("".join(  # noqa: S308 (every value goes through escape())
            template.format(*(escape(value) for value in (m.href, m.css, m.x, m.y, m.width, m.height, m.title)))
            for m in self.marks
        ))


def nice_scale(largest: float, ticks: int = 4) -> tuple[float, float]:
    """A round top for the value axis and its step (1, 2 or 5 times a power of ten)."""
    if largest <= 0:
        return 1.0, 1.0
    raw = largest / ticks
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    if step < 1 and largest >= 1:
        step = 1.0
    return step * math.ceil(largest / step), step


def _number(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def _value_ticks(top: float, step: float, to_position) -> list[Tick]:
    count = round(top / step)
    return [Tick(_u(to_position(step * n)), _number(step * n)) for n in range(count + 1)]


def columns(categories: list[str], series: list[Series], *, hrefs: list[str], titles: list[str],
            value_label: str = "") -> Plot:
    """Vertical stacked bars, one per category (days, weeks), the first series at the bottom."""
    plot = Plot("columns", WIDTH, HEIGHT, legend=series, value_label=value_label)
    totals = [sum(s.values[i] for s in series) for i in range(len(categories))]
    top, step = nice_scale(max(totals, default=0))
    span = plot.bottom_edge - plot.top
    slot = (plot.right_edge - plot.left) / max(len(categories), 1)
    gap = max(min(slot * 0.2, 4), slot - MAX_BAR)

    def y_of(value: float) -> float:
        return plot.bottom_edge - span * value / top

    plot.value_ticks = _value_ticks(top, step, y_of)
    for i, _category in enumerate(categories):
        base = 0.0
        for s in series:
            value = s.values[i]
            height = span * value / top
            if value:
                plot.marks.append(Mark(
                    x=_u(plot.left + slot * i + gap / 2), y=_u(y_of(base + value)), width=_u(slot - gap),
                    height=_u(height), css=s.css, title=f"{titles[i]}: {_number(value)} {s.name}", href=hrefs[i],
                ))
            base += value
    every = max(1, math.ceil(len(categories) / MAX_X_LABELS))
    plot.category_ticks = [
        Tick(_u(plot.left + slot * (i + 0.5)), label) for i, label in enumerate(categories) if i % every == 0
    ]
    return plot


ROW_HEIGHT = 26


def rows(categories: list[str], series: list[Series], *, hrefs: list[str], value_label: str = "") -> Plot:
    """Horizontal stacked bars, one row per category (statuses, reviewers, ratings); labels sit on the left."""
    label_width = 150
    height = TOP + BOTTOM + ROW_HEIGHT * max(len(categories), 1)
    plot = Plot("rows", WIDTH, height, legend=series, left=label_width, bottom_edge=height - BOTTOM,
                value_label=value_label)
    totals = [sum(s.values[i] for s in series) for i in range(len(categories))]
    top, step = nice_scale(max(totals, default=0))
    span = plot.right_edge - plot.left

    def x_of(value: float) -> float:
        return plot.left + span * value / top

    plot.value_ticks = _value_ticks(top, step, x_of)
    for i, category in enumerate(categories):
        base, y = 0.0, plot.top + ROW_HEIGHT * i + 4
        for s in series:
            value = s.values[i]
            if value:
                plot.marks.append(Mark(
                    x=_u(x_of(base)), y=_u(y), width=_u(span * value / top), height=_u(ROW_HEIGHT - 8), css=s.css,
                    title=f"{category}: {_number(value)} {s.name}", href=hrefs[i],
                ))
            base += value
        plot.category_ticks.append(Tick(_u(y + (ROW_HEIGHT - 8) / 2), category))
    return plot


MAX_POINT_LABELS = 16


def line(categories: list[str], values: list[float | None], *, low: float, high: float, hrefs: list[str],
         titles: list[str], css: str, point_labels: list[str] | None = None, value_label: str = "") -> Plot:
    """Points joined by a line on a fixed value range (alpha: -1 to 1); a missing value is skipped.

    ``point_labels`` are written beside the points (the number of claims behind
    each), while there are few enough points to read them.
    """
    plot = Plot("line", WIDTH, HEIGHT, value_label=value_label)
    span = plot.bottom_edge - plot.top
    slot = (plot.right_edge - plot.left) / max(len(categories), 1)

    def y_of(value: float) -> float:
        return plot.bottom_edge - span * (value - low) / (high - low)

    step = (high - low) / 4
    plot.value_ticks = [Tick(_u(y_of(low + step * n)), f"{low + step * n:.1f}") for n in range(5)]
    points = []
    for i, value in enumerate(values):
        if value is None:
            continue
        x, y = plot.left + slot * (i + 0.5), y_of(max(low, min(high, value)))
        points.append(f"{_u(x)},{_u(y)}")
        plot.marks.append(Mark(x=_u(x), y=_u(y), width="4", height="4", css=css, title=titles[i], href=hrefs[i]))
        if point_labels and len(categories) <= MAX_POINT_LABELS:
            plot.labels.append(Label(_u(x), _u(y - 9 if y > plot.top + 14 else y + 16), point_labels[i]))
    plot.polyline = " ".join(points)
    every = max(1, math.ceil(len(categories) / MAX_X_LABELS))
    plot.category_ticks = [
        Tick(_u(plot.left + slot * (i + 0.5)), label) for i, label in enumerate(categories) if i % every == 0
    ]
    return plot
