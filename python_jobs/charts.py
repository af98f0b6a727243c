"""Dependency-free inline SVG charts for the self-contained HTML pages (report, dashboard).

Pages must open with no network, so charts are plain SVG strings: no JavaScript, no fonts, no
external files. Every chart carries ``class="chart"`` and ``data-chart=<name>`` so browser tests
can find it.
"""

from __future__ import annotations

import datetime as dt
import html
import math
from collections.abc import Mapping, Sequence

PALETTE = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f")
WIDTH, HEIGHT = 720, 300
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 56, 150, 34, 42

Point = tuple[float | dt.date, float]


def _x_value(x: float | dt.date) -> float:
    return float(x.toordinal()) if isinstance(x, dt.date) else float(x)


def _nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values covering [low, high]."""
    if high <= low:
        high = low + 1.0
    raw = (high - low) / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = min((m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw), default=raw)
    start = math.floor(low / step) * step
    ticks = [round(start, 10)]
    while ticks[-1] < high - step * 1e-9:  # the last tick is the first at or above high
        ticks.append(round(ticks[-1] + step, 10))
    return ticks


def _label(value: float, is_date: bool) -> str:
    if is_date:
        return dt.date.fromordinal(int(round(value))).strftime("%b %d")
    return f"{value:g}" if abs(value) >= 0.01 or value == 0 else f"{value:.3f}"


def _frame(name: str, title: str, body: list[str]) -> str:
    head = (f'<svg class="chart" data-chart="{html.escape(name)}" xmlns="http://www.w3.org/2000/svg" '
            f'viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" role="img" '
            f'aria-label="{html.escape(title)}">')
    title_el = (f'<text x="{MARGIN_LEFT}" y="20" font-size="14" font-weight="bold" '
                f'font-family="sans-serif">{html.escape(title)}</text>')
    return "\n".join([head, title_el, *body, "</svg>"])


def _empty(name: str, title: str) -> str:
    return _frame(name, title, [f'<text x="{WIDTH / 2}" y="{HEIGHT / 2}" text-anchor="middle" '
                                'font-family="sans-serif" fill="#777">no data yet</text>'])


def line_chart(name: str, title: str, series: Mapping[str, Sequence[Point]], *, y_label: str = "",
               x_label: str = "", diagonal: bool = False, markers: bool = False,
               y_range: tuple[float, float] | None = None) -> str:
    """Lines (one per series) over numeric or date x values; ``diagonal`` draws y = x (calibration)."""
    points = [(x, y) for values in series.values() for x, y in values if y is not None]
    if not points:
        return _empty(name, title)
    is_date = isinstance(points[0][0], dt.date)
    xs = [_x_value(x) for x, _ in points]
    ys = [float(y) for _, y in points]
    x_lo, x_hi = min(xs), max(xs)
    y_lo, y_hi = y_range if y_range else (min(ys), max(ys))
    if diagonal:
        x_lo, x_hi = min(x_lo, y_lo), max(x_hi, y_hi)
        y_lo, y_hi = x_lo, x_hi
    if x_hi == x_lo:
        x_hi = x_lo + 1
    y_ticks = _nice_ticks(y_lo, y_hi)
    y_lo, y_hi = min(y_ticks[0], y_lo), max(y_ticks[-1], y_hi)
    plot_w = WIDTH - MARGIN_LEFT - MARGIN_RIGHT
    plot_h = HEIGHT - MARGIN_TOP - MARGIN_BOTTOM

    def sx(x: float) -> float:
        return MARGIN_LEFT + (x - x_lo) / (x_hi - x_lo) * plot_w

    def sy(y: float) -> float:
        return MARGIN_TOP + plot_h - (y - y_lo) / ((y_hi - y_lo) or 1) * plot_h

    body = [f'<rect x="{MARGIN_LEFT}" y="{MARGIN_TOP}" width="{plot_w}" height="{plot_h}" '
            'fill="none" stroke="#ccc"/>']
    for tick in y_ticks:
        body.append(f'<line x1="{MARGIN_LEFT}" x2="{MARGIN_LEFT + plot_w}" y1="{sy(tick):.1f}" '
                    f'y2="{sy(tick):.1f}" stroke="#eee"/>')
        body.append(f'<text x="{MARGIN_LEFT - 6}" y="{sy(tick) + 4:.1f}" text-anchor="end" font-size="11" '
                    f'font-family="sans-serif">{_label(tick, False)}</text>')
    for tick in _nice_ticks(x_lo, x_hi, 6):
        if x_lo <= tick <= x_hi:
            body.append(f'<text x="{sx(tick):.1f}" y="{MARGIN_TOP + plot_h + 16}" text-anchor="middle" '
                        f'font-size="11" font-family="sans-serif">{_label(tick, is_date)}</text>')
    if x_label:
        body.append(f'<text x="{MARGIN_LEFT + plot_w / 2}" y="{HEIGHT - 6}" text-anchor="middle" '
                    f'font-size="11" font-family="sans-serif">{html.escape(x_label)}</text>')
    if y_label:
        body.append(f'<text x="14" y="{MARGIN_TOP + plot_h / 2}" text-anchor="middle" font-size="11" '
                    f'font-family="sans-serif" transform="rotate(-90 14 {MARGIN_TOP + plot_h / 2})">'
                    f'{html.escape(y_label)}</text>')
    if diagonal:
        body.append(f'<line x1="{sx(x_lo):.1f}" y1="{sy(x_lo):.1f}" x2="{sx(x_hi):.1f}" y2="{sy(x_hi):.1f}" '
                    'stroke="#999" stroke-dasharray="4 3"/>')
    for i, (label, values) in enumerate(series.items()):
        colour = PALETTE[i % len(PALETTE)]
        pts = [(sx(_x_value(x)), sy(float(y))) for x, y in values if y is not None]
        if not pts:
            continue
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in pts)
        body.append(f'<polyline class="series" data-series="{html.escape(label)}" points="{path}" '
                    f'fill="none" stroke="{colour}" stroke-width="2"/>')
        if markers or len(pts) == 1:
            body.extend(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{colour}"/>' for x, y in pts)
        legend_y = MARGIN_TOP + 14 + 18 * i
        body.append(f'<rect x="{WIDTH - MARGIN_RIGHT + 12}" y="{legend_y - 9}" width="12" height="3" '
                    f'fill="{colour}"/>')
        body.append(f'<text x="{WIDTH - MARGIN_RIGHT + 30}" y="{legend_y - 4}" font-size="11" '
                    f'font-family="sans-serif">{html.escape(label)}</text>')
    return _frame(name, title, body)


def bar_chart(name: str, title: str, labels: Sequence[str], values: Sequence[float | None], *,
              y_label: str = "", annotations: Sequence[str] | None = None,
              reference: float | None = None, colours: Sequence[str] | None = None) -> str:
    """Vertical bars with optional text above each bar and a dashed reference line."""
    if not labels or all(v is None for v in values):
        return _empty(name, title)
    present = [float(v) for v in values if v is not None]
    y_hi = max(present + ([reference] if reference is not None else []))
    y_lo = min(0.0, *present)
    ticks = _nice_ticks(y_lo, y_hi)
    y_lo, y_hi = ticks[0], ticks[-1]
    plot_w = WIDTH - MARGIN_LEFT - MARGIN_RIGHT
    plot_h = HEIGHT - MARGIN_TOP - MARGIN_BOTTOM

    def sy(y: float) -> float:
        return MARGIN_TOP + plot_h - (y - y_lo) / ((y_hi - y_lo) or 1) * plot_h

    body = []
    for tick in ticks:
        body.append(f'<line x1="{MARGIN_LEFT}" x2="{MARGIN_LEFT + plot_w}" y1="{sy(tick):.1f}" '
                    f'y2="{sy(tick):.1f}" stroke="#eee"/>')
        body.append(f'<text x="{MARGIN_LEFT - 6}" y="{sy(tick) + 4:.1f}" text-anchor="end" font-size="11" '
                    f'font-family="sans-serif">{_label(tick, False)}</text>')
    slot = plot_w / len(labels)
    for i, (label, value) in enumerate(zip(labels, values)):
        x = MARGIN_LEFT + i * slot + slot * 0.15
        colour = (colours[i] if colours else PALETTE[0])
        if value is not None:
            top, base = sy(max(float(value), 0.0)), sy(min(float(value), 0.0))
            body.append(f'<rect class="bar" x="{x:.1f}" y="{top:.1f}" width="{slot * 0.7:.1f}" '
                        f'height="{max(base - top, 0.5):.1f}" fill="{colour}"/>')
            if annotations:
                body.append(f'<text x="{x + slot * 0.35:.1f}" y="{top - 4:.1f}" text-anchor="middle" '
                            f'font-size="10" font-family="sans-serif">{html.escape(annotations[i])}</text>')
        body.append(f'<text x="{x + slot * 0.35:.1f}" y="{MARGIN_TOP + plot_h + 16}" text-anchor="middle" '
                    f'font-size="11" font-family="sans-serif">{html.escape(label)}</text>')
    if reference is not None:
        body.append(f'<line x1="{MARGIN_LEFT}" x2="{MARGIN_LEFT + plot_w}" y1="{sy(reference):.1f}" '
                    f'y2="{sy(reference):.1f}" stroke="#d62728" stroke-dasharray="5 3"/>')
        body.append(f'<text x="{MARGIN_LEFT + plot_w + 6}" y="{sy(reference) + 4:.1f}" font-size="11" '
                    f'font-family="sans-serif" fill="#d62728">{_label(reference, False)}</text>')
    if y_label:
        body.append(f'<text x="14" y="{MARGIN_TOP + plot_h / 2}" text-anchor="middle" font-size="11" '
                    f'font-family="sans-serif" transform="rotate(-90 14 {MARGIN_TOP + plot_h / 2})">'
                    f'{html.escape(y_label)}</text>')
    return _frame(name, title, body)
