"""A small scatter chart in SVG, drawn by gecli: each plan's target against its parent's.

Deterministic (same points, same bytes: coordinates rounded to 0.1 px, points sorted) and
self-contained (no script, no font file: text uses the page's font). Colours come from the
page's stylesheet through class names (``pt s``, ``pt w`` …), so the matrix and the charts
share one palette. Every text is escaped here: names come from plan files.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal
from markupsafe import escape

from gecli.catalog import Direction
from gecli.quantity import format_number

WIDTH, HEIGHT = 320, 250
LEFT, RIGHT, TOP, BOTTOM = 46, 50, 12, 44
PLOT_W, PLOT_H = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM


@dataclass(frozen=True)
class Point:
    """Plans with the same pair of figures and the same verdict, drawn as one marker."""

    x: Decimal  # the parent's figure
    y: Decimal  # the plan's figure
    verdict: str  # class of the verdict: "s" stronger, "e" equal, "w" weaker
    count: int
    tooltip: str  # plain text (escaped when drawn)


@dataclass(frozen=True)
class Line:
    """A horizontal reference: the national milestone for a year."""

    y: Decimal
    label: str  # short, drawn at the line's end: "QG 2025"
    tooltip: str


def _nice_step(span: float) -> float:
    raw = span / 4
    magnitude = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * magnitude:
            return factor * magnitude
    return 10 * magnitude


def _domain(values: list[Decimal]) -> tuple[float, float, float]:
    """The range both axes show (a margin around the values, so no point sits on the
    frame) and the step between ticks."""
    low, high = float(min(values)), float(max(values))
    span = high - low
    if span < 1e-9:
        span = abs(low) * 0.2 or 2.0
        low, high = low - span / 2, high + span / 2
    margin = span * 0.1
    low, high = low - margin, high + margin
    return low, high, _nice_step(high - low)


def _number(value: float, lang: str) -> str:
    return format_number(Decimal(repr(round(value, 6))).normalize(), lang)


def _f(value: float) -> str:
    """A coordinate: one decimal, no "-0.0"."""
    text = f"{value:.1f}"
    return "0.0" if text == "-0.0" else text


def scatter(
    points: list[Point],
    lines: list[Line],
    direction: Direction,
    x_label: str,
    y_label: str,
    lang: str,
    title: str,
) -> str:
    """The chart as an ``<svg>`` element; ``points`` and ``lines`` as given (sorted by the caller)."""
    values = [p.x for p in points] + [p.y for p in points] + [line.y for line in lines]
    low, high, step = _domain(values)

    def px(value: Decimal | float) -> float:
        return LEFT + (float(value) - low) / (high - low) * PLOT_W

    def py(value: Decimal | float) -> float:
        return TOP + PLOT_H - (float(value) - low) / (high - low) * PLOT_H

    out = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" role="img" '
        f'aria-label="{escape(title)}">'
    ]
    x0, x1, y0, y1 = _f(px(low)), _f(px(high)), _f(py(low)), _f(py(high))
    # The half where a plan is weaker than its parent, tinted.
    if direction is Direction.HIGHER:
        out.append(f'<path class="weak-zone" d="M{x0} {y0}L{x1} {y0}L{x1} {y1}Z"/>')
    elif direction is Direction.LOWER:
        out.append(f'<path class="weak-zone" d="M{x0} {y0}L{x0} {y1}L{x1} {y1}Z"/>')
    out.append(f'<rect class="frame" x="{x0}" y="{y1}" width="{_f(PLOT_W)}" height="{_f(PLOT_H)}"/>')
    ticks = []
    first = math.ceil(low / step - 1e-9)
    for index in range(first, math.floor(high / step + 1e-9) + 1):
        tick = index * step
        label = escape(_number(tick, lang))
        tx, ty = _f(px(tick)), _f(py(tick))
        ticks.append(f'<path class="grid" d="M{tx} {y0}V{y1}M{x0} {ty}H{x1}"/>')
        ticks.append(f'<text class="tick" x="{tx}" y="{_f(TOP + PLOT_H + 13)}" text-anchor="middle">{label}</text>')
        ticks.append(f'<text class="tick" x="{_f(LEFT - 4)}" y="{_f(py(tick) + 3.5)}" text-anchor="end">{label}</text>')
    out += ticks
    out.append(f'<path class="diagonal" d="M{x0} {y0}L{x1} {y1}"/>')
    for line in lines:
        y = _f(py(line.y))
        out.append(
            f'<g class="milestone"><title>{escape(line.tooltip)}</title>'
            f'<path d="M{x0} {y}H{x1}"/><text x="{_f(px(high) + 3)}" y="{_f(py(line.y) + 3.5)}">'
            f"{escape(line.label)}</text></g>"
        )
    for point in points:
        x, y = px(point.x), py(point.y)
        size = min(5 + 1.2 * math.log2(point.count), 9)  # grows with the plans it stands for, not over its neighbours
        out.append(f'<g class="pt {point.verdict}"><title>{escape(point.tooltip)}</title>{_marker(point.verdict, x, y, size)}')
        if point.count > 1:
            out.append(f'<text x="{_f(x + size + 2)}" y="{_f(y - size + 4)}">{point.count}</text>')
        out.append("</g>")
    out.append(
        f'<text class="axis" x="{_f(LEFT + PLOT_W / 2)}" y="{HEIGHT - 8}" text-anchor="middle">{escape(x_label)}</text>'
        f'<text class="axis" transform="translate(12 {_f(TOP + PLOT_H / 2)}) rotate(-90)" text-anchor="middle">{escape(y_label)}</text>'
    )
    out.append("</svg>")
    return "".join(out)


def _marker(verdict: str, x: float, y: float, size: float) -> str:
    """▲ stronger, ▼ weaker, ● equal: the shape says the verdict without its colour."""
    if verdict == "s":
        return f'<path d="M{_f(x)} {_f(y - size)}L{_f(x + size)} {_f(y + size * 0.8)}L{_f(x - size)} {_f(y + size * 0.8)}Z"/>'
    if verdict == "w":
        return f'<path d="M{_f(x)} {_f(y + size)}L{_f(x + size)} {_f(y - size * 0.8)}L{_f(x - size)} {_f(y - size * 0.8)}Z"/>'
    return f'<circle cx="{_f(x)}" cy="{_f(y)}" r="{_f(size * 0.8)}"/>'
