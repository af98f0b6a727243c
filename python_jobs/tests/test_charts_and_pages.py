"""Inline SVG charts and HTML pages: self-contained, escaped, and scaled to their data."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from python_jobs import charts, html_page
from python_jobs.evaluation.metrics import wilson_interval

pytestmark = pytest.mark.smoke


@pytest.mark.parametrize("low,high", [(0, 0.587), (4.02, 5.31), (-2.5, 7), (0, 1), (3, 3)])
def test_ticks_cover_the_data(low: float, high: float) -> None:
    ticks = charts._nice_ticks(low, high)
    assert ticks[0] <= low and ticks[-1] >= high
    assert len(ticks) <= 12


def test_line_chart_draws_one_polyline_per_series_inside_the_plot() -> None:
    svg = charts.line_chart("mae", "MAE <weekly>", {
        "gbm": [(dt.date(2025, 12, d), 4.0 + d / 100) for d in range(1, 15)],
        "line": [(dt.date(2025, 12, d), 5.1) for d in range(1, 15)],
    })
    assert svg.count('class="series"') == 2
    assert "MAE &lt;weekly&gt;" in svg  # titles are escaped
    ys = [float(y) for y in re.findall(r",(\d+\.\d)", svg.split('class="series"')[1].split("/>")[0])]
    assert all(charts.MARGIN_TOP <= y <= charts.HEIGHT - charts.MARGIN_BOTTOM for y in ys)


def test_bar_chart_bars_stay_inside_the_axis_and_empty_charts_say_so() -> None:
    svg = charts.bar_chart("hit", "Hit rate", ["1-2", "2-3"], [0.587, 0.61], reference=0.524)
    tops = [float(y) for y in re.findall(r'class="bar" x="[\d.]+" y="([\d.]+)"', svg)]
    assert len(tops) == 2 and all(t >= charts.MARGIN_TOP for t in tops)
    assert "no data yet" in charts.bar_chart("e", "Empty", [], [])
    assert "no data yet" in charts.line_chart("e", "Empty", {"a": []})


def test_page_is_self_contained_and_colours_statuses() -> None:
    page = html_page.page("T", "sub", [("Health", html_page.table(
        ["phase", "status"], [["3", "HEALTHY"], ["4", "CRITICAL"], ["<script>", "odd"]], status_column="status"))])
    assert "http://" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "<script>" not in page  # values are escaped
    assert "#d8f0d8" in page and "#f8d0d0" in page


def test_wilson_interval_brackets_the_rate() -> None:
    low, high = wilson_interval(58, 100)
    assert low < 0.58 < high
    assert round(low, 3) == 0.482 and round(high, 3) == 0.672
    assert wilson_interval(0, 0) is None
